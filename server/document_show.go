package server

import (
	"errors"
	"net/http"

	"dossier"
)

// documentShowResponse is a document with its text, its extraction and
// its cross-reference links.
type documentShowResponse struct {
	Document   documentJSON        `json:"document"`
	Extraction *dossier.Extraction `json:"extraction"` // null when not extracted
	Links      []*dossier.Link     `json:"links"`
}

// handleDocumentShow is GET /documents/{id}: the ID or a unique prefix
// of at least four hex digits.
func (s *Server) handleDocumentShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d, err := s.Documents.FindDocumentByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	resp := documentShowResponse{Document: documentView(d, true), Links: []*dossier.Link{}}
	x, err := s.Extractions.FindExtraction(ctx, d.ID)
	switch {
	case err == nil:
		x.Text = "" // the document carries it
		x.Claims, x.Relations = nonNil(x.Claims), nonNil(x.Relations)
		resp.Extraction = x
	case !errors.Is(err, dossier.ErrNotFound):
		return err
	}
	if s.Links != nil {
		links, _, err := s.Links.FindLinks(ctx, dossier.LinkFilter{DocumentID: &d.ID})
		if err != nil {
			return err
		}
		resp.Links = nonNil(links)
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}
