package recognize_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/recognize"
)

// dataDir returns <module root>/../shared/data, or skips the test.
func dataDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("no go.mod above the test directory")
		}
		dir = parent
	}
	data := filepath.Join(dir, "..", "shared", "data")
	if _, err := os.Stat(filepath.Join(data, "ner", "conll2003", "valid.txt")); err != nil {
		tb.Skipf("shared data not found at %s: skipping the corpus test", data)
	}
	return data
}

func TestReadCoNLL(t *testing.T) {
	tests := []struct {
		Name   string
		Input  string
		Output string // documents | sentences / tokens with labels
		Error  *recognize.ParseError
	}{
		{
			Name:   "IOB1 to IOB2",
			Input:  "-DOCSTART- -X- -X- O\n\nEU NNP B-NP I-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP I-MISC\n\nPeter NNP B-NP I-PER\nBlackburn NNP I-NP I-PER\n",
			Output: "EU/B-ORG rejects/O German/B-MISC / Peter/B-PER Blackburn/I-PER",
		},
		{
			Name:   "adjacent chunks",
			Input:  "A x I-LOC\nB x B-LOC\nC x I-LOC\n",
			Output: "A/B-LOC B/B-LOC C/I-LOC",
		},
		{
			Name:   "documents",
			Input:  "-DOCSTART- O\n\nA B-PER\n\n-DOCSTART- O\nB O\n",
			Output: "A/B-PER | B/O",
		},
		{
			Name:   "CRLF and two columns",
			Input:  "Paris B-LOC\r\n\r\n",
			Output: "Paris/B-LOC",
		},
		{
			Name:  "one column",
			Input: "A NNP O\nBroken\n",
			Error: &recognize.ParseError{File: "t.conll", Line: 2},
		},
		{
			Name:  "bad label",
			Input: "A NNP O\n\nB NNP X-PER\n",
			Error: &recognize.ParseError{File: "t.conll", Line: 3},
		},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			docs, err := recognize.ReadCoNLL(strings.NewReader(tt.Input), "t.conll")
			if tt.Error != nil {
				var pe *recognize.ParseError
				if !errors.As(err, &pe) || pe.File != tt.Error.File || pe.Line != tt.Error.Line || !errors.Is(err, recognize.ErrFormat) {
					t.Fatalf("error = %v, want %s:%d", err, tt.Error.File, tt.Error.Line)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var ds []string
			for _, d := range docs {
				var ss []string
				for _, s := range d {
					var ts []string
					for i := range s.Tokens {
						ts = append(ts, s.Tokens[i]+"/"+s.Labels[i])
					}
					ss = append(ss, strings.Join(ts, " "))
				}
				ds = append(ds, strings.Join(ss, " / "))
			}
			if got := strings.Join(ds, " | "); got != tt.Output {
				t.Errorf("got %q\nwant %q", got, tt.Output)
			}
		})
	}
}

func TestChunks(t *testing.T) {
	got := fmt.Sprint(recognize.Chunks([]string{"I-PER", "I-PER", "B-PER", "O", "I-LOC", "I-ORG", "B-ORG", "I-ORG"}))
	want := "[{0 2 PER} {2 3 PER} {4 5 LOC} {5 6 ORG} {6 8 ORG}]"
	if got != want {
		t.Errorf("Chunks = %s, want %s", got, want)
	}
}

// TestDefaultLoads checks that the embedded model loads and that saving
// it gives back the file byte for byte.
func TestDefaultLoads(t *testing.T) {
	m := recognize.Default()
	// DevF1 is the figure the epochs were chosen by: CoNLL dev F1, or the
	// news score (PER and ORG F1 on the corpus's dev split)
	if info := m.Info(); info.DevF1 < 0.85 || info.Clusters == 0 || !info.Stacked || info.SelectedBy != "" && info.NewsDocuments == 0 {
		t.Errorf("embedded model info %+v", info)
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), mustModelFile(t)) {
		t.Error("saving the embedded model does not give model.bin")
	}
}

// mustModelFile returns the bytes of model.bin.
func mustModelFile(tb testing.TB) []byte {
	tb.Helper()
	b, err := os.ReadFile("model.bin")
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestLoadMalformed(t *testing.T) {
	good := mustModelFile(t)
	for _, in := range [][]byte{nil, []byte("hello"), good[:len(good)/2], good[:len(good)-3],
		append(good[:40:40], bytes.Repeat([]byte{0}, 100)...)} {
		if _, err := recognize.Load(bytes.NewReader(in)); !errors.Is(err, recognize.ErrModel) {
			t.Errorf("Load(%d bytes) error = %v, want ErrModel", len(in), err)
		}
	}
}

// mentions renders mentions as "LABEL:text" joined by "|".
func mentions(ms []recognize.Mention) string {
	var parts []string
	for _, m := range ms {
		parts = append(parts, m.Label+":"+m.Text)
	}
	return strings.Join(parts, "|")
}

func TestRecognize(t *testing.T) {
	m := recognize.Default()
	tests := []struct {
		Input string
		Want  []string // each must be among the mentions
		Not   []string // none may be
	}{
		{
			Input: "Diosdado Cabello, the head of the Venezuelan National Assembly, denied the report.",
			Want:  []string{"PER:Diosdado Cabello"},
		},
		{
			Input: "Leamsy Salazar, a former bodyguard, told prosecutors in New York that Cabello ran the network.",
			Want:  []string{"PER:Leamsy Salazar", "LOC:New York"},
			Not:   []string{"LOC:Leamsy Salazar"},
		},
		{
			Input: "The U.S. Treasury Department on Tuesday imposed sanctions on Orinoco Minerals Ltd., accusing it of moving $240 million in gold through Aruba.",
			Want:  []string{"ORG:U.S. Treasury Department", "DATE:Tuesday", "ORG:Orinoco Minerals Ltd.", "MONEY:$240 million", "LOC:Aruba"},
		},
		{
			Input: "Oil exports rose 12.4% in 2023, according to the European Central Bank.",
			Want:  []string{"PERCENT:12.4%", "DATE:2023", "ORG:European Central Bank"},
		},
		{
			Input: "Angela Merkel met Emmanuel Macron in Berlin on Jan. 27, 2015.",
			Want:  []string{"PER:Angela Merkel", "PER:Emmanuel Macron", "LOC:Berlin", "DATE:Jan. 27, 2015"},
		},
	}
	for _, tt := range tests {
		got := m.Recognize(tt.Input)
		s := "|" + mentions(got) + "|"
		for _, w := range tt.Want {
			if !strings.Contains(s, "|"+w+"|") {
				t.Errorf("Recognize(%q) = %s, missing %s", tt.Input, s, w)
			}
		}
		for _, w := range tt.Not {
			if strings.Contains(s, "|"+w+"|") {
				t.Errorf("Recognize(%q) = %s, has %s", tt.Input, s, w)
			}
		}
		checkMentions(t, tt.Input, got)
	}
	// the Venezuelan National Assembly: one ORG, or MISC + ORG
	s := mentions(m.Recognize(tests[0].Input))
	if !strings.Contains(s, "ORG:Venezuelan National Assembly") && !strings.Contains(s, "MISC:Venezuelan|ORG:National Assembly") {
		t.Errorf("Venezuelan National Assembly: %s", s)
	}
}

func checkMentions(t *testing.T, text string, ms []recognize.Mention) {
	t.Helper()
	end := 0
	for i, m := range ms {
		if m.Start < end || m.Start >= m.End || m.End > len(text) {
			t.Fatalf("mention %d [%d,%d) overlaps, is empty or lies outside the text (prev end %d, len %d)", i, m.Start, m.End, end, len(text))
		}
		if m.Text != text[m.Start:m.End] {
			t.Fatalf("mention %d text %q, want %q", i, m.Text, text[m.Start:m.End])
		}
		if m.Score <= 0 || m.Score > 1 {
			t.Fatalf("mention %d score %v", i, m.Score)
		}
		switch m.Label {
		case "PER", "ORG", "LOC", "MISC", "MONEY", "DATE", "PERCENT":
		default:
			t.Fatalf("mention %d label %q", i, m.Label)
		}
		end = m.End
	}
}

// TestEvaluateValid guards the embedded model's CoNLL-2003 dev score.
func TestEvaluateValid(t *testing.T) {
	data := dataDir(t)
	rep, err := recognize.Evaluate(recognize.Default(), filepath.Join(data, "ner", "conll2003", "valid.txt"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("dev F1 %.4f (P %.4f R %.4f), %d tokens, %.0f tokens/s", rep.Overall.F1, rep.Overall.Precision, rep.Overall.Recall, rep.Tokens, rep.TokensPerSec)
	const floor = 0.93
	if rep.Overall.F1 < floor {
		t.Errorf("dev F1 %.4f below %.3f", rep.Overall.F1, floor)
	}
	if rep.Overall.Gold != 5942 {
		t.Errorf("%d gold entities, want 5942", rep.Overall.Gold)
	}
}

// TestTrainDeterministic trains twice on 500 sentences with one seed and
// requires identical model files, and checks that resuming from a
// checkpoint gives the same model as an uninterrupted run.
func TestTrainDeterministic(t *testing.T) {
	data := dataDir(t)
	cfg := recognize.TrainConfig{
		Train:        []string{filepath.Join(data, "ner", "conll2003", "train.txt")},
		Epochs:       3,
		Seed:         7,
		MaxSentences: 500,
		Bits:         16,
	}
	save := func(m *recognize.Model) []byte {
		var buf bytes.Buffer
		if err := m.Save(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	train := func(cfg recognize.TrainConfig) []byte {
		m, err := recognize.Train(context.Background(), cfg, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		return save(m)
	}
	a, b := train(cfg), train(cfg)
	if !bytes.Equal(a, b) {
		t.Fatal("two runs with the same seed differ")
	}
	cfg.Seed = 8
	if bytes.Equal(a, train(cfg)) {
		t.Error("another seed gives the same model")
	}
	cfg.Seed = 7
	cfg.Checkpoint = t.TempDir()
	cfg.Epochs = 2
	train(cfg)
	cfg.Epochs = 3
	if c := train(cfg); !bytes.Equal(a, c) {
		t.Error("resuming from the checkpoint after epoch 2 differs from an uninterrupted run")
	}
}

func ExampleModel_Recognize() {
	text := "Leamsy Salazar told prosecutors in New York that the network moved $240 million in 2014."
	for _, m := range recognize.Default().Recognize(text) {
		fmt.Printf("%s %q [%d,%d)\n", m.Label, m.Text, m.Start, m.End)
	}
	// Output:
	// PER "Leamsy Salazar" [0,14)
	// LOC "New York" [35,43)
	// MONEY "$240 million" [67,79)
	// DATE "2014" [83,87)
}
