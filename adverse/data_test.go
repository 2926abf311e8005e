package adverse_test

import (
	"dossier/corpus"
	"encoding/csv"
	"errors"
	"os"
	"strings"
	"testing"

	"dossier/adverse"
)

func TestReadTraining(t *testing.T) {
	ex, st, err := adverse.LoadTraining("testdata/training.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := adverse.Cleaning{Rows: 30, Kept: 22, Adverse: 11, Unusable: 3, Doubt: 2, Duplicates: 1, Conflicts: 2, Overridden: 2}
	if st != want {
		t.Errorf("cleaning\n got %+v\nwant %+v", st, want)
	}
	if len(ex) != st.Kept {
		t.Fatalf("%d examples, cleaning says %d", len(ex), st.Kept)
	}
	// The first article spans lines 2-4; the second record starts on 5.
	if ex[0].Line != 2 || !ex[0].Adverse || !strings.HasSuffix(ex[0].Text, "The company denied wrongdoing.") {
		t.Errorf("first example %+v", ex[0])
	}
	if ex[1].Line != 5 {
		t.Errorf("second example on line %d, want 5", ex[1].Line)
	}
	byStart := map[string]adverse.Example{}
	for _, e := range ex {
		byStart[strings.Fields(e.Text)[0]] = e
		if strings.Contains(e.Text, "Same text, two labels") {
			t.Errorf("line %d: a text with conflicting labels was kept", e.Line)
		}
	}
	// review overrides collected_as both ways
	if e := byStart["The"]; !e.Adverse || e.Line != 9 {
		t.Errorf("non_adverse reviewed am: %+v", e)
	}
	if e := byStart["Lena"]; e.Adverse {
		t.Errorf("adverse reviewed nam: %+v", e)
	}
	for _, gone := range []string{"Page", "Weather:", "Kaspar", "Meridian", "Rosa"} {
		if e, ok := byStart[gone]; ok {
			t.Errorf("line %d (delete/random/neither/doubt) was kept", e.Line)
		}
	}
}

func TestReadLabelled(t *testing.T) {
	ex, err := adverse.LoadLabelled("testdata/labelled.csv")
	if err != nil {
		t.Fatal(err)
	}
	var got []bool
	var lines []int
	for _, e := range ex {
		got = append(got, e.Adverse)
		lines = append(lines, e.Line)
	}
	if len(ex) != 4 || !got[0] || got[1] || !got[2] || got[3] {
		t.Errorf("labels %v", got)
	}
	if lines[2] != 4 || lines[3] != 6 {
		t.Errorf("lines %v, want [2 3 4 6]", lines)
	}
}

func TestReadErrors(t *testing.T) {
	const head = "collected_as,review,article\n"
	tests := []struct {
		Name     string
		Labelled bool
		Input    string
		Line     int
		Column   int
		Record   int
		Err      error
		Also     error // a csv sentinel the error wraps too
	}{
		{Name: "empty", Input: "", Line: 1, Record: 1, Err: adverse.ErrHeader},
		{Name: "no article column", Input: "collected_as,review\nadverse,\n", Line: 1, Record: 1, Err: adverse.ErrHeader},
		{Name: "header after blank lines", Input: "\n\ncollected_as,article\n", Line: 3, Record: 3, Err: adverse.ErrHeader},
		{Name: "bad collected_as", Input: head + "adverse,,a\nmaybe,,b\n", Line: 3, Column: 1, Record: 3, Err: adverse.ErrLabel},
		{Name: "bad review", Input: head + "adverse,\"am, later\",a\n", Line: 2, Column: 9, Record: 2, Err: adverse.ErrLabel},
		{Name: "bad review after a long field", Input: "collected_as,article,review\nadverse,\"a\nb\nc\",nope\n", Line: 4, Column: 4, Record: 2, Err: adverse.ErrLabel},
		{Name: "bare quote", Input: head + "adverse,,a \"b\" c\n", Line: 2, Column: 12, Record: 2, Err: adverse.ErrSyntax, Also: csv.ErrBareQuote},
		{Name: "unterminated quote", Input: head + "adverse,,\"abc\ndef\n", Line: 3, Column: 5, Record: 2, Err: adverse.ErrSyntax, Also: csv.ErrQuote},
		{Name: "field count", Input: head + "adverse,,a\nadverse,b\n", Line: 3, Column: 1, Record: 3, Err: adverse.ErrSyntax, Also: csv.ErrFieldCount},
		{Name: "labelled: bad label", Labelled: true, Input: "article,label\n\"x\ny\",1\nz,yes\n", Line: 4, Column: 3, Record: 4, Err: adverse.ErrLabel},
		{Name: "labelled: no label column", Labelled: true, Input: "article,class\nx,1\n", Line: 1, Record: 1, Err: adverse.ErrHeader},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			var err error
			if tt.Labelled {
				_, err = adverse.ReadLabelled(strings.NewReader(tt.Input), "in.csv")
			} else {
				_, _, err = adverse.ReadTraining(strings.NewReader(tt.Input), "in.csv")
			}
			var pe *adverse.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v, want a *ParseError", err)
			}
			if pe.Source != "in.csv" || pe.Line != tt.Line || pe.Column != tt.Column || pe.Record != tt.Record || !errors.Is(err, tt.Err) {
				t.Errorf("got %+v (%v), want line %d column %d record %d, %v", pe, err, tt.Line, tt.Column, tt.Record, tt.Err)
			}
			if tt.Also != nil && !errors.Is(err, tt.Also) {
				t.Errorf("error %v does not wrap %v", err, tt.Also)
			}
			if !strings.HasPrefix(err.Error(), "in.csv:") {
				t.Errorf("message %q does not start with the file name", err)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	if _, _, err := adverse.LoadTraining("testdata/nope.csv"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestHeldOut(t *testing.T) {
	// The split must never change, or reported held-out figures would no
	// longer be about unseen articles.
	tests := []struct {
		Text string
		Want bool
	}{
		{"Prosecutors charged the director with fraud.", false},
		{"The orchestra played in the park.", true},
		{"Police seized two tonnes of cocaine at the port.", false},
		{"  The orchestra played in the park.\n", true},
	}
	for _, tt := range tests {
		if got := adverse.HeldOut(tt.Text); got != tt.Want {
			t.Errorf("HeldOut(%q) = %v, want %v", tt.Text, got, tt.Want)
		}
	}
	ex, _, err := adverse.LoadTraining("testdata/training.csv")
	if err != nil {
		t.Fatal(err)
	}
	train, held := adverse.Split(ex)
	if len(train)+len(held) != len(ex) {
		t.Errorf("split %d + %d of %d", len(train), len(held), len(ex))
	}
	for _, e := range held {
		if e.Key == "" || corpus.Split(e.Key) != corpus.Test {
			t.Errorf("line %d (key %q) in the held-out split", e.Line, e.Key)
		}
	}
	for _, e := range train {
		if e.Key == "" || corpus.Split(e.Key) == corpus.Test {
			t.Errorf("line %d (key %q) in the training split", e.Line, e.Key)
		}
	}
}
