package resolve

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"dossier"
	"dossier/read"
	"dossier/repair"
	"dossier/segment"
)

// longArticle joins the sample articles into one long text and marks
// every run of capitalized words as a mention, the way a recognizer
// would (two or more words PER, one word ORG, LOC or MISC by turns,
// numbers MONEY), so that Resolve sees a realistic density of names.
func longArticle(tb testing.TB) (string, []dossier.Mention) {
	tb.Helper()
	files, _ := filepath.Glob("../testdata/articles/[0-9]*")
	if len(files) == 0 {
		tb.Skip("no sample articles")
	}
	var b strings.Builder
	for _, f := range files {
		err := read.NewReader().File(context.Background(), f, func(it read.Item) error {
			s, _ := repair.String(it.Text)
			b.WriteString(s)
			b.WriteString("\n\n")
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	text := b.String()
	var ms []dossier.Mention
	toks := segment.Tokens(text)
	n := 0
	for i := 0; i < len(toks); i++ {
		w := toks[i].Text(text)
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case toks[i].Kind == segment.Word && unicode.IsUpper(r):
			j := i
			for j+1 < len(toks) && toks[j+1].Kind == segment.Word && toks[j+1].Start == toks[j].End+1 && unicode.IsUpper(firstRune(toks[j+1].Text(text))) && j-i < 3 {
				j++
			}
			label := "PER"
			if j == i {
				label = []string{"ORG", "LOC", "MISC"}[n%3]
				n++
			}
			ms = append(ms, dossier.Mention{Start: toks[i].Start, End: toks[j].End, Text: text[toks[i].Start:toks[j].End], Label: label})
			i = j
		case toks[i].Kind == segment.Number:
			ms = append(ms, dossier.Mention{Start: toks[i].Start, End: toks[i].End, Text: w, Label: "MONEY"})
		}
	}
	return text, ms
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func BenchmarkResolve(b *testing.B) {
	text, ms := longArticle(b)
	sents := segment.Sentences(text)
	ntok := 0
	for _, s := range sents {
		ntok += len(s.Tokens)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		Resolve(text, sents, ms)
	}
	b.ReportMetric(float64(ntok)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}
