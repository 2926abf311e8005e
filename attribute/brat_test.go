package attribute_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"dossier/attribute"
)

// describe renders attributions as "ID: source | cue | content", pieces
// joined with " / ".
func describe(text string, golds []attribute.Gold) string {
	join := func(ss []attribute.Span) string {
		var parts []string
		for _, s := range ss {
			parts = append(parts, s.Text(text))
		}
		return strings.Join(parts, " / ")
	}
	var out []string
	for _, g := range golds {
		out = append(out, fmt.Sprintf("%s: %s | %s | %s", g.ID, join(g.Source), join(g.Cue), join(g.Content)))
	}
	return strings.Join(out, "\n")
}

func TestParseAnn(t *testing.T) {
	const text = "Señor Pérez said “no”.\nThe aide 🙂 denied it, then added more."
	tests := []struct {
		Name   string
		Input  string
		Output string
		Error  *attribute.ParseError
	}{
		{
			Name:   "character offsets after non-ASCII text",
			Input:  "T1\tSource 0 11\tSeñor Pérez\nT2\tCue 12 16\tsaid\nT3\tContent 17 21\t“no”\nE1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n",
			Output: "E1: Señor Pérez | said | “no”",
		},
		{
			Name:   "astral characters count once",
			Input:  "T1\tSource 23 31\tThe aide\nT2\tCue 34 40\tdenied\nT3\tContent 41 43\tit\nE1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n",
			Output: "E1: The aide | denied | it",
		},
		{
			Name:   "discontinuous pieces: joined across white space, kept apart across text",
			Input:  "T1\tContent 12 16;17 21\tsaid “no”\nT2\tContent 0 5;34 40\tSeñor denied\nE1\tAttribution:T1 Content:T1 Content2:T2\n",
			Output: "E1:  |  | said “no” / Señor / denied",
		},
		{
			Name:   "covered text over several lines",
			Input:  "T1\tContent 18 31\tno”.\nThe aide\nE1\tAttribution:T1 Content:T1\n",
			Output: "E1:  |  | no”.\nThe aide",
		},
		{
			Name:   "notes, attributes, blank lines and unused spans are skipped",
			Input:  "T1\tCue 12 16\tsaid\n#1\tAnnotatorNotes T1\tcheck\nA1\tNegated E1\n\nT9\tDiscuss 0 5\tSeñor\nE1\tAttribution-no-source:T1 Cue:T1\r\n",
			Output: "E1:  | said | ",
		},
		{
			Name:  "no tab",
			Input: "T1\tCue 12 16\tsaid\nT2 Cue 12 16 said\n",
			Error: &attribute.ParseError{File: "x.ann", Line: 2},
		},
		{
			Name:  "bad offsets",
			Input: "T1\tCue 12 x\tsaid\n",
			Error: &attribute.ParseError{File: "x.ann", Line: 1},
		},
		{
			Name:  "offsets beyond the text",
			Input: "T1\tCue 12 16\tsaid\nT2\tCue 60 99\tmore\n",
			Error: &attribute.ParseError{File: "x.ann", Line: 2},
		},
		{
			Name:  "byte offsets instead of character offsets",
			Input: "T1\tCue 14 18\tsaid\n",
			Error: &attribute.ParseError{File: "x.ann", Line: 1},
		},
		{
			Name:  "end before start",
			Input: "\nT1\tCue 16 12\tsaid\n",
			Error: &attribute.ParseError{File: "x.ann", Line: 2},
		},
		{
			Name:  "unknown role",
			Input: "T1\tCue 12 16\tsaid\nE1\tAttribution:T1 Speaker:T1\n",
			Error: &attribute.ParseError{File: "x.ann", Line: 2},
		},
		{
			Name:  "event names a missing annotation",
			Input: "T1\tCue 12 16\tsaid\nE1\tAttribution:T1 Cue:T1 Content:T7\n",
			Error: &attribute.ParseError{File: "x.ann", Line: 2},
		},
		{
			Name:  "unknown line",
			Input: "T1\tCue 12 16\tsaid\nX1\twhat\n",
			Error: &attribute.ParseError{File: "x.ann", Line: 2},
		},
		{
			Name:  "duplicate ID",
			Input: "T1\tCue 12 16\tsaid\nT1\tCue 12 16\tsaid\n",
			Error: &attribute.ParseError{File: "x.ann", Line: 2},
		},
		{
			Name:  "invalid UTF-8",
			Input: "T1\tCue 12 16\tsaid\nT2\tCue 12 16\t\xff\n",
			Error: &attribute.ParseError{File: "x.ann", Line: 2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			golds, err := attribute.ParseAnn(strings.NewReader(tt.Input), "x.ann", text)
			if tt.Error != nil {
				var pe *attribute.ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("error %v, want a *ParseError", err)
				}
				if pe.File != tt.Error.File || pe.Line != tt.Error.Line || !errors.Is(err, attribute.ErrFormat) {
					t.Fatalf("error %q: want file %s line %d", err, tt.Error.File, tt.Error.Line)
				}
				if !strings.Contains(err.Error(), fmt.Sprintf("x.ann:%d:", tt.Error.Line)) {
					t.Fatalf("error %q does not name the file and line", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := describe(text, golds); got != tt.Output {
				t.Errorf("got\n%s\nwant\n%s", got, tt.Output)
			}
		})
	}
}

func TestReadDir(t *testing.T) {
	docs, err := attribute.ReadDir(filepath.Join("testdata", "polnear-mini"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range docs {
		got = append(got, filepath.Base(d.Name)+"\n"+describe(d.Text, d.Attributions))
	}
	want := []string{
		"cartel_a1.ann\n" +
			"E1: A former bodyguard | told | that Diosdado Cabello heads the cartel\n" +
			"E2: the minister | said | “We deny everything,” / “and we will sue.”\n" +
			"E3: anonymous sources within the U.S. investigation | According to | the general moved cocaine through Venezuela\n" +
			"E4: Cabello | denied | the accusations",
		"quote.ann\n" +
			"E1: Leamsy Salazar, a former bodyguard | said | “The money went to Panama.\n\nThen it disappeared,”",
	}
	if strings.Join(got, "\n\n") != strings.Join(want, "\n\n") {
		t.Errorf("got\n%s\n\nwant\n%s", strings.Join(got, "\n\n"), strings.Join(want, "\n\n"))
	}
	// byte offsets: the first source starts after 3 bytes of ñ ’ 🙂 more
	// than its character offset of 35
	if s := docs[0].Attributions[0].Source[0]; s.Start != 35+1+2+3 {
		t.Errorf("source starts at byte %d, want 41", s.Start)
	}
}

func TestReadDirErrors(t *testing.T) {
	_, err := attribute.ReadDir(filepath.Join("testdata", "bad"))
	var pe *attribute.ParseError
	if !errors.As(err, &pe) || pe.Line != 3 || filepath.Base(pe.File) != "bad_a1.ann" {
		t.Fatalf("got %v, want a ParseError at bad_a1.ann line 3", err)
	}
	if _, err := attribute.ReadDir(filepath.Join("testdata", "missing")); err == nil {
		t.Fatal("no error for a missing folder")
	}
}
