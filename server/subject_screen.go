package server

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"dossier"
	"dossier/monitor"
	"dossier/names"
	"dossier/screen"
)

// screenRequest is a subject to screen against the lists and the news.
type screenRequest struct {
	Name      string     `json:"name"`
	Schema    string     `json:"schema,omitempty"`    // Person, Organization, Company, Vessel, …; Thing for any; "": a person if birthDate or gender, else any
	BirthDate stringList `json:"birthDate,omitempty"` // ISO prefixes
	Country   stringList `json:"country,omitempty"`   // ISO codes or names
	Gender    string     `json:"gender,omitempty"`
	Threshold float64    `json:"threshold,omitempty"` // 0: the engine's default
	Limit     int        `json:"limit"`               // list hits (default 10)
	News      *int       `json:"news,omitempty"`      // documents (default 20; 0 for none)
}

// screenResponse joins list hits and adverse media.
type screenResponse struct {
	Query      screenRequest      `json:"query"`
	Hits       []scoredEntityJSON `json:"hits"`
	Total      int                `json:"total"`
	News       []newsItem         `json:"news"`
	NewsTotal  int                `json:"news_total"`
	Suppressed int                `json:"suppressed"` // hits left out: decided false positives for this subject
	SubjectKey string             `json:"subject_key"`
	IndexBuilt string             `json:"index_built"`

	// The hits and news left out as false positives, for the web UI to
	// show collapsed with their decisions.
	suppressedHits []scoredEntityJSON
	suppressedNews []newsItem
}

const (
	defaultScreenLimit = 10
	defaultNewsLimit   = 20
	maxNewsLimit       = 200
)

// handleScreen is POST /screen: the list entities that match a subject,
// and the documents about it with the claims they make about it and
// their adverse-media score. Hits and documents an analyst decided are
// false positives for this subject are left out and counted.
func (s *Server) handleScreen(w http.ResponseWriter, r *http.Request) error {
	var req screenRequest
	if err := decodeJSON(r, &req, true); err != nil {
		return err
	}
	resp, err := s.screenWithNews(r.Context(), req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

// screenWithNews validates a screen request and answers it: the one
// implementation behind POST /screen and the web UI's screening page.
func (s *Server) screenWithNews(ctx context.Context, req screenRequest) (*screenResponse, error) {
	req.Name = strings.Join(strings.Fields(req.Name), " ")
	switch {
	case req.Name == "":
		return nil, Errorf(CodeInvalid, "name: required")
	case len(req.Name) > maxValueLen:
		return nil, Errorf(CodeInvalid, "name: longer than %d bytes", maxValueLen)
	case req.Schema != "" && !knownSchemata[req.Schema]:
		return nil, Errorf(CodeInvalid, "schema %q: want Person, Organization, Company, PublicBody, LegalEntity, Vessel or Airplane", truncate(req.Schema, 32))
	case req.Limit < 0 || req.Limit > maxMatchLimit:
		return nil, Errorf(CodeInvalid, "limit: want 0 to %d", maxMatchLimit)
	case req.News != nil && (*req.News < 0 || *req.News > maxNewsLimit):
		return nil, Errorf(CodeInvalid, "news: want 0 to %d", maxNewsLimit)
	}
	q := screen.Query{Name: req.Name, Schema: req.Schema, BirthDates: req.BirthDate, Countries: req.Country, Gender: req.Gender,
		Threshold: req.Threshold, Limit: req.Limit}
	if err := q.Validate(); err != nil {
		return nil, invalidField(err, "", screenRequestField)
	}
	if req.Limit == 0 {
		req.Limit = defaultScreenLimit
	}
	newsLimit := defaultNewsLimit
	if req.News != nil {
		newsLimit = *req.News
	}
	snap, err := s.snapshotOrUnavailable()
	if err != nil {
		return nil, err
	}
	key := monitor.SubjectKey(0, req.Name, first(req.BirthDate))
	var suppressed map[string]bool
	if s.Decisions != nil {
		if suppressed, err = s.Decisions.FindSuppressed(ctx, key); err != nil {
			return nil, err
		}
	}
	subj := subject{Schema: req.Schema, Names: []string{req.Name}, BirthDates: req.BirthDate, Countries: req.Country, Gender: req.Gender}
	hits, total := snap.screenSubject(subj, matchOptions{threshold: req.Threshold, cutoff: -1, limit: req.Limit + len(suppressed)}, hitFilter{})
	resp := &screenResponse{Query: req, Hits: []scoredEntityJSON{}, News: []newsItem{}, SubjectKey: key,
		IndexBuilt: snap.built.Format("2006-01-02T15:04:05Z")}
	var listIDs []string
	for _, h := range hits {
		if suppressed[h.EntityID] {
			resp.Suppressed++
			resp.suppressedHits = append(resp.suppressedHits, snap.scored(h))
			total--
			continue
		}
		if len(resp.Hits) < req.Limit {
			resp.Hits = append(resp.Hits, snap.scored(h))
			if h.Match {
				listIDs = append(listIDs, h.EntityID)
			}
		}
	}
	resp.Total = total
	if newsLimit > 0 {
		ns := names.Subject{Schema: q.EffectiveSchema(), Names: []string{req.Name}, BirthDates: req.BirthDate, Countries: req.Country, Gender: req.Gender}
		items, newsTotal, err := s.findNews(ctx, snap, newsQuery{subject: ns, listIDs: listIDs, threshold: req.Threshold, limit: newsLimit + len(suppressed)})
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			if suppressed[dossier.HitTarget("", it.Document.ID, it.Entity.ID)] {
				resp.Suppressed++
				resp.suppressedNews = append(resp.suppressedNews, it)
				newsTotal--
				continue
			}
			if len(resp.News) < newsLimit {
				resp.News = append(resp.News, it)
			}
		}
		resp.NewsTotal = newsTotal
	}
	return resp, nil
}

// screenRequestField is the property of a screen request that holds a
// field of screen.Query.
func screenRequestField(field, _ string) string {
	if field == "birth_date" {
		return "birthDate"
	}
	return field
}

// invalidField turns a *screen.FieldError into an invalid-request error
// naming the field as the request does (property returns the name of
// the field holding the value), after prefix. Other errors pass.
func invalidField(err error, prefix string, property func(field, value string) string) error {
	var fe *screen.FieldError
	if !errors.As(err, &fe) {
		return err
	}
	named := *fe
	named.Field = property(fe.Field, fe.Value)
	return &Error{Code: CodeInvalid, Message: prefix + named.Error()}
}
