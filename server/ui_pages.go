package server

import (
	"net/http"
)

// handleUIEntity is GET /ui/entities/{id}: a list entity with its
// properties, its sanctions and the news about it, from the same calls
// as GET /entities/{id}/dossier. A merged-away ID redirects.
func (s *Server) handleUIEntity(w http.ResponseWriter, r *http.Request) error {
	snap, err := s.snapshotOrUnavailable()
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	e, err := snap.entityOrReferent(id)
	if err != nil {
		return err
	}
	if e.ID != id {
		http.Redirect(w, r, uiEntityURL(e.ID), http.StatusPermanentRedirect)
		return nil
	}
	v := snap.uiEntity(e)
	items, total, err := s.entityNews(r.Context(), snap, e, defaultNewsLimit)
	if err != nil {
		return err
	}
	v.News, v.NewsTotal = uiNewsOf(items), total
	return s.renderPage(w, r, http.StatusOK, "entity", v.Caption, v)
}

// handleUIDocument is GET /ui/documents/{id}: a document's text with
// its entity mentions and claim evidence marked, its claims and
// relations, from the same call as GET /documents/{id}. A unique
// prefix redirects to the full ID.
func (s *Server) handleUIDocument(w http.ResponseWriter, r *http.Request) error {
	resp, err := s.showDocument(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if resp.Document.ID != r.PathValue("id") {
		http.Redirect(w, r, uiDocumentURL(resp.Document.ID), http.StatusFound)
		return nil
	}
	v := uiDocument(resp)
	title := v.Doc.Title
	if title == "" {
		title = "Document " + v.Doc.ID
	}
	return s.renderPage(w, r, http.StatusOK, "document", title, v)
}
