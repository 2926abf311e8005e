package names

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	"Vladimir Putin", "Владимир Путин", "CABELLO RONDON, Diosdado", "معمر القذافي",
	"习近平", "김정은", "たなか ひろし", "नरेन्द्र मोदी", "Κυριάκος Μητσοτάκης", "בנימין נתניהו",
	"OOO \"Ромашка\"", "S.A.R.L. Bowne", "Brigade Forty 4", "J.-C. Juncker", "ﬁ Ｆｕｌｌ ß",
	"가", "ㄱ", "ゟ", "a\u0301\u0301", "\u200c", "İ", "ǅ", "Ѐ", "\xff", "", "Mr.", "ـ",
}

// FuzzNormalize checks that Normalize is idempotent, returns valid UTF-8
// without leading, trailing or doubled spaces, and never panics.
func FuzzNormalize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q: invalid UTF-8", s, n)
		}
		if strings.HasPrefix(n, " ") || strings.HasSuffix(n, " ") || strings.Contains(n, "  ") {
			t.Fatalf("Normalize(%q) = %q: stray spaces", s, n)
		}
		if n2 := Normalize(n); n2 != n {
			t.Fatalf("not idempotent: Normalize(%q) = %q, Normalize(%q) = %q", s, n, n, n2)
		}
		for _, r := range n {
			if r != ' ' && unicode.IsUpper(r) {
				t.Fatalf("Normalize(%q) = %q: upper case %q", s, n, r)
			}
		}
	})
}

// FuzzCompare checks the properties CompareNames guarantees: the score is
// in [0, 1]; it is symmetric (the same, up to rounding, with the names
// swapped); and a name compared with itself scores 1 — hence at least the
// threshold — whenever it normalizes to something.
func FuzzCompare(f *testing.F) {
	schemas := []string{"Person", "Company", "Vessel", ""}
	for i, s := range fuzzSeeds {
		f.Add(s, fuzzSeeds[(i+1)%len(fuzzSeeds)], uint8(i))
	}
	m := NewMatcher()
	f.Fuzz(func(t *testing.T, a, b string, k uint8) {
		schema := schemas[int(k)%len(schemas)]
		r := m.CompareNames(a, b, schema)
		if !(r.Score >= 0 && r.Score <= 1) {
			t.Fatalf("CompareNames(%q, %q, %q) = %v", a, b, schema, r.Score)
		}
		if r2 := m.CompareNames(b, a, schema); abs(r2.Score-r.Score) > 1e-9 {
			t.Fatalf("asymmetric: (%q, %q, %q) %v vs %v\n%s\n%s", a, b, schema, r.Score, r2.Score,
				r.Explanations["name_parts"].Detail, r2.Explanations["name_parts"].Detail)
		}
		if Normalize(a) != "" {
			if s := m.CompareNames(a, a, schema).Score; s != 1 {
				t.Fatalf("CompareNames(%q, itself, %q) = %v", a, schema, s)
			}
		}
	})
}
