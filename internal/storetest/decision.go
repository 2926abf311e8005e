package storetest

import (
	"context"
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
)

func mustDecide(tb testing.TB, s dossier.DecisionService, d *dossier.Decision) *dossier.Decision {
	tb.Helper()
	if err := s.CreateDecision(context.Background(), d); err != nil {
		tb.Fatal(err)
	}
	return d
}

func testDecisionLogChainsAndVerifies(t *testing.T, st Store) {
	ctx := context.Background()
	svc, _ := open(t, st)
	s := svc.Decisions
	if n, err := s.VerifyDecisions(ctx); n != 0 || err != nil {
		t.Fatalf("empty log: %d, %v", n, err)
	}
	d1 := mustDecide(t, s, &dossier.Decision{SubjectKey: "name:cabello diosdado", SubjectName: "Diosdado Cabello",
		ListEntityID: "ofac-24424", Verdict: dossier.VerdictMatch, Author: "ana", Note: "DOB and nationality agree"})
	d2 := mustDecide(t, s, &dossier.Decision{SubjectKey: "watch:7", WatchID: 7, SubjectName: "José Cabello",
		ListEntityID: "ofac-24424", Verdict: dossier.VerdictFalsePositive, Author: "ben"})
	d3 := mustDecide(t, s, &dossier.Decision{SubjectKey: "watch:7", WatchID: 7, SubjectName: "José Cabello",
		DocumentID: "abc", DocEntityID: "e3", Verdict: dossier.VerdictNeedsReview, Author: "ben"})
	if d1.ID != 1 || d2.ID != 2 || d3.ID != 3 || d1.PrevHash != "" || d2.PrevHash != d1.Hash || d3.PrevHash != d2.Hash {
		t.Fatalf("chain: %+v %+v %+v", d1, d2, d3)
	}
	if d1.Hash != dossier.ChainHash("", d1) {
		t.Error("hash is not ChainHash of the content")
	}
	got, err := s.FindDecisionByID(ctx, 2)
	if err != nil || got.Hash != d2.Hash || got.MAC != d2.MAC || !got.Created.Equal(d2.Created) || got.Target() != "ofac-24424" ||
		got.SubjectName != "José Cabello" || got.WatchID != 7 {
		t.Errorf("read back: %+v, %v", got, err)
	}
	if _, err := s.FindDecisionByID(ctx, 9); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("missing decision: %v", err)
	}
	if n, err := s.VerifyDecisions(ctx); n != 3 || err != nil {
		t.Fatalf("verify: %d, %v", n, err)
	}
	key := "watch:7"
	ds, n, err := s.FindDecisions(ctx, dossier.DecisionFilter{SubjectKey: &key})
	if err != nil || n != 2 || len(ds) != 2 || ds[0].ID != 2 || ds[1].Target() != "abc/e3" {
		t.Errorf("find by subject: %v %d %v", ds, n, err)
	}
	var watch int64 = 7
	list, doc, verdict := "ofac-24424", "abc", dossier.VerdictMatch
	for _, tt := range []struct {
		f    dossier.DecisionFilter
		want []int64
	}{
		{dossier.DecisionFilter{WatchID: &watch}, []int64{2, 3}},
		{dossier.DecisionFilter{ListEntityID: &list}, []int64{1, 2}},
		{dossier.DecisionFilter{DocumentID: &doc}, []int64{3}},
		{dossier.DecisionFilter{Verdict: &verdict}, []int64{1}},
		{dossier.DecisionFilter{Offset: 1, Limit: 1}, []int64{2}},
	} {
		ds, _, err := s.FindDecisions(ctx, tt.f)
		var ids []int64
		for _, d := range ds {
			ids = append(ids, d.ID)
		}
		if err != nil || !equalIDs(ids, tt.want) {
			t.Errorf("find %+v: %v, %v; want %v", tt.f, ids, err, tt.want)
		}
	}
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// The database itself refuses to change or remove a decision, and any
// insert that does not extend the chain, whatever client sends it.
func testDecisionLogRefusesUpdateAndDelete(t *testing.T, st Store) {
	ctx := context.Background()
	svc, _ := open(t, st)
	s := svc.Decisions
	d := mustDecide(t, s, &dossier.Decision{SubjectKey: "name:x", ListEntityID: "ofac-1", Verdict: dossier.VerdictMatch, Author: "a"})
	for _, q := range []string{
		`UPDATE decisions SET note = 'changed' WHERE id = 1`,
		`UPDATE decisions SET verdict = 'false_positive'`,
		`DELETE FROM decisions WHERE id = 1`,
		`DELETE FROM decisions`,
		// An insert that does not extend the chain.
		`INSERT INTO decisions (id, subject_key, target, verdict, author, created, prev_hash, hash)
		 VALUES (2, 'k', 't', 'match', 'a', '2026-01-01T00:00:00Z', 'forged', 'h2')`,
		`INSERT INTO decisions (id, subject_key, target, verdict, author, created, prev_hash, hash)
		 VALUES (5, 'k', 't', 'match', 'a', '2026-01-01T00:00:00Z', '` + d.Hash + `', 'h5')`,
	} {
		if err := svc.Exec(ctx, q); err == nil || !strings.Contains(err.Error(), "decisions:") {
			t.Errorf("%s: err = %v, want the trigger's refusal", q, err)
		}
	}
	if n, err := s.VerifyDecisions(ctx); n != 1 || err != nil {
		t.Errorf("verify after refused changes: %d, %v", n, err)
	}
	if got, err := s.FindDecisionByID(ctx, 1); err != nil || got.Note != "" || got.Verdict != dossier.VerdictMatch {
		t.Errorf("decision after refused changes: %+v, %v", got, err)
	}
}

func testDecisionLogDetectsTampering(t *testing.T, st Store) {
	for _, tt := range []struct {
		Name   string
		Tamper string
		ID     int64
	}{
		{"note changed", `UPDATE decisions SET note = 'nothing to see' WHERE id = 2`, 2},
		{"verdict changed", `UPDATE decisions SET verdict = 'false_positive' WHERE id = 3`, 3},
		{"row deleted", `DELETE FROM decisions WHERE id = 2`, 3},
		{"hash recomputed without its successor", `UPDATE decisions SET author = 'eve', hash = 'x' WHERE id = 1`, 1},
		{"time changed", `UPDATE decisions SET created = '2020-01-01T00:00:00Z' WHERE id = 1`, 1},
		{"target changed", `UPDATE decisions SET target = 'ofac-9' WHERE id = 1`, 1},
	} {
		t.Run(tt.Name, func(t *testing.T) {
			ctx := context.Background()
			svc, _ := open(t, st)
			for i := 0; i < 4; i++ {
				mustDecide(t, svc.Decisions, &dossier.Decision{SubjectKey: "name:x", ListEntityID: "ofac-1", Verdict: dossier.VerdictMatch,
					Author: "a", Note: "n"})
			}
			// A tamperer with write access to the database must drop
			// the triggers first.
			if err := svc.DropGuards(ctx); err != nil {
				t.Fatal(err)
			}
			mustExec(t, svc, tt.Tamper)
			_, err := svc.Decisions.VerifyDecisions(ctx)
			var ce *dossier.ChainError
			if !errors.As(err, &ce) || ce.ID != tt.ID {
				t.Errorf("verify: %v, want a chain error at decision %d", err, tt.ID)
			}
		})
	}
}

func testEffectiveDecisionAndSuppression(t *testing.T, st Store) {
	ctx := context.Background()
	svc, _ := open(t, st)
	now := time.Date(2026, 3, 1, 12, 0, 0, 123456789, time.UTC)
	var mu sync.Mutex
	svc.SetNow(func() time.Time { mu.Lock(); defer mu.Unlock(); now = now.Add(time.Second); return now })
	s := svc.Decisions
	k := "name:cabello jose"
	decide := func(target, verdict string) {
		d := &dossier.Decision{SubjectKey: k, Verdict: verdict, Author: "ana"}
		if i := strings.IndexByte(target, '/'); i >= 0 {
			d.DocumentID, d.DocEntityID = target[:i], target[i+1:]
		} else {
			d.ListEntityID = target
		}
		mustDecide(t, s, d)
	}
	decide("ofac-24424", dossier.VerdictNeedsReview)
	decide("ofac-24424", dossier.VerdictFalsePositive)
	decide("ofac-24425", dossier.VerdictFalsePositive)
	decide("ofac-24425", dossier.VerdictMatch) // reversed: no longer suppressed
	decide("doc1/e2", dossier.VerdictFalsePositive)
	mustDecide(t, s, &dossier.Decision{SubjectKey: "name:other", ListEntityID: "ofac-1", Verdict: dossier.VerdictFalsePositive, Author: "b"})

	sup, err := s.FindSuppressed(ctx, k)
	if err != nil {
		t.Fatal(err)
	}
	if len(sup) != 2 || !sup["ofac-24424"] || !sup["doc1/e2"] {
		t.Errorf("suppressed = %v, want ofac-24424 and doc1/e2", sup)
	}
	eff, err := s.FindEffectiveDecisions(ctx, k)
	if err != nil {
		t.Fatal(err)
	}
	if len(eff) != 3 || eff["ofac-24425"].Verdict != dossier.VerdictMatch || eff["ofac-24424"].ID != 2 {
		t.Errorf("effective = %v", eff)
	}
	// Nanoseconds survive the store, as the hash needs.
	if d := eff["ofac-24424"]; d.Created.Nanosecond() != 123456789 {
		t.Errorf("created %v: nanoseconds lost", d.Created)
	}
	if n, err := s.VerifyDecisions(ctx); n != 6 || err != nil {
		t.Errorf("verify: %d, %v", n, err)
	}
}

func testDecisionValidation(t *testing.T, st Store) {
	svc, _ := open(t, st)
	for _, d := range []*dossier.Decision{
		{ListEntityID: "x", Verdict: "match", Author: "a"},
		{SubjectKey: "k", Verdict: "match", Author: "a"},
		{SubjectKey: "k", DocumentID: "d", Verdict: "match", Author: "a"},
		{SubjectKey: "k", ListEntityID: "x", DocumentID: "d", DocEntityID: "e1", Verdict: "match", Author: "a"},
		{SubjectKey: "k", ListEntityID: "x", Verdict: "maybe", Author: "a"},
		{SubjectKey: "k", ListEntityID: "x", Verdict: "match"},
	} {
		if err := svc.Decisions.CreateDecision(context.Background(), d); !errors.Is(err, dossier.ErrInvalid) {
			t.Errorf("%+v: %v, want ErrInvalid", d, err)
		}
	}
	if _, n, _ := svc.Decisions.FindDecisions(context.Background(), dossier.DecisionFilter{}); n != 0 {
		t.Errorf("%d decisions stored", n)
	}
}

// attackLog is a decision log with its keys and checkpoints, and a
// clock a minute apart at each reading.
type attackLog struct {
	svc    *Services
	reopen func(testing.TB) *Services
}

func openAttackLog(tb testing.TB, st Store) *attackLog {
	tb.Helper()
	svc, reopen := open(tb, st)
	l := &attackLog{svc: svc, reopen: reopen}
	l.setClock(l.svc)
	return l
}

func (l *attackLog) setClock(svc *Services) {
	var mu sync.Mutex
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	svc.SetNow(func() time.Time { mu.Lock(); defer mu.Unlock(); now = now.Add(time.Minute); return now })
}

// decide logs decisions from to to of: ana's false positive on the hit,
// then bob's match on it (which makes the hit a hit again), then two
// more.
func (l *attackLog) decide(tb testing.TB, from, to int) {
	tb.Helper()
	verdicts := []string{dossier.VerdictFalsePositive, dossier.VerdictMatch, dossier.VerdictNeedsReview, dossier.VerdictMatch}
	for i := from; i < to; i++ {
		mustDecide(tb, l.svc.Decisions, &dossier.Decision{SubjectKey: "name:cabello diosdado", SubjectName: "Diosdado Cabello",
			ListEntityID: []string{"ofac-24424", "ofac-24424", "ofac-1", "ofac-2"}[i], Verdict: verdicts[i],
			Author: []string{"ana", "bob", "ana", "bob"}[i]})
	}
}

// raw changes the database the way an attacker with a database shell
// would: no dossier code, and the triggers dropped.
func (l *attackLog) raw(tb testing.TB, stmts ...string) {
	tb.Helper()
	if err := l.svc.DropGuards(context.Background()); err != nil {
		tb.Fatal(err)
	}
	mustExec(tb, l.svc, stmts...)
}

// rechain recomputes every decision's SHA-256 chain, as an attacker who
// read the code can (the MACs they cannot).
func (l *attackLog) rechain(tb testing.TB, blankMACs bool) {
	tb.Helper()
	ds, _, err := l.svc.Decisions.FindDecisions(context.Background(), dossier.DecisionFilter{})
	if err != nil {
		tb.Fatal(err)
	}
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
	l.raw(tb, append([]string{`UPDATE decisions SET hash = 'tmp' || id`}, stmts...)...)
}

func testDecisionLogAttacks(t *testing.T, st Store) {
	for _, tt := range []struct {
		Name   string
		Attack func(t *testing.T, l *attackLog)
		Want   string // in the error
		ID     int64  // the decision named, 0 for none
	}{
		{Name: "tail deleted", Want: "decisions 4 to 4 were deleted from the end", ID: 4,
			Attack: func(t *testing.T, l *attackLog) { l.raw(t, `DELETE FROM decisions WHERE id = 4`) }},
		{Name: "the later match deleted, the earlier false positive left effective",
			Want: "decisions 2 to 4 were deleted from the end, or the database was restored", ID: 2,
			Attack: func(t *testing.T, l *attackLog) { l.raw(t, `DELETE FROM decisions WHERE id >= 2`) }},
		{Name: "verdict rewritten with the SHA-256 chain recomputed", Want: "MAC does not match", ID: 2,
			Attack: func(t *testing.T, l *attackLog) {
				l.raw(t, `UPDATE decisions SET verdict = 'false_positive' WHERE id = 2`)
				l.rechain(t, false)
			}},
		{Name: "verdict rewritten, SHA-256 recomputed and every MAC removed", Want: "which signed a different head for it: it or decisions before it were rewritten", ID: 1,
			Attack: func(t *testing.T, l *attackLog) {
				l.raw(t, `UPDATE decisions SET verdict = 'false_positive' WHERE id = 2`)
				l.rechain(t, true)
			}},
		{Name: "MAC removed from one row", Want: "has no MAC though the decisions before it do", ID: 3,
			Attack: func(t *testing.T, l *attackLog) { l.raw(t, `UPDATE decisions SET mac = '' WHERE id = 3`) }},
		{Name: "checkpoint file deleted", Want: "does not exist (deleted?)",
			Attack: func(t *testing.T, l *attackLog) { os.Remove(l.svc.CheckpointPath) }},
		{Name: "checkpoint file emptied", Want: "has no checkpoints",
			Attack: func(t *testing.T, l *attackLog) { os.WriteFile(l.svc.CheckpointPath, nil, 0o600) }},
		{Name: "unsigned checkpoint appended", Want: "checkpoints:5: malformed checkpoint: signature: want the base64 of 64 bytes",
			Attack: func(t *testing.T, l *attackLog) {
				appendLine(t, l.svc.CheckpointPath, `{"count":9,"head":"`+strings.Repeat("a", 64)+
					`","time":"2026-03-01T13:00:00Z","key_id":"0123456789abcdef","signature":""}`+"\n")
			}},
		{Name: "checkpoint signed by another key", Want: "checkpoints:5 (4 decisions, 2026-03-01T13:00:00Z) is not signed by the log's key",
			Attack: func(t *testing.T, l *attackLog) {
				other, err := checkpoint.OpenKeys(t.TempDir())
				if err != nil {
					t.Fatal(err)
				}
				appendLine(t, l.svc.CheckpointPath, string(checkpoint.Format(
					other.Sign(4, strings.Repeat("a", 64), time.Date(2026, 3, 1, 13, 0, 0, 0, time.UTC)))))
			}},
		{Name: "cut-short checkpoint line", Want: "checkpoints:5: malformed checkpoint: last line has no newline",
			Attack: func(t *testing.T, l *attackLog) { appendLine(t, l.svc.CheckpointPath, `{"count":5,"he`) }},
		{Name: "tail deleted and the checkpoint file cut to match", Want: "decisions 4 to 4 were deleted from the end", ID: 4,
			Attack: func(t *testing.T, l *attackLog) {
				l.raw(t, `DELETE FROM decisions WHERE id = 4`)
				cutCheckpoints(t, l.svc.CheckpointPath, 3)
			}},
		{Name: "checkpoint file cut short",
			Want:   "ends at 3 decisions, but the key directory's copy of the latest checkpoint signed 4",
			Attack: func(t *testing.T, l *attackLog) { cutCheckpoints(t, l.svc.CheckpointPath, 3) }},
		{Name: "the key directory's latest checkpoint removed", Want: "latest checkpoint cannot be read",
			Attack: func(t *testing.T, l *attackLog) { os.Remove(filepath.Join(l.svc.KeyDir, checkpoint.LatestFile)) }},
		{Name: "HMAC key removed", Want: "its MAC cannot be checked", ID: 1,
			Attack: func(t *testing.T, l *attackLog) { os.Remove(filepath.Join(l.svc.KeyDir, checkpoint.MACKeyFile)) }},
	} {
		t.Run(tt.Name, func(t *testing.T) {
			ctx := context.Background()
			l := openAttackLog(t, st)
			l.decide(t, 0, 4)
			v, err := l.svc.Decisions.Verify(ctx)
			if err != nil || v.Decisions != 4 || v.Checkpoints != 4 || v.Latest.Count != 4 || v.Legacy != 0 {
				t.Fatalf("before the attack: %+v, %v", v, err)
			}
			tt.Attack(t, l)
			// Checked by another process, as 'dossier decision verify'
			// would be.
			_, err = l.reopen(t).Decisions.Verify(ctx)
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
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	if err := os.WriteFile(path, []byte(strings.Join(lines[:n], "")), 0o600); err != nil {
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

// A log from before the HMAC chain: its decisions have hashes but no
// MACs, and no checkpoint file exists. It upgrades in place.
func testDecisionLogUpgradesLegacyChain(t *testing.T, st Store) {
	ctx := context.Background()
	l := openAttackLog(t, st)
	l.decide(t, 0, 2)
	// Make it a legacy log: no MACs, no keys, no checkpoints.
	l.raw(t, `UPDATE decisions SET mac = ''`)
	os.RemoveAll(l.svc.KeyDir)
	os.Remove(l.svc.CheckpointPath)
	_, err := l.svc.Decisions.Verify(ctx)
	if err == nil || !strings.Contains(err.Error(), "all logged before signed checkpoints, are unsigned") {
		t.Fatalf("verify legacy log: %v", err)
	}
	// Signing the verified legacy head, then logging on.
	c, err := l.svc.Decisions.Checkpoint(ctx)
	if err != nil || c.Count != 2 {
		t.Fatalf("checkpoint: %+v, %v", c, err)
	}
	l.decide(t, 2, 4)
	v, err := l.svc.Decisions.Verify(ctx)
	if err != nil || v.Decisions != 4 || v.Legacy != 2 || v.Checkpoints != 3 || v.Latest.Count != 4 {
		t.Fatalf("verify upgraded log: %+v, %v", v, err)
	}
	ds, _, _ := l.svc.Decisions.FindDecisions(ctx, dossier.DecisionFilter{})
	if ds[1].MAC != "" || ds[2].MAC == "" {
		t.Errorf("MACs: %q %q", ds[1].MAC, ds[2].MAC)
	}
	// A legacy row rewritten with its SHA-256 chain recomputed breaks the
	// first MAC, which folded in the old head.
	l.raw(t, `UPDATE decisions SET author = 'eve' WHERE id = 1`)
	l.rechain(t, false)
	var ce *dossier.ChainError
	if _, err := l.svc.Decisions.Verify(ctx); !errors.As(err, &ce) || ce.ID != 3 || !strings.Contains(err.Error(), "MAC does not match") {
		t.Errorf("verify after rewriting a legacy row: %v", err)
	}
}

// Without a checkpoint, a legacy log that does not verify is not signed.
func testDecisionLogCheckpointRefusesBrokenLog(t *testing.T, st Store) {
	ctx := context.Background()
	l := openAttackLog(t, st)
	l.decide(t, 0, 2)
	l.raw(t, `UPDATE decisions SET mac = ''`, `UPDATE decisions SET note = 'x' WHERE id = 1`)
	os.Remove(l.svc.CheckpointPath)
	if c, err := l.svc.Decisions.Checkpoint(ctx); err == nil || !strings.Contains(err.Error(), "content does not match its hash") {
		t.Fatalf("checkpoint of a broken log: %+v, %v", c, err)
	}
	if _, err := os.Stat(l.svc.CheckpointPath); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a checkpoint was written: %v", err)
	}
}

func testDecisionLogKeysArePrivate(t *testing.T, st Store) {
	l := openAttackLog(t, st)
	l.decide(t, 0, 1)
	for _, path := range []string{filepath.Join(l.svc.KeyDir, checkpoint.MACKeyFile), filepath.Join(l.svc.KeyDir, checkpoint.SigningKeyFile),
		filepath.Join(l.svc.KeyDir, checkpoint.PublicKeyFile), l.svc.CheckpointPath} {
		fi, err := os.Stat(path)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, %v", path, fi.Mode(), err)
		}
	}
	if fi, err := os.Stat(l.svc.KeyDir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("key directory: %v, %v", fi.Mode(), err)
	}
	// A key others may read is refused, not used.
	os.Chmod(filepath.Join(l.svc.KeyDir, checkpoint.MACKeyFile), 0o644)
	err := l.svc.Decisions.CreateDecision(context.Background(), &dossier.Decision{SubjectKey: "k", ListEntityID: "x", Verdict: "match", Author: "a"})
	if err == nil || !strings.Contains(err.Error(), "others may read it (chmod 600") {
		t.Errorf("create with a readable key: %v", err)
	}
}

// Writers in several processes on one database, and a verifier running
// while they write: every decision extends the chain, every checkpoint
// is consistent with the log, and verify never reports a problem that is
// not there.
func testDecisionLogConcurrentWritersVerify(t *testing.T, st Store) {
	ctx := context.Background()
	verifier := openAttackLog(t, st)
	const writers, each = 4, 5
	logs := make([]*Services, writers)
	for i := range logs {
		logs[i] = verifier.reopen(t)
		verifier.setClock(logs[i])
	}
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
			if _, err := verifier.svc.Decisions.Verify(ctx); err != nil {
				verifyErrs <- err
				return
			}
		}
	}()
	errs := make(chan error, writers*each)
	var wg sync.WaitGroup
	for _, svc := range logs {
		wg.Go(func() {
			for range each {
				errs <- svc.Decisions.CreateDecision(ctx, &dossier.Decision{SubjectKey: "k", ListEntityID: "x", Verdict: "match", Author: "a"})
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
	v, err := verifier.svc.Decisions.Verify(ctx)
	if n := writers*each + 1; err != nil || v.Decisions != n || v.Checkpoints != n || v.Latest.Count != int64(n) {
		t.Errorf("verify after: %+v, %v", v, err)
	}
}

// A legacy log needs no 'decision checkpoint' if a decision is added:
// that decision's checkpoint signs the whole log.
func testDecisionLogLegacyThenDecision(t *testing.T, st Store) {
	ctx := context.Background()
	l := openAttackLog(t, st)
	l.decide(t, 0, 2)
	l.raw(t, `UPDATE decisions SET mac = ''`)
	os.RemoveAll(l.svc.KeyDir)
	os.Remove(l.svc.CheckpointPath)
	l.decide(t, 2, 3)
	v, err := l.svc.Decisions.Verify(ctx)
	if err != nil || v.Decisions != 3 || v.Legacy != 2 || v.Checkpoints != 1 || v.Latest.Count != 3 {
		t.Fatalf("verify: %+v, %v", v, err)
	}
	l.raw(t, `DELETE FROM decisions WHERE id = 3`)
	if _, err := l.reopen(t).Decisions.Verify(ctx); err == nil || !strings.Contains(err.Error(), "decisions 3 to 3 were deleted from the end") {
		t.Errorf("verify after deleting the first MAC'd decision: %v", err)
	}
}
