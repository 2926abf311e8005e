package adverse

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
)

// The model file: the magic line, then a gzip stream holding a JSON
// header and, per feature block, its entries in increasing key order:
// the key as a varint difference from the previous key, then the scale
// and the weight as little-endian float32.
const magic = "dossier-adverse-model/1\n"

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
	if _, err := io.WriteString(w, magic); err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	var buf [binary.MaxVarintLen64]byte
	bw.Write(buf[:binary.PutUvarint(buf[:], uint64(len(js)))])
	bw.Write(js)
	for b := range m.tables {
		keys, scale, weight := m.entries(b)
		var last uint64
		for i, k := range keys {
			bw.Write(buf[:binary.PutUvarint(buf[:], k-last)])
			last = k
			bw.Write(binary.LittleEndian.AppendUint32(buf[:0], math.Float32bits(scale[i])))
			bw.Write(binary.LittleEndian.AppendUint32(buf[:0], math.Float32bits(weight[i])))
		}
	}
	bw.WriteString("end")
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// Load reads a model file written by Save.
func Load(r io.Reader) (*Model, error) {
	br := bufio.NewReader(r)
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(br, head); err != nil || string(head) != magic {
		return nil, fmt.Errorf("%w: not an adverse-media model", ErrModel)
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrModel, err)
	}
	defer zr.Close()
	in := bufio.NewReader(zr)
	fail := func(what string, err error) (*Model, error) {
		if err == nil {
			return nil, fmt.Errorf("%w: %s", ErrModel, what)
		}
		return nil, fmt.Errorf("%w: %s: %w", ErrModel, what, err)
	}
	n, err := binary.ReadUvarint(in)
	if err != nil || n > maxHeader {
		return fail("header", err)
	}
	js := make([]byte, n)
	if _, err := io.ReadFull(in, js); err != nil {
		return fail("header", err)
	}
	var hdr fileHeader
	if err := json.Unmarshal(js, &hdr); err != nil {
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
	var f4 [4]byte
	readF := func() (float32, error) {
		if _, err := io.ReadFull(in, f4[:]); err != nil {
			return 0, err
		}
		v := math.Float32frombits(binary.LittleEndian.Uint32(f4[:]))
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return 0, errors.New("non-finite value")
		}
		return v, nil
	}
	for b, cnt := range hdr.Entries {
		if cnt < 0 || cnt > maxEntries {
			return fail(fmt.Sprintf("block %d: %d entries", b, cnt), nil)
		}
		keys := make([]uint64, cnt)
		scale := make([]float32, cnt)
		weight := make([]float32, cnt)
		var last uint64
		for i := range cnt {
			d, err := binary.ReadUvarint(in)
			if err != nil {
				return fail(fmt.Sprintf("block %d entry %d", b, i), err)
			}
			if d == 0 && i > 0 || last+d < last || last+d == 0 {
				return fail(fmt.Sprintf("block %d entry %d: keys out of order", b, i), nil)
			}
			last += d
			keys[i] = last
			if scale[i], err = readF(); err != nil {
				return fail(fmt.Sprintf("block %d entry %d", b, i), err)
			}
			if weight[i], err = readF(); err != nil {
				return fail(fmt.Sprintf("block %d entry %d", b, i), err)
			}
		}
		m.tables = append(m.tables, newTable(keys, scale, weight))
	}
	end := make([]byte, 3)
	if _, err := io.ReadFull(in, end); err != nil || string(end) != "end" {
		return fail("missing end mark", err)
	}
	if _, err := in.ReadByte(); err != io.EOF {
		return fail("data after the end mark", err)
	}
	return m, nil
}
