package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"dossier/postgres"
	"dossier/postgres/pgtest"
)

// The token and decision commands work on PostgreSQL as on SQLite: the
// audit log's keys and checkpoints live outside the database (--key-dir),
// and a deletion behind the log's back, triggers dropped, is caught.
func TestPostgresTokenAndDecisionCommands(t *testing.T) {
	pg := pgtest.MustDatabase(t)
	keys := filepath.Join(t.TempDir(), "keys")
	step := func(wantCode int, args ...string) (string, string) {
		t.Helper()
		out, errOut, code := run(t, pg, "", args...)
		if code != wantCode {
			t.Fatalf("%s: status %d, want %d: %s %s", strings.Join(args, " "), code, wantCode, out, errOut)
		}
		return out, errOut
	}
	secret, _ := step(0, "serve", "token", "create", "desk", "--scope", "read")
	if !strings.HasPrefix(secret, "dsk_") {
		t.Errorf("token create printed %q", secret)
	}
	out, _ := step(0, "serve", "token", "list", "--json")
	var list struct {
		Tokens []struct{ Name, Scope string }
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list.Tokens) != 1 || list.Tokens[0].Name != "desk" {
		t.Errorf("token list: %s %v", out, err)
	}
	step(0, "serve", "token", "revoke", "desk")

	for _, v := range []string{"false_positive", "match"} {
		step(0, "decision", "add", "--key-dir", keys, "--subject", "Diosdado Cabello", "--entity", "ofac-24424", "--verdict", v, "--by", "ana")
	}
	out, _ = step(0, "decision", "verify", "--key-dir", keys)
	if !strings.Contains(out, "audit log ok: 2 decisions, hash and HMAC chains intact") {
		t.Errorf("verify: %q", out)
	}
	// A decision without the key directory cannot be logged unsigned.
	if _, errOut := step(1, "decision", "add", "--subject", "X", "--entity", "ofac-1", "--verdict", "match", "--by", "ana"); !strings.Contains(errOut, "no checkpoint file set") {
		t.Errorf("decision add without a key directory: %q", errOut)
	}

	db := postgres.NewDB(pg)
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.Pool().Exec(ctx, `DELETE FROM decisions WHERE id = 2`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("delete: %v, want the trigger's refusal", err)
	}
	for _, q := range []string{`DROP TRIGGER decisions_no_delete ON decisions`, `DELETE FROM decisions WHERE id = 2`} {
		if _, err := db.Pool().Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	_, errOut := step(1, "decision", "verify", "--key-dir", keys)
	if !strings.Contains(errOut, "decisions 2 to 2 were deleted from the end, or the database was restored from an older copy") {
		t.Errorf("verify after deleting the tail: %q", errOut)
	}
}
