package recognize

import (
	"dossier/internal/featurehash"
	"slices"
	"testing"
)

func TestShapes(t *testing.T) {
	tests := []struct {
		a, b      string
		sameLong  bool
		sameShort bool
	}{
		{"Smith", "Jones", true, true},
		{"Smith", "Smithson", true, true}, // runs are cut at two: Xxx
		{"IBM", "NATO", true, true},
		{"IBM", "Ibm", false, false},
		{"1996", "2015", true, true},
		{"U.S.", "U.K.", true, true},
		{"10.5", "1,000", false, false},
		{"Ab", "Abc", false, true},
	}
	for _, tt := range tests {
		la, sa := shapes(tt.a)
		lb, sb := shapes(tt.b)
		if (la == lb) != tt.sameLong || (sa == sb) != tt.sameShort {
			t.Errorf("shapes(%q) vs (%q): long same %v short same %v, want %v %v", tt.a, tt.b, la == lb, sa == sb, tt.sameLong, tt.sameShort)
		}
	}
}

func TestCapClass(t *testing.T) {
	for w, want := range map[string]uint8{"smith": capLower, "Smith": capTitle, "IBM": capUpper, "U.S.": capUpper,
		"McDonald": capTitle, "1996": capDigit, ",": capOther, "Ülker": capTitle, "élan": capLower} {
		if got := capClass(w); got != want {
			t.Errorf("capClass(%q) = %d, want %d", w, got, want)
		}
	}
}

func TestHashLower(t *testing.T) {
	for _, p := range [][2]string{{"Smith", "smith"}, {"ÜLKER", "ülker"}, {"U.S.", "u.s."}} {
		if featurehash.Lower(p[0]) != featurehash.String(p[1]) {
			t.Errorf("featurehash.Lower(%q) != featurehash.String(%q)", p[0], p[1])
		}
	}
}

// TestExtract checks that features are deterministic, that a word's
// features depend on its neighbours and on the rest of the document, and
// that gazetteer phrases are matched.
func TestExtract(t *testing.T) {
	lx := newLexicon()
	lx.addPhrase("United States", gazLOC)
	lx.addWords("Diosdado", lexGiven)
	lx.index()
	ex := newExtractor(lx, 20)
	feats := func(doc [][]string, tok int) []uint32 {
		ex.extract(doc)
		return slices.Clone(ex.feats[ex.off[tok]:ex.off[tok+1]])
	}
	doc := [][]string{{"Diosdado", "Cabello", "visited", "the", "United", "States", "."}}
	a, b := feats(doc, 1), feats(doc, 1)
	if !slices.Equal(a, b) || len(a) < 30 {
		t.Fatalf("features of Cabello: %d then %d, equal %v", len(a), len(b), slices.Equal(a, b))
	}
	for _, f := range a {
		if f >= 1<<20 {
			t.Fatalf("bucket %d out of range", f)
		}
	}
	c := feats([][]string{{"Mr.", "Cabello", "visited", "the", "United", "States", "."}}, 1)
	if slices.Equal(a, c) {
		t.Error("features of Cabello do not depend on the previous word")
	}
	d := feats(append(doc, []string{"Cabello", "said", "."}), 1)
	if slices.Equal(a, d) {
		t.Error("features of Cabello do not depend on the rest of the document")
	}
	ex.extract(doc)
	inf := ex.info[0]
	if inf[4].gaz[gazLOC] != 1 || inf[5].gaz[gazLOC] != 3 || inf[3].gaz[gazLOC] != 0 {
		t.Errorf("gazetteer positions: %v %v %v", inf[3].gaz, inf[4].gaz, inf[5].gaz)
	}
	if inf[0].lex != lexGiven {
		t.Errorf("Diosdado not a given name")
	}
}

func TestEncodeLabels(t *testing.T) {
	in := []string{"B-PER", "I-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC"}
	want := []string{"B-PER", "I-PER", "L-PER", "O", "U-LOC", "B-LOC", "L-LOC"}
	if got := encodeLabels(in, "bilou"); !slices.Equal(got, want) {
		t.Errorf("encodeLabels = %v, want %v", got, want)
	}
}
