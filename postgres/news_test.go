package postgres_test

import (
	"context"
	"testing"

	"dossier"
	"dossier/postgres"
)

// The data version is the last change number, and a transaction rolled
// back leaves no change behind (the store suite's DataVersion checks the
// writes that commit).
func TestDataVersionRollback(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	es := postgres.NewExtractionService(db)
	version := func() int64 {
		t.Helper()
		v, ok, err := es.DataVersion(ctx)
		if err != nil || !ok {
			t.Fatalf("data version: %d, %v, %v", v, ok, err)
		}
		return v
	}
	// Every change is counted once: the counter is the last change.
	for _, text := range []string{"Anna Berg was charged.", "Tom Reed denied it."} {
		if _, err := postgres.NewDocumentService(db).CreateDocument(ctx, &dossier.Document{Text: text, Format: "text", Origin: "t"}); err != nil {
			t.Fatal(err)
		}
	}
	if last, err := es.LastExtractionChange(ctx); err != nil || last != 2 || last != version() {
		t.Errorf("last change %d, %v; counter %d", last, err, version())
	}
	v2 := version()
	tx, err := db.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO documents (id, text, format, origin, ingested) VALUES ('ffff', 'x', 'text', 't', 'now')`); err != nil {
		t.Fatal(err)
	}
	tx.Rollback(ctx)
	if v := version(); v != v2 {
		t.Errorf("a rolled-back insert moved the version from %d to %d", v2, v)
	}
}
