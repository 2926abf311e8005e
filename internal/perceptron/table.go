package perceptron

import (
	"math/bits"

	"dossier/internal/modelfile"
)

// Table is a trained table for inference: int16 weights times Scale. Of
// its buckets usually only a few percent have non-zero weights, so a
// bitmap marks those rows and a rank index finds each one's place: 3 bits
// per bucket, which stay in cache, and an unseen feature costs one bit
// test. It is safe for concurrent use.
type Table struct {
	Shape
	Scale  float32
	bitmap []uint64
	rank   []uint32 // non-zero rows before each bitmap word
	rows   []int16  // Classes weights per non-zero row, in bucket order
}

// builder appends rows in increasing bucket order.
type builder struct{ t *Table }

func newBuilder(s Shape, scale float32) builder {
	nw := (s.Buckets + 63) / 64
	return builder{&Table{Shape: s, Scale: scale, bitmap: make([]uint64, nw), rank: make([]uint32, nw)}}
}

func (b builder) add(bucket int, row []int16) {
	b.t.bitmap[bucket>>6] |= 1 << (bucket & 63)
	b.t.rows = append(b.t.rows, row...)
}

func (b builder) table() *Table {
	n := uint32(0)
	for i, w := range b.t.bitmap {
		b.t.rank[i] = n
		n += uint32(bits.OnesCount64(w))
	}
	return b.t
}

// Row returns bucket b's weights, or nil if they are all zero.
func (t *Table) Row(b uint32) []int16 {
	w := t.bitmap[b>>6]
	bit := uint64(1) << (b & 63)
	if w&bit == 0 {
		return nil
	}
	r := int(t.rank[b>>6]) + bits.OnesCount64(w&(bit-1))
	return t.rows[r*t.Classes : r*t.Classes+t.Classes]
}

// Rows returns the number of non-zero rows.
func (t *Table) Rows() int { return len(t.rows) / t.Classes }

// Scores adds to out (one per class) the weights of the buckets feats,
// times Scale. It finds every row first and adds them after, so the
// memory loads of the lookups overlap.
func (t *Table) Scores(feats []uint32, out []float32) {
	nc := t.Classes
	var idx [128]int32
	var acc [256]int32
	if nc > len(acc) {
		for _, f := range feats {
			if row := t.Row(f); row != nil {
				for c := range nc {
					out[c] += float32(row[c]) * t.Scale
				}
			}
		}
		return
	}
	sum := acc[:nc]
	for len(feats) > 0 {
		k := min(len(feats), len(idx))
		n := 0
		for _, b := range feats[:k] {
			w := t.bitmap[b>>6]
			bit := uint64(1) << (b & 63)
			r := int32(t.rank[b>>6]) + int32(bits.OnesCount64(w&(bit-1)))
			idx[n] = r
			if w&bit != 0 {
				n++
			}
		}
		feats = feats[k:]
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

// Encode writes the table: shape, scale, the number of non-zero rows,
// then each row's bucket as the gap from the previous one and its
// weights as varints.
func (t *Table) Encode(e *modelfile.Encoder) {
	e.Uvarint(uint64(t.Buckets))
	e.Uvarint(uint64(t.Classes))
	e.Float32(t.Scale)
	e.Uvarint(uint64(t.Rows()))
	last := -1
	r := 0
	for i, w := range t.bitmap {
		for w != 0 {
			k := bits.TrailingZeros64(w)
			w &= w - 1
			b := i*64 + k
			e.Uvarint(uint64(b - last - 1))
			last = b
			for _, x := range t.rows[r*t.Classes : r*t.Classes+t.Classes] {
				e.Varint(int64(x))
			}
			r++
		}
	}
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
