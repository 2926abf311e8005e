package sqlite_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"dossier/sqlite"
)

// A database written before list history was kept gets one load event
// per stored version and keeps its current versions.
func TestListHistoryMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db := sqlite.NewDB(path)
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`DROP TABLE list_events`,
		`DROP INDEX list_versions_current`,
		`DELETE FROM migrations WHERE name LIKE '%0008_list_history.sql'`,
		`INSERT INTO list_versions (dataset, version, loaded, entities, targets, current) VALUES
			('ds', 'v1', '2026-01-01T00:00:00Z', 1, 1, 0),
			('ds', 'v2', '2026-02-01T00:00:00Z', 1, 1, 1),
			('x', 'x1', '2026-01-01T00:00:00Z', 1, 1, 1),
			('x', 'x2', '2026-02-01T00:00:00Z', 1, 1, 1)`, // two current: the newest stays
	} {
		if _, err := db.SQL().Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	db = sqlite.NewDB(path)
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := sqlite.NewListService(db)
	vs, err := s.FindListVersions(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var cur []string
	for _, v := range vs {
		if v.Current {
			cur = append(cur, v.Version)
		}
	}
	if !slices.Equal(cur, []string{"x2", "v2"}) {
		t.Errorf("current after migration: %v", cur)
	}
	evs, err := s.FindListEvents(ctx, "ds")
	if err != nil || len(evs) != 2 || evs[0].Version != "v2" || evs[0].Previous != "v1" || evs[1].Previous != "" ||
		evs[1].At.Format("2006-01-02") != "2026-01-01" {
		t.Errorf("events after migration: %v %+v", err, evs)
	}
	if _, err := db.SQL().Exec(`UPDATE list_versions SET current = 1 WHERE version = 'v1'`); err == nil {
		t.Error("two current versions of one dataset were accepted")
	}
}
