package coref

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"

	"dossier"
	"dossier/internal/modelfile"
	"dossier/internal/perceptron"
	"dossier/segment"
)

// Model is a trained coreference model: the lexicon it learnt and the
// weights of its mention-ranking scorer. It is safe for concurrent use.
type Model struct {
	info  ModelInfo
	lex   *lexicon
	table *perceptron.Table // 2^Bits buckets × 1
	types *perceptron.Table // the typer: 2^TypeBits buckets × its classes
	pool  sync.Pool         // *work
}

// ModelInfo describes how a model was trained.
type ModelInfo struct {
	Bits      uint `json:"bits"`
	TypeBits  uint `json:"type_bits"`
	TypeEpoch int  `json:"type_epoch"`
	// DevTypes is the typer's accuracy on the dev documents' mentions,
	// DevPerOrg its F1 on people and organizations.
	DevTypes  float64    `json:"dev_types"`
	DevPerOrg float64    `json:"dev_per_org"`
	Seed      int64      `json:"seed"`
	Seeds     int        `json:"seeds,omitempty"`  // rankers averaged, from seeds Seed, Seed+1, …
	Epoch     int        `json:"epoch"`            // the first ranker's epoch
	Epochs    []int      `json:"epochs,omitempty"` // each ranker's epoch`
	DevCoNLL  float64    `json:"dev_conll"`
	DevNamed  float64    `json:"dev_conll_named"`
	TrainDocs []string   `json:"train_docs"`
	DevDocs   []string   `json:"dev_docs"`
	Explore   float64    `json:"explore"`
	Costs     [3]float64 `json:"costs"` // false new, false link, wrong link
}

// Info returns how the model was trained.
func (m *Model) Info() ModelInfo { return m.info }

// Mention is one mention of an entity: bytes [Start, End) of the text.
type Mention struct {
	Start, End int
	Text       string
	Kind       string // "name", "pronoun" or "nominal"
	Type       string // PER, ORG, LOC, MISC for a name; PER, ORG, … for a description whose head noun tells; "" if unknown
}

// Entity is a group of mentions of one person, organization or thing,
// in text order.
type Entity struct {
	Type     string // the type of its first typed name, else of its first typed description, else ""
	Mentions []Mention
}

// Resolve finds the entities of a text: src split by segment.Sentences
// into sents, and names, the recognizer's mentions (labels PER, ORG,
// LOC, MISC, DATE; others are ignored). It detects mentions (names with
// their titles, pronouns, descriptions headed by person and organization
// nouns), clusters them, and returns every entity with two or more
// mentions and every named entity mentioned once, in order of first
// mention.
func (m *Model) Resolve(src string, sents []segment.Sentence, names []dossier.Mention) []Entity {
	return m.resolve(context.Background(), src, sents, names, false)
}

// resolve is Resolve; with news, the recognizer's organizations and
// descriptions headed by an organization noun are typed ORG whatever
// the typer says (see newsType).
func (m *Model) resolve(ctx context.Context, src string, sents []segment.Sentence, names []dossier.Mention, news bool) []Entity {
	w := m.getWork()
	w.dec.ctx = ctx
	defer func() { w.dec.ctx = nil; m.pool.Put(w) }()
	w.spans, w.sentOf = w.spans[:0], w.sentOf[:0]
	for si, s := range sents {
		for _, tk := range s.Tokens {
			if tk.Start < 0 || tk.End > len(src) || tk.Start >= tk.End {
				continue
			}
			if n := len(w.spans); n > 0 && tk.Start < w.spans[n-1][1] {
				continue
			}
			w.spans = append(w.spans, [2]int{tk.Start, tk.End})
			w.sentOf = append(w.sentOf, si)
		}
	}
	if len(w.spans) == 0 {
		return nil
	}
	t := w.text.fill(src, w.spans, w.sentOf, nameSpans(names), m.lex)
	w.heads = w.det.detect(t, m.typer(), w.heads[:0])
	w.ments = m.describeAll(t, w.heads, w.ments[:0])
	if news {
		for i := range w.ments {
			newsType(t, &w.ments[i])
		}
	}
	clusterOf := w.dec.decode(t, w.ments, tableScorer{m.table}, m.info.Bits)
	if ctx.Err() != nil {
		return nil
	}
	return m.entities(t, w.ments, clusterOf)
}

// work holds one Resolve's buffers, reused through the model's pool.
type work struct {
	spans  [][2]int
	sentOf []int
	text   text
	det    detector
	heads  []headSpan
	ments  []mention
	dec    decoder
}

func (m *Model) getWork() *work {
	if w, ok := m.pool.Get().(*work); ok {
		return w
	}
	return &work{}
}

// nameSpans keeps the names the model reads, sorted and without
// overlaps.
func nameSpans(names []dossier.Mention) []nameSpan {
	var out []nameSpan
	for _, n := range names {
		if typeOfNER(n.Label) != tNone && n.Start < n.End {
			out = append(out, nameSpan{n.Start, n.End, n.Label})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].start < out[j].start })
	k := 0
	for _, n := range out {
		if k > 0 && n.start < out[k-1].end {
			continue
		}
		out[k] = n
		k++
	}
	return out[:k]
}

func (m *Model) mentionsOf(t *text, hs []headSpan) []mention {
	return m.describeAll(t, hs, nil)
}

// describeAll appends to ms the description of each detected mention,
// typing those the detector did not.
func (m *Model) describeAll(t *text, hs []headSpan, ms []mention) []mention {
	ty := m.typer()
	for _, h := range hs {
		typ := h.typ
		if typ == tNone {
			typ = ty.typeOf(t, h.Span, h.head)
		}
		ms = append(ms, describe(t, m.lex, h.Span, h.head, typ))
	}
	return ms
}

// typer returns the model's typer.
func (m *Model) typer() *typer { return &typer{table: m.types, bits: m.info.TypeBits, lx: m.lex} }

// cluster returns each mention's entity index.
func (m *Model) cluster(t *text, ments []mention) []int {
	var d decoder
	return d.decode(t, ments, tableScorer{m.table}, m.info.Bits)
}

func (m *Model) entities(t *text, ments []mention, clusterOf []int) []Entity {
	n := 0
	for _, c := range clusterOf {
		n = max(n, c+1)
	}
	groups := make([][]int, n)
	for i, c := range clusterOf {
		groups[c] = append(groups[c], i)
	}
	var out []Entity
	for _, g := range groups {
		if len(g) == 1 && ments[g[0]].kind != kName {
			continue
		}
		var e Entity
		for _, i := range g {
			x := &ments[i]
			start, end := t.toks[x.Start].start, t.toks[x.End-1].end
			e.Mentions = append(e.Mentions, Mention{Start: start, End: end, Text: t.src[start:end],
				Kind: kindNames[x.kind], Type: typeNames[x.typ]})
		}
		e.Type = entityType(ments, g)
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Mentions[0].Start < out[j].Mentions[0].Start })
	return out
}

// entityType is the type of an entity's first typed name, else of its
// first typed description, else "PER" when a pronoun says so.
func entityType(ments []mention, g []int) string {
	for _, kind := range []uint8{kName, kNominal, kPron} {
		for _, i := range g {
			if x := &ments[i]; x.kind == kind && x.typ != tNone {
				return typeNames[x.typ]
			}
		}
	}
	return ""
}

// The model file (see dossier/internal/modelfile): kind "coref"; the
// meta is ModelInfo; sections "class", "sem", "gender", "given" and
// "first-gender" (the lexicon:
// count, then each word and its value, in word order) and "weights"
// (the scorer's table) and "types" (the typer's).
const (
	fileKind    = "coref"
	fileVersion = 1
)

// ErrModel is the sentinel inside the errors of Load for a model file
// that is well-formed but does not fit this build.
var ErrModel = errors.New("coref: unusable model file")

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
	f.Add("class", encodeMap(m.lex.class), true)
	f.Add("sem", encodeMap(m.lex.sem), true)
	f.Add("gender", encodeMap(m.lex.gender), true)
	f.Add("given", encodeMap(m.lex.given), true)
	f.Add("first-gender", encodeMap(m.lex.firstGender), true)
	var e modelfile.Encoder
	m.table.Encode(&e)
	f.Add("weights", e.Bytes(), true)
	var et modelfile.Encoder
	m.types.Encode(&et)
	f.Add("types", et.Bytes(), true)
	return f.Encode(w)
}

// Load reads a model file written by Save. A malformed file is an error
// (a *modelfile.FormatError, or one wrapping ErrModel), never a panic.
func Load(r io.Reader) (*Model, error) {
	f, err := modelfile.Decode(r, fileKind)
	if err != nil {
		return nil, fmt.Errorf("coref: load model: %w", err)
	}
	if f.Version != fileVersion {
		return nil, fmt.Errorf("%w: version %d, this build reads %d (retrain with 'dossier train coref')", ErrModel, f.Version, fileVersion)
	}
	var info ModelInfo
	if err := json.Unmarshal(f.Meta, &info); err != nil {
		return nil, fmt.Errorf("%w: meta: %v", ErrModel, err)
	}
	if info.Bits < 8 || info.Bits > 26 {
		return nil, fmt.Errorf("%w: %d bits", ErrModel, info.Bits)
	}
	lx := &lexicon{}
	if lx.class, err = decodeMap(f, "class", numClasses); err != nil {
		return nil, err
	}
	if lx.sem, err = decodeMap(f, "sem", numTypes); err != nil {
		return nil, err
	}
	if lx.gender, err = decodeMap(f, "gender", gNeuter+1); err != nil {
		return nil, err
	}
	if lx.given, err = decodeMap(f, "given", 2); err != nil {
		return nil, err
	}
	// a file written before the given names' genders has none
	if lx.firstGender, err = decodeMap(f, "first-gender", gNeuter+1); errors.Is(err, modelfile.ErrMissing) {
		lx.firstGender = map[string]uint8{}
	} else if err != nil {
		return nil, err
	}
	m := &Model{info: info, lex: lx}
	if info.TypeBits < 8 || info.TypeBits > 26 {
		return nil, fmt.Errorf("%w: %d typer bits", ErrModel, info.TypeBits)
	}
	for _, x := range []struct {
		name    string
		t       **perceptron.Table
		bits    uint
		classes int
	}{{"weights", &m.table, info.Bits, 1}, {"types", &m.types, info.TypeBits, numTyperClasses}} {
		data, err := f.Section(x.name)
		if err != nil {
			return nil, fmt.Errorf("coref: load model: %w", err)
		}
		d := modelfile.NewDecoder(x.name, data)
		t := perceptron.DecodeTable(d)
		if err := d.Finish(); err != nil {
			return nil, fmt.Errorf("coref: load model: %w", err)
		}
		if t.Buckets != 1<<x.bits || t.Classes != x.classes {
			return nil, fmt.Errorf("%w: table %s is %d×%d, want %d×%d", ErrModel, x.name, t.Buckets, t.Classes, 1<<x.bits, x.classes)
		}
		*x.t = t
	}
	return m, nil
}

// encodeMap writes a word map: its size, then each word and value in
// word order.
func encodeMap(m map[string]uint8) []byte {
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
// order, each value below limit.
func decodeMap(f *modelfile.File, name string, limit uint8) (map[string]uint8, error) {
	data, err := f.Section(name)
	if err != nil {
		return nil, fmt.Errorf("coref: load model: %w", err)
	}
	d := modelfile.NewDecoder(name, data)
	n := int(d.Uvarint(uint64(len(data))))
	out := make(map[string]uint8, n)
	last := ""
	for k := range n {
		w := d.String(1 << 10)
		v := d.Uvarint(uint64(limit) - 1)
		if d.Err() != nil {
			break
		}
		if k > 0 && w <= last {
			d.Fail("entry")
			break
		}
		out[w], last = uint8(v), w
	}
	if err := d.Finish(); err != nil {
		return nil, fmt.Errorf("coref: load model: %w", err)
	}
	return out, nil
}
