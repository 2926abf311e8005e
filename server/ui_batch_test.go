package server

import (
	"bytes"
	"encoding/csv"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dossier"
)

// batchCSV is a customer file: the fixture subject, a name no list
// has, and a vessel.
const batchCSV = "id,name,type,date_of_birth,nationality\n" +
	"C-1,Diosdado Cabello,person,1963,ve\n" +
	"C-2,Zoë Ñúñez-Ковалёва,person,,\n" +
	"C-3,Rio Orinoco,vessel,,\n" +
	"C-4,\"<img src=x onerror=alert(1)><script>alert(2)</script>\",,,\n"

// uiPage fetches a UI page with the client's cookies and returns the
// response and body.
func uiSession(t *testing.T, env *testEnv) *http.Client {
	t.Helper()
	c := *env.ts.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

// csrfOf reads the CSRF token from a page's form.
func csrfOf(t *testing.T, body string) string {
	t.Helper()
	m := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF token in the page:\n%s", body)
	}
	return m[1]
}

// postBatch uploads a CSV through the batch form.
func postBatch(t *testing.T, c *http.Client, env *testEnv, csrf, name, content string, hdr map[string]string) (*http.Response, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if csrf != "" {
		mw.WriteField("csrf_token", csrf)
	}
	mw.WriteField("threshold", "0")
	mw.WriteField("limit", "5")
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(fw, content)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", env.ts.URL+"/ui/batch", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestUIBatch uploads a CSV through the batch form, follows the job to
// its end and reads the results page and the results CSV; a bad file,
// a missing or forged CSRF token and a cross-site post are refused with
// no job made.
func TestUIBatch(t *testing.T) {
	t.Parallel()
	env := newEnv(t, envOptions{lists: []string{fixtureList}, noAuth: true})
	c := uiSession(t, env)
	resp, page := uiGet(t, env, "/ui/batch", nil)
	wantHTML(t, "batch", resp, page, 200)
	csrf := csrfOf(t, page)

	for _, tt := range []struct {
		Name, CSRF, File, Content string
		Hdr                       map[string]string
		Status                    int
		Want                      string
	}{
		{"no token", "", "subjects.csv", batchCSV, nil, 403, "security token is missing"},
		{"forged token", "x" + csrf, "subjects.csv", batchCSV, nil, 403, "security token is missing or out of date"},
		{"cross-site", csrf, "subjects.csv", batchCSV, map[string]string{"Sec-Fetch-Site": "cross-site"}, 403, "from another site"},
		{"other origin", csrf, "subjects.csv", batchCSV, map[string]string{"Origin": "https://evil.example"}, 403, "from another origin"},
		{"no file", csrf, "", "", nil, 400, "Choose a CSV file"},
		{"empty", csrf, "empty.csv", "\n \n", nil, 400, "empty.csv: the file is empty"},
		{"no name column", csrf, "bad.csv", "id,city\n1,Caracas\n", nil, 400, "bad.csv"},
		{"header only", csrf, "head.csv", "name,id\n", nil, 400, "head.csv: no rows under the header"},
	} {
		t.Run(tt.Name, func(t *testing.T) {
			resp, body := postBatch(t, c, env, tt.CSRF, tt.File, tt.Content, tt.Hdr)
			if resp.StatusCode != tt.Status || !strings.Contains(body, tt.Want) {
				t.Errorf("status %d, want %d with %q:\n%s", resp.StatusCode, tt.Status, tt.Want, body)
			}
		})
	}
	if _, n, _ := env.srv.Jobs.Store.FindJobs(t.Context(), dossier.JobFilter{}); n != 0 {
		t.Fatalf("%d jobs made by refused uploads", n)
	}

	resp, body := postBatch(t, c, env, csrf, `C:\Users\me\subjects.csv`, batchCSV, map[string]string{"Origin": env.ts.URL, "Sec-Fetch-Site": "same-origin"})
	if resp.StatusCode != http.StatusSeeOther || !regexp.MustCompile(`^/ui/batch/\d+$`).MatchString(resp.Header.Get("Location")) {
		t.Fatalf("upload: %d %s\n%s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	jobURL := resp.Header.Get("Location")
	deadline := time.Now().Add(time.Minute)
	for {
		resp, body = uiGet(t, env, jobURL, nil)
		wantHTML(t, "job", resp, body, 200)
		if !strings.Contains(body, `id="job-state">queued<`) && !strings.Contains(body, `id="job-state">running<`) {
			if resp.Header.Get("Refresh") != "" {
				t.Errorf("a finished job's page still reloads itself")
			}
			break
		}
		if resp.Header.Get("Refresh") != "2" {
			t.Errorf("a running job's page does not reload itself: Refresh %q", resp.Header.Get("Refresh"))
		}
		if time.Now().After(deadline) {
			t.Fatalf("job not done after a minute:\n%s", body)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, want := range []string{`id="job-state">done<`, "subjects.csv", "4 of 4", `href="/ui/entities/ofac-24424"`, "Diosdado CABELLO RONDON",
		"Zoë Ñúñez-Ковалёва", "no hit", "id C-3", "&lt;img src=x onerror=alert(1)&gt;", `href="` + jobURL + `/results.csv"`} {
		if !strings.Contains(body, want) {
			t.Errorf("job page lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("job page:\n%s", body)
	}
	resp, body = uiGet(t, env, jobURL+"/results.csv", nil)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("results.csv: %d %s", resp.StatusCode, body)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("results.csv: %v\n%s", err, body)
	}
	if strings.Join(rows[0], ",") != strings.Join(batchCSVHeader, ",") {
		t.Errorf("header %q", rows[0])
	}
	seen := map[string]bool{}
	for _, r := range rows[1:] {
		seen[r[2]] = true
		if r[2] == "C-1" && r[6] == "1" && (r[7] != "ofac-24424" || r[12] != "true") {
			t.Errorf("C-1's first hit %q", r)
		}
		if r[2] == "C-2" && r[7] != "" {
			t.Errorf("C-2 has a hit %q", r)
		}
	}
	for _, id := range []string{"C-1", "C-2", "C-3"} {
		if !seen[id] {
			t.Errorf("results.csv has no row for %s:\n%s", id, body)
		}
	}
	resp, body = uiGet(t, env, "/ui/batch", nil)
	if !strings.Contains(body, `href="`+jobURL+`"`) {
		t.Errorf("the batch page does not list the job:\n%s", body)
	}
	resp, body = uiGet(t, env, "/ui/batch/999", nil)
	wantHTML(t, "no such job", resp, body, 404)
}

// TestBrowserBatch uploads a CSV through the batch page in Chromium,
// watches the job page reload itself until the job is done, and sees
// the results.
func TestBrowserBatch(t *testing.T) {
	t.Parallel()
	ctx := mustBrowser(t)
	env := newEnv(t, envOptions{lists: []string{fixtureList}, noAuth: true})
	dir := artifactDir(t)
	file := filepath.Join(t.TempDir(), "customers.csv")
	if err := os.WriteFile(file, []byte(batchCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	browserDo(t, ctx, "open the batch page", chromedp.Navigate(env.ts.URL+"/ui/batch"), chromedp.WaitVisible(chromedp.CSS("#file")))
	screenshot(t, ctx, dir, "batch")
	checkAccessible(t, ctx, "batch")
	browserDo(t, ctx, "upload the CSV", chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{file}),
		chromedp.Click(chromedp.CSS(`form.upload button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#job-state")))
	// The page reloads itself (Refresh header, no script) until done.
	browserDo(t, ctx, "wait for the job", chromedp.WaitVisible(chromedp.CSS("#download-results")))
	for deadline := time.Now().Add(time.Minute); browserText(t, ctx, "#job-state") != "done"; {
		if time.Now().After(deadline) {
			t.Fatalf("the job page never showed the job done:\n%s", browserHTML(t, ctx))
		}
		time.Sleep(200 * time.Millisecond)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if u, _ := url.Parse(loc); !regexp.MustCompile(`^/ui/batch/\d+$`).MatchString(u.Path) {
		t.Errorf("after the upload the browser is at %s", loc)
	}
	screenshot(t, ctx, dir, "batch-job")
	checkAccessible(t, ctx, "batch-job")
	wantInert(t, ctx, "batch job page")
	table := browserText(t, ctx, "table.results")
	for _, want := range []string{"Diosdado CABELLO RONDON", "Zoë Ñúñez-Ковалёва", "no hit", "RIO ORINOCO"} {
		if !strings.Contains(table, want) {
			t.Errorf("the results table lacks %q:\n%s", want, table)
		}
	}
	data := browserDownload(t, ctx, "#download-results")
	if !bytes.HasPrefix(data, []byte(strings.Join(batchCSVHeader, ",")+"\n")) || !bytes.Contains(data, []byte("ofac-24424")) {
		t.Errorf("downloaded results:\n%s", data)
	}
}
