package server

import (
	"cmp"
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"

	"dossier"
	"dossier/names"
)

// documentJSON is a stored document as the API shows it; Text only
// where the whole document is asked for.
type documentJSON struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Byline    string     `json:"byline,omitempty"`
	URL       string     `json:"url,omitempty"`
	Source    string     `json:"source,omitempty"`
	Published *time.Time `json:"published"`
	Ingested  time.Time  `json:"ingested"`
	Format    string     `json:"format"`
	Origin    string     `json:"origin"`
	Repairs   []string   `json:"repairs"`
	Href      string     `json:"href"` // this API's URL of the document
	Text      string     `json:"text,omitempty"`
}

func documentView(d *dossier.Document, withText bool) documentJSON {
	v := documentJSON{ID: d.ID, Title: d.Title, Byline: d.Byline, URL: d.URL, Source: d.Source, Ingested: d.Ingested,
		Format: d.Format, Origin: d.Origin, Repairs: nonNil(d.Repairs), Href: "/documents/" + url.PathEscape(d.ID)}
	if !d.Published.IsZero() {
		p := d.Published
		v.Published = &p
	}
	if withText {
		v.Text = d.Text
	}
	return v
}

// newsItem is one document about a subject: the entity of the document
// that is the subject, how well it matches, what the document claims
// about it, the document's adverse-media judgement for the subject
// (SubjectAdverse) and for the article as a whole (Adverse).
type newsItem struct {
	Document     documentJSON                 `json:"document"`
	Entity       dossier.DocEntity            `json:"entity"`
	Score        float64                      `json:"score"`
	MatchedName  string                       `json:"matched_name,omitempty"`
	Explanations map[string]names.Explanation `json:"explanations"`
	Via          string                       `json:"via"` // how it was found: link, name or search
	Claims       []dossier.Claim              `json:"claims"`
	Relations    []dossier.Relation           `json:"relations"`
	// SubjectAdverse: is the article adverse media for the subject
	// screened? nil without a SubjectJudge.
	SubjectAdverse *dossier.SubjectAdverse `json:"subject_adverse"`
	// Adverse is the article-level judgement: is the article adverse
	// media at all, whoever it is about?
	Adverse *dossier.Adverse `json:"adverse"`
}

// newsQuery is a subject to look for in the stored news.
type newsQuery struct {
	subject   names.Subject
	listIDs   []string // list entities the subject is: documents linked to them count too
	threshold float64  // score a document entity needs; 0: the engine's default
	limit     int
}

// Sources of a news candidate, best first.
const (
	viaLink   = "link"   // a stored cross-reference link to the list entity
	viaName   = "name"   // a document entity with exactly that name
	viaSearch = "search" // a document the full-text index found, with an entity that matches
)

// searchDocs bounds the documents the full-text search contributes.
const searchDocs = 50

// docTypes are the document entity types that can be a subject, and
// the schema each is compared as.
var docTypes = map[string]string{"PER": "Person", "ORG": "Organization"}

// findNews finds the documents whose entities are the subject: through
// cross-reference links to its list entities, exact name look-ups, and
// full-text search; each candidate entity is scored against the subject
// with the name engine and kept at or above the threshold (a linked one
// always). One entity per document: the best.
func (s *Server) findNews(ctx context.Context, snap *snapshot, q newsQuery) ([]newsItem, int, error) {
	m := names.NewMatcher()
	if snap != nil {
		m = snap.index.Matcher
	}
	threshold := q.threshold
	if threshold <= 0 {
		threshold = m.Threshold
	}
	type cand struct {
		via  string
		link *dossier.Link
	}
	cands := map[string]map[string]cand{} // document → entity ID ("" for any) → how found
	add := func(doc, ent, via string, l *dossier.Link) {
		if cands[doc] == nil {
			cands[doc] = map[string]cand{}
		}
		if old, ok := cands[doc][ent]; !ok || viaRank(via) < viaRank(old.via) {
			cands[doc][ent] = cand{via, l}
		}
	}
	if s.Links != nil {
		for _, id := range q.listIDs {
			links, _, err := s.Links.FindLinks(ctx, dossier.LinkFilter{ListEntityID: &id, Limit: 500})
			if err != nil {
				return nil, 0, err
			}
			for _, l := range links {
				add(l.DocumentID, l.DocEntityID, viaLink, l)
			}
		}
	}
	nv, err := s.newsView(ctx, m)
	if err != nil {
		return nil, 0, err
	}
	if s.Mentions != nil {
		for i, n := range q.subject.Names {
			if i == 5 {
				break
			}
			refs, err := nv.entitiesByName(ctx, n)
			if err != nil {
				return nil, 0, err
			}
			for _, ref := range refs {
				add(ref.doc, ref.entity, viaName, nil)
			}
		}
	}
	if words := ftsWords(q.subject.Names); len(words) > 0 && s.Documents != nil {
		ids, err := nv.search(ctx, words, searchDocs)
		if err != nil && !errors.Is(err, dossier.ErrInvalid) {
			return nil, 0, err
		}
		for _, id := range ids {
			add(id, "", viaSearch, nil)
		}
	}

	prepared := names.Prepare(q.subject)
	prepared.UseWeights(m)
	sc := nv.scorer(m, prepared)
	defer sc.release()
	var items []newsItem
	for doc, ents := range cands {
		nd, err := nv.document(ctx, doc)
		if err != nil {
			return nil, 0, err
		} else if nd == nil {
			continue // stored without extraction: nothing to match
		}
		x := nd.x
		anyEntity, searched := ents[""]
		var best *newsItem
		for i := range x.Entities {
			if nd.prepared[i] == nil {
				continue // not a person or an organization
			}
			e := &x.Entities[i]
			c, ok := ents[e.ID]
			if !ok {
				if c, ok = anyEntity, searched; !ok {
					continue
				}
			}
			var score float64
			var explanations map[string]names.Explanation
			if c.via == viaLink && c.link != nil {
				// The linker judged this entity to be the list entity;
				// its score and explanation are the ones to show.
				score, explanations = c.link.Score, toNamesExplanations(c.link.Explanations)
			} else {
				// The name score bounds the full comparison's: most
				// entities of a document found by search are ruled out
				// without qualifiers and explanations.
				var sh *sharedSubject
				if nd.shared != nil {
					sh = nd.shared[i]
				}
				res, ok := sc.compare(nd.prepared[i], sh, threshold)
				if !ok || res.Score < threshold {
					continue
				}
				score, explanations = res.Score, res.Explanations
			}
			if best != nil && (viaRank(c.via) > viaRank(best.Via) || viaRank(c.via) == viaRank(best.Via) && score <= best.Score) {
				continue
			}
			best = &newsItem{Entity: *e, Score: round4(score), Explanations: explanations, Via: c.via,
				MatchedName: e.Name}
		}
		if best == nil {
			continue
		}
		best.Document = nd.view
		best.Claims, best.Relations = x.About(best.Entity.ID)
		best.Adverse = x.Adverse
		if s.Subjects != nil {
			best.SubjectAdverse = nd.judge(s.Subjects, q.subject.Names, q.subject.Schema)
			best.SubjectAdverse.Score = round4(best.SubjectAdverse.Score)
			best.SubjectAdverse.Article = round4(best.SubjectAdverse.Article)
		}
		items = append(items, *best)
	}
	slices.SortFunc(items, func(a, b newsItem) int {
		if c := cmp.Compare(subjectScore(b.SubjectAdverse), subjectScore(a.SubjectAdverse)); c != 0 {
			return c
		}
		if c := cmp.Compare(adverseScore(b.Adverse), adverseScore(a.Adverse)); c != 0 {
			return c
		}
		if c := cmp.Compare(len(b.Claims), len(a.Claims)); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		if c := publishedOf(b).Compare(publishedOf(a)); c != 0 {
			return c
		}
		return strings.Compare(a.Document.ID, b.Document.ID)
	})
	total := len(items)
	if q.limit > 0 && len(items) > q.limit {
		items = items[:q.limit]
	}
	return items, total, nil
}

func viaRank(via string) int {
	switch via {
	case viaLink:
		return 0
	case viaName:
		return 1
	}
	return 2
}

func adverseScore(a *dossier.Adverse) float64 {
	if a == nil {
		return -1
	}
	return a.Score
}

func subjectScore(a *dossier.SubjectAdverse) float64 {
	if a == nil {
		return -1
	}
	return a.Score
}

func publishedOf(it newsItem) time.Time {
	if it.Document.Published != nil {
		return *it.Document.Published
	}
	return it.Document.Ingested
}

func toNamesExplanations(ex map[string]dossier.Explanation) map[string]names.Explanation {
	out := make(map[string]names.Explanation, len(ex))
	for k, v := range ex {
		out[k] = names.Explanation{Score: v.Score, Detail: v.Detail}
	}
	return out
}

// ftsQuery is a full-text query for documents naming any word of the
// names (ftsWords), so that "CABELLO RONDON, Diosdado" finds an article
// about "Diosdado Cabello".
func ftsQuery(ns []string) string { return quotedOr(ftsWords(ns)) }

// quotedOr is the FTS5 query for any of words.
func quotedOr(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = `"` + w + `"`
	}
	return strings.Join(q, " OR ")
}

// ftsWords are the words a full-text search for the names looks for:
// the words of three letters or more, lower case, at most eight.
func ftsWords(ns []string) []string {
	var words []string
	for _, n := range ns {
		for _, w := range strings.FieldsFunc(n, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			w = strings.ToLower(w)
			if len([]rune(w)) < 3 || slices.Contains(words, w) {
				continue
			}
			words = append(words, w)
			if len(words) == 8 {
				return words
			}
		}
	}
	return words
}

func round4(f float64) float64 {
	return float64(int64(f*10000+0.5)) / 10000
}
