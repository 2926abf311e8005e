package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

type ftmLine struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
	Datasets   []string            `json:"datasets"`
	Claims     []json.RawMessage   `json:"claims"`
}

func readFtM(t *testing.T, data string) (lines []ftmLine, schemata map[string]int) {
	t.Helper()
	schemata = map[string]int{}
	sc := bufio.NewScanner(strings.NewReader(data))
	sc.Buffer(nil, 16<<20)
	for n := 1; sc.Scan(); n++ {
		var l ftmLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil || l.ID == "" || l.Schema == "" {
			t.Fatalf("line %d: %v: %.200s", n, err, sc.Text())
		}
		lines = append(lines, l)
		schemata[l.Schema]++
	}
	return lines, schemata
}

func TestExportCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	sdn := filepath.Join("..", "..", "lists", "ofac", "testdata", "sdn")
	un := filepath.Join("..", "..", "lists", "un", "testdata", "consolidated.xml")
	if _, errOut, code := run(t, db, "", "lists", "load", sdn, un); code != 0 {
		t.Fatalf("lists load: %d %s", code, errOut)
	}
	if _, errOut, code := run(t, db, "", "ingest", filepath.Join("..", "..", "testdata", "articles")); code != 0 {
		t.Fatalf("ingest: %d %s", code, errOut)
	}

	out := filepath.Join(dir, "all.ftm.jsonl")
	stdout, errOut, code := run(t, db, "", "export", "--format", "ftm", "--news", "-o", out)
	if code != 0 || stdout != "" || !strings.Contains(errOut, "exported ") || !strings.Contains(errOut, out) {
		t.Fatalf("export -o: %d %q %q", code, stdout, errOut)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines, schemata := readFtM(t, string(data))
	for _, s := range []string{"Person", "Sanction", "Article", "Documentation"} {
		if schemata[s] == 0 {
			t.Errorf("no %s in %v", s, schemata)
		}
	}
	var claims int
	for _, l := range lines {
		claims += len(l.Claims)
		for _, u := range append(l.Properties["sourceUrl"], l.Properties["website"]...) {
			if !strings.Contains(u, "://") {
				t.Errorf("%s: URL %q without a scheme", l.ID, u)
			}
		}
	}
	if claims == 0 {
		t.Errorf("no claims exported from the sample articles")
	}

	// One dataset, to standard output, without news.
	stdout, _, code = run(t, db, "", "export", "--format", "ftm", "--dataset", "un_sc_sanctions")
	lines, _ = readFtM(t, stdout)
	if code != 0 || len(lines) == 0 {
		t.Fatalf("export --dataset: %d, %d lines", code, len(lines))
	}
	for _, l := range lines {
		if !slices.Equal(l.Datasets, []string{"un_sc_sanctions"}) {
			t.Errorf("%s of datasets %v in an export of un_sc_sanctions", l.ID, l.Datasets)
		}
	}

	for _, tt := range []struct {
		Name  string
		Args  []string
		Code  int
		Error string
	}{
		{"no format", []string{"export"}, 2, "--format not given"},
		{"other format", []string{"export", "--format", "csv"}, 2, `--format "csv", want ftm`},
		{"unknown dataset", []string{"export", "--format", "ftm", "--dataset", "eu_fsf"}, 1, `no dataset "eu_fsf"`},
		{"nothing to write", []string{"export", "--format", "ftm", "--no-lists"}, 2, "nothing to write"},
		{"unwritable output", []string{"export", "--format", "ftm", "-o", filepath.Join(dir, "no", "such", "dir", "x")}, 1, "no such"},
	} {
		t.Run(tt.Name, func(t *testing.T) {
			_, errOut, code := run(t, db, "", tt.Args...)
			if code != tt.Code || !strings.Contains(errOut, tt.Error) {
				t.Errorf("%v: %d %q, want %d and %q", tt.Args, code, errOut, tt.Code, tt.Error)
			}
		})
	}
}
