package server

import "net/http"

// handleMetrics writes the metrics in the Prometheus exposition format
// the scraper asks for (text by default).
func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) error {
	s.metrics.handler.ServeHTTP(w, r)
	return nil
}
