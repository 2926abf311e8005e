package server

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"dossier"
)

// uiGet fetches a UI path without following redirects, with the given
// request headers.
func uiGet(t *testing.T, env *testEnv, path string, hdr map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", env.ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	c := *env.ts.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// wantHTML checks a UI page's status and headers.
func wantHTML(t *testing.T, what string, resp *http.Response, body string, status int) {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("%s: status %d, want %d\n%s", what, resp.StatusCode, status, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("%s: Content-Type %q", what, ct)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("%s: Content-Security-Policy %q", what, csp)
	}
	if resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("%s: Cache-Control %q", what, resp.Header.Get("Cache-Control"))
	}
	if !strings.HasPrefix(body, "<!DOCTYPE html>") || !strings.Contains(body, `href="`+uiStylePath+`"`) {
		t.Errorf("%s: not a whole page with the style sheet:\n%.300s", what, body)
	}
}

// postArticle stores the test article through the API and returns its
// ID and its extraction as GET /documents/{id} shows it.
func postArticle(t *testing.T, env *testEnv) (string, *dossier.Extraction) {
	t.Helper()
	article, err := os.ReadFile("testdata/article-cabello.json")
	if err != nil {
		t.Fatal(err)
	}
	status, _, body := env.call(t, "POST", "/documents", env.write, article)
	if status != http.StatusCreated {
		t.Fatalf("POST /documents: %d %s", status, body)
	}
	id := MustJSON[documentCreated](t, body).ID
	status, _, body = env.call(t, "GET", "/documents/"+id, env.read, nil)
	shown := MustJSON[documentShowResponse](t, body)
	if status != 200 || shown.Extraction == nil || len(shown.Extraction.Claims) == 0 {
		t.Fatalf("GET /documents/%s: want an extraction with claims: %d %s", id, status, body)
	}
	return id, shown.Extraction
}

// TestUIPages screens the fixture subject through the UI, then opens
// his list entity and the article: the list hit, the article, its
// claims with their evidence, and the sanction appear.
func TestUIPages(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList}, extractor: true, noAuth: true})
	docID, x := postArticle(t, env)

	resp, body := uiGet(t, env, "/ui/", nil)
	wantHTML(t, "home", resp, body, 200)
	if !strings.Contains(body, `action="/ui/screen"`) || !strings.Contains(body, `<label for="name">`) {
		t.Errorf("home: no search form:\n%s", body)
	}

	resp, body = uiGet(t, env, "/ui/screen?name=Diosdado+Cabello&dob=1963&country=ve&type=person", nil)
	wantHTML(t, "screen", resp, body, 200)
	for _, want := range []string{
		`href="/ui/entities/ofac-24424"`, "Diosdado CABELLO RONDON", "fixture_sdn", "Venezuela (VE)", // the hit, its nationality by name
		`href="/ui/documents/` + docID + `"`, "Venezuelan party chief Diosdado Cabello charged in U.S. drug case", // the article
		"Example News", "5 March 2026", "The article as a whole", "Adverse for this name",
		`value="Diosdado Cabello"`, `<option value="person" selected>`, // the form, filled in
	} {
		if !strings.Contains(body, want) {
			t.Errorf("screen page lacks %q", want)
		}
	}
	var subjectClaims int
	for _, c := range x.Claims {
		if !strings.Contains(c.SubjectName, "Cabello") {
			continue
		}
		subjectClaims++
		for _, want := range []string{c.Stance, c.Topic, `id="n1-claim-` + c.ID + `"`} {
			if !strings.Contains(body, want) {
				t.Errorf("screen page lacks %q of claim %s (%s %s)", want, c.ID, c.Stance, c.Topic)
			}
		}
		if c.Denies != "" && !strings.Contains(body, `href="#n1-claim-`+c.Denies+`"`) {
			t.Errorf("denial %s does not link to claim %s", c.ID, c.Denies)
		}
	}
	if subjectClaims == 0 {
		t.Fatalf("the extraction has no claim about Cabello: %+v", x.Claims)
	}
	if !strings.Contains(body, "<mark>") {
		t.Errorf("no claim content is highlighted")
	}

	resp, body = uiGet(t, env, "/ui/screen?name=Maria+Fernanda+Gomez", nil)
	wantHTML(t, "screen miss", resp, body, 200)
	if !strings.Contains(body, "No list entity matches this name") || !strings.Contains(body, "No stored article names this subject") {
		t.Errorf("screen miss: no empty state:\n%s", body)
	}

	resp, body = uiGet(t, env, "/ui/entities/ofac-24424", nil)
	wantHTML(t, "entity", resp, body, 200)
	for _, want := range []string{"Diosdado CABELLO RONDON", "1963-04-15", "VENEZUELA", "Office of Foreign Assets Control",
		`href="/ui/entities/fx-addr-caracas"`, `href="/ui/documents/` + docID + `"`} {
		if !strings.Contains(body, want) {
			t.Errorf("entity page lacks %q", want)
		}
	}
	resp, _ = uiGet(t, env, "/ui/entities/fx-old-cabello", nil)
	if resp.StatusCode != http.StatusPermanentRedirect || resp.Header.Get("Location") != "/ui/entities/ofac-24424" {
		t.Errorf("referent: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}

	resp, body = uiGet(t, env, "/ui/documents/"+docID, nil)
	wantHTML(t, "document", resp, body, 200)
	for _, c := range x.Claims {
		if !strings.Contains(body, `id="claim-`+c.ID+`"`) || !strings.Contains(body, `href="#ev-`+c.ID+`"`) && !strings.Contains(body, "claim "+c.ID) {
			t.Errorf("document page lacks claim %s or its evidence link", c.ID)
		}
	}
	if !strings.Contains(body, `<mark id="ev-`) || !strings.Contains(body, `class="mention t-PER" href="#ent-`) ||
		!strings.Contains(body, "Cartel of the Suns") || !strings.Contains(body, `href="/ui/entities/ofac-24424"`) {
		t.Errorf("document page: marks, mentions or list link missing:\n%s", body)
	}
	resp, _ = uiGet(t, env, "/ui/documents/"+docID[:8], nil)
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/ui/documents/"+docID {
		t.Errorf("prefix: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// TestUIEscapesArticleText: hostile text, title and URL of an article
// come out escaped, with and without marks over them.
func TestUIEscapesArticleText(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList}, noAuth: true})
	ctx := context.Background()
	text := "Eve <script>alert(1)</script> said \"<img src=x onerror=alert(2)>\" & left."
	d := &dossier.Document{ID: dossier.DocumentID(text), Text: text, Title: "<script>alert('title')</script>",
		URL: "javascript:alert(3)", Source: "<b>Bad Source</b>", Format: "text", Origin: "test"}
	if _, err := env.srv.Documents.CreateDocument(ctx, d); err != nil {
		t.Fatal(err)
	}
	start := strings.Index(text, "<script>")
	ev := dossier.Evidence{Start: 0, End: len(text), Text: text}
	x := &dossier.Extraction{DocumentID: d.ID, Text: text,
		Entities: []dossier.DocEntity{{ID: "e1", Type: "PER", Name: "Eve <script>", Aliases: []string{},
			Mentions: []dossier.Mention{{Start: 0, End: 3, Text: "Eve"}, {Start: start, End: start + 8, Text: "<script>"}}}},
		Claims: []dossier.Claim{{ID: "c1", Subject: "e1", SubjectName: "Eve <script>", Topic: "crime", Stance: "alleged",
			Speaker: &dossier.Source{Name: "<i>someone</i>"}, Content: dossier.Evidence{Start: start, End: start + 17, Text: text[start : start+17]},
			Evidence: ev}},
		Relations: []dossier.Relation{}, Pipeline: []string{"test"}}
	if err := env.extractions.SaveExtraction(ctx, x); err != nil {
		t.Fatal(err)
	}
	resp, body := uiGet(t, env, "/ui/documents/"+d.ID, nil)
	wantHTML(t, "hostile document", resp, body, 200)
	for _, bad := range []string{"<script>", "<img", "<b>Bad", "<i>someone", `href="javascript:`} {
		if strings.Contains(body, bad) {
			t.Errorf("unescaped %q in the page", bad)
		}
	}
	for _, want := range []string{`title="PER: Eve &lt;script&gt;">&lt;script&gt;</a></mark><mark title="evidence of claim c1">alert(1)&lt;/script&gt;`, "&lt;img src=x onerror=alert(2)&gt;", "&amp; left.",
		"&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;", `class="mention t-PER" href="#ent-e1"`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// The name search page escapes what was typed, too.
	resp, body = uiGet(t, env, "/ui/screen?name="+url.QueryEscape(`"><script>x</script>`), nil)
	wantHTML(t, "hostile name", resp, body, 200)
	if strings.Contains(body, "<script>") || !strings.Contains(body, "&#34;&gt;&lt;script&gt;x&lt;/script&gt;") {
		t.Errorf("hostile name not escaped:\n%s", body)
	}
}

// TestUIAuth: without auth off, pages need a read token: as a Bearer
// header, or handed over once with ?token= on /ui/ and then sent in the
// HttpOnly cookie it sets.
func TestUIAuth(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList}})
	resp, body := uiGet(t, env, "/ui/screen?name=Cabello", nil)
	wantHTML(t, "no token", resp, body, http.StatusUnauthorized)
	if !strings.Contains(body, `<form class="token" method="get" action="/ui/">`) || !strings.Contains(body, `type="password"`) {
		t.Errorf("401 page offers no token form:\n%s", body)
	}
	if !strings.Contains(body, "These pages need an API token") || strings.Contains(body, "Bearer") {
		t.Errorf("401 page without a token: the message is not for a browser user:\n%s", body)
	}
	resp, body = uiGet(t, env, "/ui/?token=not-a-token", nil)
	wantHTML(t, "bad token", resp, body, http.StatusUnauthorized)
	if !strings.Contains(body, "invalid or revoked API token") {
		t.Errorf("bad token: %s", body)
	}
	// ?token= counts on the home page only.
	resp, _ = uiGet(t, env, "/ui/screen?name=Cabello&token="+env.read, nil)
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("?token= on /ui/screen: %d", resp.StatusCode)
	}

	resp, _ = uiGet(t, env, "/ui/?token="+url.QueryEscape(env.read), nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/ui/" {
		t.Fatalf("token hand-over: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == uiCookie {
			cookie = c
		}
	}
	if cookie == nil || cookie.Value != env.read || !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode ||
		cookie.Path != "/ui/" || cookie.MaxAge != 0 {
		t.Fatalf("cookie: %+v", cookie)
	}
	resp, body = uiGet(t, env, "/ui/screen?name=Diosdado+Cabello", map[string]string{"Cookie": uiCookie + "=" + cookie.Value})
	wantHTML(t, "with cookie", resp, body, 200)
	if !strings.Contains(body, "Diosdado CABELLO RONDON") {
		t.Errorf("with cookie: no hit")
	}
	resp, body = uiGet(t, env, "/ui/entities/ofac-24424", map[string]string{"Authorization": "Bearer " + env.write})
	wantHTML(t, "with a write token", resp, body, 200)

	// A revoked token's cookie is refused and cleared.
	if _, err := env.tokens.RevokeToken(context.Background(), "reader"); err != nil {
		t.Fatal(err)
	}
	resp, body = uiGet(t, env, "/ui/", map[string]string{"Cookie": uiCookie + "=" + cookie.Value})
	wantHTML(t, "revoked", resp, body, http.StatusUnauthorized)
	if sc := resp.Header.Get("Set-Cookie"); !strings.Contains(sc, uiCookie+"=;") || !strings.Contains(sc, "Max-Age=0") {
		t.Errorf("revoked token's cookie not cleared: %q", sc)
	}
	// The style sheet is public: the 401 page needs it.
	resp, _ = uiGet(t, env, uiStylePath, nil)
	if resp.StatusCode != 200 {
		t.Errorf("style sheet without a token: %d", resp.StatusCode)
	}
}

// TestUIErrors: bad input is a 400 page that keeps the form; unknown
// things are 404 pages; an unbuilt index is a 503 page; a server error
// is a generic 500 page with the request ID, its cause only logged.
func TestUIErrors(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList}, noAuth: true})
	for _, c := range []struct{ path, want string }{
		{"/ui/screen", "Enter a name to screen."},
		{"/ui/screen?name=+++", "Enter a name to screen."},
		{"/ui/screen?name=Cabello&dob=15.04.1963", "Birth date: write it as a year"},
		{"/ui/screen?name=Cabello&dob=1963-02-30", "Birth date: write it as a year"},
		{"/ui/screen?name=Cabello&country=Narnia", "Country: use an ISO code"},
		{"/ui/screen?name=Cabello&type=planet", "Type: choose person"},
		{"/ui/screen?name=" + strings.Repeat("x", 2000), "name: longer than"},
	} {
		resp, body := uiGet(t, env, c.path, nil)
		wantHTML(t, c.path, resp, body, http.StatusBadRequest)
		if !strings.Contains(body, c.want) || !strings.Contains(body, `action="/ui/screen"`) {
			t.Errorf("%s: want %q and the form:\n%s", c.path, c.want, body)
		}
	}
	for _, p := range []string{"/ui/entities/nobody", "/ui/documents/0123456789abcdef", "/ui/nothing-here", uiPrefix + "static/0000/style.css"} {
		resp, body := uiGet(t, env, p, nil)
		wantHTML(t, p, resp, body, http.StatusNotFound)
		if !strings.Contains(body, "404 Not Found") || !strings.Contains(body, resp.Header.Get("X-Request-Id")) {
			t.Errorf("%s: not a 404 page with the request id:\n%s", p, body)
		}
	}
	resp, _ := uiGet(t, env, "/ui", nil)
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/ui/" {
		t.Errorf("/ui: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	// The JSON API still answers JSON.
	if status, h, _ := env.call(t, "GET", "/documents/0123456789abcdef", "", nil); status != 404 || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
		t.Errorf("API 404: %d %s", status, h.Get("Content-Type"))
	}

	unready := newEnv(t, envOptions{lists: []string{fixtureList}, noAuth: true, noStart: true})
	resp, body := uiGet(t, unready, "/ui/screen?name=Cabello", nil)
	wantHTML(t, "unready", resp, body, http.StatusServiceUnavailable)
	if resp.Header.Get("Retry-After") == "" || !strings.Contains(body, resp.Header.Get("X-Request-Id")) {
		t.Errorf("unready: no Retry-After or request id:\n%s", body)
	}

	// A server error: the page is generic, the cause is logged only.
	req := httptest.NewRequest("GET", "/ui/screen?name=x", nil)
	req = req.WithContext(context.WithValue(req.Context(), reqInfoKey{}, &reqInfo{id: "req-42"}))
	rec := httptest.NewRecorder()
	env.srv.writeError(rec, req, errors.New("database is locked: secret path /var/db"))
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "secret") || !strings.Contains(rec.Body.String(), "req-42") ||
		!strings.Contains(rec.Body.String(), "Something went wrong on the server") {
		t.Errorf("500 page: %d\n%s", rec.Code, rec.Body.String())
	}
}

// TestUIStyle: the style sheet is under its content hash, cached for a
// year, with an ETag that revalidates.
func TestUIStyle(t *testing.T) {
	env := newEnv(t, envOptions{noAuth: true, noStart: true})
	resp, body := uiGet(t, env, uiStylePath, nil)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/css; charset=utf-8" || body != string(uiStyle) ||
		!strings.Contains(resp.Header.Get("Cache-Control"), "max-age=31536000") || resp.Header.Get("ETag") != `"`+uiStyleHash+`"` {
		t.Fatalf("style: %d %v", resp.StatusCode, resp.Header)
	}
	resp, _ = uiGet(t, env, uiStylePath, map[string]string{"If-None-Match": `"` + uiStyleHash + `"`})
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation: %d", resp.StatusCode)
	}
}

// TestUITemplates: every view parses with the layout, and a missing
// view fails at start-up.
func TestUITemplates(t *testing.T) {
	if _, err := parseUI(uiTemplateFS); err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	files, err := fs.Glob(uiTemplateFS, "ui/templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f == "ui/templates/entity.html" {
			continue
		}
		b, err := uiTemplateFS.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		fsys[f] = &fstest.MapFile{Data: b}
	}
	if _, err := parseUI(fsys); err == nil || !strings.Contains(err.Error(), "entity") {
		t.Errorf("a missing view: %v", err)
	}
}

func TestUISegments(t *testing.T) {
	text := "Señor Ruiz was charged."
	e := &dossier.DocEntity{ID: "e1", Type: "PER", Name: "Ruiz"}
	segs, anchors := uiSegments(text, []uiSpan{
		{start: 0, end: 11, entity: e},     // "Señor Ruiz"
		{start: 7, end: 100, claim: "c1"},  // from "Ruiz" on, past the end
		{start: 7, end: 24, claim: "c2"},   // the same start, to the end
		{start: 3, end: 3, claim: "empty"}, // mid-rune and empty: dropped
		{start: -5, end: 2, claim: "c3"},   // "S", then the middle of ñ, clamped
	})
	var got []string
	for _, s := range segs {
		got = append(got, s.Text+"|"+s.Claims+"|"+s.Entity+"|"+s.Anchor)
	}
	want := []string{"Se|c3|ent-e1|ev-c3", "ñor ||ent-e1|", "Ruiz|c1 c2|ent-e1|ev-c1", " was charged.|c1 c2||"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("segments:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if anchors["c1"] != "ev-c1" || anchors["c2"] != "ev-c1" || anchors["c3"] != "ev-c3" || anchors["empty"] != "" {
		t.Errorf("anchors %v", anchors)
	}
}

// FuzzUISegments: any spans over any text give runs that put the text
// back together, each valid UTF-8 where the text is.
func FuzzUISegments(f *testing.F) {
	f.Add("Señor Ruiz was charged.", 0, 11, 7, 100)
	f.Add("", -1, 5, 3, 2)
	f.Fuzz(func(t *testing.T, text string, a, b, c, d int) {
		segs, _ := uiSegments(text, []uiSpan{{start: a, end: b, claim: "c1"}, {start: c, end: d, entity: &dossier.DocEntity{ID: "e1"}}})
		var sb strings.Builder
		for _, s := range segs {
			if s.Text == "" {
				t.Fatalf("empty segment")
			}
			if utf8.ValidString(text) && !utf8.ValidString(s.Text) {
				t.Fatalf("segment %q cuts a rune", s.Text)
			}
			sb.WriteString(s.Text)
		}
		if sb.String() != text {
			t.Fatalf("segments %q do not rebuild %q", sb.String(), text)
		}
	})
}
