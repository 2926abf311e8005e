package ofac_test

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"dossier/lists/internal/listtest"
	"dossier/lists/ofac"
)

// readRows reads an OFAC CSV file independently of the loader: fields
// trimmed, "-0-" as "".
func readRows(t *testing.T, path string) [][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimRight(string(data), "\x1a\r\n")))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		for i, v := range row {
			v = strings.Join(strings.Fields(v), " ")
			if v == "-0-" {
				v = ""
			}
			row[i] = v
		}
	}
	return rows
}

// checkCounts verifies a loaded OFAC list against its own CSV files:
// one target per primary row, every alias row on its entity, every
// non-empty address row on its entity.
func checkCounts(t *testing.T, dir, prim, alt, add string, wantTargets int) {
	ctx := context.Background()
	l, err := ofac.Load(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	listtest.MustValidate(t, l)
	byID := listtest.ByID(l)
	if want := ofac.DatasetSDN; strings.HasPrefix(prim, "cons") {
		if l.Version.Dataset != ofac.DatasetCons {
			t.Errorf("dataset = %s, want %s", l.Version.Dataset, ofac.DatasetCons)
		}
	} else if l.Version.Dataset != want {
		t.Errorf("dataset = %s, want %s", l.Version.Dataset, want)
	}

	rows := readRows(t, filepath.Join(dir, prim))
	if len(rows) != wantTargets || l.Version.Targets != wantTargets {
		t.Errorf("%s has %d rows, list has %d targets; want %d", prim, len(rows), l.Version.Targets, wantTargets)
	}
	if l.Version.Entities != 2*wantTargets {
		t.Errorf("entities = %d, want %d targets + %d sanctions", l.Version.Entities, wantTargets, wantTargets)
	}
	for _, row := range rows {
		e := byID["ofac-"+row[0]]
		if e == nil || e.Caption != row[1] {
			t.Fatalf("ent_num %s: entity %v, want caption %q", row[0], e, row[1])
		}
		if byID["ofac-"+row[0]+"-sanction"] == nil {
			t.Fatalf("ent_num %s: no sanction", row[0])
		}
	}

	alts := readRows(t, filepath.Join(dir, alt))
	distinct := map[string]bool{}
	for _, row := range alts {
		prop := "alias"
		if row[2] == "fka" {
			prop = "previousName"
		}
		e := byID["ofac-"+row[0]]
		if e == nil || !slices.Contains(e.Get(prop), row[3]) {
			t.Fatalf("alt %s/%s: %q not in %s of %v", row[0], row[1], row[3], prop, e)
		}
		distinct[row[0]+"\x00"+prop+"\x00"+row[3]] = true
	}
	n := 0
	for _, e := range l.Entities {
		n += len(e.Get("alias")) + len(e.Get("previousName"))
	}
	if n != len(distinct) {
		t.Errorf("alias+previousName values = %d, want %d (distinct of %d alt rows)", n, len(distinct), len(alts))
	}
	t.Logf("%s: %d alt rows (%d distinct) all present", alt, len(alts), len(distinct))

	adds := readRows(t, filepath.Join(dir, add))
	nonEmpty := 0
	for _, row := range adds {
		var parts []string
		for _, p := range row[2:5] {
			if p != "" {
				parts = append(parts, p)
			}
		}
		if len(parts) == 0 {
			continue
		}
		nonEmpty++
		full := strings.Join(parts, ", ")
		e := byID["ofac-"+row[0]]
		if e == nil || !slices.Contains(e.Get("address"), full) {
			t.Fatalf("add %s/%s: %q not in addresses of %v", row[0], row[1], full, e)
		}
	}
	t.Logf("%s: %d of %d rows non-empty, all present", add, nonEmpty, len(adds))
}

func TestLoadSDN2021Counts(t *testing.T) {
	dir := listtest.DataDir(t, "ofac", "sdn-2021-07")
	checkCounts(t, dir, "sdn.csv", "alt.csv", "add.csv", 8976)
}

func TestLoadConsCounts(t *testing.T) {
	dir := listtest.DataDir(t, "ofac", "cons")
	checkCounts(t, dir, "cons_prim.csv", "cons_alt.csv", "cons_add.csv", 442)
}

func TestLoadSDN2021Entries(t *testing.T) {
	dir := listtest.DataDir(t, "ofac", "sdn-2021-07")
	l, err := ofac.Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	byID := listtest.ByID(l)
	if l.Version.Dataset != ofac.DatasetSDN || !l.Version.Published.IsZero() || len(l.Version.Version) != 32 {
		t.Errorf("version = %+v", l.Version)
	}

	p := byID["ofac-24424"]
	want := map[string][]string{
		"name":           {"CABELLO RONDON, Diosdado"},
		"lastName":       {"CABELLO RONDON"},
		"firstName":      {"Diosdado"},
		"birthDate":      {"1963-04-15"},
		"citizenship":    {"ve"},
		"gender":         {"male"},
		"idNumber":       {"8370825"},
		"passportNumber": {"A0237802"},
		"address":        {"Monagas, Venezuela"},
		"country":        {"ve"},
		"topics":         {"sanction"},
	}
	if p == nil || p.Schema != "Person" {
		t.Fatalf("ofac-24424 = %+v", p)
	}
	for prop, vs := range want {
		if got := p.Get(prop); !slices.Equal(got, vs) {
			t.Errorf("24424 %s = %q, want %q", prop, got, vs)
		}
	}
	s := byID["ofac-24424-sanction"]
	if got := s.Get("program"); !slices.Equal(got, []string{"VENEZUELA"}) || s.First("authorityId") != "24424" || s.First("entity") != "ofac-24424" {
		t.Errorf("sanction = %+v", s)
	}

	bnc := byID["ofac-306"]
	if bnc.Schema != "Organization" || !slices.Equal(bnc.Get("weakAlias"), []string{"BNC"}) || !slices.Equal(bnc.Get("alias"), []string{"NATIONAL BANK OF CUBA"}) || len(bnc.Get("address")) != 4 {
		t.Errorf("306 = %+v", bnc)
	}
	// sdn_comments.csv continues the remarks of 12300 mid-word.
	if n := byID["ofac-12300"].First("notes"); !strings.Contains(n, "PROMO RAIZ S.A.S.; Linked To: RED MUNDIAL") {
		t.Errorf("12300 notes lack the continued remarks: %q", n)
	}
}
