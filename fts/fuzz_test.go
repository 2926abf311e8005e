package fts_test

import (
	"slices"
	"strings"
	"testing"

	"dossier/fts"
)

// FuzzSearch: for any three documents (title on the first line, text
// after) and any query, Search finds what SQLite's FTS5 query finds,
// in the same order, before and after one document is removed.
func FuzzSearch(f *testing.F) {
	f.Add("Anna Berg\nAnna Berg was charged in Oslo.", "Tom Reed\nTom Reed denied it; Berg did not.", "\nNicolás Maduro, Caracas", "berg reed")
	f.Add("a\na a a", "a\na", "b\nb b", "a b")
	f.Add("", "x", "X x x", "x")
	s := newSQLiteFTS(f)
	f.Fuzz(func(t *testing.T, a, b, c, query string) {
		var words []string
		for _, w := range strings.Fields(strings.ToLower(query)) {
			if fts.Searchable(w) && !slices.Contains(words, w) && len(words) < 8 {
				words = append(words, w)
			}
		}
		if len(words) == 0 {
			return
		}
		if _, err := s.db.Exec(`DELETE FROM documents`); err != nil {
			t.Fatal(err)
		}
		ix := fts.New(2)
		for k, body := range []string{a, b, c} {
			if !utf8Valid(body) {
				return
			}
			title, text, _ := strings.Cut(body, "\n")
			id := string(rune('a' + k))
			s.add(t, id, title, text)
			tt, tx := s.terms(t, id)
			ix.Put(id, tt, tx)
		}
		for round := range 2 {
			got, ok := ix.Search(words, []float64{2.0, 1.0}, 10)
			if !ok {
				t.Fatalf("%q: not searchable", words)
			}
			if want := s.search(t, words, 10); !slices.Equal(got, want) {
				t.Fatalf("round %d, %q: index %v, sqlite %v", round, words, got, want)
			}
			s.remove(t, "b")
			ix.Remove("b")
		}
	})
}

func utf8Valid(s string) bool {
	return strings.ToValidUTF8(s, "\uFFFD") == s && !strings.ContainsRune(s, 0)
}
