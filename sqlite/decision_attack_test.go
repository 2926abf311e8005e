package sqlite_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier"
	"dossier/sqlite"
)

// The decision log's tests that every store passes are in the store
// suite (store_test.go); these need the SQLite file.

// attackLog is a decision log in a real database file, with its keys and
// checkpoints beside it as the CLI keeps them.
type attackLog struct {
	db *sqlite.DB
	s  *sqlite.DecisionService
}

func openAttackLog(tb testing.TB, path string) *attackLog {
	tb.Helper()
	db := sqlite.NewDB(path)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { now = now.Add(time.Minute); return now }
	if err := db.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return &attackLog{db: db, s: sqlite.NewDecisionService(db)}
}

// decide logs decisions from to to of: ana's false positive on the hit,
// then bob's match on it (which makes the hit a hit again), then two
// more.
func (l *attackLog) decide(tb testing.TB, from, to int) {
	tb.Helper()
	verdicts := []string{dossier.VerdictFalsePositive, dossier.VerdictMatch, dossier.VerdictNeedsReview, dossier.VerdictMatch}
	for i := from; i < to; i++ {
		if err := l.s.CreateDecision(context.Background(), &dossier.Decision{SubjectKey: "name:cabello diosdado",
			SubjectName: "Diosdado Cabello", ListEntityID: []string{"ofac-24424", "ofac-24424", "ofac-1", "ofac-2"}[i],
			Verdict: verdicts[i], Author: []string{"ana", "bob", "ana", "bob"}[i]}); err != nil {
			tb.Fatal(err)
		}
	}
}

// Restoring an older copy of the database file (with its checkpoints
// and keys left as they are) takes back every decision since the copy.
func TestDecisionLogRollbackToOlderCopy(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "dossier.db")
	l := openAttackLog(t, path)
	l.decide(t, 0, 1) // the false positive
	if _, err := l.db.SQL().ExecContext(ctx, `VACUUM INTO ?`, filepath.Join(dir, "backup.db")); err != nil {
		t.Fatal(err)
	}
	l.decide(t, 1, 4) // the match that reverses it, and two more
	l.db.Close()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	if err := os.Rename(filepath.Join(dir, "backup.db"), path); err != nil {
		t.Fatal(err)
	}
	l = openAttackLog(t, path)
	v, err := l.s.Verify(ctx)
	var ce *dossier.ChainError
	if !errors.As(err, &ce) || ce.ID != 2 || !strings.Contains(err.Error(),
		"the log has 1 decisions but checkpoint of "+v.Latest.Time.Format(time.RFC3339)+
			" signed 4: decisions 2 to 4 were deleted from the end, or the database was restored from an older copy") {
		t.Fatalf("verify the restored copy: %+v, %v", v, err)
	}
	// Undetected, the restored copy would have the hit suppressed again.
	sup, err := l.s.FindSuppressed(ctx, "name:cabello diosdado")
	if err != nil || !sup["ofac-24424"] {
		t.Errorf("suppressed %v, %v", sup, err)
	}
}

// The keys and checkpoints of a database file sit beside it by default.
func TestDecisionLogFilesBesideTheDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dossier.db")
	l := openAttackLog(t, path)
	l.decide(t, 0, 1)
	for _, p := range []string{path + ".checkpoints", filepath.Join(path+".keys", "hmac.key")} {
		if _, err := os.Stat(p); err != nil {
			t.Error(err)
		}
	}
}

// BenchmarkCreateDecision: one decision, its commit, its MAC and its
// checkpoint (two fsyncs and a rename beside the database).
func BenchmarkCreateDecision(b *testing.B) {
	l := openAttackLog(b, filepath.Join(b.TempDir(), "dossier.db"))
	b.ReportAllocs()
	for b.Loop() {
		l.decide(b, 3, 4)
	}
}

// BenchmarkVerify1000: verifying a log of 1,000 decisions and as many
// checkpoints.
func BenchmarkVerify1000(b *testing.B) {
	l := openAttackLog(b, filepath.Join(b.TempDir(), "dossier.db"))
	for range 1000 {
		l.decide(b, 3, 4)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.s.Verify(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}
