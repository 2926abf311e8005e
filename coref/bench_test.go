package coref_test

import (
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"

	"dossier"
	"dossier/coref"
	"dossier/recognize"
	"dossier/repair"
	"dossier/segment"
)

// newsArticles returns up to max articles of the adverse-media training
// set in ../shared/data (the texts BenchmarkExtract in package pipeline
// runs on), skipping the benchmark when it is absent.
func newsArticles(tb testing.TB, max int) []string {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	f, err := os.Open(filepath.Join(filepath.Dir(file), "..", "..", "shared", "data", "adverse", "training.csv"))
	if err != nil {
		tb.Skipf("shared data absent: %v", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		tb.Fatal(err)
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

// BenchmarkResolve resolves news articles already segmented and
// recognized, as the pipeline would hand them over; tokens/s counts the
// segmenter's tokens (go test -bench Resolve -cpu 1 ./coref).
func BenchmarkResolve(b *testing.B) {
	texts := newsArticles(b, 300)
	type input struct {
		text  string
		sents []segment.Sentence
		names []dossier.Mention
	}
	var in []input
	tokens := 0
	for _, t := range texts {
		sents := segment.Sentences(t)
		var names []dossier.Mention
		for _, n := range recognize.Default().RecognizeSentences(t, sents) {
			names = append(names, dossier.Mention{Start: n.Start, End: n.End, Label: n.Label, Text: n.Text})
		}
		for _, s := range sents {
			tokens += len(s.Tokens)
		}
		in = append(in, input{t, sents, names})
	}
	m := coref.Default()
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuSeconds()
	for range b.N {
		for _, x := range in {
			m.Resolve(x.text, x.sents, x.names)
		}
	}
	b.ReportMetric(float64(tokens*b.N)/b.Elapsed().Seconds(), "tokens/s")
	// on a shared machine, CPU time says more than wall-clock time
	if cpu := cpuSeconds() - cpu0; cpu > 0 {
		b.ReportMetric(float64(tokens*b.N)/cpu, "tokens/cpu-s")
	}
}

// cpuSeconds is the process's user and system CPU time so far.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}
