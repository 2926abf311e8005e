package attribute_test

import (
	"path/filepath"
	"testing"

	"dossier/attribute"
	"dossier/segment"
)

// devInput returns the PolNeAR dev articles segmented, and their tokens.
func devInput(b *testing.B) ([]string, [][]segment.Sentence, int) {
	docs, err := attribute.ReadDir(filepath.Join(polnearDir(b), "dev"))
	if err != nil {
		b.Fatal(err)
	}
	var texts []string
	var sents [][]segment.Sentence
	tokens := 0
	for _, d := range docs {
		s := segment.Sentences(d.Text)
		for _, x := range s {
			tokens += len(x.Tokens)
		}
		texts = append(texts, d.Text)
		sents = append(sents, s)
	}
	return texts, sents, tokens
}

// BenchmarkFind runs the model over the PolNeAR dev articles (already
// segmented, as in the pipeline) on one goroutine and reports tokens
// per second.
func BenchmarkFind(b *testing.B) {
	texts, sents, tokens := devInput(b)
	m := attribute.Default()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for i, t := range texts {
			m.Find(t, sents[i])
		}
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkBaseline is BenchmarkFind for the baseline.
func BenchmarkBaseline(b *testing.B) {
	texts, sents, tokens := devInput(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for i, t := range texts {
			attribute.Baseline(t, sents[i])
		}
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}
