package recognize_test

import (
	"path/filepath"
	"strings"
	"testing"

	"dossier/recognize"
)

// BenchmarkTag tags the CoNLL-2003 dev set (features and decoding) on
// one goroutine and reports tokens per second.
func BenchmarkTag(b *testing.B) {
	data := dataDir(b)
	docs, err := recognize.ReadCoNLLFile(filepath.Join(data, "ner", "conll2003", "valid.txt"))
	if err != nil {
		b.Fatal(err)
	}
	var input [][][]string
	tokens := 0
	for _, d := range docs {
		var doc [][]string
		for _, s := range d {
			doc = append(doc, s.Tokens)
			tokens += len(s.Tokens)
		}
		input = append(input, doc)
	}
	m := recognize.Default()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, doc := range input {
			m.TagTokens(doc)
		}
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkRecognize runs the whole stage (segmentation, tagging, rules)
// on news-like text written for the benchmark.
func BenchmarkRecognize(b *testing.B) {
	para := "WASHINGTON (Reuters) — The U.S. Treasury Department on Tuesday imposed sanctions on three senior Venezuelan military officers, including Gen. Ramón Ortiz Belisario, accusing them of running a gold-smuggling network worth more than $240 million. " +
		"Diosdado Cabello, the head of the Venezuelan National Assembly, denied the report, which cited Leamsy Salazar, his former bodyguard. " +
		"Oil exports rose 12.4% to about 750,000 barrels a day in 2023, according to data compiled by the U.N. agency and Chevron Corp.\n\n"
	text := strings.Repeat(para, 50)
	m := recognize.Default()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		m.Recognize(text)
	}
}
