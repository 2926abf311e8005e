package server

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// mustOpenAPI generates the document of a server with every route.
func mustOpenAPI(t *testing.T) (*openapi3.T, []byte) {
	t.Helper()
	srv := NewServer()
	srv.NoAuth = true
	srv.init()
	b, err := srv.openAPIDocument()
	if err != nil {
		t.Fatal(err)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(b)
	if err != nil {
		t.Fatalf("the generated document does not load: %v", err)
	}
	return doc, b
}

// TestOpenAPIValid: kin-openapi's validator accepts the generated
// document as OpenAPI 3.1, with its examples and defaults checked.
func TestOpenAPIValid(t *testing.T) {
	doc, _ := mustOpenAPI(t)
	if err := doc.Validate(context.Background(), openapi3.IsOpenAPI31OrLater(), openapi3.EnableSchemaDefaultsValidation(),
		openapi3.EnableSchemaPatternValidation(), openapi3.EnableExamplesValidation()); err != nil {
		t.Fatal(err)
	}
}

// lint applies the rules that Redocly's "recommended" and Spectral's
// "oas" rule sets apply (their names in brackets) and returns each
// problem found. Rules about things this API has none of (callbacks,
// webhooks, examples) are left out, and so is the licence URL, since the
// project publishes no licence.
func lint(doc *openapi3.T, raw []byte) []string {
	var out []string
	add := func(rule, format string, args ...any) {
		out = append(out, fmt.Sprintf("[%s] ", rule)+fmt.Sprintf(format, args...))
	}
	if doc.Info == nil || doc.Info.Description == "" {
		add("info-description", "info has no description")
	}
	if doc.Info == nil || doc.Info.Contact == nil {
		add("info-contact", "info has no contact")
	}
	if doc.Info == nil || doc.Info.License == nil || doc.Info.License.Name == "" {
		add("info-license", "info has no licence")
	}
	if len(doc.Servers) == 0 {
		add("no-empty-servers", "no servers")
	}
	for _, s := range doc.Servers {
		if strings.HasSuffix(s.URL, "/") {
			add("oas3-server-trailing-slash", "server %s ends with a slash", s.URL)
		}
		if strings.Contains(s.URL, "example.com") {
			add("no-server-example.com", "server %s", s.URL)
		}
	}
	declared := map[string]bool{}
	for _, tag := range doc.Tags {
		if declared[tag.Name] {
			add("no-duplicated-tag-names", "tag %s declared twice", tag.Name)
		}
		declared[tag.Name] = true
		if tag.Description == "" {
			add("tag-description", "tag %s has no description", tag.Name)
		}
	}
	used := map[string]bool{}
	ids := map[string]string{}
	urlSafe := regexp.MustCompile(`^[A-Za-z0-9_.~-]+$`)
	paths := doc.Paths.InMatchingOrder()
	for _, path := range paths {
		item := doc.Paths.Value(path)
		if path != "/" && strings.HasSuffix(path, "/") {
			add("no-path-trailing-slash", "%s", path)
		}
		var inPath []string
		for _, m := range regexp.MustCompile(`\{([^}]+)\}`).FindAllStringSubmatch(path, -1) {
			inPath = append(inPath, m[1])
		}
		for method, op := range item.Operations() {
			where := method + " " + path
			switch {
			case op.OperationID == "":
				add("operation-operationId", "%s has no operationId", where)
			case ids[op.OperationID] != "":
				add("operation-operationId-unique", "%s and %s share operationId %s", where, ids[op.OperationID], op.OperationID)
			case !urlSafe.MatchString(op.OperationID):
				add("operation-operationId-url-safe", "%s: %q", where, op.OperationID)
			}
			ids[op.OperationID] = where
			if op.Summary == "" {
				add("operation-summary", "%s has no summary", where)
			}
			if op.Description == "" {
				add("operation-description", "%s has no description", where)
			}
			if len(op.Tags) == 0 {
				add("operation-tags", "%s has no tag", where)
			}
			for _, tag := range op.Tags {
				used[tag] = true
				if !declared[tag] {
					add("operation-tag-defined", "%s: tag %s is not declared", where, tag)
				}
			}
			if op.Security == nil && doc.Security == nil {
				add("security-defined", "%s says nothing of security", where)
			}
			if op.Security != nil {
				for _, req := range *op.Security {
					for name := range req {
						if doc.Components.SecuritySchemes[name] == nil {
							add("security-defined", "%s: unknown security scheme %s", where, name)
						}
					}
				}
			}
			seen := map[string]bool{}
			var pathParams []string
			for _, p := range op.Parameters {
				key := p.Value.In + ":" + p.Value.Name
				if seen[key] {
					add("operation-parameters-unique", "%s: %s twice", where, key)
				}
				seen[key] = true
				if p.Value.Description == "" {
					add("parameter-description", "%s: parameter %s has no description", where, p.Value.Name)
				}
				if p.Value.In == "path" {
					pathParams = append(pathParams, p.Value.Name)
					if !p.Value.Required {
						add("path-params", "%s: path parameter %s not required", where, p.Value.Name)
					}
				}
			}
			sort.Strings(pathParams)
			want := slices.Sorted(slices.Values(inPath))
			if !slices.Equal(pathParams, want) {
				add("path-parameters-defined", "%s declares path parameters %v, the path has %v", where, pathParams, want)
			}
			var ok2xx, has4xx bool
			for code, r := range op.Responses.Map() {
				if r.Value == nil || r.Value.Description == nil || *r.Value.Description == "" {
					add("response-description", "%s: response %s has no description", where, code)
				}
				ok2xx = ok2xx || code[0] == '2' || code[0] == '3'
				has4xx = has4xx || code[0] == '4'
			}
			if !ok2xx {
				add("operation-2xx-response", "%s has no success response", where)
			}
			if !has4xx {
				add("operation-4xx-response", "%s has no 4xx response", where)
			}
			if op.RequestBody != nil && (method == "GET" || method == "DELETE") {
				add("no-http-verbs-in-body", "%s has a request body", where)
			}
		}
	}
	for _, tag := range doc.Tags {
		if !used[tag.Name] {
			add("no-unused-tags", "tag %s is not used", tag.Name)
		}
	}
	// Paths that match the same request: equal segment counts, each pair
	// of segments equal or one a template, with templates on both sides
	// (a literal segment wins over a template, as the specification says).
	for i, a := range paths {
		for _, b := range paths[i+1:] {
			sa, sb := strings.Split(a, "/"), strings.Split(b, "/")
			if len(sa) != len(sb) {
				continue
			}
			same, tmplA, tmplB := true, false, false
			for k := range sa {
				ta, tb := strings.HasPrefix(sa[k], "{"), strings.HasPrefix(sb[k], "{")
				switch {
				case ta && tb, sa[k] == sb[k]:
				case ta:
					tmplA = true
				case tb:
					tmplB = true
				default:
					same = false
				}
			}
			if same && (tmplA && tmplB || !tmplA && !tmplB) {
				add("no-ambiguous-paths", "%s and %s match the same requests", a, b)
			}
		}
	}
	// Every component is referred to.
	refs := map[string]bool{}
	for _, m := range regexp.MustCompile(`"\$ref":\s*"#/components/schemas/([^"]+)"`).FindAllSubmatch(raw, -1) {
		refs[string(m[1])] = true
	}
	for name := range doc.Components.Schemas {
		if !refs[name] {
			add("no-unused-components", "schema %s is not used", name)
		}
		if !regexp.MustCompile(`^[a-zA-Z0-9._-]+$`).MatchString(name) {
			add("spec-components-invalid-map-name", "schema %q", name)
		}
	}
	for name := range refs {
		if doc.Components.Schemas[name] == nil {
			add("no-unresolved-refs", "$ref to missing schema %s", name)
		}
	}
	// Enums hold values of their type.
	var walk func(where string, s *openapi3.SchemaRef)
	seen := map[*openapi3.Schema]bool{}
	walk = func(where string, s *openapi3.SchemaRef) {
		if s == nil || s.Value == nil || seen[s.Value] {
			return
		}
		seen[s.Value] = true
		v := s.Value
		if v.Nullable {
			add("struct", "%s: nullable is OpenAPI 3.0; 3.1 puts null among the types", where)
		}
		for _, e := range v.Enum {
			if _, isString := e.(string); v.Type.Is("string") != isString {
				add("no-enum-type-mismatch", "%s: enum value %v is not of type %v", where, e, v.Type)
			}
		}
		for name, p := range v.Properties {
			walk(where+"."+name, p)
		}
		walk(where+"[]", v.Items)
		if v.AdditionalProperties.Schema != nil {
			walk(where+"{}", v.AdditionalProperties.Schema)
		}
	}
	for name, s := range doc.Components.Schemas {
		walk(name, s)
	}
	for _, path := range paths {
		for method, op := range doc.Paths.Value(path).Operations() {
			for _, p := range op.Parameters {
				walk(method+" "+path+" "+p.Value.Name, p.Value.Schema)
			}
		}
	}
	sort.Strings(out)
	return out
}

// TestOpenAPILint: the generated document breaks none of the lint
// rules.
func TestOpenAPILint(t *testing.T) {
	doc, raw := mustOpenAPI(t)
	for _, p := range lint(doc, raw) {
		t.Error(p)
	}
}

// The lint finds what it looks for: a document with one fault of each
// kind fails each rule.
func TestOpenAPILintFinds(t *testing.T) {
	bad := `{"openapi":"3.1.0","info":{"title":"x","version":"1"},"servers":[{"url":"/"}],
	"tags":[{"name":"A"},{"name":"Unused","description":"d"}],
	"paths":{
	 "/a/{id}":{"get":{"operationId":"same","tags":["A","B"],"parameters":[{"name":"q","in":"query","schema":{"type":"integer","enum":["x"]}}],
	   "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object"}}}}}}},
	 "/a/b/":{"get":{"operationId":"same","summary":"s","description":"d","tags":["A"],"security":[],"responses":{"500":{"description":"x"}}}},
	 "/{x}/c":{"get":{"operationId":"c d","summary":"s","description":"d","tags":["A"],"security":[],"parameters":[{"name":"x","in":"path","required":true,"description":"d","schema":{"type":"string"}}],"responses":{"200":{"description":"x"},"404":{"description":"x"}}}},
	 "/a/{y}":{"get":{"operationId":"e","summary":"s","description":"d","tags":["A"],"security":[],"parameters":[{"name":"y","in":"path","required":true,"description":"d","schema":{"type":"string"}}],"responses":{"200":{"description":"x"},"404":{"description":"x"}}}}
	},
	"components":{"schemas":{"Lonely":{"type":"object","properties":{"n":{"type":"string","nullable":true}}}},"securitySchemes":{}}}`
	doc, err := openapi3.NewLoader().LoadFromData([]byte(bad))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(lint(doc, []byte(bad)), "\n")
	for _, rule := range []string{
		"info-description", "info-contact", "info-license", "oas3-server-trailing-slash", "tag-description", "operation-operationId-unique",
		"operation-operationId-url-safe", "operation-summary", "operation-description", "operation-tag-defined", "security-defined",
		"parameter-description", "path-parameters-defined", "operation-2xx-response", "operation-4xx-response", "no-unused-tags",
		"no-path-trailing-slash", "no-unused-components", "no-enum-type-mismatch", "struct", "no-ambiguous-paths",
	} {
		if !strings.Contains(got, "["+rule+"]") {
			t.Errorf("rule %s found nothing in\n%s", rule, got)
		}
	}
}

// TestOpenAPIRoutes: every route of the server, the other helpers' new
// ones included, is in the document with its scope, and nothing else is.
func TestOpenAPIRoutes(t *testing.T) {
	doc, _ := mustOpenAPI(t)
	srv := NewServer()
	srv.NoAuth = true
	srv.init()
	want := map[string]bool{}
	for _, rt := range srv.apiRoutes() {
		want[rt.method+" "+rt.path] = true
		item := doc.Paths.Value(rt.path)
		if item == nil || item.GetOperation(rt.method) == nil {
			t.Errorf("route %s %s is not in the document", rt.method, rt.path)
		}
	}
	for _, path := range doc.Paths.InMatchingOrder() {
		for method := range doc.Paths.Value(path).Operations() {
			if !want[method+" "+path] {
				t.Errorf("the document has %s %s, which is no route", method, path)
			}
		}
	}
	if len(want) < 30 {
		t.Errorf("%d routes documented; the table lost some", len(want))
	}
	for key := range srv.apiOps() {
		if !want[key] {
			t.Errorf("apiOps documents %s, which is no route", key)
		}
	}
}
