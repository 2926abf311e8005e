package claimeval

import (
	"context"
	"fmt"
	"time"

	"dossier"
	"dossier/corpus"
	"dossier/pipeline"
	"dossier/repair"
)

// All names every split in Select.
const All = "all"

// Select returns the gold records of a split (corpus.Train, corpus.Dev,
// corpus.Test, or All), in the order given.
func Select(gold []*corpus.Record, split string) ([]*corpus.Record, error) {
	switch split {
	case corpus.Train, corpus.Dev, corpus.Test, All:
	default:
		return nil, fmt.Errorf("claimeval: split %q, want train, dev, test or all", split)
	}
	var out []*corpus.Record
	for _, r := range gold {
		if split == All || corpus.Split(r.Key) == split {
			out = append(out, r)
		}
	}
	return out, nil
}

// Options set how Evaluate runs the pipeline.
type Options struct {
	// Pipeline extracts; pipeline.Default() when nil.
	Pipeline *pipeline.Pipeline
	// NoRepair runs the pipeline on the CSV text as it is. By default
	// the text is repaired first, as ingest and extract do, and the
	// offsets of what the pipeline finds are mapped back to the CSV text
	// (Align).
	NoRepair bool
	// TopicClaims scores a predicted claim whose Topics name several
	// topic families as one claim per family, as the corpus annotates
	// them, instead of one claim with its first topic.
	TopicClaims bool
}

// Evaluate runs the pipeline over the article of each gold record and
// scores what it finds. rows maps keys to the CSV rows (corpus.Index);
// a record whose row is missing, or whose article no longer has the hash
// the record was made on, is an error.
func Evaluate(ctx context.Context, rows map[string]*corpus.Row, gold []*corpus.Record, opt Options) (*Result, error) {
	p := opt.Pipeline
	if p == nil {
		p = pipeline.Default()
	}
	res := NewResult()
	start := time.Now()
	for _, g := range gold {
		row, ok := rows[g.Key]
		if !ok {
			return nil, fmt.Errorf("claimeval: %s:%d: no row of the CSV has key %s", g.File, g.Line, g.Key)
		}
		if h := corpus.ArticleHash(row.Article); h != g.ArticleHash {
			return nil, fmt.Errorf("claimeval: %s:%d: the article of %s has hash %s, the record was made on %s", g.File, g.Line, g.Key, h, g.ArticleHash)
		}
		if g.Status == corpus.StatusSkipped {
			res.Score(g, &Prediction{})
			continue
		}
		pred, st, err := Extract(ctx, p, row.Article, opt)
		if err != nil {
			return nil, fmt.Errorf("claimeval: %s: %w", g.Key, err)
		}
		res.Bytes += len(row.Article)
		res.Tokens += st.Tokens
		if st.Repaired {
			res.Repaired++
		}
		res.Score(g, pred)
	}
	res.Seconds = time.Since(start).Seconds()
	return res, nil
}

// Stats says what Extract did with an article.
type Stats struct {
	Tokens   int  // tokens the pipeline read
	Repaired bool // repair changed the text, and offsets were mapped
}

// Extract runs p (pipeline.Default() when nil) over an article and
// returns what it found, with offsets of article.
func Extract(ctx context.Context, p *pipeline.Pipeline, article string, opt Options) (*Prediction, Stats, error) {
	if p == nil {
		p = pipeline.Default()
	}
	text := article
	if !opt.NoRepair {
		text, _ = repair.String(article)
	}
	d := &pipeline.Doc{ID: dossier.DocumentID(text), Text: text}
	if err := p.Run(ctx, d); err != nil {
		return nil, Stats{}, err
	}
	st := Stats{Repaired: text != article}
	for _, s := range d.Sentences {
		st.Tokens += len(s.Tokens)
	}
	pred := &Prediction{Recognized: d.Mentions, Entities: d.Entities, Claims: d.Claims}
	if opt.TopicClaims {
		pred.Claims = perFamily(pred.Claims)
	}
	if st.Repaired {
		pred = Align(article, text).Prediction(pred)
	}
	return pred, st, nil
}

// perFamily splits each claim into one per topic family of its Topics.
func perFamily(cs []dossier.Claim) []dossier.Claim {
	var out []dossier.Claim
	for _, c := range cs {
		seen := map[string]bool{corpus.Family(c.Topic): true}
		out = append(out, c)
		for _, t := range c.Topics {
			if f := corpus.Family(t); !seen[f] {
				seen[f] = true
				x := c
				x.Topic = t
				out = append(out, x)
			}
		}
	}
	return out
}

// Prediction returns a copy of p with every offset mapped to the
// original text: mentions, claim speakers, sources and evidence.
func (o *Offsets) Prediction(p *Prediction) *Prediction {
	mention := func(m dossier.Mention) dossier.Mention {
		m.Start, m.End = o.Start(m.Start), o.End(m.End)
		return m
	}
	source := func(s dossier.Source) dossier.Source {
		if s.End > s.Start {
			s.Start, s.End = o.Start(s.Start), o.End(s.End)
		}
		return s
	}
	evidence := func(e dossier.Evidence) dossier.Evidence {
		e.Start, e.End = o.Start(e.Start), o.End(e.End)
		return e
	}
	out := &Prediction{}
	for _, m := range p.Recognized {
		out.Recognized = append(out.Recognized, mention(m))
	}
	for _, e := range p.Entities {
		ms := make([]dossier.Mention, len(e.Mentions))
		for i, m := range e.Mentions {
			ms[i] = mention(m)
		}
		e.Mentions = ms
		out.Entities = append(out.Entities, e)
	}
	for _, c := range p.Claims {
		if c.Speaker != nil {
			s := source(*c.Speaker)
			c.Speaker = &s
		}
		srcs := make([]dossier.Source, len(c.Sources))
		for i, s := range c.Sources {
			srcs[i] = source(s)
		}
		c.Sources = srcs
		c.Evidence, c.Content = evidence(c.Evidence), evidence(c.Content)
		out.Claims = append(out.Claims, c)
	}
	return out
}
