package adverse_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"dossier/adverse"
)

func addCSVSeeds(f *testing.F) {
	for _, p := range []string{"testdata/training.csv", "testdata/labelled.csv"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("collected_as,review,article\nadverse,\"am, doubt\",\"a\n\nb\"\n")
	f.Add("article,label\n\"x\"\"y\",1\nz,0\n")
	f.Add("\ufeffARTICLE,Label\nx,true\n")
}

// checkParseError checks that err is a *ParseError inside the input.
func checkParseError(t *testing.T, data string, err error) {
	t.Helper()
	var pe *adverse.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v is not a *ParseError", err)
	}
	lines := strings.Count(data, "\n") + 1
	if pe.Source != "f.csv" || pe.Line < 1 || pe.Line > lines || pe.Record < 1 || pe.Record > pe.Line {
		t.Fatalf("error %+v outside the %d lines of the input", pe, lines)
	}
	if !strings.HasPrefix(pe.Error(), "f.csv:") {
		t.Fatalf("message %q", pe.Error())
	}
}

// checkExamples checks that examples come in file order from within the
// input.
func checkExamples(t *testing.T, data string, ex []adverse.Example) {
	t.Helper()
	lines := strings.Count(data, "\n") + 1
	last := 0
	for _, e := range ex {
		if e.Line <= last || e.Line > lines {
			t.Fatalf("example on line %d after line %d (input of %d lines)", e.Line, last, lines)
		}
		last = e.Line
	}
}

func FuzzReadTraining(f *testing.F) {
	addCSVSeeds(f)
	f.Fuzz(func(t *testing.T, data string) {
		ex, st, err := adverse.ReadTraining(strings.NewReader(data), "f.csv")
		if err != nil {
			checkParseError(t, data, err)
			return
		}
		checkExamples(t, data, ex)
		if st.Kept != len(ex) || st.Rows != st.Kept+st.Unusable+st.Doubt+st.Duplicates+st.Conflicts+st.Empty {
			t.Fatalf("counts %+v for %d examples", st, len(ex))
		}
		texts := map[string]bool{}
		adv := 0
		for _, e := range ex {
			if e.Text == "" || e.Text != strings.TrimSpace(e.Text) || texts[e.Text] {
				t.Fatalf("line %d: empty, untrimmed or repeated text %q", e.Line, e.Text)
			}
			texts[e.Text] = true
			if e.Adverse {
				adv++
			}
		}
		if adv != st.Adverse {
			t.Fatalf("%d adverse, counts say %d", adv, st.Adverse)
		}
	})
}

func FuzzReadLabelled(f *testing.F) {
	addCSVSeeds(f)
	f.Fuzz(func(t *testing.T, data string) {
		ex, err := adverse.ReadLabelled(strings.NewReader(data), "f.csv")
		if err != nil {
			checkParseError(t, data, err)
			return
		}
		checkExamples(t, data, ex)
	})
}

func FuzzScore(f *testing.F) {
	for _, s := range sampleArticles(f) {
		f.Add(s)
	}
	f.Add("")
	f.Add("Fraud.\n\n\xffBRIBERY 2019 money-laundering!")
	m := adverse.Default()
	f.Fuzz(func(t *testing.T, text string) {
		checkResult(t, m, text, m.Score(text))
	})
}

// FuzzLoad requires that a model file Load accepts saves and loads back
// to the same bytes.
func FuzzLoad(f *testing.F) {
	ex, _, err := adverse.LoadTraining("testdata/training.csv")
	if err != nil {
		f.Fatal(err)
	}
	cfg := adverse.DefaultConfig()
	cfg.Folds = 3
	m, err := adverse.Train(context.Background(), ex, cfg, nil)
	if err != nil {
		f.Fatal(err)
	}
	var b bytes.Buffer
	if err := m.Save(&b); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Add([]byte("dossier model\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := adverse.Load(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, adverse.ErrModel) {
				t.Fatalf("error %v does not wrap ErrModel", err)
			}
			return
		}
		var b1, b2 bytes.Buffer
		if err := m.Save(&b1); err != nil {
			t.Fatal(err)
		}
		m2, err := adverse.Load(bytes.NewReader(b1.Bytes()))
		if err != nil {
			t.Fatalf("a saved model does not load: %v", err)
		}
		m2.Save(&b2)
		if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
			t.Fatal("save, load, save changes the bytes")
		}
		checkResult(t, m2, "Police arrested the director for fraud.", m2.Score("Police arrested the director for fraud."))
	})
}
