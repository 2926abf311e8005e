package server

import (
	"encoding/json"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"dossier"
)

type screenResult struct {
	Hits []struct {
		ID           string                     `json:"id"`
		Match        bool                       `json:"match"`
		Explanations map[string]json.RawMessage `json:"explanations"`
	} `json:"hits"`
	News []struct {
		Document struct {
			ID    string `json:"id"`
			Title string `json:"title"`
			Href  string `json:"href"`
		} `json:"document"`
		Entity    dossier.DocEntity  `json:"entity"`
		Score     float64            `json:"score"`
		Via       string             `json:"via"`
		Claims    []dossier.Claim    `json:"claims"`
		Relations []dossier.Relation `json:"relations"`
		Adverse   *dossier.Adverse   `json:"adverse"`
		// SubjectAdverse is the judgement for the subject screened.
		SubjectAdverse *dossier.SubjectAdverse `json:"subject_adverse"`
	} `json:"news"`
	NewsTotal  int    `json:"news_total"`
	Suppressed int    `json:"suppressed"`
	SubjectKey string `json:"subject_key"`
}

type documentCreated struct {
	ID         string `json:"id"`
	Created    bool   `json:"created"`
	Extraction *struct {
		Entities int `json:"entities"`
		Claims   int `json:"claims"`
	} `json:"extraction"`
	Links *dossier.LinkCounts `json:"links"`
}

// TestDocumentThenScreen posts an article through the API, then screens
// its subject: the list hit and the article come back, with the claims
// the article makes about him.
func TestDocumentThenScreen(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList}, extractor: true})
	article, err := os.ReadFile("testdata/article-cabello.json")
	if err != nil {
		t.Fatal(err)
	}
	status, h, body := env.call(t, "POST", "/documents", env.write, article)
	if status != http.StatusCreated {
		t.Fatalf("POST /documents: %d %s", status, body)
	}
	doc := MustJSON[documentCreated](t, body)
	if doc.ID == "" || !doc.Created || doc.Extraction == nil || doc.Extraction.Entities == 0 ||
		h.Get("Location") != "/documents/"+doc.ID || doc.Links == nil || doc.Links.Added == 0 {
		t.Fatalf("created: %s", body)
	}
	// The same article again is known, not stored twice.
	status, _, body = env.call(t, "POST", "/documents", env.write, article)
	if again := MustJSON[documentCreated](t, body); status != http.StatusOK || again.Created || again.ID != doc.ID {
		t.Errorf("second POST: %d %s", status, body)
	}

	// The stored extraction, to compare the screen's claims with.
	status, _, body = env.call(t, "GET", "/documents/"+doc.ID[:8], env.read, nil)
	var shown struct {
		Document   documentJSON        `json:"document"`
		Extraction *dossier.Extraction `json:"extraction"`
		Links      []*dossier.Link     `json:"links"`
	}
	if status != 200 || json.Unmarshal(body, &shown) != nil || shown.Extraction == nil ||
		!strings.Contains(shown.Document.Text, "Cartel of the Suns") || shown.Document.URL != "https://news.example.org/2026/cabello-charged" {
		t.Fatalf("GET /documents/{prefix}: %d %s", status, body)
	}
	if !slices.ContainsFunc(shown.Links, func(l *dossier.Link) bool { return l.ListEntityID == "ofac-24424" }) {
		t.Errorf("the article's Cabello is not linked to ofac-24424: %+v", shown.Links)
	}
	var subject *dossier.DocEntity
	for i, e := range shown.Extraction.Entities {
		if e.Type == "PER" && strings.Contains(e.Name, "Cabello") {
			subject = &shown.Extraction.Entities[i]
		}
	}
	if subject == nil {
		t.Fatalf("no Cabello among the extracted entities: %+v", shown.Extraction.Entities)
	}
	var wantClaims []dossier.Claim
	for _, c := range shown.Extraction.Claims {
		if c.Subject == subject.ID {
			wantClaims = append(wantClaims, c)
		}
	}

	for _, name := range []string{"Diosdado Cabello", "CABELLO RONDON, Diosdado"} {
		status, _, body = env.call(t, "POST", "/screen", env.read, map[string]any{"name": name, "schema": "Person"})
		if status != 200 {
			t.Fatalf("POST /screen %q: %d %s", name, status, body)
		}
		res := MustJSON[screenResult](t, body)
		if len(res.Hits) == 0 || res.Hits[0].ID != "ofac-24424" || !res.Hits[0].Match || res.Hits[0].Explanations["name"] == nil {
			t.Errorf("%q: list hit: %s", name, body)
		}
		if len(res.News) != 1 || res.NewsTotal != 1 {
			t.Fatalf("%q: want the one article: %s", name, body)
		}
		n := res.News[0]
		if n.Document.ID != doc.ID || n.Document.Href != "/documents/"+doc.ID || n.Entity.ID != subject.ID || n.Score <= 0 {
			t.Errorf("%q: news item: %+v", name, n)
		}
		if len(n.Claims) != len(wantClaims) || (len(wantClaims) > 0 && n.Claims[0].ID != wantClaims[0].ID) {
			t.Errorf("%q: claims %+v, want the extraction's claims about %s: %+v", name, n.Claims, subject.ID, wantClaims)
		}
		if (n.Adverse == nil) != (shown.Extraction.Adverse == nil) {
			t.Errorf("%q: adverse %+v, extraction's %+v", name, n.Adverse, shown.Extraction.Adverse)
		}
	}

	// Someone else: a list miss and no news.
	status, _, body = env.call(t, "POST", "/screen", env.read, `{"name": "Maria Fernanda Gomez"}`)
	if res := MustJSON[screenResult](t, body); status != 200 || len(res.Hits) != 0 || len(res.News) != 0 {
		t.Errorf("unrelated subject: %d %s", status, body)
	}

	// The dossier of the list entity finds the article through its link.
	status, _, body = env.call(t, "GET", "/entities/ofac-24424/dossier", env.read, nil)
	var d struct {
		Entity struct {
			ID string `json:"id"`
		} `json:"entity"`
		News []struct {
			Document struct {
				ID string `json:"id"`
			} `json:"document"`
			Via string `json:"via"`
		} `json:"news"`
	}
	if status != 200 || json.Unmarshal(body, &d) != nil || d.Entity.ID != "ofac-24424" || len(d.News) != 1 ||
		d.News[0].Document.ID != doc.ID || d.News[0].Via != viaLink {
		t.Errorf("dossier: %d %s", status, body)
	}
	status, _, body = env.call(t, "GET", "/entities/fx-maduro/dossier", env.read, nil)
	if status != 200 || !strings.Contains(string(body), `"news":[]`) {
		t.Errorf("dossier of someone the news does not name: %d %s", status, body)
	}
}

// TestDecisionSuppresses records a false positive through the API: the
// next screen of the same subject leaves the hit out and counts it, and
// the audit log verifies.
func TestDecisionSuppresses(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList}})
	screen := func() screenResult {
		t.Helper()
		status, _, body := env.call(t, "POST", "/screen", env.read, `{"name":"Diosdado Cabello","birthDate":"1963"}`)
		if status != 200 {
			t.Fatalf("screen: %d %s", status, body)
		}
		return MustJSON[screenResult](t, body)
	}
	before := screen()
	if len(before.Hits) == 0 || before.Hits[0].ID != "ofac-24424" || before.Suppressed != 0 {
		t.Fatalf("before: %+v", before)
	}
	dec := map[string]any{"subject_name": "CABELLO Diosdado", "birth_date": "1963", "list_entity_id": "ofac-24424",
		"verdict": "false_positive", "note": "customer is a namesake", "author": "analyst-1"}
	status, _, body := env.call(t, "POST", "/decisions", env.read, dec)
	if status != http.StatusForbidden || errorCode(body) != CodeForbidden {
		t.Errorf("decision with a read token: %d %s", status, body)
	}
	status, _, body = env.call(t, "POST", "/decisions", env.write, dec)
	if status != http.StatusCreated {
		t.Fatalf("decision: %d %s", status, body)
	}
	d := MustJSON[dossier.Decision](t, body)
	if d.Author != "analyst-1 (token writer)" || d.Hash == "" || d.SubjectKey != before.SubjectKey {
		t.Errorf("decision as logged: %+v (screen key %q)", d, before.SubjectKey)
	}
	after := screen()
	if after.Suppressed != 1 || slices.ContainsFunc(after.Hits, func(h struct {
		ID           string                     `json:"id"`
		Match        bool                       `json:"match"`
		Explanations map[string]json.RawMessage `json:"explanations"`
	}) bool {
		return h.ID == "ofac-24424"
	}) {
		t.Errorf("after a false positive: %+v", after)
	}
	status, _, body = env.call(t, "GET", "/decisions/verify", env.read, nil)
	if status != 200 || !strings.Contains(string(body), `"ok":true`) || !strings.Contains(string(body), `"verified":1`) {
		t.Errorf("verify: %d %s", status, body)
	}
	status, _, body = env.call(t, "GET", "/decisions?list_entity_id=ofac-24424", env.read, nil)
	if status != 200 || !strings.Contains(string(body), `"total":1`) {
		t.Errorf("decision list: %d %s", status, body)
	}
}

// TestScreenFieldErrors: a qualifier that would hide hits (an unknown
// country, a date that is no date) is a 400 naming the field as the
// request does, on /screen, /match (the query and the property) and
// /watches.
func TestScreenFieldErrors(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList}})
	const (
		date    = `not a birth date: want YYYY, YYYY-MM or YYYY-MM-DD (1960, 1960-04, 1960-04-01), a real date from 1800 to today`
		country = `unknown country: want an ISO 3166-1 alpha-2 code (VE, GB) or a country name or demonym (Venezuela, Venezuelan)`
	)
	match := func(props string) string {
		return `{"queries":{"ok":{"schema":"Person","properties":{"name":["Diosdado Cabello"]}},"q2":{"schema":"Person","properties":{"name":["Diosdado Cabello"],` + props + `}}}}`
	}
	tests := []struct {
		name, method, path, token, body, message string
	}{
		{"screen: unknown country", "POST", "/screen", env.read, `{"name":"Diosdado Cabello","country":["VE","Narnia"]}`, `country "Narnia": ` + country},
		{"screen: month 13", "POST", "/screen", env.read, `{"name":"Diosdado Cabello","birthDate":"1963-13"}`, `birthDate "1963-13": ` + date},
		{"screen: February 30", "POST", "/screen", env.read, `{"name":"Diosdado Cabello","birthDate":["1963","1963-02-30"]}`, `birthDate "1963-02-30": ` + date},
		{"screen: gender", "POST", "/screen", env.read, `{"name":"Diosdado Cabello","gender":"x"}`, `gender "x": unknown gender: want male, female or other (m, f)`},
		{"screen: threshold", "POST", "/screen", env.read, `{"name":"Diosdado Cabello","threshold":7}`, `threshold "7": out of range: want a number from 0 to 1 (0: the engine's default)`},
		{"match: nationality", "POST", "/match/default", env.read, match(`"nationality":["Narnia"]`), `query "q2": properties.nationality "Narnia": ` + country},
		{"match: jurisdiction", "POST", "/match/default", env.read, match(`"country":["ve"],"jurisdiction":["ZZ"]`), `query "q2": properties.jurisdiction "ZZ": ` + country},
		{"match: birthDate", "POST", "/match/default", env.read, match(`"birthDate":["15.04.1963"]`), `query "q2": properties.birthDate "15.04.1963": ` + date},
		{"watch: country", "POST", "/watches", env.write, `{"name":"Diosdado Cabello","country":"Narnia"}`, `watch: country "Narnia": ` + country},
		{"watch: birth date", "POST", "/watches", env.write, `{"name":"Diosdado Cabello","birth_date":"1963-02-30"}`, `watch: birth_date "1963-02-30": ` + date},
		{"watch import: the row's line and column", "POST", "/watches/import?name=c.csv", env.write, "name,nationality\nA,VE\nB,Narnia\n", `c.csv:3: nationality "Narnia": ` + country},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := env.call(t, tt.method, tt.path, tt.token, tt.body)
			var e errorBody
			if status != http.StatusBadRequest || json.Unmarshal(body, &e) != nil || e.Error.Code != CodeInvalid || e.Error.Message != tt.message {
				t.Errorf("%d %s\nwant 400 %q", status, body, tt.message)
			}
		})
	}
	// No watch was stored.
	if _, _, body := env.call(t, "GET", "/watches", env.read, nil); strings.Contains(string(body), "Cabello") {
		t.Errorf("a refused watch was stored: %s", body)
	}
}

// TestScreenPersonQualifiersHTTP: on /screen a birth date or a gender
// makes the subject a person, who is not the vessel RIO ORINOCO; schema
// Thing says the type is unknown. On /match, Thing is yente's "any
// type", and a birth date does not change it.
func TestScreenPersonQualifiersHTTP(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList}})
	const vessel = "fx-vessel-orinoco"
	for _, tt := range []struct {
		body string
		hit  bool
	}{
		{`{"name":"Rio Orinoco","news":0}`, true},
		{`{"name":"Rio Orinoco","birthDate":"1970","news":0}`, false},
		{`{"name":"Rio Orinoco","gender":"male","news":0}`, false},
		{`{"name":"Rio Orinoco","birthDate":"1970","schema":"Thing","news":0}`, true},
	} {
		status, _, body := env.call(t, "POST", "/screen", env.read, tt.body)
		var res screenResult
		if status != 200 || json.Unmarshal(body, &res) != nil {
			t.Fatalf("%s: %d %s", tt.body, status, body)
		}
		hit := false
		for _, h := range res.Hits {
			hit = hit || h.ID == vessel
		}
		if hit != tt.hit {
			t.Errorf("%s: vessel hit %v, want %v: %s", tt.body, hit, tt.hit, body)
		}
	}
	for _, tt := range []struct {
		schema string
		hit    bool
	}{{"Thing", true}, {"Person", false}, {"Vessel", true}} {
		q := `{"queries":{"q":{"schema":"` + tt.schema + `","properties":{"name":["Rio Orinoco"],"birthDate":["1970"]}}}}`
		status, _, body := env.call(t, "POST", "/match/default", env.read, q)
		if status != 200 || strings.Contains(string(body), `"id":"`+vessel+`"`) != tt.hit {
			t.Errorf("match as %s: %d, vessel hit want %v: %s", tt.schema, status, tt.hit, body)
		}
	}
}
