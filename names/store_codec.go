package names

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"dossier/internal/modelfile"
)

// This file writes a frozen Store, and the Weights it was frozen with, to
// bytes and reads them back, so that a screening index can be kept in a
// file instead of being parsed again from its list at every start. What
// a part's print holds is derived again on reading, not stored; its
// weight with rarity is stored, as Freeze cached it from the Weights
// written beside the store. The decoder checks every count against the bytes left and
// every address against what it addresses, so that bytes that were not
// written by EncodeBinary (a corrupt file) are an error, never a panic or
// a store that panics later.

// StoreCodecVersion changes whenever the encoding of a Store or of Weights
// changes; files of another version must be rebuilt.
const StoreCodecVersion = 2

// EncodeBinary writes the store, which must be frozen, to e.
func (s *Store) EncodeBinary(e *modelfile.Encoder) error {
	if s.partID != nil || len(s.chunk) > 0 {
		return fmt.Errorf("names: encode store: not frozen")
	}
	e.Uvarint(uint64(len(s.parts)))
	for i := range s.parts {
		p := &s.parts[i]
		e.String(p.Text)
		e.String(p.canon)
		e.String(p.native)
		e.String(p.Phonetic)
		e.String(p.skel)
		e.String(p.legal)
		e.Uvarint(uint64(p.Kind))
		e.Uvarint(uint64(p.script))
		e.Uvarint(uint64(b2u(p.acronym) | b2u(p.roman)<<1))
		e.Uvarint(p.mask)
		e.Varint(int64(p.variant))
		e.Varint(int64(p.num))
		e.Float64(p.weight)
		// The weight with rarity cached by Freeze, so that reading does
		// not look every part up in the rarity table again.
		if p.rwGen != 0 {
			e.Uvarint(1)
			e.Float64(p.rw)
		} else {
			e.Uvarint(0)
		}
		e.Uvarint(uint64(len(p.nicks)))
		for _, n := range p.nicks {
			e.Uvarint(uint64(n))
		}
	}
	encodeChunks(e, &s.ids, 4, func(b []byte, x uint32) { le.PutUint32(b, x) })
	encodeChunks(e, &s.spans, spanSize, putSpan)
	encodeChunks(e, &s.shapes, 2, func(b []byte, x spanShape) { b[0], b[1] = x.lt, x.li })
	e.Uvarint(uint64(len(s.arena)))
	for _, a := range s.arena {
		e.String(a)
	}
	encodeChunks(e, &s.names, nameSize, putName)
	e.Uvarint(uint64(len(s.subjects)))
	rec := make([]byte, subjectSize)
	for i := range s.subjects {
		putSubject(rec, &s.subjects[i])
		e.Raw(rec)
	}
	e.Uvarint(uint64(len(s.strs.c)))
	for _, c := range s.strs.c {
		e.Uvarint(uint64(len(c)))
		for _, x := range c {
			e.String(x)
		}
	}
	e.Uvarint(uint64(len(s.labels)))
	for _, l := range s.labels {
		e.String(l)
	}
	return nil
}

func b2u(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

var le = binary.LittleEndian

// The fixed-width records of the store's tables, little-endian.
const (
	spanSize    = 4 + 5*2 + 3 + 3 + 4*4 + 8 + 2*8
	nameSize    = 3*4 + 6 + 2*2 + 1
	subjectSize = 2*4 + 7*2 + 1
)

func putSpan(b []byte, x storedSpan) {
	le.PutUint32(b, x.off)
	for i, n := range [...]uint16{x.lt, x.lc, x.lp, x.li, x.ls} {
		le.PutUint16(b[4+2*i:], n)
	}
	b[14], b[15], b[16] = x.lo, x.hi, b2u(x.big)
	copy(b[17:20], x.init[:])
	for i, h := range [...]uint32{x.textH, x.canonH, x.phonH, x.skelH} {
		le.PutUint32(b[20+4*i:], h)
	}
	le.PutUint64(b[36:], x.mask)
	le.PutUint64(b[44:], x.counts[0])
	le.PutUint64(b[52:], x.counts[1])
}

func putName(b []byte, x storedName) {
	le.PutUint32(b, x.orig)
	le.PutUint32(b[4:], x.ids)
	le.PutUint32(b[8:], x.spans)
	b[12], b[13], b[14] = x.n, x.nspans, uint8(x.class)
	b[15], b[16], b[17] = b2u(x.patronymic), b2u(x.weak), b2u(x.mayDup)
	le.PutUint16(b[18:], x.spanMin)
	le.PutUint16(b[20:], x.spanMax)
	b[22] = x.spanInit
}

func getName(b []byte) (x storedName, ok bool) {
	x.orig, x.ids, x.spans = le.Uint32(b), le.Uint32(b[4:]), le.Uint32(b[8:])
	x.n, x.nspans, x.class = b[12], b[13], nameClass(b[14])
	x.patronymic, x.weak, x.mayDup = b[15] == 1, b[16] == 1, b[17] == 1
	x.spanMin, x.spanMax, x.spanInit = le.Uint16(b[18:]), le.Uint16(b[20:]), b[22]
	return x, x.n <= maxParts && x.class <= classObject && b[15] <= 1 && b[16] <= 1 && b[17] <= 1
}

func putSubject(b []byte, x *storedSubject) {
	le.PutUint32(b, x.names)
	le.PutUint32(b[4:], x.strs)
	for i, n := range [...]uint16{x.nNames, x.nStrong, x.nWeak, x.nDates, x.nCtry, x.schema, x.gender} {
		le.PutUint16(b[8+2*i:], n)
	}
	b[22] = uint8(x.resolved)
}

func getSubject(b []byte) (x storedSubject, ok bool) {
	x.names, x.strs = le.Uint32(b), le.Uint32(b[4:])
	x.nNames, x.nStrong, x.nWeak = le.Uint16(b[8:]), le.Uint16(b[10:]), le.Uint16(b[12:])
	x.nDates, x.nCtry, x.schema, x.gender = le.Uint16(b[14:]), le.Uint16(b[16:]), le.Uint16(b[18:]), le.Uint16(b[20:])
	x.resolved = nameClass(b[22])
	return x, x.resolved <= classObject
}

// encodeChunks writes the chunks of a as their count, then each one's
// length and its records of size bytes.
func encodeChunks[T any](e *modelfile.Encoder, a *chunked[T], size int, put func([]byte, T)) {
	e.Uvarint(uint64(len(a.c)))
	for _, c := range a.c {
		e.Uvarint(uint64(len(c)))
		b := make([]byte, len(c)*size)
		for i, x := range c {
			put(b[i*size:], x)
		}
		e.Raw(b)
	}
}

// count reads a number of elements, each of which takes at least one
// byte, so that a corrupt count cannot allocate more than the data holds.
func count(d *modelfile.Decoder) int {
	return int(d.Uvarint(uint64(d.Remaining())))
}

func decodeChunks[T any](d *modelfile.Decoder, a *chunked[T], size int, get func([]byte) (T, bool)) {
	n := count(d)
	if n > 1<<(32-chunkShift) {
		d.Fail("chunk count")
		return
	}
	a.c = make([][]T, 0, n)
	for i := 0; i < n && d.Err() == nil; i++ {
		k := count(d)
		if k > 1<<chunkShift || k*size > d.Remaining() {
			d.Fail("chunk length")
			return
		}
		b := d.Raw(k * size)
		c := make([]T, k)
		for j := range c {
			x, ok := get(b[j*size:])
			if !ok {
				d.Fail("record")
				return
			}
			c[j] = x
		}
		a.c = append(a.c, c)
	}
}

// decodeSpans is decodeChunks of the span records (putSpan's layout),
// the largest table, each record read in place; a record whose big flag
// is neither 0 nor 1 is corrupt.
func decodeSpans(d *modelfile.Decoder, a *chunked[storedSpan]) {
	n := count(d)
	if n > 1<<(32-chunkShift) {
		d.Fail("chunk count")
		return
	}
	a.c = make([][]storedSpan, 0, n)
	for i := 0; i < n && d.Err() == nil; i++ {
		k := count(d)
		if k > 1<<chunkShift || k*spanSize > d.Remaining() {
			d.Fail("chunk length")
			return
		}
		b := d.Raw(k * spanSize)
		c := make([]storedSpan, k)
		for j := range c {
			r := b[j*spanSize : (j+1)*spanSize : (j+1)*spanSize]
			if r[16] > 1 {
				d.Fail("record")
				return
			}
			x := &c[j]
			x.off = le.Uint32(r)
			x.lt, x.lc, x.lp, x.li, x.ls = le.Uint16(r[4:]), le.Uint16(r[6:]), le.Uint16(r[8:]), le.Uint16(r[10:]), le.Uint16(r[12:])
			x.lo, x.hi, x.big = r[14], r[15], r[16] == 1
			x.init = [3]byte{r[17], r[18], r[19]}
			x.textH, x.canonH, x.phonH, x.skelH = le.Uint32(r[20:]), le.Uint32(r[24:]), le.Uint32(r[28:]), le.Uint32(r[32:])
			x.mask = le.Uint64(r[36:])
			x.counts = letterCounts{le.Uint64(r[44:]), le.Uint64(r[52:])}
		}
		a.c = append(a.c, c)
	}
}

// valid reports whether the run of n elements at addr is inside a.
func (a *chunked[T]) valid(addr uint32, n int) bool {
	c, o := int(addr>>chunkShift), int(addr&(1<<chunkShift-1))
	return c < len(a.c) && o+n <= len(a.c[c])
}

// DecodeStore reads a store written by EncodeBinary and freezes it with
// m, whose Weights must be those the store was frozen with when written.
func DecodeStore(d *modelfile.Decoder, m *Matcher) (*Store, error) {
	const u16, u8 = math.MaxUint16, math.MaxUint8
	s := &Store{}
	np := count(d)
	s.parts = make([]Part, 0, np)
	for i := 0; i < np && d.Err() == nil; i++ {
		var p Part
		p.Text = d.String(math.MaxInt32)
		p.canon = d.String(math.MaxInt32)
		p.native = d.String(math.MaxInt32)
		p.Phonetic = d.String(math.MaxInt32)
		p.skel = d.String(math.MaxInt32)
		p.legal = d.String(math.MaxInt32)
		p.Kind = Kind(d.Uvarint(uint64(KindMiddle)))
		p.script = script(d.Uvarint(uint64(scriptMark)))
		flags := d.Uvarint(3)
		p.acronym, p.roman = flags&1 != 0, flags&2 != 0
		p.mask = d.Uvarint(math.MaxUint64)
		p.variant = int(d.Varint(-1, int64(len(variantGroups)-1)))
		p.num = int(d.Varint(math.MinInt32, math.MaxInt32))
		p.weight = d.Float64()
		if d.Uvarint(1) == 1 {
			p.rw = d.Float64()
			if !(p.rw >= 0 && p.rw <= math.MaxFloat64) { // NaN and infinities too
				d.Fail("part weight")
			}
			if m.Weights != nil && m.Weights.gen != 0 {
				p.rwGen = m.Weights.gen
			}
		}
		if nn := count(d); nn > 0 {
			p.nicks = make([]uint16, nn)
			for k := range p.nicks {
				p.nicks[k] = uint16(d.Uvarint(u16))
			}
		}
		s.parts = append(s.parts, p)
	}
	// What each part's print and weight hold is derived from the part
	// alone: worked out on another core while the tables are read.
	derived := make(chan struct{})
	parts := s.parts
	go func() {
		defer close(derived)
		s.prints = make([]partPrint, len(parts))
		s.aux = make([]printAux, len(parts))
		for i := range parts {
			pt := &parts[i]
			s.prints[i], s.aux[i] = printOf(pt)
			if pt.rwGen == 0 && m.Weights != nil && m.Weights.gen != 0 {
				pt.rw, pt.rwGen = m.weight(pt), m.Weights.gen
			}
		}
	}()
	defer func() { <-derived }() // on every return: the goroutine writes into s
	decodeChunks(d, &s.ids, 4, func(b []byte) (uint32, bool) { return le.Uint32(b), true })
	decodeSpans(d, &s.spans)
	decodeChunks(d, &s.shapes, 2, func(b []byte) (spanShape, bool) { return spanShape{b[0], b[1]}, true })
	na := count(d)
	s.arena = make([]string, 0, na)
	for i := 0; i < na && d.Err() == nil; i++ {
		s.arena = append(s.arena, d.String(chunkSize))
	}
	decodeChunks(d, &s.names, nameSize, getName)
	ns := count(d)
	if ns*subjectSize > d.Remaining() {
		d.Fail("subject count")
		return nil, d.Err()
	}
	s.subjects = make([]storedSubject, ns)
	if b := d.Raw(ns * subjectSize); b != nil {
		for i := range s.subjects {
			x, ok := getSubject(b[i*subjectSize:])
			if !ok {
				d.Fail("subject")
				return nil, d.Err()
			}
			s.subjects[i] = x
		}
	}
	nc := count(d)
	if nc > 1<<(32-chunkShift) {
		d.Fail("chunk count")
	}
	for i := 0; i < nc && d.Err() == nil; i++ {
		k := count(d)
		if k > 1<<chunkShift {
			d.Fail("chunk length")
			break
		}
		c := make([]string, k)
		for j := range c {
			c[j] = d.String(math.MaxInt32)
		}
		s.strs.c = append(s.strs.c, c)
	}
	nl := count(d)
	if nl > u16 {
		d.Fail("labels")
	}
	for i := 0; i < nl && d.Err() == nil; i++ {
		s.labels = append(s.labels, d.String(math.MaxInt32))
	}
	if err := d.Err(); err != nil {
		return nil, err
	}
	if what := s.check(); what != "" {
		d.Fail(what)
		return nil, d.Err()
	}
	<-derived
	s.freezeTables()
	return s, nil
}

// check returns what is inconsistent in a decoded store ("" if nothing):
// an address outside what it addresses, a span outside its name or its
// arena chunk, a label that does not exist.
func (s *Store) check() string {
	if len(s.shapes.c) != len(s.spans.c) {
		return "span shapes"
	}
	for i := range s.spans.c {
		if len(s.shapes.c[i]) != len(s.spans.c[i]) {
			return "span shapes"
		}
	}
	for _, c := range s.ids.c {
		for _, id := range c {
			if int(id) >= len(s.parts) {
				return "part ids"
			}
		}
	}
	for _, c := range s.names.c {
		for k := range c {
			sn := &c[k]
			if !s.strs.valid(sn.orig, 1) || !s.ids.valid(sn.ids, int(sn.n)) || !s.spans.valid(sn.spans, int(sn.nspans)) {
				return "name addresses"
			}
			for _, sp := range s.spans.run(sn.spans, int(sn.nspans)) {
				if sp.lo > sp.hi || sp.hi > sn.n {
					return "span bounds"
				}
				if c := int(sp.off >> chunkBits); !sp.big && c < len(s.arena) {
					o := int(sp.off & (chunkSize - 1))
					if o+int(sp.lt)+int(sp.lc)+int(sp.lp)+int(sp.li)+int(sp.ls) > len(s.arena[c]) {
						return "span text"
					}
				}
			}
		}
	}
	for i := range s.subjects {
		sub := &s.subjects[i]
		if sub.nNames > 0 && !s.names.valid(sub.names, int(sub.nNames)) {
			return "subject names"
		}
		nstrs := int(sub.nStrong) + int(sub.nWeak) + int(sub.nDates) + int(sub.nCtry)
		if nstrs > 0 && !s.strs.valid(sub.strs, nstrs) {
			return "subject strings"
		}
		if int(sub.schema) >= len(s.labels) || int(sub.gender) >= len(s.labels) {
			return "subject labels"
		}
	}
	return ""
}

// EncodeBinary writes frozen weights to e.
func (w *Weights) EncodeBinary(e *modelfile.Encoder) error {
	if w.gen == 0 {
		return fmt.Errorf("names: encode weights: not frozen")
	}
	e.Uvarint(uint64(w.n))
	words := make([]string, 0, len(w.rarity))
	for word := range w.rarity {
		words = append(words, word)
	}
	slices.Sort(words) // the same weights encode to the same bytes
	e.Uvarint(uint64(len(words)))
	for _, word := range words {
		e.String(word)
		e.Float64(w.rarity[word])
	}
	return nil
}

// DecodeWeights reads weights written by EncodeBinary, frozen. They
// answer Rarity as the weights written did; they cannot count more names.
func DecodeWeights(d *modelfile.Decoder) (*Weights, error) {
	w := &Weights{}
	w.n = int(d.Uvarint(math.MaxInt32))
	n := count(d)
	w.rarity = make(map[string]float64, n)
	for i := 0; i < n && d.Err() == nil; i++ {
		word := d.String(math.MaxInt32)
		r := d.Float64()
		if r < 0 || r > 1 {
			d.Fail("rarity")
		}
		w.rarity[word] = r
	}
	if err := d.Err(); err != nil {
		return nil, err
	}
	if len(w.rarity) != n {
		d.Fail("rarity: repeated word")
		return nil, d.Err()
	}
	w.gen = weightsGen.Add(1)
	return w, nil
}
