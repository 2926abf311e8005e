package attribute_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/attribute"
	"dossier/segment"
)

// at returns the span of the n-th (1-based) occurrence of s in text.
func at(tb testing.TB, text, s string, n int) attribute.Span {
	tb.Helper()
	i := -1
	for ; n > 0; n-- {
		k := strings.Index(text[i+1:], s)
		if k < 0 {
			tb.Fatalf("%q not in %q", s, text)
		}
		i += 1 + k
	}
	return attribute.Span{Start: i, End: i + len(s)}
}

func TestEvaluate(t *testing.T) {
	const text = "Cabello said the report was false. Maduro denied it."
	sp := func(s string) attribute.Span { return at(t, text, s, 1) }
	doc := attribute.Document{Name: "t.ann", Text: text, Attributions: []attribute.Gold{
		{ID: "E1", Source: []attribute.Span{sp("Cabello")}, Cue: []attribute.Span{sp("said")}, Content: []attribute.Span{sp("the report was false")}},
		{ID: "E2", Source: []attribute.Span{sp("Maduro")}, Cue: []attribute.Span{sp("denied")}, Content: []attribute.Span{sp("it")}},
	}}
	find := func(string, []segment.Sentence) []attribute.Attribution {
		return []attribute.Attribution{
			{Source: sp("Cabello"), Cue: sp("said"), Content: sp("the report was false")},
			{Cue: sp("denied"), Content: sp("denied it")},
			{Cue: sp("was"), Content: sp("false")}, // overlaps a gold content already matched
		}
	}
	r := attribute.Evaluate(find, []attribute.Document{doc})
	check := func(name string, p attribute.PRF, gold, pred, matched int) {
		t.Helper()
		if p.Gold != gold || p.Predicted != pred || p.Matched != matched {
			t.Errorf("%s: gold %d predicted %d matched %d, want %d %d %d", name, p.Gold, p.Predicted, p.Matched, gold, pred, matched)
		}
	}
	check("source exact", r.Source.Exact, 2, 1, 1)
	check("source overlap", r.Source.Overlap, 2, 1, 1)
	check("cue exact", r.Cue.Exact, 2, 3, 2)
	check("cue overlap", r.Cue.Overlap, 2, 3, 2)
	check("content exact", r.Content.Exact, 2, 3, 1)
	check("content overlap", r.Content.Overlap, 2, 3, 2)
	check("content tokens", r.Content.Tokens, 5, 6, 5)
	check("attributions", r.Attributions, 2, 3, 2)
	if p := r.Content.Overlap; p.Precision != 2.0/3 || p.Recall != 1 || p.F1 != 0.8 {
		t.Errorf("content overlap P %v R %v F1 %v, want 2/3, 1, 0.8", p.Precision, p.Recall, p.F1)
	}
	if r.Documents != 1 || r.Tokens != 11 {
		t.Errorf("%d documents, %d tokens; want 1, 11", r.Documents, r.Tokens)
	}
}

// polnearDir returns <module root>/../shared/data/attribution/polnear,
// or skips the test.
func polnearDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("no go.mod above the test directory")
		}
		dir = parent
	}
	data := filepath.Join(dir, "..", "shared", "data", "attribution", "polnear")
	if _, err := os.Stat(filepath.Join(data, "dev", "attributions")); err != nil {
		tb.Skipf("PolNeAR not found at %s: skipping the corpus test", data)
	}
	return data
}

// TestDevBeatsBaseline scores the embedded model and the baseline on the
// PolNeAR dev split: the model must beat the baseline by at least 15
// points of content overlap F1.
func TestDevBeatsBaseline(t *testing.T) {
	dev := filepath.Join(polnearDir(t), "dev")
	docs, err := attribute.ReadDir(dev)
	if err != nil {
		t.Fatal(err)
	}
	model := attribute.Evaluate(attribute.Default().Find, docs)
	base := attribute.Evaluate(attribute.Baseline, docs)
	for _, x := range []struct {
		name string
		r    attribute.Report
	}{{"model", model}, {"baseline", base}} {
		t.Logf("%-8s content overlap F1 %.4f (P %.4f R %.4f), exact %.4f; source %.4f; cue %.4f",
			x.name, x.r.Content.Overlap.F1, x.r.Content.Overlap.Precision, x.r.Content.Overlap.Recall,
			x.r.Content.Exact.F1, x.r.Source.Overlap.F1, x.r.Cue.Overlap.F1)
	}
	if d := model.Content.Overlap.F1 - base.Content.Overlap.F1; d < 0.15 {
		t.Errorf("model content overlap F1 %.4f beats the baseline's %.4f by %.4f, want at least 0.15",
			model.Content.Overlap.F1, base.Content.Overlap.F1, d)
	}
	for _, role := range []string{"source", "cue"} {
		if m, b := model.Role(role).Overlap.F1, base.Role(role).Overlap.F1; m <= b {
			t.Errorf("%s overlap F1: model %.4f, baseline %.4f", role, m, b)
		}
	}
}
