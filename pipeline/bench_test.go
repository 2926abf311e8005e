package pipeline_test

import (
	"context"
	"dossier/internal/samples"
	"encoding/csv"
	"io"
	"os"
	"testing"
	"time"

	"dossier/pipeline"
	"dossier/repair"
	"dossier/segment"
)

// BenchmarkExtract runs the default pipeline (NER, resolution, roles,
// relations, claims and what follows) over real news: the adverse-media
// training articles in ../shared/data when present, else the project's
// sample articles. It reports tokens per second on one core
// (go test -bench Extract -cpu 1 ./pipeline).
func BenchmarkExtract(b *testing.B) { benchmarkExtract(b, pipeline.Default()) }

// BenchmarkExtractRules is BenchmarkExtract with the rule-based claims
// (claim-rules) in place of the learned model: the model's cost is the
// difference.
func BenchmarkExtractRules(b *testing.B) { benchmarkExtract(b, rulesPipeline(b)) }

// rulesPipeline is the default pipeline with the rule-based claims
// (claim-rules) in place of the learned model.
func rulesPipeline(tb testing.TB) *pipeline.Pipeline {
	names := make([]string, len(pipeline.DefaultNames))
	for i, n := range pipeline.DefaultNames {
		if n == "claims" {
			n = "claim-rules"
		}
		names[i] = n
	}
	p, err := pipeline.FromNames(names)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func benchmarkExtract(b *testing.B, p *pipeline.Pipeline) {
	texts := sharedArticles(b, 300)
	if len(texts) == 0 {
		texts = sampleArticles(b)
	}
	tokens := 0
	for _, t := range texts {
		for _, s := range segment.Sentences(t) {
			tokens += len(s.Tokens)
		}
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	cpu0 := cpuSeconds()
	n := 0
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			if _, err := p.Extract(ctx, "", t); err != nil {
				b.Fatal(err)
			}
		}
		n += tokens
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "tokens/s")
	if cpu := cpuSeconds() - cpu0; cpu > 0 {
		b.ReportMetric(float64(n)/cpu, "tokens/cpu-s")
	}
	b.ReportMetric(float64(tokens), "tokens/op")
}

func sharedArticles(tb testing.TB, max int) []string {
	f, err := os.Open("../../shared/data/adverse/training.csv")
	if err != nil {
		return nil
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		return nil
	}
	col := -1
	for i, h := range head {
		if h == "article" {
			col = i
		}
	}
	var out []string
	for len(out) < max && col >= 0 {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			continue
		}
		if t, _ := repair.String(rec[col]); len(t) > 200 {
			out = append(out, t)
		}
	}
	return out
}

func sampleArticles(tb testing.TB) []string {
	arts, err := samples.Load("../testdata/articles")
	if err != nil {
		tb.Skip(err)
	}
	out := make([]string, len(arts))
	for i, a := range arts {
		out[i] = a.Text
	}
	return out
}
