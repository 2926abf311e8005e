package server

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// cabelloQuery is the request an existing yente client sends.
const cabelloQuery = `{"queries": {"q1": {"schema": "Person", "properties": {"name": ["Diosdado Cabello"]}}}}`

func TestMatchFixture(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList}})
	status, h, body := env.call(t, "POST", "/match/default?algorithm=logic-v2", env.read, cabelloQuery)
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	if h.Get("X-Request-Id") == "" || h.Get("X-Batch-Size") != "1" || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
		t.Errorf("headers: %v", h)
	}
	m := MustJSON[yenteMatch](t, body)
	r := m.Responses["q1"]
	if r.Status != 200 || len(r.Results) == 0 {
		t.Fatalf("no results: %s", body)
	}
	top := r.Results[0]
	if top.ID != "ofac-24424" || !top.Match || top.Score < 0.8 || top.Schema != "Person" || !top.Target ||
		!slices.Equal(top.Datasets, []string{"fixture_sdn"}) || len(top.Properties["birthDate"]) != 1 {
		t.Errorf("top result: %+v", top)
	}
	for _, f := range []string{"name", "name_parts"} {
		if top.Explanations[f] == nil || top.Features[f] == 0 {
			t.Errorf("no %s explanation or feature: %s", f, body)
		}
	}
	if r.Total.Relation != "eq" || r.Total.Value < 1 || r.Query.Schema != "Person" ||
		!slices.Equal(r.Query.Properties["name"], []string{"Diosdado Cabello"}) {
		t.Errorf("total or query echo: %+v", r)
	}
	if m.Limit != defaultMatchLimit || m.Algorithm != "dossier" || m.Matcher["name"] == nil {
		t.Errorf("limit %d, algorithm %q, matcher %v", m.Limit, m.Algorithm, m.Matcher)
	}
	for _, other := range r.Results[1:] {
		if other.Match {
			t.Errorf("a second match for Cabello: %+v", other)
		}
	}
}

func TestMatchQueries(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList}})
	tests := []struct {
		name, path, body string
		want             map[string]string // query key → expected first ID ("" for no results)
	}{
		{"birth date and nationality", "/match/default",
			`{"queries":{"a":{"schema":"Person","properties":{"name":["Nicolás Maduro"],"birthDate":["1962"],"nationality":["Venezuela"]}}}}`,
			map[string]string{"a": "fx-maduro"}},
		{"name parts in list order", "/match/default",
			`{"queries":{"a":{"schema":"Person","properties":{"firstName":["Diosdado"],"lastName":["Cabello Rondón"]}}}}`,
			map[string]string{"a": "ofac-24424"}},
		{"string instead of list", "/match/default",
			`{"queries":{"a":{"schema":"Company","properties":{"name":"PDVSA"}}}}`,
			map[string]string{"a": "fx-pdvsa"}},
		{"a person is not a company", "/match/default",
			`{"queries":{"a":{"schema":"Company","properties":{"name":["Diosdado Cabello"]}}}}`,
			map[string]string{"a": ""}},
		{"batch", "/match/default",
			`{"queries":{"a":{"schema":"Person","properties":{"name":["Hugo Armando Carvajal"],"birthDate":["1960-04-01"]}},"b":{"schema":"LegalEntity","properties":{"name":["Tareck El Aissami"]}},"c":{"schema":"Person","properties":{"name":["Maria Fernanda Gomez"]}}}}`,
			map[string]string{"a": "fx-carvajal", "b": "fx-elaissami", "c": ""}},
		{"dataset in the path", "/match/fixture_cons",
			`{"queries":{"a":{"schema":"Person","properties":{"name":["Diosdado Cabello"]}}}}`,
			map[string]string{"a": ""}},
		{"exclude_dataset", "/match/default?exclude_dataset=fixture_sdn",
			`{"queries":{"a":{"schema":"Company","properties":{"name":["Orinoco Trading"]}}}}`,
			map[string]string{"a": "fx-cons-trading"}},
		{"exclude_entity_ids matches referents", "/match/default?exclude_entity_ids=fx-old-cabello",
			`{"queries":{"a":{"schema":"Person","properties":{"name":["Diosdado Cabello"]}}}}`,
			map[string]string{"a": ""}},
		{"topics", "/match/default?topics=role.pep",
			`{"queries":{"a":{"schema":"Person","properties":{"name":["Nicolas Maduro"]}},"b":{"schema":"Person","properties":{"name":["Diosdado Cabello"]}}}}`,
			map[string]string{"a": "fx-maduro", "b": ""}},
		{"cutoff 0 returns candidates below the threshold", "/match/default?cutoff=0&threshold=0.99",
			`{"queries":{"a":{"schema":"Person","properties":{"name":["Diosdado Cabello"]}}}}`,
			map[string]string{"a": "ofac-24424"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := env.call(t, "POST", tt.path, env.read, tt.body)
			if status != 200 {
				t.Fatalf("status %d: %s", status, body)
			}
			m := MustJSON[yenteMatch](t, body)
			for key, want := range tt.want {
				r, ok := m.Responses[key]
				if !ok {
					t.Fatalf("no response for %q: %s", key, body)
				}
				got := ""
				if len(r.Results) > 0 && (r.Results[0].Match || strings.Contains(tt.path, "cutoff")) {
					got = r.Results[0].ID
				}
				if got != want {
					t.Errorf("%s: first match %q, want %q\n%s", key, got, want, body)
				}
			}
		})
	}
}

func TestMatchNamelessQuery(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList}})
	status, _, body := env.call(t, "POST", "/match/default", env.read,
		`{"queries":{"ok":{"schema":"Person","properties":{"name":["Diosdado Cabello"]}},"bad":{"schema":"Person","properties":{"birthDate":["1960"]}}}}`)
	m := MustJSON[yenteMatch](t, body)
	if status != 200 || m.Responses["bad"].Status != 400 || m.Responses["ok"].Status != 200 || len(m.Responses["ok"].Results) == 0 {
		t.Errorf("a nameless query must fail alone: %d %s", status, body)
	}
}

func TestMatchOFAC(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the OFAC SDN list (seconds); skipped with -short")
	}
	data := sharedData(t)
	env := newEnv(t, envOptions{lists: []string{filepath.Join(data, "ofac", "sdn-2021-07")}})
	status, _, body := env.call(t, "POST", "/match/us_ofac_sdn", env.read, cabelloQuery)
	if status != 200 {
		t.Fatalf("status %d: %s", status, body)
	}
	m := MustJSON[yenteMatch](t, body)
	r := m.Responses["q1"]
	if len(r.Results) == 0 || !strings.Contains(r.Results[0].ID, "24424") || !r.Results[0].Match ||
		r.Results[0].Explanations["name"] == nil || r.Results[0].Explanations["name_parts"] == nil {
		t.Fatalf("want the SDN entry 24424 first, with explanations: %s", body)
	}
	var name struct {
		Detail string `json:"detail"`
	}
	json.Unmarshal(r.Results[0].Explanations["name"], &name)
	if !strings.Contains(strings.ToLower(name.Detail), "cabello") {
		t.Errorf("name explanation %q does not name the matched name", name.Detail)
	}

	// The entity, nested: its Sanction under "sanctions".
	status, _, body = env.call(t, "GET", "/entities/"+r.Results[0].ID, env.read, nil)
	var e struct {
		ID         string           `json:"id"`
		Properties map[string][]any `json:"properties"`
	}
	if status != 200 || json.Unmarshal(body, &e) != nil || len(e.Properties["sanctions"]) == 0 {
		t.Errorf("GET /entities: %d %s", status, body)
	}
}

func TestSearchEntitiesCatalog(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList}})
	var sr struct {
		Results []struct {
			ID    string   `json:"id"`
			Score *float64 `json:"score"`
		} `json:"results"`
		Total  struct{ Value int } `json:"total"`
		Facets map[string]struct {
			Values []struct {
				Name  string `json:"name"`
				Count int    `json:"count"`
			} `json:"values"`
		} `json:"facets"`
	}
	status, _, body := env.call(t, "GET", "/search/default?q=Cabello+Rondon&schema=Person", env.read, nil)
	if status != 200 || json.Unmarshal(body, &sr) != nil || len(sr.Results) == 0 || sr.Results[0].ID != "ofac-24424" || sr.Results[0].Score == nil {
		t.Fatalf("search: %d %s", status, body)
	}
	status, _, body = env.call(t, "GET", "/search/default?schema=Company&countries=VE", env.read, nil)
	sr.Results = nil
	if status != 200 || json.Unmarshal(body, &sr) != nil || sr.Total.Value != 1 || sr.Results[0].ID != "fx-pdvsa" {
		t.Errorf("search without q, filtered: %d %s", status, body)
	}
	status, _, body = env.call(t, "GET", "/search/default?limit=2", env.read, nil)
	sr.Results = nil
	if status != 200 || json.Unmarshal(body, &sr) != nil || len(sr.Results) != 2 || sr.Total.Value != 7 || len(sr.Facets["datasets"].Values) != 2 {
		t.Errorf("search everything: %d %s", status, body)
	}

	// Nested entity: the address entity in place of its ID, the sanction
	// under "sanctions"; a referent redirects.
	status, _, body = env.call(t, "GET", "/entities/ofac-24424", env.read, nil)
	var e struct {
		Properties struct {
			AddressEntity []struct {
				ID string `json:"id"`
			} `json:"addressEntity"`
			Sanctions []struct {
				Schema     string              `json:"schema"`
				Properties map[string][]string `json:"properties"`
			} `json:"sanctions"`
		} `json:"properties"`
	}
	if status != 200 || json.Unmarshal(body, &e) != nil || len(e.Properties.AddressEntity) != 1 ||
		e.Properties.AddressEntity[0].ID != "fx-addr-caracas" || len(e.Properties.Sanctions) != 1 ||
		e.Properties.Sanctions[0].Properties["entity"] != nil {
		t.Errorf("nested entity: %d %s", status, body)
	}
	req, _ := http.NewRequest("GET", env.ts.URL+"/entities/fx-old-cabello", nil)
	req.Header.Set("Authorization", "Bearer "+env.read)
	client := *env.ts.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := client.Do(req)
	if err != nil || resp.StatusCode != http.StatusPermanentRedirect || resp.Header.Get("Location") != "/entities/ofac-24424" {
		t.Errorf("referent redirect: %v %v", resp, err)
	}

	var cat struct {
		Datasets []struct {
			Name     string   `json:"name"`
			Children []string `json:"children"`
		} `json:"datasets"`
		Current []string `json:"current"`
		Lists   []struct {
			Dataset string `json:"dataset"`
		} `json:"lists"`
	}
	status, _, body = env.call(t, "GET", "/catalog", env.read, nil)
	if status != 200 || json.Unmarshal(body, &cat) != nil || len(cat.Datasets) != 5 || cat.Datasets[0].Name != "default" ||
		!slices.Equal(cat.Datasets[0].Children, []string{fixtureDataset}) || len(cat.Lists) != 1 {
		t.Errorf("catalog: %d %s", status, body)
	}
	status, _, body = env.call(t, "GET", "/algorithms", env.read, nil)
	if status != 200 || !strings.Contains(string(body), `"name-based"`) {
		t.Errorf("algorithms: %d %s", status, body)
	}
}
