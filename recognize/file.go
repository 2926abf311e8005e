package recognize

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"

	"dossier/internal/modelfile"
	"dossier/internal/perceptron"
)

// The model file is a dossier/internal/modelfile container of kind
// "ner". Its meta is the JSON header below (scale and scale2 are the
// transitions' scales); its sections are "trans" (the first stage's
// transition weights, (labels+1) × labels int16 varints, the last row
// from the start) and "emissions" (its emission table, 2^bits buckets ×
// labels, with its own scale), "trans2" and "emissions2" for a stacked second
// stage, and the lexicon: "clusters" (word → path bits | length<<24),
// "phrases" (gazetteer phrase → type mask) and "words" (name word →
// given/surname flags), each a count, then its keys in order with their
// values.
const (
	fileKind    = "ner"
	fileVersion = 2
)

// ErrModel is the sentinel inside the errors of Load.
var ErrModel = errors.New("recognize: malformed model file")

type fileHeader struct {
	Labels []string  `json:"labels"`
	Bits   uint      `json:"bits"`
	Scale  float32   `json:"scale"`
	Scale2 float32   `json:"scale2,omitempty"`
	Info   ModelInfo `json:"info"`
}

const (
	maxBits    = 24
	maxLabels  = 64
	maxEntries = 1 << 26 // emission weights
	maxString  = 1 << 10
	maxTable   = 1 << 24
)

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
	hdr, err := json.Marshal(fileHeader{m.labels, m.bits, m.scale, m.scale2, m.info})
	if err != nil {
		return err
	}
	f := &modelfile.File{Kind: fileKind, Version: fileVersion, Meta: hdr}
	stage := func(suffix string, w *perceptron.Table, trans []int16) {
		var e modelfile.Encoder
		for _, x := range trans {
			e.Varint(int64(x))
		}
		f.Add("trans"+suffix, e.Bytes(), true)
		perceptron.AddTable(f, "emissions"+suffix, w)
	}
	stage("", m.w, m.trans)
	if m.info.Stacked {
		stage("2", m.w2, m.trans2)
	}
	for _, t := range []struct {
		name string
		tab  map[string]uint32
	}{{"clusters", m.lx.clusters}, {"phrases", widen(m.lx.phrases)}, {"words", widen(m.lx.words)}} {
		keys := make([]string, 0, len(t.tab))
		for k := range t.tab {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var e modelfile.Encoder
		e.Uvarint(uint64(len(keys)))
		for _, k := range keys {
			e.String(k)
			e.Uvarint(uint64(t.tab[k]))
		}
		f.Add(t.name, e.Bytes(), true)
	}
	return f.Encode(w)
}

func widen(m map[string]uint8) map[string]uint32 {
	out := make(map[string]uint32, len(m))
	for k, v := range m {
		out[k] = uint32(v)
	}
	return out
}

// Load reads a model file written by Save. A malformed file is an error
// wrapping ErrModel, never a panic.
func Load(r io.Reader) (*Model, error) {
	f, err := modelfile.Decode(r, fileKind)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrModel, err)
	}
	if f.Version != fileVersion {
		return nil, fmt.Errorf("%w: version %d, this build reads %d (retrain with scripts/train-ner)", ErrModel, f.Version, fileVersion)
	}
	m, err := decode(f)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrModel, err)
	}
	return m, nil
}

func decode(f *modelfile.File) (*Model, error) {
	var h fileHeader
	if err := json.Unmarshal(f.Meta, &h); err != nil {
		return nil, err
	}
	nl := len(h.Labels)
	if nl < 1 || nl > maxLabels || h.Bits < 4 || h.Bits > maxBits || (1<<h.Bits)*nl > maxEntries || !(h.Scale > 0 && h.Scale < 1e6) {
		return nil, errors.New("bad header")
	}
	if h.Info.Scheme != "bio" && h.Info.Scheme != "bilou" {
		return nil, fmt.Errorf("unknown scheme %q", h.Info.Scheme)
	}
	want := schemeLabels(h.Info.Scheme)
	if len(want) != nl {
		return nil, errors.New("labels do not match the scheme")
	}
	for i := range want {
		if want[i] != h.Labels[i] {
			return nil, errors.New("labels do not match the scheme")
		}
	}
	if h.Info.Stacked && !(h.Scale2 > 0 && h.Scale2 < 1e6) {
		return nil, errors.New("bad second-stage scale")
	}
	m := &Model{info: h.Info, labels: h.Labels, bits: h.Bits, scale: h.Scale, scale2: h.Scale2, lx: newLexicon()}
	shape := perceptron.Shape{Buckets: 1 << h.Bits, Classes: nl}
	stage := func(suffix string) (*perceptron.Table, []int16, error) {
		data, err := f.Section("trans" + suffix)
		if err != nil {
			return nil, nil, err
		}
		d := modelfile.NewDecoder("trans"+suffix, data)
		trans := make([]int16, (nl+1)*nl)
		for i := range trans {
			trans[i] = int16(d.Varint(-32768, 32767))
		}
		if err := d.Finish(); err != nil {
			return nil, nil, err
		}
		w, err := perceptron.ReadTable(f, "emissions"+suffix, shape)
		if err != nil {
			return nil, nil, err
		}
		return w, trans, nil
	}
	var err error
	if m.w, m.trans, err = stage(""); err != nil {
		return nil, err
	}
	if h.Info.Stacked {
		if m.w2, m.trans2, err = stage("2"); err != nil {
			return nil, err
		}
	}
	var tabs [3]map[string]uint32
	for t, name := range []string{"clusters", "phrases", "words"} {
		data, err := f.Section(name)
		if err != nil {
			return nil, err
		}
		d := modelfile.NewDecoder(name, data)
		n := d.Uvarint(maxTable)
		tabs[t] = make(map[string]uint32, min(n, 1<<16))
		for i := uint64(0); i < n && d.Err() == nil; i++ {
			k := d.String(maxString)
			tabs[t][k] = uint32(d.Uvarint(1<<32 - 1))
		}
		if err := d.Finish(); err != nil {
			return nil, err
		}
	}
	for k, v := range tabs[0] {
		if v>>24 > 24 || v>>24 == 0 {
			return nil, errors.New("bad cluster path")
		}
		m.lx.clusters[k] = v
	}
	for k, v := range tabs[1] {
		if k == "" || v > 15 {
			return nil, errors.New("bad gazetteer phrase")
		}
		m.lx.phrases[k] = uint8(v)
	}
	for k, v := range tabs[2] {
		if v > 3 {
			return nil, errors.New("bad name word")
		}
		m.lx.words[k] = uint8(v)
	}
	m.lx.index()
	m.setup()
	return m, nil
}
