package server

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3gen"

	"dossier"
)

// The generator of openapi.json (see openapi.go): it reflects the
// document from the route table and the types apiOps names, with
// kin-openapi, in the tests only.

var updateOpenAPI = flag.Bool("update-openapi", false, "write openapi.json from the routes and types (go generate ./server)")

// TestOpenAPIGenerated fails while openapi.json is not the document the
// routes and types give; -update-openapi writes it.
func TestOpenAPIGenerated(t *testing.T) {
	srv := NewServer()
	srv.NoAuth = true
	srv.init()
	want, err := generateOpenAPI(srv)
	if err != nil {
		t.Fatal(err)
	}
	if *updateOpenAPI {
		if err := os.WriteFile("openapi.json", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(openapiFile, want) {
		t.Fatal("openapi.json is not the document the routes and types give: run 'go generate ./server' and commit the file")
	}
}

// generateOpenAPI returns the document of srv's API routes as
// openapi.json holds it.
func generateOpenAPI(srv *Server) ([]byte, error) {
	doc, err := buildOpenAPI(srv.apiRoutes(), srv.apiOps())
	if err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// apiTags are the document's tags, in order.
var apiTags = []*openapi3.Tag{
	{Name: "System", Description: "Probes, metrics and this description; open to all"},
	{Name: "Matching", Description: "yente-compatible matching, search and entities over the loaded lists"},
	{Name: "Screening", Description: "Screening a subject against the lists and the stored news"},
	{Name: "Documents", Description: "News documents: ingesting, extracting and reading them"},
	{Name: "Lists", Description: "Sanctions and PEP list versions: loading, rollback and FollowTheMoney export"},
	{Name: "Monitoring", Description: "Watched subjects, alerts, the decision audit log and batch screening jobs"},
}

// errorSchema is the component every error response refers to.
const errorSchema = "Error"

// apiRoutes is the routes the document describes: all but the web UI's
// pages, which are HTML for browsers (see ui.go).
func (s *Server) apiRoutes() []route {
	var out []route
	for _, rt := range s.routes {
		if rt.ui || rt.path == "/ui" || strings.HasPrefix(rt.path, uiPrefix) {
			continue
		}
		out = append(out, rt)
	}
	return out
}

// operationID is a route's operationId: its handler's name without
// "handle", in lower camel case.
func operationID(rt route) string {
	name := runtime.FuncForPC(reflect.ValueOf(rt.handle).Pointer()).Name()
	name = strings.TrimSuffix(name, "-fm")
	name = name[strings.LastIndexByte(name, '.')+1:]
	name = strings.TrimPrefix(name, "handle")
	r, n := utf8.DecodeRuneInString(name)
	return string(unicode.ToLower(r)) + name[n:]
}

// schemaName names the component of a Go type: its name with a capital,
// Error for the error body.
func schemaName(t reflect.Type) string {
	if t == reflect.TypeFor[errorBody]() {
		return errorSchema
	}
	name := t.Name()
	if i := strings.IndexByte(name, '['); i >= 0 {
		name = name[:i]
	}
	if name == "" {
		return "" // an anonymous struct stays inline
	}
	r, n := utf8.DecodeRuneInString(name)
	return string(unicode.ToUpper(r)) + name[n:]
}

// schemaFor reflects the schema of a value, adding the components of the
// named types it holds to schemas.
func schemaFor(v any, schemas openapi3.Schemas) (*openapi3.SchemaRef, error) {
	switch v := v.(type) {
	case rawSchema:
		var s openapi3.Schema
		if err := json.Unmarshal([]byte(v), &s); err != nil {
			return nil, fmt.Errorf("raw schema %s: %w", v, err)
		}
		return openapi3.NewSchemaRef("", &s), nil
	case string:
		return openapi3.NewSchemaRef("", openapi3.NewStringSchema()), nil
	}
	return openapi3gen.NewSchemaRefForValue(v, schemas,
		openapi3gen.CreateComponentSchemas(openapi3gen.ExportComponentSchemasOptions{ExportComponentSchemas: true, ExportTopLevelSchema: true}),
		openapi3gen.CreateTypeNameGenerator(schemaName),
		openapi3gen.SchemaCustomizer(customizeSchema))
}

// customizeSchema fixes what reflection cannot know: a json.RawMessage
// holds any JSON value, not a string of bytes.
func customizeSchema(name string, t reflect.Type, tag reflect.StructTag, s *openapi3.Schema) error {
	if t == reflect.TypeFor[json.RawMessage]() {
		*s = openapi3.Schema{Description: "any JSON value"}
	}
	return nil
}

// nullAsType rewrites the OpenAPI 3.0 "nullable" that reflection gives
// a pointer field as OpenAPI 3.1 says it: "null" among the types.
func nullAsType(ref *openapi3.SchemaRef, seen map[*openapi3.Schema]bool) {
	if ref == nil || ref.Value == nil || seen[ref.Value] {
		return
	}
	s := ref.Value
	seen[s] = true
	if s.Nullable {
		s.Nullable = false
		if s.Type != nil && !s.Type.Includes("null") {
			*s.Type = append(*s.Type, "null")
		}
	}
	for _, p := range s.Properties {
		nullAsType(p, seen)
	}
	nullAsType(s.Items, seen)
	nullAsType(s.AdditionalProperties.Schema, seen)
	for _, list := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
		for _, x := range list {
			nullAsType(x, seen)
		}
	}
}

// paramSchema reads a parameter's schema.
func paramSchema(p apiParam) (*openapi3.SchemaRef, error) {
	var s openapi3.Schema
	if err := json.Unmarshal([]byte(p.schema), &s); err != nil {
		return nil, fmt.Errorf("parameter %s: schema %s: %w", p.name, p.schema, err)
	}
	return openapi3.NewSchemaRef("", &s), nil
}

var requestIDHeader = &openapi3.HeaderRef{Value: &openapi3.Header{Parameter: openapi3.Parameter{
	Description: "The request's ID: the client's X-Request-Id if it sent a valid one, else a new one",
	Schema:      openapi3.NewSchemaRef("", openapi3.NewStringSchema()),
}}}

// buildOpenAPI generates the document of the routes from ops.
func buildOpenAPI(routes []route, ops map[string]apiOp) (*openapi3.T, error) {
	doc := &openapi3.T{
		OpenAPI: "3.1.0",
		Info: &openapi3.Info{
			Title:   "dossier API",
			Version: dossier.Version,
			Summary: "Sanctions and adverse-media screening: yente-compatible matching, news cross-reference, monitoring and an audit log",
			Description: "Every error is a JSON body {\"error\": {\"code\", \"message\", \"request_id\"}, \"detail\"}. " +
				"Codes: invalid (400), unauthorized (401), forbidden (403), not_found (404), method_not_allowed (405), too_large (413), " +
				"too_expensive (422), unavailable (503), internal (500; details only in the server log). " +
				"Send 'Authorization: Bearer TOKEN' (or yente's 'ApiKey TOKEN'); each operation's x-dossier-scope names the scope it needs " +
				"(a write token also reads). This document is generated from the server's routes and types.",
			Contact: &openapi3.Contact{Name: "dossier maintainers"},
			License: &openapi3.License{Name: "Proprietary (the project publishes no licence)"},
		},
		Servers: openapi3.Servers{{URL: "http://127.0.0.1:8080", Description: "dossier serve on its default address"}},
		Tags:    apiTags,
		Paths:   openapi3.NewPaths(),
		Components: &openapi3.Components{
			Schemas: openapi3.Schemas{},
			SecuritySchemes: openapi3.SecuritySchemes{
				"bearer": {Value: &openapi3.SecurityScheme{Type: "http", Scheme: "bearer", Description: "An API token from 'dossier serve token create'"}},
				"apiKey": {Value: &openapi3.SecurityScheme{Type: "apiKey", In: "header", Name: "Authorization", Description: "yente style: 'ApiKey TOKEN'"}},
				"apiKeyQuery": {Value: &openapi3.SecurityScheme{Type: "apiKey", In: "query", Name: "api_key",
					Description: "The token as a query parameter, on the reconciliation API only (OpenRefine cannot send headers)"}},
			},
		},
	}
	schemas := doc.Components.Schemas
	errRef, err := schemaFor(errorBody{}, schemas)
	if err != nil {
		return nil, err
	}
	errorResponse := func(desc string) *openapi3.ResponseRef {
		return &openapi3.ResponseRef{Value: openapi3.NewResponse().WithDescription(desc).
			WithContent(openapi3.NewContentWithJSONSchemaRef(errRef))}
	}
	for _, rt := range routes {
		key := rt.method + " " + rt.path
		spec, ok := ops[key]
		if !ok {
			return nil, fmt.Errorf("openapi: route %s has no entry in apiOps", key)
		}
		op := openapi3.NewOperation()
		op.OperationID = spec.id
		if op.OperationID == "" {
			op.OperationID = operationID(rt)
		}
		op.Summary, op.Description, op.Tags = spec.summary, spec.description, []string{spec.tag}
		scope := rt.scope
		if scope == scopePublic {
			scope = "public"
			op.Security = &openapi3.SecurityRequirements{}
		} else {
			op.Security = &openapi3.SecurityRequirements{{"bearer": {}}, {"apiKey": {}}}
			if rt.queryToken {
				*op.Security = append(*op.Security, openapi3.SecurityRequirement{"apiKeyQuery": {}})
			}
		}
		op.Extensions = map[string]any{"x-dossier-scope": scope}
		for _, p := range spec.params {
			sc, err := paramSchema(p)
			if err != nil {
				return nil, fmt.Errorf("openapi: %s: %w", key, err)
			}
			op.AddParameter(&openapi3.Parameter{Name: p.name, In: p.in, Description: p.description,
				Required: p.required || p.in == "path", Schema: sc})
		}
		if b := spec.body; b != nil {
			body := openapi3.NewRequestBody().WithDescription(b.description).WithRequired(b.required)
			body.Content = openapi3.NewContent()
			for _, c := range b.content {
				sc, err := schemaFor(c.value, schemas)
				if err != nil {
					return nil, fmt.Errorf("openapi: %s: request body: %w", key, err)
				}
				body.Content[c.contentType] = openapi3.NewMediaType().WithSchemaRef(sc)
			}
			op.RequestBody = &openapi3.RequestBodyRef{Value: body}
		}
		op.Responses = openapi3.NewResponsesWithCapacity(len(spec.responses) + 4)
		for _, r := range spec.responses {
			if r.status >= 400 {
				op.Responses.Set(strconv.Itoa(r.status), errorResponse(r.description))
				continue
			}
			resp := openapi3.NewResponse().WithDescription(r.description)
			resp.Headers = openapi3.Headers{"X-Request-Id": requestIDHeader}
			for _, h := range r.headers {
				sc, err := paramSchema(apiParam{name: h.name, schema: h.schema})
				if err != nil {
					return nil, fmt.Errorf("openapi: %s: %w", key, err)
				}
				resp.Headers[h.name] = &openapi3.HeaderRef{Value: &openapi3.Header{Parameter: openapi3.Parameter{Description: h.description, Schema: sc}}}
			}
			if r.value != nil {
				sc, err := schemaFor(r.value, schemas)
				if err != nil {
					return nil, fmt.Errorf("openapi: %s: response %d: %w", key, r.status, err)
				}
				ct := r.contentType
				if ct == "" {
					ct = "application/json"
				}
				resp.Content = openapi3.Content{ct: openapi3.NewMediaType().WithSchemaRef(sc)}
			}
			op.Responses.Set(strconv.Itoa(r.status), &openapi3.ResponseRef{Value: resp})
		}
		// The answers every route may give.
		if rt.scope != scopePublic {
			op.Responses.Set("401", errorResponse("No valid API token"))
			op.Responses.Set("403", errorResponse("The token lacks the scope"))
		}
		if op.Responses.Value("413") == nil {
			op.Responses.Set("413", errorResponse("Request body over the route's limit"))
		}
		op.Responses.Set("500", errorResponse("Internal error (details only in the server log)"))

		item := doc.Paths.Value(rt.path)
		if item == nil {
			item = &openapi3.PathItem{}
			doc.Paths.Set(rt.path, item)
		}
		if item.GetOperation(rt.method) != nil {
			return nil, fmt.Errorf("openapi: %s routed twice", key)
		}
		item.SetOperation(rt.method, op)
	}
	seen := map[*openapi3.Schema]bool{}
	for _, sc := range schemas {
		nullAsType(sc, seen)
	}
	return doc, nil
}

// A release build's version goes into the served document; the rest of
// it is openapi.json's.
func TestOpenAPIVersion(t *testing.T) {
	same, err := withVersion(openapiFile, dossier.Version)
	if err != nil || !bytes.Equal(same, openapiFile) {
		t.Fatalf("the build's own version changed the document: %v", err)
	}
	other, err := withVersion(openapiFile, "9.8.7")
	if err != nil {
		t.Fatal(err)
	}
	var a, b map[string]any
	if json.Unmarshal(openapiFile, &a) != nil || json.Unmarshal(other, &b) != nil {
		t.Fatal("not JSON")
	}
	if b["info"].(map[string]any)["version"] != "9.8.7" {
		t.Errorf("info.version %v", b["info"].(map[string]any)["version"])
	}
	b["info"].(map[string]any)["version"] = dossier.Version
	if !reflect.DeepEqual(a, b) {
		t.Error("setting the version changed more than info.version")
	}
	if _, err := withVersion([]byte(`{"openapi": "3.1.0"}`), "1"); err == nil {
		t.Error("a document without info was accepted")
	}
}
