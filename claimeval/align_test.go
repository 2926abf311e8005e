package claimeval

import (
	"strings"
	"testing"
	"unicode/utf8"

	"dossier/repair"
)

func TestAlign(t *testing.T) {
	tests := []struct {
		name     string
		orig     string
		repaired string // "" means repair.String(orig)
		span     string // a span of the repaired text, by its first occurrence
		want     string // what it maps to in orig
	}{
		{"identical", "Roe was charged.", "", "charged", "charged"},
		{"after a removed control character", "Roe\x01 was charged.", "", "charged", "charged"},
		{"across a removed control character", "Jane\x01 Roe was charged.", "", "Jane Roe", "Jane\x01 Roe"},
		{"after an entity", "Roe &amp; Vell were charged.", "", "Vell", "Vell"},
		{"an entity inside the span", "Roe &amp; Vell were charged.", "", "Roe & Vell", "Roe &amp; Vell"},
		{"starting inside a changed stretch", "Roe &amp; Vell", "", "& Vell", "&amp; Vell"},
		// the alignment keeps "&" as an identical character and "amp;" as
		// removed after it
		{"ending at a decoded entity", "Roe &amp; Vell", "", "Roe &", "Roe &"},
		{"ending inside a changed stretch", "Roe José Vell", "", "Roe José", "Roe José"},
		{"after CR line endings", "Roe was charged.\rVell denied it.", "", "Vell", "Vell"},
		{"after a decomposed accent", "Jose\u0301 Roe was charged.", "", "Roe", "Roe"},
		{"over a decomposed accent", "Jose\u0301 Roe was charged.", "", "José", "Jose\u0301"},
		{"after an invalid byte", "Roe \xff was charged.", "", "charged", "charged"},
		{"after mojibake", "IbÃ¡Ã±ez said Roe was charged.", "", "Roe", "Roe"},
		{"over mojibake", "IbÃ¡Ã±ez said Roe was charged.", "", "Ibáñez", "IbÃ¡Ã±ez"},
		{"at the very end", "Roe was charged\x01", "", "charged", "charged"},
		{"at the very start", "\x01Roe was charged", "", "Roe", "Roe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := tt.repaired
			if rep == "" {
				rep, _ = repair.String(tt.orig)
			}
			i := strings.Index(rep, tt.span)
			if i < 0 {
				t.Fatalf("%q not in the repaired text %q", tt.span, rep)
			}
			o := Align(tt.orig, rep)
			s, e := o.Start(i), o.End(i+len(tt.span))
			if got := tt.orig[s:e]; got != tt.want {
				t.Errorf("[%d,%d) of %q maps to %q, want %q", i, i+len(tt.span), rep, got, tt.want)
			}
			if (tt.orig == rep) != o.Identity() {
				t.Errorf("Identity() = %v", o.Identity())
			}
		})
	}
}

// TestAlignFarApart checks a change longer than the resync window: the
// rest of both texts becomes one changed stretch, and spans still map
// inside the original.
func TestAlignFarApart(t *testing.T) {
	orig := "Roe " + strings.Repeat("\x01", 2*maxSkip) + strings.Repeat("x", 2*maxSkip) + " end"
	rep := "Roe " + strings.Repeat("y", 2*maxSkip) + " end"
	o := Align(orig, rep)
	if got := orig[o.Start(0):o.End(3)]; got != "Roe" {
		t.Errorf("Roe maps to %q", got)
	}
	if s, e := o.Start(len(rep)-3), o.End(len(rep)); s > e || e != len(orig) {
		t.Errorf("end maps to [%d,%d) of %d", s, e, len(orig))
	}
}

// checkAlign checks the properties every map has: segments that cover
// both texts in order, identical text in the same segments, and spans
// that map, in order, inside the original.
func checkAlign(t *testing.T, orig, rep string) {
	o := Align(orig, rep)
	rs, os := 0, 0
	for _, s := range o.segs {
		if s.rs != rs || s.os != os || s.re < s.rs || s.oe < s.os {
			t.Fatalf("segments do not tile: %+v after (%d, %d)", s, rs, os)
		}
		if s.same && rep[s.rs:s.re] != orig[s.os:s.oe] {
			t.Fatalf("same segment differs: %q vs %q", rep[s.rs:s.re], orig[s.os:s.oe])
		}
		rs, os = s.re, s.oe
	}
	if rs != len(rep) || os != len(orig) {
		t.Fatalf("segments end at (%d, %d), want (%d, %d)", rs, os, len(rep), len(orig))
	}
	prevS, prevE := 0, 0
	for i := 0; i <= len(rep); i++ {
		if i < len(rep) && !utf8.RuneStart(rep[i]) {
			continue
		}
		s, e := o.Start(i), o.End(i)
		if s < prevS || e < prevE || s < 0 || e > len(orig) {
			t.Fatalf("offset %d maps to start %d, end %d (previous %d, %d; len %d)", i, s, e, prevS, prevE, len(orig))
		}
		if j := i + 1; j <= len(rep) && o.Start(i) > o.End(j) {
			t.Fatalf("span [%d,%d) maps to [%d,%d)", i, j, o.Start(i), o.End(j))
		}
		prevS, prevE = s, e
	}
}

func FuzzAlign(f *testing.F) {
	for _, s := range []string{"", "Roe", "Roe\x01 &amp; Vell\r\nJose\u0301", "Ibáñez", "\xff\xfe&#233;", "a\x00b\x00c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, orig string) {
		rep, _ := repair.String(orig)
		checkAlign(t, orig, rep)
	})
}
