package attribute

import (
	"sort"
	"time"

	"dossier/segment"
)

// PRF is precision, recall and F1 with the counts behind them.
type PRF struct {
	Precision, Recall, F1    float64
	Gold, Predicted, Matched int // spans (or tokens): gold, predicted, matched
}

func (p *PRF) finish() {
	if p.Predicted > 0 {
		p.Precision = float64(p.Matched) / float64(p.Predicted)
	}
	if p.Gold > 0 {
		p.Recall = float64(p.Matched) / float64(p.Gold)
	}
	if p.Precision+p.Recall > 0 {
		p.F1 = 2 * p.Precision * p.Recall / (p.Precision + p.Recall)
	}
}

func (p *PRF) add(q PRF) {
	p.Gold += q.Gold
	p.Predicted += q.Predicted
	p.Matched += q.Matched
}

// Scores are one role's scores under the three ways of matching (see the
// package documentation).
type Scores struct {
	Exact, Overlap, Tokens PRF
}

// Report is the result of EvaluateDir.
type Report struct {
	Documents, Tokens    int
	Source, Cue, Content Scores
	// Attributions scores whole attributions with content: predicted
	// attributions that share a cue count as one, which is correct when
	// its cue and one of its contents overlap those of a gold
	// attribution (each gold attribution used once).
	Attributions PRF
	TokensPerSec float64 // of the find function alone
}

// Role returns the scores of "source", "cue" or "content".
func (r *Report) Role(name string) Scores {
	switch name {
	case "source":
		return r.Source
	case "cue":
		return r.Cue
	}
	return r.Content
}

func (r *Report) role(k int) *Scores {
	switch k {
	case roleSource:
		return &r.Source
	case roleCue:
		return &r.Cue
	}
	return &r.Content
}

// EvaluateDir runs find over the articles of dir (in PolNeAR's layout;
// see ReadDir) and scores it against their annotations.
func EvaluateDir(find func(text string, sents []segment.Sentence) []Attribution, dir string) (Report, error) {
	docs, err := ReadDir(dir)
	if err != nil {
		return Report{}, err
	}
	return Evaluate(find, docs), nil
}

// Evaluate runs find over docs and scores it against their annotations.
func Evaluate(find func(text string, sents []segment.Sentence) []Attribution, docs []Document) Report {
	var r Report
	var elapsed time.Duration
	for i := range docs {
		d := &docs[i]
		sents := segment.Sentences(d.Text)
		t0 := time.Now()
		pred := find(d.Text, sents)
		elapsed += time.Since(t0)
		var toks []segment.Token
		for _, s := range sents {
			toks = append(toks, s.Tokens...)
		}
		r.Documents++
		r.Tokens += len(toks)
		scoreDocument(&r, d, toks, pred)
	}
	for k := 0; k < numRoles; k++ {
		s := r.role(k)
		s.Exact.finish()
		s.Overlap.finish()
		s.Tokens.finish()
	}
	r.Attributions.finish()
	if elapsed > 0 {
		r.TokensPerSec = float64(r.Tokens) / elapsed.Seconds()
	}
	return r
}

// tokRange is the tokens [a, b) a span covers.
type tokRange struct{ a, b int }

// coverage returns the tokens a span overlaps (empty when none).
func coverage(toks []segment.Token, s Span) tokRange {
	a := sort.Search(len(toks), func(i int) bool { return toks[i].End > s.Start })
	b := sort.Search(len(toks), func(i int) bool { return toks[i].Start >= s.End })
	if b < a {
		b = a
	}
	return tokRange{a, b}
}

func (x tokRange) overlap(y tokRange) int {
	return max(0, min(x.b, y.b)-max(x.a, y.a))
}

// uniqueRanges converts spans to token ranges, dropping empty ones and
// repeats.
func uniqueRanges(toks []segment.Token, spans []Span) []tokRange {
	seen := map[tokRange]bool{}
	var out []tokRange
	for _, s := range spans {
		if s.IsZero() {
			continue
		}
		r := coverage(toks, s)
		if r.a >= r.b || seen[r] {
			continue
		}
		seen[r] = true
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].a < out[j].a || out[i].a == out[j].a && out[i].b < out[j].b })
	return out
}

// matchOverlap pairs gold and predicted ranges that share a token, one
// to one, largest overlaps first, and returns the number of pairs.
func matchOverlap(gold, pred []tokRange) int {
	type pair struct{ g, p, n int }
	var pairs []pair
	for g := range gold {
		for p := range pred {
			if n := gold[g].overlap(pred[p]); n > 0 {
				pairs = append(pairs, pair{g, p, n})
			}
		}
	}
	sort.Slice(pairs, func(i, j int) bool {
		a, b := pairs[i], pairs[j]
		if a.n != b.n {
			return a.n > b.n
		}
		if a.g != b.g {
			return a.g < b.g
		}
		return a.p < b.p
	})
	usedG, usedP := make([]bool, len(gold)), make([]bool, len(pred))
	n := 0
	for _, q := range pairs {
		if !usedG[q.g] && !usedP[q.p] {
			usedG[q.g], usedP[q.p] = true, true
			n++
		}
	}
	return n
}

func scoreDocument(r *Report, d *Document, toks []segment.Token, pred []Attribution) {
	for k := 0; k < numRoles; k++ {
		var gs, ps []Span
		for _, g := range d.Attributions {
			switch k {
			case roleSource:
				gs = append(gs, g.Source...)
			case roleCue:
				gs = append(gs, g.Cue...)
			default:
				gs = append(gs, g.Content...)
			}
		}
		for _, a := range pred {
			switch k {
			case roleSource:
				ps = append(ps, a.Source)
			case roleCue:
				ps = append(ps, a.Cue)
			default:
				ps = append(ps, a.Content)
			}
		}
		gold, got := uniqueRanges(toks, gs), uniqueRanges(toks, ps)
		exact := 0
		inGold := map[tokRange]bool{}
		for _, g := range gold {
			inGold[g] = true
		}
		for _, p := range got {
			if inGold[p] {
				exact++
			}
		}
		s := r.role(k)
		s.Exact.add(PRF{Gold: len(gold), Predicted: len(got), Matched: exact})
		s.Overlap.add(PRF{Gold: len(gold), Predicted: len(got), Matched: matchOverlap(gold, got)})
		gt, pt := make([]bool, len(toks)), make([]bool, len(toks))
		for _, g := range gold {
			for i := g.a; i < g.b; i++ {
				gt[i] = true
			}
		}
		for _, p := range got {
			for i := p.a; i < p.b; i++ {
				pt[i] = true
			}
		}
		var tp PRF
		for i := range toks {
			if gt[i] {
				tp.Gold++
			}
			if pt[i] {
				tp.Predicted++
			}
			if gt[i] && pt[i] {
				tp.Matched++
			}
		}
		s.Tokens.add(tp)
	}
	// whole attributions: content and cue overlap the same gold one's
	anyOverlap := func(x tokRange, spans []Span) bool {
		for _, s := range spans {
			if x.overlap(coverage(toks, s)) > 0 {
				return true
			}
		}
		return false
	}
	var golds []int
	for i, g := range d.Attributions {
		if len(g.Content) > 0 {
			golds = append(golds, i)
		}
	}
	// predicted attributions sharing a cue are one (a quotation broken
	// by its cue is one attribution in the annotation)
	type unit struct {
		cue      Span
		contents []tokRange
	}
	var units []unit
	byCue := map[Span]int{}
	for _, a := range pred {
		c := coverage(toks, a.Content)
		if a.Content.IsZero() || c.a >= c.b {
			continue
		}
		if k, ok := byCue[a.Cue]; ok && !a.Cue.IsZero() {
			units[k].contents = append(units[k].contents, c)
			continue
		}
		byCue[a.Cue] = len(units)
		units = append(units, unit{a.Cue, []tokRange{c}})
	}
	used := make([]bool, len(d.Attributions))
	var ap PRF
	ap.Gold = len(golds)
	ap.Predicted = len(units)
	for _, u := range units {
		q := coverage(toks, u.cue)
		for _, i := range golds {
			g := d.Attributions[i]
			if used[i] || u.cue.IsZero() && len(g.Cue) > 0 || !u.cue.IsZero() && !anyOverlap(q, g.Cue) {
				continue
			}
			found := false
			for _, c := range u.contents {
				found = found || anyOverlap(c, g.Content)
			}
			if found {
				used[i] = true
				ap.Matched++
				break
			}
		}
	}
	r.Attributions.add(ap)
}
