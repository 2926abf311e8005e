package recognize

import (
	"context"
	"math"
	"strings"
	"sync"

	"dossier/internal/perceptron"
)

// Entity types the statistical model tags, and the schemes it can tag
// them in. BIO is IOB2; BILOU adds L (last) and U (unit) tags, which
// lets a first-order model see where a name ends.
var entityTypes = []string{"PER", "ORG", "LOC", "MISC"}

func schemeLabels(scheme string) []string {
	labels := []string{"O"}
	prefixes := "BI"
	if scheme == "bilou" {
		prefixes = "BILU"
	}
	for _, t := range entityTypes {
		for _, p := range prefixes {
			labels = append(labels, string(p)+"-"+t)
		}
	}
	return labels
}

// Model is a trained named-entity tagger: a linear model over hashed
// features of each token with first-order label transitions, decoded
// with Viterbi. It is safe for concurrent use.
type Model struct {
	info   ModelInfo
	labels []string
	iob2   []string // labels[i] as IOB2
	bits   uint
	w      *perceptron.Table // emission weights of 2^bits feature buckets × labels (with their own scale)
	trans  []int16           // (len(labels)+1) × len(labels); the last row is the start
	scale  float32           // transition weight = trans × scale
	lx     *lexicon

	// the second stage, when info.Stacked: weights over the first
	// stage's features plus its labels
	w2     *perceptron.Table
	trans2 []int16
	scale2 float32

	allowed []bool // like trans: whether a transition is legal
	final   []bool // whether a label may end a sentence
	ltype   []int8 // entity type index of each label, -1 for O
	lbegin  []bool // whether a label opens an entity
	pool    sync.Pool
}

// ModelInfo describes how a model was trained.
type ModelInfo struct {
	Scheme    string  `json:"scheme"`
	Epoch     int     `json:"epoch"`
	Seed      int64   `json:"seed"`
	DevF1     float64 `json:"dev_f1"`
	Sentences int     `json:"sentences"`
	// Stacked: a second stage sees the first stage's labels of the
	// document; Stage1F1 is the first stage's own dev F1.
	Stacked  bool    `json:"stacked"`
	Stage1F1 float64 `json:"stage1_dev_f1,omitempty"`
	Clusters int     `json:"clusters"`
	Phrases  int     `json:"phrases"`
	// NewsDocuments were added to the training files, each NewsRepeat
	// times; SelectedBy names the figure DevF1 is, when not the F1 on
	// the dev files.
	NewsDocuments int    `json:"news_documents,omitempty"`
	NewsRepeat    int    `json:"news_repeat,omitempty"`
	SelectedBy    string `json:"selected_by,omitempty"`
}

// Info returns how the model was trained.
func (m *Model) Info() ModelInfo { return m.info }

// Labels returns the model's tag set, "O" first.
func (m *Model) Labels() []string { return append([]string(nil), m.labels...) }

// setup derives the transition constraints and IOB2 names from labels.
func (m *Model) setup() {
	nl := len(m.labels)
	m.iob2 = make([]string, nl)
	for i, l := range m.labels {
		switch {
		case strings.HasPrefix(l, "L-"):
			m.iob2[i] = "I-" + l[2:]
		case strings.HasPrefix(l, "U-"):
			m.iob2[i] = "B-" + l[2:]
		default:
			m.iob2[i] = l
		}
	}
	m.allowed = make([]bool, (nl+1)*nl)
	m.final = make([]bool, nl)
	for p := 0; p <= nl; p++ {
		prev := "O"
		if p < nl {
			prev = m.labels[p]
		}
		for c := 0; c < nl; c++ {
			m.allowed[p*nl+c] = legal(m.info.Scheme, prev, m.labels[c])
		}
	}
	m.ltype = make([]int8, nl)
	m.lbegin = make([]bool, nl)
	for c, l := range m.labels {
		m.final[c] = !(m.info.Scheme == "bilou" && (l[0] == 'B' || l[0] == 'I'))
		m.ltype[c] = -1
		for k, t := range entityTypes {
			if l != "O" && l[2:] == t {
				m.ltype[c] = int8(k)
			}
		}
		m.lbegin[c] = l[0] == 'B' || l[0] == 'U'
	}
}

// legal reports whether label cur may follow prev ("O" at the start).
func legal(scheme, prev, cur string) bool {
	open := prev != "O" && (prev[0] == 'B' || prev[0] == 'I')
	continues := cur != "O" && (cur[0] == 'I' || cur[0] == 'L')
	if continues {
		return open && prev[2:] == cur[2:]
	}
	// in BILOU a B or I must be continued
	return !(scheme == "bilou" && open)
}

// tagger holds one goroutine's buffers.
type tagger struct {
	// ctx, when set, stops decoding between sentences once it ends
	ctx  context.Context
	ex   *extractor
	em   []float32
	back []int32
	best []float32
	prev []float32
	out  []int
	s1   []int // first-stage labels of the whole document
}

func (m *Model) getTagger() *tagger {
	if t, ok := m.pool.Get().(*tagger); ok {
		return t
	}
	return &tagger{ex: newExtractor(m.lx, m.bits)}
}

// viterbi decodes n tokens of emission scores into out.
func viterbi[W int16 | float32](tg *tagger, nl, n int, em []float32, trans []W, scale float32, allowed, final []bool, out []int) {
	if n == 0 {
		return
	}
	tg.best = grow(tg.best, nl)
	tg.prev = grow(tg.prev, nl)
	if cap(tg.back) < n*nl {
		tg.back = make([]int32, n*nl)
	}
	back := tg.back[:n*nl]
	neg := float32(math.Inf(-1))
	start := nl * nl
	for c := 0; c < nl; c++ {
		if allowed[start+c] {
			tg.best[c] = em[c] + float32(trans[start+c])*scale
		} else {
			tg.best[c] = neg
		}
	}
	for t := 1; t < n; t++ {
		tg.prev, tg.best = tg.best, tg.prev
		for c := 0; c < nl; c++ {
			bs, bp := neg, int32(0)
			for p := 0; p < nl; p++ {
				if !allowed[p*nl+c] || tg.prev[p] == neg {
					continue
				}
				if s := tg.prev[p] + float32(trans[p*nl+c])*scale; s > bs {
					bs, bp = s, int32(p)
				}
			}
			tg.best[c] = bs + em[t*nl+c]
			back[t*nl+c] = bp
		}
	}
	bc, bs := 0, neg
	for c := 0; c < nl; c++ {
		if final[c] && tg.best[c] > bs {
			bs, bc = tg.best[c], c
		}
	}
	for t := n - 1; t >= 0; t-- {
		out[t] = bc
		bc = int(back[t*nl+bc])
	}
}

func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

// tagIndices tags a document, calling fn with each sentence's label
// indices (valid during the call; tg.em holds its emission scores).
func (m *Model) tagIndices(tg *tagger, doc [][]string, fn func(s int, labels []int)) {
	tg.ex.extract(doc)
	if !m.info.Stacked {
		m.decode(tg, doc, tg.ex.feats, tg.ex.off, m.w, m.trans, m.scale, fn)
		return
	}
	tg.s1 = tg.s1[:0]
	m.decode(tg, doc, tg.ex.feats, tg.ex.off, m.w, m.trans, m.scale, func(_ int, labels []int) {
		tg.s1 = append(tg.s1, labels...)
	})
	if tg.ctx != nil && tg.ctx.Err() != nil {
		return // the first stage stopped early: no labels to stack on
	}
	tg.ex.extend(tg.s1, m.ltype, m.lbegin)
	m.decode(tg, doc, tg.ex.feats2, tg.ex.off2, m.w2, m.trans2, m.scale2, fn)
}

// decode scores and decodes each sentence with one stage's weights.
func (m *Model) decode(tg *tagger, doc [][]string, feats []uint32, off []int32, w *perceptron.Table, trans []int16, scale float32, fn func(s int, labels []int)) {
	nl := len(m.labels)
	t0 := 0
	for s, sent := range doc {
		if tg.ctx != nil && tg.ctx.Err() != nil {
			return
		}
		n := len(sent)
		tg.em = grow(tg.em, n*nl)
		clear(tg.em)
		for t := range n {
			w.Scores(feats[off[t0+t]:off[t0+t+1]], tg.em[t*nl:(t+1)*nl])
		}
		if cap(tg.out) < n {
			tg.out = make([]int, n)
		}
		out := tg.out[:n]
		viterbi(tg, nl, n, tg.em, trans, scale, m.allowed, m.final, out)
		fn(s, out)
		t0 += n
	}
}

// TagTokens tags a document given as sentences of tokens and returns an
// IOB2 label (O, B-PER, I-ORG, …) for every token. The whole document is
// needed because some features look at the other sentences.
func (m *Model) TagTokens(doc [][]string) [][]string {
	tg := m.getTagger()
	defer m.pool.Put(tg)
	res := make([][]string, len(doc))
	m.tagIndices(tg, doc, func(s int, labels []int) {
		r := make([]string, len(labels))
		for i, l := range labels {
			r[i] = m.iob2[l]
		}
		res[s] = r
	})
	return res
}
