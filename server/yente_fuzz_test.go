package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// FuzzReconcileQueries: any batch a client sends either is refused or
// gives examples of a known schema holding only that schema's
// properties, countries as codes where known.
func FuzzReconcileQueries(f *testing.F) {
	for _, s := range []string{
		`{"q":{"query":"Alexander ZAKHAROV"}}`,
		`{"q":{"query":"x","type":["Person"],"properties":[{"pid":"Person:birthDate","v":"1965"},{"pid":"nationality","v":["Russia","ru"]}]}}`,
		`{"q":{"type":"Banana"}}`, `{"q":null}`, `{"q":{"properties":[{"pid":"colour","v":"red"}]}}`, `[]`, `nope`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		var batch map[string]*reconcileQuery
		if json.Unmarshal([]byte(raw), &batch) != nil {
			return
		}
		for _, q := range batch {
			if q == nil {
				continue
			}
			ex, err := q.example()
			if err != nil {
				continue
			}
			ex.clean()
			_ = ex.validate()
			if !knownSchemata[ex.Schema] {
				t.Fatalf("schema %q accepted", ex.Schema)
			}
			for p, vs := range ex.Properties {
				if !hasProperty(ex.Schema, p) {
					t.Fatalf("property %q of %s kept", p, ex.Schema)
				}
				if slices.Contains(countryProps, p) {
					for _, v := range vs {
						if c, ok := countryCode(v); ok && c != v {
							t.Fatalf("%s %q not written as its code %q", p, v, c)
						}
					}
				}
			}
		}
	})
}

// FuzzTimeParam: a changed_since value is accepted only in yente's
// form and only when it is a real time, which then has the date the
// value begins with.
func FuzzTimeParam(f *testing.F) {
	for _, s := range []string{"2024-05-01", "2024-05-01T12", "2024-05-01T12:30", "2024-05-01T12:30:59", "2024-02-30",
		"2024-1-1", "yesterday", "2024-05-01T12:30:59Z", "9999-12-31T23:59:59", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := &http.Request{URL: &url.URL{RawQuery: url.Values{"changed_since": {s}}.Encode()}}
		tm, err := timeParam(r, "changed_since")
		if err != nil {
			if asError(err).Code != CodeUnprocessable {
				t.Fatalf("%q: code %s", s, asError(err).Code)
			}
			return
		}
		s = strings.TrimSpace(s)
		if s == "" {
			if !tm.IsZero() {
				t.Fatalf("empty value gave %v", tm)
			}
			return
		}
		if !timestampPattern.MatchString(s) || tm.Format("2006-01-02") != s[:10] {
			t.Fatalf("%q accepted as %v", s, tm)
		}
	})
}

// FuzzTextWords: the words of a value are folded, at least two
// characters long, and fold to themselves; a compacted identifier
// compacts to itself.
func FuzzTextWords(f *testing.F) {
	for _, s := range []string{"Caracas, Venezuela", "183 116 181 362", "İstanbul ŞİŞLİ", "A-0237802", "ǅemal ß", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		words := textWords(s)
		for _, w := range words {
			if len([]rune(w)) < 2 {
				t.Fatalf("%q: short word %q", s, w)
			}
		}
		if again := textWords(strings.Join(words, " ")); !slices.Equal(again, words) {
			t.Fatalf("%q: words %q, again %q", s, words, again)
		}
		if c := compactID(s); compactID(c) != c {
			t.Fatalf("%q: compact %q, again %q", s, c, compactID(c))
		}
	})
}
