package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"dossier/names"
	"dossier/synth"
)

// writeFtM writes a small FtM list made from the first synthetic people
// of seed 1: the first one listed by name, a vessel named like the
// fifth (Chinese) one in Latin letters, and a person named like the
// second (a Hispanic man with two family names) without his second
// family name.
func writeFtM(t *testing.T) string {
	t.Helper()
	p := synth.People(5, 1)
	if p[1].Culture != synth.Hispanic || len(strings.Fields(p[1].Name)) != 3 || p[4].Culture != synth.Chinese {
		t.Fatalf("the first people of seed 1 changed: %v", p)
	}
	path := filepath.Join(t.TempDir(), "list.ftm.json")
	body := fmt.Sprintf(`{"id":"p1","schema":"Person","properties":{"name":[%q]},"datasets":["test"]}
{"id":"v1","schema":"Vessel","properties":{"name":[%q]},"datasets":["test"]}
{"id":"p2","schema":"Person","properties":{"name":[%q]},"datasets":["test"]}
`, p[0].Name, strings.ToUpper(names.Normalize(p[4].Name)), strings.Join(strings.Fields(p[1].Name)[:2], " "))
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

func TestEvalScreening(t *testing.T) {
	list := writeFtM(t)
	out, errOut, code := run(t, "", "", "eval", "screening", "--lists", list, "--synthetic", "140", "--show", "3")
	if code != 0 {
		t.Fatalf("status %d: %s", code, errOut)
	}
	for _, want := range []string{
		"3 list entities indexed, 2 person names known",
		"== synthetic non-listed people ==",
		"140 people (seed 1), 1 more drawn and left out as listed names",
		"name and birth date, no schema: 140 queries",
		"name and birth date, schema Person: 140 queries",
		"russian-ukrainian  20",
		"first 3 hits without schema:",
		"name_parts",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	line := lastLine(out)
	if !strings.HasPrefix(line, "self_primary=1.0000 ") {
		t.Errorf("last line %q: want every entity found by its primary name first", line)
	}
	var queries, withHits, hits, pWith, pHits, nWith, nHits int
	if _, err := fmt.Sscanf(line[strings.Index(line, "synthetic_queries="):], "synthetic_queries=%d queries_with_hits=%d hits=%d person_queries_with_hits=%d hits_person_schema=%d name_only_queries_with_hits=%d name_only_hits=%d",
		&queries, &withHits, &hits, &pWith, &pHits, &nWith, &nHits); err != nil {
		t.Fatalf("last line %q: %v", line, err)
	}
	// The second person hits p2 with or without a schema. A query with a
	// birth date is a person's (screen.Query.EffectiveSchema), so the
	// fifth, who would hit the vessel by name alone, hits nothing with
	// one: both runs with birth dates count the same.
	if queries != 140 || withHits < 1 || withHits > hits || pHits != hits || nHits <= hits {
		t.Errorf("figures %q", lastLine(out))
	}

	// The same lists from the database give the same figures.
	db := filepath.Join(t.TempDir(), "e.db")
	if _, errOut, code := run(t, db, "", "lists", "load", list); code != 0 {
		t.Fatalf("lists load: %s", errOut)
	}
	out2, errOut, code := run(t, db, "", "eval", "screening", "--synthetic", "140")
	if code != 0 || lastLine(out2) != lastLine(out) {
		t.Errorf("from the database: %d %q %s; want %q", code, lastLine(out2), errOut, lastLine(out))
	}
}

func TestEvalScreeningErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.csv")
	_, errOut, code := run(t, "", "", "eval", "screening", missing)
	if code != 1 || !strings.Contains(errOut, "nope.csv") {
		t.Errorf("missing list: %d %q", code, errOut)
	}
	_, errOut, code = run(t, "", "", "eval", "screening", "--synthetic", "0", "x")
	if code != 2 || !strings.Contains(errOut, "--synthetic") {
		t.Errorf("--synthetic 0: %d %q", code, errOut)
	}
	_, errOut, code = run(t, filepath.Join(t.TempDir(), "empty.db"), "", "eval", "screening")
	if code != 1 || !strings.Contains(errOut, "no list entities") {
		t.Errorf("empty database: %d %q", code, errOut)
	}
}

// TestEvalJSON checks --json on the eval commands: one JSON object with
// the figures of the text report's last line and the whole report.
func TestEvalJSON(t *testing.T) {
	list := writeFtM(t)
	dir := t.TempDir()
	// Invented pairs and articles, a few of each.
	pairs := filepath.Join(dir, "pairs.csv")
	os.WriteFile(pairs, []byte("name1,name2,is_match,schema\nJohn Smith,Jon Smith,1,Person\nJohn Smith,Maria Lopez,0,Person\n"+
		"Acme Trading Ltd,ACME Trading Limited,1,Company\nAcme Trading Ltd,Pacific Shipping SA,0,Company\n"), 0o644)
	articles := filepath.Join(dir, "articles.csv")
	os.WriteFile(articles, []byte("article,label\n"+
		"\"The director was charged with fraud and money laundering by prosecutors on Monday.\",1\n"+
		"\"The company opened a new bakery in the town centre, selling bread and cakes.\",0\n"), 0o644)
	for _, tt := range []struct {
		args   []string
		figure string // in the summary, and on the text's last line
		report string // a key of the report
	}{
		{[]string{"eval", "parse", "--json", filepath.Join("..", "..", "parse", "testdata", "small.conllu")}, "las", "UPOS"},
		{[]string{"eval", "screening", "--json", "--lists", list, "--synthetic", "20"}, "", ""},
		{[]string{"eval", "attribution", "--json", "--baseline", filepath.Join("..", "..", "attribute", "testdata", "polnear-mini")}, "f1", "Content"},
		{[]string{"eval", "names", "--json", pairs}, "f1", "Precision"},
		{[]string{"eval", "ner", "--json", filepath.Join("..", "..", "parse", "testdata", "small.conllu")}, "f1", "Overall"},
		{[]string{"eval", "adverse", "--json", articles}, "f1", "precision"},
	} {
		t.Run(tt.args[1], func(t *testing.T) {
			out, errOut, code := run(t, "", "", tt.args...)
			var res struct {
				Command string             `json:"command"`
				Summary map[string]float64 `json:"summary"`
				Report  map[string]any     `json:"report"`
			}
			if code != 0 || json.Unmarshal([]byte(out), &res) != nil || res.Command != "dossier eval "+tt.args[1] ||
				len(res.Summary) == 0 || len(res.Report) == 0 {
				t.Fatalf("%d %q %q", code, out, errOut)
			}
			if tt.figure != "" {
				if _, ok := res.Summary[tt.figure]; !ok {
					t.Errorf("summary lacks %s: %v", tt.figure, res.Summary)
				}
			}
			if _, ok := res.Report[tt.report]; tt.report != "" && !ok {
				t.Errorf("report lacks %s: %v", tt.report, res.Report)
			}
			// the text version's last line has the same figures (whose
			// values may differ only for speeds)
			text, _, _ := run(t, "", "", slices.DeleteFunc(slices.Clone(tt.args), func(a string) bool { return a == "--json" })...)
			if got := lastFigures(text); !reflect.DeepEqual(slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(res.Summary))) {
				t.Errorf("text figures %v, JSON summary %v", got, res.Summary)
			}
		})
	}
}
