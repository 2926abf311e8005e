package sqlite_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"dossier"
)

// The defects of issue #13 through the DecisionService interface alone:
// with the triggers dropped, deleting the last decisions or rewriting one
// with its SHA-256 chain recomputed must not pass VerifyDecisions.
func TestVerifyDecisionsCatchesTailDeletionAndRecomputedHashes(t *testing.T) {
	for _, tt := range []struct {
		Name   string
		Attack func(t *testing.T, path string)
	}{
		{"tail deleted", func(t *testing.T, path string) { raw(t, path, `DELETE FROM decisions WHERE id >= 2`) }},
		{"rewritten, hashes recomputed", func(t *testing.T, path string) {
			raw(t, path, `UPDATE decisions SET verdict = 'false_positive' WHERE id = 2`)
			rechain(t, path, false)
		}},
	} {
		t.Run(tt.Name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "dossier.db")
			l := openAttackLog(t, path)
			l.decide(t, 0, 4)
			l.db.Close()
			tt.Attack(t, path)
			l = openAttackLog(t, path)
			n, err := l.s.VerifyDecisions(context.Background())
			var ce *dossier.ChainError
			if !errors.As(err, &ce) {
				t.Fatalf("VerifyDecisions after the attack = %d, %v; want a chain error", n, err)
			}
		})
	}
}
