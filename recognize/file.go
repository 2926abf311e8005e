package recognize

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
	"sort"
	"sync"
)

// The model file: the magic line, then a gzip stream holding a JSON
// header, the transition weights, the non-zero rows of the emission
// weights (int16, one scale for all), the word clusters, the gazetteer
// phrases and the name words. Integers are varints.
const magic = "dossier-ner-model/1\n"

// ErrModel is the sentinel inside the errors of Load.
var ErrModel = errors.New("recognize: malformed model file")

type fileHeader struct {
	Labels []string  `json:"labels"`
	Bits   uint      `json:"bits"`
	Scale  float32   `json:"scale"`
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

// Save writes the model file.
func (m *Model) Save(w io.Writer) error {
	if _, err := io.WriteString(w, magic); err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(w, gzip.DefaultCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	var buf [binary.MaxVarintLen64]byte
	uv := func(x uint64) { bw.Write(buf[:binary.PutUvarint(buf[:], x)]) }
	iv := func(x int64) { bw.Write(buf[:binary.PutVarint(buf[:], x)]) }
	str := func(s string) { uv(uint64(len(s))); bw.WriteString(s) }

	hdr, err := json.Marshal(fileHeader{m.labels, m.bits, m.scale, m.info})
	if err != nil {
		return err
	}
	str(string(hdr))
	nl := len(m.labels)
	block := func(w *table, trans []int16) {
		for _, x := range trans {
			iv(int64(x))
		}
		uv(uint64(len(w.rows) / nl))
		last := -1
		w.each(func(b int, row []int16) {
			uv(uint64(b - last - 1))
			last = b
			for _, x := range row {
				iv(int64(x))
			}
		})
	}
	block(m.w, m.trans)
	if m.info.Stacked {
		hdr2, _ := json.Marshal(m.scale2)
		str(string(hdr2))
		block(m.w2, m.trans2)
	}
	for _, tab := range []map[string]uint32{m.lx.clusters, widen(m.lx.phrases), widen(m.lx.words)} {
		keys := make([]string, 0, len(tab))
		for k := range tab {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		uv(uint64(len(keys)))
		for _, k := range keys {
			str(k)
			uv(uint64(tab[k]))
		}
	}
	str("end")
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

func widen(m map[string]uint8) map[string]uint32 {
	out := make(map[string]uint32, len(m))
	for k, v := range m {
		out[k] = uint32(v)
	}
	return out
}

func zeroRow(r []int16) bool {
	for _, x := range r {
		if x != 0 {
			return false
		}
	}
	return true
}

// Load reads a model file written by Save. A malformed file is an error
// wrapping ErrModel, never a panic.
func Load(r io.Reader) (*Model, error) {
	br := bufio.NewReader(r)
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(br, head); err != nil || string(head) != magic {
		return nil, fmt.Errorf("%w: not a dossier NER model", ErrModel)
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrModel, err)
	}
	m, err := decode(bufio.NewReader(zr))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrModel, err)
	}
	return m, nil
}

type decoder struct {
	r   *bufio.Reader
	err error
}

func (d *decoder) uv(limit uint64) uint64 {
	if d.err != nil {
		return 0
	}
	x, err := binary.ReadUvarint(d.r)
	if err != nil {
		d.err = err
		return 0
	}
	if x > limit {
		d.err = fmt.Errorf("value %d over limit %d", x, limit)
		return 0
	}
	return x
}

func (d *decoder) i16() int16 {
	if d.err != nil {
		return 0
	}
	x, err := binary.ReadVarint(d.r)
	if err != nil {
		d.err = err
		return 0
	}
	if x < -32768 || x > 32767 {
		d.err = fmt.Errorf("weight %d out of range", x)
		return 0
	}
	return int16(x)
}

func (d *decoder) str(limit uint64) string {
	n := d.uv(limit)
	if d.err != nil {
		return ""
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(d.r, b); err != nil {
		d.err = err
		return ""
	}
	return string(b)
}

func decode(r *bufio.Reader) (*Model, error) {
	d := &decoder{r: r}
	var h fileHeader
	raw := d.str(1 << 16)
	if d.err != nil {
		return nil, d.err
	}
	if err := json.Unmarshal([]byte(raw), &h); err != nil {
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
	m := &Model{info: h.Info, labels: h.Labels, bits: h.Bits, scale: h.Scale, lx: newLexicon()}
	nb := 1 << h.Bits
	w1 := d.block(nl, nb)
	var w2 *sparseBlock
	if h.Info.Stacked {
		if err := json.Unmarshal([]byte(d.str(64)), &m.scale2); d.err == nil && (err != nil || !(m.scale2 > 0 && m.scale2 < 1e6)) {
			d.err = errors.New("bad second-stage scale")
		}
		w2 = d.block(nl, nb)
	}
	tabs := [3]map[string]uint32{}
	for t := range tabs {
		n := d.uv(maxTable)
		tabs[t] = make(map[string]uint32, min(n, 1<<16))
		for i := uint64(0); i < n && d.err == nil; i++ {
			k := d.str(maxString)
			tabs[t][k] = uint32(d.uv(1<<32 - 1))
		}
	}
	if end := d.str(16); d.err == nil && end != "end" {
		d.err = errors.New("missing end marker")
	}
	if d.err != nil {
		return nil, d.err
	}
	if _, err := io.Copy(io.Discard, r); err != nil { // verifies the gzip checksum
		return nil, err
	}
	m.w, m.trans = newTable(nl, nb, w1.idx, w1.values), w1.trans
	if w2 != nil {
		m.w2, m.trans2 = newTable(nl, nb, w2.idx, w2.values), w2.trans
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

// sparseBlock is one stage's weights as read: transitions and the
// non-zero emission rows, made dense only once the whole file has
// proved sound.
type sparseBlock struct {
	trans  []int16
	idx    []int
	values []int16
}

func (d *decoder) block(nl, nb int) *sparseBlock {
	sb := &sparseBlock{trans: make([]int16, (nl+1)*nl)}
	for i := range sb.trans {
		sb.trans[i] = d.i16()
	}
	rows := d.uv(uint64(nb))
	b := -1
	for i := uint64(0); i < rows && d.err == nil; i++ {
		b += int(d.uv(uint64(nb))) + 1
		if b >= nb {
			d.err = errors.New("weight row out of range")
			break
		}
		sb.idx = append(sb.idx, b)
		for l := 0; l < nl; l++ {
			sb.values = append(sb.values, d.i16())
		}
	}
	return sb
}
