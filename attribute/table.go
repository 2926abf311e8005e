package attribute

import "math/bits"

// table holds the emission weights of the non-zero buckets only: a
// bitmap marks those buckets and a running count per 64 buckets finds a
// bucket's row. The bitmap and counts are small enough to stay in cache,
// and a feature never seen in training costs one bit test.
type table struct {
	nl     int
	nb     int      // buckets
	bitmap []uint64 // bit b set when bucket b has a row
	rank   []uint32 // rows before each bitmap word
	rows   []int16  // nl weights per row, in bucket order
}

// newTable builds a table of nb buckets from dense weights (nb × nl),
// dropping the all-zero rows.
func newTable(nl, nb int, dense []int16) *table {
	t := &table{nl: nl, nb: nb, bitmap: make([]uint64, (nb+63)/64), rank: make([]uint32, (nb+63)/64)}
	for b := 0; b < nb; b++ {
		row := dense[b*nl : b*nl+nl]
		if !zeroRow(row) {
			t.bitmap[b>>6] |= 1 << (b & 63)
			t.rows = append(t.rows, row...)
		}
	}
	t.index()
	return t
}

func (t *table) index() {
	n := uint32(0)
	for i, w := range t.bitmap {
		t.rank[i] = n
		n += uint32(bits.OnesCount64(w))
	}
}

func zeroRow(row []int16) bool {
	for _, x := range row {
		if x != 0 {
			return false
		}
	}
	return true
}

// row returns bucket b's weights, or nil when they are all zero.
func (t *table) row(b uint32) []int16 {
	w := t.bitmap[b>>6]
	bit := uint64(1) << (b & 63)
	if w&bit == 0 {
		return nil
	}
	r := int(t.rank[b>>6]) + bits.OnesCount64(w&(bit-1))
	return t.rows[r*t.nl : r*t.nl+t.nl]
}

// each calls fn with every non-zero bucket and its row, in order.
func (t *table) each(fn func(b int, row []int16)) {
	r := 0
	for i, w := range t.bitmap {
		for w != 0 {
			b := i*64 + bits.TrailingZeros64(w)
			fn(b, t.rows[r*t.nl:r*t.nl+t.nl])
			r++
			w &= w - 1
		}
	}
}
