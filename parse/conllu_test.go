package parse

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
)

func TestReadSmall(t *testing.T) {
	sents, err := ReadFile("testdata/small.conllu")
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) != 2 || sents[0].ID != "t1" || sents[1].ID != "t2" {
		t.Fatalf("got %+v", sents)
	}
	s := sents[1]
	if len(s.Words) != 5 {
		t.Fatalf("%d words, want 5 (range and empty node skipped)", len(s.Words))
	}
	if w := s.Words[2]; w.Form != "n't" || w.UPOS != "PART" || w.Head != 4 || w.Deprel != "advmod" {
		t.Fatalf("word 3: %+v", w)
	}
	if w := s.Words[3]; w.Head != 0 || w.Deprel != "root" {
		t.Fatalf("word 4: %+v", w)
	}
}

func TestReadErrors(t *testing.T) {
	word := func(id, head string) string {
		return id + "\tx\tx\tNOUN\tNN\t_\t" + head + "\tdep\t_\t_\n"
	}
	tests := []struct {
		Name  string
		Input string
		Line  int
		Err   error
	}{
		{"nine fields", "1\tx\tx\tNOUN\tNN\t_\t0\troot\t_\n", 1, ErrFormat},
		{"ID gap", word("1", "0") + word("3", "1"), 2, ErrFormat},
		{"ID not a number", "# c\n" + word("a", "0"), 2, ErrFormat},
		{"bad range", word("1", "0") + "2-1\tx\t_\t_\t_\t_\t_\t_\t_\t_\n", 2, ErrFormat},
		{"bad empty node", word("1", "0") + "1.x\tx\t_\t_\t_\t_\t_\t_\t_\t_\n", 2, ErrFormat},
		{"bad head", word("1", "x"), 1, ErrFormat},
		{"negative head", word("1", "-1"), 1, ErrFormat},
		{"head outside", word("1", "0") + word("2", "7") + "\n", 2, ErrTree},
		{"own head", word("1", "0") + word("2", "2"), 2, ErrTree},
		{"empty form", "1\t\tx\tNOUN\tNN\t_\t0\troot\t_\t_\n", 1, ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tt.Input), "in.conllu")
			var pe *ParseError
			if !errors.As(err, &pe) || pe.File != "in.conllu" || pe.Line != tt.Line || !errors.Is(err, tt.Err) {
				t.Fatalf("got %v, want %v at line %d", err, tt.Err, tt.Line)
			}
		})
	}
}

func TestWriteRoundTrip(t *testing.T) {
	sents, err := ReadFile("testdata/small.conllu")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Write(&b, sents); err != nil {
		t.Fatal(err)
	}
	again, err := Read(&b, "written")
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != len(sents) {
		t.Fatal("sentence count differs")
	}
	for i := range sents {
		for j := range sents[i].Words {
			if sents[i].Words[j] != again[i].Words[j] {
				t.Fatalf("sentence %d word %d: %+v, want %+v", i, j, again[i].Words[j], sents[i].Words[j])
			}
		}
	}
}

// FuzzRead checks that Read never panics, that errors are *ParseError,
// and that what it accepts writes and reads back to the same sentences.
func FuzzRead(f *testing.F) {
	data, err := os.ReadFile("testdata/small.conllu")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(data))
	f.Add("1\tx\t_\t_\t_\t_\t0\troot\t_\t_\n\n1-2\ty\t_\t_\t_\t_\t_\t_\t_\t_\n")
	f.Add("# sent_id = a\n1\tx\t_\tNOUN\t_\t_\t_\t_\t_\t_\n")
	f.Fuzz(func(t *testing.T, in string) {
		sents, err := Read(strings.NewReader(in), "fuzz")
		if err != nil {
			if _, ok := err.(*ParseError); !ok {
				t.Fatalf("not a *ParseError: %v", err)
			}
			return
		}
		var a, b bytes.Buffer
		if err := Write(&a, sents); err != nil {
			t.Fatal(err)
		}
		again, err := Read(bytes.NewReader(a.Bytes()), "written")
		if err != nil {
			t.Fatalf("written file does not read: %v\n%s", err, a.String())
		}
		Write(&b, again)
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("write-read-write differs:\n%s\n%s", a.String(), b.String())
		}
	})
}
