package synth

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

const header = "part\tkind\tgender\tweight\n"

func TestParseTable(t *testing.T) {
	ok := header + "Anna\tgiven\tf\t5\nJan\tgiven\tm\t3\nKim\tgiven\tu\t1\nNowak\tfamily\t-\t9\n"
	tests := []struct {
		Name  string
		Input string
		Line  int   // of the *ParseError; 0 when it is about the whole table
		Err   error // nil: parses
	}{
		{"ok", ok, 0, nil},
		{"comments, blank lines and CRLF", "# a table\n\n" + strings.ReplaceAll(ok, "\n", "\r\n"), 0, nil},
		{"empty", "", 0, ErrHeader},
		{"only comments", "# x\n# y\n", 0, ErrHeader},
		{"wrong header", "name\tkind\tgender\tweight\n", 1, ErrHeader},
		{"header with three columns", "# x\npart\tkind\tgender\n", 2, ErrHeader},
		{"three columns", ok + "Nowak\tfamily\t-\n", 6, ErrColumns},
		{"five columns", ok + "Nowak\tfamily\t-\t1\t2\n", 6, ErrColumns},
		{"spaces for tabs", ok + "Nowak family - 1\n", 6, ErrColumns},
		{"empty part", ok + "\tfamily\t-\t1\n", 6, ErrPart},
		{"padded part", ok + " Nowak\tfamily\t-\t1\n", 6, ErrPart},
		{"invalid UTF-8", ok + "No\xffwak\tfamily\t-\t1\n", 6, ErrPart},
		{"unknown kind", ok + "Nowak\tsurname\t-\t1\n", 6, ErrKind},
		{"family with a gender", ok + "Nowakowa\tfamily\tf\t1\n", 6, ErrGender},
		{"given without one", ok + "Ola\tgiven\t-\t1\n", 6, ErrGender},
		{"patronymic gender", ok + "Ivanovich\tpatronymic\tx\t1\n", 6, ErrGender},
		{"zero weight", ok + "Nowak2\tfamily\t-\t0\n", 6, ErrWeight},
		{"negative weight", ok + "Nowak2\tfamily\t-\t-4\n", 6, ErrWeight},
		{"fractional weight", ok + "Nowak2\tfamily\t-\t1.5\n", 6, ErrWeight},
		{"huge weight", ok + "Nowak2\tfamily\t-\t99999999999999999999\n", 6, ErrWeight},
		{"duplicate", ok + "Nowak\tfamily\t-\t2\n", 6, ErrDuplicate},
		{"no family names", header + "Anna\tgiven\tf\t5\n", 0, ErrMissing},
		{"no given names", header + "Nowak\tfamily\t-\t5\n", 0, ErrMissing},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			tb, err := parseTable(strings.NewReader(tt.Input), "x.tsv")
			if tt.Err == nil {
				if err != nil {
					t.Fatal(err)
				}
				if len(tb.given.rows) != 3 || len(tb.givenF.rows) != 2 || len(tb.givenM.rows) != 2 || tb.family.total() != 9 {
					t.Errorf("grouped wrongly: %+v", tb)
				}
				return
			}
			want := &ParseError{Source: "x.tsv", Line: tt.Line, Err: tt.Err}
			var pe *ParseError
			if !errors.As(err, &pe) || !reflect.DeepEqual(pe, want) {
				t.Fatalf("got %v, want %v", err, want)
			}
			if !errors.Is(err, tt.Err) || !strings.HasPrefix(err.Error(), "synth: x.tsv") {
				t.Errorf("error %q", err)
			}
		})
	}
}

// FuzzParseTable checks that a table that parses holds only valid rows
// and reads back the same after formatting.
func FuzzParseTable(f *testing.F) {
	f.Add(header + "Anna\tgiven\tf\t5\nNowak\tfamily\t-\t9\n")
	f.Add("# c\n" + header + "Иван\tgiven\tm\t1\nИванович\tpatronymic\tm\t2\nИванов\tfamily\t-\t3\n")
	f.Add(header + "a\tgiven\tu\t1\r\nb\tfamily\t-\t1000000\n")
	f.Fuzz(func(t *testing.T, s string) {
		tb, err := parseTable(strings.NewReader(s), "f.tsv")
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Source != "f.tsv" {
				t.Fatalf("error without position: %v", err)
			}
			return
		}
		for _, r := range tb.rows {
			if r.part == "" || r.weight < 1 || r.weight > maxWeight || r.kind >= nKinds {
				t.Fatalf("invalid row %+v", r)
			}
		}
		var b bytes.Buffer
		if err := tb.format(&b); err != nil {
			t.Fatal(err)
		}
		again, err := parseTable(&b, "f.tsv")
		if err != nil {
			t.Fatalf("formatted table does not parse: %v\n%s", err, b.String())
		}
		if !reflect.DeepEqual(again.rows, tb.rows) {
			t.Fatalf("round trip changed the rows: %v → %v", tb.rows, again.rows)
		}
	})
}
