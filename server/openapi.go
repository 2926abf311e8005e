package server

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"

	"dossier"
)

// The OpenAPI document is generated from the route table and the Go
// types the handlers decode and encode, so that it cannot drift from
// them: each route's method, path and scope come from its route; its
// operationId from its handler's name (handleListIndex → listIndex); its
// request and response schemas are reflected from the types named in
// apiOps (openapi_ops.go), which also holds what no type says (summary,
// description, tag, query parameters).
//
// It is generated when the code changes, not when the server starts:
// the generator (openapi_gen_test.go, with kin-openapi) writes
// openapi.json, which the binary embeds, and TestOpenAPIGenerated fails
// while that file differs from what the routes and types give, naming
// the command that writes it again:
//
//	go generate ./server
//
// So the binary does not link kin-openapi and its JSON Schema compiler,
// whose package initialization every command of the binary paid for.

//go:generate go test -run ^TestOpenAPIGenerated$ -update-openapi .

// openapiFile is the generated document.
//
//go:embed openapi.json
var openapiFile []byte

// apiOp documents one route.
type apiOp struct {
	id                        string // operationId, when the handler's name will not do (a handler that serves two routes)
	tag, summary, description string
	params                    []apiParam
	body                      *apiBody
	responses                 []apiResp // successes and the errors the route itself answers
}

// apiParam is a path or query parameter; schema is its JSON schema.
type apiParam struct {
	name, in, description, schema string
	required                      bool // path parameters always are
}

// apiBody is a request body in one or more media types.
type apiBody struct {
	description string
	required    bool
	content     []apiContent
}

// apiContent is a media type and a value of the Go type its schema is
// reflected from: a struct, "" for text, or a rawSchema.
type apiContent struct {
	contentType string
	value       any
}

// rawSchema is a JSON schema written out, for a body that is no Go type
// (a file upload).
type rawSchema string

// apiResp is one response: a status, its description and, unless it is
// an error (which has the Error body), the value its schema is reflected
// from.
type apiResp struct {
	status      int
	description string
	value       any    // nil: no body, or the Error body for a 4xx or 5xx
	contentType string // "" is application/json
	headers     []apiHeader
}

type apiHeader struct{ name, description, schema string }

// openAPIDocument is the generated document as the server serves it:
// openapi.json, its info.version that of the running build when a
// release build sets another.
func (s *Server) openAPIDocument() ([]byte, error) {
	s.openapiOnce.Do(func() { s.openapiJSON, s.openapiErr = withVersion(openapiFile, dossier.Version) })
	return s.openapiJSON, s.openapiErr
}

// withVersion returns the document doc with info.version set to version.
func withVersion(doc []byte, version string) ([]byte, error) {
	var d map[string]any
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	info, ok := d["info"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("openapi.json: no info object")
	}
	if info["version"] == version {
		return doc, nil
	}
	info["version"] = version
	return json.MarshalIndent(d, "", " ")
}

// handleOpenAPI serves the OpenAPI 3.1 document of the API.
func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	b, err := s.openAPIDocument()
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.WriteHeader(http.StatusOK)
	w.Write(b)
	return nil
}
