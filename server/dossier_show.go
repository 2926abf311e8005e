package server

import (
	"net/http"
	"strconv"

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
	id := r.PathValue("id")
	e := snap.entities[id]
	if e == nil {
		if canonical, ok := snap.referents[id]; ok {
			e = snap.entities[canonical]
		}
	}
	if e == nil {
		return Errorf(CodeNotFound, "no such entity: %q", truncate(id, 64))
	}
	resp := dossierResponse{Entity: snap.nestedView(e), News: []newsItem{}}
	subj := names.SubjectFromEntity(e)
	items, total, err := s.findNews(r.Context(), snap, newsQuery{subject: subj, listIDs: []string{e.ID}, limit: limit})
	if err != nil {
		return err
	}
	resp.News, resp.NewsTotal = nonNil(items), total
	w.Header().Set("X-News-Total", strconv.Itoa(total))
	writeJSON(w, http.StatusOK, resp)
	return nil
}
