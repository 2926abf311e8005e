package coref

import (
	"fmt"
	"sort"
	"time"

	"dossier"
	"dossier/recognize"
	"dossier/segment"
)

// chains keeps the entities with two or more mentions.
func chains(es [][]int) [][]int {
	var out [][]int
	for _, e := range es {
		if len(e) > 1 {
			out = append(out, e)
		}
	}
	return out
}

// groups turns entity indexes (one per mention, mention IDs 0, 1, …)
// into entities.
func groups(entityOf []int) [][]int {
	n := 0
	for _, e := range entityOf {
		n = max(n, e+1)
	}
	out := make([][]int, n)
	for i, e := range entityOf {
		out[e] = append(out[e], i)
	}
	return out
}

// scoreDocument adds one document to the scores of all chains and of
// named chains. key are the gold entities (mention IDs), named marks
// those that are chains of a named person or organization, response the
// predicted entities. Singletons are dropped on both sides, as CoNLL-2012
// scores chains. For named chains the key holds the named chains and the
// response the predicted chains aligned with one: a predicted chain
// belongs to the key chain with which it shares the most mentions (the
// first such chain on a tie), and is kept when that chain is named. So a
// named chain split in parts costs recall, other mentions merged into it
// cost precision, and a chain about something else that took one of its
// mentions costs that mention only. strict, if not nil, gets the
// stricter score that keeps every predicted chain sharing a mention with
// a named chain.
func scoreDocument(all, namedScore, strict *Score, key [][]int, named []bool, response [][]int) error {
	k, r := chains(key), chains(response)
	if err := all.Add(k, r); err != nil {
		return err
	}
	var nk [][]int
	keyOf := map[int]int{} // mention → index in key, for mentions of chains
	for i, e := range key {
		if len(e) < 2 {
			continue
		}
		for _, m := range e {
			keyOf[m] = i
		}
		if named[i] {
			nk = append(nk, e)
		}
	}
	var aligned, touching [][]int
	for _, e := range r {
		count := map[int]int{}
		bestK, bestN, touches := -1, 0, false
		for _, m := range e {
			ki, ok := keyOf[m]
			if !ok {
				continue
			}
			count[ki]++
			touches = touches || named[ki]
			if n := count[ki]; n > bestN || n == bestN && ki < bestK {
				bestK, bestN = ki, n
			}
		}
		if bestK >= 0 && named[bestK] {
			aligned = append(aligned, e)
		}
		if touches {
			touching = append(touching, e)
		}
	}
	if strict != nil {
		if err := strict.Add(nk, touching); err != nil {
			return err
		}
	}
	return namedScore.Add(nk, aligned)
}

// evaluateGold clusters the gold mentions of documents and scores them.
func (m *Model) evaluateGold(docs []*goldDoc) (all, named Score, err error) {
	var d decoder
	for _, g := range docs {
		clusterOf := d.decode(g.t, g.ments, tableScorer{m.table}, m.info.Bits)
		if err := scoreDocument(&all, &named, nil, groups(g.gold), g.named, groups(clusterOf)); err != nil {
			return all, named, fmt.Errorf("coref: %s: %w", g.doc.Name, err)
		}
	}
	return all, named, nil
}

// Report is what Evaluate measures on GUM documents.
type Report struct {
	Docs, Tokens int
	// GoldAll and GoldNamed: the gold mentions clustered by the model.
	GoldAll, GoldNamed Score
	// GoldNamedStrict and PredNamedStrict keep every predicted chain
	// that shares a mention with a named chain (see scoreDocument).
	GoldNamedStrict, PredNamedStrict Score
	// PredAll and PredNamed: mentions detected in the raw text, matched to
	// gold mentions by their exact extent; PredHeadAll and PredHeadNamed
	// match by head instead (see Evaluate).
	PredAll, PredNamed         Score
	PredHeadAll, PredHeadNamed Score
	// Detection: mentions found and matched, of the gold mentions that
	// belong to chains, and of those in named chains.
	Found, Matched, HeadMatched       int
	GoldInChains, GoldInNamed         int
	RecalledInChains, RecalledInNamed int // by head match
	// Seconds: time spent resolving raw text (segmenting and recognizing
	// excluded).
	Seconds float64
}

// Evaluate scores the model on GUM documents twice: clustering their
// gold mentions, and resolving their raw text from scratch (segment,
// recognize, detect, cluster). Predicted mentions are matched to gold
// ones by exact byte extent, and separately by head: a predicted mention
// matches a gold one when each contains the other's head (the gold head
// from the treebank, the predicted one from the detector), the pairs with
// the most tokens in common first, each mention matched once. A predicted
// mention without a match keeps an ID of its own, so that merging it
// costs precision.
func (m *Model) Evaluate(docs []*Document) (*Report, error) {
	rep := &Report{}
	var d decoder
	for _, doc := range docs {
		g := prepareGold(doc, m.lex, m.typer())
		rep.Docs++
		rep.Tokens += len(doc.Tokens)
		clusterOf := d.decode(g.t, g.ments, tableScorer{m.table}, m.info.Bits)
		key := groups(g.gold)
		if err := scoreDocument(&rep.GoldAll, &rep.GoldNamed, &rep.GoldNamedStrict, key, g.named, groups(clusterOf)); err != nil {
			return nil, fmt.Errorf("coref: %s: %w", doc.Name, err)
		}
		if err := m.evaluateRaw(rep, g, key); err != nil {
			return nil, fmt.Errorf("coref: %s: %w", doc.Name, err)
		}
	}
	return rep, nil
}

// evaluateRaw resolves a document's raw text and scores it against its
// gold entities.
func (m *Model) evaluateRaw(rep *Report, g *goldDoc, key [][]int) error {
	doc := g.doc
	sents := segment.Sentences(doc.Text)
	var names []dossier.Mention
	for _, n := range recognize.Default().RecognizeSentences(doc.Text, sents) {
		names = append(names, dossier.Mention{Start: n.Start, End: n.End, Label: n.Label, Text: n.Text})
	}
	t0 := time.Now()
	var spans [][2]int
	var sentOf []int
	for si, s := range sents {
		for _, tk := range s.Tokens {
			spans = append(spans, [2]int{tk.Start, tk.End})
			sentOf = append(sentOf, si)
		}
	}
	t := newText(doc.Text, spans, sentOf, nameSpans(names), m.lex)
	pred := m.mentionsOf(t, detect(t, m.typer()))
	clusterOf := m.cluster(t, pred)
	rep.Seconds += time.Since(t0).Seconds()

	// gold mentions as bytes, in the order of g.ments
	type span struct{ start, end, hs, he int }
	gold := make([]span, len(g.ments))
	inChain := make([]bool, len(g.ments))
	inNamed := make([]bool, len(g.ments))
	sizes := make([]int, len(key))
	for _, e := range g.gold {
		sizes[e]++
	}
	for i, gm := range g.ments {
		tk := doc.Tokens
		h := doc.Tokens[goldHead(doc, gm.Span)]
		gold[i] = span{tk[gm.Start].Start, tk[gm.End-1].End, h.Start, h.End}
		inChain[i] = sizes[g.gold[i]] > 1
		inNamed[i] = g.named[g.gold[i]]
		if inChain[i] {
			rep.GoldInChains++
		}
		if inNamed[i] {
			rep.GoldInNamed++
		}
	}
	ps := make([]span, len(pred))
	for i, p := range pred {
		h := t.toks[p.head]
		ps[i] = span{t.toks[p.Start].start, t.toks[p.End-1].end, h.start, h.end}
	}
	rep.Found += len(pred)

	// exact extent
	byExtent := map[[2]int]int{}
	for i, s := range gold {
		if _, ok := byExtent[[2]int{s.start, s.end}]; !ok {
			byExtent[[2]int{s.start, s.end}] = i
		}
	}
	exactID := make([]int, len(pred))
	used := map[int]bool{}
	for i, p := range ps {
		exactID[i] = len(gold) + i
		if gi, ok := byExtent[[2]int{p.start, p.end}]; ok && !used[gi] {
			exactID[i] = gi
			used[gi] = true
			rep.Matched++
		}
	}
	// head match: each contains the other's head; most overlap first
	type pair struct{ p, g, overlap int }
	var pairs []pair
	for i, p := range ps {
		for gi, s := range gold {
			if p.hs < s.end && s.start < p.he && s.hs < p.end && p.start < s.he {
				ov := min(p.end, s.end) - max(p.start, s.start)
				pairs = append(pairs, pair{i, gi, ov*4 - abs((p.end-p.start)-(s.end-s.start))})
			}
		}
	}
	sortPairs := func(a, b pair) bool {
		if a.overlap != b.overlap {
			return a.overlap > b.overlap
		}
		if a.p != b.p {
			return a.p < b.p
		}
		return a.g < b.g
	}
	sort.Slice(pairs, func(a, b int) bool { return sortPairs(pairs[a], pairs[b]) })
	headID := make([]int, len(pred))
	for i := range headID {
		headID[i] = -1
	}
	usedG := map[int]bool{}
	for _, pr := range pairs {
		if headID[pr.p] >= 0 || usedG[pr.g] {
			continue
		}
		headID[pr.p] = pr.g
		usedG[pr.g] = true
		rep.HeadMatched++
		if inChain[pr.g] {
			rep.RecalledInChains++
		}
		if inNamed[pr.g] {
			rep.RecalledInNamed++
		}
	}
	for i := range headID {
		if headID[i] < 0 {
			headID[i] = len(gold) + i
		}
	}
	respond := func(ids []int) [][]int {
		var out [][]int
		for _, e := range groups(clusterOf) {
			var r []int
			for _, i := range e {
				r = append(r, ids[i])
			}
			out = append(out, r)
		}
		return out
	}
	if err := scoreDocument(&rep.PredAll, &rep.PredNamed, &rep.PredNamedStrict, key, g.named, respond(exactID)); err != nil {
		return err
	}
	return scoreDocument(&rep.PredHeadAll, &rep.PredHeadNamed, nil, key, g.named, respond(headID))
}

// goldHead is the head of a gold mention in the treebank's tree.
func goldHead(d *Document, s Span) int { return headOf(d.Tokens, s) }

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
