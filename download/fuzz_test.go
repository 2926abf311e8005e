package download

import (
	"net/url"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzCheckName: a name CheckName accepts is one path element that
// stays directly inside any directory it is joined to.
func FuzzCheckName(f *testing.F) {
	for _, s := range []string{"us_ofac_sdn", "sdn.csv", "..", "../../x", "a/b", "x\x00y", ".hidden", "-rf", "a\\b", "é", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if CheckName(name) != nil {
			return
		}
		if name == "." || name == ".." || strings.ContainsAny(name, "/\\\x00") || filepath.Base(name) != name {
			t.Fatalf("accepted %q", name)
		}
		for _, dir := range []string{"/cache", "cache", "."} {
			if j := filepath.Join(dir, name); filepath.Dir(j) != filepath.Clean(dir) {
				t.Fatalf("%q joined to %q is %q, outside it", name, dir, j)
			}
		}
	})
}

// FuzzRedirectRule: without RedirectHosts, a redirect that is followed
// goes to HTTPS on the requested host, on its port (or from http's
// default port to https's).
func FuzzRedirectRule(f *testing.F) {
	f.Add("https://example.org/a", "https://example.org/b")
	f.Add("https://example.org:8443/a", "https://example.org:9443/b")
	f.Add("http://example.org/a", "https://example.org/b")
	f.Add("https://127.0.0.1:1/a", "https://localhost:1/b")
	f.Add("https://EXAMPLE.org/a", "https://example.org:443/b")
	f.Add("https://[::1]:1/a", "https://[::1]:1/b")
	f.Fuzz(func(t *testing.T, from, to string) {
		fu, err1 := url.Parse(from)
		tu, err2 := url.Parse(to)
		if err1 != nil || err2 != nil {
			return
		}
		c := &Client{}
		if c.redirectRefused(fu, fu, tu) != "" {
			return
		}
		fh, fp := hostPort(fu)
		th, tp := hostPort(tu)
		if tu.Scheme != "https" || !strings.EqualFold(fh, th) || (fp != tp && !(fu.Scheme == "http" && fp == "80" && tp == "443")) {
			t.Fatalf("redirect from %q to %q followed", from, to)
		}
	})
}
