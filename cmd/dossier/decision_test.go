package main

import (
	"database/sql"
	"encoding/json"
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
	out, errOut, code = run(t, db, "", "decision", "verify", "--key-dir", keys, "--json")
	var verified struct {
		OK        bool `json:"ok"`
		Decisions int  `json:"decisions"`
		Latest    struct {
			Count int `json:"count"`
		} `json:"latest"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &verified) != nil || !verified.OK || verified.Decisions != 2 || verified.Latest.Count != 2 {
		t.Errorf("verify --json: %d %q %q", code, out, errOut)
	}
	// A checkpoint of the intact log, as JSON.
	out, errOut, code = run(t, db, "", "decision", "checkpoint", "--key-dir", keys, "--json")
	var signed struct {
		Checkpoint struct {
			Count     int64  `json:"count"`
			Head      string `json:"head"`
			Signature string `json:"signature"`
		} `json:"checkpoint"`
		File string `json:"file"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &signed) != nil || signed.Checkpoint.Count != 2 || len(signed.Checkpoint.Head) < 16 ||
		signed.Checkpoint.Signature == "" || signed.File == "" {
		t.Errorf("checkpoint --json: %d %q %q", code, out, errOut)
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

// TestDecisionList checks "decision list", which the help names, with
// and without a subject filter and as JSON.
func TestDecisionList(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "d.db")
	keys := filepath.Join(dir, "keys")
	for _, name := range []string{"Diosdado Cabello", "Jane Roe"} {
		if out, errOut, code := run(t, db, "", "decision", "add", "--key-dir", keys, "--subject", name,
			"--entity", "ofac-24424", "--verdict", "false_positive", "--by", "ana"); code != 0 {
			t.Fatalf("decision add: %d %s %s", code, out, errOut)
		}
	}
	out, errOut, code := run(t, db, "", "decision", "list")
	if code != 0 || strings.Count(out, "ofac-24424") != 2 || !strings.Contains(out, "VERDICT") {
		t.Fatalf("decision list: %d %q %q", code, out, errOut)
	}
	out, _, code = run(t, db, "", "decision", "list", "--json", "--subject", "Jane Roe")
	var res struct {
		Decisions []struct {
			SubjectName string `json:"subject_name"`
		} `json:"decisions"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || len(res.Decisions) != 1 {
		t.Fatalf("decision list --json --subject: %d %s", code, out)
	}
	if bare, _, _ := run(t, db, "", "decision"); strings.Count(bare, "ofac-24424") != 2 {
		t.Errorf("decision without a subcommand: %q", bare)
	}
}
