package monitor_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier"
	"dossier/monitor"
	"dossier/screen"
	"dossier/sqlite"
)

// fixture is the OFAC SDN excerpt the link package tests with.
const fixture = "../link/testdata/sdn-excerpt.ftm.jsonl"

// MustOpenDB opens a database in a temporary directory.
func MustOpenDB(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db := sqlite.NewDB(filepath.Join(tb.TempDir(), "test.db"))
	if err := db.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func readFixture(tb testing.TB) []*dossier.Entity {
	tb.Helper()
	f, err := os.Open(fixture)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []*dossier.Entity
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e dossier.Entity
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			tb.Fatal(err)
		}
		out = append(out, &e)
	}
	return out
}

// MustLoadList stores entities as a version of us_ofac_sdn and returns
// the index of the current versions.
func MustLoadList(tb testing.TB, db *sqlite.DB, version string, entities []*dossier.Entity) *screen.Index {
	tb.Helper()
	ctx := context.Background()
	lists := sqlite.NewListService(db)
	if _, err := lists.CreateListVersion(ctx, &dossier.ListVersion{Dataset: "us_ofac_sdn", Version: version}, entities); err != nil {
		tb.Fatal(err)
	}
	ix, err := screen.Build(ctx, lists)
	if err != nil {
		tb.Fatal(err)
	}
	return ix
}

// MustStoreDoc stores a document with hand-made entities.
func MustStoreDoc(tb testing.TB, db *sqlite.DB, text string, ents ...dossier.DocEntity) string {
	tb.Helper()
	ctx := context.Background()
	d := &dossier.Document{Text: text, Format: "text", Origin: "test"}
	if _, err := sqlite.NewDocumentService(db).CreateDocument(ctx, d); err != nil {
		tb.Fatal(err)
	}
	if err := sqlite.NewExtractionService(db).SaveExtraction(ctx, &dossier.Extraction{DocumentID: d.ID, Entities: ents,
		Pipeline: []string{"test"}, Version: "test"}); err != nil {
		tb.Fatal(err)
	}
	return d.ID
}

type env struct {
	db        *sqlite.DB
	m         *monitor.Monitor
	alerts    *sqlite.AlertService
	decisions *sqlite.DecisionService
}

func newEnv(tb testing.TB) *env {
	db := MustOpenDB(tb)
	e := &env{db: db, alerts: sqlite.NewAlertService(db), decisions: sqlite.NewDecisionService(db)}
	e.m = monitor.New(sqlite.NewWatchService(db), e.alerts, e.decisions, sqlite.NewLinkService(db))
	return e
}

func (e *env) alertsOf(tb testing.TB, watch int64) []*dossier.Alert {
	tb.Helper()
	as, _, err := e.alerts.FindAlerts(context.Background(), dossier.AlertFilter{WatchID: &watch})
	if err != nil {
		tb.Fatal(err)
	}
	return as
}

func TestListHitsAlertOnceAndOnChange(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	entities := readFixture(t)
	ix := MustLoadList(t, e.db, "v1", entities)
	created, _, err := e.m.ImportWatches(ctx, strings.NewReader(
		"id,full_name,date_of_birth,nationality,type\n"+
			"C1,Diosdado Cabello,1963,VE,person\n"+
			"C2,Nicolás Maduro,,Venezuela,person\n"+
			"C3,Ana María Pérez,1980,ES,person\n"), "customers.csv")
	if err != nil || created != 3 {
		t.Fatalf("import: %d, %v", created, err)
	}
	st, err := e.m.ScreenWatches(ctx, ix)
	if err != nil {
		t.Fatal(err)
	}
	if st.Watches != 3 || st.New != 2 || st.Changed != 0 {
		t.Fatalf("first screen: %+v, want 2 new alerts", st)
	}
	as := e.alertsOf(t, 1)
	if len(as) != 1 || as[0].ListEntityID != "ofac-24424" || as[0].Kind != dossier.AlertListHit || as[0].Change != dossier.AlertNew ||
		as[0].Dataset != "us_ofac_sdn" || as[0].ListVersion != "v1" || as[0].Explanations["birth_date"].Detail == "" {
		t.Errorf("Cabello alert: %+v", as)
	}
	// The same list again: nothing new.
	st, err = e.m.ScreenWatches(ctx, ix)
	if err != nil || st.New+st.Changed != 0 || st.Hits != 2 {
		t.Fatalf("second screen: %+v %v, want no alerts", st, err)
	}

	// Version 2: Maduro's entry loses its nationality and birth date (a
	// change that bears on the match); Cabello's entry gets a new, unrelated
	// property only.
	var v2 []*dossier.Entity
	for _, en := range entities {
		c := *en
		c.Properties = map[string][]string{}
		for k, v := range en.Properties {
			c.Properties[k] = v
		}
		switch en.ID {
		case "ofac-22790":
			delete(c.Properties, "nationality")
			delete(c.Properties, "birthDate")
		case "ofac-24424":
			c.Properties["notes"] = []string{"added in v2"}
		}
		v2 = append(v2, &c)
	}
	ix = MustLoadList(t, e.db, "v2", v2)
	st, err = e.m.ScreenWatches(ctx, ix)
	if err != nil || st.New != 0 || st.Changed != 1 {
		t.Fatalf("after v2: %+v %v, want 1 changed", st, err)
	}
	as = e.alertsOf(t, 2)
	if len(as) != 2 || as[0].Change != dossier.AlertChanged || as[0].ListVersion != "v2" {
		t.Errorf("Maduro alerts: %+v", as)
	}

	// An analyst decides the Maduro hit is a false positive for this
	// customer: the hit is suppressed from now on, and forgotten.
	w2, _ := e.m.Watches.FindWatchByID(ctx, 2)
	if err := e.decisions.CreateDecision(ctx, &dossier.Decision{SubjectKey: monitor.WatchKey(w2), WatchID: 2,
		SubjectName: w2.Name, ListEntityID: "ofac-22790", Verdict: dossier.VerdictFalsePositive, Author: "ana",
		Note: "customer is a namesake"}); err != nil {
		t.Fatal(err)
	}
	ix = MustLoadList(t, e.db, "v3", entities) // Maduro's entry changes back
	st, err = e.m.ScreenWatches(ctx, ix)
	if err != nil || st.New+st.Changed != 0 || st.Suppressed != 1 || st.Forgotten != 1 {
		t.Fatalf("after the decision: %+v %v, want 1 suppressed, no alert", st, err)
	}
	// The decision is reversed: the hit alerts again, as new.
	if err := e.decisions.CreateDecision(ctx, &dossier.Decision{SubjectKey: monitor.WatchKey(w2), WatchID: 2,
		ListEntityID: "ofac-22790", Verdict: dossier.VerdictNeedsReview, Author: "ben"}); err != nil {
		t.Fatal(err)
	}
	st, err = e.m.ScreenWatches(ctx, ix)
	if err != nil || st.New != 1 {
		t.Fatalf("after reversing: %+v %v, want 1 new", st, err)
	}
}

func TestScreenWatchOnCreate(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	ix := MustLoadList(t, e.db, "v1", readFixture(t))
	w := &dossier.Watch{Name: "Tareck El Aissami", Schema: "person"}
	if err := e.m.CreateWatch(ctx, w); err != nil {
		t.Fatal(err)
	}
	if w.Schema != "Person" {
		t.Errorf("schema %q, want Person", w.Schema)
	}
	st, err := e.m.ScreenWatch(ctx, ix, w)
	if err != nil || st.New != 1 {
		t.Fatalf("%+v %v", st, err)
	}
	if err := e.m.CreateWatch(ctx, &dossier.Watch{Name: "X", Schema: "spaceship"}); err == nil {
		t.Error("a watch of an unknown schema was stored")
	}
	for _, w := range []*dossier.Watch{{Name: "X", Country: "Narnia"}, {Name: "X", BirthDate: "1960-02-30"}} {
		err := e.m.CreateWatch(ctx, w)
		var fe *screen.FieldError
		if !errors.As(err, &fe) || !errors.Is(err, dossier.ErrInvalid) || w.ID != 0 {
			t.Errorf("%+v: %v, want a field error and no watch", w, err)
		}
	}
	anyType := &dossier.Watch{Name: "Jasmine", BirthDate: "1970", Schema: "any"}
	if err := e.m.CreateWatch(ctx, anyType); err != nil || anyType.Schema != screen.AnySchema {
		t.Errorf("a watch of any type: %+v %v", anyType, err)
	}
}

func TestNewsHits(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	for _, w := range []*dossier.Watch{
		{Name: "Diosdado Cabello Rondón", Schema: "Person", BirthDate: "1963-04-15", Country: "VE"},
		{Name: "Petróleos de Venezuela", Schema: "Company"},
		{Name: "Leamsy Salazar", Schema: "Person"},
	} {
		if err := e.m.CreateWatch(ctx, w); err != nil {
			t.Fatal(err)
		}
	}
	doc := MustStoreDoc(t, e.db, "Cabello, PDVSA and a José David Cabello.",
		dossier.DocEntity{ID: "e1", Type: "PER", Name: "Diosdado Cabello", Aliases: []string{"Cabello"}, Country: "VE"},
		dossier.DocEntity{ID: "e2", Type: "ORG", Name: "Petróleos de Venezuela", Aliases: []string{"PDVSA"}},
		dossier.DocEntity{ID: "e3", Type: "PER", Name: "José David Cabello"},
		dossier.DocEntity{ID: "e4", Type: "LOC", Name: "Puerto Cabello"},
	)
	st, err := e.m.CheckDocument(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	if st.Entities != 3 || st.New != 2 {
		t.Fatalf("check: %+v, want 3 entities and 2 alerts", st)
	}
	a := e.alertsOf(t, 1)
	if len(a) != 1 || a[0].Kind != dossier.AlertNewsHit || a[0].DocumentID != doc || a[0].DocEntityID != "e1" || a[0].Target != doc+"/e1" {
		t.Errorf("Cabello news alert: %+v", a)
	}
	if a := e.alertsOf(t, 2); len(a) != 1 || a[0].DocEntityID != "e2" {
		t.Errorf("PDVSA news alert: %+v", a)
	}
	// The same document again raises nothing.
	if st, err := e.m.CheckDocument(ctx, doc); err != nil || st.New+st.Changed != 0 || st.Hits != 2 {
		t.Errorf("again: %+v %v", st, err)
	}
	// A decision is about one hit: a watch against one document's
	// entity. Decided a false positive before the document is checked,
	// that hit raises no alert.
	doc2 := MustStoreDoc(t, e.db, "Capt. Leamsy Salazar defected.",
		dossier.DocEntity{ID: "e1", Type: "PER", Name: "Leamsy Salazar"})
	if err := e.decisions.CreateDecision(ctx, &dossier.Decision{SubjectKey: "watch:3", WatchID: 3, DocumentID: doc2,
		DocEntityID: "e1", Verdict: dossier.VerdictFalsePositive, Author: "ana"}); err != nil {
		t.Fatal(err)
	}
	if st, err := e.m.CheckDocument(ctx, doc2); err != nil || st.New != 0 || st.Suppressed != 1 {
		t.Errorf("suppressed news hit: %+v %v", st, err)
	}
}

func TestScreenLeavesOutFalsePositives(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	ix := MustLoadList(t, e.db, "v1", readFixture(t))
	q := screen.Query{Name: "Cabello Rondon", Schema: "Person", Threshold: 0.5, Limit: 1}
	key := monitor.SubjectKey(0, q.Name, "")
	hits, n, err := monitor.Screen(ctx, e.decisions, ix, key, q)
	if err != nil || n != 0 || len(hits) != 1 {
		t.Fatalf("before: %v %d %v", hits, n, err)
	}
	first := hits[0].EntityID
	if err := e.decisions.CreateDecision(ctx, &dossier.Decision{SubjectKey: monitor.SubjectKey(0, "RONDON, Cabello", ""),
		ListEntityID: first, Verdict: dossier.VerdictFalsePositive, Author: "ana"}); err != nil {
		t.Fatal(err)
	}
	hits, n, err = monitor.Screen(ctx, e.decisions, ix, key, q)
	if err != nil || n != 1 || len(hits) != 1 || hits[0].EntityID == first || !strings.HasPrefix(hits[0].Caption, "CABELLO RONDON") {
		t.Errorf("after: %v %d %v; want the other Cabello Rondón, still within the limit of 1", hits, n, err)
	}
	// Another subject is not affected.
	if _, n, _ := monitor.Screen(ctx, e.decisions, ix, monitor.SubjectKey(0, q.Name, "1963"), q); n != 0 {
		t.Errorf("a subject with a birth date was suppressed too")
	}
}
