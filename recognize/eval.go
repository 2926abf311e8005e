package recognize

import (
	"sort"
	"time"
)

// PRF is precision, recall and F1 with the counts behind them.
type PRF struct {
	Precision, Recall, F1    float64
	Gold, Predicted, Correct int
}

func (p *PRF) finish() {
	if p.Predicted > 0 {
		p.Precision = float64(p.Correct) / float64(p.Predicted)
	}
	if p.Gold > 0 {
		p.Recall = float64(p.Correct) / float64(p.Gold)
	}
	if p.Precision+p.Recall > 0 {
		p.F1 = 2 * p.Precision * p.Recall / (p.Precision + p.Recall)
	}
}

// EvalReport is the result of Evaluate: entity-level scores as conlleval
// computes them (a predicted entity is correct when its span and type
// both match a gold one), overall and per type.
type EvalReport struct {
	PerType      map[string]PRF
	Overall      PRF
	Tokens       int
	Sentences    int
	TokensPerSec float64 // tagging speed, features and decoding included
}

// Types returns the report's entity types, sorted.
func (r *EvalReport) Types() []string {
	var ts []string
	for t := range r.PerType {
		ts = append(ts, t)
	}
	sort.Strings(ts)
	return ts
}

// Evaluate tags a CoNLL-2003 file (or a GUM .conllu file) with m and
// scores it against the file's labels with conlleval semantics.
func Evaluate(m *Model, file string) (*EvalReport, error) {
	return EvaluateFiles(m, file)
}

// EvaluateFiles is Evaluate over several files, scored together.
func EvaluateFiles(m *Model, files ...string) (*EvalReport, error) {
	docs, err := readCorpus(files)
	if err != nil {
		return nil, err
	}
	return evaluateDocs(m, docs), nil
}

// EvaluateDocs scores m on labelled documents.
func EvaluateDocs(m *Model, docs []Document) *EvalReport { return evaluateDocs(m, docs) }

func evaluateDocs(m *Model, docs []Document) *EvalReport {
	rep := &EvalReport{PerType: map[string]PRF{}}
	pred := make([][][]string, len(docs))
	start := time.Now()
	for i, d := range docs {
		toks := make([][]string, len(d))
		for j, s := range d {
			toks[j] = s.Tokens
			rep.Tokens += len(s.Tokens)
		}
		pred[i] = m.TagTokens(toks)
	}
	if el := time.Since(start).Seconds(); el > 0 {
		rep.TokensPerSec = float64(rep.Tokens) / el
	}
	for i, d := range docs {
		for j, s := range d {
			rep.Sentences++
			scoreSentence(rep, s.Labels, pred[i][j])
		}
	}
	for t, p := range rep.PerType {
		p.finish()
		rep.PerType[t] = p
	}
	rep.Overall.finish()
	return rep
}

func scoreSentence(rep *EvalReport, gold, pred []string) {
	g, p := Chunks(gold), Chunks(pred)
	gs := make(map[Span]bool, len(g))
	for _, s := range g {
		gs[s] = true
		x := rep.PerType[s.Label]
		x.Gold++
		rep.PerType[s.Label] = x
		rep.Overall.Gold++
	}
	for _, s := range p {
		x := rep.PerType[s.Label]
		x.Predicted++
		rep.Overall.Predicted++
		if gs[s] {
			x.Correct++
			rep.Overall.Correct++
		}
		rep.PerType[s.Label] = x
	}
}
