package claimeval

import (
	"fmt"
	"sort"

	"dossier/corpus"
	"dossier/recognize"
	"dossier/repair"
	seg "dossier/segment"
)

// NERStats says what NERDocuments made of the gold mentions of the four
// types. Every mention is Labelled or counted in exactly one of the
// other fields.
type NERStats struct {
	Documents, Sentences, Tokens int
	Mentions                     int // gold PER, ORG, LOC and MISC mentions
	Labelled                     int // start and end on token boundaries, in one sentence
	// InsideToken: the mention lies inside one token and is shorter than
	// it ("U.S." of the token "U.S.-based"); a tagger of whole tokens
	// cannot find it, so the token stays O.
	InsideToken int
	// Cut: the mention starts or ends inside a token it does not lie
	// within; its tokens stay O.
	Cut int
	// Crossing: start and end fall on token boundaries of different
	// sentences (the splitter broke inside the name); its tokens stay O.
	Crossing int
	// Overlapping: the mention overlaps one labelled before it (the guide
	// allows no nesting, so this is an annotation error); left out.
	Overlapping int
	// Examples lists up to MaxNERExamples unlabelled mentions as
	// "key start-end TYPE reason", for a report; no article text.
	Examples []string
}

// MaxNERExamples bounds NERStats.Examples.
const MaxNERExamples = 20

// Unlabelled is the number of mentions left out.
func (s NERStats) Unlabelled() int { return s.InsideToken + s.Cut + s.Crossing + s.Overlapping }

// NEROptions set how NERDocuments and EvaluateNER read an article.
type NEROptions struct {
	// NoRepair tokenizes the CSV text as it is; by default it is repaired
	// first, as the pipeline's callers do (see Extract), and token
	// offsets are mapped back to the CSV text (Align).
	NoRepair bool
}

// article is one record's text as the pipeline sees it: repaired,
// segmented, with each token's offsets in the CSV text.
type article struct {
	text       string // what the pipeline reads (repaired)
	sents      []seg.Sentence
	start, end [][]int // per sentence and token: offsets in the CSV text
	o          *Offsets
}

func readArticle(row *corpus.Row, opt NEROptions) *article {
	text := row.Article
	if !opt.NoRepair {
		text, _ = repair.String(row.Article)
	}
	a := &article{text: text, sents: seg.Sentences(text)}
	o := Align(row.Article, text)
	a.o = o
	for _, s := range a.sents {
		st, en := make([]int, len(s.Tokens)), make([]int, len(s.Tokens))
		for i, t := range s.Tokens {
			st[i], en[i] = o.Start(t.Start), o.End(t.End)
		}
		a.start, a.end = append(a.start, st), append(a.end, en)
	}
	return a
}

// checkedRow checks a gold record against rows and returns its row; nil
// for a skipped record.
func checkedRow(rows map[string]*corpus.Row, g *corpus.Record) (*corpus.Row, error) {
	row, ok := rows[g.Key]
	if !ok {
		return nil, fmt.Errorf("claimeval: %s:%d: no row of the CSV has key %s", g.File, g.Line, g.Key)
	}
	if h := corpus.ArticleHash(row.Article); h != g.ArticleHash {
		return nil, fmt.Errorf("claimeval: %s:%d: the article of %s has hash %s, the record was made on %s", g.File, g.Line, g.Key, h, g.ArticleHash)
	}
	if g.Status == corpus.StatusSkipped {
		return nil, nil
	}
	return row, nil
}

// NERDocuments turns gold records into labelled documents for training
// or scoring the recognizer: each article is repaired (unless
// opt.NoRepair), split into sentences and tokens by segment as the
// pipeline does, its tokens written as recognize.Words gives them, and
// each gold PER, ORG, LOC and MISC mention whose start and end offsets
// fall on the (mapped) boundaries of tokens of one sentence labelled in
// IOB2 (recognize.Train makes BILOU of it). Mentions that do not are
// counted in the stats by reason, and their tokens stay O. Skipped
// records give no document. rows maps keys to the CSV rows; a record
// whose row is missing or whose article changed is an error.
func NERDocuments(rows map[string]*corpus.Row, gold []*corpus.Record, opt NEROptions) ([]recognize.Document, NERStats, error) {
	var (
		docs []recognize.Document
		st   NERStats
	)
	for _, g := range gold {
		row, err := checkedRow(rows, g)
		if err != nil {
			return nil, st, err
		}
		if row == nil {
			continue
		}
		doc := labelArticle(g, readArticle(row, opt), &st)
		st.Documents++
		for _, s := range doc {
			st.Sentences++
			st.Tokens += len(s.Tokens)
		}
		docs = append(docs, doc)
	}
	return docs, st, nil
}

// labelArticle labels the tokens of a, counting into st.
func labelArticle(g *corpus.Record, a *article, st *NERStats) recognize.Document {
	words := recognize.Words(a.text, a.sents)
	doc := make(recognize.Document, len(words))
	type pos struct{ s, t int }
	starts, ends := map[int]pos{}, map[int]pos{}
	for s := range words {
		labels := make([]string, len(words[s]))
		for t := range labels {
			labels[t] = "O"
			if _, ok := starts[a.start[s][t]]; !ok {
				starts[a.start[s][t]] = pos{s, t}
			}
			ends[a.end[s][t]] = pos{s, t} // the last token ending there
		}
		doc[s] = recognize.Sentence{Tokens: words[s], Labels: labels}
	}
	ents := append([]corpus.Entity(nil), g.Entities...)
	sort.SliceStable(ents, func(i, j int) bool { return ents[i].Start < ents[j].Start })
	lastEnd := -1
	miss := func(e corpus.Entity, n *int, why string) {
		*n++
		if len(st.Examples) < MaxNERExamples {
			st.Examples = append(st.Examples, fmt.Sprintf("%s %d-%d %s %s", g.Key, e.Start, e.End, e.Type, why))
		}
	}
	for _, e := range ents {
		if !scored(e.Type) {
			continue
		}
		st.Mentions++
		b, okb := starts[e.Start]
		l, okl := ends[e.End]
		switch {
		case e.Start < lastEnd:
			miss(e, &st.Overlapping, "overlaps the mention before")
		case okb && okl && b.s == l.s && b.t <= l.t:
			st.Labelled++
			lastEnd = e.End
			labels := doc[b.s].Labels
			labels[b.t] = "B-" + e.Type
			for t := b.t + 1; t <= l.t; t++ {
				labels[t] = "I-" + e.Type
			}
		case okb && okl:
			miss(e, &st.Crossing, "crosses a sentence break")
		case insideToken(a, e):
			miss(e, &st.InsideToken, "inside one token")
		default:
			miss(e, &st.Cut, "cuts a token")
		}
	}
	return doc
}

// insideToken reports whether e lies within one token of a.
func insideToken(a *article, e corpus.Entity) bool {
	for s := range a.start {
		for t := range a.start[s] {
			if a.start[s][t] <= e.Start && e.End <= a.end[s][t] {
				return true
			}
		}
	}
	return false
}

// NERResult is the recognizer's score on gold records: exact span and
// type, per type, each distinct mention counted once.
type NERResult struct {
	Documents int
	Counts    map[string]corpus.Counts // by type (Types)
	Tokens    int
}

// Total sums the counts over Types.
func (r *NERResult) Total() corpus.Counts { return EntityTotal(r.Counts) }

// EvaluateNER runs the recognizer m alone over the articles of gold
// records as the pipeline does (repair unless opt.NoRepair, segment,
// recognize, offsets mapped back to the CSV text) and scores its PER,
// ORG, LOC and MISC mentions against the gold ones by exact span and
// type. Gold mentions that no token boundary can reach (NERStats) count
// as missed. The figures equal the recognized-mention figures of
// Evaluate, without running the rest of the pipeline.
func EvaluateNER(m *recognize.Model, rows map[string]*corpus.Row, gold []*corpus.Record, opt NEROptions) (*NERResult, error) {
	res := &NERResult{Counts: map[string]corpus.Counts{}}
	for _, t := range Types {
		res.Counts[t] = corpus.Counts{}
	}
	for _, g := range gold {
		row, err := checkedRow(rows, g)
		if err != nil {
			return nil, err
		}
		if row == nil {
			continue
		}
		a := readArticle(row, opt)
		var pred []typed
		for _, x := range m.RecognizeSentences(a.text, a.sents) {
			if scored(x.Label) {
				pred = append(pred, typed{corpus.Span{Start: a.o.Start(x.Start), End: a.o.End(x.End)}, x.Label})
			}
		}
		for _, s := range a.sents {
			res.Tokens += len(s.Tokens)
		}
		count(goldTyped(g), pred, res.Counts)
		res.Documents++
	}
	return res, nil
}
