package corpus

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func TestReadRows(t *testing.T) {
	rows, err := LoadRows("testdata/rows.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		key, status, dupOf string
		line               int
	}{
		{roeKey, "usable", "", 2},
		{"7f05a748499d47ce", "duplicate", "2b6328da49b4b28a", 7}, // same text as a row with a smaller key
		{"971773a977e866e9", "unusable", "", 8},                  // review "am, delete"
		{"37976335dd0e114d", "empty", "", 9},
		{"2b6328da49b4b28a", "usable", "", 10},
		{"3c71f716df6ed617", "usable", "", 11},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i, w := range want {
		r := rows[i]
		if r.Key != w.key || r.Status.String() != w.status || r.DuplicateOf != w.dupOf || r.Line != w.line {
			t.Errorf("row %d: key %s status %s dup %q line %d; want %+v", i, r.Key, r.Status, r.DuplicateOf, r.Line, w)
		}
	}
	if !strings.Contains(rows[0].Article, "and  Roe  faces") {
		t.Error("the article is not kept byte for byte (double spaces)")
	}
}

func TestReadRowsErrors(t *testing.T) {
	const head = "url,entity_name,review,article\n"
	tests := []struct {
		Name  string
		Input string
		Line  int
		Field string
		Err   error
	}{
		{Name: "empty file", Input: "", Line: 1, Err: ErrSyntax},
		{Name: "no article column", Input: "url,entity_name,review\n", Line: 1, Field: "article", Err: ErrSyntax},
		{Name: "unterminated quote", Input: head + "u,n,,\"text\n", Line: 2, Field: "column 12", Err: ErrSyntax},
		{Name: "same url and name", Input: head + "u,n,,a\nu,n,,b\n", Line: 3, Field: "url", Err: ErrDuplicate},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			_, err := ReadRows(strings.NewReader(tt.Input), "f.csv")
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v, want *Error", err)
			}
			if e.File != "f.csv" || e.Line != tt.Line || e.Field != tt.Field || !errors.Is(err, tt.Err) {
				t.Errorf("got %+v (%v), want line %d field %q %v", e, err, tt.Line, tt.Field, tt.Err)
			}
		})
	}
}

func TestKey(t *testing.T) {
	// first 16 hex digits of SHA-256("https://example.org/roe\nJane Roe")
	if k := Key("https://example.org/roe", "Jane Roe"); k != roeKey || !IsKey(k) {
		t.Errorf("Key = %q, want %q", k, roeKey)
	}
	for _, s := range []string{"", "72EFC6D55F353884", "72efc6d55f35388", "72efc6d55f353884a", "72efc6d55f35388g"} {
		if IsKey(s) {
			t.Errorf("IsKey(%q) = true", s)
		}
	}
}

// TestSharedRows reads the real training file: every key unique (ReadRows
// fails otherwise) and the usable rows as the README's review marks say.
func TestSharedRows(t *testing.T) {
	const path = "../../shared/data/adverse/training.csv"
	if _, err := os.Stat(path); err != nil {
		t.Skipf("%s absent (the shared data folder next to the repository): %v", path, err)
	}
	rows, err := LoadRows(path)
	if err != nil {
		t.Fatal(err)
	}
	count := map[RowStatus]int{}
	for _, r := range rows {
		count[r.Status]++
	}
	// 1,301 rows: 67 marked delete, random or neither; of the 1,234 others
	// one repeats the article of a row with a smaller key.
	if len(rows) != 1301 || count[StatusUnusable] != 67 || count[StatusEmpty] != 0 || count[StatusDuplicate] != 1 || count[StatusUsable] != 1233 {
		t.Errorf("%d rows, statuses %v", len(rows), count)
	}
}
