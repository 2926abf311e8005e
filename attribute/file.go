package attribute

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
	"strconv"
	"sync"
)

// The model file: a magic line, then a gzip stream of varints holding a
// JSON header, the transition weights and the non-zero rows of the
// emission weights (int16, one scale for all; each row's bucket as the
// distance from the previous one), and "end".
const magic = "dossier-attribution-model/1\n"

// ErrModel is the sentinel inside the errors of Load.
var ErrModel = errors.New("attribute: malformed model file")

type fileHeader struct {
	Labels      []string  `json:"labels"`
	Bits        uint      `json:"bits"`
	Scale       float32   `json:"scale"`
	Fingerprint string    `json:"fingerprint"`
	Info        ModelInfo `json:"info"`
}

const (
	minBits   = 10
	maxBits   = 24
	maxHeader = 1 << 16
)

//go:embed model.bin
var embedded []byte

var defaultModel = sync.OnceValues(func() (*Model, error) {
	return Load(bytes.NewReader(embedded))
})

// Default returns the model embedded in the binary, loading it on first
// use. It panics if the embedded file is corrupt or was trained with
// another lexicon or feature set, which the tests rule out.
func Default() *Model {
	m, err := defaultModel()
	if err != nil {
		panic(err)
	}
	return m
}

func fingerprint() string { return strconv.FormatUint(lexiconFingerprint, 16) }

// Save writes the model file. The same model gives the same bytes.
func (m *Model) Save(w io.Writer) error {
	if _, err := io.WriteString(w, magic); err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	var buf [binary.MaxVarintLen64]byte
	uv := func(x uint64) { bw.Write(buf[:binary.PutUvarint(buf[:], x)]) }
	iv := func(x int64) { bw.Write(buf[:binary.PutVarint(buf[:], x)]) }
	str := func(s string) { uv(uint64(len(s))); bw.WriteString(s) }
	hdr, err := json.Marshal(fileHeader{labelNames[:], m.bits, m.scale, fingerprint(), m.info})
	if err != nil {
		return err
	}
	str(string(hdr))
	for _, x := range m.trans {
		iv(int64(x))
	}
	uv(uint64(len(m.w.rows) / numLabels))
	last := -1
	m.w.each(func(b int, row []int16) {
		uv(uint64(b - last - 1))
		last = b
		for _, x := range row {
			iv(int64(x))
		}
	})
	str("end")
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
		return nil, fmt.Errorf("%w: not a dossier attribution model", ErrModel)
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrModel, err)
	}
	zb := bufio.NewReader(zr)
	bad := func(what string, err error) error {
		if err != nil {
			return fmt.Errorf("%w: %s: %v", ErrModel, what, err)
		}
		return fmt.Errorf("%w: %s", ErrModel, what)
	}
	str := func(limit uint64) (string, error) {
		n, err := binary.ReadUvarint(zb)
		if err != nil {
			return "", err
		}
		if n > limit {
			return "", errors.New("string too long")
		}
		b := make([]byte, n)
		_, err = io.ReadFull(zb, b)
		return string(b), err
	}
	hs, err := str(maxHeader)
	if err != nil {
		return nil, bad("header", err)
	}
	var h fileHeader
	if err := json.Unmarshal([]byte(hs), &h); err != nil {
		return nil, bad("header", err)
	}
	if len(h.Labels) != numLabels {
		return nil, bad("labels", nil)
	}
	for i, l := range h.Labels {
		if l != labelNames[i] {
			return nil, bad("labels", nil)
		}
	}
	if h.Bits < minBits || h.Bits > maxBits {
		return nil, bad("bits", nil)
	}
	if h.Fingerprint != fingerprint() {
		return nil, fmt.Errorf("%w: trained with another lexicon or feature set (retrain with 'dossier train attribution')", ErrModel)
	}
	m := &Model{info: h.Info, bits: h.Bits, scale: h.Scale, trans: make([]int16, (numLabels+1)*numLabels)}
	int16At := func() (int16, error) {
		x, err := binary.ReadVarint(zb)
		if err == nil && (x < -32768 || x > 32767) {
			err = errors.New("weight out of range")
		}
		return int16(x), err
	}
	for i := range m.trans {
		if m.trans[i], err = int16At(); err != nil {
			return nil, bad("transitions", err)
		}
	}
	nb := 1 << h.Bits
	rows, err := binary.ReadUvarint(zb)
	if err != nil || rows > uint64(nb) {
		return nil, bad("row count", err)
	}
	t := &table{nl: numLabels, nb: nb, bitmap: make([]uint64, (nb+63)/64), rank: make([]uint32, (nb+63)/64),
		rows: make([]int16, 0, int(rows)*numLabels)}
	b := -1
	for k := uint64(0); k < rows; k++ {
		d, err := binary.ReadUvarint(zb)
		if err != nil || d >= uint64(nb) || b+1+int(d) >= nb {
			return nil, bad("rows", err)
		}
		b += 1 + int(d)
		t.bitmap[b>>6] |= 1 << (b & 63)
		for l := 0; l < numLabels; l++ {
			x, err := int16At()
			if err != nil {
				return nil, bad("rows", err)
			}
			t.rows = append(t.rows, x)
		}
	}
	t.index()
	m.w = t
	if end, err := str(8); err != nil || end != "end" {
		return nil, bad("missing end", err)
	}
	return m, nil
}
