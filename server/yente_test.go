package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The expectations of yente's public API that its clients rely on,
// written as dossier's own tests against a server loaded with the
// shared FtM sample (stored as the list "zala"), the server fixture
// (the list "fixture", of the source datasets fixture_sdn and
// fixture_cons) and the UN loader's fixture (the list
// "un_sc_sanctions").

const zalaSample = "../../shared/data/ftm/zala.ftm.jsonl"

// Entities of the zala sample the tests look for.
const (
	zakharovID  = "NK-aU5ybkbRFJucf8YMwsJvDw" // Alexander Vyacheslavovich ZAKHAROV, sanctioned
	osetrovaID  = "NK-2Tbri3s6GgNtAwsSXh4qpL" // Maria Aleksandrovna Osetrova, INN 183116181362
	egrulOnlyID = "NK-56Edov9bas9puzaChH5pBy" // a company only in the Russian register (ext_ru_egrul)
)

// newYenteEnv is a server over the three lists; tests skip when the
// shared sample is absent.
func newYenteEnv(tb testing.TB) *testEnv {
	tb.Helper()
	if _, err := os.Stat(zalaSample); err != nil {
		tb.Skipf("shared FtM sample not found (%v): the yente expectations need ../shared/data", err)
	}
	return newEnv(tb, envOptions{lists: []string{zalaSample, fixtureList, "../lists/un/testdata/consolidated.xml"},
		datasets: map[string]string{zalaSample: "zala"}})
}

// yenteMatches is the part of a /match response the tests read.
type yenteMatches struct {
	Responses map[string]struct {
		Status  int `json:"status"`
		Results []struct {
			ID           string                             `json:"id"`
			Score        float64                            `json:"score"`
			Match        bool                               `json:"match"`
			Features     map[string]float64                 `json:"features"`
			Explanations map[string]struct{ Score float64 } `json:"explanations"`
			Datasets     []string                           `json:"datasets"`
			LastChange   *string                            `json:"last_change"`
			Properties   map[string][]string                `json:"properties"`
		} `json:"results"`
		Total struct {
			Value int `json:"value"`
		} `json:"total"`
		Query struct {
			Properties map[string][]string `json:"properties"`
		} `json:"query"`
	} `json:"responses"`
	Algorithm string `json:"algorithm"`
}

// yenteSearch is the part of a /search response the tests read.
type yenteSearch struct {
	Results []struct {
		ID               string              `json:"id"`
		Schema           string              `json:"schema"`
		Score            *float64            `json:"score"`
		Properties       map[string][]string `json:"properties"`
		LastChange       *string             `json:"last_change"`
		UnknownCountries []string            `json:"unknown_countries"`
	} `json:"results"`
	Total struct {
		Value int `json:"value"`
	} `json:"total"`
	Facets map[string]struct {
		Values []struct {
			Name string `json:"name"`
		} `json:"values"`
	} `json:"facets"`
}

func personQuery(props map[string][]string) map[string]any {
	return map[string]any{"queries": map[string]any{"q": map[string]any{"schema": "Person", "properties": props}}}
}

// ids are the IDs of a /match response's results.
func (m yenteMatches) ids() []string {
	var out []string
	for _, r := range m.Responses["q"].Results {
		out = append(out, r.ID)
	}
	return out
}

func (s yenteSearch) ids() []string {
	var out []string
	for _, r := range s.Results {
		out = append(out, r.ID)
	}
	return out
}

func TestYenteDatasetNames(t *testing.T) {
	env := newYenteEnv(t)
	zakharov := personQuery(map[string][]string{"name": {"Alexander Zakharov"}})
	cabello := personQuery(map[string][]string{"name": {"Diosdado Cabello"}})
	orinoco := map[string]any{"queries": map[string]any{"q": map[string]any{"schema": "Company",
		"properties": map[string][]string{"name": {"Orinoco Trading"}}}}}
	egrul := map[string]any{"queries": map[string]any{"q": map[string]any{"schema": "Company",
		"properties": map[string][]string{"name": {`ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ "ИЖТЕЛЕКОМ"`}}}}}
	tests := []struct {
		name    string
		dataset string
		query   map[string]any
		want    string // an ID that must be among the results; "" none of notWant
		notWant string // an ID that must not be
	}{
		{"a list by its name", "zala", zakharov, zakharovID, ""},
		{"another list's entity is not in it", "zala", cabello, "", "ofac-24424"},
		{"the fixture list", fixtureDataset, cabello, "ofac-24424", ""},
		{"a list lacks the other's entities", fixtureDataset, zakharov, "", zakharovID},
		{"a source dataset within a list", "eu_fsf", zakharov, zakharovID, ""},
		{"a source dataset lacks others' entities", "fixture_cons", cabello, "", "ofac-24424"},
		{"default has every list", "default", zakharov, zakharovID, ""},
		{"default has the fixture too", "default", cabello, "ofac-24424", ""},
		{"sanctions: a sanctioning source's entity", "sanctions", zakharov, zakharovID, ""},
		{"sanctions: the fixture's sanctioned", "sanctions", cabello, "ofac-24424", ""},
		{"sanctions: not a source that issues no sanctions", "sanctions", orinoco, "", "fx-cons-trading"},
		{"sanctions: not a register-only company", "sanctions", egrul, "", egrulOnlyID},
		{"the register-only company is in default", "default", egrul, egrulOnlyID, ""},
		{"the non-sanctions source in default", "default", orinoco, "fx-cons-trading", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := env.call(t, "POST", "/match/"+tt.dataset+"?threshold=0.5&cutoff=0.3", env.read, tt.query)
			if status != http.StatusOK {
				t.Fatalf("/match/%s: %d %s", tt.dataset, status, body)
			}
			ids := MustJSON[yenteMatches](t, body).ids()
			if tt.want != "" && !slices.Contains(ids, tt.want) {
				t.Errorf("/match/%s: %s not among %v", tt.dataset, tt.want, ids)
			}
			if tt.notWant != "" && slices.Contains(ids, tt.notWant) {
				t.Errorf("/match/%s: %s among %v", tt.dataset, tt.notWant, ids)
			}
		})
	}
	for _, p := range []string{"/match/banana", "/search/banana"} {
		method := "GET"
		if strings.HasPrefix(p, "/match") {
			method = "POST"
		}
		if status, _, body := env.call(t, method, p, env.read, zakharov); status != http.StatusNotFound {
			t.Errorf("%s: %d %s", p, status, body)
		}
	}
	// include_dataset and exclude_dataset take the same names.
	status, _, body := env.call(t, "POST", "/match/zala?exclude_dataset=zala", env.read, zakharov)
	if m := MustJSON[yenteMatches](t, body); status != 200 || len(m.ids()) != 0 {
		t.Errorf("exclude_dataset=zala on /match/zala: %d %v", status, m.ids())
	}
	status, _, body = env.call(t, "POST", "/match/default?include_dataset=fixture&threshold=0.5&cutoff=0.3", env.read, zakharov)
	if m := MustJSON[yenteMatches](t, body); status != 200 || slices.Contains(m.ids(), zakharovID) {
		t.Errorf("include_dataset=fixture: %d %v", status, m.ids())
	}
}

// The catalog names every dataset a request may be scoped to, and each
// holds as many entities as a search of it without a query finds.
func TestYenteCatalog(t *testing.T) {
	env := newYenteEnv(t)
	type dataset struct {
		Name         string   `json:"name"`
		Type         string   `json:"type"`
		Children     []string `json:"children"`
		Entities     int      `json:"entity_count"`
		Sanctions    bool     `json:"sanctions"`
		IndexCurrent bool     `json:"index_current"`
	}
	type catalog struct {
		Datasets []dataset `json:"datasets"`
		Current  []string  `json:"current"`
	}
	status, h, body := env.call(t, "GET", "/catalog", env.read, nil)
	if status != 200 {
		t.Fatalf("catalog: %d %s", status, body)
	}
	cat := MustJSON[catalog](t, body)
	byName := map[string]dataset{}
	for _, d := range cat.Datasets {
		byName[d.Name] = d
	}
	for _, want := range []struct {
		name, typ string
		sanctions bool
	}{
		{"default", "collection", false}, {"sanctions", "collection", false}, {"zala", "list", true},
		{fixtureDataset, "list", true}, {"un_sc_sanctions", "list", true}, {"eu_fsf", "source", true},
		{"fixture_sdn", "source", true}, {"fixture_cons", "source", false}, {"ext_ru_egrul", "source", false},
	} {
		d, ok := byName[want.name]
		if !ok || d.Type != want.typ || d.Sanctions != want.sanctions {
			t.Errorf("catalog dataset %s = %+v, want type %s, sanctions %v", want.name, d, want.typ, want.sanctions)
		}
	}
	if d := byName["default"]; !slices.Equal(d.Children, []string{fixtureDataset, "un_sc_sanctions", "zala"}) {
		t.Errorf("default's children: %v", d.Children)
	}
	if d := byName["sanctions"]; !slices.Contains(d.Children, "fixture_sdn") || slices.Contains(d.Children, "fixture_cons") ||
		!slices.Contains(d.Children, "un_sc_sanctions") || slices.Contains(d.Children, "ext_ru_egrul") {
		t.Errorf("sanctions' children: %v", d.Children)
	}
	for _, name := range []string{"zala", fixtureDataset, "un_sc_sanctions", "default", "sanctions"} {
		if !slices.Contains(cat.Current, name) {
			t.Errorf("%s not current: %v", name, cat.Current)
		}
	}
	for _, d := range cat.Datasets {
		status, _, body := env.call(t, "GET", "/search/"+d.Name+"?limit=0", env.read, nil)
		if s := MustJSON[yenteSearch](t, body); status != 200 || s.Total.Value != d.Entities || d.Entities == 0 {
			t.Errorf("/search/%s: %d, total %d; the catalog says %d entities", d.Name, status, s.Total.Value, d.Entities)
		}
	}

	// ETag and 304, on /catalog and /manifest alike.
	etag := h.Get("ETag")
	if !regexp.MustCompile(`^"[0-9a-f]{32}"$`).MatchString(etag) {
		t.Fatalf("catalog ETag %q", etag)
	}
	for _, tt := range []struct {
		path, ifNoneMatch string
		status            int
	}{
		{"/catalog", etag, http.StatusNotModified},
		{"/catalog", `"other", ` + etag, http.StatusNotModified},
		{"/catalog", "W/" + etag, http.StatusNotModified},
		{"/catalog", "*", http.StatusNotModified},
		{"/catalog", `"other"`, http.StatusOK},
		{"/manifest", etag, http.StatusNotModified},
		{"/manifest", "", http.StatusOK},
	} {
		req, _ := http.NewRequest("GET", env.ts.URL+tt.path, nil)
		req.Header.Set("Authorization", "Bearer "+env.read)
		if tt.ifNoneMatch != "" {
			req.Header.Set("If-None-Match", tt.ifNoneMatch)
		}
		resp, err := env.ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.status || resp.Header.Get("ETag") != etag {
			t.Errorf("%s If-None-Match %q: %d ETag %q, want %d %q", tt.path, tt.ifNoneMatch, resp.StatusCode,
				resp.Header.Get("ETag"), tt.status, etag)
		}
	}
	// A new list version changes the ETag.
	MustLoadList(t, env.listsService, "../lists/testdata/un.xml")
	env.srv.Rebuild()
	waitFor(t, "a new catalog ETag", func() bool {
		_, h, _ := env.call(t, "GET", "/catalog", env.read, nil)
		return h.Get("ETag") != etag
	})
}

// Country values are ISO 3166-1 alpha-2 codes everywhere: the loaders
// convert names ("Democratic Republic of the Congo" in the UN list);
// values that are no country are kept and flagged; filters and query
// echoes take codes.
func TestYenteCountries(t *testing.T) {
	env := newYenteEnv(t)
	code := regexp.MustCompile(`^[a-z]{2}$`)
	status, _, body := env.call(t, "GET", "/search/default?limit=500", env.read, nil)
	all := MustJSON[yenteSearch](t, body)
	if status != 200 || len(all.Results) != all.Total.Value {
		t.Fatalf("search all: %d, %d of %d", status, len(all.Results), all.Total.Value)
	}
	flagged := 0
	for _, r := range all.Results {
		for _, p := range countryProps {
			for _, v := range r.Properties[p] {
				if !code.MatchString(v) && !slices.Contains(r.UnknownCountries, v) {
					t.Errorf("%s %s = %q: neither a code nor flagged", r.ID, p, v)
				}
				if slices.Contains(r.UnknownCountries, v) {
					flagged++
				}
			}
		}
	}
	if flagged == 0 { // the sample has "eu", which ISO 3166-1 does not assign
		t.Error("no unknown country value flagged")
	}
	status, _, body = env.call(t, "GET", "/entities/un-6907993", env.read, nil)
	if e := MustJSON[struct {
		Properties map[string][]any `json:"properties"`
	}](t, body); status != 200 || fmt.Sprint(e.Properties["nationality"]) != "[cd]" || fmt.Sprint(e.Properties["country"]) != "[rw]" {
		t.Errorf("UN entity's countries: %d %v", status, e.Properties)
	}

	tests := []struct {
		name, query string
		want        string // an ID among the results; "" for none at all
	}{
		{"code", "q=alexander+zakharov&countries=ru", zakharovID},
		{"upper case code", "q=alexander+zakharov&countries=RU", zakharovID},
		{"name", "q=alexander+zakharov&countries=Russia", zakharovID},
		{"another country", "q=alexander+zakharov&countries=ke", ""},
		{"either of two", "q=alexander+zakharov&countries=ke&countries=ru", zakharovID},
		{"converted by the loader", "countries=cd", "un-6907993"},
		{"the fixture's Venezuela", "q=cabello&countries=ve", "ofac-24424"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := env.call(t, "GET", "/search/default?"+tt.query, env.read, nil)
			s := MustJSON[yenteSearch](t, body)
			if status != 200 || (tt.want == "" && len(s.Results) > 0) || (tt.want != "" && !slices.Contains(s.ids(), tt.want)) {
				t.Errorf("%s: %d %v, want %q", tt.query, status, s.ids(), tt.want)
			}
		})
	}
	status, _, body = env.call(t, "GET", "/search/default?countries=ve", env.read, nil)
	if s := MustJSON[yenteSearch](t, body); status != 200 || len(s.Facets["countries"].Values) == 0 || s.Facets["countries"].Values[0].Name != "ve" {
		t.Errorf("country facet: %d %+v", status, s.Facets["countries"])
	}
	for _, in := range []string{"ru", "RU", "Russia", "Russian Federation"} {
		status, _, body := env.call(t, "POST", "/match/zala", env.read,
			personQuery(map[string][]string{"name": {"Alexander Zakharov"}, "country": {in}, "nationality": {in}}))
		r := MustJSON[yenteMatches](t, body).Responses["q"]
		if status != 200 || !slices.Equal(r.Query.Properties["country"], []string{"ru"}) ||
			!slices.Equal(r.Query.Properties["nationality"], []string{"ru"}) {
			t.Errorf("country %q echoed as %v %v", in, r.Query.Properties["country"], r.Query.Properties["nationality"])
		}
		if len(r.Results) == 0 || r.Results[0].ID != zakharovID {
			t.Errorf("country %q: results %v", in, r.Results)
		}
	}
}

// Two algorithms score differently: the full one lets a birth date
// that disagrees lower the score, the name-based one does not.
func TestYenteAlgorithms(t *testing.T) {
	env := newYenteEnv(t)
	status, _, body := env.call(t, "GET", "/algorithms", env.read, nil)
	type algo struct {
		Name        string                    `json:"name"`
		Description string                    `json:"description"`
		Features    map[string]map[string]any `json:"features"`
	}
	list := MustJSON[struct {
		Algorithms []algo `json:"algorithms"`
		Default    string `json:"default"`
		Best       string `json:"best"`
	}](t, body)
	names := map[string]algo{}
	for _, a := range list.Algorithms {
		names[a.Name] = a
	}
	if status != 200 || list.Default != "dossier" || list.Best != "dossier" || names["dossier"].Description == "" ||
		names["name-based"].Description == "" || names["dossier"].Features["birth_date"] == nil ||
		names["name-based"].Features["birth_date"] != nil || names["name-based"].Features["name"] == nil {
		t.Fatalf("algorithms: %d %s", status, body)
	}
	query := personQuery(map[string][]string{"name": {"Alexander Zakharov"}, "birthDate": {"1990-02-03"},
		"nationality": {"fr"}})
	scores := map[string]float64{}
	for _, tt := range []struct{ param, want string }{
		{"", "dossier"}, {"best", "dossier"}, {"dossier", "dossier"}, {"logic-v2", "dossier"},
		{"name-based", "name-based"}, {"NAME-BASED", "name-based"},
	} {
		status, _, body := env.call(t, "POST", "/match/zala?algorithm="+tt.param+"&cutoff=0.1", env.read, query)
		m := MustJSON[yenteMatches](t, body)
		r := m.Responses["q"]
		if status != 200 || m.Algorithm != tt.want || len(r.Results) == 0 || r.Results[0].ID != zakharovID {
			t.Fatalf("algorithm %q: %d %s", tt.param, status, body)
		}
		scores[tt.want] = r.Results[0].Score
		if _, ok := r.Results[0].Features["birth_date"]; ok == (tt.want == "name-based") {
			t.Errorf("algorithm %q: features %v", tt.param, r.Results[0].Features)
		}
	}
	if !(scores["name-based"] > scores["dossier"]) {
		t.Errorf("a birth date and nationality that disagree: name-based %.3f, dossier %.3f", scores["name-based"], scores["dossier"])
	}
	status, _, body = env.call(t, "POST", "/match/zala?algorithm=neural-net", env.read, query)
	if status != http.StatusBadRequest || !strings.Contains(string(body), "name-based") {
		t.Errorf("unknown algorithm: %d %s", status, body)
	}
}

// Status codes where yente's differ from a plain 400: 422 for what its
// request validation refuses, 414 for a URL over the limit; unknown
// query properties are dropped, not refused.
func TestYenteStatusCodes(t *testing.T) {
	env := newYenteEnv(t)
	const zakharovQuery = `{"schema":"Person","properties":{"name":["Alexander Zakharov"]}}`
	zakharov := `{"queries":{"q":` + zakharovQuery + `}}`
	tests := []struct {
		name, method, path, body string
		status                   int
	}{
		{"match: no schema", "POST", "/match/zala", `{"queries":{"q":{"properties":{"name":["Banana"]}}}}`, 422},
		{"match: unknown schema", "POST", "/match/zala", `{"queries":{"q":{"schema":"xxx","properties":{"name":["Banana"]}},"ok":` + zakharovQuery + `}}`, 400},
		{"match: limit over 500", "POST", "/match/zala?limit=501", zakharov, 422},
		{"match: limit 500", "POST", "/match/zala?limit=500", zakharov, 200},
		{"match: limit not a number", "POST", "/match/zala?limit=many", zakharov, 422},
		{"match: bad date", "POST", "/match/zala?changed_since=yesterday", zakharov, 422},
		{"match: impossible date", "POST", "/match/zala?changed_since=2024-02-30", zakharov, 422},
		{"match: date with zone", "POST", "/match/zala?changed_since=2024-02-03T10:00:00Z", zakharov, 422},
		{"match: date and hour", "POST", "/match/zala?changed_since=2024-02-03T10", zakharov, 200},
		// yente's /match answers 400, not 422, for a config key the chosen
		// algorithm does not take (its match router checks each key against
		// the algorithm's configuration before any query runs); dossier's
		// algorithms take none, so every key is refused so.
		{"match: invalid config key", "POST", "/match/zala", `{"queries":{"q":` + zakharovQuery + `},"config":{"invalid_option":0.4}}`, 400},
		{"match: invalid config key, other algorithm", "POST", "/match/zala?algorithm=name-based", `{"queries":{"q":` + zakharovQuery + `},"config":{"nm_number_mismatch":0.4}}`, 400},
		{"match: unknown algorithm", "POST", "/match/zala?algorithm=neural-net", zakharov, 400},
		{"match: unknown property", "POST", "/match/zala", `{"queries":{"q":{"schema":"Person","properties":{"name":["Alexander Zakharov"],"favouriteColour":["red"],"imoNumber":["IMO 1234567"]}}}}`, 200},
		{"search: limit over 500", "GET", "/search/zala?limit=501", "", 422},
		{"search: offset over the bound", "GET", "/search/zala?offset=100000", "", 422},
		{"search: bad date", "GET", "/search/zala?changed_since=2024-1-1", "", 422},
		{"search: unknown schema", "GET", "/search/zala?q=x&schema=Banana", "", 400},
		{"search: long URL", "GET", "/search/zala?q=" + strings.Repeat("a", 40<<10), "", 414},
		{"search: URL under the bound", "GET", "/search/zala?q=" + strings.Repeat("a", 20<<10), "", 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body any
			if tt.body != "" {
				body = tt.body
			}
			status, _, resp := env.call(t, tt.method, tt.path, env.read, body)
			if status != tt.status {
				t.Fatalf("%s %s: %d, want %d: %.300s", tt.method, tt.path, status, tt.status, resp)
			}
			if tt.body != "" && !json.Valid([]byte(tt.body)) {
				t.Fatalf("the test's body is not JSON: %s", tt.body)
			}
			if strings.Contains(tt.name, "unknown schema") && !strings.Contains(string(resp), "schema") {
				t.Errorf("the error does not name the schema: %.300s", resp)
			}
			if strings.Contains(tt.name, "config key") && !strings.Contains(string(resp), "invalid config key") {
				t.Errorf("the error does not name the config key: %.300s", resp)
			}
			if tt.name == "match: unknown property" {
				q := MustJSON[yenteMatches](t, resp).Responses["q"].Query.Properties
				if _, ok := q["favouriteColour"]; ok || q["imoNumber"] != nil || len(q["name"]) != 1 {
					t.Errorf("echoed properties: %v", q)
				}
			}
		})
	}
}

// changed_since keeps the entities changed since then; last_change is
// when each entity last changed across the list's versions.
func TestYenteChangedSince(t *testing.T) {
	env := newYenteEnv(t)
	var search yenteSearch
	for _, tt := range []struct {
		since string
		none  bool
	}{{"2099-01-01T00:00", true}, {"2099-01-01", true}, {"2000-01-01", false}} {
		status, _, body := env.call(t, "GET", "/search/zala?q=alexander+zakharov&changed_since="+tt.since, env.read, nil)
		search = MustJSON[yenteSearch](t, body)
		if status != 200 || (len(search.Results) == 0) != tt.none {
			t.Errorf("search changed_since=%s: %d %v", tt.since, status, search.ids())
		}
		status, _, body = env.call(t, "POST", "/match/zala?changed_since="+tt.since, env.read,
			personQuery(map[string][]string{"name": {"Alexander Zakharov"}}))
		if m := MustJSON[yenteMatches](t, body); status != 200 || (len(m.ids()) == 0) != tt.none {
			t.Errorf("match changed_since=%s: %d %v", tt.since, status, m.ids())
		}
	}
	for _, r := range search.Results {
		if r.LastChange == nil || *r.LastChange == "" {
			t.Errorf("%s: no last_change", r.ID)
		}
	}
}

// Every score and explanation score stays in [0, 1], whatever the name
// and the algorithm: every name of every loaded entity, as a query.
func TestYenteScoresInRange(t *testing.T) {
	env := newYenteEnv(t)
	snap := env.srv.index.current()
	var names []string
	for _, id := range snap.things {
		strong, weak := snap.entities[id].Names()
		names = append(names, strong...)
		names = append(names, weak...)
	}
	slices.Sort(names)
	names = slices.Compact(names)
	if len(names) < 150 {
		t.Fatalf("only %d names", len(names))
	}
	checked := 0
	for _, algo := range []string{"dossier", "name-based"} {
		for start := 0; start < len(names); start += 50 {
			queries := map[string]any{}
			for i, n := range names[start:min(start+50, len(names))] {
				queries[fmt.Sprint(i)] = map[string]any{"schema": "Thing", "properties": map[string]any{"name": n,
					"birthDate": "1965-09-21", "country": "ru"}}
			}
			status, _, body := env.call(t, "POST", "/match/default?algorithm="+algo+"&cutoff=0&limit=20", env.read,
				map[string]any{"queries": queries})
			if status != 200 {
				t.Fatalf("%d %s", status, body)
			}
			var m yenteMatches
			m = MustJSON[yenteMatches](t, body)
			for key, r := range m.Responses {
				for _, res := range r.Results {
					checked++
					in := func(x float64) bool { return x >= 0 && x <= 1 }
					if !in(res.Score) {
						t.Errorf("%s %q → %s: score %v", algo, queries[key], res.ID, res.Score)
					}
					for f, v := range res.Features {
						if !in(v) || !in(res.Explanations[f].Score) {
							t.Errorf("%s %q → %s: feature %s %v, explanation %v", algo, queries[key], res.ID, f, v, res.Explanations[f].Score)
						}
					}
				}
			}
		}
	}
	t.Logf("%d names, %d scored results checked", len(names), checked)
}

// /search finds entities by the words of their addresses and notes and
// by their identifiers, not only by name.
func TestYenteSearchText(t *testing.T) {
	env := newYenteEnv(t)
	tests := []struct {
		name, q, want string
		exact         bool // the identifier itself: the top result, scored 1
	}{
		{"an address entity's word", "Caracas", "ofac-24424", false},
		{"an identifier", "183116181362", osetrovaID, true},
		{"an identifier with spaces", "183 116 181 362", osetrovaID, true},
		{"words of a note", "Director Disqualification", osetrovaID, false},
		{"a name still", "Diosdado Cabello", "ofac-24424", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := env.call(t, "GET", "/search/default?q="+url.QueryEscape(tt.q), env.read, nil)
			s := MustJSON[yenteSearch](t, body)
			if status != 200 || !slices.Contains(s.ids(), tt.want) {
				t.Fatalf("q=%q: %d %v, want %s", tt.q, status, s.ids(), tt.want)
			}
			if tt.exact && (s.Results[0].ID != tt.want || s.Results[0].Score == nil || *s.Results[0].Score != 1) {
				t.Errorf("q=%q: top %s", tt.q, body)
			}
		})
	}
	status, _, body := env.call(t, "GET", "/search/default?q=Caracas+Zakharov+nowhere", env.read, nil)
	if s := MustJSON[yenteSearch](t, body); status != 200 || len(s.Results) != 0 {
		t.Errorf("words found in no one entity: %v", s.ids())
	}
}

// /entities/{id}/adjacent pages an entity's neighbours by property,
// outbound (its address entities) and inbound (its sanctions,
// ownerships, family links); the neighbour names the root by ID.
func TestYenteAdjacent(t *testing.T) {
	env := newYenteEnv(t)
	type entity struct {
		ID         string         `json:"id"`
		Schema     string         `json:"schema"`
		Properties map[string]any `json:"properties"`
	}
	type page struct {
		Results []entity `json:"results"`
		Total   struct {
			Value int `json:"value"`
		} `json:"total"`
		Limit  int `json:"limit"`
		Offset int `json:"offset"`
	}
	type adjacent struct {
		Entity   entity          `json:"entity"`
		Adjacent map[string]page `json:"adjacent"`
	}
	ids := func(p page) []string {
		var out []string
		for _, e := range p.Results {
			out = append(out, e.ID)
		}
		return out
	}
	status, _, body := env.call(t, "GET", "/entities/ofac-24424/adjacent", env.read, nil)
	a := MustJSON[adjacent](t, body)
	if status != 200 || a.Entity.ID != "ofac-24424" || !slices.Equal(ids(a.Adjacent["addressEntity"]), []string{"fx-addr-caracas"}) ||
		!slices.Equal(ids(a.Adjacent["sanctions"]), []string{"ofac-24424-sanction"}) ||
		a.Adjacent["sanctions"].Total.Value != 1 || a.Adjacent["sanctions"].Limit != 10 || a.Adjacent["sanctions"].Offset != 0 {
		t.Fatalf("adjacent of ofac-24424: %d %s", status, body)
	}
	if got := fmt.Sprint(a.Adjacent["sanctions"].Results[0].Properties["entity"]); got != "[ofac-24424]" {
		t.Errorf("the sanction names its root %s, want the ID", got)
	}
	// From the sanction, its entity is adjacent.
	status, _, body = env.call(t, "GET", "/entities/ofac-24424-sanction/adjacent", env.read, nil)
	if a := MustJSON[adjacent](t, body); status != 200 || !slices.Equal(ids(a.Adjacent["entity"]), []string{"ofac-24424"}) {
		t.Errorf("adjacent of the sanction: %d %s", status, body)
	}

	// Zakharov owns ten assets: pages of them, by limit and offset.
	status, _, body = env.call(t, "GET", "/entities/"+zakharovID+"/adjacent", env.read, nil)
	z := MustJSON[adjacent](t, body)
	owned := z.Adjacent["ownershipOwner"]
	if status != 200 || owned.Total.Value != 10 || len(owned.Results) != 10 || len(z.Adjacent["familyRelative"].Results) == 0 {
		t.Fatalf("adjacent of Zakharov: %d ownerships %d of %d, family %d", status, len(owned.Results), owned.Total.Value,
			len(z.Adjacent["familyRelative"].Results))
	}
	for _, o := range owned.Results {
		asset, _ := o.Properties["asset"].([]any)
		if o.Schema != "Ownership" || fmt.Sprint(o.Properties["owner"]) != "["+zakharovID+"]" || len(asset) != 1 {
			t.Errorf("ownership %s: %v", o.ID, o.Properties)
		} else if _, nested := asset[0].(map[string]any); !nested {
			t.Errorf("ownership %s: asset not nested: %v", o.ID, asset)
		}
	}
	var paged []string
	for offset := 0; offset < 10; offset += 4 {
		status, _, body := env.call(t, "GET", fmt.Sprintf("/entities/%s/adjacent/ownershipOwner?limit=4&offset=%d", zakharovID, offset), env.read, nil)
		p := MustJSON[page](t, body)
		if status != 200 || p.Total.Value != 10 || p.Limit != 4 || p.Offset != offset || len(p.Results) != min(4, 10-offset) {
			t.Fatalf("page at %d: %d %s", offset, status, body)
		}
		paged = append(paged, ids(p)...)
	}
	if !slices.Equal(paged, ids(owned)) {
		t.Errorf("pages %v, all at once %v", paged, ids(owned))
	}

	tests := []struct {
		path   string
		status int
	}{
		{"/entities/ofac-24424/adjacent/sanctions", 200},
		{"/entities/ofac-24424/adjacent/birthDate", 200}, // a property, but no reference: an empty page
		{"/entities/ofac-24424/adjacent/banana", 404},
		{"/entities/nope/adjacent", 404},
		{"/entities/ofac-24424/adjacent?limit=501", 422},
		{"/entities/ofac-24424/adjacent?offset=-1", 422},
	}
	for _, tt := range tests {
		if status, _, body := env.call(t, "GET", tt.path, env.read, nil); status != tt.status {
			t.Errorf("%s: %d, want %d: %s", tt.path, status, tt.status, body)
		}
	}
	// A merged-away ID redirects to its entity's adjacent.
	req, _ := http.NewRequest("GET", env.ts.URL+"/entities/fx-old-cabello/adjacent/sanctions", nil)
	req.Header.Set("Authorization", "Bearer "+env.read)
	client := *env.ts.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusPermanentRedirect || resp.Header.Get("Location") != "/entities/ofac-24424/adjacent/sanctions" {
		t.Errorf("referent: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// The OpenRefine reconciliation API: the service manifest, batches of
// queries scored as /match scores them, and the suggest services.
func TestYenteReconcile(t *testing.T) {
	env := newYenteEnv(t)
	type candidate struct {
		ID    string  `json:"id"`
		Name  string  `json:"name"`
		Score float64 `json:"score"`
		Match bool    `json:"match"`
		Type  []struct {
			ID string `json:"id"`
		} `json:"type"`
	}
	post := func(t *testing.T, path string, queries any, token string) (int, http.Header, map[string]struct {
		Result []candidate `json:"result"`
	}) {
		t.Helper()
		q, _ := json.Marshal(queries)
		req, _ := http.NewRequest("POST", env.ts.URL+path, strings.NewReader(url.Values{"queries": {string(q)}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := env.ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]struct {
			Result []candidate `json:"result"`
		}
		json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, resp.Header, out
	}

	status, _, body := env.call(t, "GET", "/reconcile/zala", env.read, nil)
	m := MustJSON[struct {
		Versions        []string `json:"versions"`
		IdentifierSpace string   `json:"identifierSpace"`
		View            struct {
			URL string `json:"url"`
		} `json:"view"`
		Suggest map[string]struct {
			ServiceURL  string `json:"service_url"`
			ServicePath string `json:"service_path"`
		} `json:"suggest"`
		DefaultTypes []struct {
			ID string `json:"id"`
		} `json:"defaultTypes"`
	}](t, body)
	if status != 200 || !slices.Contains(m.Versions, "0.2") || !strings.HasPrefix(m.IdentifierSpace, env.ts.URL) ||
		len(m.DefaultTypes) < 4 || m.Suggest["entity"].ServiceURL != env.ts.URL+"/reconcile/zala" ||
		!strings.Contains(m.View.URL, "{{id}}") {
		t.Fatalf("manifest: %d %s", status, body)
	}
	for _, p := range []string{"/reconcile", "/reconcile/default", "/reconcile/sanctions"} {
		if status, _, body := env.call(t, "GET", p, env.read, nil); status != 200 {
			t.Errorf("%s: %d %s", p, status, body)
		}
	}
	if status, _, _ := env.call(t, "GET", "/reconcile/banana", env.read, nil); status != 404 {
		t.Errorf("unknown dataset: %d", status)
	}

	status, h, res := post(t, "/reconcile/zala", map[string]any{
		"mutti":  map[string]any{"query": "Alexander ZAKHAROV"},
		"born":   map[string]any{"query": "Alexander ZAKHAROV", "type": "Person", "properties": []map[string]any{{"pid": "birthDate", "v": "1965-09-21"}, {"pid": "Person:nationality", "v": []string{"Russia"}}}},
		"wrong":  map[string]any{"query": "Alexander ZAKHAROV", "type": []string{"Person"}, "properties": []map[string]any{{"pid": "birthDate", "v": "1990-01-01"}}},
		"nobody": map[string]any{"query": "Banana Man Xylophone", "limit": 3},
	}, env.read)
	if status != 200 || h.Get("X-Batch-Size") != "4" {
		t.Fatalf("reconcile: %d %v", status, res)
	}
	for _, k := range []string{"mutti", "born", "wrong"} {
		r := res[k].Result
		if len(r) == 0 || r[0].ID != zakharovID || r[0].Type[0].ID != "Person" || r[0].Score < 0 || r[0].Score > 1 {
			t.Errorf("%s: %+v", k, r)
		}
	}
	if len(res["born"].Result) == 0 || len(res["wrong"].Result) == 0 {
		t.FailNow()
	}
	if b, w := res["born"].Result[0], res["wrong"].Result[0]; !(b.Score > w.Score) || !b.Match || w.Match {
		t.Errorf("the right birth date %.3f (match %v), a wrong one %.3f", b.Score, b.Match, w.Score)
	}
	if len(res["nobody"].Result) > 3 {
		t.Errorf("limit 3: %d candidates", len(res["nobody"].Result))
	}
	// Scoped to the fixture list, Zakharov is not there.
	if _, _, res := post(t, "/reconcile/"+fixtureDataset, map[string]any{"q": map[string]any{"query": "Alexander ZAKHAROV"}}, env.read); len(res["q"].Result) > 0 && res["q"].Result[0].ID == zakharovID {
		t.Errorf("fixture list: %+v", res["q"].Result)
	}
	for _, tt := range []struct {
		name    string
		queries any
		status  int
	}{
		{"a type that is no schema", map[string]any{"q": map[string]any{"type": "Banana"}}, 400},
		{"not JSON", "nope", 400},
	} {
		if status, _, _ := post(t, "/reconcile/zala", tt.queries, env.read); status != tt.status {
			t.Errorf("%s: %d, want %d", tt.name, status, tt.status)
		}
	}
	// OpenRefine cannot send headers: the token may come as ?api_key=,
	// on the reconciliation routes only.
	if status, _, _ := post(t, "/reconcile/zala?api_key="+env.read, map[string]any{"q": map[string]any{"query": "Zakharov"}}, ""); status != 200 {
		t.Errorf("api_key: %d", status)
	}
	if status, _, _ := post(t, "/reconcile/zala", map[string]any{"q": map[string]any{"query": "Zakharov"}}, ""); status != 401 {
		t.Errorf("no token: %d", status)
	}
	if status, _, _ := env.call(t, "GET", "/catalog?api_key="+env.read, "", nil); status != 401 {
		t.Errorf("api_key outside the reconciliation API: %d", status)
	}

	type suggestions struct {
		Result []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"result"`
	}
	for _, tt := range []struct {
		path    string
		want    []string // IDs among the results, in order for the first
		wantLen int      // -1: any
	}{
		{"/reconcile/zala/suggest/entity", nil, 0},
		{"/reconcile/zala/suggest/entity?prefix=alexander%20zakharov", []string{zakharovID}, -1},
		{"/reconcile/zala/suggest/entity?prefix=banana%20man", nil, 0},
		{"/reconcile/zala/suggest/type?prefix=organ", []string{"Organization"}, 1},
		{"/reconcile/zala/suggest/type?prefix=banana", nil, 0},
		{"/reconcile/zala/suggest/property?prefix=country", []string{"Thing:country", "Person:birthCountry"}, -1},
		{"/reconcile/zala/suggest/property", nil, 0},
	} {
		status, _, body := env.call(t, "GET", tt.path, env.read, nil)
		s := MustJSON[suggestions](t, body)
		var got []string
		for _, r := range s.Result {
			got = append(got, r.ID)
		}
		if status != 200 || (tt.wantLen >= 0 && len(got) != tt.wantLen) || (len(tt.want) > 0 && (len(got) == 0 ||
			(strings.Contains(tt.path, "/entity") && got[0] != tt.want[0]))) {
			t.Errorf("%s: %d %v", tt.path, status, got)
		}
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("%s: %s not among %v", tt.path, w, got)
			}
		}
	}
}
