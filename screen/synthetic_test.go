package screen_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"dossier/lists"
	"dossier/screen"
	"dossier/synth"
)

var (
	listedOnce sync.Once
	listedReal *synth.Listed
	listedErr  error
)

// realListed holds the person names of the lists realListIndex indexes.
func realListed(tb testing.TB) *synth.Listed {
	tb.Helper()
	data := sharedData(tb)
	listedOnce.Do(func() {
		listedReal = synth.NewListed()
		for _, p := range []string{"ofac/sdn-2021-07", "ofac/cons", "un/consolidated-2026-02-27.xml"} {
			l, err := lists.Load(context.Background(), filepath.Join(data, p))
			if err != nil {
				listedErr = err
				return
			}
			for _, e := range l.Entities {
				listedReal.Add(e)
			}
		}
	})
	if listedErr != nil {
		tb.Fatal(listedErr)
	}
	return listedReal
}

// TestSyntheticFalsePositives screens 2,000 synthetic people who are
// not listed (package synth: seven cultures in their own scripts, with
// birth dates) against OFAC SDN, OFAC non-SDN and the UN list, and logs
// how many hits they get: every hit is a false positive or a namesake.
// "dossier eval screening" reports the same figures in more detail.
func TestSyntheticFalsePositives(t *testing.T) {
	if testing.Short() {
		t.Skip("screens 2,000 names against the real lists")
	}
	ix, listed := realListIndex(t), realListed(t)
	people := synth.Unlisted(synth.People(2100, 1), listed)
	if len(people) < 2000 {
		t.Fatalf("only %d of 2,100 synthetic people are not listed", len(people))
	}
	people = people[:2000]
	perCulture := map[synth.Culture]int{}
	for _, p := range people {
		perCulture[p.Culture]++
	}
	for _, c := range synth.Cultures() {
		if perCulture[c] < 2000/7-30 {
			t.Errorf("%s: %d people of 2,000", c, perCulture[c])
		}
	}

	type tally struct{ withHits, hits, withCandidates int }
	run := func(schema string) (all tally, byCulture map[synth.Culture]*tally) {
		byCulture = map[synth.Culture]*tally{}
		for _, c := range synth.Cultures() {
			byCulture[c] = &tally{}
		}
		for _, p := range people {
			q := screen.Query{Name: p.Name, Schema: schema, BirthDates: []string{p.BirthDate}, Limit: 100}
			hits := ix.Screen(q)
			ct := byCulture[p.Culture]
			if len(hits) > 0 {
				all.withHits++
				ct.withHits++
			}
			all.hits += len(hits)
			ct.hits += len(hits)
			for _, h := range hits {
				if h.Score < ix.Matcher.Threshold || !h.Match {
					t.Errorf("%q: hit %s under the threshold: %.3f", p.Name, h.EntityID, h.Score)
				}
				if schema == "Person" && h.Schema != "Person" {
					t.Errorf("%q with schema Person hit a %s: %s %q", p.Name, h.Schema, h.EntityID, h.Caption)
				}
			}
			if len(ix.ScreenAll(q)) > 0 {
				all.withCandidates++
				ct.withCandidates++
			}
		}
		return all, byCulture
	}
	for _, schema := range []string{"", "Person"} {
		all, byCulture := run(schema)
		t.Logf("schema %q: 2000 synthetic queries, %d with hits, %d hits, %d with candidates", schema, all.withHits, all.hits, all.withCandidates)
		for _, c := range synth.Cultures() {
			ct := byCulture[c]
			t.Logf("  %-18s %3d queries, %3d with hits, %3d hits, %3d with candidates", c, perCulture[c], ct.withHits, ct.hits, ct.withCandidates)
			// Every script is read: most names share some key with a
			// list entry, so the index is asked about each culture.
			if ct.withCandidates < perCulture[c]/2 {
				t.Errorf("%s: only %d of %d queries found any candidate", c, ct.withCandidates, perCulture[c])
			}
		}
		if all.withHits > all.hits || all.withHits > len(people) {
			t.Errorf("counts out of step: %+v", all)
		}
	}
}
