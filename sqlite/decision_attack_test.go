package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"dossier"
	"dossier/internal/checkpoint"
	"dossier/sqlite"
)

// attackLog is a decision log in a real database file, with its keys and
// checkpoints beside it as the CLI keeps them.
type attackLog struct {
	path string
	db   *sqlite.DB
	s    *sqlite.DecisionService
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
	return &attackLog{path: path, db: db, s: sqlite.NewDecisionService(db)}
}

// decide logs the first n of: ana's false positive on the hit, then bob's
// match on it (which makes the hit a hit again), then two more.
func (l *attackLog) decide(tb testing.TB, from, to int) {
	tb.Helper()
	verdicts := []string{dossier.VerdictFalsePositive, dossier.VerdictMatch, dossier.VerdictNeedsReview, dossier.VerdictMatch}
	for i := from; i < to; i++ {
		mustDecide(tb, l.s, &dossier.Decision{SubjectKey: "name:cabello diosdado", SubjectName: "Diosdado Cabello",
			ListEntityID: []string{"ofac-24424", "ofac-24424", "ofac-1", "ofac-2"}[i], Verdict: verdicts[i],
			Author: []string{"ana", "bob", "ana", "bob"}[i]})
	}
}

// raw opens the file the way an attacker with the sqlite3 shell would:
// no dossier code, and the triggers dropped.
func raw(tb testing.TB, path string, stmts ...string) {
	tb.Helper()
	h, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		tb.Fatal(err)
	}
	defer h.Close()
	for _, q := range append([]string{`DROP TRIGGER IF EXISTS decisions_no_update`, `DROP TRIGGER IF EXISTS decisions_no_delete`,
		`DROP TRIGGER IF EXISTS decisions_chain`}, stmts...) {
		if _, err := h.Exec(q); err != nil {
			tb.Fatalf("%s: %v", q, err)
		}
	}
}

// rechain recomputes every decision's SHA-256 chain from id on, as an
// attacker who read the code can (the MACs they cannot).
func rechain(tb testing.TB, path string, blankMACs bool) {
	tb.Helper()
	l := openAttackLog(tb, path)
	ds, _, err := l.s.FindDecisions(context.Background(), dossier.DecisionFilter{})
	if err != nil {
		tb.Fatal(err)
	}
	l.db.Close()
	var stmts []string
	prev := ""
	for _, d := range ds {
		d.PrevHash = prev
		d.Hash = dossier.ChainHash(prev, d)
		q := `UPDATE decisions SET prev_hash = '` + d.PrevHash + `', hash = '` + d.Hash + `'`
		if blankMACs {
			q += `, mac = ''`
		}
		stmts = append(stmts, q+` WHERE id = `+strconv.FormatInt(d.ID, 10))
		prev = d.Hash
	}
	// Hashes are UNIQUE: clear them first.
	raw(tb, path, append([]string{`UPDATE decisions SET hash = 'tmp' || id`}, stmts...)...)
}

func TestDecisionLogAttacks(t *testing.T) {
	for _, tt := range []struct {
		Name   string
		Attack func(t *testing.T, path string)
		Want   string // in the error
		ID     int64  // the decision named, 0 for none
	}{
		{Name: "tail deleted", Want: "decisions 4 to 4 were deleted from the end", ID: 4,
			Attack: func(t *testing.T, path string) { raw(t, path, `DELETE FROM decisions WHERE id = 4`) }},
		{Name: "the later match deleted, the earlier false positive left effective",
			Want: "decisions 2 to 4 were deleted from the end, or the database was restored", ID: 2,
			Attack: func(t *testing.T, path string) { raw(t, path, `DELETE FROM decisions WHERE id >= 2`) }},
		{Name: "verdict rewritten with the SHA-256 chain recomputed", Want: "MAC does not match", ID: 2,
			Attack: func(t *testing.T, path string) {
				raw(t, path, `UPDATE decisions SET verdict = 'false_positive' WHERE id = 2`)
				rechain(t, path, false)
			}},
		{Name: "verdict rewritten, SHA-256 recomputed and every MAC removed", Want: "which signed a different head for it: it or decisions before it were rewritten", ID: 1,
			Attack: func(t *testing.T, path string) {
				raw(t, path, `UPDATE decisions SET verdict = 'false_positive' WHERE id = 2`)
				rechain(t, path, true)
			}},
		{Name: "MAC removed from one row", Want: "has no MAC though the decisions before it do", ID: 3,
			Attack: func(t *testing.T, path string) { raw(t, path, `UPDATE decisions SET mac = '' WHERE id = 3`) }},
		{Name: "checkpoint file deleted", Want: "does not exist (deleted?)",
			Attack: func(t *testing.T, path string) { os.Remove(path + ".checkpoints") }},
		{Name: "checkpoint file emptied", Want: "has no checkpoints",
			Attack: func(t *testing.T, path string) { os.WriteFile(path+".checkpoints", nil, 0o600) }},
		{Name: "unsigned checkpoint appended", Want: ".checkpoints:5: malformed checkpoint: signature: want the base64 of 64 bytes",
			Attack: func(t *testing.T, path string) {
				appendLine(t, path+".checkpoints", `{"count":9,"head":"`+strings.Repeat("a", 64)+
					`","time":"2026-03-01T13:00:00Z","key_id":"0123456789abcdef","signature":""}`+"\n")
			}},
		{Name: "checkpoint signed by another key", Want: ".checkpoints:5 (4 decisions, 2026-03-01T13:00:00Z) is not signed by the log's key",
			Attack: func(t *testing.T, path string) {
				other, err := checkpoint.OpenKeys(t.TempDir())
				if err != nil {
					t.Fatal(err)
				}
				appendLine(t, path+".checkpoints", string(checkpoint.Format(
					other.Sign(4, strings.Repeat("a", 64), time.Date(2026, 3, 1, 13, 0, 0, 0, time.UTC)))))
			}},
		{Name: "cut-short checkpoint line", Want: ".checkpoints:5: malformed checkpoint: last line has no newline",
			Attack: func(t *testing.T, path string) { appendLine(t, path+".checkpoints", `{"count":5,"he`) }},
		{Name: "tail deleted and the checkpoint file cut to match", Want: "decisions 4 to 4 were deleted from the end", ID: 4,
			Attack: func(t *testing.T, path string) {
				raw(t, path, `DELETE FROM decisions WHERE id = 4`)
				cutCheckpoints(t, path, 3)
			}},
		{Name: "checkpoint file cut short",
			Want:   "ends at 3 decisions, but the key directory's copy of the latest checkpoint signed 4",
			Attack: func(t *testing.T, path string) { cutCheckpoints(t, path, 3) }},
		{Name: "the key directory's latest checkpoint removed", Want: "latest checkpoint cannot be read",
			Attack: func(t *testing.T, path string) { os.Remove(filepath.Join(path+".keys", checkpoint.LatestFile)) }},
		{Name: "HMAC key removed", Want: "its MAC cannot be checked", ID: 1,
			Attack: func(t *testing.T, path string) { os.Remove(filepath.Join(path+".keys", checkpoint.MACKeyFile)) }},
	} {
		t.Run(tt.Name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "dossier.db")
			l := openAttackLog(t, path)
			l.decide(t, 0, 4)
			v, err := l.s.Verify(ctx)
			if err != nil || v.Decisions != 4 || v.Checkpoints != 4 || v.Latest.Count != 4 || v.Legacy != 0 {
				t.Fatalf("before the attack: %+v, %v", v, err)
			}
			l.db.Close()
			tt.Attack(t, path)

			l = openAttackLog(t, path)
			_, err = l.s.Verify(ctx)
			var ce *dossier.ChainError
			if !errors.As(err, &ce) || ce.ID != tt.ID || !strings.Contains(err.Error(), tt.Want) {
				t.Fatalf("verify after the attack: %v\nwant a chain error at decision %d containing %q", err, tt.ID, tt.Want)
			}
			t.Log(err)
		})
	}
}

// cutCheckpoints keeps the first n lines of the checkpoint file.
func cutCheckpoints(tb testing.TB, path string, n int) {
	tb.Helper()
	b, err := os.ReadFile(path + ".checkpoints")
	if err != nil {
		tb.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	if err := os.WriteFile(path+".checkpoints", []byte(strings.Join(lines[:n], "")), 0o600); err != nil {
		tb.Fatal(err)
	}
}

func appendLine(tb testing.TB, path, s string) {
	tb.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(s); err != nil {
		tb.Fatal(err)
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

// A database from before the HMAC chain: its decisions have hashes but
// no MACs, and no checkpoint file exists. It upgrades in place.
func TestDecisionLogUpgradesLegacyChain(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "dossier.db")
	l := openAttackLog(t, path)
	l.decide(t, 0, 2)
	l.db.Close()
	// Make it a legacy log: no MACs, no keys, no checkpoints.
	raw(t, path, `UPDATE decisions SET mac = ''`)
	os.RemoveAll(path + ".keys")
	os.Remove(path + ".checkpoints")
	l = openAttackLog(t, path)
	_, err := l.s.Verify(ctx)
	if err == nil || !strings.Contains(err.Error(), "all logged before signed checkpoints, are unsigned") {
		t.Fatalf("verify legacy log: %v", err)
	}
	// Signing the verified legacy head, then logging on.
	c, err := l.s.Checkpoint(ctx)
	if err != nil || c.Count != 2 {
		t.Fatalf("checkpoint: %+v, %v", c, err)
	}
	l.decide(t, 2, 4)
	v, err := l.s.Verify(ctx)
	if err != nil || v.Decisions != 4 || v.Legacy != 2 || v.Checkpoints != 3 || v.Latest.Count != 4 {
		t.Fatalf("verify upgraded log: %+v, %v", v, err)
	}
	ds, _, _ := l.s.FindDecisions(ctx, dossier.DecisionFilter{})
	if ds[1].MAC != "" || ds[2].MAC == "" {
		t.Errorf("MACs: %q %q", ds[1].MAC, ds[2].MAC)
	}
	// A legacy row rewritten with its SHA-256 chain recomputed breaks the
	// first MAC, which folded in the old head.
	l.db.Close()
	raw(t, path, `UPDATE decisions SET author = 'eve' WHERE id = 1`)
	rechain(t, path, false)
	l = openAttackLog(t, path)
	var ce *dossier.ChainError
	if _, err := l.s.Verify(ctx); !errors.As(err, &ce) || ce.ID != 3 || !strings.Contains(err.Error(), "MAC does not match") {
		t.Errorf("verify after rewriting a legacy row: %v", err)
	}
}

// Without a checkpoint, a legacy log that does not verify is not signed.
func TestDecisionLogCheckpointRefusesBrokenLog(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "dossier.db")
	l := openAttackLog(t, path)
	l.decide(t, 0, 2)
	l.db.Close()
	raw(t, path, `UPDATE decisions SET mac = ''`, `UPDATE decisions SET note = 'x' WHERE id = 1`)
	os.Remove(path + ".checkpoints")
	l = openAttackLog(t, path)
	if c, err := l.s.Checkpoint(ctx); err == nil || !strings.Contains(err.Error(), "content does not match its hash") {
		t.Fatalf("checkpoint of a broken log: %+v, %v", c, err)
	}
	if _, err := os.Stat(path + ".checkpoints"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a checkpoint was written: %v", err)
	}
}

func TestDecisionLogKeysArePrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dossier.db")
	l := openAttackLog(t, path)
	l.decide(t, 0, 1)
	for _, name := range []string{checkpoint.MACKeyFile, checkpoint.SigningKeyFile, checkpoint.PublicKeyFile, "../dossier.db.checkpoints"} {
		fi, err := os.Stat(filepath.Join(path+".keys", name))
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, %v", name, fi.Mode(), err)
		}
	}
	if fi, err := os.Stat(path + ".keys"); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("key directory: %v, %v", fi.Mode(), err)
	}
	// A key others may read is refused, not used.
	os.Chmod(filepath.Join(path+".keys", checkpoint.MACKeyFile), 0o644)
	err := l.s.CreateDecision(context.Background(), &dossier.Decision{SubjectKey: "k", ListEntityID: "x", Verdict: "match", Author: "a"})
	if err == nil || !strings.Contains(err.Error(), "others may read it (chmod 600") {
		t.Errorf("create with a readable key: %v", err)
	}
}

// Writers in several handles on one file, and a verifier running while
// they write: every checkpoint is consistent with the log, and verify
// never reports a problem that is not there.
func TestDecisionLogConcurrentWritersVerify(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "dossier.db")
	const writers, each = 4, 5
	logs := make([]*attackLog, writers)
	for i := range logs {
		logs[i] = openAttackLog(t, path)
	}
	verifier := openAttackLog(t, path)
	// The first decision before verifying: until its checkpoint is
	// written there is a log with no checkpoint, which verify reports.
	verifier.decide(t, 0, 1)
	done := make(chan struct{})
	verifyErrs := make(chan error, 1)
	go func() {
		defer close(verifyErrs)
		for {
			select {
			case <-done:
				return
			default:
			}
			if _, err := verifier.s.Verify(ctx); err != nil {
				verifyErrs <- err
				return
			}
		}
	}()
	errs := make(chan error, writers*each)
	var wg sync.WaitGroup
	for _, l := range logs {
		wg.Go(func() {
			for range each {
				errs <- l.s.CreateDecision(ctx, &dossier.Decision{SubjectKey: "k", ListEntityID: "x", Verdict: "match", Author: "a"})
			}
		})
	}
	wg.Wait()
	close(done)
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := <-verifyErrs; err != nil {
		t.Errorf("verify while writing: %v", err)
	}
	v, err := verifier.s.Verify(ctx)
	if n := writers*each + 1; err != nil || v.Decisions != n || v.Checkpoints != n || v.Latest.Count != int64(n) {
		t.Errorf("verify after: %+v, %v", v, err)
	}
}

// A legacy log needs no 'decision checkpoint' if a decision is added:
// that decision's checkpoint signs the whole log.
func TestDecisionLogLegacyThenDecision(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "dossier.db")
	l := openAttackLog(t, path)
	l.decide(t, 0, 2)
	l.db.Close()
	raw(t, path, `UPDATE decisions SET mac = ''`)
	os.RemoveAll(path + ".keys")
	os.Remove(path + ".checkpoints")
	l = openAttackLog(t, path)
	l.decide(t, 2, 3)
	v, err := l.s.Verify(ctx)
	if err != nil || v.Decisions != 3 || v.Legacy != 2 || v.Checkpoints != 1 || v.Latest.Count != 3 {
		t.Fatalf("verify: %+v, %v", v, err)
	}
	l.db.Close()
	raw(t, path, `DELETE FROM decisions WHERE id = 3`)
	l = openAttackLog(t, path)
	if _, err := l.s.Verify(ctx); err == nil || !strings.Contains(err.Error(), "decisions 3 to 3 were deleted from the end") {
		t.Errorf("verify after deleting the first MAC'd decision: %v", err)
	}
}

// BenchmarkCreateDecision: one decision, its commit, its MAC and its
// checkpoint (two fsyncs and a rename beside the database).
func BenchmarkCreateDecision(b *testing.B) {
	l := openAttackLog(b, filepath.Join(b.TempDir(), "dossier.db"))
	b.ReportAllocs()
	for b.Loop() {
		mustDecide(b, l.s, &dossier.Decision{SubjectKey: "k", ListEntityID: "x", Verdict: "match", Author: "a"})
	}
}

// BenchmarkVerify1000: verifying a log of 1,000 decisions and as many
// checkpoints.
func BenchmarkVerify1000(b *testing.B) {
	l := openAttackLog(b, filepath.Join(b.TempDir(), "dossier.db"))
	for range 1000 {
		mustDecide(b, l.s, &dossier.Decision{SubjectKey: "k", ListEntityID: "x", Verdict: "match", Author: "a"})
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.s.Verify(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}
