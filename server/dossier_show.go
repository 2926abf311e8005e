package server

import (
	"context"
	"net/http"
	"strconv"

	"dossier"
	"dossier/names"
)

// dossierResponse is a list entity with the news about it.
type dossierResponse struct {
	Entity    entityJSON `json:"entity"`
	News      []newsItem `json:"news"`
	NewsTotal int        `json:"news_total"`
}

// handleDossier is GET /entities/{id}/dossier: a list entity, nested as
// /entities/{id} gives it, and the documents about it — those linked to
// it by the cross-reference, and those whose people or organizations
// match its names — with their claims about it and their adverse-media
// scores, most adverse first.
func (s *Server) handleDossier(w http.ResponseWriter, r *http.Request) error {
	limit, err := intParam(r, "limit", defaultNewsLimit, 1, maxNewsLimit)
	if err != nil {
		return err
	}
	snap, err := s.snapshotOrUnavailable()
	if err != nil {
		return err
	}
	e, err := snap.entityOrReferent(r.PathValue("id"))
	if err != nil {
		return err
	}
	resp := dossierResponse{Entity: snap.nestedView(e)}
	resp.News, resp.NewsTotal, err = s.entityNews(r.Context(), snap, e, limit)
	if err != nil {
		return err
	}
	w.Header().Set("X-News-Total", strconv.Itoa(resp.NewsTotal))
	writeJSON(w, http.StatusOK, resp)
	return nil
}

// entityOrReferent returns the list entity with that ID, or the one
// that lists the ID among its referents.
func (snap *snapshot) entityOrReferent(id string) (*dossier.Entity, error) {
	e := snap.entities[id]
	if e == nil {
		if canonical, ok := snap.referents[id]; ok {
			e = snap.entities[canonical]
		}
	}
	if e == nil {
		return nil, Errorf(CodeNotFound, "no such entity: %q", truncate(id, 64))
	}
	return e, nil
}

// entityNews finds the documents about a list entity — those linked to
// it by the cross-reference, and those whose people or organizations
// match its names — most adverse first: the one implementation behind
// the dossier route and the web UI's entity page.
func (s *Server) entityNews(ctx context.Context, snap *snapshot, e *dossier.Entity, limit int) ([]newsItem, int, error) {
	items, total, err := s.findNews(ctx, snap, newsQuery{subject: names.SubjectFromEntity(e), listIDs: []string{e.ID}, limit: limit})
	return nonNil(items), total, err
}
