package resolve

import (
	"fmt"
	"testing"

	"dossier"
	"dossier/segment"
)

var fuzzLabels = []string{"PER", "ORG", "LOC", "MISC", "MONEY", "DATE", "PERCENT"}

// fuzzMentions makes sorted, non-overlapping mentions of text from the
// bytes of spec, three at a time: gap, length, label.
func fuzzMentions(text string, spec []byte) []dossier.Mention {
	var ms []dossier.Mention
	p := 0
	for i := 0; i+2 < len(spec) && p < len(text); i += 3 {
		s := p + int(spec[i])%16
		e := s + 1 + int(spec[i+1])%24
		if s >= len(text) {
			break
		}
		e = min(e, len(text))
		ms = append(ms, dossier.Mention{Start: s, End: e, Text: text[s:e], Label: fuzzLabels[int(spec[i+2])%len(fuzzLabels)]})
		p = e
	}
	return ms
}

func FuzzResolve(f *testing.F) {
	for _, tt := range []struct {
		text string
		spec []byte
	}{
		{`Gen. Hugo "El Pollo" Carvajal met Diosdado Cabello. Cabello's aides and Puerto Cabello.`, []byte{0, 30, 0, 2, 16, 0, 1, 7, 0, 1, 9, 2}},
		{"The Drug Enforcement Administration (DEA) said the DEA and OFAC, and Enorsa.", []byte{4, 30, 1, 2, 3, 1, 5, 3, 1}},
		{"Venezuela’s president, Nicolás Maduro, paid $15 million (15%) on Jan. 27.", []byte{0, 11, 2, 12, 14, 0, 6, 11, 4, 1, 3, 6, 4, 6, 5}},
		{"“Él no está solo” — ‘He’ \"is\" not alone…", []byte{0, 3, 0, 1, 1, 3, 2, 2, 1}},
		{"drug lord Joaquin “El Chapo” Guzman protection; the cartel of 'El Chapo' Guzman's men. \"Never,\" Guzman said.", []byte{10, 7, 0, 3, 8, 0, 21, 8, 0, 22, 6, 0, 11, 6, 0}},
	} {
		f.Add(tt.text, tt.spec)
	}
	f.Fuzz(func(t *testing.T, text string, spec []byte) {
		ms := fuzzMentions(text, spec)
		ents := Resolve(text, segment.Sentences(text), ms)
		owner := make([]map[string]bool, len(ms))
		for i := range owner {
			owner[i] = map[string]bool{}
		}
		for i, e := range ents {
			if want := fmt.Sprintf("e%d", i+1); e.ID != want {
				t.Fatalf("entity %d has ID %q, want %q", i, e.ID, want)
			}
			if len(e.Mentions) == 0 {
				t.Fatalf("entity %s has no mentions", e.ID)
			}
			if Fold(Fold(e.Name)) != Fold(e.Name) {
				t.Fatalf("Fold not idempotent on %q", e.Name)
			}
			for _, m := range e.Mentions {
				if m.Start < 0 || m.End > len(text) || m.Start >= m.End {
					t.Fatalf("%s: mention [%d,%d) outside text of %d bytes", e.ID, m.Start, m.End, len(text))
				}
				if m.Text != text[m.Start:m.End] {
					t.Fatalf("%s: mention text %q, span holds %q", e.ID, m.Text, text[m.Start:m.End])
				}
				for k, in := range ms {
					if m.Start < in.End && in.Start < m.End {
						owner[k][e.ID] = true
					}
				}
			}
		}
		for k, in := range ms {
			if len(owner[k]) != 1 {
				t.Fatalf("input mention %d %q [%d,%d) is in %d entities", k, in.Text, in.Start, in.End, len(owner[k]))
			}
		}
	})
}
