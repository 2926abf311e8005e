package server

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"

	"dossier"
)

// The web UI: server-rendered HTML pages for analysts and journalists,
// under /ui/, over the same service calls as the JSON routes.
//
// The UI changes state only through POST forms (decisions, batch
// uploads) that need write scope and a CSRF token (see ui_csrf.go).
// Every other route is a GET. (Handing a token over with ?token= only sets the
// browser's own cookie.)
//
// Auth follows the API's rules: with auth off (--no-auth, loopback only)
// every page is open; otherwise a page needs a token with read scope.
// A browser cannot easily send a Bearer header, so the home page takes
// the token once as /ui/?token=TOKEN, stores it in an HttpOnly,
// SameSite=Strict cookie (Secure over TLS) scoped to /ui/ for the
// browser session, and redirects to /ui/ so the token leaves the address
// bar. The request log records paths without queries. A 401 page offers
// a form for the token.

//go:embed ui/templates/*.html
var uiTemplateFS embed.FS

//go:embed ui/static/style.css
var uiStyle []byte

const (
	uiCookie   = "dossier_token" // the browser's API token for the UI
	uiPrefix   = "/ui/"
	uiHomePath = "/ui/"
)

// uiStyleHash is the content hash in the style sheet's URL: a new build
// with a changed sheet changes the URL, so no browser keeps a stale one.
var uiStyleHash = func() string {
	sum := sha256.Sum256(uiStyle)
	return hex.EncodeToString(sum[:6])
}()

// uiStylePath is the style sheet's URL.
var uiStylePath = uiPrefix + "static/" + uiStyleHash + "/style.css"

// uiViews are the pages handlers render; parsing fails at start-up when
// one has no template.
var uiViews = []string{"home", "screen", "entity", "document", "error", "batch", "batch_job", "decisions", "network", "watches", "alerts", "documents"}

// uiTemplates holds each view, parsed once with the layout when the
// first server is set up (Server.init), which fails on a bad template as
// start-up did, rather than at package initialization, which every
// command would pay for.
var uiTemplates = sync.OnceValue(func() map[string]*template.Template { return mustParseUI(uiTemplateFS) })

func mustParseUI(fsys fs.FS) map[string]*template.Template {
	t, err := parseUI(fsys)
	if err != nil {
		panic(err)
	}
	return t
}

// parseUI parses layout.html with each view's file, and checks that
// every view in uiViews exists.
func parseUI(fsys fs.FS) (map[string]*template.Template, error) {
	base, err := template.New("layout").Funcs(uiFuncs).ParseFS(fsys, "ui/templates/layout.html", "ui/templates/parts_*.html")
	if err != nil {
		return nil, fmt.Errorf("ui templates: %w", err)
	}
	out := map[string]*template.Template{}
	for _, v := range uiViews {
		t, err := template.Must(base.Clone()).ParseFS(fsys, "ui/templates/"+v+".html")
		if err != nil {
			return nil, fmt.Errorf("ui view %q: %w", v, err)
		}
		if t.Lookup("main") == nil {
			return nil, fmt.Errorf("ui view %q: defines no \"main\" template", v)
		}
		out[v] = t
	}
	return out, nil
}

var uiFuncs = template.FuncMap{
	"pct": func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
	"score": func(f float64) string {
		return fmt.Sprintf("%.2f", f)
	},
	"date": func(t *time.Time) string {
		if t == nil || t.IsZero() {
			return ""
		}
		return t.Format("2 January 2006")
	},
	"join":   strings.Join,
	"topics": func(keys []string) []uiTopic { return topicsOf(keys...) },
	"when": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2 Jan 2006 15:04 UTC")
	},
	"short": func(s string) string {
		if len(s) > 12 {
			return s[:12]
		}
		return s
	},
	"entityURL": uiEntityURL,
	"weburl":    webURL,
	"docURL":    uiDocumentURL,
}

func uiEntityURL(id string) string   { return uiPrefix + "entities/" + url.PathEscape(id) }
func uiDocumentURL(id string) string { return uiPrefix + "documents/" + url.PathEscape(id) }

// uiRoutes: the web UI's pages and its style sheet. They are HTML, not
// API, and are left out of openapi.json.
func (s *Server) uiRoutes() []route {
	return []route{
		{method: "GET", path: "/ui", handle: s.handleUIRedirect},
		{method: "GET", path: "/ui/{$}", scope: dossier.ScopeRead, ui: true, handle: s.handleUIHome},
		{method: "GET", path: "/ui/screen", scope: dossier.ScopeRead, ui: true, handle: s.handleUIScreen},
		{method: "GET", path: "/ui/screen/report.csv", scope: dossier.ScopeRead, ui: true, handle: s.handleUIReport("csv")},
		{method: "GET", path: "/ui/screen/report.pdf", scope: dossier.ScopeRead, ui: true, slow: true, handle: s.handleUIReport("pdf")},
		{method: "GET", path: "/ui/entities/{id}/network", scope: dossier.ScopeRead, ui: true, handle: s.handleUIEntityNetwork},
		{method: "GET", path: "/ui/entities/{id}", scope: dossier.ScopeRead, ui: true, handle: s.handleUIEntity},
		{method: "GET", path: "/ui/documents/{id}", scope: dossier.ScopeRead, ui: true, handle: s.handleUIDocument},
		{method: "GET", path: "/ui/batch", scope: dossier.ScopeRead, ui: true, handle: s.handleUIBatch},
		{method: "POST", path: "/ui/batch", scope: dossier.ScopeWrite, ui: true, maxBody: s.MaxDocumentBody, slow: true, handle: s.handleUIBatchCreate},
		{method: "GET", path: "/ui/batch/{id}", scope: dossier.ScopeRead, ui: true, handle: s.handleUIBatchJob},
		{method: "GET", path: "/ui/batch/{id}/results.csv", scope: dossier.ScopeRead, ui: true, slow: true, handle: s.handleUIBatchResults},
		{method: "GET", path: "/ui/decisions", scope: dossier.ScopeRead, ui: true, handle: s.handleUIDecisions},
		{method: "POST", path: "/ui/decisions", scope: dossier.ScopeWrite, ui: true, handle: s.handleUIDecisionCreate},
		{method: "GET", path: "/ui/watches", scope: dossier.ScopeRead, ui: true, handle: s.handleUIWatches},
		{method: "GET", path: "/ui/alerts", scope: dossier.ScopeRead, ui: true, handle: s.handleUIAlerts},
		{method: "POST", path: "/ui/alerts/{id}/ack", scope: dossier.ScopeWrite, ui: true, handle: s.handleUIAlertAck},
		{method: "GET", path: "/ui/documents", scope: dossier.ScopeRead, ui: true, handle: s.handleUIDocuments},
		{method: "GET", path: "/ui/static/{hash}/style.css", quiet: true, ui: true, handle: s.handleUIStyle},
	}
}

// isUIPath reports whether errors on a path are shown as HTML pages.
func isUIPath(p string) bool { return strings.HasPrefix(p, uiPrefix) }

// uiToken returns the token a browser sends for the UI: ?token= on the
// home page (handed over once), else the UI's cookie.
func uiToken(r *http.Request) (string, bool) {
	if r.URL.Path == uiHomePath {
		if t := strings.TrimSpace(r.URL.Query().Get("token")); t != "" {
			return t, true
		}
	}
	c, err := r.Cookie(uiCookie)
	if err != nil || c.Value == "" {
		return "", false
	}
	return c.Value, true
}

// handleUIRedirect is GET /ui: to the home page.
func (s *Server) handleUIRedirect(w http.ResponseWriter, r *http.Request) error {
	http.Redirect(w, r, uiHomePath, http.StatusMovedPermanently)
	return nil
}

// homeView is the search form, with what was typed and what is wrong.
type homeView struct {
	Form    uiForm
	Problem string
	Types   []uiOption
}

type uiForm struct{ Name, DOB, Country, Type string }

type uiOption struct{ Value, Label string }

var uiTypes = []uiOption{{"", "Not given"}, {"person", "Person"}, {"org", "Organization"}, {"company", "Company"}, {"vessel", "Vessel"},
	{"any", "Any (unknown)"}}

// handleUIHome is GET /ui/: the search form. With ?token= (already
// verified by authorize) it stores the token in the UI's cookie and
// redirects to itself without it.
func (s *Server) handleUIHome(w http.ResponseWriter, r *http.Request) error {
	if r.URL.Query().Has("token") {
		if tok := strings.TrimSpace(r.URL.Query().Get("token")); tok != "" && !s.NoAuth {
			http.SetCookie(w, &http.Cookie{Name: uiCookie, Value: tok, Path: uiPrefix, HttpOnly: true,
				SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
		}
		uiHeaders(w)
		http.Redirect(w, r, uiHomePath, http.StatusSeeOther)
		return nil
	}
	return s.renderPage(w, r, http.StatusOK, "home", "Screen a name", homeView{Types: uiTypes})
}

// handleUIStyle is GET /ui/static/{hash}/style.css: the style sheet,
// cached for a year under its content hash; another hash is 404.
func (s *Server) handleUIStyle(w http.ResponseWriter, r *http.Request) error {
	if r.PathValue("hash") != uiStyleHash {
		return Errorf(CodeNotFound, "no such style sheet (this server's is %s)", uiStylePath)
	}
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("ETag", `"`+uiStyleHash+`"`)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, path.Base(r.URL.Path), time.Time{}, bytes.NewReader(uiStyle))
	return nil
}

// uiHeaders are the headers of every UI page: no caching of what may
// be confidential, no scripts, frames or foreign forms.
func uiHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cache-Control", "no-store")
}

// uiPage is what the layout renders: the page's title and view data.
type uiPage struct {
	Title     string
	StyleURL  string
	RequestID string
	Data      any
}

// renderPage renders a view into a buffer, then sends it: a template
// error becomes a 500 page, never half a page.
func (s *Server) renderPage(w http.ResponseWriter, r *http.Request, status int, view, title string, data any) error {
	t, ok := uiTemplates()[view]
	if !ok {
		return fmt.Errorf("ui: no view %q", view)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", uiPage{Title: title, StyleURL: uiStylePath,
		RequestID: requestID(r.Context()), Data: data}); err != nil {
		return fmt.Errorf("ui: render %s: %w", view, err)
	}
	uiHeaders(w)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
	return nil
}

// errorView is an error page: the status, a message safe to show (a
// generic one for a server error), and whether to offer the token form.
type errorView struct {
	Status    int
	StatusMsg string
	Message   string
	Server    bool
	AskToken  bool
	RequestID string
}

// writeErrorPage renders an error as an HTML page (writeError decides
// the status and the message, and logs).
func (s *Server) writeErrorPage(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	v := errorView{Status: status, StatusMsg: http.StatusText(status), Message: msg, Server: status >= 500,
		AskToken: status == http.StatusUnauthorized, RequestID: requestID(r.Context())}
	if status == 499 {
		v.StatusMsg = "Client Closed Request"
	}
	if code == CodeInternal {
		v.Message = "Something went wrong on the server. The error has been logged."
	}
	if status == http.StatusUnauthorized {
		// Without any token, the API's message names a header that a
		// browser user cannot send.
		if _, ok := uiToken(r); !ok && r.Header.Get("Authorization") == "" {
			v.Message = "These pages need an API token: give yours below to sign in for this browser session."
		}
		// Drop a cookie holding a token that no longer works.
		if _, err := r.Cookie(uiCookie); err == nil {
			http.SetCookie(w, &http.Cookie{Name: uiCookie, Path: uiPrefix, MaxAge: -1, HttpOnly: true,
				SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
		}
	}
	if err := s.renderPage(w, r, status, "error", fmt.Sprintf("%d %s", status, v.StatusMsg), v); err != nil {
		s.logger().Error("render error page", "request_id", v.RequestID, "error", err.Error())
		uiHeaders(w)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprintf(w, "%d %s (request %s)\n", status, v.StatusMsg, v.RequestID)
	}
}
