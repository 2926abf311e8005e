package server

import "net/http"

// statusResponse is yente's StatusResponse.
type statusResponse struct {
	Status string `json:"status"`
}

// handleHealth answers that the process serves requests.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, statusResponse{"ok"})
	return nil
}

// handleReady answers 200 once the screening index is built, 503 before.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) error {
	if s.index.current() == nil {
		return Errorf(CodeUnavailable, "index not ready: the lists are still being indexed")
	}
	writeJSON(w, http.StatusOK, statusResponse{"ok"})
	return nil
}

// snapshotOrUnavailable returns the current index snapshot, or the
// error that tells the client to retry.
func (s *Server) snapshotOrUnavailable() (*snapshot, error) {
	snap := s.index.current()
	if snap == nil {
		return nil, Errorf(CodeUnavailable, "index not ready: the lists are still being indexed; retry shortly")
	}
	return snap, nil
}
