package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestScreenCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	_, errOut, code := run(t, db, "", "screen", "Diosdado Cabello")
	if code != 1 || !strings.Contains(errOut, "no lists loaded") {
		t.Errorf("screen with no lists: %d %q", code, errOut)
	}
	if _, errOut, code := run(t, db, "", "lists", "load", filepath.Join("..", "..", "lists", "ofac", "testdata", "sdn")); code != 0 {
		t.Fatal(errOut)
	}
	out, _, code := run(t, db, "", "screen", "Diosdado", "Cabello")
	if code != 0 || !strings.Contains(out, "ofac-24424") || !strings.Contains(out, "name_parts") {
		t.Errorf("screen: %d %q", code, out)
	}
	out, _, code = run(t, db, "", "screen", "--json", "--type", "person", "CABELLO RONDON, Diosdado")
	var res struct {
		Results []struct {
			ID           string                     `json:"id"`
			Score        float64                    `json:"score"`
			Match        bool                       `json:"match"`
			Explanations map[string]json.RawMessage `json:"explanations"`
		} `json:"results"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || len(res.Results) == 0 ||
		res.Results[0].ID != "ofac-24424" || !res.Results[0].Match || res.Results[0].Explanations["name"] == nil {
		t.Errorf("screen --json: %d %s", code, out)
	}
	out, _, _ = run(t, db, "", "screen", "--type", "company", "Diosdado Cabello")
	if !strings.Contains(out, "no hits") {
		t.Errorf("a person screened as a company: %q", out)
	}
	if _, errOut, code := run(t, db, "", "screen", "--type", "spaceship", "x"); code != 2 || !strings.Contains(errOut, "--type") {
		t.Errorf("bad --type: %d %q", code, errOut)
	}

	csv := filepath.Join(t.TempDir(), "customers.csv")
	os.WriteFile(csv, []byte("id,full_name,date_of_birth\nc1,Diosdado Cabello,1963\nc2,Jane Example,\nc3,,\nc4,\"CABELLO RONDON, Diosdado\",\n"), 0o644)
	out, errOut, code = run(t, db, "", "screen", "--batch", csv)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 1 || len(lines) != 4 || !strings.Contains(errOut, "customers.csv:4: no name") {
		t.Fatalf("batch: %d %q %q", code, out, errOut)
	}
	for i, want := range []struct {
		id  string
		hit bool
	}{{"c1", true}, {"c2", false}, {"c3", false}, {"c4", true}} {
		var r batchResult
		if err := json.Unmarshal([]byte(lines[i]), &r); err != nil {
			t.Fatal(err)
		}
		if r.Row != i+1 || r.ID != want.id || (len(r.Results) > 0) != want.hit {
			t.Errorf("row %d: %+v", i+1, r)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("id,email\n1,a@b.c\n"), 0o644)
	if _, errOut, code := run(t, db, "", "screen", "--batch", bad); code != 1 || !strings.Contains(errOut, "bad.csv:1: header has no") {
		t.Errorf("batch without a name column: %d %q", code, errOut)
	}
	// a malformed row (a bare quote) is reported with its line, and the
	// other rows are still screened
	broken := filepath.Join(t.TempDir(), "broken.csv")
	os.WriteFile(broken, []byte("id,name\n1,Diosdado Cabello\n2,Ma\"duro\n3,Jane Roe\n"), 0o644)
	out, errOut, code = run(t, db, "", "screen", "--batch", broken)
	if !strings.Contains(errOut, "broken.csv:3") || strings.Count(out, "\n") < 2 {
		t.Errorf("batch with a malformed row: %d out=%q err=%q", code, out, errOut)
	}
}
