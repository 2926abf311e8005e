package adverse_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"dossier/adverse"
	"dossier/segment"
)

const sharedTraining = "../../shared/data/adverse/training.csv"

// mustShared loads the real training data, or skips the test.
func mustShared(tb testing.TB) []adverse.Example {
	tb.Helper()
	if _, err := os.Stat(sharedTraining); err != nil {
		tb.Skipf("%s absent (the shared data folder ../shared/data next to the repository): %v", sharedTraining, err)
	}
	ex, _, err := adverse.LoadTraining(sharedTraining)
	if err != nil {
		tb.Fatal(err)
	}
	return ex
}

func TestDefault(t *testing.T) {
	m := adverse.Default()
	if m.Info.HeldOutSeen {
		t.Error("the embedded model was trained on the held-out split")
	}
	if m.Threshold <= 0 || m.Threshold >= 1 || m.Info.Examples == 0 || len(m.Info.Vocabulary) != 1 {
		t.Errorf("embedded model: threshold %v, info %+v", m.Threshold, m.Info)
	}
	raw, err := os.ReadFile("model.bin")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := m.Save(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), raw) {
		t.Error("saving the embedded model does not give model.bin")
	}
}

// TestHeldOutF1 is the acceptance test of the classifier: F1 of the
// adverse class on the held-out split of the real data, which the
// embedded model did not see.
func TestHeldOutF1(t *testing.T) {
	ex := mustShared(t)
	train, held := adverse.Split(ex)
	if n := len(held); n < len(ex)/6 || n > len(ex)/4 {
		t.Errorf("held-out split of %d articles out of %d, want about 20%%", n, len(ex))
	}
	m := adverse.Default()
	if m.Info.Examples != len(train) {
		t.Errorf("model trained on %d articles, the training split has %d", m.Info.Examples, len(train))
	}
	rep, err := adverse.Evaluate(context.Background(), m, held)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("held-out: %d articles, f1=%.4f precision=%.4f recall=%.4f brier=%.4f", rep.N, rep.F1, rep.Precision, rep.Recall, rep.Brier)
	if rep.F1 < 0.93 {
		t.Errorf("held-out F1 %.4f, want ≥ 0.93", rep.F1)
	}
	if rep.Brier > 0.08 {
		t.Errorf("held-out Brier score %.4f, want ≤ 0.08", rep.Brier)
	}
}

// checkResult checks the invariants of a Result for text.
func checkResult(t *testing.T, m *adverse.Model, text string, r adverse.Result) {
	t.Helper()
	if !(r.Score >= 0 && r.Score <= 1) {
		t.Fatalf("score %v", r.Score)
	}
	if r.Adverse != (r.Score >= m.Threshold) {
		t.Errorf("Adverse %v with score %v and threshold %v", r.Adverse, r.Score, m.Threshold)
	}
	if len(r.Sentences) > adverse.MaxDrivers {
		t.Errorf("%d drivers", len(r.Sentences))
	}
	spans := map[[2]int]bool{}
	for _, s := range segment.Sentences(text) {
		spans[[2]int{s.Start, s.End}] = true
	}
	seen := map[[2]int]bool{}
	for i, d := range r.Sentences {
		if d.Start < 0 || d.End > len(text) || d.Start >= d.End {
			t.Fatalf("driver %d span [%d,%d) outside the text of %d bytes", i, d.Start, d.End, len(text))
		}
		sp := [2]int{d.Start, d.End}
		if !spans[sp] || seen[sp] {
			t.Errorf("driver %d [%d,%d) is not a distinct sentence of the text", i, d.Start, d.End)
		}
		seen[sp] = true
		if d.Weight <= 0 || i > 0 && d.Weight > r.Sentences[i-1].Weight {
			t.Errorf("driver %d weight %v out of order", i, d.Weight)
		}
		if len(d.Terms) == 0 || len(d.Terms) > adverse.MaxTerms {
			t.Errorf("driver %d has %d terms", i, len(d.Terms))
		}
		sent := strings.ToLower(text[d.Start:d.End])
		for _, term := range d.Terms {
			for _, w := range strings.Fields(term) {
				if !strings.Contains(sent, w) && !strings.ContainsAny(w, "0") {
					t.Errorf("term %q of driver %d not in its sentence %q", term, i, sent)
				}
			}
		}
	}
}

func TestScore(t *testing.T) {
	m := adverse.Default()
	ex, _, err := adverse.LoadTraining("testdata/training.csv")
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"", " \n\t", "fraud", "\xff\xfe laundering \xff", strings.Repeat("Bribery and fraud charges. ", 200)}
	for _, e := range ex {
		texts = append(texts, e.Text)
	}
	for _, text := range texts {
		checkResult(t, m, text, m.Score(text))
	}
	if r := m.Score(""); r.Sentences != nil {
		t.Errorf("empty text has drivers %+v", r.Sentences)
	}
	// The invented fixture is not hard: the shipped model should get it.
	wrong := 0
	for _, e := range ex {
		if m.Score(e.Text).Adverse != e.Adverse {
			wrong++
			t.Logf("line %d (adverse %v) misclassified: %.3f", e.Line, e.Adverse, m.Score(e.Text).Score)
		}
	}
	if wrong > 2 {
		t.Errorf("%d of %d invented articles misclassified", wrong, len(ex))
	}
}

func TestScoreConcurrent(t *testing.T) {
	m := adverse.Default()
	ex, _, err := adverse.LoadTraining("testdata/training.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := make([]adverse.Result, len(ex))
	for i, e := range ex {
		want[i] = m.Score(e.Text)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 20 {
				for i, e := range ex {
					got := m.Score(e.Text)
					if got.Score != want[i].Score || len(got.Sentences) != len(want[i].Sentences) {
						t.Errorf("line %d: concurrent score %v, alone %v", e.Line, got.Score, want[i].Score)
						return
					}
				}
			}
		})
	}
	wg.Wait()
}

// sampleArticles are the project's sample articles (plain-text ones).
func sampleArticles(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob("../testdata/articles/*.txt")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no sample articles: %v", err)
	}
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

func benchScore(b *testing.B, texts []string) {
	m := adverse.Default()
	tokens, size := 0, 0
	for _, t := range texts {
		tokens += len(segment.Tokens(t))
		size += len(t)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			m.Score(t)
		}
	}
	secs := b.Elapsed().Seconds()
	b.ReportMetric(float64(b.N*len(texts))/secs, "articles/s")
	b.ReportMetric(float64(b.N*tokens)/secs, "tokens/s")
}

// BenchmarkScore scores the project's sample articles.
func BenchmarkScore(b *testing.B) { benchScore(b, sampleArticles(b)) }

// BenchmarkScoreHeldOut scores the real held-out articles.
func BenchmarkScoreHeldOut(b *testing.B) {
	_, held := adverse.Split(mustShared(b))
	texts := make([]string, len(held))
	for i, e := range held {
		texts[i] = e.Text
	}
	benchScore(b, texts)
}

func ExampleModel_Score() {
	text := "The city council approved a new park on Tuesday. " +
		"Prosecutors charged the former mayor with fraud and money laundering, saying he took bribes from a construction firm."
	r := adverse.Default().Score(text)
	fmt.Println("adverse:", r.Adverse)
	d := r.Sentences[0]
	fmt.Println(text[d.Start:d.End])
	fmt.Println(d.Terms)
	// Output:
	// adverse: true
	// Prosecutors charged the former mayor with fraud and money laundering, saying he took bribes from a construction firm.
	// [prosecutors charged former took mayor]
}
