package adverse

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"dossier/names"
)

// TestNameOnlyScoreIsComparePrepared: matchSubject scores an entity
// with nameOnlyScore instead of Matcher.ComparePrepared; the two agree
// exactly when neither side has a qualifier, as in matchSubject. Checked
// on the labelled name pairs of ../shared/data (when present) and on a
// few of our own, under every schema a query can have, with an alias.
func TestNameOnlyScoreIsComparePrepared(t *testing.T) {
	pairs := [][2]string{
		{"Hugo Carvajal", "Hugo Armando Carvajal Barrios"}, {"Viktor Yanukovych", "Viktor Yanukovich"},
		{"Acme Trading LLC", "ACME Trading"}, {"Carvajal", "Gen. Carvajal"}, {"", "Anna Berg"},
	}
	path := filepath.Join("..", "..", "shared", "data", "namepairs", "nomenklatura_cases.csv")
	if f, err := os.Open(path); err != nil {
		t.Logf("%s absent (%v): checking our own pairs only", path, err)
	} else {
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, r := range rows[1:] {
			pairs = append(pairs, [2]string{r[2], r[3]})
		}
	}
	m := nameMatcher()
	checked := 0
	for _, schema := range []string{"", "Person", "Organization", "Company", "Vessel"} {
		for i, p := range pairs {
			q := names.Prepare(names.Subject{Schema: schema, Names: []string{p[0]}})
			for _, cs := range []string{"Person", "Organization", schema} {
				c := names.Prepare(names.Subject{Schema: cs, Names: []string{p[1], pairs[(i+1)%len(pairs)][1]}})
				want := m.ComparePrepared(q, c).Score
				if got := nameOnlyScore(m, []*names.Prepared{q}, c); got != want {
					t.Errorf("%q as %q ~ %q as %q: nameOnlyScore %v, ComparePrepared %v", p[0], schema, p[1], cs, got, want)
				}
				checked++
			}
		}
	}
	t.Logf("%d comparisons agree", checked)
}
