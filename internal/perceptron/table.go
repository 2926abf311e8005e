package perceptron

import (
	"errors"
	"fmt"
	"math"
	"math/bits"

	"dossier/internal/modelfile"
)

// Table is a trained table for inference: int16 weights times Scale. Of
// its buckets usually only a few percent have non-zero weights, so a
// bitmap marks those rows and a rank index finds each one's place. Both
// share one array, a 64-bit word per 32 buckets (their bits, then the
// non-zero rows before them): 2 bits per bucket, and one memory load
// tells whether a feature has a row and where it is. A row is stored whole, or, when most of a table's weights are
// zero (a label table, where a feature is seen with a few labels), as
// its non-zero (class, weight) pairs, which keeps the table small enough
// to stay in cache. It is safe for concurrent use.
type Table struct {
	Shape
	Scale float32
	index []uint64 // per 32 buckets: their bits (low half), the non-zero rows before them (high half)
	rows  []int16  // dense: Classes weights per non-zero row, in bucket order
	// sparse: row r's pairs are pairs[offs[r]:offs[r+1]]
	offs  []uint32
	pairs []pair
	n     int // non-zero rows
}

type pair struct {
	class  uint16
	weight int16
}

// builder appends rows in increasing bucket order.
type builder struct{ t *Table }

func newBuilder(s Shape, scale float32) builder {
	nw := (s.Buckets + 31) / 32
	return builder{&Table{Shape: s, Scale: scale, index: make([]uint64, nw)}}
}

func (b builder) add(bucket int, row []int16) {
	b.t.index[bucket>>5] |= 1 << (bucket & 31)
	b.t.rows = append(b.t.rows, row...)
	b.t.n++
}

// sparseBelow is the share of non-zero weights under which rows are
// stored as pairs.
const sparseBelow = 0.1

func (b builder) table() *Table {
	t := b.t
	n := uint32(0)
	for i, w := range t.index {
		t.index[i] = w | uint64(n)<<32
		n += uint32(bits.OnesCount32(uint32(w)))
	}
	nz := 0
	for _, x := range t.rows {
		if x != 0 {
			nz++
		}
	}
	if len(t.rows) > 0 && float64(nz) < sparseBelow*float64(len(t.rows)) {
		t.offs = make([]uint32, 0, t.n+1)
		t.pairs = make([]pair, 0, nz)
		for r := 0; r < t.n; r++ {
			t.offs = append(t.offs, uint32(len(t.pairs)))
			for c, x := range t.rows[r*t.Classes : (r+1)*t.Classes] {
				if x != 0 {
					t.pairs = append(t.pairs, pair{uint16(c), x})
				}
			}
		}
		t.offs = append(t.offs, uint32(len(t.pairs)))
		t.rows = nil
	}
	return t
}

// index returns bucket b's row number, or -1 if its weights are all zero.
func (t *Table) find(b uint32) int {
	e := t.index[b>>5]
	w, bit := uint32(e), uint32(1)<<(b&31)
	if w&bit == 0 {
		return -1
	}
	return int(e>>32) + bits.OnesCount32(w&(bit-1))
}

// each calls f with each non-zero row's bucket and row number, in order.
func (t *Table) each(f func(bucket, r int)) {
	r := 0
	for i, e := range t.index {
		for w := uint32(e); w != 0; w &= w - 1 {
			f(i*32+bits.TrailingZeros32(w), r)
			r++
		}
	}
}

// rowInto writes row r's weights into buf (Classes long).
func (t *Table) rowInto(r int, buf []int16) {
	if t.pairs == nil {
		copy(buf, t.rows[r*t.Classes:(r+1)*t.Classes])
		return
	}
	clear(buf)
	for _, p := range t.pairs[t.offs[r]:t.offs[r+1]] {
		buf[p.class] = p.weight
	}
}

// Row returns bucket b's weights, or nil if they are all zero.
func (t *Table) Row(b uint32) []int16 {
	r := t.find(b)
	if r < 0 {
		return nil
	}
	row := make([]int16, t.Classes)
	t.rowInto(r, row)
	return row
}

// Rows returns the number of non-zero rows.
func (t *Table) Rows() int { return t.n }

// Scores adds to out (one per class) the weights of the buckets feats,
// times Scale. It finds every row first and adds them after, so the
// memory loads of the lookups overlap.
func (t *Table) Scores(feats []uint32, out []float32) {
	nc := t.Classes
	var idx [128]int32
	var acc [256]int32
	var sum []int32
	if nc <= len(acc) {
		sum = acc[:nc]
	} else {
		sum = make([]int32, nc)
	}
	for len(feats) > 0 {
		k := min(len(feats), len(idx))
		n := 0
		for _, b := range feats[:k] {
			e := t.index[b>>5]
			w, bit := uint32(e), uint32(1)<<(b&31)
			idx[n] = int32(e>>32) + int32(bits.OnesCount32(w&(bit-1)))
			if w&bit != 0 {
				n++
			}
		}
		feats = feats[k:]
		if t.pairs != nil {
			for _, r := range idx[:n] {
				for _, p := range t.pairs[t.offs[r]:t.offs[r+1]] {
					sum[p.class] += int32(p.weight)
				}
			}
			continue
		}
		for _, r := range idx[:n] {
			row := t.rows[int(r)*nc : int(r)*nc+nc]
			row = row[:len(sum)]
			for c, x := range row {
				sum[c] += int32(x)
			}
		}
	}
	out = out[:len(sum)]
	for c, x := range sum {
		out[c] += float32(x) * t.Scale
	}
}

// Sum returns the score of the buckets feats in a table of one class
// (a ranker's), the same as Scores without its buffers; for a table of
// more classes it is the score of class 0.
func (t *Table) Sum(feats []uint32) float32 {
	if t.Classes != 1 {
		out := make([]float32, t.Classes)
		t.Scores(feats, out)
		return out[0]
	}
	var sum int32
	for _, b := range feats {
		r := t.find(b)
		if r < 0 {
			continue
		}
		if t.pairs != nil {
			for _, p := range t.pairs[t.offs[r]:t.offs[r+1]] {
				sum += int32(p.weight)
			}
			continue
		}
		sum += int32(t.rows[r])
	}
	return float32(sum) * t.Scale
}

// Encode writes the table: shape, scale, the number of non-zero rows,
// then each row's bucket as the gap from the previous one and its
// weights as varints.
func (t *Table) Encode(e *modelfile.Encoder) {
	e.Uvarint(uint64(t.Buckets))
	e.Uvarint(uint64(t.Classes))
	e.Float32(t.Scale)
	e.Uvarint(uint64(t.Rows()))
	last := -1
	row := make([]int16, t.Classes)
	t.each(func(b, r int) {
		e.Uvarint(uint64(b - last - 1))
		last = b
		t.rowInto(r, row)
		for _, x := range row {
			e.Varint(int64(x))
		}
	})
}

// Limits on the tables DecodeTable accepts.
const (
	MaxBuckets = 1 << 26
	MaxClasses = 4096
	MaxWeights = 1 << 28 // Buckets × Classes
)

// DecodeTable reads a table written by Encode; errors stay in d.
func DecodeTable(d *modelfile.Decoder) *Table {
	nb := int(d.Uvarint(MaxBuckets))
	nc := int(d.Uvarint(MaxClasses))
	scale := d.Float32()
	if d.Err() != nil {
		return nil
	}
	if nb == 0 || nc == 0 || nb*nc > MaxWeights || !(scale > 0) {
		d.Fail("table shape")
		return nil
	}
	rows := int(d.Uvarint(uint64(nb)))
	// each row takes at least one byte per class and one for its gap
	if d.Err() != nil || rows*(nc+1) > d.Remaining() {
		d.Fail("row count")
		return nil
	}
	bld := newBuilder(Shape{Buckets: nb, Classes: nc}, scale)
	bld.t.rows = make([]int16, 0, rows*nc)
	row := make([]int16, nc)
	b := -1
	for k := 0; k < rows; k++ {
		b += int(d.Uvarint(uint64(nb))) + 1
		if d.Err() == nil && b >= nb {
			d.Fail("row bucket")
		}
		nz := false
		for c := range row {
			row[c] = int16(d.Varint(-32768, 32767))
			nz = nz || row[c] != 0
		}
		if d.Err() != nil {
			return nil
		}
		if !nz {
			d.Fail("zero row")
			return nil
		}
		bld.add(b, row)
	}
	return bld.table()
}

// Prune returns a copy of the table without the weights whose magnitude
// is below minWeight, the same as Model.Average with that minWeight.
func (t *Table) Prune(minWeight int) *Table {
	bld := newBuilder(t.Shape, t.Scale)
	row := make([]int16, t.Classes)
	t.each(func(b, r int) {
		t.rowInto(r, row)
		nz := false
		for c, x := range row {
			if int(x) < minWeight && int(x) > -minWeight {
				row[c] = 0
			}
			nz = nz || row[c] != 0
		}
		if nz {
			bld.add(b, row)
		}
	})
	return bld.table()
}

// ErrShape is the sentinel of ReadTable's error for a table of another
// shape than the one asked for.
var ErrShape = errors.New("perceptron: table of another shape")

// AddTable writes t into f as the deflated section name.
func AddTable(f *modelfile.File, name string, t *Table) {
	var e modelfile.Encoder
	t.Encode(&e)
	f.Add(name, e.Bytes(), true)
}

// ReadTable reads section name of f, written by AddTable, and checks its
// shape. A malformed section is a *modelfile.FormatError, another shape
// an error wrapping ErrShape.
func ReadTable(f *modelfile.File, name string, want Shape) (*Table, error) {
	data, err := f.Section(name)
	if err != nil {
		return nil, err
	}
	d := modelfile.NewDecoder(name, data)
	t := DecodeTable(d)
	if err := d.Finish(); err != nil {
		return nil, err
	}
	if t.Shape != want {
		return nil, fmt.Errorf("%w: %s is %d×%d, want %d×%d", ErrShape, name, t.Buckets, t.Classes, want.Buckets, want.Classes)
	}
	return t, nil
}

// TableFromDense makes an inference table of shape s from dense int16
// weights (s.Buckets × s.Classes, row by row) and their scale, leaving out
// the all-zero rows: for a model whose own training loop quantizes.
func TableFromDense(s Shape, scale float32, w []int16) *Table {
	if len(w) != s.Buckets*s.Classes {
		panic(fmt.Sprintf("perceptron: %d weights for shape %+v", len(w), s))
	}
	bld := newBuilder(s, scale)
	for b := 0; b < s.Buckets; b++ {
		row := w[b*s.Classes : (b+1)*s.Classes]
		for _, x := range row {
			if x != 0 {
				bld.add(b, row)
				break
			}
		}
	}
	return bld.table()
}

// Mean returns the table whose weights are the mean of the tables'
// (each weight times its table's Scale), quantized again to int16: the
// averaged weights of models trained the same way from different seeds,
// which vote as one model at one model's cost. The tables must share a
// shape; Mean of one is that table, of none nil.
func Mean(tables ...*Table) (*Table, error) {
	switch len(tables) {
	case 0:
		return nil, nil
	case 1:
		return tables[0], nil
	}
	s := tables[0].Shape
	for _, t := range tables[1:] {
		if t.Shape != s {
			return nil, fmt.Errorf("%w: %d×%d and %d×%d", ErrShape, s.Buckets, s.Classes, t.Buckets, t.Classes)
		}
	}
	sum := make([]float64, s.Buckets*s.Classes)
	row := make([]int16, s.Classes)
	for _, t := range tables {
		t.each(func(b, r int) {
			t.rowInto(r, row)
			for c, x := range row {
				sum[b*s.Classes+c] += float64(x) * float64(t.Scale)
			}
		})
	}
	maxAbs := 0.0
	for i := range sum {
		sum[i] /= float64(len(tables))
		maxAbs = max(maxAbs, math.Abs(sum[i]))
	}
	scale := maxAbs / 32767
	if scale == 0 {
		scale = 1
	}
	w := make([]int16, len(sum))
	for i, x := range sum {
		w[i] = int16(math.Round(x / scale))
	}
	return TableFromDense(s, float32(scale), w), nil
}
