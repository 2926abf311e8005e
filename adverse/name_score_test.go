package adverse

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"dossier"
	"dossier/names"
)

// TestNameOnlyScoreIsComparePrepared: matchSubject scores an entity
// with nameOnlyScore instead of Matcher.ComparePrepared; the two agree
// exactly when neither side has a qualifier, as in matchSubject. Checked
// on the labelled name pairs of ../shared/data (when present) and on a
// few of our own, under every schema a query can have, with an alias.
func TestNameOnlyScoreIsComparePrepared(t *testing.T) {
	pairs := namePairs(t, [2]string{"", "Anna Berg"})
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

// TestMatchSubjectThroughStore: a document's judgement matches subjects
// through the entities it keeps in a names.Store, one probe per query
// name; it finds the same entities with the same best score as the
// comparison of each entity on its own. Checked on documents made of
// the labelled name pairs' names (when ../shared/data is present) and
// of a few of our own, with every entity type, and queries of every
// schema.
func TestMatchSubjectThroughStore(t *testing.T) {
	pairs := namePairs(t, [2]string{"Anna Berg", "Berg"})
	types := []string{"PER", "ORG", "MISC", "LOC", "DATE"}
	const perDoc = 24
	checked, found := 0, 0
	for lo := 0; lo < len(pairs); lo += perDoc {
		group := pairs[lo:min(lo+perDoc, len(pairs))]
		x := &dossier.Extraction{}
		for i, p := range group {
			e := dossier.DocEntity{ID: fmt.Sprint("e", i), Type: types[i%len(types)], Name: p[1]}
			if i%3 == 0 {
				e.Aliases = []string{group[(i+1)%len(group)][1]}
			}
			x.Entities = append(x.Entities, e)
		}
		d := Judge{}.Document(x)
		for i, p := range group {
			for _, schema := range []string{"", "Person", "Organization", "Company"} {
				q := Query{Names: []string{p[0]}, Schema: schema}
				if i%4 == 0 {
					q.Names = append(q.Names, group[(i+2)%len(group)][0])
				}
				gi, gb := matchSubject(x, q, d)
				wi, wb := matchSubject(x, q, nil)
				if !slices.Equal(gi, wi) || gb != wb {
					t.Errorf("%q as %q: through the store %v %v, one by one %v %v", q.Names, schema, gi, gb, wi, wb)
				}
				checked++
				found += len(wi)
			}
		}
	}
	t.Logf("%d queries agree (%d entities found)", checked, found)
}

// namePairs returns a few pairs of our own, extra, and the labelled name
// pairs of ../shared/data when present.
func namePairs(t *testing.T, extra ...[2]string) [][2]string {
	t.Helper()
	pairs := append([][2]string{
		{"Hugo Carvajal", "Hugo Armando Carvajal Barrios"}, {"Viktor Yanukovych", "Viktor Yanukovich"},
		{"Acme Trading LLC", "ACME Trading"}, {"Carvajal", "Gen. Carvajal"},
	}, extra...)
	path := filepath.Join("..", "..", "shared", "data", "namepairs", "nomenklatura_cases.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Logf("%s absent (%v): checking our own pairs only", path, err)
		return pairs
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for _, r := range rows[1:] {
		pairs = append(pairs, [2]string{r[2], r[3]})
	}
	return pairs
}
