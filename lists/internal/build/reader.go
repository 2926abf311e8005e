package build

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"unicode/utf16"
	"unicode/utf8"

	"dossier"
	"dossier/lists/list"
)

// Encoding is how a TextReader reads a file's bytes.
type Encoding int

const (
	// UTF8 reads UTF-8 (or UTF-16 with a byte order mark); an invalid
	// byte is list.ErrEncoding.
	UTF8 Encoding = iota
	// Latin1 reads UTF-8 where it is valid and every other byte as
	// Windows-1252: the tolerance the official CSV lists (ASCII, at
	// times Latin-1) call for.
	Latin1
	// CP1252 reads every byte as Windows-1252 (an XML file that
	// declares ISO-8859-1 or Windows-1252).
	CP1252
)

// Token guards: what separates the tokens whose length a TextReader
// bounds by list.MaxToken.
const (
	GuardLines  = iota // a line of CSV or JSON lines
	GuardMarkup        // XML text or an attribute value: bytes between '<' and '>'
)

// TextReader streams a file's content as UTF-8. It drops a UTF-8 byte
// order mark, converts UTF-16 with a byte order mark, and reports bad
// input as a *dossier.InputError naming the file, line and byte offset:
// an empty or blank file (list.ErrEmpty), a NUL byte or a head that is
// mostly control bytes (list.ErrBinary), invalid UTF-8 in UTF8 mode
// (list.ErrEncoding), and a line or XML value longer than
// list.MaxToken (list.ErrTooLong). It holds one buffer, never the file.
type TextReader struct {
	name  string
	src   io.ReadCloser
	br    *bufio.Reader
	enc   Encoding
	u16   int   // 0: not UTF-16; 1: little endian; 2: big endian
	off   int64 // raw bytes consumed
	line  int   // line of the next output byte
	guard int
	max   int
	run   int    // bytes since the last token separator
	elem  []byte // XML: name of the last start tag seen
	inTag int    // XML: 1 reading a tag name after '<', 0 otherwise
	seen  bool   // a non-space byte has been read
	out   []byte
	pend  []byte // converted bytes not yet returned
	err   error
}

// OpenText opens f as text in the encoding, bounding tokens as guard
// says.
func OpenText(f list.File, enc Encoding, guard int) (*TextReader, error) {
	rc, err := f.Reader()
	if err != nil {
		return nil, &dossier.InputError{File: f.Name, Offset: -1, Err: err}
	}
	t := &TextReader{name: f.Name, src: rc, br: bufio.NewReaderSize(rc, 64<<10), enc: enc, line: 1, guard: guard, max: list.MaxToken}
	head, err := t.br.Peek(3)
	if err != nil && err != io.EOF {
		rc.Close()
		return nil, t.ioError(err)
	}
	switch {
	case bytes.HasPrefix(head, bomUTF8):
		t.discard(3)
	case bytes.HasPrefix(head, bomUTF16LE):
		t.u16 = 1
		t.discard(2)
	case bytes.HasPrefix(head, bomUTF16BE):
		t.u16 = 2
		t.discard(2)
	}
	if t.u16 == 0 {
		head, err := t.br.Peek(8 << 10)
		if err != nil && err != io.EOF {
			rc.Close()
			return nil, t.ioError(err)
		}
		if off := binaryOffset(head); off >= 0 {
			rc.Close()
			return nil, &dossier.InputError{File: f.Name, Offset: t.off + int64(off), Err: fmt.Errorf("%w: control byte 0x%02x at offset %d (UTF-16 without a byte order mark is not supported)", list.ErrBinary, head[off], t.off+int64(off))}
		}
	}
	return t, nil
}

// SetMax changes the longest token read (list.MaxToken by default).
func (t *TextReader) SetMax(n int) { t.max = n }

// Line returns the line of the next byte Read returns.
func (t *TextReader) Line() int { return t.line }

// Close closes the file.
func (t *TextReader) Close() error { return t.src.Close() }

func (t *TextReader) discard(n int) {
	m, _ := t.br.Discard(n)
	t.off += int64(m)
}

func (t *TextReader) ioError(err error) error {
	if ie, ok := err.(*dossier.InputError); ok {
		return ie
	}
	return &dossier.InputError{File: t.name, Offset: t.off, Err: err}
}

// Read reads converted, checked text.
func (t *TextReader) Read(p []byte) (int, error) {
	for len(t.pend) == 0 {
		if t.err != nil {
			return 0, t.err
		}
		t.fill()
	}
	n := copy(p, t.pend)
	t.pend = t.pend[n:]
	return n, nil
}

// fill converts the next chunk into t.pend, or sets t.err.
func (t *TextReader) fill() {
	out := t.out[:0]
	start := t.off
	var err error
	switch {
	case t.u16 != 0:
		out, err = t.fillUTF16(out)
	default:
		out, err = t.fillBytes(out)
	}
	t.out = out
	// Check the converted chunk: NUL bytes, token length, lines. An
	// error drops the chunk (t.pend stays empty).
	for i, c := range out {
		switch {
		case c == 0:
			t.err = &dossier.InputError{File: t.name, Line: t.line, Offset: start + int64(i), Err: fmt.Errorf("%w: NUL byte at offset %d", list.ErrBinary, start+int64(i))}
			return
		case c == '\n':
			t.line++
			if t.guard == GuardLines {
				t.run = -1
			}
		case c == '<' && t.guard == GuardMarkup:
			t.run, t.inTag, t.elem = -1, 1, t.elem[:0]
		case c == '>' && t.guard == GuardMarkup:
			t.run, t.inTag = -1, 0
		case t.inTag == 1:
			if isNameByte(c) && len(t.elem) < 64 {
				t.elem = append(t.elem, c)
			} else if len(t.elem) > 0 || (c != '/' && c != '?' && c != '!') {
				t.inTag = 0
			}
		}
		if c > ' ' {
			t.seen = true
		}
		if t.run++; t.run > t.max {
			t.err = t.tooLong(start + int64(i))
			return
		}
	}
	// On an error the chunk is dropped, so that a reader never sees
	// part of a line or value that was cut off by the error.
	switch {
	case err == nil:
		t.pend = out
	case err == io.EOF && !t.seen:
		t.err = &dossier.InputError{File: t.name, Offset: -1, Err: list.ErrEmpty}
	case err == io.EOF:
		t.pend, t.err = out, err
	default:
		t.err = err
	}
}

func (t *TextReader) tooLong(off int64) error {
	if t.guard == GuardMarkup {
		rec := ""
		if len(t.elem) > 0 {
			rec = "<" + string(t.elem) + ">"
		}
		return &dossier.InputError{File: t.name, Line: t.line, Offset: off, Record: rec,
			Err: fmt.Errorf("%w: text or attribute value longer than %d bytes", list.ErrTooLong, t.max)}
	}
	return &dossier.InputError{File: t.name, Line: t.line, Offset: off,
		Err: fmt.Errorf("%w: line longer than %d bytes", list.ErrTooLong, t.max)}
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' || c == ':' || c >= 0x80
}

// fillBytes converts the buffered bytes (UTF-8, Latin-1 or CP1252).
func (t *TextReader) fillBytes(out []byte) ([]byte, error) {
	buf, err := t.br.Peek(1)
	if len(buf) == 0 {
		if err == nil {
			err = io.EOF
		}
		return out, t.ioError0(err)
	}
	buf, _ = t.br.Peek(t.br.Buffered())
	i := 0
	for i < len(buf) {
		c := buf[i]
		if c < utf8.RuneSelf {
			out = append(out, c)
			i++
			continue
		}
		if t.enc == CP1252 {
			out = utf8.AppendRune(out, cp1252(c))
			i++
			continue
		}
		if !utf8.FullRune(buf[i:]) {
			if i > 0 {
				break // read the rest of the rune with the next chunk
			}
			more, _ := t.br.Peek(utf8.UTFMax)
			if utf8.FullRune(more) {
				buf = more
				continue
			}
			// Truncated at the end of the file: invalid.
		}
		r, size := utf8.DecodeRune(buf[i:])
		if r == utf8.RuneError && size <= 1 {
			if t.enc != Latin1 {
				line := t.line + bytes.Count(out, []byte{'\n'})
				off := t.off + int64(i)
				t.discard(i)
				return out, &dossier.InputError{File: t.name, Line: line, Offset: off,
					Err: fmt.Errorf("%w: invalid UTF-8 byte 0x%02x at offset %d", list.ErrEncoding, c, off)}
			}
			out = utf8.AppendRune(out, cp1252(c))
			i++
			continue
		}
		out = append(out, buf[i:i+size]...)
		i += size
	}
	t.discard(i)
	return out, nil
}

func (t *TextReader) ioError0(err error) error {
	if err == io.EOF {
		return io.EOF
	}
	return t.ioError(err)
}

// fillUTF16 converts up to 32 KiB of UTF-16.
func (t *TextReader) fillUTF16(out []byte) ([]byte, error) {
	for len(out) < 32<<10 {
		b, err := t.br.Peek(2)
		if len(b) < 2 {
			if len(b) == 1 {
				return out, &dossier.InputError{File: t.name, Offset: t.off, Err: fmt.Errorf("%w: UTF-16 data of odd length %d", list.ErrEncoding, t.off+1)}
			}
			if err == nil {
				err = io.EOF
			}
			return out, t.ioError0(err)
		}
		u := t.unit(b)
		t.discard(2)
		if utf16.IsSurrogate(rune(u)) {
			b2, _ := t.br.Peek(2)
			if len(b2) == 2 {
				if r := utf16.DecodeRune(rune(u), rune(t.unit(b2))); r != utf8.RuneError {
					t.discard(2)
					out = utf8.AppendRune(out, r)
					continue
				}
			}
			out = utf8.AppendRune(out, utf8.RuneError)
			continue
		}
		out = utf8.AppendRune(out, rune(u))
	}
	return out, nil
}

func (t *TextReader) unit(b []byte) uint16 {
	if t.u16 == 1 {
		return uint16(b[0]) | uint16(b[1])<<8
	}
	return uint16(b[0])<<8 | uint16(b[1])
}

// OpenXML opens an XML file: one whose declaration names ISO-8859-1 or
// Windows-1252 is read as CP1252, any other as UTF8.
func OpenXML(f list.File) (*TextReader, error) {
	head, err := f.Head(256)
	if err != nil {
		return nil, &dossier.InputError{File: f.Name, Offset: -1, Err: err}
	}
	enc := UTF8
	if m := xmlEncoding.FindSubmatch(bytes.TrimPrefix(head, bomUTF8)); m != nil {
		switch string(bytes.ToLower(m[1])) {
		case "iso-8859-1", "latin1", "latin-1", "iso8859-1", "windows-1252", "cp1252":
			enc = CP1252
		}
	}
	return OpenText(f, enc, GuardMarkup)
}
