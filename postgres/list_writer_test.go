package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"dossier"
	"dossier/postgres"
)

// TestListVersionWriter: a version streamed in with zero counts gets the
// counts of the entities added; one that fails part way stores nothing;
// the same version again is ErrListVersionStored with the stored counts;
// a streamed version that shrinks the dataset is refused at Commit.
func TestListVersionWriter(t *testing.T) {
	ctx := context.Background()
	s := postgres.NewListService(MustOpenDB(t))
	org := dossier.NewEntity("Sanction", "s1")
	org.Add("entity", "p1")

	// Failed part way: Close without Commit.
	w := s.NewListVersionWriter(ctx, dossier.ListLoadOptions{})
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

	w = s.NewListVersionWriter(ctx, dossier.ListLoadOptions{})
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
	w2 := s.NewListVersionWriter(ctx, dossier.ListLoadOptions{})
	defer w2.Close()
	if err := w2.Begin(again); !errors.Is(err, postgres.ErrListVersionStored) || again.Entities != 3 || again.Targets != 2 {
		t.Fatalf("again: %v %+v", err, again)
	}

	// One entity of three: the shrink check sees the streamed count.
	w3 := s.NewListVersionWriter(ctx, dossier.ListLoadOptions{})
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
// twice (the later one wins, both count as in the SQLite store), is
// stored whole; a load cancelled part way stores nothing.
func TestListVersionWriterBatches(t *testing.T) {
	ctx := context.Background()
	s := postgres.NewListService(MustOpenDB(t))
	const n = 1234
	w := s.NewListVersionWriter(ctx, dossier.ListLoadOptions{})
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
	if v.Entities != n+1 || v.Targets != n+1 {
		t.Errorf("counts %d, %d; want %d, %d", v.Entities, v.Targets, n+1, n+1)
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
	w2 := s.NewListVersionWriter(cctx, dossier.ListLoadOptions{})
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
func TestListLoadsConcurrent(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	const loaders = 4
	var wg sync.WaitGroup
	errs := make([]error, loaders)
	for i := range loaders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := postgres.NewListService(db)
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
	s := postgres.NewListService(db)
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
