package modelfile

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unsafe"
)

// Encoder builds a section's bytes.
type Encoder struct {
	buf []byte
}

// Bytes returns what was written.
func (e *Encoder) Bytes() []byte { return e.buf }

// Uvarint writes x as a uvarint.
func (e *Encoder) Uvarint(x uint64) { e.buf = binary.AppendUvarint(e.buf, x) }

// Varint writes x as a zig-zag varint.
func (e *Encoder) Varint(x int64) { e.buf = binary.AppendVarint(e.buf, x) }

// String writes a uvarint length and s.
func (e *Encoder) String(s string) {
	e.Uvarint(uint64(len(s)))
	e.buf = append(e.buf, s...)
}

// Uint32 writes x as 4 bytes little-endian.
func (e *Encoder) Uint32(x uint32) { e.buf = binary.LittleEndian.AppendUint32(e.buf, x) }

// Float32 writes x's bits as 4 bytes little-endian.
func (e *Encoder) Float32(x float32) { e.Uint32(math.Float32bits(x)) }

// Float64 writes x's bits as 8 bytes little-endian.
func (e *Encoder) Float64(x float64) {
	e.buf = binary.LittleEndian.AppendUint64(e.buf, math.Float64bits(x))
}

// Decoder reads a section's bytes. Varints must be minimal, so what
// decodes encodes back to the same bytes. The first error sticks: later reads
// return zero values, and Err or Finish report it as a *FormatError
// naming the section and offset.
type Decoder struct {
	section string
	data    []byte
	off     int
	err     error
	share   bool // String shares data (ShareStrings)
}

// NewDecoder reads data, the contents of the named section.
func NewDecoder(section string, data []byte) *Decoder {
	return &Decoder{section: section, data: data}
}

func (d *Decoder) fail(what string, err error) {
	if d.err == nil {
		d.err = &FormatError{Section: d.section, Offset: int64(d.off), What: what, Err: err}
	}
}

// Err returns the first error.
func (d *Decoder) Err() error { return d.err }

// Remaining returns the number of unread bytes.
func (d *Decoder) Remaining() int { return len(d.data) - d.off }

// Finish returns the first error, or an error if bytes are left over.
func (d *Decoder) Finish() error {
	if d.err == nil && d.off != len(d.data) {
		d.fail("end", fmt.Errorf("%w: %d bytes left over", ErrCorrupt, len(d.data)-d.off))
	}
	return d.err
}

// Fail records an error found by the caller in the values read (a value
// out of its range), at the current offset.
func (d *Decoder) Fail(what string) {
	d.fail(what, ErrCorrupt)
}

// Uvarint reads a uvarint no larger than limit.
func (d *Decoder) Uvarint(limit uint64) uint64 {
	if d.err != nil {
		return 0
	}
	x, n := binary.Uvarint(d.data[d.off:])
	switch {
	case n == 0:
		d.fail("uvarint", ErrTruncated)
		return 0
	case n < 0:
		d.fail("uvarint", fmt.Errorf("%w: varint overflows", ErrCorrupt))
		return 0
	case n > 1 && d.data[d.off+n-1] == 0:
		d.fail("uvarint", fmt.Errorf("%w: non-minimal varint", ErrCorrupt))
		return 0
	case x > limit:
		d.fail("uvarint", fmt.Errorf("%w: %d over limit %d", ErrCorrupt, x, limit))
		return 0
	}
	d.off += n
	return x
}

// Varint reads a varint in [lo, hi].
func (d *Decoder) Varint(lo, hi int64) int64 {
	if d.err != nil {
		return 0
	}
	x, n := binary.Varint(d.data[d.off:])
	switch {
	case n == 0:
		d.fail("varint", ErrTruncated)
		return 0
	case n < 0:
		d.fail("varint", fmt.Errorf("%w: varint overflows", ErrCorrupt))
		return 0
	case n > 1 && d.data[d.off+n-1] == 0:
		d.fail("varint", fmt.Errorf("%w: non-minimal varint", ErrCorrupt))
		return 0
	case x < lo || x > hi:
		d.fail("varint", fmt.Errorf("%w: %d outside [%d, %d]", ErrCorrupt, x, lo, hi))
		return 0
	}
	d.off += n
	return x
}

func (d *Decoder) take(n int, what string) []byte {
	if d.err != nil {
		return nil
	}
	if n > len(d.data)-d.off {
		d.fail(what, ErrTruncated)
		return nil
	}
	b := d.data[d.off : d.off+n]
	d.off += n
	return b
}

// String reads a string of at most limit bytes.
func (d *Decoder) String(limit int) string {
	n := d.Uvarint(uint64(limit))
	b := d.take(int(n), "string")
	if d.share && len(b) > 0 {
		return unsafe.String(&b[0], len(b))
	}
	return string(b)
}

// Uint32 reads 4 bytes little-endian.
func (d *Decoder) Uint32() uint32 {
	b := d.take(4, "uint32")
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint32(b)
}

// Float32 reads a finite float32.
func (d *Decoder) Float32() float32 {
	x := math.Float32frombits(d.Uint32())
	if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
		d.fail("float32", fmt.Errorf("%w: not finite", ErrCorrupt))
		return 0
	}
	return x
}

// Float64 reads a finite float64.
func (d *Decoder) Float64() float64 {
	b := d.take(8, "float64")
	if b == nil {
		return 0
	}
	x := math.Float64frombits(binary.LittleEndian.Uint64(b))
	if math.IsNaN(x) || math.IsInf(x, 0) {
		d.fail("float64", fmt.Errorf("%w: not finite", ErrCorrupt))
		return 0
	}
	return x
}

// IsFormat reports whether err is a malformation found by this package.
func IsFormat(err error) bool {
	var fe *FormatError
	return errors.As(err, &fe)
}

// Raw writes b as it is, for a block of fixed-width records whose count
// the caller writes first.
func (e *Encoder) Raw(b []byte) { e.buf = append(e.buf, b...) }

// Raw reads n bytes as they are (nil after an error). The slice shares
// the decoder's data.
func (d *Decoder) Raw(n int) []byte { return d.take(n, "block") }

// ShareStrings makes String return strings that share the decoder's data
// instead of copies: no allocation per string, for decoding large tables.
// The caller promises that the data is never modified afterwards.
func (d *Decoder) ShareStrings() { d.share = true }
