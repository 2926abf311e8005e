package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestUIFlowInBrowser is the analyst's path through the UI in a real
// Chromium, with auth on: sign in with a write token, screen a name by
// keyboard, read the hit table, record a false positive from the hit's
// form, screen again and see the hit suppressed with its reason, then
// read the decision log with its verification. Every page is checked
// with axe-core (no serious or critical violation) and screenshotted,
// and a hostile article stays inert on every page that shows it.
func TestUIFlowInBrowser(t *testing.T) {
	ctx := mustBrowser(t)
	axe := axeScript(t)
	shots := artifactDir(t)
	env := newEnv(t, envOptions{lists: []string{fixtureList}, extractor: true})
	docID, _ := postArticle(t, env)
	hostileID := postHostileArticle(t, env)

	var html, loc string
	page := func(name string) {
		t.Helper()
		var err error
		if html, err = chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html"))); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if loc, err = chromedp.Run(ctx, chromedp.Location()); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		screenshot(t, ctx, shots, name)
		wantAccessible(t, ctx, axe, name)
		wantInert(t, ctx, name)
		wantNotRun(t, ctx, name)
	}
	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v (at %s)", what, err, loc)
		}
	}

	// Without a token: the 401 page offers the token form.
	run("no token", chromedp.Navigate(env.ts.URL+"/ui/screen?name=Diosdado+Cabello"), chromedp.WaitVisible(chromedp.CSS("main")))
	page("00-sign-in")
	if !strings.Contains(html, "401") || !strings.Contains(html, `type="password"`) {
		t.Errorf("without a token: no 401 page with a token form")
	}

	// Sign in: the token is handed over once and kept in a cookie.
	run("sign in", chromedp.Navigate(env.ts.URL+"/ui/?token="+url.QueryEscape(env.write)), chromedp.WaitVisible(chromedp.ID("#name")))
	page("01-home")
	if strings.Contains(loc, "token=") {
		t.Errorf("the token stays in the address bar: %s", loc)
	}

	// Keyboard: the first Tab reaches the skip link; the search is typed
	// and sent with Enter.
	run("tab", chromedp.KeyEvent(kb.Tab))
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.textContent`))
	if err != nil {
		t.Fatal(err)
	}
	if focused != "Skip to content" {
		t.Errorf("first Tab focuses %q, want the skip link", focused)
	}
	run("screen", chromedp.Focus(chromedp.ID("#name")), chromedp.KeyEvent("Diosdado Cabello"), chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.ID("#hits")))
	page("02-screen")
	for _, want := range []string{`id="hit-ofac-24424"`, "Diosdado CABELLO RONDON", "1963-04-15", "Matched name", "Program",
		"Adverse for this name", "The article as a whole", "Record a decision", `name="csrf_token"`} {
		if !strings.Contains(html, want) {
			t.Errorf("screen page lacks %q", want)
		}
	}

	// Record a false positive with the keyboard: open the hit's form,
	// choose the verdict, write the reason, send.
	const reason = "Namesake: born 1975 in Maturin, not the listed person"
	run("decide", chromedp.Focus(chromedp.CSS("#hit-ofac-24424 details.decide summary")), chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.ID("#hit1-fp")), chromedp.Focus(chromedp.ID("#hit1-fp")), chromedp.KeyEvent(" "),
		chromedp.Focus(chromedp.ID("#hit1-note")), chromedp.KeyEvent(reason),
		chromedp.Focus(chromedp.ID("#hit1-analyst")), chromedp.KeyEvent("A. Analyst"), chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.CSS("details.suppressed")))
	page("03-decided")
	if strings.Contains(html, `id="hit-ofac-24424"`) {
		t.Errorf("the false positive is still in the hit table")
	}
	if !strings.Contains(loc, "/ui/screen?") || !strings.Contains(loc, "name=Diosdado") {
		t.Errorf("after the form: at %s, want the screening page", loc)
	}

	// Screen again, from a fresh load: still suppressed, with the reason.
	run("screen again", chromedp.Navigate(env.ts.URL+"/ui/screen?name=Diosdado+Cabello"), chromedp.WaitVisible(chromedp.CSS("details.suppressed")),
		chromedp.Click(chromedp.CSS("details.suppressed summary")))
	page("04-screen-again")
	for _, want := range []string{"1 result hidden: decided false positive", "Diosdado CABELLO RONDON", reason, "False positive", "A. Analyst (token writer)",
		"No other list entity matches this name than the false positive hidden above."} {
		if !strings.Contains(html, want) {
			t.Errorf("second screen lacks %q", want)
		}
	}
	if strings.Contains(html, `id="hit-ofac-24424"`) {
		t.Errorf("second screen: the false positive is in the hit table")
	}

	// The decision log, verified.
	run("log", chromedp.Click(chromedp.CSS(`nav[aria-label="Site"] a[href="/ui/decisions"]`)), chromedp.WaitVisible(chromedp.CSS("table.log")))
	page("05-decisions")
	for _, want := range []string{"Verified:", "1 decision, hash chain intact", reason, "ofac-24424", ">verified<"} {
		if !strings.Contains(html, want) {
			t.Errorf("decision log lacks %q", want)
		}
	}

	// The other pages: entity, documents (one hostile).
	run("entity", chromedp.Navigate(env.ts.URL+"/ui/entities/ofac-24424"), chromedp.WaitVisible(chromedp.ID("#props")))
	page("06-entity")
	run("document", chromedp.Navigate(env.ts.URL+"/ui/documents/"+docID), chromedp.WaitVisible(chromedp.ID("#text")))
	page("07-document")
	run("hostile document", chromedp.Navigate(env.ts.URL+"/ui/documents/"+hostileID), chromedp.WaitVisible(chromedp.ID("#text")))
	page("08-hostile-document")
	run("hostile screen", chromedp.Navigate(env.ts.URL+"/ui/screen?name=Eve+Mallory"), chromedp.WaitVisible(chromedp.ID("#news")))
	page("09-hostile-screen")
	if !strings.Contains(html, hostileID) {
		t.Errorf("the screen for Eve Mallory does not show the hostile article %s", hostileID)
	}
	run("error", chromedp.Navigate(env.ts.URL+"/ui/documents/no-such-document"), chromedp.WaitVisible(chromedp.CSS("main")))
	page("10-not-found")
}

// hostileTitle and the rest are article fields that would run script
// if a page let them through.
const (
	hostileTitle  = `Eve Mallory <script>window.__pwned="title"</script><img src=x onerror="window.__pwned='img'">`
	hostileSource = `<svg onload="window.__pwned='source'">Bad Source</svg>`
	hostileURL    = `javascript:window.__pwned='url'`
)

// postHostileArticle stores, through the API, an article about "Eve
// Mallory" whose title, source, URL and text carry script.
func postHostileArticle(t *testing.T, env *testEnv) string {
	t.Helper()
	text := "Eve Mallory <script>window.__pwned='text'</script> was charged with fraud, prosecutors said. " +
		`Eve Mallory denied it "<a href="javascript:window.__pwned='a'">click</a>" on Friday.`
	status, _, body := env.call(t, "POST", "/documents", env.write, map[string]any{"title": hostileTitle, "source": hostileSource,
		"url": hostileURL, "published": "2026-02-01T10:00:00Z", "text": text})
	if status != http.StatusCreated {
		t.Fatalf("POST /documents (hostile): %d %s", status, body)
	}
	return MustJSON[documentCreated](t, body).ID
}

// wantNotRun checks that no hostile script ran on the page: each sets
// window.__pwned when it runs.
func wantNotRun(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	pwned, err := chromedp.Run(ctx, chromedp.Evaluate[string](`String(window.__pwned ?? "")`))
	if err != nil {
		t.Fatalf("%s: probe: %v", page, err)
	}
	if pwned != "" {
		t.Errorf("%s: hostile script ran (from the %s)", page, pwned)
	}
}

// TestUICSP: every UI page, the screening page, the entity pages and
// hostile articles' pages included, is served under a CSP that allows no
// script at all, and the hostile fields come out escaped; a javascript:
// URL is shown as text, never as a link (not even html/template's
// defused "#ZgotmplZ" one).
func TestUICSP(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList, networkList}, extractor: true, noAuth: true})
	id := postHostileArticle(t, env)
	about := postHostile(t, env) // names Diosdado Cabello, so his pages show it
	for _, path := range []string{"/ui/", "/ui/screen?name=Eve+Mallory", "/ui/documents/" + id, "/ui/documents/" + about,
		"/ui/screen?name=Diosdado+Cabello&stance=charged", "/ui/decisions", "/ui/entities/ofac-24424",
		"/ui/entities/ofac-24424?stance=charged&from=2026-03-06", "/ui/entities/ofac-24424/network?hops=2",
		"/ui/entities/nw-petrov", "/ui/entities/nw-vessel", "/ui/entities/nw-petrov/network?hops=2", "/ui/documents?q=Cabello",
		"/ui/documents?q=Mallory", "/ui/batch", "/ui/watches", "/ui/alerts", "/ui/nope"} {
		resp, body := uiGet(t, env, path, nil)
		csp := resp.Header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "style-src 'self'", "form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "script-src") || strings.Contains(csp, "unsafe") {
			t.Errorf("%s: CSP %q lets script in", path, csp)
		}
		for _, bad := range []string{"<script", "<img", "<svg onload", `href="javascript:`, `src="javascript:`, "ZgotmplZ"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s: %q reaches the page", path, bad)
			}
		}
	}
}
