package server

import (
	"net/http"
	"strings"
	"testing"

	"dossier"
)

// TestAuthProbe sends every route of the route table (the UI's pages
// included) a set of missing, malformed, forged and revoked credentials,
// in the header and, for the UI, in its cookie: none may get past
// authorization on a route that needs a token, and a read token may not
// write. It probes the table itself, so a route added later is probed
// too.
func TestAuthProbe(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList}})
	ctx := t.Context()
	_, revoked, err := env.tokens.CreateToken(ctx, "revoked", dossier.ScopeWrite)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.tokens.RevokeToken(ctx, "revoked"); err != nil {
		t.Fatal(err)
	}
	type cred struct{ name, header, cookie string }
	bad := []cred{
		{"none", "", ""},
		{"empty bearer", "Bearer ", ""},
		{"bearer only", "Bearer", ""},
		{"unknown token", "Bearer dsk_0000000000000000000000000000000000000000", ""},
		{"token prefix only", "Bearer dsk_", ""},
		{"read token cut short", "Bearer " + env.read[:len(env.read)-1], ""},
		{"read token with a byte more", "Bearer " + env.read + "x", ""},
		{"read token other case", "Bearer " + strings.ToUpper(env.read), ""},
		{"basic scheme", "Basic " + env.read, ""},
		{"token without scheme", env.read, ""},
		{"revoked token", "Bearer " + revoked, ""},
		{"SQL in the token", "Bearer ' OR '1'='1", ""},
		{"NUL in the token", "Bearer " + env.read + "\x00", ""},
		{"revoked token in the cookie", "", revoked},
		{"forged cookie", "", "dsk_forged"},
		{"read token cut short in the cookie", "", env.read[:len(env.read)-1]},
	}
	var probes int
	for _, rt := range env.srv.allRoutes() {
		if rt.scope == scopePublic {
			continue
		}
		path := strings.NewReplacer("{dataset}", "default", "{id}", "x", "{$}", "").Replace(rt.path)
		send := func(c cred) int {
			t.Helper()
			req, err := http.NewRequest(rt.method, env.ts.URL+path, strings.NewReader(`{}`))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			if c.header != "" {
				req.Header["Authorization"] = []string{c.header}
			}
			if c.cookie != "" {
				req.AddCookie(&http.Cookie{Name: uiCookie, Value: c.cookie})
			}
			resp, err := env.ts.Client().Do(req)
			if err != nil {
				// a header Go's client refuses to send (NUL) never
				// reaches the server
				return 0
			}
			resp.Body.Close()
			probes++
			return resp.StatusCode
		}
		for _, c := range bad {
			if st := send(c); st != 0 && st != http.StatusUnauthorized {
				t.Errorf("%s %s with %s: status %d, want 401", rt.method, path, c.name, st)
			}
		}
		if rt.scope == dossier.ScopeWrite {
			if st := send(cred{"read token", "Bearer " + env.read, ""}); st != http.StatusForbidden {
				t.Errorf("%s %s with a read token: status %d, want 403", rt.method, path, st)
			}
		}
	}
	t.Logf("%d probes on %d routes", probes, len(env.srv.allRoutes()))
}
