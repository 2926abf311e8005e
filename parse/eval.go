package parse

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Report is how a model scores on gold-tokenized sentences. Every word
// counts, punctuation included, as in the CoNLL 2018 shared task.
type Report struct {
	Sentences, Words int
	UPOS             float64 // tag correct
	UAS              float64 // head correct
	LAS              float64 // head and universal relation (before any ":subtype") correct, as CoNLL 2018 scores
	LASFull          float64 // head and full relation correct
	PerLabel         map[string]PRF
	TokensPerSec     float64
}

// PRF is precision, recall and F1 of attaching words with one label
// (head and label right).
type PRF struct {
	Gold, Predicted, Correct int
	Precision, Recall, F1    float64
}

// universal returns a relation without its subtype.
func universal(l string) string {
	if i := strings.IndexByte(l, ':'); i >= 0 {
		return l[:i]
	}
	return l
}

// Evaluate parses the sentences' forms and scores the result against
// their gold annotation.
func Evaluate(m *Model, gold []Sentence) Report {
	r := Report{Sentences: len(gold), PerLabel: map[string]PRF{}}
	var upos, uas, las, full int
	var buf []Word
	var elapsed time.Duration
	for _, s := range gold {
		buf = append(buf[:0], make([]Word, len(s.Words))...)
		for i, w := range s.Words {
			buf[i].Form = w.Form
		}
		t0 := time.Now()
		m.ParseWords(buf)
		elapsed += time.Since(t0)
		for i, g := range s.Words {
			p := buf[i]
			r.Words++
			gl, pl := universal(g.Deprel), universal(p.Deprel)
			x := r.PerLabel[gl]
			x.Gold++
			r.PerLabel[gl] = x
			y := r.PerLabel[pl]
			y.Predicted++
			r.PerLabel[pl] = y
			if p.UPOS == g.UPOS {
				upos++
			}
			if p.Head != g.Head {
				continue
			}
			uas++
			if gl == pl {
				las++
				x := r.PerLabel[gl]
				x.Correct++
				r.PerLabel[gl] = x
			}
			if g.Deprel == p.Deprel {
				full++
			}
		}
	}
	if r.Words > 0 {
		n := float64(r.Words)
		r.UPOS, r.UAS, r.LAS, r.LASFull = float64(upos)/n, float64(uas)/n, float64(las)/n, float64(full)/n
	}
	if elapsed > 0 {
		r.TokensPerSec = float64(r.Words) / elapsed.Seconds()
	}
	for l, x := range r.PerLabel {
		if x.Predicted > 0 {
			x.Precision = float64(x.Correct) / float64(x.Predicted)
		}
		if x.Gold > 0 {
			x.Recall = float64(x.Correct) / float64(x.Gold)
		}
		if x.Precision+x.Recall > 0 {
			x.F1 = 2 * x.Precision * x.Recall / (x.Precision + x.Recall)
		}
		r.PerLabel[l] = x
	}
	return r
}

// Labels returns the report's labels, most frequent in the gold first.
func (r Report) Labels() []string {
	out := make([]string, 0, len(r.PerLabel))
	for l := range r.PerLabel {
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := r.PerLabel[out[i]], r.PerLabel[out[j]]
		if a.Gold != b.Gold {
			return a.Gold > b.Gold
		}
		return out[i] < out[j]
	})
	return out
}

// EvaluateFile reads a CoNLL-U file and scores the model on it. Every
// word must have a gold head and relation.
func EvaluateFile(m *Model, path string) (Report, error) {
	sents, err := ReadFile(path)
	if err != nil {
		return Report{}, err
	}
	for _, s := range sents {
		for i, w := range s.Words {
			if w.Head < 0 || w.Deprel == "" || w.UPOS == "" || w.UPOS == "_" {
				return Report{}, fmt.Errorf("parse: %s: sentence %q word %d has no gold UPOS, head or relation", path, s.ID, i+1)
			}
		}
	}
	if len(sents) == 0 {
		return Report{}, fmt.Errorf("parse: %s: no sentences", path)
	}
	return Evaluate(m, sents), nil
}

// evaluateTags returns the tagger's UPOS accuracy on the sentences.
func evaluateTags(m *Model, gold []Sentence) float64 {
	w := m.newWorker()
	ok, n := 0, 0
	for _, s := range gold {
		forms := make([]string, len(s.Words))
		for i, x := range s.Words {
			forms[i] = x.Form
		}
		m.prepare(w, forms)
		m.tag(w, w.info[1:], 0)
		for i, x := range s.Words {
			if m.tags[w.info[i+1].tag] == x.UPOS {
				ok++
			}
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(ok) / float64(n)
}
