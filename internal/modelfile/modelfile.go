// Package modelfile is the one binary format of dossier's trained models
// and training checkpoints. A file is
//
//	magic      "dossier model\n"
//	format     uvarint, FormatVersion
//	kind       string: which model ("parse", "perceptron-state", …)
//	version    uvarint: the kind's own version (its feature set)
//	meta       string: JSON the model describes itself with
//	sections   uvarint count, then per section: name (string), codec
//	           (byte: 0 stored, 1 deflate), raw length (uvarint), stored
//	           length (uvarint), stored bytes
//	checksum   CRC-32C of everything before it, 4 bytes little-endian
//
// where a string is a uvarint length and its bytes. The same File encodes
// to the same bytes. Decode checks every length against a limit and the
// checksum, so a truncated or corrupt file is a *FormatError, never a
// panic. Encoder and Decoder write and read a section's contents
// (varints, strings, fixed-width numbers) with the same guarantees.
//
// Usage:
//
//	f := &modelfile.File{Kind: "parse", Version: 1, Meta: meta}
//	var e modelfile.Encoder
//	e.Uvarint(42)
//	f.Add("weights", e.Bytes(), true)
//	err := f.Encode(w)
//
//	f, err := modelfile.Decode(r, "parse")
//	data, err := f.Section("weights")
//	d := modelfile.NewDecoder("weights", data)
//	n := d.Uvarint(1 << 20)
//	if err := d.Finish(); err != nil { … }
package modelfile

import (
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
)

// Magic opens every model file.
const Magic = "dossier model\n"

// FormatVersion is the version of the container this package writes.
const FormatVersion = 1

// Limits on what Decode accepts.
const (
	MaxKind     = 64
	MaxMeta     = 1 << 20
	MaxName     = 256
	MaxSections = 1024
	MaxSection  = 1<<31 - 1 // bytes, raw or stored (and an int on 32-bit platforms)
)

// Sentinels inside a *FormatError.
var (
	ErrMagic     = errors.New("not a dossier model file")
	ErrTruncated = errors.New("truncated")
	ErrCorrupt   = errors.New("corrupt")
	ErrChecksum  = errors.New("checksum mismatch")
	ErrKind      = errors.New("wrong kind")
	ErrVersion   = errors.New("unsupported version")
	ErrMissing   = errors.New("missing section")
)

// FormatError reports where a file or section is malformed.
type FormatError struct {
	Section string // "" for the container
	Offset  int64  // byte offset in the file or section
	What    string // what was being read
	Err     error  // one of the sentinels, possibly wrapping a cause
}

func (e *FormatError) Error() string {
	where := fmt.Sprintf("offset %d", e.Offset)
	if e.Section != "" {
		where = fmt.Sprintf("section %q offset %d", e.Section, e.Offset)
	}
	if e.What == "" {
		return fmt.Sprintf("modelfile: %s: %v", where, e.Err)
	}
	return fmt.Sprintf("modelfile: %s: %s: %v", where, e.What, e.Err)
}

func (e *FormatError) Unwrap() error { return e.Err }

// Section is a named block of bytes.
type Section struct {
	Name     string
	Data     []byte
	Compress bool // store it deflated
}

// File is a model file's contents.
type File struct {
	Kind     string
	Version  int
	Meta     []byte // JSON, may be empty
	Sections []Section
}

// Add appends a section.
func (f *File) Add(name string, data []byte, compress bool) {
	f.Sections = append(f.Sections, Section{Name: name, Data: data, Compress: compress})
}

// Section returns the data of the named section, or an error wrapping
// ErrMissing.
func (f *File) Section(name string) ([]byte, error) {
	for _, s := range f.Sections {
		if s.Name == name {
			return s.Data, nil
		}
	}
	return nil, &FormatError{Section: name, Err: ErrMissing}
}

const (
	codecStored  = 0
	codecDeflate = 1
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Encode writes the file. It fails on a name, kind or meta over the
// limits Decode enforces.
func (f *File) Encode(w io.Writer) error {
	if len(f.Kind) == 0 || len(f.Kind) > MaxKind {
		return fmt.Errorf("modelfile: kind %q: empty or longer than %d bytes", f.Kind, MaxKind)
	}
	if len(f.Meta) > MaxMeta {
		return fmt.Errorf("modelfile: meta of %d bytes over %d", len(f.Meta), MaxMeta)
	}
	if len(f.Sections) > MaxSections || f.Version < 0 {
		return fmt.Errorf("modelfile: %d sections or version %d out of range", len(f.Sections), f.Version)
	}
	crc := crc32.New(castagnoli)
	bw := bufio.NewWriterSize(io.MultiWriter(w, crc), 1<<16)
	var e Encoder
	e.buf = append(e.buf, Magic...)
	e.Uvarint(FormatVersion)
	e.String(f.Kind)
	e.Uvarint(uint64(f.Version))
	e.String(string(f.Meta))
	e.Uvarint(uint64(len(f.Sections)))
	bw.Write(e.buf)
	var z bytes.Buffer
	for _, s := range f.Sections {
		if len(s.Name) == 0 || len(s.Name) > MaxName || len(s.Data) > MaxSection {
			return fmt.Errorf("modelfile: section %q: bad name or %d bytes", s.Name, len(s.Data))
		}
		stored, codec := s.Data, byte(codecStored)
		if s.Compress {
			z.Reset()
			zw, _ := flate.NewWriter(&z, flate.DefaultCompression)
			zw.Write(s.Data)
			zw.Close()
			stored, codec = z.Bytes(), codecDeflate
		}
		if len(stored) > MaxSection {
			return fmt.Errorf("modelfile: section %q: %d bytes stored", s.Name, len(stored))
		}
		e.buf = e.buf[:0]
		e.String(s.Name)
		e.buf = append(e.buf, codec)
		e.Uvarint(uint64(len(s.Data)))
		e.Uvarint(uint64(len(stored)))
		bw.Write(e.buf)
		if _, err := bw.Write(stored); err != nil {
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	_, err := w.Write(binary.LittleEndian.AppendUint32(nil, crc.Sum32()))
	return err
}

// reader counts offsets and feeds the checksum.
type reader struct {
	r    byteReader
	data []byte // DecodeBytes's input, which stored sections share
	crc  hash.Hash32
	off  int64
}

type byteReader interface {
	io.Reader
	io.ByteReader
}

func (r *reader) fail(what string, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		err = ErrTruncated
	}
	return &FormatError{Offset: r.off, What: what, Err: err}
}

func (r *reader) full(b []byte, what string) error {
	n, err := io.ReadFull(r.r, b)
	r.crc.Write(b[:n])
	r.off += int64(n)
	if err != nil {
		return r.fail(what, err)
	}
	return nil
}

func (r *reader) uvarint(limit uint64, what string) (uint64, error) {
	var x uint64
	var s uint
	for i := 0; ; i++ {
		c, err := r.r.ReadByte()
		if err != nil {
			return 0, r.fail(what, err)
		}
		r.crc.Write([]byte{c})
		r.off++
		if i == binary.MaxVarintLen64 || i == binary.MaxVarintLen64-1 && c > 1 {
			return 0, r.fail(what, fmt.Errorf("%w: varint overflows", ErrCorrupt))
		}
		if c < 0x80 {
			if c == 0 && i > 0 {
				return 0, r.fail(what, fmt.Errorf("%w: non-minimal varint", ErrCorrupt))
			}
			x |= uint64(c) << s
			break
		}
		x |= uint64(c&0x7f) << s
		s += 7
	}
	if x > limit {
		return 0, r.fail(what, fmt.Errorf("%w: %d over limit %d", ErrCorrupt, x, limit))
	}
	return x, nil
}

// chunked reads n bytes without trusting n for the allocation: a
// truncated file claiming gigabytes fails after reading what it has.
func (r *reader) chunked(n uint64, what string) ([]byte, error) {
	if r.data != nil {
		if n > uint64(int64(len(r.data))-r.off) {
			return nil, r.fail(what, ErrTruncated)
		}
		out := r.data[r.off : r.off+int64(n) : r.off+int64(n)]
		if _, err := r.r.(io.Seeker).Seek(int64(n), io.SeekCurrent); err != nil {
			return nil, r.fail(what, err)
		}
		r.crc.Write(out)
		r.off += int64(n)
		return out, nil
	}
	var out []byte
	for uint64(len(out)) < n {
		k := min(n-uint64(len(out)), 1<<20)
		start := len(out)
		out = append(out, make([]byte, k)...)
		if err := r.full(out[start:], what); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (r *reader) str(limit uint64, what string) (string, error) {
	n, err := r.uvarint(limit, what)
	if err != nil {
		return "", err
	}
	b, err := r.chunked(n, what)
	return string(b), err
}

// Decode reads a file. If kinds are given, the file's kind must be one
// of them (else an error wrapping ErrKind). Every malformation is a
// *FormatError.
func Decode(rd io.Reader, kinds ...string) (*File, error) {
	return decode(&reader{r: bufio.NewReaderSize(rd, 1<<16), crc: crc32.New(castagnoli)}, kinds)
}

// DecodeBytes is Decode of a file held in memory. The data of its stored
// (not deflated) sections are slices of data, not copies: the caller must
// not modify data while the File is in use.
func DecodeBytes(data []byte, kinds ...string) (*File, error) {
	return decode(&reader{r: bytes.NewReader(data), data: data, crc: crc32.New(castagnoli)}, kinds)
}

// DecodeBytesDeferred is DecodeBytes but for the checksum, which it
// computes on another goroutine while the caller reads the sections
// (checksumming a large file takes milliseconds). The caller must call
// verify, and act on nothing it read from the file, before verify
// returns nil: until then the bytes may be corrupt, although reading
// them with a Decoder is as safe as ever.
func DecodeBytesDeferred(data []byte, kinds ...string) (f *File, verify func() error, err error) {
	r := &reader{r: bytes.NewReader(data), data: data, crc: nopHash{}}
	var sum uint32
	done := make(chan struct{})
	if len(data) >= 4 {
		go func() {
			defer close(done)
			sum = crc32.Checksum(data[:len(data)-4], castagnoli)
		}()
	} else {
		close(done)
	}
	wait := func() { <-done }
	if f, err = decode(r, kinds); err != nil {
		wait()
		return nil, nil, err
	}
	return f, func() error {
		wait()
		if binary.LittleEndian.Uint32(data[len(data)-4:]) != sum {
			return &FormatError{Offset: int64(len(data) - 4), What: "checksum", Err: ErrChecksum}
		}
		return nil
	}, nil
}

// nopHash stands for the checksum when DecodeBytesDeferred computes it
// apart.
type nopHash struct{}

func (nopHash) Write(b []byte) (int, error) { return len(b), nil }
func (nopHash) Sum(b []byte) []byte         { return b }
func (nopHash) Reset()                      {}
func (nopHash) Size() int                   { return 4 }
func (nopHash) BlockSize() int              { return 1 }
func (nopHash) Sum32() uint32               { return 0 }

func decode(r *reader, kinds []string) (*File, error) {
	head := make([]byte, len(Magic))
	if err := r.full(head, "magic"); err != nil || string(head) != Magic {
		return nil, &FormatError{What: "magic", Err: ErrMagic}
	}
	v, err := r.uvarint(math.MaxUint32, "format version")
	if err != nil {
		return nil, err
	}
	if v != FormatVersion {
		return nil, r.fail("format version", fmt.Errorf("%w: %d (this build reads %d)", ErrVersion, v, FormatVersion))
	}
	f := &File{}
	if f.Kind, err = r.str(MaxKind, "kind"); err != nil {
		return nil, err
	}
	if len(kinds) > 0 {
		ok := false
		for _, k := range kinds {
			ok = ok || k == f.Kind
		}
		if !ok {
			return nil, r.fail("kind", fmt.Errorf("%w: %q, want %q", ErrKind, f.Kind, kinds))
		}
	}
	kv, err := r.uvarint(math.MaxInt32, "version")
	if err != nil {
		return nil, err
	}
	f.Version = int(kv)
	meta, err := r.str(MaxMeta, "meta")
	if err != nil {
		return nil, err
	}
	if meta != "" {
		f.Meta = []byte(meta)
	}
	ns, err := r.uvarint(MaxSections, "section count")
	if err != nil {
		return nil, err
	}
	for i := uint64(0); i < ns; i++ {
		var s Section
		at := r.off
		if s.Name, err = r.str(MaxName, "section name"); err != nil {
			return nil, err
		}
		if s.Name == "" {
			return nil, r.fail("section name", fmt.Errorf("%w: empty", ErrCorrupt))
		}
		codec := []byte{0}
		if err := r.full(codec, "codec"); err != nil {
			return nil, err
		}
		raw, err := r.uvarint(MaxSection, "raw length")
		if err != nil {
			return nil, err
		}
		n, err := r.uvarint(MaxSection, "stored length")
		if err != nil {
			return nil, err
		}
		stored, err := r.chunked(n, "section "+s.Name)
		if err != nil {
			return nil, err
		}
		switch codec[0] {
		case codecStored:
			if raw != n {
				return nil, r.fail("section "+s.Name, fmt.Errorf("%w: raw length %d, stored %d", ErrCorrupt, raw, n))
			}
			s.Data = stored
		case codecDeflate:
			s.Compress = true
			zr := flate.NewReader(bytes.NewReader(stored))
			s.Data, err = io.ReadAll(io.LimitReader(zr, int64(raw)+1))
			if err != nil || uint64(len(s.Data)) != raw {
				if err == nil {
					err = fmt.Errorf("inflates to %d bytes, header says %d", len(s.Data), raw)
				}
				return nil, &FormatError{Offset: at, What: "section " + s.Name, Err: fmt.Errorf("%w: %v", ErrCorrupt, err)}
			}
		default:
			return nil, &FormatError{Offset: at, What: "section " + s.Name, Err: fmt.Errorf("%w: codec %d", ErrCorrupt, codec[0])}
		}
		f.Sections = append(f.Sections, s)
	}
	want := r.crc.Sum32()
	sum := make([]byte, 4)
	if _, err := io.ReadFull(r.r, sum); err != nil {
		return nil, r.fail("checksum", err)
	}
	if _, deferred := r.crc.(nopHash); !deferred && binary.LittleEndian.Uint32(sum) != want {
		return nil, r.fail("checksum", ErrChecksum)
	}
	r.off += 4
	if _, err := r.r.ReadByte(); err != io.EOF {
		return nil, r.fail("end", fmt.Errorf("%w: data after the checksum", ErrCorrupt))
	}
	return f, nil
}
