package sqlite_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"dossier"
	"dossier/sqlite"
)

func mustDecide(tb testing.TB, s *sqlite.DecisionService, d *dossier.Decision) *dossier.Decision {
	tb.Helper()
	if err := s.CreateDecision(context.Background(), d); err != nil {
		tb.Fatal(err)
	}
	return d
}

func TestDecisionLogChainsAndVerifies(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	s := sqlite.NewDecisionService(db)
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
	if err != nil || got.Hash != d2.Hash || !got.Created.Equal(d2.Created) || got.Target() != "ofac-24424" {
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
}

func TestDecisionLogRefusesUpdateAndDelete(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	s := sqlite.NewDecisionService(db)
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
		if _, err := db.SQL().ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "decisions:") {
			t.Errorf("%s: err = %v, want the trigger's refusal", q, err)
		}
	}
	if n, err := s.VerifyDecisions(ctx); n != 1 || err != nil {
		t.Errorf("verify after refused changes: %d, %v", n, err)
	}
}

func TestDecisionLogDetectsTampering(t *testing.T) {
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
			db := MustOpenDB(t)
			s := sqlite.NewDecisionService(db)
			for i := 0; i < 4; i++ {
				mustDecide(t, s, &dossier.Decision{SubjectKey: "name:x", ListEntityID: "ofac-1", Verdict: dossier.VerdictMatch,
					Author: "a", Note: "n"})
			}
			// A tamperer with write access to the file must drop the
			// triggers first.
			for _, q := range []string{`DROP TRIGGER decisions_no_update`, `DROP TRIGGER decisions_no_delete`, tt.Tamper} {
				if _, err := db.SQL().ExecContext(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			_, err := s.VerifyDecisions(ctx)
			var ce *dossier.ChainError
			if !errors.As(err, &ce) || ce.ID != tt.ID {
				t.Errorf("verify: %v, want a chain error at decision %d", err, tt.ID)
			}
		})
	}
}

func TestEffectiveDecisionAndSuppression(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	now := time.Date(2026, 3, 1, 12, 0, 0, 123456789, time.UTC)
	db.Now = func() time.Time { now = now.Add(time.Second); return now }
	s := sqlite.NewDecisionService(db)
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
	if n, err := s.VerifyDecisions(ctx); n != 6 || err != nil {
		t.Errorf("verify: %d, %v", n, err)
	}
}

func TestDecisionValidation(t *testing.T) {
	s := sqlite.NewDecisionService(MustOpenDB(t))
	for _, d := range []*dossier.Decision{
		{ListEntityID: "x", Verdict: "match", Author: "a"},
		{SubjectKey: "k", Verdict: "match", Author: "a"},
		{SubjectKey: "k", DocumentID: "d", Verdict: "match", Author: "a"},
		{SubjectKey: "k", ListEntityID: "x", DocumentID: "d", DocEntityID: "e1", Verdict: "match", Author: "a"},
		{SubjectKey: "k", ListEntityID: "x", Verdict: "maybe", Author: "a"},
		{SubjectKey: "k", ListEntityID: "x", Verdict: "match"},
	} {
		if err := s.CreateDecision(context.Background(), d); !errors.Is(err, dossier.ErrInvalid) {
			t.Errorf("%+v: %v, want ErrInvalid", d, err)
		}
	}
}
