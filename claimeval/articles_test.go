package claimeval

import (
	"context"
	"testing"

	"dossier/corpus"
)

// TestRealArticleClaims runs the default pipeline on five real articles
// of the corpus's dev split (read from ../shared/data at test time; the
// repository holds only the stand-off gold) and requires, per article,
// the claims it must find (subject, stance and topic family as the gold
// records have them) and their speakers. The floors are one below what
// the models of 2026-12-07 find: a regression on real news fails here.
func TestRealArticleClaims(t *testing.T) {
	idx, all := mustCorpus(t)
	want := map[string]struct{ claims, speakers int }{
		// key: claims matched, speakers right (of the gold claims)
		"13aa082ccad86e52": {5, 5},
		"1fa477922e4206a3": {3, 2},
		"62e45854c4410deb": {3, 2},
		"8c2e817eb5d85b4c": {2, 2},
		"1c1a378461a0e5b0": {5, 4},
	}
	var gold []*corpus.Record
	for _, g := range all {
		if _, ok := want[g.Key]; ok {
			gold = append(gold, g)
		}
	}
	if len(gold) != len(want) {
		t.Fatalf("%d of the %d articles have gold records", len(gold), len(want))
	}
	r, err := Evaluate(context.Background(), idx, gold, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range r.Docs {
		w := want[d.Key]
		if d.Claims.TP < w.claims || d.Right < w.speakers {
			t.Errorf("%s: %d claims matched (want ≥ %d), %d speakers right (want ≥ %d)", d.Key, d.Claims.TP, w.claims, d.Right, w.speakers)
		}
	}
	for _, m := range r.Misses {
		t.Logf("%s: %s %s %s %s", m.Key, m.Why, m.Subject, m.Stance, m.Topic)
	}
}
