package subjects_test

import (
	"slices"
	"strings"
	"testing"

	"dossier/adverse/subjects"
	"dossier/corpus"
)

func TestRowNames(t *testing.T) {
	tests := []struct {
		Input string
		Want  []string
	}{
		{"John McAfee", []string{"John McAfee"}},
		{"  Steve  Bannon ", []string{"Steve Bannon"}},
		{"Lori Loughlin, Mossimo Giannulli", []string{"Lori Loughlin", "Mossimo Giannulli"}},
		{"Steve Bannon and Guo Wengui", []string{"Steve Bannon", "Guo Wengui"}},
		{"Timothy Schools, Richard Emmett, and David Kennedy", []string{"Timothy Schools", "Richard Emmett", "David Kennedy"}},
		{"CABELLO RONDON, Diosdado", []string{"CABELLO RONDON, Diosdado"}},
		{"Institute for Returning to the People What Was Stolen", []string{"Institute for Returning to the People What Was Stolen"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := subjects.RowNames(tt.Input); !slices.Equal(got, tt.Want) {
			t.Errorf("RowNames(%q) = %q, want %q", tt.Input, got, tt.Want)
		}
	}
}

// FuzzRowNames: every name is non-empty, has no surrounding or doubled
// spaces, and is made of words of the input.
func FuzzRowNames(f *testing.F) {
	for _, s := range []string{"Lori Loughlin, Mossimo Giannulli", "A and B", "X, Y; Z and W", " , and ;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		words := strings.Fields(s)
		for _, n := range subjects.RowNames(s) {
			if n == "" || n != strings.Join(strings.Fields(n), " ") {
				t.Fatalf("RowNames(%q) gives %q", s, n)
			}
			for _, w := range strings.Fields(n) {
				w = strings.TrimRight(w, ",;")
				if w != "" && !slices.ContainsFunc(words, func(x string) bool { return strings.Contains(x, w) }) {
					t.Fatalf("RowNames(%q) gives %q: %q is not a word of the input", s, n, w)
				}
			}
		}
	})
}

func TestRowLabels(t *testing.T) {
	tests := []struct {
		Collected, Review string
		Want              bool
	}{
		{"adverse", "", true},
		{"non_adverse", "", false},
		{"adverse", "nam", false},
		{"non_adverse", "am", true},
		{"non_adverse", "am, doubt", true},
		{"adverse", "doubt", true},
		{"adverse", "am, nam", true}, // both marks: the collectors' label
	}
	for _, tt := range tests {
		r := &corpus.Row{CollectedAs: tt.Collected, Review: tt.Review}
		if got := subjects.RowAdverse(r); got != tt.Want {
			t.Errorf("RowAdverse(%q, %q) = %v, want %v", tt.Collected, tt.Review, got, tt.Want)
		}
	}
	for in, want := range map[string]string{"individual": "Person", "Organization": "Organization", "": "", "vessel": ""} {
		if got := subjects.RowSchema(in); got != want {
			t.Errorf("RowSchema(%q) = %q, want %q", in, got, want)
		}
	}
}
