package sqlite_test

import (
	"context"
	"errors"
	"testing"

	"dossier"
	"dossier/sqlite"
)

// TestListVersionWriter: a version streamed in with zero counts gets the
// counts of the entities added; one that fails part way stores nothing;
// the same version again is ErrListVersionStored with the stored counts;
// a streamed version that shrinks the dataset is refused at Commit.
func TestListVersionWriter(t *testing.T) {
	ctx := context.Background()
	s := sqlite.NewListService(MustOpenDB(t))
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
	if err := w2.Begin(again); !errors.Is(err, sqlite.ErrListVersionStored) || again.Entities != 3 || again.Targets != 2 {
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
