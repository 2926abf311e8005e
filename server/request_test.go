package server

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestAuth(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList}})
	send := func(method, path, auth string, body string) (int, http.Header, []byte) {
		t.Helper()
		req, _ := http.NewRequest(method, env.ts.URL+path, strings.NewReader(body))
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := env.ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var buf bytes.Buffer
		buf.ReadFrom(resp.Body)
		return resp.StatusCode, resp.Header, buf.Bytes()
	}
	doc := `{"text": "A short note about nobody in particular."}`
	tests := []struct {
		name, method, path, auth, body string
		status                         int
		code                           string
	}{
		{"no token", "POST", "/match/default", "", cabelloQuery, 401, CodeUnauthorized},
		{"unknown token", "POST", "/match/default", "Bearer dsk_nope", cabelloQuery, 401, CodeUnauthorized},
		{"wrong scheme", "POST", "/match/default", "Basic " + env.read, cabelloQuery, 401, CodeUnauthorized},
		{"empty bearer", "POST", "/match/default", "Bearer ", cabelloQuery, 401, CodeUnauthorized},
		{"read token", "POST", "/match/default", "Bearer " + env.read, cabelloQuery, 200, ""},
		{"yente ApiKey scheme", "POST", "/match/default", "ApiKey " + env.read, cabelloQuery, 200, ""},
		{"scheme is case-insensitive", "GET", "/catalog", "bearer " + env.read, "", 200, ""},
		{"write token reads", "GET", "/catalog", "Bearer " + env.write, "", 200, ""},
		{"read token cannot write", "POST", "/documents", "Bearer " + env.read, doc, 403, CodeForbidden},
		{"read token cannot load lists", "POST", "/lists", "Bearer " + env.read, "x", 403, CodeForbidden},
		{"write token writes", "POST", "/documents", "Bearer " + env.write, doc, 201, ""},
		{"no token on a write route", "POST", "/documents", "", doc, 401, CodeUnauthorized},
		{"health is public", "GET", "/healthz", "", "", 200, ""},
		{"readiness is public", "GET", "/readyz", "", "", 200, ""},
		{"metrics are public", "GET", "/metrics", "", "", 200, ""},
		{"openapi is public", "GET", "/openapi.json", "", "", 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, h, body := send(tt.method, tt.path, tt.auth, tt.body)
			if status != tt.status {
				t.Fatalf("status %d, want %d: %s", status, tt.status, body)
			}
			if tt.code != "" && errorCode(body) != tt.code {
				t.Errorf("error code %q, want %q: %s", errorCode(body), tt.code, body)
			}
			if status == 401 && !strings.HasPrefix(h.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("401 without WWW-Authenticate")
			}
		})
	}

	// A revoked token is refused on its next request.
	if _, err := env.tokens.RevokeToken(t.Context(), "reader"); err != nil {
		t.Fatal(err)
	}
	if status, _, body := send("GET", "/catalog", "Bearer "+env.read, ""); status != 401 || errorCode(body) != CodeUnauthorized {
		t.Errorf("revoked token: %d %s", status, body)
	}
}

func TestNoAuth(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList}, noAuth: true})
	if status, _, body := env.call(t, "POST", "/match/default", "", cabelloQuery); status != 200 {
		t.Errorf("--no-auth: %d %s", status, body)
	}
}

// TestBadRequests: malformed, mistyped, oversized or misdirected
// requests get a 4xx with a JSON error, never a 5xx.
func TestBadRequests(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList}, maxBody: 64 << 10})
	big := `{"queries":{"q":{"schema":"Person","properties":{"name":["` + strings.Repeat("a", 70<<10) + `"]}}}}`
	manyQueries := func(n int) string {
		qs := make([]string, n)
		for i := range qs {
			qs[i] = `"q` + strings.Repeat("x", i) + `":{"schema":"Person","properties":{"name":["A B"]}}`
		}
		return `{"queries":{` + strings.Join(qs, ",") + `}}`
	}
	tests := []struct {
		name, method, path, token, body string
		status                          int
		code                            string
	}{
		{"empty body", "POST", "/match/default", "r", "", 400, CodeInvalid},
		{"malformed JSON", "POST", "/match/default", "r", `{"queries": {`, 400, CodeInvalid},
		{"syntax error", "POST", "/match/default", "r", `{"queries": nope}`, 400, CodeInvalid},
		{"not an object", "POST", "/match/default", "r", `[1,2,3]`, 400, CodeInvalid},
		{"trailing data", "POST", "/match/default", "r", cabelloQuery + `{}`, 400, CodeInvalid},
		{"queries of the wrong type", "POST", "/match/default", "r", `{"queries": [1]}`, 400, CodeInvalid},
		{"no queries", "POST", "/match/default", "r", `{"queries": {}}`, 400, CodeInvalid},
		{"null query", "POST", "/match/default", "r", `{"queries": {"q": null}}`, 422, CodeUnprocessable},
		{"unknown schema", "POST", "/match/default", "r", `{"queries":{"q":{"schema":"Banana","properties":{"name":["x"]}}}}`, 400, CodeInvalid},
		{"property value an object", "POST", "/match/default", "r", `{"queries":{"q":{"schema":"Person","properties":{"name":[{"a":1}]}}}}`, 400, CodeInvalid},
		{"property value a boolean", "POST", "/match/default", "r", `{"queries":{"q":{"schema":"Person","properties":{"name":true}}}}`, 400, CodeInvalid},
		{"properties a list", "POST", "/match/default", "r", `{"queries":{"q":{"schema":"Person","properties":["x"]}}}`, 400, CodeInvalid},
		{"too many values", "POST", "/match/default", "r", `{"queries":{"q":{"schema":"Person","properties":{"name":[` + strings.TrimSuffix(strings.Repeat(`"a",`, 65), ",") + `]}}}}`, 400, CodeInvalid},
		{"too many queries", "POST", "/match/default", "r", manyQueries(101), 400, CodeInvalid},
		{"oversized body", "POST", "/match/default", "r", big, 413, CodeTooLarge},
		{"bad limit", "POST", "/match/default?limit=abc", "r", cabelloQuery, 422, CodeUnprocessable},
		{"limit too large", "POST", "/match/default?limit=100000", "r", cabelloQuery, 422, CodeUnprocessable},
		{"bad threshold", "POST", "/match/default?threshold=2", "r", cabelloQuery, 422, CodeUnprocessable},
		{"NaN threshold", "POST", "/match/default?threshold=NaN", "r", cabelloQuery, 422, CodeUnprocessable},
		{"unknown algorithm", "POST", "/match/default?algorithm=magic", "r", cabelloQuery, 400, CodeInvalid},
		{"bad changed_since", "POST", "/match/default?changed_since=yesterday", "r", cabelloQuery, 422, CodeUnprocessable},
		{"unknown dataset", "POST", "/match/nope", "r", cabelloQuery, 404, CodeNotFound},
		{"search: unknown schema", "GET", "/search/default?q=x&schema=Banana", "r", "", 400, CodeInvalid},
		{"search: bad offset", "GET", "/search/default?offset=-1", "r", "", 422, CodeUnprocessable},
		{"search: bad target", "GET", "/search/default?target=maybe", "r", "", 422, CodeUnprocessable},
		{"unknown entity", "GET", "/entities/nope", "r", "", 404, CodeNotFound},
		{"entity: bad nested", "GET", "/entities/ofac-24424?nested=2", "r", "", 400, CodeInvalid},
		{"screen: no name", "POST", "/screen", "r", `{"schema":"Person"}`, 400, CodeInvalid},
		{"screen: unknown field", "POST", "/screen", "r", `{"name":"x","nmae":"y"}`, 400, CodeInvalid},
		{"screen: name of the wrong type", "POST", "/screen", "r", `{"name":42}`, 400, CodeInvalid},
		{"screen: bad threshold", "POST", "/screen", "r", `{"name":"x","threshold":7}`, 400, CodeInvalid},
		{"screen: bad news", "POST", "/screen", "r", `{"name":"x","news":-1}`, 400, CodeInvalid},
		{"documents: no text", "POST", "/documents", "w", `{"title":"nothing"}`, 400, CodeInvalid},
		{"documents: blank text", "POST", "/documents", "w", `{"text":"   \n "}`, 400, CodeInvalid},
		{"documents: bad published", "POST", "/documents", "w", `{"text":"Some text here.","published":{"x":1}}`, 400, CodeInvalid},
		{"documents: unparsable date", "POST", "/documents", "w", `{"text":"Some text here.","published":"the other day"}`, 400, CodeInvalid},
		{"documents: unknown field", "POST", "/documents", "w", `{"text":"Some text.","colour":"red"}`, 400, CodeInvalid},
		{"document: not found", "GET", "/documents/abcdef0123", "r", "", 404, CodeNotFound},
		{"document: not hex", "GET", "/documents/zz", "r", "", 404, CodeNotFound},
		{"lists: empty", "POST", "/lists", "w", "", 400, CodeInvalid},
		{"lists: not a list", "POST", "/lists?name=x.csv", "w", "hello,world\n1,2\n", 400, CodeInvalid},
		{"watches: no name", "POST", "/watches", "w", `{"schema":"Person"}`, 400, CodeInvalid},
		{"watches: bad id", "GET", "/watches/abc", "r", "", 404, CodeNotFound},
		{"watch import: no name column", "POST", "/watches/import", "w", "foo,bar\n1,2\n", 400, CodeInvalid},
		{"alerts: bad kind", "GET", "/alerts?kind=x", "r", "", 400, CodeInvalid},
		{"decisions: bad verdict", "POST", "/decisions", "w", `{"subject_name":"x","list_entity_id":"y","verdict":"maybe","author":"a"}`, 400, CodeInvalid},
		{"decisions: no subject", "POST", "/decisions", "w", `{"list_entity_id":"y","verdict":"match","author":"a"}`, 400, CodeInvalid},
		{"decisions: unknown watch", "POST", "/decisions", "w", `{"watch_id":999,"list_entity_id":"y","verdict":"match","author":"a"}`, 404, CodeNotFound},
		{"jobs: empty", "POST", "/jobs", "w", "", 400, CodeInvalid},
		{"jobs: unknown", "GET", "/jobs/12345", "r", "", 404, CodeNotFound},
		{"unknown route", "GET", "/nope", "r", "", 404, CodeNotFound},
		{"wrong method", "DELETE", "/match/default", "r", "", 405, CodeMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token := env.read
			if tt.token == "w" {
				token = env.write
			}
			status, h, body := env.call(t, tt.method, tt.path, token, tt.body)
			if status != tt.status || errorCode(body) != tt.code {
				t.Fatalf("got %d %q, want %d %q: %s", status, errorCode(body), tt.status, tt.code, body)
			}
			if !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
				t.Errorf("content type %q", h.Get("Content-Type"))
			}
			var e errorBody
			if json.Unmarshal(body, &e) != nil || e.Error.Message == "" || e.Detail != e.Error.Message || e.Error.RequestID != h.Get("X-Request-Id") {
				t.Errorf("error body: %s", body)
			}
			if status == 405 && h.Get("Allow") != "POST" {
				t.Errorf("Allow: %q", h.Get("Allow"))
			}
		})
	}
}

// TestRequestID: a client's X-Request-Id is echoed; a bad one replaced.
func TestRequestID(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList}})
	for _, tt := range []struct{ in string }{{"client-req-42"}, {"bad id with spaces"}, {strings.Repeat("x", 200)}, {""}} {
		req, _ := http.NewRequest("GET", env.ts.URL+"/healthz", nil)
		if tt.in != "" {
			req.Header.Set("X-Request-Id", tt.in)
		}
		resp, err := env.ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got := resp.Header.Get("X-Request-Id")
		if validRequestID(tt.in) != (got == tt.in) || got == "" || !validRequestID(got) {
			t.Errorf("X-Request-Id %q in, %q out", tt.in, got)
		}
	}
}

// FuzzMatchBody sends arbitrary bodies to /match: the answer is never a
// server error, always JSON, and a refusal carries an error code.
func FuzzMatchBody(f *testing.F) {
	for _, s := range []string{cabelloQuery, `{}`, `{"queries":{}}`, `{"queries":{"a":null}}`, `[]`, `null`, `"x"`,
		`{"queries":{"a":{"schema":"Person","properties":{"name":"x","birthDate":1960}}}}`,
		`{"queries":{"a":{"schema":"Company","properties":{"name":[""],"country":["zz"]}}}, "weights":{"x":1}}`,
		`{"queries":{"a":{"schema":"Person","properties":{"firstName":["Ана"],"lastName":["Петрова"],"gender":["female"]}}}}`,
		"{\"queries\":{\"\xff\":{\"schema\":\"Person\",\"properties\":{\"name\":[\"\xfe\"]}}}}"} {
		f.Add([]byte(s))
	}
	db := MustOpenDB(f)
	ls := newListsForFuzz(f, db)
	srv := NewServer()
	srv.Lists, srv.NoAuth, srv.MaxBody = ls, true, 64<<10
	srv.Start(f.Context())
	if err := srv.WaitReady(f.Context()); err != nil {
		f.Fatal(err)
	}
	h := srv.Handler()
	f.Fuzz(func(t *testing.T, body []byte) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("POST", "/match/default?limit=3", bytes.NewReader(body))
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("not JSON: %s", rec.Body)
		}
		if rec.Code >= 400 && errorCode(rec.Body.Bytes()) == "" {
			t.Fatalf("refusal without an error code: %s", rec.Body)
		}
		if rec.Code == 200 {
			var m yenteMatch
			if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil || len(m.Responses) == 0 {
				t.Fatalf("200 that is not a match response: %v %s", err, rec.Body)
			}
		}
	})
}

// FuzzScreenBody sends arbitrary bodies to /screen, which also reads
// the stored news: never a server error, always JSON.
func FuzzScreenBody(f *testing.F) {
	for _, s := range []string{`{"name":"Diosdado Cabello"}`, `{"name":"x","birthDate":["1960",1961],"country":"VE","news":0}`,
		`{"name":""}`, `{"name":"a","limit":-1}`, `{"name":"CABELLO RONDON, Diosdado","schema":"Person","threshold":0.5}`,
		`{"name":"\"El Pollo\" Carvajal"}`, `{"name":"OR AND NOT \"*"}`} {
		f.Add([]byte(s))
	}
	env := newEnv(f, envOptions{lists: []string{fixtureList}, noAuth: true})
	h := env.srv.Handler()
	f.Fuzz(func(t *testing.T, body []byte) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", "/screen", bytes.NewReader(body)))
		if rec.Code >= 500 || !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body)
		}
		if rec.Code >= 400 && errorCode(rec.Body.Bytes()) == "" {
			t.Fatalf("refusal without an error code: %s", rec.Body)
		}
	})
}

// TestOversizedChunkedBody: a body sent without a length is cut at the
// route's limit while it is read, with the same 413.
func TestOversizedChunkedBody(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList}, maxBody: 1 << 10})
	body := io.MultiReader(strings.NewReader(`{"queries":{"q":{"schema":"Person","properties":{"name":["`),
		strings.NewReader(strings.Repeat("x", 4<<10)), strings.NewReader(`"]}}}}`))
	req, _ := http.NewRequest("POST", env.ts.URL+"/match/default", body)
	req.Header.Set("Authorization", "Bearer "+env.read)
	resp, err := env.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if req.ContentLength != 0 || resp.StatusCode != http.StatusRequestEntityTooLarge || errorCode(data) != CodeTooLarge {
		t.Errorf("chunked oversize (length %d): %d %s", req.ContentLength, resp.StatusCode, data)
	}
}
