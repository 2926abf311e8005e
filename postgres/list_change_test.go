package postgres_test

import (
	"context"
	"testing"
	"time"

	"dossier"
	"dossier/postgres"
)

// Each current entity's LastChange is the load of the first version
// since which it has had its properties, and its List the dataset of
// its version.
func TestCurrentEntitiesLastChangeAndList(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	s := postgres.NewListService(db)
	day := func(d int) time.Time { return time.Date(2026, 3, d, 9, 0, 0, 0, time.UTC) }
	stamp := func(d int) string { return day(d).Format(time.RFC3339) }
	load := func(d int, dataset, version string, es ...*dossier.Entity) {
		t.Helper()
		db.Now = func() time.Time { return day(d) }
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
