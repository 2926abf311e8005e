package adverse

import (
	"cmp"
	"math"
	"slices"
	"sync"

	"dossier/segment"
)

// Model is a trained adverse-media classifier: a logistic regression over
// the L2-normalized feature vector of an article, whose log-odds are
// mapped to a probability by Platt scaling. It is safe for concurrent
// use.
type Model struct {
	// Features is what the model reads from an article.
	Features Features
	// Threshold is the calibrated probability at or above which an
	// article is adverse; it maximized F1 on out-of-fold predictions of
	// the training articles.
	Threshold float64
	// Info describes how the model was trained.
	Info Info

	bias   float64
	plattA float64 // P(adverse) = 1 / (1 + exp(-(plattA*logit + plattB)))
	plattB float64
	tables []table // one per feature block
	kinds  []int   // the blocks' kinds

	pool sync.Pool // *scratch
}

// Info describes how a model was trained and what it scored on its own
// training data by cross-validation.
type Info struct {
	Data        string  `json:"data"`         // training file name (base name)
	Examples    int     `json:"examples"`     // articles trained on
	Adverse     int     `json:"adverse"`      // of which adverse
	HeldOutSeen bool    `json:"heldout_seen"` // trained on the held-out split too
	C           float64 `json:"c"`            // inverse L2 regularization strength
	Folds       int     `json:"folds"`        // cross-validation folds
	Seed        int64   `json:"seed"`         // of the assignment to folds
	CV          Metrics `json:"cv"`           // out-of-fold figures at Threshold
	Vocabulary  []int   `json:"vocabulary"`   // features kept, per block
}

// Result is the verdict on one article.
type Result struct {
	Score     float64  // calibrated P(adverse)
	Adverse   bool     // Score >= Threshold
	Sentences []Driver // up to 5 sentences that push the score up most, strongest first
}

// Driver is a sentence of the article and its share of the model's
// log-odds: the log-odds is the model's bias plus the Weight of every
// sentence. Only sentences with a positive Weight (towards adverse) are
// listed.
type Driver struct {
	Start, End int      // byte offsets of the sentence in the text
	Weight     float64  // contribution to the log-odds (before calibration)
	Terms      []string // up to 5 n-grams of the sentence that push it up most, strongest first
}

// MaxDrivers and MaxTerms bound Result.Sentences and Driver.Terms.
const (
	MaxDrivers = 5
	MaxTerms   = 5
)

// table is an open-addressing hash table from feature key to its scale
// (idf or NB ratio) and its weight.
type table struct {
	slots []slot
	mask  uint64
	n     int
}

type slot struct {
	key           uint64 // 0: empty
	scale, weight float32
}

func newTable(keys []uint64, scale, weight []float32) table {
	size := 16
	for size < 2*len(keys) {
		size *= 2
	}
	t := table{slots: make([]slot, size), mask: uint64(size - 1), n: len(keys)}
	for i, k := range keys {
		j := k & t.mask
		for t.slots[j].key != 0 {
			j = (j + 1) & t.mask
		}
		t.slots[j] = slot{k, scale[i], weight[i]}
	}
	return t
}

// find returns the slot of key, or -1.
func (t *table) find(key uint64) int {
	j := key & t.mask
	for {
		s := t.slots[j].key
		if s == key {
			return int(j)
		}
		if s == 0 {
			return -1
		}
		j = (j + 1) & t.mask
	}
}

// scratch holds the buffers of one Score call.
type scratch struct {
	x      extractor
	occs   []occ
	hits   []hit
	sentW  []float64
	counts [][]int32   // per block, per slot
	share  [][]float64 // per block, per slot: contribution of one occurrence
	touch  [][]int32   // per block, slots with a non-zero count
	terms  []term
	termAt map[uint64]int // n-gram key to index in terms
	kept   []segment.Token
	words  []uint64
}

type hit struct {
	slot int32
	sent int32
}

// term is an n-gram of a sentence: n kept tokens from index i, or with
// n = 0 the word of token i (credited with its character n-grams).
type term struct {
	i, n int
	w    float64
}

func (m *Model) scratch() *scratch {
	if sc, ok := m.pool.Get().(*scratch); ok {
		return sc
	}
	sc := &scratch{x: extractor{f: m.Features}}
	for _, t := range m.tables {
		sc.counts = append(sc.counts, make([]int32, len(t.slots)))
		sc.share = append(sc.share, make([]float64, len(t.slots)))
		sc.touch = append(sc.touch, nil)
	}
	return sc
}

func tf(f *Features, n int32) float64 {
	if f.TF == "binary" || n == 1 {
		return 1
	}
	return 1 + math.Log(float64(n))
}

// Score rates text, an article's body, and explains the rating.
func (m *Model) Score(text string) Result {
	sents := segment.Sentences(text)
	sc := m.scratch()
	defer m.pool.Put(sc)
	logit := m.weigh(text, sents, sc)
	p := m.calibrate(logit)
	res := Result{Score: p, Adverse: p >= m.Threshold}
	res.Sentences = m.drivers(text, sents, sc.sentW, sc)
	m.reset(sc)
	return res
}

// Weights is the article model's log-odds of an article split over its
// sentences: Logit = the model's bias + the sum of Sentence.
type Weights struct {
	Logit     float64
	Sentences []segment.Sentence // segment.Sentences of the text
	Sentence  []float64          // each sentence's share of Logit
}

// Weigh returns the log-odds of text (before calibration) and each
// sentence's share of it: what the subject-level model reads about the
// sentences that mention its subject.
func (m *Model) Weigh(text string) Weights {
	sents := segment.Sentences(text)
	sc := m.scratch()
	defer m.pool.Put(sc)
	logit := m.weigh(text, sents, sc)
	w := Weights{Logit: logit, Sentences: sents, Sentence: slices.Clone(sc.sentW)}
	m.reset(sc)
	return w
}

// Calibrate maps the model's log-odds to its calibrated probability.
func (m *Model) Calibrate(logit float64) float64 { return m.calibrate(logit) }

// calibrate maps log-odds to a probability.
func (m *Model) calibrate(logit float64) float64 {
	return 1 / (1 + math.Exp(-(m.plattA*logit + m.plattB)))
}

// weigh returns the log-odds of text and leaves in sc.sentW the
// contribution of each sentence, and in sc the counts and per-occurrence
// contributions of the features, until reset.
func (m *Model) weigh(text string, sents []segment.Sentence, sc *scratch) float64 {
	if cap(sc.sentW) < len(sents) {
		sc.sentW = make([]float64, len(sents))
	}
	sc.sentW = sc.sentW[:len(sents)]
	sentW := sc.sentW
	clear(sentW)
	logit := m.bias
	for b := range m.tables {
		tab := &m.tables[b]
		counts, share := sc.counts[b], sc.share[b]
		touch := sc.touch[b][:0]
		sc.occs = sc.x.features(sc.occs[:0], m.kinds[b], text, sents)
		hits := sc.hits[:0]
		for _, o := range sc.occs {
			i := tab.find(o.key)
			if i < 0 {
				continue
			}
			if counts[i] == 0 {
				touch = append(touch, int32(i))
			}
			counts[i]++
			hits = append(hits, hit{int32(i), o.sent})
		}
		sc.hits = hits
		var norm2 float64
		for _, i := range touch {
			v := tf(&m.Features, counts[i]) * float64(tab.slots[i].scale)
			share[i] = v
			norm2 += v * v
		}
		if norm2 > 0 {
			inv := 1 / math.Sqrt(norm2)
			for _, i := range touch {
				c := float64(tab.slots[i].weight) * share[i] * inv
				logit += c
				share[i] = c / float64(counts[i])
			}
			for _, h := range hits {
				sentW[h.sent] += share[h.slot]
			}
		}
		sc.touch[b] = touch
	}
	return logit
}

// reset clears the feature counts weigh left in sc.
func (m *Model) reset(sc *scratch) {
	for b := range m.tables {
		for _, i := range sc.touch[b] {
			sc.counts[b][i] = 0
		}
		sc.touch[b] = sc.touch[b][:0]
	}
}

// drivers picks the sentences with the largest positive weights and
// names their strongest n-grams.
func (m *Model) drivers(text string, sents []segment.Sentence, sentW []float64, sc *scratch) []Driver {
	var top [MaxDrivers]int
	n := 0
	for i, w := range sentW {
		if w <= 0 {
			continue
		}
		// insert i into top[:n], ordered by weight (then position)
		j := n
		if n < MaxDrivers {
			n++
		} else if w <= sentW[top[MaxDrivers-1]] {
			continue
		} else {
			j = MaxDrivers - 1
		}
		for j > 0 && sentW[top[j-1]] < w {
			top[j] = top[j-1]
			j--
		}
		top[j] = i
	}
	if n == 0 {
		return nil
	}
	out := make([]Driver, n)
	for k, i := range top[:n] {
		s := sents[i]
		lead := 0
		if m.Features.Lead > 0 {
			for _, p := range sents[:i] {
				for _, t := range p.Tokens {
					if keep(t.Kind) {
						lead++
					}
				}
				if lead >= m.Features.Lead {
					break
				}
			}
		}
		out[k] = Driver{Start: s.Start, End: s.End, Weight: sentW[i], Terms: m.sentenceTerms(text, s, lead, sc)}
	}
	return out
}

// sentenceTerms returns the word n-grams of s that add most to its
// weight. Character n-grams, if the model has them, are credited to the
// word they come from. lead is the number of words of the article before
// s.
func (m *Model) sentenceTerms(text string, s segment.Sentence, lead int, sc *scratch) []string {
	f := &m.Features
	if sc.termAt == nil {
		sc.termAt = map[uint64]int{}
	}
	clear(sc.termAt)
	terms := sc.terms[:0]
	add := func(key uint64, i, n int, w float64) {
		if k, ok := sc.termAt[key]; ok {
			terms[k].w += w
			return
		}
		sc.termAt[key] = len(terms)
		terms = append(terms, term{i, n, w})
	}
	kept, words := sc.kept[:0], sc.words[:0]
	for _, t := range s.Tokens {
		if keep(t.Kind) {
			kept = append(kept, t)
			words = append(words, hashWord(text[t.Start:t.End], f.Digits))
		}
	}
	for b, kind := range m.kinds {
		tab, share, counts := &m.tables[b], sc.share[b], sc.counts[b]
		switch kind {
		case blockWords, blockLead, blockPhrases:
			lo, hi := f.WordMin, f.WordMax
			if kind == blockPhrases {
				lo, hi = 2, f.Phrases
			}
			for i := range kept {
				if kind == blockLead && lead+i >= f.Lead {
					break
				}
				for n := lo; n <= hi && i+n <= len(kept); n++ {
					key := gramKey(words[i : i+n])
					look := key
					if kind == blockLead {
						look = mix(key ^ leadSalt)
					}
					if j := tab.find(look); j >= 0 && counts[j] > 0 {
						add(key, i, n, share[j])
					}
				}
			}
		case blockChars:
			var buf []byte
			var grams []occ
			for i, t := range kept {
				if t.Kind != segment.Word {
					continue
				}
				buf = append(append(append(buf[:0], ' '), normWord(text[t.Start:t.End], f.Digits)...), ' ')
				grams = appendCharGrams(grams[:0], buf, f.CharMin, f.CharMax, 0)
				var sum float64
				for _, g := range grams {
					if j := tab.find(g.key); j >= 0 && counts[j] > 0 {
						sum += share[j]
					}
				}
				add(gramKey(words[i:i+1]), i, 1, sum)
			}
		}
	}
	slices.SortStableFunc(terms, func(a, b term) int { return cmp.Compare(b.w, a.w) })
	var out []string
	for _, t := range terms {
		if t.w <= 0 || len(out) == MaxTerms {
			break
		}
		parts := make([]string, t.n)
		for k, tok := range kept[t.i : t.i+t.n] {
			parts[k] = normWord(text[tok.Start:tok.End], f.Digits)
		}
		out = append(out, joinWords(parts))
	}
	sc.terms, sc.kept, sc.words = terms[:0], kept[:0], words[:0]
	return out
}

func joinWords(parts []string) string {
	if len(parts) == 1 {
		return parts[0]
	}
	n := len(parts) - 1
	for _, p := range parts {
		n += len(p)
	}
	b := make([]byte, 0, n)
	for i, p := range parts {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, p...)
	}
	return string(b)
}
