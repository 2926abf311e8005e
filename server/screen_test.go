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
