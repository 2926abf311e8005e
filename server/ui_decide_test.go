package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"dossier"
)

// uiPost posts a form to a UI path with the given cookies and headers,
// without following redirects.
func uiPost(t *testing.T, env *testEnv, path string, form url.Values, cookies []*http.Cookie, hdr map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("POST", env.ts.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range cookies {
		req.AddCookie(c)
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
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// TestUIDecisionForm: the decision form needs a write-scope session, a
// session cookie and its CSRF token, and a same-site request; then it
// records the decision and redirects back, never off the site.
func TestUIDecisionForm(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList}})
	readCookie := &http.Cookie{Name: uiCookie, Value: env.read}
	writeCookie := &http.Cookie{Name: uiCookie, Value: env.write}
	const screenPath = "/ui/screen?name=Diosdado+Cabello"

	// A read-scope session sees no form.
	resp, body := uiGet(t, env, screenPath, map[string]string{"Cookie": readCookie.String()})
	wantHTML(t, "screen (read)", resp, body, 200)
	if strings.Contains(body, `name="csrf"`) || !strings.Contains(body, "Recording decisions needs a token with write scope") {
		t.Errorf("read session: a decision form, or no hint")
	}

	// A write-scope session gets forms, each with the session's CSRF token.
	resp, body = uiGet(t, env, screenPath, map[string]string{"Cookie": writeCookie.String()})
	wantHTML(t, "screen (write)", resp, body, 200)
	m := csrfRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF token in the write session's page")
	}
	token := m[1]
	form := url.Values{uiCSRFField: {token}, "back": {screenPath}, "subject_name": {"Diosdado Cabello"},
		"list_entity_id": {"ofac-24424"}, "verdict": {"false_positive"}, "note": {"namesake"}, "analyst": {"A. Analyst"}}
	with := func(k, v string) url.Values {
		f := url.Values{}
		for kk, vv := range form {
			f[kk] = vv
		}
		if v == "" {
			f.Del(k)
		} else {
			f.Set(k, v)
		}
		return f
	}
	both := []*http.Cookie{writeCookie}
	other := httptest.NewRequest("GET", screenPath, nil) // another session's token
	other.AddCookie(&http.Cookie{Name: uiCookie, Value: env.write + "x"})
	for _, tt := range []struct {
		Name    string
		Form    url.Values
		Cookies []*http.Cookie
		Header  map[string]string
		Status  int
	}{
		{"read scope", form, []*http.Cookie{readCookie}, nil, http.StatusForbidden},
		{"no token cookie", form, nil, nil, http.StatusUnauthorized},
		{"no CSRF token", with(uiCSRFField, ""), both, nil, http.StatusForbidden},
		{"wrong CSRF token", with(uiCSRFField, token[:len(token)-2]+"xx"), both, nil, http.StatusForbidden},
		{"another session's token", with(uiCSRFField, csrfToken(other)), both, nil, http.StatusForbidden},
		{"cross-site origin", form, both, map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
		{"cross-site fetch", form, both, map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"no verdict", with("verdict", ""), both, nil, http.StatusBadRequest},
		{"bad verdict", with("verdict", "maybe"), both, nil, http.StatusBadRequest},
		{"no hit", with("list_entity_id", ""), both, nil, http.StatusBadRequest},
	} {
		t.Run(tt.Name, func(t *testing.T) {
			resp, body := uiPost(t, env, "/ui/decisions", tt.Form, tt.Cookies, tt.Header)
			wantHTML(t, tt.Name, resp, body, tt.Status)
		})
	}
	if _, n, _ := env.srv.Decisions.FindDecisions(t.Context(), dossier.DecisionFilter{}); n != 0 {
		t.Fatalf("refused forms logged %d decisions", n)
	}

	// The good form: logged, then back to the page (same-origin headers pass).
	resp, body = uiPost(t, env, "/ui/decisions", form, both, map[string]string{"Origin": env.ts.URL, "Sec-Fetch-Site": "same-origin"})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != screenPath {
		t.Fatalf("good form: %d %q\n%s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	list, _, err := env.srv.Decisions.FindDecisions(t.Context(), dossier.DecisionFilter{})
	if err != nil || len(list) != 1 || list[0].Verdict != "false_positive" || list[0].Author != "A. Analyst (token writer)" ||
		list[0].Note != "namesake" || list[0].ListEntityID != "ofac-24424" {
		t.Fatalf("logged: %+v %v", list, err)
	}

	// The hit is now hidden, with its reason.
	_, body = uiGet(t, env, screenPath, map[string]string{"Cookie": writeCookie.String()})
	if strings.Contains(body, `id="hit-ofac-24424"`) || !strings.Contains(body, "1 result hidden") || !strings.Contains(body, "namesake") {
		t.Errorf("after the decision, the screen does not hide the hit with its reason")
	}

	// A back field naming another site lands on the home page.
	resp, _ = uiPost(t, env, "/ui/decisions", with("back", "https://evil.example/ui/"), both, nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != uiHomePath {
		t.Errorf("foreign back: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestLocalUIPath(t *testing.T) {
	for _, tt := range []struct{ In, Out string }{
		{"/ui/screen?name=A+B", "/ui/screen?name=A+B"},
		{"/ui/decisions", "/ui/decisions"},
		{"", "/ui/"},
		{"https://evil.example/ui/", "/ui/"},
		{"//evil.example/ui/", "/ui/"},
		{"/\\evil.example/ui/", "/ui/"},
		{"/api/", "/ui/"},
		{"javascript:alert(1)", "/ui/"},
		{"/ui/../decisions", "/ui/../decisions"}, // a path under /ui/ as the browser sends it; the mux cleans it
		{"/ui/x\r\nSet-Cookie: a=b", "/ui/"},
	} {
		if got := localUIPath(tt.In); got != tt.Out {
			t.Errorf("localUIPath(%q) = %q, want %q", tt.In, got, tt.Out)
		}
	}
}

// FuzzLocalUIPath: whatever a form sends, the redirect stays on this
// UI: a path under /ui/, never another host.
func FuzzLocalUIPath(f *testing.F) {
	for _, s := range []string{"/ui/screen?name=x", "//evil/ui/", "https://x/ui/", "/ui/%2F%2Fevil", "/\\x", "/ui/\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := localUIPath(in)
		u, err := url.Parse(out)
		if err != nil || u.Host != "" || u.Scheme != "" || !strings.HasPrefix(out, uiPrefix) || strings.HasPrefix(out, "//") ||
			strings.ContainsAny(out, "\\\r\n") {
			t.Fatalf("localUIPath(%q) = %q", in, out)
		}
	})
}

// TestUIAuditPage: the decision log, newest first, paged, each decision
// marked verified; a filter keeps to its verdict.
func TestUIAuditPage(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList}, noAuth: true})
	for i := 1; i <= 30; i++ {
		v := dossier.VerdictNeedsReview
		if i%10 == 0 {
			v = dossier.VerdictMatch
		}
		status, _, body := env.call(t, "POST", "/decisions", env.write, map[string]any{"subject_name": "Subject " + strconv.Itoa(i),
			"list_entity_id": "ofac-24424", "verdict": v, "author": "tester", "note": "note " + strconv.Itoa(i)})
		if status != http.StatusCreated {
			t.Fatalf("POST /decisions: %d %s", status, body)
		}
	}
	rows := regexp.MustCompile(`<tr id="decision-(\d+)">`)
	ids := func(body string) []string {
		var out []string
		for _, m := range rows.FindAllStringSubmatch(body, -1) {
			out = append(out, m[1])
		}
		return out
	}
	resp, body := uiGet(t, env, "/ui/decisions", nil)
	wantHTML(t, "audit", resp, body, 200)
	if got := ids(body); len(got) != uiAuditPageSize || got[0] != "30" || got[len(got)-1] != "6" {
		t.Errorf("page 1: decisions %v", got)
	}
	if !strings.Contains(body, "30 decisions, hash chain intact") || strings.Count(body, ">verified<") != uiAuditPageSize ||
		!strings.Contains(body, `href="/ui/decisions?page=2"`) || !strings.Contains(body, "1–25 of 30") {
		t.Errorf("page 1: verification or pager missing")
	}
	if !strings.Contains(body, `>Diosdado CABELLO RONDON (ofac-24424)</a>`) {
		t.Errorf("page 1: the hit is not named by its list entity's name")
	}
	_, body = uiGet(t, env, "/ui/decisions?page=2", nil)
	if got := ids(body); strings.Join(got, ",") != "5,4,3,2,1" {
		t.Errorf("page 2: decisions %v", got)
	}
	_, body = uiGet(t, env, "/ui/decisions?verdict=match", nil)
	if got := ids(body); strings.Join(got, ",") != "30,20,10" {
		t.Errorf("verdict=match: decisions %v", got)
	}
	_, body = uiGet(t, env, "/ui/decisions?subject=subject+7", nil)
	if got := ids(body); strings.Join(got, ",") != "7" {
		t.Errorf("subject=subject 7: decisions %v", got)
	}
	for _, bad := range []string{"?verdict=maybe", "?page=0", "?page=x"} {
		resp, body := uiGet(t, env, "/ui/decisions"+bad, nil)
		wantHTML(t, bad, resp, body, http.StatusBadRequest)
	}

	// A tampered log shows as broken from the tampered decision on.
	for _, q := range []string{`DROP TRIGGER decisions_no_update`, `UPDATE decisions SET note = 'rewritten' WHERE id = 12`} {
		if _, err := env.db.SQL().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	_, body = uiGet(t, env, "/ui/decisions?page=1", nil)
	if !strings.Contains(body, "The log does not verify") || !strings.Contains(body, "from decision 12") ||
		strings.Count(body, ">broken<") != 30-12+1 { // decisions 12..30 broken, all on page 1 (30..6)
		t.Errorf("tampered log: %d broken shown\n%s", strings.Count(body, ">broken<"), body)
	}
}
