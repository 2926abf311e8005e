package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDecisionVerifyCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "d.db")
	keys := filepath.Join(dir, "private", "keys")
	for _, v := range []string{"false_positive", "match"} {
		if out, errOut, code := run(t, db, "", "decision", "add", "--key-dir", keys, "--subject", "Diosdado Cabello",
			"--entity", "ofac-24424", "--verdict", v, "--by", "ana"); code != 0 {
			t.Fatalf("decision add: %d %s %s", code, out, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(keys, "hmac.key")); err != nil {
		t.Fatalf("--key-dir: %v", err)
	}
	out, errOut, code := run(t, db, "", "decision", "verify", "--key-dir", keys)
	if code != 0 || !strings.Contains(out, "audit log ok: 2 decisions, hash and HMAC chains intact") ||
		!strings.Contains(out, "latest checkpoint: 2 decisions") {
		t.Fatalf("verify: %d %q %q", code, out, errOut)
	}
	// Without the keys, the MACs cannot be checked.
	if _, errOut, code := run(t, db, "", "decision", "verify"); code != 1 || !strings.Contains(errOut, "its MAC cannot be checked") {
		t.Errorf("verify without --key-dir: %d %q", code, errOut)
	}

	// The later match deleted behind the log's back.
	h, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TRIGGER decisions_no_delete`, `DELETE FROM decisions WHERE id = 2`} {
		if _, err := h.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	h.Close()
	out, errOut, code = run(t, db, "", "decision", "verify", "--key-dir", keys)
	if code != 1 || out != "" || !strings.Contains(errOut,
		"dossier: audit log: decision 2: the log has 1 decisions but checkpoint of ") ||
		!strings.Contains(errOut, "decisions 2 to 2 were deleted from the end, or the database was restored from an older copy") {
		t.Errorf("verify after deleting the tail: %d %q %q", code, out, errOut)
	}
	// Nor does it sign the shortened log.
	if _, errOut, code := run(t, db, "", "decision", "checkpoint", "--key-dir", keys); code != 1 || !strings.Contains(errOut, "deleted from the end") {
		t.Errorf("checkpoint of the shortened log: %d %q", code, errOut)
	}
}
