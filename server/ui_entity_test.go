package server

import (
	"strconv"

	"encoding/json"
	"fmt"
	"github.com/chromedp/chromedp"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hubList writes an FtM list with a company, gen-hub, that
// owners and directors refer to: 22 ownerships in dataset gen_a and 8
// directorships in gen_b, more than a page of related entities. Its
// sourceUrl holds a web page and a javascript: URL.
func hubList(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	line := func(v map[string]any) {
		j, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(j)
		b.WriteByte('\n')
	}
	line(map[string]any{"id": "gen-hub", "schema": "Company", "datasets": []string{"gen_a"}, "properties": map[string]any{
		"name": []string{"Hub Holdings Ltd"}, "jurisdiction": []string{"cy"}, "topics": []string{"sanction"},
		"sourceUrl": []string{"https://registry.example.org/gen-hub", hostileURL}}})
	for i := 1; i <= 30; i++ {
		owner := fmt.Sprintf("gen-p%02d", i)
		line(map[string]any{"id": owner, "schema": "Person", "datasets": []string{"gen_a"},
			"properties": map[string]any{"name": []string{fmt.Sprintf("Person Number%02d", i)}}})
		if i <= 22 {
			line(map[string]any{"id": "gen-own-" + owner, "schema": "Ownership", "datasets": []string{"gen_a"},
				"properties": map[string]any{"owner": []string{owner}, "asset": []string{"gen-hub"}, "percentage": []string{"1"}}})
		} else {
			line(map[string]any{"id": "gen-dir-" + owner, "schema": "Directorship", "datasets": []string{"gen_b"},
				"properties": map[string]any{"director": []string{owner}, "organization": []string{"gen-hub"}}})
		}
	}
	p := filepath.Join(t.TempDir(), "hub.ftm.jsonl")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// postCabelloNews stores n short articles written for the tests, each
// naming Diosdado Cabello, published on successive days of April 2026;
// odd ones report a charge, even ones a denial. It returns their IDs in
// that order.
func postCabelloNews(t *testing.T, env *testEnv, n int) []string {
	t.Helper()
	var ids []string
	for i := 1; i <= n; i++ {
		text := fmt.Sprintf("Prosecutors in district %d charged Diosdado Cabello with money laundering on Monday, court filings show.", i)
		if i%2 == 0 {
			text = fmt.Sprintf("Diosdado Cabello denied any link to the bank in district %d, his office said on Tuesday.", i)
		}
		status, _, body := env.call(t, "POST", "/documents", env.write, map[string]any{
			"title": fmt.Sprintf("Cabello report number %d", i), "source": "Test Wire", "url": fmt.Sprintf("https://wire.example.org/%d", i),
			"published": fmt.Sprintf("2026-04-%02dT09:00:00Z", i), "text": text})
		if status != http.StatusCreated {
			t.Fatalf("POST /documents: %d %s", status, body)
		}
		ids = append(ids, MustJSON[documentCreated](t, body).ID)
	}
	return ids
}

// TestUIEntityPagesAndFilters: the entity page pages its news and its
// related entities, and filters them from the URL (the news by topic,
// stance, dates and minimum score; the related entities by dataset and
// schema), its forms keeping every filter; a bad filter is a 400 naming
// the field. Property names read as labels, topics as their labels, and
// only a web URL becomes a link.
func TestUIEntityPagesAndFilters(t *testing.T) {
	hub := hubList(t)
	env := newEnv(t, envOptions{lists: []string{fixtureList, hub}, datasets: map[string]string{hub: "gen"}, extractor: true, noAuth: true})
	cabelloDoc, _ := postArticle(t, env)
	news := postCabelloNews(t, env, 12)
	docLink := func(id string) string { return `href="/ui/documents/` + id + `"` }
	countDocs := func(body string) int {
		n := 0
		for _, id := range append([]string{cabelloDoc}, news...) {
			if strings.Contains(body, "<h3><a "+docLink(id)) {
				n++
			}
		}
		return n
	}

	const cabello = "/ui/entities/ofac-24424"
	for _, tt := range []struct {
		Name, Query string
		Count       int      // documents shown
		Want        []string // in the page
		Status      int
		Problem     string
	}{
		{Name: "first page", Query: "", Count: 10, Want: []string{"1–10 of 13", `href="/ui/entities/ofac-24424?npage=2#news"`, "page 1 of 2"}},
		{Name: "second page", Query: "?npage=2", Count: 3, Want: []string{"11–13 of 13", `rel="prev"`}},
		{Name: "past the end", Query: "?npage=9", Count: 3, Want: []string{"11–13 of 13"}},
		{Name: "one day", Query: "?from=2026-04-03&to=2026-04-03", Count: 1, Want: []string{docLink(news[2]), "1–1 of 1"}},
		{Name: "from", Query: "?from=2026-04-11", Count: 2, Want: []string{docLink(news[10]), docLink(news[11])}},
		{Name: "to", Query: "?to=2026-03-31", Count: 1, Want: []string{docLink(cabelloDoc)}},
		{Name: "stance", Query: "?stance=denied", Count: 7}, // six denials and the first article's
		{Name: "stance and page", Query: "?stance=denied&to=2026-04-30&npage=1", Count: 7},
		{Name: "topic", Query: "?topic=crime.traffick.drug", Count: 1, Want: []string{docLink(cabelloDoc)}},
		{Name: "topic none", Query: "?topic=crime.war", Count: 0, Want: []string{"with these filters"}},
		{Name: "min score", Query: "?min=0.5", Count: 10, Want: []string{"of 13"}},
		{Name: "bad min", Query: "?min=lots", Status: 400, Problem: "Minimum score"},
		{Name: "bad stance", Query: "?stance=rumoured", Status: 400, Problem: "Stance"},
		{Name: "bad date", Query: "?to=April", Status: 400, Problem: "Published to"},
		{Name: "bad page", Query: "?npage=0", Status: 400, Problem: "Page"},
	} {
		t.Run("news "+tt.Name, func(t *testing.T) {
			status := max(tt.Status, 200)
			resp, body := uiGet(t, env, cabello+tt.Query, nil)
			wantHTML(t, tt.Name, resp, body, status)
			if status != 200 {
				if !strings.Contains(body, `class="problem"`) || !strings.Contains(body, tt.Problem) {
					t.Errorf("the problem does not name %q", tt.Problem)
				}
				return
			}
			if n := countDocs(body); n != tt.Count {
				t.Errorf("%d documents shown, want %d", n, tt.Count)
			}
			for _, w := range tt.Want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			q, _ := url.ParseQuery(strings.TrimPrefix(tt.Query, "?"))
			for k, v := range q {
				if k != "npage" && !strings.Contains(body, `value="`+v[0]+`"`) {
					t.Errorf("the form lost %s=%s", k, v[0])
				}
			}
		})
	}

	const hubPage = "/ui/entities/gen-hub"
	owned := func(body string) (own, dir int) {
		return strings.Count(body, `<span title="owner">Owner</span>: <a href="/ui/entities/gen-p`), strings.Count(body, `<span title="director">Director</span>: <a href="/ui/entities/gen-p`)
	}
	for _, tt := range []struct {
		Name, Query string
		Own, Dir    int
		Want        []string
	}{
		{Name: "first page", Own: 17, Dir: 8, Want: []string{"1–25 of 30", `href="/ui/entities/gen-hub?rpage=2#related"`}},
		{Name: "second page", Query: "?rpage=2", Own: 5, Dir: 0, Want: []string{"26–30 of 30"}},
		{Name: "schema", Query: "?schema=Directorship", Dir: 8, Want: []string{"1–8 of 8"}},
		{Name: "dataset", Query: "?dataset=gen_a", Own: 22, Want: []string{"1–22 of 22"}},
		{Name: "dataset and schema", Query: "?dataset=gen_b&schema=Ownership", Want: []string{"0 of 0", "No related entity"}},
		{Name: "news filter kept", Query: "?schema=Directorship&stance=charged", Dir: 8,
			Want: []string{`<input type="hidden" name="stance" value="charged">`, `<input type="hidden" name="schema" value="Directorship">`}},
	} {
		t.Run("related "+tt.Name, func(t *testing.T) {
			resp, body := uiGet(t, env, hubPage+tt.Query, nil)
			wantHTML(t, tt.Name, resp, body, 200)
			if own, dir := owned(body); own != tt.Own || dir != tt.Dir {
				t.Errorf("%d ownerships and %d directorships shown, want %d and %d", own, dir, tt.Own, tt.Dir)
			}
			for _, w := range tt.Want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
		})
	}

	// Labels, topics and links.
	resp, body := uiGet(t, env, hubPage, nil)
	wantHTML(t, "hub", resp, body, 200)
	for _, w := range []string{`<span title="jurisdiction">Jurisdiction</span>`, `<span title="sourceUrl">Source link</span>`,
		`<span title="sanction">Sanctioned</span>`, `<a href="https://registry.example.org/gen-hub" rel="noreferrer noopener">`,
		"javascript:window.__pwned=&#39;url&#39;"} {
		if !strings.Contains(body, w) {
			t.Errorf("hub page lacks %q", w)
		}
	}
	if strings.Contains(body, `href="javascript:`) || strings.Contains(body, `href="#ZgotmplZ"`) {
		t.Errorf("a javascript: URL became a link")
	}
	resp, body = uiGet(t, env, cabello, nil)
	wantHTML(t, "cabello", resp, body, 200)
	for _, w := range []string{`<span title="birthDate">Birth date</span>`, `<span title="addressEntity">Address</span>`,
		`<span title="program">Program</span>`, `<span title="authority">Authority</span>`} {
		if !strings.Contains(body, w) {
			t.Errorf("entity page lacks %q", w)
		}
	}
	// A merged-away ID keeps the view's query when it redirects.
	resp, _ = uiGet(t, env, "/ui/entities/fx-old-cabello?stance=denied&npage=2", nil)
	if resp.StatusCode != http.StatusPermanentRedirect || resp.Header.Get("Location") != cabello+"?stance=denied&npage=2" {
		t.Errorf("merged ID: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestPropLabel(t *testing.T) {
	for _, tt := range []struct{ Schema, Prop, Want string }{
		{"Person", "birthDate", "Birth date"},  // Person's own
		{"Person", "sourceUrl", "Source link"}, // from Thing
		{"Company", "jurisdiction", "Jurisdiction"},
		{"Aircraft", "name", "Name"},
		{"Sanction", "startDate", "Start date"}, // no table: cut
		{"Sanction", "programId", "Program ID"},
		{"Address", "addressEntity", "Address"},
		{"Vessel", "imoNumber", "IMO Number"}, // FtM's label
		{"Unknown", "", ""},
		{"Unknown", "x", "X"},
		{"Unknown", "ÉtatCivil", "État civil"},
	} {
		if got := propLabel(tt.Schema, tt.Prop); got != tt.Want {
			t.Errorf("propLabel(%q, %q) = %q, want %q", tt.Schema, tt.Prop, got, tt.Want)
		}
	}
}

// TestBrowserEntity drives the entity page in Chromium: its news filtered
// by stance through the form and paged with the pager, a company's
// related entities filtered by schema, and a network entity whose
// relations carry hostile text. Each page is screenshotted, checked with
// axe-core, and its hostile article and list text stays inert.
func TestBrowserEntity(t *testing.T) {
	t.Parallel()
	ctx := mustBrowser(t)
	hub := hubList(t)
	env := newEnv(t, envOptions{lists: []string{fixtureList, networkList, hub}, datasets: map[string]string{hub: "gen"},
		extractor: true, noAuth: true})
	postArticle(t, env)
	postCabelloNews(t, env, 12)
	postHostile(t, env)
	dir := artifactDir(t)
	check := func(name string) {
		t.Helper()
		screenshot(t, ctx, dir, name)
		checkAccessible(t, ctx, name)
		wantInert(t, ctx, name)
		wantNotRun(t, ctx, name)
	}
	count := func(sel string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+strconv.Quote(sel)+`).length`))
		if err != nil {
			t.Fatalf("browser: count %s: %v", sel, err)
		}
		return n
	}
	location := func() string {
		t.Helper()
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	const news = `section[aria-labelledby="news"] article.news`

	browserDo(t, ctx, "open the entity page", chromedp.Navigate(env.ts.URL+"/ui/entities/ofac-24424"), chromedp.WaitVisible(chromedp.ID("#news")))
	check("entity")
	if n := count(news); n != 10 {
		t.Errorf("first page: %d documents, want 10", n)
	}
	if got := browserText(t, ctx, "#news .count"); got != "1–10 of 14" {
		t.Errorf("news count reads %q", got)
	}

	// Filter by stance with the keyboard: choose in the select, send the form.
	browserDo(t, ctx, "filter the news", chromedp.Focus(chromedp.ID("#stance")), chromedp.SetValue(chromedp.ID("#stance"), "denied"),
		chromedp.Click(chromedp.CSS(`form[aria-label="Filter the news"] button[type="submit"]`)),
		chromedp.WaitReady(chromedp.CSS(`#stance option[value="denied"][selected]`)))
	check("entity-denied")
	if loc := location(); !strings.Contains(loc, "stance=denied") {
		t.Errorf("the filter is not in the URL: %s", loc)
	}
	if n := count(news); n != 7 {
		t.Errorf("denied: %d documents, want 7", n)
	}

	// Page through the unfiltered news.
	browserDo(t, ctx, "news page 2", chromedp.Navigate(env.ts.URL+"/ui/entities/ofac-24424"), chromedp.WaitVisible(chromedp.ID("#news")),
		chromedp.Click(chromedp.CSS(`nav[aria-label="Pages of news"] a[rel="next"]`)),
		chromedp.WaitVisible(chromedp.CSS(`nav[aria-label="Pages of news"] a[rel="prev"]`)))
	check("entity-news-page-2")
	if loc := location(); !strings.Contains(loc, "npage=2") {
		t.Errorf("the page is not in the URL: %s", loc)
	}
	if n := count(news); n != 4 {
		t.Errorf("second page: %d documents, want 4", n)
	}
	if got := browserText(t, ctx, "#news .count"); got != "11–14 of 14" {
		t.Errorf("news count reads %q", got)
	}

	// A company's related entities, by schema.
	browserDo(t, ctx, "related by schema", chromedp.Navigate(env.ts.URL+"/ui/entities/gen-hub"), chromedp.WaitVisible(chromedp.ID("#related")),
		chromedp.SetValue(chromedp.ID("#schema"), "Directorship"),
		chromedp.Click(chromedp.CSS(`form[aria-label="Filter the related entities"] button[type="submit"]`)),
		chromedp.WaitReady(chromedp.CSS(`#schema option[value="Directorship"][selected]`)))
	check("entity-related")
	if n := count("ul.related li"); n != 8 {
		t.Errorf("directorships: %d shown, want 8", n)
	}
	if n := count(`a[href="https://registry.example.org/gen-hub"]`); n != 1 {
		t.Errorf("the source link: %d, want 1", n)
	}

	// Hostile list text in relations.
	browserDo(t, ctx, "network entity", chromedp.Navigate(env.ts.URL+"/ui/entities/nw-petrov"), chromedp.WaitVisible(chromedp.ID("#related")))
	check("entity-hostile-relations")
	if got := browserText(t, ctx, "ul.related"); !strings.Contains(got, "spouse <img src=x onerror=alert(1)>") {
		t.Errorf("the relationship's text is not shown as text: %q", got)
	}
}
