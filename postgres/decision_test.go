package postgres_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"dossier"
	"dossier/postgres"
)

// TRUNCATE fires no row trigger: a statement trigger refuses it. (The
// store suite proves the refusals of UPDATE, DELETE and a forged INSERT.)
func TestDecisionLogRefusesTruncate(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	s := postgres.NewDecisionService(db)
	dir := t.TempDir()
	s.KeyDir, s.CheckpointPath = filepath.Join(dir, "keys"), filepath.Join(dir, "checkpoints")
	if err := s.CreateDecision(ctx, &dossier.Decision{SubjectKey: "k", ListEntityID: "x", Verdict: "match", Author: "a"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool().Exec(ctx, `TRUNCATE decisions`); err == nil || !strings.Contains(err.Error(), "decisions: the audit log is append-only") {
		t.Errorf("truncate: %v, want the trigger's refusal", err)
	}
	if n, err := s.VerifyDecisions(ctx); n != 1 || err != nil {
		t.Errorf("verify: %d, %v", n, err)
	}
}

// Without a key directory and a checkpoint file no decision is logged:
// a database server has no place beside it to put them by default.
func TestDecisionNeedsCheckpointFile(t *testing.T) {
	s := postgres.NewDecisionService(MustOpenDB(t))
	err := s.CreateDecision(context.Background(), &dossier.Decision{SubjectKey: "k", ListEntityID: "x", Verdict: "match", Author: "a"})
	if err == nil || !strings.Contains(err.Error(), "no checkpoint file set") {
		t.Errorf("create without a checkpoint file: %v", err)
	}
}
