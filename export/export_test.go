package export

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"dossier"
)

// The property sets of values.go and the topic list of news.go are the
// model's.
func TestModelTables(t *testing.T) {
	m := mustModel(t)
	for _, tt := range []struct {
		Name      string
		Got, Want map[string]bool
	}{
		{"url properties", urlProps, m.propsOfType("url")},
		{"country properties", countryProps, m.propsOfType("country")},
		{"topics", ftmTopics, m.topics},
	} {
		t.Run(tt.Name, func(t *testing.T) {
			got, want := slices.Sorted(maps.Keys(tt.Got)), slices.Sorted(maps.Keys(tt.Want))
			if !slices.Equal(got, want) {
				t.Errorf("got %v\nwant the model's %v", got, want)
			}
		})
	}
}

func TestWithScheme(t *testing.T) {
	for _, tt := range []struct{ In, Out string }{
		{"www.cazper.com.mx", "https://www.cazper.com.mx"},
		{"example.com/a?b=c", "https://example.com/a?b=c"},
		{"example.com:8080/x", "https://example.com:8080/x"},
		{"//example.com", "https://example.com"},
		{"  http://www.jalili.ir ", "http://www.jalili.ir"},
		{"HTTPS://Example.com", "HTTPS://Example.com"},
		{"ftp://files.example.org", "ftp://files.example.org"},
		{"mailto:someone@example.com", "mailto:someone@example.com"},
		{": www.alnakshabandia-army.org", "https://www.alnakshabandia-army.org"},
		{"www.alturath.org. Revival of Islamic Heritage Society Offices Worldwide", "https://www.alturath.org"},
		{"(http://example.com/a)", "http://example.com/a"},
		{"#", ""}, {"http://", ""}, {"www.example.com/%zz", ""},
		{"", ""},
	} {
		if got := WithScheme(tt.In); got != tt.Out {
			t.Errorf("WithScheme(%q) = %q, want %q", tt.In, got, tt.Out)
		}
	}
}

func TestCountryCode(t *testing.T) {
	for _, tt := range []struct{ In, Out string }{
		{"Colombia", "co"}, {"VE", "ve"}, {"ru", "ru"}, {"Venezuelan", "ve"}, {"Atlantis", "Atlantis"}, {"", ""},
	} {
		if got := CountryCode(tt.In); got != tt.Out {
			t.Errorf("CountryCode(%q) = %q, want %q", tt.In, got, tt.Out)
		}
	}
}

func TestFtmTopic(t *testing.T) {
	for _, tt := range []struct{ In, Out string }{
		{"crime.traffick.drug", "crime.traffick.drug"}, {"crime.fin.launder", "crime.fin"}, {"crime.corrupt", "crime"},
		{"sanction.evade", "sanction"}, {"role.pep", "role.pep"}, {"role", ""}, {"", ""},
	} {
		if got := ftmTopic(tt.In); got != tt.Out {
			t.Errorf("ftmTopic(%q) = %q, want %q", tt.In, got, tt.Out)
		}
	}
}

// The validator finds each kind of fault, so that a clean export means
// something.
func TestValidateFinds(t *testing.T) {
	m := mustModel(t)
	for _, tt := range []struct{ Name, Line, Error string }{
		{"unknown schema", `{"id":"a","schema":"Persn","properties":{}}`, `unknown schema "Persn"`},
		{"abstract schema", `{"id":"a","schema":"Thing","properties":{"name":["x"]}}`, "abstract schema"},
		{"unknown property", `{"id":"a","schema":"Person","properties":{"name":["x"],"birthdate":["1960"]}}`, `no property "birthdate"`},
		{"bad date", `{"id":"a","schema":"Person","properties":{"name":["x"],"birthDate":["13 Dec 1963"]}}`, "is not a date"},
		{"url without scheme", `{"id":"a","schema":"Company","properties":{"name":["x"],"website":["www.example.com"]}}`, "not a URL with a scheme"},
		{"unknown topic", `{"id":"a","schema":"Person","properties":{"name":["x"],"topics":["crime.corrupt"]}}`, "not an FtM topic"},
		{"dangling reference", `{"id":"s","schema":"Sanction","properties":{"entity":["nobody"]}}`, "not exported"},
		{"missing required", `{"id":"s","schema":"Sanction","properties":{"program":["SDNT"]}}`, "required property entity missing"},
		{"out of range", `{"id":"a","schema":"Person","properties":{"name":["x"]}}` + "\n" +
			`{"id":"o","schema":"Occupancy","properties":{"holder":["a"],"post":["a"]}}`, "outside its range Position"},
		{"repeated id", `{"id":"a","schema":"Person","properties":{"name":["x"]}}` + "\n" +
			`{"id":"a","schema":"Person","properties":{"name":["y"]}}`, "repeated"},
		{"claim without document", `{"id":"a","schema":"Person","properties":{"name":["x"]},"claims":[{"id":"c","document":"d","topic":"crime","stance":"alleged"}]}`, `points to "d"`},
		{"not JSON", `{"id":`, "not a JSON entity"},
	} {
		t.Run(tt.Name, func(t *testing.T) {
			r := m.validate([]byte(tt.Line + "\n"))
			if !slices.ContainsFunc(r.Errors, func(e string) bool { return strings.Contains(e, tt.Error) }) {
				t.Errorf("errors %q, want one with %q", r.Errors, tt.Error)
			}
		})
	}
	if r := m.validate([]byte(`{"id":"a","schema":"Person","properties":{"name":["x"],"birthDate":["1963-12"],"topics":["role.pep"]}}` + "\n")); len(r.Errors) > 0 {
		t.Errorf("a valid entity: %q", r.Errors)
	}
}

// sampleExtraction is an article's extraction with one relation of each
// kind the relate stage makes.
func sampleExtraction() (*dossier.Document, *dossier.Extraction) {
	d := &dossier.Document{
		ID: "0123456789abcdef0123456789abcdef", Title: "A report", URL: "www.example.com/report", Source: "Example News",
		Format: "html", Published: time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC), Ingested: time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC),
		Text: "Text of the report.",
	}
	per := func(id, name string, roles ...dossier.Role) dossier.DocEntity {
		return dossier.DocEntity{ID: id, Type: "PER", Name: name, Aliases: []string{name, strings.Fields(name)[1]}, Roles: roles, Mentions: []dossier.Mention{{Text: name}}}
	}
	org := func(id, name, country string) dossier.DocEntity {
		return dossier.DocEntity{ID: id, Type: "ORG", Name: name, Country: country, Mentions: []dossier.Mention{{Text: name}}}
	}
	x := &dossier.Extraction{
		DocumentID: d.ID,
		Entities: []dossier.DocEntity{
			per("e1", "Ana Perez", dossier.Role{Title: "head", Text: "head of the National Assembly", OfEntity: "e2", Topics: []string{"role.pep", "gov.legislative"}}),
			org("e2", "National Assembly", "VE"),
			per("e3", "Luis Gomez"),
			org("e4", "Acme Holdings", ""),
			{ID: "e5", Type: "LOC", Name: "Caracas"},
			per("e6", "Marta Diaz", dossier.Role{Title: "head", Text: "former head of the assembly", OfEntity: "e2", Former: true, Topics: []string{"role.pep"}}),
		},
		Relations: []dossier.Relation{
			{Schema: "Occupancy", Subject: "e1", Object: "e2", Role: "head", Evidence: dossier.Evidence{Text: "Ana Perez, head of the National Assembly"}},
			{Schema: "Occupancy", Subject: "e6", Object: "e2", Role: "head"},
			{Schema: "Family", Subject: "e3", Object: "e1", Role: "husband"},
			{Schema: "Ownership", Subject: "e3", Object: "e4", Role: "owner"},
			{Schema: "Employment", Subject: "e3", Object: "e1", Role: "bodyguard"},
			{Schema: "Employment", Subject: "e3", Object: "e4", Role: "manager"},
			{Schema: "Directorship", Subject: "e1", Object: "e4", Role: "director"},
			{Schema: "Membership", Subject: "e3", Object: "e2", Role: "member"},
			{Schema: "Associate", Subject: "e3", Object: "e6", Role: "business partner"},
			{Schema: "Representation", Subject: "e6", Object: "e4", Role: "lawyer"},
			{Schema: "UnknownLink", Subject: "e1", Object: "e4", Role: "partner"},
			{Schema: "Membership", Subject: "e1", Object: "e5", Role: "member"}, // a place: left out
		},
		Claims: []dossier.Claim{
			{ID: "c1", Subject: "e3", Topic: "crime.fin.launder", Topics: []string{"crime.fin.launder", "crime.corrupt"}, Stance: "charged",
				Speaker: &dossier.Source{Entity: "e1", Name: "Ana Perez"}, Evidence: dossier.Evidence{Start: 0, End: 4, Text: "Text"}},
			{ID: "c2", Subject: "e3", Topic: "crime.fin.launder", Stance: "denied", Denies: "c1"},
			{ID: "c3", Subject: "e5", Topic: "crime", Stance: "reported"},
		},
		Adverse: &dossier.Adverse{Score: 0.9, Adverse: true, Topics: []string{"crime.fin.launder"}},
	}
	return d, x
}

func TestNewsLines(t *testing.T) {
	d, x := sampleExtraction()
	lines, unattached := NewsLines(d, x)
	var buf bytes.Buffer
	for _, l := range lines {
		b, _ := json.Marshal(l)
		buf.Write(append(b, '\n'))
	}
	mustValidate(t, buf.Bytes())
	if unattached != 1 {
		t.Errorf("unattached claims %d, want 1 (the place's)", unattached)
	}
	byID := map[string]*Line{}
	var edges []string
	for _, l := range lines {
		byID[l.ID] = l
		if l.Schema != "Person" && l.Schema != "Organization" && l.Schema != "Company" && l.Schema != "Article" && l.Schema != "Position" && l.Schema != "Documentation" {
			edges = append(edges, l.Schema)
		}
	}
	p := "news-" + d.ID
	want := []string{"Occupancy", "Occupancy", "Family", "Ownership", "Associate", "Employment", "Directorship", "Membership", "Associate", "Representation", "UnknownLink"}
	if !slices.Equal(edges, want) {
		t.Errorf("edges %v, want %v", edges, want)
	}
	art := byID[p]
	if art == nil || art.Schema != "Article" || art.Properties["sourceUrl"][0] != "https://www.example.com/report" || art.Properties["publishedAt"][0] != "2024-03-01T09:30:00" {
		t.Fatalf("article %+v", art)
	}
	if got := byID[p+"-e4"].Schema; got != "Company" {
		t.Errorf("the owned organization is a %s, want Company", got)
	}
	if byID[p+"-e5"] != nil {
		t.Errorf("a place was exported")
	}
	occ := byID[p+"-r1"]
	post := byID[occ.Properties["post"][0]]
	if occ.Properties["holder"][0] != p+"-e1" || post == nil || post.Schema != "Position" ||
		post.Properties["name"][0] != "Head of National Assembly" || post.Properties["organization"][0] != p+"-e2" ||
		!slices.Equal(post.Properties["country"], []string{"ve"}) || !slices.Equal(post.Properties["topics"], []string{"role.pep", "gov.legislative"}) {
		t.Errorf("occupancy %+v of post %+v", occ, post)
	}
	if occ2 := byID[p+"-r2"]; occ2.Properties["post"][0] != post.ID || occ2.Properties["status"][0] != "ended" {
		t.Errorf("second holder of the same post: %+v, want post %s, ended", occ2, post.ID)
	}
	if fam := byID[p+"-r3"]; fam.Properties["person"][0] != p+"-e1" || fam.Properties["relative"][0] != p+"-e3" || fam.Properties["relationship"][0] != "husband" {
		t.Errorf("family %+v: the husband is the relative of the person", fam)
	}
	luis := byID[p+"-e3"]
	if len(luis.Claims) != 2 || luis.Claims[0].Speaker.Entity != p+"-e1" || luis.Claims[1].Denies != p+"-c1" || luis.Claims[0].Document != p {
		t.Errorf("claims %+v", luis.Claims)
	}
	if !slices.Equal(luis.Properties["topics"], []string{"crime.fin", "crime"}) {
		t.Errorf("subject topics %v, want the claims' topics in FtM's vocabulary", luis.Properties["topics"])
	}
	if doc := byID[p+"-e3-doc"]; doc.Properties["role"][0] != "subject of claims" || doc.Properties["document"][0] != p {
		t.Errorf("documentation %+v", doc)
	}
}

type listSlice []*dossier.Entity

func (s listSlice) CurrentEntities(ctx context.Context, fn func(*dossier.Entity) error) error {
	for _, e := range s {
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

type newsSlice struct {
	docs []*dossier.Document
	xs   []*dossier.Extraction
	err  error
}

func (s newsSlice) FindExtractions(ctx context.Context, ids []string, fn func(*dossier.Document, *dossier.Extraction) error) error {
	for i := range s.docs {
		if err := fn(s.docs[i], s.xs[i]); err != nil {
			return err
		}
	}
	return s.err
}

func TestExport(t *testing.T) {
	person := &dossier.Entity{ID: "ofac-1", Schema: "Person", Datasets: []string{"us_ofac_sdn"},
		Properties: map[string][]string{"name": {"DOE, John"}, "nationality": {"Colombia"}, "website": {"www.doe.example"}}}
	sanction := &dossier.Entity{ID: "ofac-1-s", Schema: "Sanction", Datasets: []string{"us_ofac_sdn"},
		Properties: map[string][]string{"entity": {"ofac-1"}, "program": {"SDNT"}}}
	un := &dossier.Entity{ID: "un-1", Schema: "Organization", Datasets: []string{"un_sc_sanctions"}, Properties: map[string][]string{"name": {"X"}}}
	d, x := sampleExtraction()
	lists := listSlice{person, sanction, un}
	news := newsSlice{docs: []*dossier.Document{d}, xs: []*dossier.Extraction{x}}
	for _, tt := range []struct {
		Name     string
		X        Exporter
		Schemata map[string]int
		Error    string
	}{
		{Name: "lists", X: Exporter{Lists: lists}, Schemata: map[string]int{"Person": 1, "Sanction": 1, "Organization": 1}},
		{Name: "one dataset", X: Exporter{Lists: lists, Dataset: "un_sc_sanctions"}, Schemata: map[string]int{"Organization": 1}},
		{Name: "no such dataset", X: Exporter{Lists: lists, Dataset: "eu_fsf"}, Schemata: map[string]int{}},
		{Name: "news only", X: Exporter{News: news, IncludeNews: true, ExcludeLists: true},
			Schemata: map[string]int{"Article": 1, "Person": 3, "Organization": 1, "Company": 1, "Position": 1, "Documentation": 5}},
		{Name: "news without source", X: Exporter{Lists: lists, IncludeNews: true}, Error: "no news source"},
		{Name: "failing source", X: Exporter{Lists: lists, News: newsSlice{err: errors.New("disk on fire")}, IncludeNews: true}, Error: "disk on fire"},
	} {
		t.Run(tt.Name, func(t *testing.T) {
			var buf bytes.Buffer
			st, err := tt.X.Export(context.Background(), &buf)
			if tt.Error != "" {
				if err == nil || !strings.Contains(err.Error(), tt.Error) {
					t.Fatalf("error %v, want %q", err, tt.Error)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			r := mustValidate(t, buf.Bytes())
			for s, n := range tt.Schemata {
				if r.Schemata[s] != n || st.Schemata[s] != n {
					t.Errorf("%s: %d lines (stats %d), want %d", s, r.Schemata[s], st.Schemata[s], n)
				}
			}
			if st.Entities != r.Lines {
				t.Errorf("stats say %d entities, %d lines written", st.Entities, r.Lines)
			}
		})
	}
	var buf bytes.Buffer
	if _, err := (&Exporter{Lists: lists}).Export(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	var first Line
	if err := json.Unmarshal(bytes.SplitN(buf.Bytes(), []byte("\n"), 2)[0], &first); err != nil {
		t.Fatal(err)
	}
	if first.Properties["nationality"][0] != "co" || first.Properties["website"][0] != "https://www.doe.example" || first.Datasets[0] != "us_ofac_sdn" {
		t.Errorf("list entity exported as %+v", first)
	}
}
