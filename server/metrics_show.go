package server

import (
	"bytes"
	"net/http"
)

// handleMetrics writes the Prometheus text exposition.
func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) error {
	var buf bytes.Buffer
	if err := s.metrics.write(&buf, s.index.stats()); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes()) // an error here means the client went away
	return nil
}
