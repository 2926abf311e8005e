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
// between them. The time per byte (ns/byte, and cpu-ns/byte, the
// process's CPU time, which a loaded machine disturbs less) stays level
// as the paragraph grows when every stage is linear in its length.
func BenchmarkParagraph(b *testing.B) {
	p := pipeline.Default()
	if _, err := p.Extract(context.Background(), "", "Models load before the clock starts. He said so."); err != nil {
		b.Fatal(err)
	}
	for _, kb := range []int{64, 256, 1024} {
		text := paragraph(b, kb<<10)
		b.Run(fmt.Sprintf("%dKB", kb), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(text)))
			b.ResetTimer()
			cpu0 := cpuSeconds()
			for i := 0; i < b.N; i++ {
				if _, err := p.Extract(context.Background(), "", text); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(text)), "ns/byte")
			if cpu := cpuSeconds() - cpu0; cpu > 0 {
				b.ReportMetric(cpu*1e9/float64(b.N)/float64(len(text)), "cpu-ns/byte")
			}
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

// probe runs a component and notes how many times the run's countdown
// context had been asked before and after it.
type probe struct {
	pipeline.Component
	ctx           *countdown
	before, after int64
}

func (p *probe) Process(ctx context.Context, d *pipeline.Doc) error {
	p.before = p.ctx.asked.Load()
	err := p.Component.Process(ctx, d)
	p.after = p.ctx.asked.Load()
	return err
}

// TestExtractStopsWhenCanceled runs the default pipeline on one long
// paragraph (the sample articles joined) and notes which of the
// context's looks each stage makes; then, for each stage that looks
// while it works (recognize, coref, attribute, claims), it ends the
// context at the middle one of that stage's looks and checks that
// Extract returns context.Canceled from that stage, and no extraction.
// Over the whole run the context is looked at more often than once a
// sentence.
func TestExtractStopsWhenCanceled(t *testing.T) {
	var parts []string
	for _, a := range sampleArticles(t) {
		parts = append(parts, strings.Join(strings.Fields(a), " "))
	}
	text := strings.Join(parts, " ")
	sents := len(segment.Sentences(text))
	all := newCountdown(1 << 62)
	probes := map[string]*probe{}
	var cs []pipeline.Component
	for _, name := range pipeline.DefaultNames {
		p := &probe{Component: pipeline.Components()[name], ctx: all}
		probes[name] = p
		cs = append(cs, p)
	}
	p, err := pipeline.New(cs...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Extract(all, "", text); err != nil {
		t.Fatal(err)
	}
	if total := all.asked.Load(); total < int64(sents) {
		t.Fatalf("the context was asked %d times over %d sentences: less than once a sentence", total, sents)
	}
	for _, name := range []string{"recognize", "coref", "attribute", "claims"} {
		pr := probes[name]
		if pr.after-pr.before < 3 {
			t.Errorf("%s looked at the context %d times", name, pr.after-pr.before)
			continue
		}
		k := (pr.before + pr.after) / 2
		x, err := pipeline.Default().Extract(newCountdown(k), "", text)
		if !errors.Is(err, context.Canceled) || x != nil || !strings.HasPrefix(err.Error(), name+": ") {
			t.Errorf("canceled at look %d, in %s's [%d, %d): extraction %v, err %v", k, name, pr.before, pr.after, x != nil, err)
		}
	}
}
