package recognize

import "math/bits"

// table holds one stage's emission weights compactly: of the 2^bits
// feature buckets only a few percent have non-zero weights, so a bitmap
// marks those rows and a rank index finds each one's place in rows. The
// bitmap and rank take 3 bits per bucket and stay in cache, unlike a
// dense table, and an unseen feature costs one bit test.
type table struct {
	nl     int
	bitmap []uint64
	rank   []uint32 // non-zero rows before each bitmap word
	rows   []int16  // nl weights per non-zero row, in bucket order
}

// newTable builds a table from sorted bucket numbers and their rows.
func newTable(nl, nb int, idx []int, values []int16) *table {
	t := &table{nl: nl, bitmap: make([]uint64, (nb+63)/64), rank: make([]uint32, (nb+63)/64)}
	for i, b := range idx {
		row := values[i*nl : i*nl+nl]
		if zeroRow(row) {
			continue
		}
		t.bitmap[b>>6] |= 1 << (b & 63)
		t.rows = append(t.rows, row...)
	}
	n := uint32(0)
	for i, w := range t.bitmap {
		t.rank[i] = n
		n += uint32(bits.OnesCount64(w))
	}
	return t
}

// denseTable builds a table from all rows.
func denseTable(nl int, w []int16) *table {
	nb := len(w) / nl
	var idx []int
	var values []int16
	for b := 0; b < nb; b++ {
		if row := w[b*nl : b*nl+nl]; !zeroRow(row) {
			idx = append(idx, b)
			values = append(values, row...)
		}
	}
	return newTable(nl, nb, idx, values)
}

// row returns bucket b's weights, or nil if they are all zero.
func (t *table) row(b uint32) []int16 {
	w := t.bitmap[b>>6]
	bit := uint64(1) << (b & 63)
	if w&bit == 0 {
		return nil
	}
	r := int(t.rank[b>>6]) + bits.OnesCount64(w&(bit-1))
	return t.rows[r*t.nl : r*t.nl+t.nl]
}

// each calls fn for every non-zero row in bucket order.
func (t *table) each(fn func(b int, row []int16)) {
	r := 0
	for i, w := range t.bitmap {
		for w != 0 {
			k := bits.TrailingZeros64(w)
			w &= w - 1
			fn(i*64+k, t.rows[r*t.nl:r*t.nl+t.nl])
			r++
		}
	}
}

// tableEmissions adds to em the scores of tokens t0 to t1.
func tableEmissions(tb *table, feats []uint32, off []int32, t0, t1 int, em []float32) {
	nl := tb.nl
	for t := t0; t < t1; t++ {
		row := em[(t-t0)*nl : (t-t0)*nl+nl]
		for _, f := range feats[off[t]:off[t+1]] {
			ws := tb.row(f)
			if ws == nil {
				continue
			}
			ws = ws[:len(row)]
			for l := range row {
				row[l] += float32(ws[l])
			}
		}
	}
}
