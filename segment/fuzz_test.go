package segment_test

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"dossier/segment"
)

// FuzzSegment checks that tokens and sentences are ordered, disjoint spans
// inside the text; that every non-space character lies in exactly one
// token and no token holds whitespace; that the sentences' tokens together
// are Tokens(text); and that no sentence crosses a blank line.
func FuzzSegment(f *testing.F) {
	for _, tt := range sentenceTests {
		f.Add(tt.Input)
	}
	for _, tt := range tokenTests {
		f.Add(tt.Input)
	}
	f.Add(benchText()[:4000])
	f.Add("\xe2\x80 \xe2\x80\xa6\xe2 ..\xff.\r\n\r\n\u2029x")
	f.Fuzz(func(t *testing.T, text string) {
		toks := segment.Tokens(text)
		checkTokens(t, text, toks)

		sents := segment.Sentences(text)
		var all []segment.Token
		prevEnd := 0
		for i, s := range sents {
			if len(s.Tokens) == 0 {
				t.Fatalf("sentence %d has no tokens", i)
			}
			if s.Start != s.Tokens[0].Start || s.End != s.Tokens[len(s.Tokens)-1].End {
				t.Fatalf("sentence %d spans [%d,%d) but its tokens [%d,%d)", i, s.Start, s.End,
					s.Tokens[0].Start, s.Tokens[len(s.Tokens)-1].End)
			}
			if s.Start >= s.End || s.Start < prevEnd || s.End > len(text) {
				t.Fatalf("sentence %d [%d,%d) out of order or outside text (prev end %d, len %d)",
					i, s.Start, s.End, prevEnd, len(text))
			}
			prevEnd = s.End
			for k := 1; k < len(s.Tokens); k++ {
				if gap := text[s.Tokens[k-1].End:s.Tokens[k].Start]; strings.Count(gap, "\n") >= 2 {
					t.Fatalf("sentence %d crosses a blank line: %q", i, s.Text(text))
				}
			}
			all = append(all, s.Tokens...)
		}
		if !reflect.DeepEqual(all, toks) {
			t.Fatalf("sentence tokens (%d) differ from Tokens (%d)", len(all), len(toks))
		}
	})
}

func checkTokens(t *testing.T, text string, toks []segment.Token) {
	t.Helper()
	owner := make([]int, len(text)) // token index+1 covering each byte
	for i, tok := range toks {
		if tok.Start < 0 || tok.Start >= tok.End || tok.End > len(text) {
			t.Fatalf("token %d [%d,%d) empty or outside text (len %d)", i, tok.Start, tok.End, len(text))
		}
		if i > 0 && tok.Start < toks[i-1].End {
			t.Fatalf("token %d [%d,%d) overlaps or precedes token %d [%d,%d)", i, tok.Start, tok.End,
				i-1, toks[i-1].Start, toks[i-1].End)
		}
		if tok.Kind > segment.URL {
			t.Fatalf("token %d has kind %d", i, tok.Kind)
		}
		for b := tok.Start; b < tok.End; b++ {
			owner[b] = i + 1
		}
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		o := owner[i]
		if unicode.IsSpace(r) {
			if o != 0 {
				t.Fatalf("space %U at %d is in token %q", r, i, toks[o-1].Text(text))
			}
		} else {
			if o == 0 {
				t.Fatalf("character %q at %d is in no token", text[i:i+size], i)
			}
			for b := i + 1; b < i+size; b++ {
				if owner[b] != o {
					t.Fatalf("character %q at %d is split between tokens", text[i:i+size], i)
				}
			}
		}
		i += size
	}
}
