package server

import (
	"encoding/csv"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dossier"
)

// squash collapses runs of white space, so that text a PDF wraps over
// lines compares with the text it was given.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// decideViaAPI records a decision for the subject "Diosdado Cabello".
func decideViaAPI(t *testing.T, env *testEnv, body map[string]any) {
	t.Helper()
	body["subject_name"] = "Diosdado Cabello"
	if _, ok := body["author"]; !ok {
		body["author"] = "analyst Zoë"
	}
	status, _, resp := env.call(t, "POST", "/decisions", env.write, body)
	if status != http.StatusCreated {
		t.Fatalf("POST /decisions: %d %s", status, resp)
	}
}

// TestUIReport screens the fixture subject with a decision on its hit
// and another decided false positive, then exports the CSV and the PDF:
// both hold the query, the list version, the hit with its explanation
// and decision, the false positive left out, and the article with each
// claim's evidence and the source URL.
func TestUIReport(t *testing.T) {
	t.Parallel()
	env := newEnv(t, envOptions{lists: []string{fixtureList}, extractor: true, noAuth: true})
	docID, x := postArticle(t, env)
	decideViaAPI(t, env, map[string]any{"list_entity_id": "ofac-24424", "verdict": "match", "note": "same birth date and party post"})
	decideViaAPI(t, env, map[string]any{"list_entity_id": "fx-maduro", "verdict": "false_positive", "note": "another person"})
	versions, err := env.listsService.FindListVersions(t.Context(), "")
	if err != nil || len(versions) == 0 {
		t.Fatalf("list versions: %v %v", versions, err)
	}
	var claims []dossier.Claim
	for _, c := range x.Claims {
		if strings.Contains(c.SubjectName, "Cabello") {
			claims = append(claims, c)
		}
	}
	if len(claims) == 0 {
		t.Fatalf("the article has no claim about Cabello: %+v", x.Claims)
	}

	const q = "?name=Diosdado+Cabello&type=person"
	resp, body := uiGet(t, env, "/ui/screen"+q, nil)
	wantHTML(t, "screen", resp, body, 200)
	for _, want := range []string{`href="/ui/screen/report.pdf?name=Diosdado&#43;Cabello&amp;type=person"`,
		`href="/ui/screen/report.csv?name=Diosdado&#43;Cabello&amp;type=person"`} {
		if !strings.Contains(body, want) {
			t.Errorf("screening page lacks the export link %s:\n%s", want, body)
		}
	}

	t.Run("CSV", func(t *testing.T) {
		resp, body := uiGet(t, env, "/ui/screen/report.csv"+q, nil)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
			t.Fatalf("report.csv: %d %s\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
		if cd := resp.Header.Get("Content-Disposition"); !regexp.MustCompile(`^attachment; filename="screening-Diosdado-Cabello-\d{4}-\d\d-\d\d\.csv"$`).MatchString(cd) {
			t.Errorf("Content-Disposition %q", cd)
		}
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatalf("report.csv is not CSV: %v\n%s", err, body)
		}
		if strings.Join(rows[0], ",") != strings.Join(reportCSVHeader, ",") {
			t.Fatalf("header %q", rows[0])
		}
		col := map[string]int{}
		for i, k := range rows[0] {
			col[k] = i
		}
		byRecord := map[string][][]string{}
		for _, r := range rows[1:] {
			byRecord[r[0]] = append(byRecord[r[0]], r)
		}
		if qr := byRecord["query"]; len(qr) != 1 || qr[0][col["name"]] != "Diosdado Cabello" || qr[0][col["schema"]] != "Person" {
			t.Errorf("query rows %q", qr)
		}
		if l := byRecord["list"]; len(l) != len(versions) || l[0][col["id"]] != versions[0].Version || l[0][col["datasets"]] != versions[0].Dataset {
			t.Errorf("list rows %q, want %d versions (%s)", l, len(versions), versions[0].Version)
		}
		var hit []string
		for _, r := range byRecord["hit"] {
			if r[col["id"]] == "ofac-24424" {
				hit = r
			}
		}
		if hit == nil {
			t.Fatalf("no hit row for ofac-24424: %q", byRecord["hit"])
		}
		if hit[col["decision"]] != "match" || hit[col["decision_note"]] != "same birth date and party post" ||
			!strings.Contains(hit[col["decided_by"]], "analyst Zoë") || !strings.Contains(hit[col["explanation"]], "name ") ||
			hit[col["match"]] != "true" {
			t.Errorf("hit row %q", hit)
		}
		if d := byRecord["decided"]; len(d) != 1 || d[0][col["id"]] != "fx-maduro" || d[0][col["decision"]] != "false_positive" {
			t.Errorf("decided rows %q", d)
		}
		if n := byRecord["news"]; len(n) != 1 || n[0][col["document_id"]] != docID || n[0][col["source_url"]] != "https://news.example.org/2026/cabello-charged" {
			t.Errorf("news rows %q", n)
		}
		got := map[string][]string{}
		for _, r := range byRecord["claim"] {
			got[r[col["id"]]] = r
		}
		for _, c := range claims {
			r, ok := got[c.ID]
			if !ok {
				t.Errorf("no row for claim %s", c.ID)
				continue
			}
			if r[col["evidence"]] != c.Evidence.Text || r[col["stance"]] != c.Stance || !strings.Contains(r[col["topic"]], c.Topic) ||
				r[col["source_url"]] != "https://news.example.org/2026/cabello-charged" {
				t.Errorf("claim row %q, want evidence %q", r, c.Evidence.Text)
			}
		}
	})

	t.Run("PDF", func(t *testing.T) {
		resp, body := uiGet(t, env, "/ui/screen/report.pdf"+q, nil)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("report.pdf: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		text, err := pdfText([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		wantPDFText(t, text, append([]string{"Screening report: Diosdado Cabello", "Lists screened", versions[0].Version,
			"Diosdado CABELLO RONDON", "ofac-24424", "Decision: true match, by analyst Zoë", "same birth date and party post",
			"Decided false positives, left out: 1", "another person",
			"Venezuelan party chief Diosdado Cabello charged in U.S. drug case", "https://news.example.org/2026/cabello-charged",
		}, claimTexts(claims)...))
	})

	t.Run("bad form", func(t *testing.T) {
		resp, body := uiGet(t, env, "/ui/screen/report.pdf?name=Cabello&dob=1963-13", nil)
		wantHTML(t, "report with a bad birth date", resp, body, http.StatusBadRequest)
		if !strings.Contains(body, "Birth date: write it as a year") {
			t.Errorf("the problem is not shown:\n%s", body)
		}
	})
}

func claimTexts(claims []dossier.Claim) []string {
	var out []string
	for _, c := range claims {
		out = append(out, "Claim "+c.ID+": "+c.Stance, c.Evidence.Text)
	}
	return out
}

// wantPDFText checks that the text extracted from a PDF holds each of
// wants, white space squashed.
func wantPDFText(t *testing.T, text string, wants []string) {
	t.Helper()
	flat := squash(text)
	for _, want := range wants {
		if !strings.Contains(flat, squash(want)) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("PDF text:\n%s", text)
	}
}

// TestReportPDFText writes a report with names in Cyrillic, Greek and
// accented Latin, and hostile text, and reads them back from the PDF;
// only http(s) URLs become links.
func TestReportPDFText(t *testing.T) {
	pub := time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)
	rep := &caseReport{
		Form: uiForm{Name: "Дмитрий Ковалёв", DOB: "1970"}, Schema: "Person", SubjectKey: "дмитрий ковалёв|1970",
		Generated: time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC), IndexBuilt: "2026-12-07T09:00:00Z",
		Lists: []*dossier.ListVersion{{Dataset: "eu_fsf", Title: "EU financial sanctions", Version: "v-123", Loaded: pub}},
		Hits: []reportHit{{uiHit: uiHit{ID: "eu-1", Caption: "KOVALYOV, Dmitry Sergeyevich", Schema: "Person", Score: 0.91, Match: true,
			Datasets: []string{"eu_fsf"}, MatchedName: "Дмитрий Ковалёв", Features: []uiFeature{{Name: "name", Score: 0.91, Detail: "“Ковалёв” ≈ “Kovalyov”"}}},
			Decision: &dossier.Decision{Verdict: dossier.VerdictNeedsReview, Author: "Zoë Ñúñez", Note: "Πατρώνυμο differs", Created: pub}}},
		Total: 1,
		News: []reportNews{{Doc: documentJSON{ID: "d1", Title: `<script>alert(1)</script> Ковалёв (charged)`, URL: "javascript:alert(1)",
			Source: "Gazeta \\ Wyborcza", Published: &pub}, Entity: "Ковалёв", Score: 0.8,
			Claims: []dossier.Claim{{ID: "c1", SubjectName: "Ковалёв", Stance: "charged", Topic: "crime.fin.launder",
				Evidence: dossier.Evidence{Text: "Prosecutors (in Kyiv) charged Ковалёв with laundering €2 million."}}}}},
		NewsTotal: 1,
	}
	pdf, err := reportPDF(rep)
	if err != nil {
		t.Fatal(err)
	}
	text, err := pdfText(pdf)
	if err != nil {
		t.Fatal(err)
	}
	wantPDFText(t, text, []string{"Screening report: Дмитрий Ковалёв", "Birth date: 1970", "KOVALYOV, Dmitry Sergeyevich",
		"matched “Дмитрий Ковалёв”", "Decision: needs review, by Zoë Ñúñez", "Πατρώνυμο differs", "“Ковалёв” ≈ “Kovalyov”",
		"<script>alert(1)</script> Ковалёв (charged)", "javascript:alert(1)", "Gazeta \\ Wyborcza",
		"Prosecutors (in Kyiv) charged Ковалёв with laundering €2 million.", "EU financial sanctions"})
	if strings.Contains(string(pdf), "/URI (javascript") || strings.Contains(string(pdf), "/S /JavaScript") {
		t.Errorf("the PDF links a javascript: URL")
	}
	if !strings.Contains(string(pdf), "/FontFile2") {
		t.Errorf("the PDF embeds no TrueType font")
	}
}

// TestReportCSVInert: a cell a spreadsheet would run as a formula is
// kept as text.
func TestReportCSVInert(t *testing.T) {
	for in, want := range map[string]string{"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")", "+1": "'+1", "-2+3": "'-2+3",
		"@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "plain": "plain", "": "", "Ковалёв": "Ковалёв"} {
		if got := csvCell(in); got != want {
			t.Errorf("csvCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// hostileArticle is an article about the fixture subject whose title,
// source, URL and text carry markup and script that must stay inert.
var hostileArticle = map[string]any{
	"title":     `<script>document.title="pwned"</script><img src=x onerror=alert(1)> Cabello "charged"`,
	"url":       "javascript:alert(document.cookie)",
	"source":    `<a href="javascript:alert(2)" onclick="alert(3)">Evil Daily</a>`,
	"published": "2026-03-06T10:00:00Z",
	"text": "Cabello <script>alert(4)</script> charged\n\nProsecutors in Miami charged Diosdado Cabello with money laundering " +
		`on Friday, <img src=x onerror="alert(5)"> according to court papers. Diosdado Cabello met Tareck El Aissami ` +
		`<a href="javascript:alert(6)">in Caracas</a>.`,
}

// postHostile stores hostileArticle and returns its ID.
func postHostile(t *testing.T, env *testEnv) string {
	t.Helper()
	status, _, body := env.call(t, "POST", "/documents", env.write, hostileArticle)
	if status != http.StatusCreated {
		t.Fatalf("POST /documents (hostile): %d %s", status, body)
	}
	return MustJSON[documentCreated](t, body).ID
}

// TestBrowserExport screens the fixture subject in Chromium, downloads
// the PDF report from the page's link and reads the hits, the decision
// and the claims in its text; hostile article text on the page stays
// inert (no script ran: the document title is unchanged).
func TestBrowserExport(t *testing.T) {
	t.Parallel()
	ctx := mustBrowser(t)
	env := newEnv(t, envOptions{lists: []string{fixtureList}, extractor: true, noAuth: true})
	_, x := postArticle(t, env)
	postHostile(t, env)
	decideViaAPI(t, env, map[string]any{"list_entity_id": "ofac-24424", "verdict": "needs_review", "note": "ask for a passport copy"})
	dir := artifactDir(t)

	browserDo(t, ctx, "open the screening page", chromedp.Navigate(env.ts.URL+"/ui/screen?name=Diosdado+Cabello"),
		chromedp.WaitVisible(chromedp.CSS(`a[href^="/ui/screen/report.pdf"]`)))
	screenshot(t, ctx, dir, "screen")
	checkAccessible(t, ctx, "screen")
	dom := browserHTML(t, ctx)
	wantInert(t, ctx, "screening page")
	if !strings.Contains(dom, "Evil Daily") {
		t.Errorf("the hostile article is not on the page (the inertness check saw nothing)")
	}
	if title, err := chromedp.Run(ctx, chromedp.Title()); err != nil || title != "Screening: Diosdado Cabello · dossier" {
		t.Errorf("page title %q (%v): a script ran?", title, err)
	}

	pdf := browserDownload(t, ctx, `a[href^="/ui/screen/report.pdf"]`)
	if err := os.WriteFile(filepath.Join(dir, "report.pdf"), pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	text, err := pdfText(pdf)
	if err != nil {
		t.Fatal(err)
	}
	var claims []dossier.Claim
	for _, c := range x.Claims {
		if strings.Contains(c.SubjectName, "Cabello") {
			claims = append(claims, c)
		}
	}
	wantPDFText(t, text, append([]string{"Screening report: Diosdado Cabello", "Diosdado CABELLO RONDON", "ofac-24424",
		"Decision: needs review", "ask for a passport copy", "https://news.example.org/2026/cabello-charged",
		`<script>document.title="pwned"</script>`}, claimTexts(claims)...))
}
