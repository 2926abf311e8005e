package server

import (
	"bytes"
	"io"
	"net/http"

	"dossier"
)

// listRollbackRequest is the optional body of POST
// /lists/{dataset}/rollback.
type listRollbackRequest struct {
	To string `json:"to"` // version or unique prefix; "" for the one loaded before the current one
}

// listRollbackResponse reports a rollback.
type listRollbackResponse struct {
	Event *dossier.ListEvent `json:"event"`
	Index string             `json:"index"` // "rebuilding"
}

// handleListRollback is POST /lists/{dataset}/rollback: make a stored
// version of the dataset current again, as "dossier lists rollback"
// does, and rebuild the index with it. The body is empty or
// {"to": VERSION}; no version is deleted, and the rollback is recorded
// in the dataset's history.
func (s *Server) handleListRollback(w http.ResponseWriter, r *http.Request) error {
	var req listRollbackRequest
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) > 0 {
		r.Body = io.NopCloser(bytes.NewReader(body))
		if err := decodeJSON(r, &req, true); err != nil {
			return err
		}
	}
	ev, err := s.Lists.RollbackListVersion(r.Context(), r.PathValue("dataset"), req.To)
	if err != nil {
		return err
	}
	s.index.Rebuild()
	writeJSON(w, http.StatusOK, listRollbackResponse{Event: ev, Index: "rebuilding"})
	return nil
}
