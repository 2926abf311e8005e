package server

import (
	_ "embed"
	"net/http"
)

// openAPI is the API description, written by hand; a test checks that
// it and the route table describe the same routes.
//
//go:embed openapi.json
var openAPI []byte

// handleOpenAPI serves the OpenAPI 3.1 document.
func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.WriteHeader(http.StatusOK)
	w.Write(openAPI)
	return nil
}
