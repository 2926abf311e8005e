package attribute_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"dossier/attribute"
	"dossier/segment"
)

// FuzzParseAnn checks that ParseAnn never panics, that its errors are
// ParseErrors with a line, and that every span it returns lies inside
// the text on character boundaries, trimmed of white space.
func FuzzParseAnn(f *testing.F) {
	for _, name := range []string{"cartel", "quote"} {
		text, err := os.ReadFile(filepath.Join("testdata", "polnear-mini", "text", name+".txt"))
		if err != nil {
			f.Fatal(err)
		}
		anns, _ := filepath.Glob(filepath.Join("testdata", "polnear-mini", "attributions", name+"*.ann"))
		for _, a := range anns {
			ann, err := os.ReadFile(a)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(string(text), string(ann))
		}
	}
	f.Add("Señor 🙂 said", "T1\tCue 8 12\tsaid\nE1\tAttribution:T1 Cue:T1\n")
	f.Add("a\n\nb", "T1\tContent 0 3\ta\n\nb\nE1\tA:T1 Content:T1\n")
	f.Fuzz(func(t *testing.T, text, ann string) {
		golds, err := attribute.ParseAnn(strings.NewReader(ann), "f.ann", text)
		if err != nil {
			var pe *attribute.ParseError
			if !errors.As(err, &pe) || pe.Line < 1 || pe.File != "f.ann" {
				t.Fatalf("error %v is not a ParseError with a line", err)
			}
			return
		}
		for _, g := range golds {
			for _, spans := range [][]attribute.Span{g.Source, g.Cue, g.Content} {
				for _, s := range spans {
					if s.Start < 0 || s.End > len(text) || s.Start >= s.End {
						t.Fatalf("span %+v outside the text (%d bytes)", s, len(text))
					}
					if !utf8.RuneStart(text[s.Start]) || s.End < len(text) && !utf8.RuneStart(text[s.End]) {
						t.Fatalf("span %+v splits a character", s)
					}
					r1, _ := utf8.DecodeRuneInString(text[s.Start:s.End])
					r2, _ := utf8.DecodeLastRuneInString(text[s.Start:s.End])
					if unicode.IsSpace(r1) || unicode.IsSpace(r2) {
						t.Fatalf("span %q not trimmed", text[s.Start:s.End])
					}
				}
			}
		}
	})
}

// FuzzFind checks that the model and the baseline never panic and give
// spans inside the text.
func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"A former bodyguard told investigators that Cabello heads the cartel.",
		"“I have never taken a bribe,” Cabello said. “These are lies.”\n\n“Nor will I,” he added:",
		"According to\n\nto according \"\" “ ” « » said said",
		"\xff\xfe said \x00 told",
		"",
	} {
		f.Add(s)
	}
	m := attribute.Default()
	f.Fuzz(func(t *testing.T, text string) {
		sents := segment.Sentences(text)
		checkSpans(t, text, m.Find(text, sents))
		checkSpans(t, text, attribute.Baseline(text, sents))
	})
}

// FuzzLoad checks that Load never panics and that a model it accepts
// saves and loads again to the same bytes.
func FuzzLoad(f *testing.F) {
	var buf bytes.Buffer
	if err := attribute.Default().Save(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes()[:300])
	f.Add([]byte("dossier-attribution-model/1\n"))
	f.Add([]byte("dossier-attribution-model/1\n\x1f\x8b\x08\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := attribute.Load(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, attribute.ErrModel) {
				t.Fatalf("error %v is not ErrModel", err)
			}
			return
		}
		var a, b bytes.Buffer
		if err := m.Save(&a); err != nil {
			t.Fatal(err)
		}
		m2, err := attribute.Load(bytes.NewReader(a.Bytes()))
		if err != nil {
			t.Fatalf("reload: %v", err)
		}
		m2.Save(&b)
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatal("save-load-save differs")
		}
		text := "He said it."
		checkSpans(t, text, m.Find(text, segment.Sentences(text)))
	})
}
