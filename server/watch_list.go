package server

import (
	"net/http"
	"strconv"

	"dossier"
)

// watchesResponse is a page of watches.
type watchesResponse struct {
	Watches []*dossier.Watch `json:"watches"`
	Total   int              `json:"total"`
	Limit   int              `json:"limit"`
	Offset  int              `json:"offset"`
}

const (
	defaultPageLimit = 100
	maxPageLimit     = 1000
)

// watchService returns the watch store, or an error when monitoring is
// not set up.
func (s *Server) watchService() (dossier.WatchService, error) {
	if s.Monitor == nil || s.Monitor.Watches == nil {
		return nil, Errorf(CodeNotFound, "watches are not enabled on this server")
	}
	return s.Monitor.Watches, nil
}

// page reads offset and limit.
func page(r *http.Request) (offset, limit int, err error) {
	if offset, err = intParam(r, "offset", 0, 0, 1<<30); err != nil {
		return
	}
	limit, err = intParam(r, "limit", defaultPageLimit, 1, maxPageLimit)
	return
}

// idParam reads a numeric path ID.
func idParam(r *http.Request, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, Errorf(CodeNotFound, "no such %s: %q", what, truncate(r.PathValue("id"), 32))
	}
	return id, nil
}

// handleWatchList is GET /watches: watched subjects in ID order.
func (s *Server) handleWatchList(w http.ResponseWriter, r *http.Request) error {
	ws, err := s.watchService()
	if err != nil {
		return err
	}
	offset, limit, err := page(r)
	if err != nil {
		return err
	}
	f := dossier.WatchFilter{Offset: offset, Limit: limit}
	if ref := r.URL.Query().Get("reference"); ref != "" {
		f.Reference = &ref
	}
	list, total, err := ws.FindWatches(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, watchesResponse{Watches: nonNil(list), Total: total, Limit: limit, Offset: offset})
	return nil
}

// handleWatchShow is GET /watches/{id}.
func (s *Server) handleWatchShow(w http.ResponseWriter, r *http.Request) error {
	ws, err := s.watchService()
	if err != nil {
		return err
	}
	id, err := idParam(r, "watch")
	if err != nil {
		return err
	}
	watch, err := ws.FindWatchByID(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, watch)
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
