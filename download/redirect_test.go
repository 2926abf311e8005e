package download_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/download"
)

// serve returns a server answering /list.csv with body and redirecting
// /moved to target (a URL, or a path on the same server).
func serve(t *testing.T, tls bool, body string, target func(self string) string) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/list.csv":
			w.Write([]byte(body))
		case "/moved":
			http.Redirect(w, r, target(srv.URL), http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	})
	if tls {
		srv = httptest.NewTLSServer(h)
	} else {
		srv = httptest.NewServer(h)
	}
	t.Cleanup(srv.Close)
	return srv
}

func TestFetchRedirects(t *testing.T) {
	other := serve(t, true, "other host's list", nil)
	otherPlain := serve(t, false, "plain list", nil)
	tests := []struct {
		Name   string
		TLS    bool
		Target func(self string) string
		Allow  []string
		Body   string // want this file
		Reason string // or want this refusal
	}{
		{Name: "same host https", TLS: true, Body: "mine",
			Target: func(self string) string { return self + "/list.csv" }},
		{Name: "same host relative", TLS: true, Body: "mine",
			Target: func(string) string { return "/list.csv" }},
		{Name: "other port", TLS: true, Reason: "another port than the requested URL's",
			Target: func(string) string { return other.URL + "/list.csv" }},
		{Name: "other host name", TLS: true, Reason: "another host than the requested URL's",
			Target: func(self string) string { return strings.Replace(self, "127.0.0.1", "localhost", 1) + "/list.csv" }},
		{Name: "same host plain http", TLS: false, Reason: "not HTTPS",
			Target: func(self string) string { return self + "/list.csv" }},
		{Name: "https to http", TLS: true, Reason: "not HTTPS",
			Target: func(string) string { return otherPlain.URL + "/list.csv" }},
		{Name: "other port allowed", TLS: true, Body: "other host's list", Allow: []string{hostOf(other.URL)},
			Target: func(string) string { return other.URL + "/list.csv" }},
		{Name: "any host allowed", TLS: true, Body: "other host's list", Allow: []string{"*"},
			Target: func(string) string { return other.URL + "/list.csv" }},
		{Name: "allowed host still needs https", TLS: true, Reason: "not HTTPS", Allow: []string{"*"},
			Target: func(string) string { return otherPlain.URL + "/list.csv" }},
		{Name: "allowed host, other port", TLS: true, Reason: "another port than the requested URL's",
			Allow:  []string{"127.0.0.1:1"},
			Target: func(string) string { return other.URL + "/list.csv" }},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			srv := serve(t, tt.TLS, "mine", tt.Target)
			dir := t.TempDir()
			c := download.NewClient(dir)
			c.HTTP = srv.Client() // trusts httptest's certificate, which every test server shares
			c.RedirectHosts = tt.Allow
			_, err := c.Fetch(context.Background(), srv.URL+"/moved", "list.csv")
			b, rerr := os.ReadFile(filepath.Join(dir, "list.csv"))
			if tt.Reason == "" {
				if err != nil || string(b) != tt.Body {
					t.Fatalf("err %v, file %q; want %q", err, b, tt.Body)
				}
				return
			}
			var re *download.RedirectError
			if !errors.As(err, &re) || re.Reason != tt.Reason {
				t.Fatalf("err %v; want a redirect refused for %q", err, tt.Reason)
			}
			from, to := srv.URL+"/moved", tt.Target(srv.URL)
			if re.From != from || re.To != to || !strings.Contains(err.Error(), from) || !strings.Contains(err.Error(), to) {
				t.Errorf("error %q (from %q to %q) does not name both URLs %s and %s", err, re.From, re.To, from, to)
			}
			if rerr == nil {
				t.Errorf("file written after a refused redirect: %q", b)
			}
		})
	}
}

func hostOf(u string) string {
	p, _ := url.Parse(u)
	return p.Host
}

func TestCheckName(t *testing.T) {
	tests := []struct {
		Name  string
		Error string // "" when valid
	}{
		{"us_ofac_sdn", ""},
		{"sdn.csv", ""},
		{"gb-hmt.sanctions_2", ""},
		{"", `"": not a plain file name: empty`},
		{"..", `"..": not a plain file name: starts with '.'`},
		{"../../x", `"../../x": not a plain file name: starts with '.'`},
		{"a/../../x", `"a/../../x": not a plain file name: holds a path separator`},
		{"/etc", `"/etc": not a plain file name: holds a path separator`},
		{`a\b`, `"a\\b": not a plain file name: holds a path separator`},
		{"a\x00b", `"a\x00b": not a plain file name: holds a NUL byte`},
		{".hidden", `".hidden": not a plain file name: starts with '.'`},
		{"-rf", `"-rf": not a plain file name: starts with '-'`},
		{"a b", `"a b": not a plain file name: byte 1 (' ') is not a letter, digit, '_', '-' or '.'`},
		{"ä", `"ä": not a plain file name: byte 0 ('Ã') is not a letter, digit, '_', '-' or '.'`},
		{strings.Repeat("a", 129), `"` + strings.Repeat("a", 129) + `": not a plain file name: longer than 128 bytes`},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			err := download.CheckName(tt.Name)
			if tt.Error == "" {
				if err != nil {
					t.Fatalf("CheckName(%q) = %v", tt.Name, err)
				}
				return
			}
			if err == nil || err.Error() != tt.Error || !errors.Is(err, download.ErrName) {
				t.Errorf("CheckName(%q) = %v, want %s", tt.Name, err, tt.Error)
			}
		})
	}
}

// A symbolic link planted in the download directory cannot make a
// fetch write outside it: the link is replaced, its target untouched.
func TestFetchDoesNotWriteThroughLinks(t *testing.T) {
	srv := serve(t, false, "list body", nil)
	outside := filepath.Join(t.TempDir(), "victim")
	os.WriteFile(outside, []byte("precious"), 0o644)
	dir := t.TempDir()
	for _, name := range []string{"list.csv", ".list.csv.meta.json"} {
		if err := os.Symlink(outside, filepath.Join(dir, name)); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	c := download.NewClient(dir)
	if _, err := c.Fetch(context.Background(), srv.URL+"/list.csv", "list.csv"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(outside); string(b) != "precious" {
		t.Errorf("file outside the directory changed to %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "list.csv")); string(b) != "list body" {
		t.Errorf("download = %q", b)
	}
}
