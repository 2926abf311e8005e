package server

import (
	"context"
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
	resp, err := s.showDocument(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

// showDocument finds a document by ID or unique prefix, with its text,
// its extraction (nil when it was stored without one; its Text left
// empty, as the document carries it) and its cross-reference links: the
// one implementation behind GET /documents/{id} and the web UI's
// document page.
func (s *Server) showDocument(ctx context.Context, id string) (*documentShowResponse, error) {
	d, err := s.Documents.FindDocumentByID(ctx, id)
	if err != nil {
		return nil, err
	}
	resp := &documentShowResponse{Document: documentView(d, true), Links: []*dossier.Link{}}
	x, err := s.Extractions.FindExtraction(ctx, d.ID)
	switch {
	case err == nil:
		x.Text = "" // the document carries it
		x.Claims, x.Relations = nonNil(x.Claims), nonNil(x.Relations)
		resp.Extraction = x
	case !errors.Is(err, dossier.ErrNotFound):
		return nil, err
	}
	if s.Links != nil {
		links, _, err := s.Links.FindLinks(ctx, dossier.LinkFilter{DocumentID: &d.ID})
		if err != nil {
			return nil, err
		}
		resp.Links = nonNil(links)
	}
	return resp, nil
}
