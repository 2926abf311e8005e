package parse_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"dossier/parse"
)

// sharedData returns the path of a file under ../shared/data, skipping
// the test when it is absent.
func sharedData(tb testing.TB, rel string) string {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	p := filepath.Join(filepath.Dir(file), "..", "..", "shared", "data", rel)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("shared data absent: %v", err)
	}
	return p
}

const ewtDev = "syntax/ud-english-ewt/en_ewt-ud-dev.conllu"

// BenchmarkParse tags and parses the EWT dev set with the embedded
// model; tokens/s is words tagged and parsed per second (run with -cpu 1
// for one core).
func BenchmarkParse(b *testing.B) {
	sents, err := parse.ReadFile(sharedData(b, ewtDev))
	if err != nil {
		b.Skipf("EWT dev absent: %v", err)
	}
	m := parse.Default()
	words := 0
	var buf [][]parse.Word
	for _, s := range sents {
		ws := make([]parse.Word, len(s.Words))
		for i, w := range s.Words {
			ws[i].Form = w.Form
		}
		buf = append(buf, ws)
		words += len(ws)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for _, ws := range buf {
			m.ParseWords(ws)
		}
	}
	b.ReportMetric(float64(words*b.N)/b.Elapsed().Seconds(), "tokens/s")
}
