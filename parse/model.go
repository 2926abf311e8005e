package parse

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"sync"

	"dossier/internal/modelfile"
	"dossier/internal/perceptron"
)

// Model is a trained tagger and parser. It is safe for concurrent use.
type Model struct {
	info      ModelInfo
	tags      []string // UPOS
	labels    []string // dependency relations
	rootLabel int16
	tagger    *perceptron.Table // buckets × tags
	tagger2   *perceptron.Table // the second pass's, or nil
	kinds     *perceptron.Table // buckets × SHIFT, LEFT, RIGHT
	arcs      *perceptron.Table // buckets × labels
	clusters  map[string]uint32
	lexicon   map[string]uint32 // lowercased word → tags seen (bit per tag)
	pool      sync.Pool
}

// ModelInfo describes how a model was trained.
type ModelInfo struct {
	Tags       []string `json:"tags"`
	Labels     []string `json:"labels"`
	TagBits    uint     `json:"tag_bits"`
	KindBits   uint     `json:"kind_bits"`
	ArcBits    uint     `json:"arc_bits"`
	Seed       int64    `json:"seed"`
	TagEpoch   int      `json:"tag_epoch"`
	ParseEpoch int      `json:"parse_epoch"`
	DevUPOS    float64  `json:"dev_upos"`
	DevLAS     float64  `json:"dev_las"`
	Sentences  int      `json:"sentences"`
	Words      int      `json:"words"`
	Folds      int      `json:"folds"`
	Clusters   int      `json:"clusters"`
	Lexicon    int      `json:"lexicon"`
	Data       []string `json:"data"`
	// LabelAfter: the kind of transition is chosen first, then the
	// label of its arc (else both together).
	LabelAfter bool `json:"label_after,omitempty"`
	// TwoPass: a second tagging pass sees the first's tags on both
	// sides; Tag2Epoch and DevUPOS1 are its epoch and the first pass's
	// own dev UPOS.
	TwoPass   bool    `json:"two_pass,omitempty"`
	Tag2Epoch int     `json:"tag2_epoch,omitempty"`
	DevUPOS1  float64 `json:"dev_upos1,omitempty"`
}

// Info returns how the model was trained.
func (m *Model) Info() ModelInfo { return m.info }

// worker holds one goroutine's buffers.
type worker struct {
	info   []wordInfo // index 0 is the root
	feats  []uint32
	tags   []int
	first  []int // the first tagging pass's tags
	scores []float32
	p      parser
}

func (m *Model) newWorker() *worker {
	w := &worker{scores: make([]float32, max(len(m.tags), len(m.labels), numKinds))}
	w.p.lab[0] = make([]float32, len(m.labels))
	w.p.lab[1] = make([]float32, len(m.labels))
	return w
}

func (m *Model) getWorker() *worker {
	if w, ok := m.pool.Get().(*worker); ok {
		return w
	}
	return m.newWorker()
}

// prepare describes a sentence's forms into w.info[1:].
func (m *Model) prepare(w *worker, forms []string) {
	n := len(forms)
	if cap(w.info) < n+1 {
		w.info = make([]wordInfo, n+1)
	}
	w.info = w.info[:n+1]
	m.describe(forms, w.info[1:])
}

// scorer gives the parser its weights: the trained tables, or the
// weights being trained.
type scorer interface {
	kindScores(feats []uint32, out []float32)
	arcScores(feats []uint32, out []float32)
}

type tableScorer struct{ kinds, arcs *perceptron.Table }

func (t tableScorer) kindScores(f []uint32, out []float32) { t.kinds.Scores(f, out) }
func (t tableScorer) arcScores(f []uint32, out []float32)  { t.arcs.Scores(f, out) }

// action is a transition: its kind and, for LEFT and RIGHT, its label.
type action struct {
	kind  int
	label int16
}

// score computes the scores of every transition allowed in the current
// configuration.
func (p *parser) score(info []wordInfo, sc scorer, kindBits, arcBits uint) {
	s := &p.st
	p.features(info, kindBits)
	p.kind = [numKinds]float32{}
	sc.kindScores(p.feats, p.kind[:])
	if s.canLeft() {
		p.lfeats = p.arcFeatures(p.lfeats[:0], info, actLeft, s.b0(), s.stackAt(0), s.bufAt(1), arcBits)
		clear(p.lab[0])
		sc.arcScores(p.lfeats, p.lab[0])
	}
	if s.canRight() {
		p.rfeats = p.arcFeatures(p.rfeats[:0], info, actRight, s.stackAt(1), s.stackAt(0), s.b0(), arcBits)
		clear(p.lab[1])
		sc.arcScores(p.rfeats, p.lab[1])
	}
}

// legalLabel reports whether a LEFT or RIGHT with label l is allowed:
// the root label exactly for LEFT onto the root.
func (p *parser) legalLabel(kind int, l, root int16) bool {
	if kind == actLeft && p.st.b > p.st.n {
		return l == root
	}
	return l != root
}

// bestLabel returns the best allowed label of a LEFT or RIGHT.
func (p *parser) bestLabel(kind int, root int16) (int16, float32) {
	lab := p.lab[kind-actLeft]
	best, bs := int16(-1), float32(0)
	for l, x := range lab {
		if !p.legalLabel(kind, int16(l), root) {
			continue
		}
		if best < 0 || x > bs {
			best, bs = int16(l), x
		}
	}
	return best, bs
}

// best returns the highest-scoring allowed transition.
func (p *parser) best(root int16) action {
	s := &p.st
	var a action
	bs := float32(0)
	found := false
	if s.canShift() {
		a, bs, found = action{kind: actShift, label: -1}, p.kind[actShift], true
	}
	for _, k := range [...]int{actLeft, actRight} {
		if k == actLeft && !s.canLeft() || k == actRight && !s.canRight() {
			continue
		}
		l, x := p.bestLabel(k, root)
		if l >= 0 && (!found || p.kind[k]+x > bs) {
			a, bs, found = action{kind: k, label: l}, p.kind[k]+x, true
		}
	}
	return a
}

// parse parses the described sentence of n words in w.info.
func (m *Model) parse(w *worker, n int) {
	p := &w.p
	p.st.reset(n)
	p.src = 0
	sc := tableScorer{m.kinds, m.arcs}
	for !p.st.done() {
		var a action
		if m.info.LabelAfter {
			a = p.kindThenLabel(w.info, sc, m.info.KindBits, m.info.ArcBits, m.rootLabel)
		} else {
			p.score(w.info, sc, m.info.KindBits, m.info.ArcBits)
			a = p.best(m.rootLabel)
		}
		p.st.apply(a.kind, a.label)
	}
}

// bestKind returns the highest-scoring allowed kind of transition, from
// p.kind.
func (p *parser) bestKind() int {
	s := &p.st
	best := -1
	for k, ok := range [numKinds]bool{s.canShift(), s.canLeft(), s.canRight()} {
		if ok && (best < 0 || p.kind[k] > p.kind[best]) {
			best = k
		}
	}
	return best
}

// arcLabels fills p.lab for a LEFT or RIGHT: the label scores of the
// arc it makes.
func (p *parser) arcLabels(info []wordInfo, sc scorer, kind int, arcBits uint) []uint32 {
	s := &p.st
	if kind == actLeft {
		p.lfeats = p.arcFeatures(p.lfeats[:0], info, actLeft, s.b0(), s.stackAt(0), s.bufAt(1), arcBits)
		clear(p.lab[0])
		sc.arcScores(p.lfeats, p.lab[0])
		return p.lfeats
	}
	p.rfeats = p.arcFeatures(p.rfeats[:0], info, actRight, s.stackAt(1), s.stackAt(0), s.b0(), arcBits)
	clear(p.lab[1])
	sc.arcScores(p.rfeats, p.lab[1])
	return p.rfeats
}

// kindThenLabel chooses the kind of transition from the configuration's
// features alone, then the label of the arc it makes: the label table
// is consulted for one arc per LEFT or RIGHT instead of two per
// configuration.
func (p *parser) kindThenLabel(info []wordInfo, sc scorer, kindBits, arcBits uint, root int16) action {
	p.features(info, kindBits)
	p.kind = [numKinds]float32{}
	sc.kindScores(p.feats, p.kind[:])
	k := p.bestKind()
	if k == actShift {
		return action{kind: actShift, label: -1}
	}
	p.arcLabels(info, sc, k, arcBits)
	l, _ := p.bestLabel(k, root)
	return action{kind: k, label: l}
}

// Parse tags and parses a sentence given as its words (tokenized as UD
// does: "don't" is "do", "n't") and returns them with UPOS, Head and
// Deprel filled.
func (m *Model) Parse(forms []string) []Word {
	out := make([]Word, len(forms))
	for i, f := range forms {
		out[i].Form = f
	}
	m.ParseWords(out)
	return out
}

// ParseWords fills the UPOS, Head and Deprel of words from their forms.
func (m *Model) ParseWords(words []Word) {
	if len(words) == 0 {
		return
	}
	w := m.getWorker()
	defer m.pool.Put(w)
	forms := make([]string, len(words))
	for i := range words {
		forms[i] = words[i].Form
	}
	m.prepare(w, forms)
	m.tag(w, w.info[1:], 0)
	m.parse(w, len(words))
	for i := range words {
		x := &words[i]
		x.UPOS = m.tags[w.info[i+1].tag]
		x.Head = int(w.p.st.head[i+1])
		x.Deprel = m.labels[w.p.st.label[i+1]]
	}
}

// The model file (see dossier/internal/modelfile): kind "parse"; the
// meta is ModelInfo; sections "clusters" (count, then each word and its
// packed path, in word order), "lexicon" (the same, each lowercased word
// with its tag set), "tagger", "tagger2" (when TwoPass), "kinds" and "arcs" (tables).
const (
	fileKind    = "parse"
	fileVersion = 1
)

// ErrModel is the sentinel inside the errors of Load for a model file
// that is well-formed but does not fit this build.
var ErrModel = errors.New("parse: unusable model file")

//go:embed model.bin
var embedded []byte

var defaultModel = sync.OnceValues(func() (*Model, error) {
	return Load(bytes.NewReader(embedded))
})

// Default returns the model embedded in the binary, loading it on first
// use. It panics if the embedded file is corrupt, which tests rule out.
func Default() *Model {
	m, err := defaultModel()
	if err != nil {
		panic(err)
	}
	return m
}

// Save writes the model file. The same model gives the same bytes.
func (m *Model) Save(w io.Writer) error {
	meta, err := json.Marshal(m.info)
	if err != nil {
		return err
	}
	f := &modelfile.File{Kind: fileKind, Version: fileVersion, Meta: meta}
	f.Add("clusters", encodeMap(m.clusters), true)
	f.Add("lexicon", encodeMap(m.lexicon), true)
	tables := []struct {
		name string
		t    *perceptron.Table
	}{{"tagger", m.tagger}, {"kinds", m.kinds}, {"arcs", m.arcs}}
	if m.info.TwoPass {
		tables = append(tables, struct {
			name string
			t    *perceptron.Table
		}{"tagger2", m.tagger2})
	}
	for _, t := range tables {
		perceptron.AddTable(f, t.name, t.t)
	}
	return f.Encode(w)
}

// Load reads a model file written by Save. A malformed file is an error
// (a *modelfile.FormatError, or one wrapping ErrModel), never a panic.
func Load(r io.Reader) (*Model, error) {
	f, err := modelfile.Decode(r, fileKind)
	if err != nil {
		return nil, fmt.Errorf("parse: load model: %w", err)
	}
	if f.Version != fileVersion {
		return nil, fmt.Errorf("%w: version %d, this build reads %d (retrain with 'dossier train parse')", ErrModel, f.Version, fileVersion)
	}
	var info ModelInfo
	if err := json.Unmarshal(f.Meta, &info); err != nil {
		return nil, fmt.Errorf("%w: meta: %v", ErrModel, err)
	}
	m, err := newModel(info)
	if err != nil {
		return nil, err
	}
	if m.clusters, err = decodeMap(f, "clusters", func(v uint32) bool { return v>>24 > 0 && v>>24 <= 24 }); err != nil {
		return nil, err
	}
	if m.lexicon, err = decodeMap(f, "lexicon", func(v uint32) bool { return v > 0 && v < 1<<len(info.Tags) }); err != nil {
		return nil, err
	}
	want := []struct {
		name    string
		t       **perceptron.Table
		bits    uint
		classes int
	}{
		{"tagger", &m.tagger, info.TagBits, len(info.Tags)},
		{"kinds", &m.kinds, info.KindBits, numKinds},
		{"arcs", &m.arcs, info.ArcBits, len(info.Labels)},
	}
	if info.TwoPass {
		want = append(want, struct {
			name    string
			t       **perceptron.Table
			bits    uint
			classes int
		}{"tagger2", &m.tagger2, info.TagBits, len(info.Tags)})
	}
	for _, x := range want {
		t, err := perceptron.ReadTable(f, x.name, perceptron.Shape{Buckets: 1 << x.bits, Classes: x.classes})
		if errors.Is(err, perceptron.ErrShape) {
			return nil, fmt.Errorf("%w: %w", ErrModel, err)
		}
		if err != nil {
			return nil, fmt.Errorf("parse: load model: %w", err)
		}
		*x.t = t
	}
	return m, nil
}

// encodeMap writes a word map: its size, then each word and value in
// word order.
func encodeMap(m map[string]uint32) []byte {
	words := make([]string, 0, len(m))
	for k := range m {
		words = append(words, k)
	}
	sort.Strings(words)
	var e modelfile.Encoder
	e.Uvarint(uint64(len(words)))
	for _, k := range words {
		e.String(k)
		e.Uvarint(uint64(m[k]))
	}
	return e.Bytes()
}

// decodeMap reads a word map written by encodeMap: words in increasing
// order, each value passing ok.
func decodeMap(f *modelfile.File, name string, ok func(uint32) bool) (map[string]uint32, error) {
	data, err := f.Section(name)
	if err != nil {
		return nil, fmt.Errorf("parse: load model: %w", err)
	}
	d := modelfile.NewDecoder(name, data)
	n := int(d.Uvarint(uint64(len(data))))
	out := make(map[string]uint32, n)
	last := ""
	for k := range n {
		w := d.String(1 << 10)
		v := uint32(d.Uvarint(1<<32 - 1))
		if d.Err() != nil {
			break
		}
		if k > 0 && w <= last || !ok(v) {
			d.Fail("entry")
			break
		}
		out[w], last = v, w
	}
	if err := d.Finish(); err != nil {
		return nil, fmt.Errorf("parse: load model: %w", err)
	}
	return out, nil
}

// clone returns a model sharing m's tables and lexicon, for swapping in
// other tables while training.
func (m *Model) clone() *Model {
	return &Model{info: m.info, tags: m.tags, labels: m.labels, rootLabel: m.rootLabel,
		tagger: m.tagger, tagger2: m.tagger2, kinds: m.kinds, arcs: m.arcs, clusters: m.clusters, lexicon: m.lexicon}
}

// newModel checks info and sets up a model without weights.
func newModel(info ModelInfo) (*Model, error) {
	for _, b := range []uint{info.TagBits, info.KindBits, info.ArcBits} {
		if b < 8 || b > 26 {
			return nil, fmt.Errorf("%w: %d bits", ErrModel, b)
		}
	}
	if len(info.Tags) == 0 || len(info.Tags) > 64 || len(info.Labels) == 0 || len(info.Labels) > 256 {
		return nil, fmt.Errorf("%w: %d tags, %d labels", ErrModel, len(info.Tags), len(info.Labels))
	}
	root := slices.Index(info.Labels, "root")
	if root < 0 {
		return nil, fmt.Errorf("%w: no root label", ErrModel)
	}
	return &Model{info: info, tags: info.Tags, labels: info.Labels, rootLabel: int16(root)}, nil
}

// Prune returns the model without the weights whose magnitude is below
// minWeight (of 32767) in each table: a smaller, faster model.
func (m *Model) Prune(minWeight int) *Model {
	c := m.clone()
	c.tagger, c.kinds, c.arcs = m.tagger.Prune(minWeight), m.kinds.Prune(minWeight), m.arcs.Prune(minWeight)
	if m.tagger2 != nil {
		c.tagger2 = m.tagger2.Prune(minWeight)
	}
	return c
}
