package recognize

import (
	"context"
	"math"

	"dossier/segment"
)

// normalizeToken maps a token as segment cuts it from news text to the
// form the CoNLL-2003 training data uses: straight quotes and
// apostrophes, -- for dashes.
func normalizeToken(w string) string {
	switch w {
	case "“", "”", "„", "«", "»", "″":
		return "\""
	case "‘", "’", "‚", "′":
		return "'"
	case "—", "–":
		return "--"
	case "’s", "’S":
		return "'s"
	case "n’t":
		return "n't"
	case "…":
		return "..."
	}
	return w
}

// Mention is an entity found in text: bytes [Start, End) of the text.
type Mention struct {
	Start, End int
	Label      string  // PER ORG LOC MISC MONEY DATE PERCENT
	Text       string  // text[Start:End]
	Score      float64 // confidence in (0, 1]; 1 for rule matches
}

// Recognize finds the named entities, amounts of money, percentages and
// dates in text. It splits the text into sentences and tokens with the
// segment package, tags the whole text as one document with the model,
// and adds the rule-based MONEY, PERCENT and DATE mentions that do not
// overlap a name. Mentions are sorted by Start and do not overlap.
func (m *Model) Recognize(text string) []Mention {
	return m.RecognizeSentences(text, segment.Sentences(text))
}

// RecognizeSentences is Recognize over text already split by
// segment.Sentences, for a pipeline that has segmented it once.
func (m *Model) RecognizeSentences(text string, sents []segment.Sentence) []Mention {
	out, _ := m.RecognizeSentencesContext(context.Background(), text, sents)
	return out
}

// RecognizeSentencesContext is RecognizeSentences that stops between
// sentences once ctx ends, returning ctx.Err() and no mentions.
func (m *Model) RecognizeSentencesContext(ctx context.Context, text string, sents []segment.Sentence) ([]Mention, error) {
	if len(sents) == 0 {
		return nil, ctx.Err()
	}
	doc := Words(text, sents)
	var out []Mention
	tg := m.getTagger()
	tg.ctx = ctx
	defer func() { tg.ctx = nil; m.pool.Put(tg) }()
	trans, scale := m.trans, m.scale
	if m.info.Stacked {
		trans, scale = m.trans2, m.scale2
	}
	var margins []float32
	m.tagIndices(tg, doc, func(s int, labels []int) {
		toks := sents[s].Tokens
		margins = m.margins(tg, labels, trans, scale, margins)
		var names []Mention
		for i := 0; i < len(labels); {
			l := m.iob2[labels[i]]
			if l == "O" {
				i++
				continue
			}
			typ := l[2:]
			j := i + 1
			for j < len(labels) && m.iob2[labels[j]] == "I-"+typ {
				j++
			}
			names = append(names, Mention{Start: toks[i].Start, End: toks[j-1].End, Label: typ,
				Score: confidence(margins[i:j])})
			i = j
		}
		rules := ruleMentions(doc[s])
		k := 0
		for _, r := range rules {
			rm := Mention{Start: toks[r.start].Start, End: toks[r.end-1].End, Label: r.label, Score: 1}
			for k < len(names) && names[k].End <= rm.Start {
				out = append(out, names[k])
				k++
			}
			if k < len(names) && names[k].Start < rm.End {
				continue // overlaps a name: the name wins
			}
			out = append(out, rm)
		}
		out = append(out, names[k:]...)
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Text = text[out[i].Start:out[i].End]
	}
	return out, nil
}

// Words returns the tokens of sentences of text as the model reads them:
// each token's text with curly quotes, dashes and ellipses written as in
// CoNLL-2003. Training documents made from segmented text (see
// Document) should use it, so the model learns from the token stream it
// tags.
func Words(text string, sents []segment.Sentence) [][]string {
	doc := make([][]string, len(sents))
	for i, s := range sents {
		ws := make([]string, len(s.Tokens))
		for k, t := range s.Tokens {
			ws[k] = normalizeToken(t.Text(text))
		}
		doc[i] = ws
	}
	return doc
}

// confidence maps the smallest margin of a span's tokens to (0, 1).
func confidence(margins []float32) float64 {
	lo := math.Inf(1)
	for _, x := range margins {
		lo = min(lo, float64(x))
	}
	return 1 / (1 + math.Exp(-lo))
}

// margins returns, for each token of a decoded sentence, how much better
// the best path is than the best path that gives the token another label
// (max-marginals from a forward and a backward Viterbi pass over the
// emission scores in tg.em).
func (m *Model) margins(tg *tagger, labels []int, trans []int16, scale float32, out []float32) []float32 {
	nl, n := len(m.labels), len(labels)
	neg := float32(math.Inf(-1))
	fwd := make([]float32, n*nl)
	bwd := make([]float32, n*nl)
	em := tg.em
	start := nl * nl
	for c := 0; c < nl; c++ {
		fwd[c] = neg
		if m.allowed[start+c] {
			fwd[c] = em[c] + float32(trans[start+c])*scale
		}
	}
	for t := 1; t < n; t++ {
		for c := 0; c < nl; c++ {
			bs := neg
			for p := 0; p < nl; p++ {
				if m.allowed[p*nl+c] && fwd[(t-1)*nl+p] != neg {
					bs = max(bs, fwd[(t-1)*nl+p]+float32(trans[p*nl+c])*scale)
				}
			}
			fwd[t*nl+c] = bs + em[t*nl+c]
		}
	}
	for c := 0; c < nl; c++ {
		bwd[(n-1)*nl+c] = neg
		if m.final[c] {
			bwd[(n-1)*nl+c] = 0
		}
	}
	for t := n - 2; t >= 0; t-- {
		for c := 0; c < nl; c++ {
			bs := neg
			for x := 0; x < nl; x++ {
				if m.allowed[c*nl+x] && bwd[(t+1)*nl+x] != neg {
					bs = max(bs, float32(trans[c*nl+x])*scale+em[(t+1)*nl+x]+bwd[(t+1)*nl+x])
				}
			}
			bwd[t*nl+c] = bs
		}
	}
	out = out[:0]
	for t, l := range labels {
		best := fwd[t*nl+l] + bwd[t*nl+l]
		other := neg
		for c := 0; c < nl; c++ {
			if c != l && m.iob2[c] != m.iob2[l] {
				other = max(other, fwd[t*nl+c]+bwd[t*nl+c])
			}
		}
		out = append(out, best-other)
	}
	return out
}
