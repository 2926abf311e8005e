package attribute

import (
	"context"
	"dossier/internal/perceptron"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"dossier/segment"
)

// Span is the byte range [Start, End) of a document's text. The zero
// Span stands for a part that is absent.
type Span struct{ Start, End int }

// IsZero reports whether the span is absent.
func (s Span) IsZero() bool { return s == Span{} }

// Text returns the span's text in text, clamped to it.
func (s Span) Text(text string) string {
	a := max(0, min(s.Start, len(text)))
	b := max(a, min(s.End, len(text)))
	return text[a:b]
}

// Attribution is one report of what someone says, thinks or claims.
type Attribution struct {
	Cue     Span // the reporting words: "said", "told", "according to", "denied"
	Source  Span // who says it, as written: "he", "a former bodyguard"; zero when unnamed
	Content Span // what is said; it may run across sentences (quotations)
}

// roles of spans, and the labels of the tagger: O, then B (begin), I
// (inside), L (last) and U (unit, a one-token span) of each role.
const (
	roleSource = iota
	roleCue
	roleContent
	numRoles
)

const numLabels = 1 + 4*numRoles

var labelNames = func() [numLabels]string {
	var names [numLabels]string
	names[0] = "O"
	for r, role := range []string{"SOURCE", "CUE", "CONTENT"} {
		for k, p := range "BILU" {
			names[1+4*r+k] = string(p) + "-" + role
		}
	}
	return names
}()

// label parts
const (
	partB = iota
	partI
	partL
	partU
)

func labelRole(l int) int { return (l - 1) / 4 }
func labelPart(l int) int { return (l - 1) % 4 }
func label(role, part int) int {
	return 1 + 4*role + part
}

// opens reports whether label l leaves a span open (B or I).
func opens(l int) bool { return l > 0 && labelPart(l) <= partI }

// allowed[p*numLabels+c] tells whether label c may follow label p; row
// numLabels is the start of a paragraph. final[c] tells whether a
// paragraph may end with label c.
var allowed, final = func() ([]bool, []bool) {
	a := make([]bool, (numLabels+1)*numLabels)
	f := make([]bool, numLabels)
	for p := 0; p <= numLabels; p++ {
		for c := 0; c < numLabels; c++ {
			open := p < numLabels && opens(p)
			var ok bool
			if c > 0 && (labelPart(c) == partI || labelPart(c) == partL) {
				ok = open && labelRole(p) == labelRole(c)
			} else {
				ok = !open
			}
			a[p*numLabels+c] = ok
		}
	}
	for c := range f {
		f[c] = !opens(c)
	}
	return a, f
}()

// Model tags tokens as source, cue and content with a linear model over
// hashed features and first-order label transitions, decoded by Viterbi
// over each paragraph, and groups the spans into attributions. It is
// safe for concurrent use.
type Model struct {
	info  ModelInfo
	bits  uint
	w     *perceptron.Table // emissions: feature buckets × labels
	trans *perceptron.Table // transitions: previous label (the last the start) × label
	tr    []float32         // trans as (numLabels+1) × numLabels scores
	pool  sync.Pool
}

// ModelInfo describes how a model was trained.
type ModelInfo struct {
	Epoch     int     `json:"epoch"`
	Epochs    int     `json:"epochs"`
	Seed      int64   `json:"seed"`
	DevF1     float64 `json:"dev_content_overlap_f1"`
	Documents int     `json:"documents"`
	Tokens    int     `json:"tokens"`
}

// Info returns how the model was trained.
func (m *Model) Info() ModelInfo { return m.info }

// worker holds one goroutine's buffers.
type worker struct {
	toks      []tokInfo
	feats     []uint32
	prevTail  uint8
	sentCue   []uint8
	sentFirst []uint64
	em        []float32
	best      []float32
	prev      []float32
	back      []uint8
	labels    []int
	spans     []tagSpan // of the whole document
	base      int       // tokens of the document before this paragraph
	para      int       // paragraph number
}

func (m *Model) get() *worker {
	if w, ok := m.pool.Get().(*worker); ok {
		return w
	}
	return &worker{}
}

// Find returns the attributions in text, whose sentences and tokens are
// sents (from segment.Sentences(text)). Sentences are tagged a
// paragraph at a time (paragraphs end at blank lines), so content may
// run across the sentences of a quotation. Each content is tied to the
// nearest cue of its paragraph, or when its paragraph has none, to a
// cue without content that ends the paragraph before ("… reported:");
// each source is tied to the nearest cue of its sentence. A cue with two
// pieces of content (a quotation broken by "he said") gives two
// attributions with the same cue and source; a cue without content gives
// an attribution with zero Content. Attributions come in text order of
// their content (else cue).
func (m *Model) Find(text string, sents []segment.Sentence) []Attribution {
	out, _ := m.FindContext(context.Background(), text, sents)
	return out
}

// FindContext is Find that stops between paragraphs, and every
// ctxEvery tokens of a long one, once ctx ends, returning ctx.Err() and
// no attributions.
func (m *Model) FindContext(ctx context.Context, text string, sents []segment.Sentence) ([]Attribution, error) {
	w := m.get()
	defer m.pool.Put(w)
	w.spans, w.base, w.para = w.spans[:0], 0, 0
	var err error
	w.scan(text, sents, m.bits, func() {
		if err != nil {
			return
		}
		if err = ctx.Err(); err != nil {
			return
		}
		if err = m.emissionsContext(ctx, w); err != nil {
			return
		}
		viterbi(w, m.tr)
		w.collect()
	})
	if err != nil {
		return nil, err
	}
	out := link(text, w.spans, nil)
	sortAttributions(out)
	return out, nil
}

// ctxEvery is how many tokens of a paragraph FindContext tags between
// looks at its context.
const ctxEvery = 1024

// paragraphs calls fn with each run of sentences not broken by a blank
// line.
func paragraphs(text string, sents []segment.Sentence, fn func([]segment.Sentence)) {
	start := 0
	for i := 1; i <= len(sents); i++ {
		if i < len(sents) && !blankLineBetween(text, sents[i-1].End, sents[i].Start) {
			continue
		}
		fn(sents[start:i])
		start = i
	}
}

func blankLineBetween(text string, a, b int) bool {
	a, b = max(0, min(a, len(text))), max(0, min(b, len(text)))
	nl := 0
	for i := a; i < b; i++ {
		switch text[i] {
		case '\n', '\f':
			nl++
			if nl >= 2 || text[i] == '\f' {
				return true
			}
		case ' ', '\t', '\r':
		default:
			nl = 0
		}
	}
	return false
}

// emissions fills w.em (tokens × labels) with the label scores.
func (m *Model) emissions(w *worker) {
	m.emissionsContext(context.Background(), w)
}

// emissionsContext is emissions that stops every ctxEvery tokens once
// ctx ends, returning ctx.Err().
func (m *Model) emissionsContext(ctx context.Context, w *worker) error {
	n := len(w.toks)
	w.em = growF(w.em, n*numLabels)
	clear(w.em)
	for t := 0; t < n; t++ {
		if t%ctxEvery == ctxEvery-1 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		m.w.Scores(w.feats[t*numTemplates:(t+1)*numTemplates], w.em[t*numLabels:t*numLabels+numLabels])
	}
	return nil
}

// initTrans spreads the transition table into m.tr.
func (m *Model) initTrans() {
	m.tr = make([]float32, (numLabels+1)*numLabels)
	for p := 0; p <= numLabels; p++ {
		m.trans.Scores([]uint32{uint32(p)}, m.tr[p*numLabels:(p+1)*numLabels])
	}
}

// viterbi decodes w.em into w.labels with transition scores tr
// ((numLabels+1) × numLabels, the last row from the start).
func viterbi(w *worker, tr []float32) {
	n := len(w.toks)
	const nl = numLabels
	w.best, w.prev = growF(w.best, nl), growF(w.prev, nl)
	if cap(w.back) < n*nl {
		w.back = make([]uint8, n*nl)
	}
	back := w.back[:n*nl]
	if cap(w.labels) < n {
		w.labels = make([]int, n)
	}
	w.labels = w.labels[:n]
	if n == 0 {
		return
	}
	neg := float32(math.Inf(-1))
	for c := 0; c < nl; c++ {
		w.best[c] = neg
		if allowed[nl*nl+c] {
			w.best[c] = w.em[c] + tr[nl*nl+c]
		}
	}
	for t := 1; t < n; t++ {
		w.prev, w.best = w.best, w.prev
		em := w.em[t*nl : t*nl+nl]
		for c := 0; c < nl; c++ {
			bs, bp := neg, 0
			for p := 0; p < nl; p++ {
				if !allowed[p*nl+c] {
					continue
				}
				if s := w.prev[p] + tr[p*nl+c]; s > bs {
					bs, bp = s, p
				}
			}
			w.best[c] = bs + em[c]
			back[t*nl+c] = uint8(bp)
		}
	}
	bc, bs := 0, neg
	for c := 0; c < nl; c++ {
		if final[c] && w.best[c] > bs {
			bs, bc = w.best[c], c
		}
	}
	for t := n - 1; t >= 0; t-- {
		w.labels[t] = bc
		bc = int(back[t*nl+bc])
	}
}

func growF(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

// tagSpan is a run of tokens of one role: tokens [a, b) of the document,
// bytes [start, end).
type tagSpan struct {
	role, a, b   int
	start, end   int
	para         int
	sentA, sentB int32 // sentence numbers (within the paragraph) of its ends
	paraEnd      int   // the first token after its paragraph
	link         int   // the cue span a source or content is tied to, -1 for none
}

// collect appends the spans of the paragraph just decoded to w.spans.
func (w *worker) collect() {
	labels, toks := w.labels, w.toks
	n := len(labels)
	for i := 0; i < n; {
		l := labels[i]
		if l == 0 {
			i++
			continue
		}
		r := labelRole(l)
		j := i + 1
		if labelPart(l) == partB {
			for j < n && labels[j] != 0 && labelRole(labels[j]) == r && labelPart(labels[j]) == partI {
				j++
			}
			if j < n && labels[j] == label(r, partL) {
				j++
			}
		}
		w.spans = append(w.spans, tagSpan{role: r, a: w.base + i, b: w.base + j,
			start: toks[i].start, end: toks[j-1].end, para: w.para,
			sentA: toks[i].sent, sentB: toks[j-1].sent, paraEnd: w.base + n, link: -1})
		i = j
	}
	w.base += n
	w.para++
}

// gap is the number of tokens between two spans, 0 when they touch.
func gap(x, y *tagSpan) int {
	if x.b <= y.a {
		return y.a - x.b
	}
	if y.b <= x.a {
		return x.a - y.b
	}
	return 0
}

// maxCueCandidates is the number of cues on each side of a source or
// content span that link weighs when it looks for the span's cue.
const maxCueCandidates = 16

// link ties the spans of a document into attributions and appends them
// to out (see Find).
func link(text string, spans []tagSpan, out []Attribution) []Attribution {
	return linkWithin(text, spans, out, maxCueCandidates)
}

// linkWithin is link weighing window cues on each side of a span.
func linkWithin(text string, spans []tagSpan, out []Attribution, window int) []Attribution {
	sp := func(s *tagSpan) Span { return Span{s.start, s.end} }
	var cues []int
	for i := range spans {
		if spans[i].role == roleCue {
			cues = append(cues, i)
		}
	}
	// a cue with content right after it ("accusing them of …") takes
	// content before it only when no other cue will
	rightContent := make(map[int]bool, len(cues))
	for _, c := range cues {
		q := &spans[c]
		for k := c + 1; k < len(spans) && spans[k].a-q.b <= 1; k++ {
			if spans[k].role == roleContent && spans[k].para == q.para {
				rightContent[c] = true
			}
		}
	}
	// distance counts the tokens between two spans that are not in a
	// source. Sources do not overlap and come in text order, so the
	// source tokens between two spans are a difference of prefix sums
	// over the sources (srcEnd[k] is the end token of source k, srcLen[k]
	// the tokens of sources before k).
	var srcA, srcB, srcLen []int
	srcLen = append(srcLen, 0)
	for i := range spans {
		if x := &spans[i]; x.role == roleSource {
			srcA, srcB = append(srcA, x.a), append(srcB, x.b)
			srcLen = append(srcLen, srcLen[len(srcLen)-1]+x.b-x.a)
		}
	}
	distance := func(s *tagSpan, c int) int {
		q := &spans[c]
		d := gap(s, q)
		lo, hi := min(s.b, q.b), max(s.a, q.a)
		// the sources with a >= lo and b <= hi: from the first that
		// starts at lo or later to the last that ends by hi
		k0, _ := slices.BinarySearch(srcA, lo)
		k1, _ := slices.BinarySearch(srcB, hi+1)
		if k1 > k0 {
			d -= srcLen[k1] - srcLen[k0]
		}
		if s.role == roleContent && q.a >= s.b && rightContent[c] {
			d += 1000
		}
		return d
	}
	// nearest returns the cue nearest to s in its paragraph (in its
	// sentence when sameSentence), and the distance. It weighs only the
	// maxCueCandidates cues before s and as many after it in text order:
	// the distance grows with every cue passed, so the nearest cue of a
	// paragraph lies among them, and a paragraph of thousands of cues
	// (a long text without blank lines) costs each span a fixed number
	// of candidates, not one per cue of the paragraph.
	nearest := func(s *tagSpan, sameSentence bool) (int, int) {
		best, bd := -1, math.MaxInt
		pos, _ := slices.BinarySearchFunc(cues, s.a, func(c, a int) int { return spans[c].a - a })
		for _, c := range cues[max(0, pos-window):min(len(cues), pos+window)] {
			q := &spans[c]
			if q.para != s.para {
				continue
			}
			if sameSentence && (q.sentB < s.sentA || q.sentA > s.sentB) {
				continue
			}
			if d := distance(s, c); d < bd {
				best, bd = c, d
			}
		}
		return best, bd
	}
	hasContent := make(map[int]bool, len(cues))
	for i := range spans {
		s := &spans[i]
		if s.role == roleContent {
			s.link, _ = nearest(s, false)
			if s.link >= 0 {
				hasContent[s.link] = true
			}
		}
	}
	// content in a paragraph without cues continues the attribution of
	// the paragraph before when that one ends with a cue without
	// content ("… reported:") or with content so continued
	lastCue, carry := -1, -1 // what the paragraph before hands on
	prevPara := -1
	for i := range spans {
		s := &spans[i]
		if s.para != prevPara {
			if s.para != prevPara+1 {
				lastCue, carry = -1, -1
			}
			prevPara = s.para
		}
		if s.role == roleContent && s.link < 0 {
			if carry >= 0 {
				s.link = carry
			} else if lastCue >= 0 && !hasContent[lastCue] {
				s.link = lastCue
				hasContent[lastCue] = true
			}
		}
		// at the paragraph's last span, note what the next one may continue
		if i+1 == len(spans) || spans[i+1].para != s.para {
			lastCue, carry = -1, -1
			switch {
			case s.role == roleCue && s.paraEnd-s.b <= 3:
				lastCue = i
			case s.role == roleContent && s.link >= 0 && s.b == s.paraEnd:
				carry = s.link
			}
		}
	}
	source := make(map[int]int, len(cues)) // cue → source span
	for i := range spans {
		s := &spans[i]
		if s.role != roleSource {
			continue
		}
		c, d := nearest(s, true)
		if c < 0 {
			continue
		}
		if o, ok := source[c]; ok && distance(&spans[o], c) <= d {
			continue
		}
		source[c] = i
	}
	// a participle after a comma shares the source of the cue before it:
	// "X said …, accusing them of …"
	for k, c := range cues {
		q := &spans[c]
		if _, ok := source[c]; ok || k == 0 || !participle(text, q) {
			continue
		}
		p := cues[k-1]
		if src, ok := source[p]; ok && spans[p].para == q.para && spans[p].sentB == q.sentA {
			source[c] = src
		}
	}
	for i := range spans {
		s := &spans[i]
		var a Attribution
		switch {
		case s.role == roleContent:
			a.Content = sp(s)
			if s.link >= 0 {
				a.Cue = sp(&spans[s.link])
				if src, ok := source[s.link]; ok {
					a.Source = sp(&spans[src])
				}
			}
		case s.role == roleCue && !hasContent[i]:
			a.Cue = sp(s)
			if src, ok := source[i]; ok {
				a.Source = sp(&spans[src])
			}
		default:
			continue
		}
		out = append(out, a)
	}
	return out
}

// participle reports whether a cue is a verb in -ing right after a
// comma.
func participle(text string, q *tagSpan) bool {
	w := text[q.start:q.end]
	if len(w) < 5 || !strings.EqualFold(w[len(w)-3:], "ing") || strings.ContainsAny(w, " \t\n") {
		return false
	}
	before := strings.TrimRight(text[:q.start], " \t")
	return strings.HasSuffix(before, ",")
}

// sortAttributions orders attributions by the start of their content,
// else of their cue.
func sortAttributions(as []Attribution) {
	key := func(a Attribution) int {
		if !a.Content.IsZero() {
			return a.Content.Start
		}
		return a.Cue.Start
	}
	sort.SliceStable(as, func(i, j int) bool { return key(as[i]) < key(as[j]) })
}
