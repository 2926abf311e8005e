package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"dossier"
)

func person(id, name string, props map[string][]string) *dossier.Entity {
	e := dossier.NewEntity("Person", id)
	e.Caption = name
	e.Add("name", name)
	for k, v := range props {
		e.Add(k, v...)
	}
	return e
}

// people returns n Person entities with IDs prefix-0 … prefix-(n-1).
func people(prefix string, n int) []*dossier.Entity {
	out := make([]*dossier.Entity, n)
	for i := range out {
		out[i] = person(fmt.Sprintf("%s-%d", prefix, i), fmt.Sprintf("PERSON %s %d", prefix, i), nil)
	}
	return out
}

func version(dataset, v string, entities []*dossier.Entity) *dossier.ListVersion {
	return &dossier.ListVersion{Dataset: dataset, Version: v, Entities: len(entities), Targets: len(entities)}
}

func currentIDs(t *testing.T, s Lists) []string {
	t.Helper()
	var ids []string
	if err := s.CurrentEntities(context.Background(), func(e *dossier.Entity) error {
		ids = append(ids, e.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	return ids
}

func testListVersionsAndDiff(t *testing.T, st Store) {
	ctx := context.Background()
	svc, _ := open(t, st)
	s := svc.Lists
	v1 := &dossier.ListVersion{Dataset: "us_ofac_sdn", Version: "v1", Entities: 2, Targets: 2}
	e1 := []*dossier.Entity{
		person("ofac-24424", "CABELLO RONDON, Diosdado", map[string][]string{"birthDate": {"1963-04-15"}}),
		person("ofac-1", "OLD ENTRY", nil),
	}
	if created, err := s.CreateListVersion(ctx, v1, e1); err != nil || !created {
		t.Fatalf("create v1: %v %v", created, err)
	}
	if created, err := s.CreateListVersion(ctx, v1, e1); err != nil || created {
		t.Fatalf("create v1 again: %v %v; want false, nil", created, err)
	}
	changed := person("ofac-24424", "CABELLO RONDON, Diosdado", map[string][]string{
		"birthDate": {"1963-04-15"}, "alias": {"Diosdado Cabello"}})
	v2 := &dossier.ListVersion{Dataset: "us_ofac_sdn", Version: "v2", Entities: 2, Targets: 2}
	e2 := []*dossier.Entity{changed, person("ofac-2", "NEW ENTRY", nil)}
	if _, err := s.CreateListVersion(ctx, v2, e2); err != nil {
		t.Fatal(err)
	}
	un := &dossier.ListVersion{Dataset: "un_sc_sanctions", Version: "u1", Entities: 1, Targets: 1}
	if _, err := s.CreateListVersion(ctx, un, []*dossier.Entity{person("un-1", "UN PERSON", nil)}); err != nil {
		t.Fatal(err)
	}

	versions, err := s.FindListVersions(ctx, "")
	if err != nil || len(versions) != 3 || versions[0].Version != "u1" || versions[1].Version != "v2" {
		t.Fatalf("versions: %v %+v", err, versions)
	}
	var current []string
	s.CurrentEntities(ctx, func(e *dossier.Entity) error { current = append(current, e.ID); return nil })
	slices.Sort(current)
	if want := []string{"ofac-2", "ofac-24424", "un-1"}; !slices.Equal(current, want) {
		t.Errorf("current entities %v, want %v", current, want)
	}
	got, err := s.FindListEntityByID(ctx, "ofac-24424")
	if err != nil || got.First("alias") != "Diosdado Cabello" {
		t.Errorf("FindListEntityByID: %v %+v", err, got)
	}
	if _, err := s.FindListEntityByID(ctx, "ofac-1"); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("entity of an old version: err = %v, want ErrNotFound", err)
	}

	d, err := s.DiffListVersions(ctx, "us_ofac_sdn", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Added) != 1 || d.Added[0].ID != "ofac-2" || len(d.Removed) != 1 || d.Removed[0].ID != "ofac-1" ||
		len(d.Changed) != 1 || !slices.Equal(d.Changed[0].Fields, []string{"alias"}) {
		t.Errorf("diff: %+v", d)
	}
	if _, err := s.DiffListVersions(ctx, "un_sc_sanctions", "", ""); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("diff of a one-version list: err = %v, want ErrNotFound", err)
	}
}

// Each current entity's LastChange is the load of the first version
// since which it has had its properties, and its List the dataset of
// its version.
func testCurrentEntitiesLastChangeAndList(t *testing.T, st Store) {
	ctx := context.Background()
	svc, _ := open(t, st)
	s := svc.Lists
	day := func(d int) time.Time { return time.Date(2026, 3, d, 9, 0, 0, 0, time.UTC) }
	stamp := func(d int) string { return day(d).Format(time.RFC3339) }
	load := func(d int, dataset, version string, es ...*dossier.Entity) {
		t.Helper()
		svc.SetNow(func() time.Time { return day(d) })
		v := &dossier.ListVersion{Dataset: dataset, Version: version}
		if _, err := s.LoadListVersion(ctx, v, es, dossier.ListLoadOptions{AllowShrink: true}); err != nil {
			t.Fatal(err)
		}
	}
	stated := person("stated", "STATED", nil)
	stated.LastChange = "2025-11-02T10:00:00"
	load(1, "a", "v1", person("same", "SAME", nil), person("edited", "EDITED", nil), stated)
	// Version 2: "edited" gains an alias, "same" is unchanged, "stated"
	// is unchanged though its list states a newer time, and "added" is
	// new.
	same := person("same", "SAME", nil)
	stated2 := person("stated", "STATED", nil)
	stated2.LastChange = "2026-03-01T12:00:00"
	load(5, "a", "v2", same, person("edited", "EDITED", map[string][]string{"alias": {"E"}}), stated2,
		person("added", "ADDED", nil))
	load(7, "b", "w1", person("other", "OTHER", nil))
	// Version 3 of a: "edited" as in version 2 again, "added" changed.
	load(9, "a", "v3", person("same", "SAME", nil), person("edited", "EDITED", map[string][]string{"alias": {"E"}}),
		stated2, person("added", "ADDED", map[string][]string{"notes": {"now with a note"}}))

	want := map[string]struct{ change, list string }{
		"same":   {stamp(1), "a"},
		"edited": {stamp(5), "a"},
		"stated": {"2025-11-02T10:00:00", "a"},
		"added":  {stamp(9), "a"},
		"other":  {stamp(7), "b"},
	}
	got := map[string]bool{}
	err := s.CurrentEntities(ctx, func(e *dossier.Entity) error {
		got[e.ID] = true
		if w := want[e.ID]; e.LastChange != w.change || e.List != w.list {
			t.Errorf("%s: last change %q, list %q; want %q, %q", e.ID, e.LastChange, e.List, w.change, w.list)
		}
		return nil
	})
	if err != nil || len(got) != len(want) {
		t.Fatalf("current entities %v: %v", got, err)
	}

	// After a rollback to version 2, its own record holds.
	if _, err := s.RollbackListVersion(ctx, "a", "v2"); err != nil {
		t.Fatal(err)
	}
	s.CurrentEntities(ctx, func(e *dossier.Entity) error {
		if e.ID == "added" && e.LastChange != stamp(5) {
			t.Errorf("added after rollback: %q", e.LastChange)
		}
		return nil
	})
}

// The security review's case: a one-entity file that claims to be the
// SDN list replaced a version of thousands without a word.
func testCreateListVersionRefusesShrink(t *testing.T, st Store) {
	ctx := context.Background()
	svc, _ := open(t, st)
	s := svc.Lists
	big := append(people("ofac", 99), person("ofac-24424", "CABELLO RONDON, Diosdado", nil))
	if _, err := s.CreateListVersion(ctx, version("us_ofac_sdn", "v1", big), big); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		Name    string
		N       int
		Refused bool
	}{
		{"one entity", 1, true},
		{"49 of 100", 49, true},
		{"exactly half", 50, false},
	}
	for i, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			small := people(fmt.Sprintf("small%d", i), tt.N)
			v := version("us_ofac_sdn", fmt.Sprintf("small%d", i), small)
			created, err := s.CreateListVersion(ctx, v, small)
			if !tt.Refused {
				if err != nil || !created {
					t.Fatalf("created %v, err %v; want a new version", created, err)
				}
				// Put v1 back for the next case.
				if _, err := s.RollbackListVersion(ctx, "us_ofac_sdn", "v1"); err != nil {
					t.Fatal(err)
				}
				return
			}
			var se *dossier.ShrinkError
			if !errors.As(err, &se) || created {
				t.Fatalf("created %v, err %v; want a *ShrinkError", created, err)
			}
			if se.Dataset != "us_ofac_sdn" || se.Old.Version != "v1" || se.Old.Entities != 100 || se.New.Entities != tt.N {
				t.Errorf("ShrinkError %+v old %+v new %+v", se, se.Old, se.New)
			}
			want := fmt.Sprintf("list us_ofac_sdn: new version small%d has %d entities, current version v1 has 100: "+
				"more than half would be lost; refused unless a shrink is allowed", i, tt.N)
			if err.Error() != want {
				t.Errorf("error %q, want %q", err, want)
			}
			if ids := currentIDs(t, s); len(ids) != 100 || !slices.Contains(ids, "ofac-24424") {
				t.Errorf("current entities after a refused load: %d, Cabello there: %v", len(ids), slices.Contains(ids, "ofac-24424"))
			}
			vs, _ := s.FindListVersions(ctx, "us_ofac_sdn")
			for _, v := range vs {
				if v.Version == fmt.Sprintf("small%d", i) {
					t.Errorf("refused version was stored: %+v", v)
				}
			}
		})
	}

	// With AllowShrink the same one-entity version loads and says what
	// it replaced.
	one := people("one", 1)
	v := version("us_ofac_sdn", "one", one)
	res, err := s.LoadListVersion(ctx, v, one, dossier.ListLoadOptions{AllowShrink: true})
	if err != nil || !res.Created || res.Previous == nil || res.Previous.Version != "v1" || res.Previous.Entities != 100 || !v.Current {
		t.Fatalf("allow shrink: %+v %v", res, err)
	}
	if ids := currentIDs(t, s); !slices.Equal(ids, []string{"one-0"}) {
		t.Errorf("current after an allowed shrink: %v", ids)
	}
	// A new dataset has nothing to shrink from.
	un := people("un", 1)
	res, err = s.LoadListVersion(ctx, version("un_sc_sanctions", "u1", un), un, dossier.ListLoadOptions{})
	if err != nil || !res.Created || res.Previous != nil {
		t.Errorf("new dataset: %+v %v", res, err)
	}
}

func testRollbackListVersion(t *testing.T, st Store) {
	ctx := context.Background()
	svc, _ := open(t, st)
	s := svc.Lists
	e1, e2, e3 := people("a", 3), people("b", 3), people("c", 3)
	for _, x := range []struct {
		v string
		e []*dossier.Entity
	}{{"aaaa1111", e1}, {"bbbb2222", e2}, {"cccc3333", e3}} {
		if _, err := s.CreateListVersion(ctx, version("ds", x.v, x.e), x.e); err != nil {
			t.Fatal(err)
		}
	}
	un := people("un", 2)
	if _, err := s.CreateListVersion(ctx, version("un", "u1", un), un); err != nil {
		t.Fatal(err)
	}

	// Without a version: the one loaded before the current one.
	ev, err := s.RollbackListVersion(ctx, "ds", "")
	if err != nil || ev.Version != "bbbb2222" || ev.Previous != "cccc3333" || ev.Action != dossier.ListRolledBack {
		t.Fatalf("rollback: %+v %v", ev, err)
	}
	if ids := currentIDs(t, s); !slices.Equal(ids, []string{"b-0", "b-1", "b-2", "un-0", "un-1"}) {
		t.Errorf("current after rollback: %v", ids)
	}
	ev, err = s.RollbackListVersion(ctx, "ds", "")
	if err != nil || ev.Version != "aaaa1111" {
		t.Fatalf("second rollback: %+v %v", ev, err)
	}
	if _, err := s.RollbackListVersion(ctx, "ds", ""); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("rollback past the oldest: %v, want ErrNotFound", err)
	}
	// By prefix, forward again.
	if ev, err := s.RollbackListVersion(ctx, "ds", "cccc"); err != nil || ev.Version != "cccc3333" || ev.Previous != "aaaa1111" {
		t.Fatalf("rollback --to cccc: %+v %v", ev, err)
	}
	if _, err := s.RollbackListVersion(ctx, "ds", "cccc3333"); !errors.Is(err, dossier.ErrInvalid) {
		t.Errorf("rollback to the current version: %v, want ErrInvalid", err)
	}
	if _, err := s.RollbackListVersion(ctx, "ds", "zzzz"); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("rollback to no such version: %v, want ErrNotFound", err)
	}
	if _, err := s.RollbackListVersion(ctx, "nosuch", ""); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("rollback of no such dataset: %v, want ErrNotFound", err)
	}
	if _, err := s.RollbackListVersion(ctx, "ds", "aaaa1111"); err != nil {
		t.Fatal(err)
	}

	// Every version is still stored, one is current, and the history
	// records the loads and the rollbacks.
	vs, err := s.FindListVersions(ctx, "ds")
	if err != nil || len(vs) != 3 {
		t.Fatalf("versions: %v %d", err, len(vs))
	}
	for _, v := range vs {
		if v.Current != (v.Version == "aaaa1111") {
			t.Errorf("version %s current = %v", v.Version, v.Current)
		}
	}
	evs, err := s.FindListEvents(ctx, "ds")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range evs {
		got = append(got, e.Action+" "+e.Previous+"→"+e.Version)
	}
	want := []string{ // newest first
		"rollback cccc3333→aaaa1111",
		"rollback aaaa1111→cccc3333",
		"rollback bbbb2222→aaaa1111",
		"rollback cccc3333→bbbb2222",
		"load bbbb2222→cccc3333",
		"load aaaa1111→bbbb2222",
		"load →aaaa1111",
	}
	if !slices.Equal(got, want) {
		t.Errorf("history\n got %q\nwant %q", got, want)
	}

	// Loading a stored version again changes nothing, even when it is
	// not the current one: the rollback stands.
	res, err := s.LoadListVersion(ctx, version("ds", "cccc3333", e3), e3, dossier.ListLoadOptions{})
	if err != nil || res.Created || res.Previous == nil || res.Previous.Version != "aaaa1111" {
		t.Errorf("reload after rollback: %+v %v", res, err)
	}

	// The link service sees the restored version too.
	cur, err := svc.Links.FindCurrentListVersions(ctx)
	if err != nil || cur["ds"] != "aaaa1111" || cur["un"] != "u1" {
		t.Errorf("link current versions: %v %v", cur, err)
	}
}

// TestListVersionWriter: a version streamed in with zero counts gets the
// counts of the entities added; one that fails part way stores nothing;
// the same version again is ErrListVersionStored with the stored counts;
// a streamed version that shrinks the dataset is refused at Commit.
func testListVersionWriter(t *testing.T, st Store) {
	ctx := context.Background()
	svc, _ := open(t, st)
	s := svc.Lists
	org := dossier.NewEntity("Sanction", "s1")
	org.Add("entity", "p1")

	// Failed part way: Close without Commit.
	w := svc.NewListWriter(ctx, dossier.ListLoadOptions{})
	if err := w.Begin(&dossier.ListVersion{Dataset: "d", Version: "v1"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Add(person("p1", "ANNA", nil)); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if vs, err := s.FindListVersions(ctx, "d"); err != nil || len(vs) != 0 {
		t.Fatalf("after a failed load: %v %v", vs, err)
	}

	w = svc.NewListWriter(ctx, dossier.ListLoadOptions{})
	defer w.Close()
	v := &dossier.ListVersion{Dataset: "d", Version: "v1"}
	if err := w.Begin(v); err != nil {
		t.Fatal(err)
	}
	for _, e := range []*dossier.Entity{person("p1", "ANNA", nil), person("p2", "BORIS", nil), org} {
		if err := w.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	v.Entities, v.Targets = 3, 2 // as a streaming loader sets them before Commit
	if load, err := w.Commit(); err != nil || !load.Created {
		t.Fatalf("commit: %v %v", load, err)
	}
	vs, err := s.FindListVersions(ctx, "d")
	if err != nil || len(vs) != 1 || vs[0].Entities != 3 || vs[0].Targets != 2 {
		t.Fatalf("stored: %+v %v; want 3 entities, 2 targets", vs, err)
	}

	again := &dossier.ListVersion{Dataset: "d", Version: "v1"}
	w2 := svc.NewListWriter(ctx, dossier.ListLoadOptions{})
	defer w2.Close()
	if err := w2.Begin(again); !errors.Is(err, dossier.ErrListVersionStored) || again.Entities != 3 || again.Targets != 2 {
		t.Fatalf("again: %v %+v", err, again)
	}

	// One entity of three: the shrink check sees the streamed count.
	w3 := svc.NewListWriter(ctx, dossier.ListLoadOptions{})
	defer w3.Close()
	if err := w3.Begin(&dossier.ListVersion{Dataset: "d", Version: "v2"}); err != nil {
		t.Fatal(err)
	}
	w3.Add(person("p1", "ANNA", nil))
	var shrink *dossier.ShrinkError
	if _, err := w3.Commit(); !errors.As(err, &shrink) {
		t.Fatalf("shrinking commit: %v; want a ShrinkError", err)
	}
}

// A version of more entities than one batch, with an ID that comes
// twice (the later one wins, and it counts once), is
// stored whole; a load cancelled part way stores nothing.
func testListVersionWriterBatches(t *testing.T, st Store) {
	ctx := context.Background()
	svc, _ := open(t, st)
	s := svc.Lists
	const n = 1234
	w := svc.NewListWriter(ctx, dossier.ListLoadOptions{})
	defer w.Close()
	v := &dossier.ListVersion{Dataset: "big", Version: "v1"}
	if err := w.Begin(v); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if err := w.Add(person(fmt.Sprintf("p%04d", i), fmt.Sprintf("PERSON %d", i), nil)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Add(person("p0007", "PERSON SEVEN AGAIN", nil)); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if v.Entities != n || v.Targets != n {
		t.Errorf("counts %d, %d; want %d, %d", v.Entities, v.Targets, n, n)
	}
	var got []string
	if err := s.CurrentEntities(ctx, func(e *dossier.Entity) error { got = append(got, e.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != n || !slices.IsSorted(got) {
		t.Fatalf("%d current entities (sorted %v), want %d in ID order", len(got), slices.IsSorted(got), n)
	}
	if e, err := s.FindListEntityByID(ctx, "p0007"); err != nil || e.Caption != "PERSON SEVEN AGAIN" {
		t.Errorf("repeated ID: %+v %v", e, err)
	}

	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w2 := svc.NewListWriter(cctx, dossier.ListLoadOptions{})
	if err := w2.Begin(&dossier.ListVersion{Dataset: "big", Version: "v2"}); err != nil {
		t.Fatal(err)
	}
	var addErr error
	for i := 0; i < n && addErr == nil; i++ {
		if i == 700 {
			cancel()
		}
		addErr = w2.Add(person(fmt.Sprintf("q%04d", i), "Q", nil))
	}
	if addErr == nil {
		_, addErr = w2.Commit()
	}
	if addErr == nil {
		t.Fatal("a cancelled load committed")
	}
	w2.Close()
	vs, err := s.FindListVersions(ctx, "big")
	if err != nil || len(vs) != 1 || vs[0].Version != "v1" || !vs[0].Current {
		t.Errorf("after a cancelled load: %+v %v", vs, err)
	}
}

// Loads of one dataset from several connections at once take turns:
// each succeeds, each records the version before it as previous, and
// exactly one version is current.
func testListLoadsConcurrent(t *testing.T, st Store) {
	ctx := context.Background()
	svc, reopen := open(t, st)
	const loaders = 4
	var wg sync.WaitGroup
	errs := make([]error, loaders)
	lists := make([]Lists, loaders) // each as another process would open the database
	for i := range lists {
		lists[i] = reopen(t).Lists
	}
	for i := range loaders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := lists[i]
			es := people(fmt.Sprintf("l%d", i), 600)
			_, errs[i] = s.CreateListVersion(ctx, version("ds", fmt.Sprintf("v%d", i), es), es)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	s := svc.Lists
	vs, err := s.FindListVersions(ctx, "ds")
	if err != nil || len(vs) != loaders {
		t.Fatalf("versions %d, %v", len(vs), err)
	}
	current := 0
	for _, v := range vs {
		if v.Current {
			current++
		}
	}
	evs, err := s.FindListEvents(ctx, "ds")
	if err != nil || len(evs) != loaders {
		t.Fatalf("events %d, %v", len(evs), err)
	}
	// Newest first: each load's previous is the load before it.
	for i := 0; i+1 < len(evs); i++ {
		if evs[i].Previous != evs[i+1].Version {
			t.Errorf("event %d: previous %q, the load before made %q current", i, evs[i].Previous, evs[i+1].Version)
		}
	}
	if current != 1 || vs[0].Version != evs[0].Version || !vs[0].Current {
		t.Errorf("%d current versions; newest %s current %v, last event %s", current, vs[0].Version, vs[0].Current, evs[0].Version)
	}
}
