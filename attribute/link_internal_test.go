package attribute

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"dossier/segment"
)

// spansOf tags text with the embedded model and returns its spans, as
// Find does before it links them.
func spansOf(text string) []tagSpan {
	m := Default()
	w := m.get()
	defer m.pool.Put(w)
	w.spans, w.base, w.para = w.spans[:0], 0, 0
	w.scan(text, segment.Sentences(text), m.bits, func() {
		m.emissions(w)
		viterbi(w, m.tr)
		w.collect()
	})
	return slices.Clone(w.spans)
}

// TestLinkWindow checks that weighing maxCueCandidates cues on each side
// of a span finds the cue that weighing every cue of the paragraph
// finds: on the PolNeAR dev articles as written, and on all of them
// joined into one paragraph of thousands of cues.
func TestLinkWindow(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "data", "attribution", "polnear", "dev")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("PolNeAR dev absent (%v): the shared data is needed", err)
	}
	docs, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	check := func(name, text string) {
		spans := spansOf(text)
		got := linkWithin(text, slices.Clone(spans), nil, maxCueCandidates)
		want := linkWithin(text, slices.Clone(spans), nil, len(spans))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %d attributions with the window, %d without; first difference:", name, len(got), len(want))
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Errorf("  %d: %+v, want %+v", i, got[i], want[i])
					break
				}
			}
		}
	}
	for _, d := range docs {
		check(d.Name, d.Text)
		all = append(all, strings.Join(strings.Fields(d.Text), " "))
	}
	long := strings.Join(all, " ")
	if n := len(segment.Sentences(long)); n < 1000 {
		t.Fatalf("joined paragraph has %d sentences, want a long one", n)
	}
	check("one paragraph", long)
}
