package screen_test

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"dossier"
	"dossier/screen"
)

// TestCandidateRecall checks that the index's candidate selection keeps
// at least 99.5% of the hits that scoring every entity finds, on the
// names of the labelled pairs: every name is indexed as an entity, and
// every name is screened against them all.
func TestCandidateRecall(t *testing.T) {
	f, err := os.Open(filepath.Join(sharedData(t), "namepairs", "nomenklatura_cases.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	b := screen.NewBuilder()
	var queries []screen.Query
	for i, r := range rows[1:] {
		schema := r[col["schema"]]
		for j, name := range []string{r[col["name1"]], r[col["name2"]]} {
			e := dossier.NewEntity(schema, fmt.Sprintf("pair-%d-%d", i, j))
			e.Caption = name
			e.Add("name", name)
			b.Add(e)
			queries = append(queries, screen.Query{Name: name, Schema: schema, Limit: 1000})
		}
	}
	ix := b.Index()
	found, kept := 0, 0
	for _, q := range queries {
		got := map[string]bool{}
		for _, h := range ix.Screen(q) {
			got[h.EntityID] = true
		}
		for _, h := range ix.Exhaustive(q) {
			found++
			if got[h.EntityID] {
				kept++
			} else {
				t.Logf("missed: %q → %q (%.3f)", q.Name, h.Caption, h.Score)
			}
		}
	}
	recall := float64(kept) / float64(found)
	t.Logf("candidate recall %.4f (%d of %d exhaustive hits, %d queries over %d entities)", recall, kept, found, len(queries), ix.Len())
	if recall < 0.995 {
		t.Errorf("candidate recall %.4f < 0.995", recall)
	}
}
