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

// TestScreenFlagErrors checks that a flag value that would hide hits is a
// usage error naming the flag, given before the lists are read: the
// database here has none, which would be another error.
func TestScreenFlagErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "empty.db")
	const (
		wantDate    = "not a birth date: want YYYY, YYYY-MM or YYYY-MM-DD (1960, 1960-04, 1960-04-01), a real date from 1800 to today"
		wantCountry = "unknown country: want an ISO 3166-1 alpha-2 code (VE, GB) or a country name or demonym (Venezuela, Venezuelan)"
	)
	tests := []struct {
		name string
		args []string
		err  string
	}{
		{"unknown country", []string{"--country", "Narnia", "Diosdado Cabello"}, `screen: --country "Narnia": ` + wantCountry},
		{"UK is no ISO code", []string{"--country", "UK", "x"}, `screen: --country "UK": ` + wantCountry},
		{"month 13", []string{"--dob", "1960-13", "x"}, `screen: --dob "1960-13": ` + wantDate},
		{"February 30", []string{"--dob", "1960-02-30", "x"}, `screen: --dob "1960-02-30": ` + wantDate},
		{"day first", []string{"--dob", "01/04/1960", "x"}, `screen: --dob "01/04/1960": ` + wantDate},
		{"threshold above 1", []string{"--threshold", "1.5", "x"}, `screen: --threshold "1.5": out of range: want a number from 0 to 1 (0: the engine's default)`},
		{"threshold negative", []string{"--threshold=-0.2", "x"}, `screen: --threshold "-0.2": out of range: want a number from 0 to 1 (0: the engine's default)`},
		{"gender", []string{"--gender", "x", "x"}, `screen: --gender "x": unknown gender: want male, female or other (m, f)`},
		{"limit", []string{"-n", "-1", "x"}, `screen: --limit "-1": negative: want 0 or more (0: 10)`},
		{"type", []string{"--type", "spaceship", "x"}, `screen: --type "spaceship": want person, org, company, vessel or any`},
		{"batch checks the flags first", []string{"--batch", "nofile.csv", "--country", "Narnia"}, `screen: --country "Narnia": ` + wantCountry},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := run(t, db, "", append([]string{"screen"}, tt.args...)...)
			if code != 2 || errOut != "dossier: "+tt.err+"\n" || out != "" {
				t.Errorf("exit %d, stderr %q, stdout %q; want 2 and %q", code, errOut, out, tt.err)
			}
		})
	}
}

// TestScreenPersonCLI: a birth date makes the subject a person, who is
// not the listed vessel HERMANN; --type any finds it again.
func TestScreenPersonCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	if _, errOut, code := run(t, db, "", "lists", "load", filepath.Join("..", "..", "lists", "ofac", "testdata", "sdn")); code != 0 {
		t.Fatal(errOut)
	}
	for _, tt := range []struct {
		args []string
		hit  bool
	}{
		{[]string{"Hermann"}, true},
		{[]string{"--dob", "1970", "Hermann"}, false},
		{[]string{"--gender", "male", "Hermann"}, false},
		{[]string{"--dob", "1970", "--type", "any", "Hermann"}, true},
		{[]string{"--dob", "1970", "--type", "vessel", "Hermann"}, true},
	} {
		out, errOut, code := run(t, db, "", append([]string{"screen"}, tt.args...)...)
		if code != 0 || strings.Contains(out, "ofac-4234") != tt.hit {
			t.Errorf("screen %v: exit %d, %q %q; want the vessel: %v", tt.args, code, out, errOut, tt.hit)
		}
	}
	// In a batch, a row with a birth date and no type is a person; the
	// flags fill what a row leaves empty.
	csv := filepath.Join(t.TempDir(), "people.csv")
	os.WriteFile(csv, []byte("id,name,date_of_birth,type\nv1,Hermann,,\nv2,Hermann,1970,\nv3,Hermann,1970,any\nv4,Hermann,1970,vessel\n"), 0o644)
	for _, tt := range []struct {
		flags []string
		hits  []bool
	}{
		{nil, []bool{true, false, true, true}},
		{[]string{"--dob", "1970"}, []bool{false, false, true, true}},
		{[]string{"--type", "any"}, []bool{true, true, true, true}},
	} {
		out, errOut, code := run(t, db, "", append([]string{"screen", "--batch", csv}, tt.flags...)...)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if code != 0 || len(lines) != len(tt.hits) {
			t.Fatalf("batch %v: exit %d %q %q", tt.flags, code, out, errOut)
		}
		for i, line := range lines {
			var r batchResult
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatal(err)
			}
			if hit := len(r.Results) > 0 && r.Results[0].EntityID == "ofac-4234"; hit != tt.hits[i] {
				t.Errorf("batch %v, row %s: hit %v, want %v", tt.flags, r.ID, hit, tt.hits[i])
			}
		}
	}
}

// TestScreenBatchBadRows: rows with a bad date or country are reported
// with file, line and column, in their JSON line and on standard error;
// the rows around them are screened, and the exit status is 1.
func TestScreenBatchBadRows(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	if _, errOut, code := run(t, db, "", "lists", "load", filepath.Join("..", "..", "lists", "ofac", "testdata", "sdn")); code != 0 {
		t.Fatal(errOut)
	}
	csv := filepath.Join(t.TempDir(), "customers.csv")
	os.WriteFile(csv, []byte("id,full_name,date_of_birth,nationality\n"+
		"c1,Diosdado Cabello,1963,VE\n"+
		"c2,Diosdado Cabello,1963-02-30,VE\n"+
		"c3,Diosdado Cabello,1963,Narnia\n"+
		"c4,\"CABELLO RONDON, Diosdado\",1963-04-15,Venezuela\n"), 0o644)
	out, errOut, code := run(t, db, "", "screen", "--batch", csv)
	wantErrs := []string{"",
		csv + `:3: date_of_birth "1963-02-30": not a birth date: want YYYY, YYYY-MM or YYYY-MM-DD (1960, 1960-04, 1960-04-01), a real date from 1800 to today`,
		csv + `:4: nationality "Narnia": unknown country: want an ISO 3166-1 alpha-2 code (VE, GB) or a country name or demonym (Venezuela, Venezuelan)`,
		""}
	if code != 1 || errOut != "dossier: "+wantErrs[1]+"\ndossier: "+wantErrs[2]+"\n" {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines: %q", len(lines), out)
	}
	for i, line := range lines {
		var r batchResult
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		hit := len(r.Results) > 0 && r.Results[0].EntityID == "ofac-24424"
		if r.Row != i+1 || r.Error != wantErrs[i] || hit != (wantErrs[i] == "") || r.Query == "" {
			t.Errorf("row %d: %+v; want error %q", i+1, r, wantErrs[i])
		}
	}
}

// TestScreenAppliesDecisions checks that a hit decided false positive for
// the subject screened is left out, as the server's /screen leaves it
// out, and listed with the decision; --all shows it among the hits, and
// a decision for another subject changes nothing.
func TestScreenAppliesDecisions(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	if _, errOut, code := run(t, db, "", "lists", "load", filepath.Join("..", "..", "lists", "ofac", "testdata", "sdn")); code != 0 {
		t.Fatal(errOut)
	}
	if out, errOut, code := run(t, db, "", "decision", "add", "--key-dir", filepath.Join(dir, "keys"), "--subject", "Diosdado Cabello",
		"--entity", "ofac-24424", "--verdict", "false_positive", "--by", "ana", "--note", "our customer was born in 1990"); code != 0 {
		t.Fatalf("decision add: %d %s %s", code, out, errOut)
	}
	out, errOut, code := run(t, db, "", "screen", "Diosdado", "Cabello")
	hitsPart, leftPart, _ := strings.Cut(out, "1 hits left out (--all shows them)")
	if code != 0 || strings.Contains(hitsPart, "ofac-24424") || !strings.Contains(leftPart, "ofac-24424") ||
		!strings.Contains(leftPart, "decided false positive by ana") || !strings.Contains(leftPart, "our customer was born in 1990") {
		t.Errorf("screen after a false positive: %d %q %q", code, out, errOut)
	}
	var res struct {
		Results []struct {
			ID         string `json:"id"`
			Suppressed *struct {
				Verdict string `json:"verdict"`
				Note    string `json:"note"`
			} `json:"suppressed_by"`
		} `json:"results"`
		Suppressed []struct {
			ID         string `json:"id"`
			Suppressed *struct {
				Author string `json:"author"`
			} `json:"suppressed_by"`
		} `json:"suppressed"`
	}
	out, _, _ = run(t, db, "", "screen", "--json", "Diosdado Cabello")
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Suppressed) != 1 || res.Suppressed[0].ID != "ofac-24424" ||
		res.Suppressed[0].Suppressed == nil || res.Suppressed[0].Suppressed.Author != "ana" {
		t.Fatalf("screen --json: %v %s", err, out)
	}
	for _, r := range res.Results {
		if r.ID == "ofac-24424" {
			t.Errorf("the false positive is among the results: %s", out)
		}
	}
	res.Results, res.Suppressed = nil, nil
	out, _, _ = run(t, db, "", "screen", "--json", "--all", "Diosdado Cabello")
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Suppressed) != 0 || len(res.Results) == 0 ||
		res.Results[0].ID != "ofac-24424" || res.Results[0].Suppressed == nil || res.Results[0].Suppressed.Verdict != "false_positive" {
		t.Fatalf("screen --json --all: %v %s", err, out)
	}
	out, _, _ = run(t, db, "", "screen", "--all", "Diosdado Cabello")
	if !strings.Contains(out, " 1. ") || !strings.Contains(out, "suppressed: decided false positive by ana") {
		t.Errorf("screen --all: %q", out)
	}
	// A batch applies them row by row, as the server's batch jobs do.
	csv := filepath.Join(dir, "rows.csv")
	os.WriteFile(csv, []byte("id,full_name,date_of_birth\nc1,Diosdado Cabello,\nc2,Diosdado Cabello,1963\n"), 0o644)
	out, errOut, code = run(t, db, "", "screen", "--batch", csv)
	rows := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(rows) != 2 {
		t.Fatalf("batch: %d %q %q", code, out, errOut)
	}
	var r1, r2 batchResult
	json.Unmarshal([]byte(rows[0]), &r1)
	json.Unmarshal([]byte(rows[1]), &r2)
	if len(r1.Suppressed) != 1 || r1.Suppressed[0].EntityID != "ofac-24424" || hasID(r1.Results, "ofac-24424") {
		t.Errorf("batch row of the decided subject: %s", rows[0])
	}
	if len(r2.Suppressed) != 0 || !hasID(r2.Results, "ofac-24424") {
		t.Errorf("batch row of another subject (born 1963): %s", rows[1])
	}
	// Another subject (another birth date) is not concerned.
	out, _, _ = run(t, db, "", "screen", "--dob", "1963", "Diosdado Cabello")
	if strings.Contains(out, "left out") || !strings.Contains(out, "ofac-24424") {
		t.Errorf("a decision on another subject applied: %q", out)
	}
}

func hasID(hits []screenHit, id string) bool {
	for _, h := range hits {
		if h.EntityID == id {
			return true
		}
	}
	return false
}
