package server

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// postForm sends a URL-encoded form with the client and returns the
// response and body.
func postForm(t *testing.T, c *http.Client, env *testEnv, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	resp, err := c.PostForm(env.ts.URL+path, form)
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

// TestUIWatchesAndAlerts pages through 30 watches, then acknowledges
// the alert a watch raised: refused without the CSRF token or a name,
// stored once with one, the first acknowledgement kept.
func TestUIWatchesAndAlerts(t *testing.T) {
	t.Parallel()
	env := newEnv(t, envOptions{lists: []string{fixtureList}, noAuth: true})
	var csv strings.Builder
	csv.WriteString("id,name,date_of_birth\nw-1,Diosdado Cabello,1963\nw-2,\"<script>alert(1)</script> Ковалёв\",\n")
	for i := 3; i <= 30; i++ {
		fmt.Fprintf(&csv, "w-%d,Subject Number %d,\n", i, i)
	}
	if status, _, body := env.call(t, "POST", "/watches/import?name=w.csv", env.write, csv.String()); status != 200 {
		t.Fatalf("import watches: %d %s", status, body)
	}
	resp, body := uiGet(t, env, "/ui/watches", nil)
	wantHTML(t, "watches", resp, body, 200)
	if n := strings.Count(body, `<a href="/ui/alerts?watch_id=`); n != uiBrowsePage {
		t.Errorf("page 1 shows %d watches, want %d", n, uiBrowsePage)
	}
	for _, want := range []string{"Diosdado Cabello", "&lt;script&gt;alert(1)&lt;/script&gt; Ковалёв", `href="/ui/watches?page=2" rel="next"`, "1–25 of 30"} {
		if !strings.Contains(body, want) {
			t.Errorf("watches page 1 lacks %q", want)
		}
	}
	_, body = uiGet(t, env, "/ui/watches?page=2", nil)
	if n := strings.Count(body, `<a href="/ui/alerts?watch_id=`); n != 5 || !strings.Contains(body, "Subject Number 30") ||
		!strings.Contains(body, `href="/ui/watches?page=1" rel="prev"`) || strings.Contains(body, `rel="next"`) {
		t.Errorf("watches page 2 (%d rows):\n%s", n, body)
	}
	resp, body = uiGet(t, env, "/ui/watches?page=0", nil)
	wantHTML(t, "page=0", resp, body, 400)

	waitFor(t, "the list-hit alert", func() bool {
		_, body := uiGet(t, env, "/ui/alerts?kind=list_hit", nil)
		return strings.Contains(body, `href="/ui/entities/ofac-24424"`)
	})
	resp, body = uiGet(t, env, "/ui/alerts?kind=list_hit", nil)
	wantHTML(t, "alerts", resp, body, 200)
	m := regexp.MustCompile(`<li id="alert-(\d+)" class="card alert">\s*<h2 class="alert-head">Alert \d+: <a href="/ui/entities/ofac-24424">`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no alert for ofac-24424:\n%s", body)
	}
	id := m[1]
	csrf := csrfOf(t, body)
	c := uiSession(t, env)
	ack := "/ui/alerts/" + id + "/ack"
	if resp, body := postForm(t, c, env, ack, url.Values{"author": {"Zoë"}}); resp.StatusCode != 403 {
		t.Errorf("no CSRF token: %d\n%s", resp.StatusCode, body)
	}
	if resp, body := postForm(t, c, env, ack, url.Values{"csrf_token": {csrf}, "kind": {"list_hit"}}); resp.StatusCode != 400 ||
		!strings.Contains(body, "give your name to acknowledge it") {
		t.Errorf("no author: %d\n%s", resp.StatusCode, body)
	}
	resp, body = postForm(t, c, env, ack, url.Values{"csrf_token": {csrf}, "author": {"Zoë"}, "note": {"<b>same</b> person"}, "kind": {"list_hit"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/ui/alerts?acked="+id+"&kind=list_hit#alert-"+id {
		t.Fatalf("acknowledge: %d %q\n%s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	postForm(t, c, env, ack, url.Values{"csrf_token": {csrf}, "author": {"Bob"}})
	_, body = uiGet(t, env, "/ui/alerts?kind=list_hit", nil)
	if !strings.Contains(body, `<li id="alert-`+id+`" class="card alert acked">`) || !strings.Contains(body, "Acknowledged by Zoë on ") ||
		!strings.Contains(body, "&lt;b&gt;same&lt;/b&gt; person") || strings.Contains(body, "Acknowledged by Bob") {
		t.Errorf("the acknowledgement is not shown, or not the first:\n%s", body)
	}
	if resp, _ := postForm(t, c, env, "/ui/alerts/99999/ack", url.Values{"csrf_token": {csrf}, "author": {"Zoë"}}); resp.StatusCode != 404 {
		t.Errorf("unknown alert: %d", resp.StatusCode)
	}
	resp, body = uiGet(t, env, "/ui/alerts?kind=bogus", nil)
	wantHTML(t, "bad kind", resp, body, 400)

	// Filtered by state: the acknowledged alert is among the
	// acknowledged ones only, and the filter is kept by the form.
	_, body = uiGet(t, env, "/ui/alerts?state=acknowledged", nil)
	if !strings.Contains(body, `id="alert-`+id+`"`) || strings.Contains(body, `class="card alert">`) ||
		!strings.Contains(body, `<option value="acknowledged" selected>`) {
		t.Errorf("state=acknowledged: the acknowledged alert missing, or an open one shown:\n%s", body)
	}
	_, body = uiGet(t, env, "/ui/alerts?state=open", nil)
	if strings.Contains(body, `id="alert-`+id+`"`) || strings.Contains(body, `class="card alert acked"`) {
		t.Errorf("state=open: an acknowledged alert shown:\n%s", body)
	}
	resp, body = uiGet(t, env, "/ui/alerts?state=done", nil)
	wantHTML(t, "bad state", resp, body, 400)
}

// TestUIDocumentSearch searches the stored documents with FTS syntax
// (words, phrases, prefixes, OR) and pages through the results; a
// hostile title stays text.
func TestUIDocumentSearch(t *testing.T) {
	t.Parallel()
	env := newEnv(t, envOptions{lists: []string{fixtureList}, noAuth: true})
	for i := 1; i <= 27; i++ {
		doc := map[string]any{"title": fmt.Sprintf("Shipping memo %d", i), "source": "Memo Wire",
			"text": fmt.Sprintf("Memo %d. The tanker Rio Orinoco loaded crude at José terminal; memo number %d.", i, i)}
		if status, _, body := env.call(t, "POST", "/documents", env.write, doc); status != http.StatusCreated {
			t.Fatalf("POST /documents: %d %s", status, body)
		}
	}
	postHostile(t, env)
	resp, body := uiGet(t, env, "/ui/documents", nil)
	wantHTML(t, "search form", resp, body, 200)
	if !strings.Contains(body, "28 documents stored, the latest first.") {
		t.Errorf("the search form does not say how many documents are stored")
	}
	// Without a search, the stored documents (the latest first; here
	// stored within one second, so by ID), paged: every one once.
	docLink := regexp.MustCompile(`<h2 class="doc-title"><a href="/ui/documents/([0-9a-f]+)">`)
	seen := map[string]bool{}
	for pg, want := range []int{uiBrowsePage, 28 - uiBrowsePage} {
		_, body := uiGet(t, env, fmt.Sprintf("/ui/documents?page=%d", pg+1), nil)
		ms := docLink.FindAllStringSubmatch(body, -1)
		if len(ms) != want || strings.Contains(body, `rel="next"`) != (pg == 0) {
			t.Errorf("listing, page %d: %d documents, want %d:\n%s", pg+1, len(ms), want, body)
		}
		for _, m := range ms {
			seen[m[1]] = true
		}
	}
	if len(seen) != 28 {
		t.Errorf("the two pages list %d distinct documents, want 28", len(seen))
	}

	resp, body = uiGet(t, env, "/ui/documents?q=orinoco", nil)
	wantHTML(t, "search", resp, body, 200)
	if n := strings.Count(body, `<li class="card">`); n != uiBrowsePage || !strings.Contains(body, "<mark>Orinoco</mark>") ||
		!strings.Contains(body, "1–25, more follow") || !strings.Contains(body, `href="/ui/documents?page=2&amp;q=orinoco" rel="next"`) {
		t.Errorf("page 1 (%d hits):\n%s", n, body)
	}
	_, body = uiGet(t, env, "/ui/documents?page=2&q=orinoco", nil)
	if n := strings.Count(body, `<li class="card">`); n != 2 || strings.Contains(body, `rel="next"`) || !strings.Contains(body, "26–27 of 27") {
		t.Errorf("page 2 (%d hits):\n%s", n, body)
	}
	for q, want := range map[string]int{`"memo number 7"`: 1, `memo AND "number 1"`: 1, "tank*": 25, `cabello OR "memo 3."`: 2, "José": 25} {
		_, body = uiGet(t, env, "/ui/documents?q="+url.QueryEscape(q), nil)
		if n := strings.Count(body, `<li class="card">`); n != want {
			t.Errorf("q=%s: %d hits, want %d", q, n, want)
		}
	}
	_, body = uiGet(t, env, "/ui/documents?q=pwned", nil)
	if !strings.Contains(body, "&lt;script&gt;document.title=") || strings.Contains(body, "<script") || strings.Contains(body, "<img") {
		t.Errorf("the hostile title is not inert text:\n%s", body)
	}
	_, body = uiGet(t, env, "/ui/documents?q=nothingmatchesthis", nil)
	if !strings.Contains(body, "No document matches.") {
		t.Errorf("no match:\n%s", body)
	}
	resp, body = uiGet(t, env, "/ui/documents?q=x&page=41", nil)
	wantHTML(t, "page too deep", resp, body, 400)
}

// TestBrowserBrowse acknowledges an alert through its form in Chromium
// (the CSRF token and the session as a browser sends them), and shows
// the watches and a document search.
func TestBrowserBrowse(t *testing.T) {
	t.Parallel()
	ctx := mustBrowser(t)
	env := newEnv(t, envOptions{lists: []string{fixtureList}, noAuth: true})
	dir := artifactDir(t)
	if status, _, body := env.call(t, "POST", "/watches", env.write, `{"name":"Diosdado Cabello","schema":"person"}`); status != http.StatusCreated {
		t.Fatalf("POST /watches: %d %s", status, body)
	}
	postHostile(t, env)
	waitFor(t, "an alert", func() bool {
		_, body := uiGet(t, env, "/ui/alerts", nil)
		return strings.Contains(body, "Acknowledge")
	})
	browserDo(t, ctx, "open the alerts", chromedp.Navigate(env.ts.URL+"/ui/alerts"), chromedp.WaitVisible(chromedp.CSS("form.ack")))
	screenshot(t, ctx, dir, "alerts")
	browserDo(t, ctx, "acknowledge", chromedp.SendKeys(chromedp.CSS(`form.ack input[name="author"]`), "Zoë Ñúñez"),
		chromedp.SendKeys(chromedp.CSS(`form.ack input[name="note"]`), "reviewed"),
		chromedp.Click(chromedp.CSS(`form.ack button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS("p.ack")))
	if got := browserText(t, ctx, "p.ack"); !strings.Contains(got, "Acknowledged by Zoë Ñúñez") || !strings.Contains(got, "reviewed") {
		t.Errorf("after acknowledging: %q", got)
	}
	screenshot(t, ctx, dir, "alerts-acknowledged")
	checkAccessible(t, ctx, "alerts-acknowledged")
	wantInert(t, ctx, "alerts page")
	browserDo(t, ctx, "watches", chromedp.Navigate(env.ts.URL+"/ui/watches"), chromedp.WaitVisible(chromedp.CSS("table.watches")))
	screenshot(t, ctx, dir, "watches")
	checkAccessible(t, ctx, "watches")
	browserDo(t, ctx, "search", chromedp.Navigate(env.ts.URL+"/ui/documents"), chromedp.SendKeys(chromedp.CSS("#q"), "cabello"),
		// the results' snippets: the page before the search lists documents too, without them
		chromedp.Submit(chromedp.CSS("#q")), chromedp.WaitVisible(chromedp.CSS("ol.hits-docs p.snippet")))
	if got := browserText(t, ctx, "ol.hits-docs"); !strings.Contains(got, `<script>document.title="pwned"</script>`) {
		t.Errorf("search results: %q", got)
	}
	screenshot(t, ctx, dir, "documents")
	checkAccessible(t, ctx, "documents")
	wantInert(t, ctx, "search page")
}
