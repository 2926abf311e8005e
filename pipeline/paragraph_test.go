package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"dossier/pipeline"
	"dossier/segment"
)

// paragraph returns one paragraph of at least n bytes: the sentences of
// the real articles in ../shared/data (sharedArticles), taken in turn
// and joined by single spaces, with no blank line or line break, so that
// the whole text is a single paragraph. It skips when the data is absent.
func paragraph(tb testing.TB, n int) string {
	tb.Helper()
	texts := sharedArticles(tb, 300)
	if len(texts) == 0 {
		tb.Skip("../shared/data/adverse/training.csv absent: no real sentences for the single-paragraph input")
	}
	var sents []string
	for _, t := range texts {
		for _, s := range segment.Sentences(t) {
			x := strings.Join(strings.Fields(t[s.Start:s.End]), " ")
			if len(x) > 20 {
				sents = append(sents, x)
			}
		}
	}
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(sents[i%len(sents)])
	}
	return b.String()
}

// BenchmarkParagraph runs the default pipeline over one paragraph of
// 64 KB, 256 KB and 1 MB made of real news sentences with no blank line
// between them. The time per byte (ns/byte) stays level as the paragraph
// grows when every stage is linear in its length.
func BenchmarkParagraph(b *testing.B) {
	p := pipeline.Default()
	for _, kb := range []int{64, 256, 1024} {
		text := paragraph(b, kb<<10)
		b.Run(fmt.Sprintf("%dKB", kb), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(text)))
			for i := 0; i < b.N; i++ {
				if _, err := p.Extract(context.Background(), "", text); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(text)), "ns/byte")
		})
	}
}

// countdown is a context whose Err reports it canceled once Err has been
// asked n times: it ends at a chosen point of a run, the same one on
// every machine, which a timer cannot do.
type countdown struct {
	context.Context
	n, asked atomic.Int64
}

func newCountdown(n int64) *countdown {
	c := &countdown{Context: context.Background()}
	c.n.Store(n)
	return c
}

func (c *countdown) Err() error {
	c.asked.Add(1)
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

// TestExtractStopsWhenCanceled ends the context at points spread over a
// run of the default pipeline on one long paragraph (the sample
// articles joined) and checks that each time Extract returns
// context.Canceled and no extraction, and that recognize, coref,
// attribute and claims each stop in the middle of their work: they look
// at the context at least once a sentence, not once a stage.
func TestExtractStopsWhenCanceled(t *testing.T) {
	var parts []string
	for _, a := range sampleArticles(t) {
		parts = append(parts, strings.Join(strings.Fields(a), " "))
	}
	text := strings.Join(parts, " ")
	sents := len(segment.Sentences(text))
	p := pipeline.Default()
	all := newCountdown(1 << 62)
	if _, err := p.Extract(all, "", text); err != nil {
		t.Fatal(err)
	}
	total := all.asked.Load()
	if total < int64(sents) {
		t.Fatalf("the context was asked %d times over %d sentences: less than once a sentence", total, sents)
	}
	stopped := map[string]int{}
	for k := int64(0); k < total; k += max(1, total/40) {
		x, err := p.Extract(newCountdown(k), "", text)
		if !errors.Is(err, context.Canceled) || x != nil {
			t.Fatalf("canceled after %d of %d looks: extraction %v, err %v", k, total, x != nil, err)
		}
		stage, _, _ := strings.Cut(err.Error(), ":")
		stopped[stage]++
	}
	for _, s := range []string{"recognize", "coref", "attribute", "claims"} {
		if stopped[s] == 0 {
			t.Errorf("no cancellation stopped %s midway (stopped: %v)", s, stopped)
		}
	}
}
