package adverse

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"

	"dossier/internal/modelfile"
)

// The model file is a dossier/internal/modelfile container of kind
// "adverse": its meta is the JSON header below, and each feature block
// is a section ("block0", "block1", …) holding its number of entries,
// then per entry in increasing key order the key as a uvarint difference
// from the previous key, the scale and the weight as float32.
const (
	fileKind    = "adverse"
	fileVersion = 2
)

// ErrModel is the sentinel inside the errors of Load.
var ErrModel = errors.New("adverse: malformed model file")

type fileHeader struct {
	Features  Features `json:"features"`
	Threshold float64  `json:"threshold"`
	Bias      float64  `json:"bias"`
	PlattA    float64  `json:"platt_a"`
	PlattB    float64  `json:"platt_b"`
	Entries   []int    `json:"entries"`
	Info      Info     `json:"info"`
}

const (
	maxEntries = 1 << 24
	maxHeader  = 1 << 16
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

// entries returns the keys, scales and weights of table b in key order.
func (m *Model) entries(b int) (keys []uint64, scale, weight []float32) {
	t := &m.tables[b]
	idx := make([]int, 0, t.n)
	for i, s := range t.slots {
		if s.key != 0 {
			idx = append(idx, i)
		}
	}
	sortByKey(idx, t.slots)
	for _, i := range idx {
		s := t.slots[i]
		keys = append(keys, s.key)
		scale = append(scale, s.scale)
		weight = append(weight, s.weight)
	}
	return keys, scale, weight
}

// Save writes the model file. The same model gives the same bytes.
func (m *Model) Save(w io.Writer) error {
	hdr := fileHeader{Features: m.Features, Threshold: m.Threshold, Bias: m.bias, PlattA: m.plattA, PlattB: m.plattB, Info: m.Info}
	for _, t := range m.tables {
		hdr.Entries = append(hdr.Entries, t.n)
	}
	js, err := json.Marshal(hdr)
	if err != nil {
		return err
	}
	f := &modelfile.File{Kind: fileKind, Version: fileVersion, Meta: js}
	for b := range m.tables {
		keys, scale, weight := m.entries(b)
		var e modelfile.Encoder
		e.Uvarint(uint64(len(keys)))
		var last uint64
		for i, k := range keys {
			e.Uvarint(k - last)
			last = k
			e.Float32(scale[i])
			e.Float32(weight[i])
		}
		f.Add(fmt.Sprintf("block%d", b), e.Bytes(), true)
	}
	return f.Encode(w)
}

// Load reads a model file written by Save. A malformed file is an error
// wrapping ErrModel, never a panic.
func Load(r io.Reader) (*Model, error) {
	f, err := modelfile.Decode(r, fileKind)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrModel, err)
	}
	fail := func(what string, err error) (*Model, error) {
		if err == nil {
			return nil, fmt.Errorf("%w: %s", ErrModel, what)
		}
		return nil, fmt.Errorf("%w: %s: %w", ErrModel, what, err)
	}
	if f.Version != fileVersion {
		return fail(fmt.Sprintf("version %d, this build reads %d (retrain with 'dossier train adverse')", f.Version, fileVersion), nil)
	}
	var hdr fileHeader
	if len(f.Meta) > maxHeader {
		return fail("header too long", nil)
	}
	if err := json.Unmarshal(f.Meta, &hdr); err != nil {
		return fail("header", err)
	}
	if err := hdr.Features.check(); err != nil {
		return fail("features", err)
	}
	if len(hdr.Entries) != hdr.Features.blocks() {
		return fail(fmt.Sprintf("%d feature blocks, want %d", len(hdr.Entries), hdr.Features.blocks()), nil)
	}
	for _, v := range []float64{hdr.Bias, hdr.PlattA, hdr.PlattB} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fail("non-finite parameter", nil)
		}
	}
	if !(hdr.Threshold > 0 && hdr.Threshold < 1) {
		return fail(fmt.Sprintf("threshold %v outside (0, 1)", hdr.Threshold), nil)
	}
	m := &Model{Features: hdr.Features, Threshold: hdr.Threshold, Info: hdr.Info, bias: hdr.Bias, plattA: hdr.PlattA, plattB: hdr.PlattB, kinds: hdr.Features.kinds()}
	for b, cnt := range hdr.Entries {
		name := fmt.Sprintf("block%d", b)
		data, err := f.Section(name)
		if err != nil {
			return fail(name, err)
		}
		d := modelfile.NewDecoder(name, data)
		n := int(d.Uvarint(maxEntries))
		if d.Err() == nil && (n != cnt || n*9 > d.Remaining()) {
			return fail(fmt.Sprintf("%s: %d entries, header says %d", name, n, cnt), nil)
		}
		keys := make([]uint64, 0, n)
		scale := make([]float32, 0, n)
		weight := make([]float32, 0, n)
		var last uint64
		for i := 0; i < n && d.Err() == nil; i++ {
			delta := d.Uvarint(math.MaxUint64)
			if d.Err() == nil && (delta == 0 && i > 0 || last+delta < last || last+delta == 0) {
				return fail(fmt.Sprintf("%s entry %d: keys out of order", name, i), nil)
			}
			last += delta
			keys = append(keys, last)
			scale = append(scale, d.Float32())
			weight = append(weight, d.Float32())
		}
		if err := d.Finish(); err != nil {
			return fail(name, err)
		}
		m.tables = append(m.tables, newTable(keys, scale, weight))
	}
	return m, nil
}
