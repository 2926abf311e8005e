package sqlite_test

import (
	"context"
	"testing"

	"dossier/sqlite"
)

// A :memory: database has no data version to tell (the store suite's
// DataVersion checks a file's).
func TestDataVersionMemory(t *testing.T) {
	ctx := context.Background()
	mem := sqlite.NewDB(":memory:")
	if err := mem.Open(); err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	if _, ok, err := mem.DataVersion(ctx); ok || err != nil {
		t.Fatalf(":memory: data version: ok %v, %v", ok, err)
	}
}
