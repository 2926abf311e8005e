package build

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"dossier"
	"dossier/lists/list"
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// Text returns a file's content as UTF-8: a UTF-8 byte order mark is
// dropped and UTF-16 with a byte order mark is converted. An empty or
// blank file is list.ErrEmpty; NUL bytes or mostly control bytes are
// list.ErrBinary (UTF-16 without a byte order mark lands here too).
// Invalid UTF-8 is list.ErrEncoding unless latin1 is set, in which case
// each byte that is not part of a valid UTF-8 sequence is read as
// Windows-1252 — the tolerance the official CSV lists (ASCII, at times
// Latin-1) call for.
func Text(f list.File, latin1 bool) (string, error) {
	data := f.Data
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		data = data[len(bomUTF8):]
	case bytes.HasPrefix(data, bomUTF16LE), bytes.HasPrefix(data, bomUTF16BE):
		s, err := fromUTF16(data)
		if err != nil {
			return "", &dossier.InputError{File: f.Name, Offset: int64(len(f.Data) - 1), Err: fmt.Errorf("%w: %v", list.ErrEncoding, err)}
		}
		data = []byte(s)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return "", &dossier.InputError{File: f.Name, Offset: -1, Err: list.ErrEmpty}
	}
	if off := binaryOffset(data); off >= 0 {
		return "", &dossier.InputError{File: f.Name, Offset: int64(off), Err: fmt.Errorf("%w: control byte 0x%02x at offset %d (UTF-16 without a byte order mark is not supported)", list.ErrBinary, data[off], off)}
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	if latin1 {
		return Windows1252(data), nil
	}
	off := invalidUTF8(data)
	return "", &dossier.InputError{
		File:   f.Name,
		Line:   LineAt(data, off),
		Offset: int64(off),
		Err:    fmt.Errorf("%w: invalid UTF-8 byte 0x%02x at offset %d", list.ErrEncoding, data[off], off),
	}
}

// xmlEncoding finds the encoding named in an XML declaration.
var xmlEncoding = regexp.MustCompile(`^\s*<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']`)

// XMLText is Text for XML: a file whose declaration names ISO-8859-1 or
// Windows-1252 is converted from it; any other file must be UTF-8 (or
// UTF-16 with a byte order mark).
func XMLText(f list.File) (string, error) {
	head := f.Data
	if len(head) > 256 {
		head = head[:256]
	}
	if m := xmlEncoding.FindSubmatch(bytes.TrimPrefix(head, bomUTF8)); m != nil {
		switch strings.ToLower(string(m[1])) {
		case "iso-8859-1", "latin1", "latin-1", "iso8859-1", "windows-1252", "cp1252":
			if len(bytes.TrimSpace(f.Data)) == 0 {
				return "", &dossier.InputError{File: f.Name, Offset: -1, Err: list.ErrEmpty}
			}
			if off := binaryOffset(f.Data); off >= 0 {
				return "", &dossier.InputError{File: f.Name, Offset: int64(off), Err: fmt.Errorf("%w: control byte 0x%02x at offset %d", list.ErrBinary, f.Data[off], off)}
			}
			var b strings.Builder
			for _, c := range f.Data {
				b.WriteRune(cp1252(c))
			}
			return b.String(), nil
		}
	}
	return Text(f, false)
}

func fromUTF16(data []byte) (string, error) {
	if len(data)%2 != 0 {
		return "", fmt.Errorf("UTF-16 data of odd length %d", len(data))
	}
	le := data[0] == 0xFF
	u := make([]uint16, 0, len(data)/2-1)
	for i := 2; i+1 < len(data); i += 2 {
		if le {
			u = append(u, uint16(data[i])|uint16(data[i+1])<<8)
		} else {
			u = append(u, uint16(data[i])<<8|uint16(data[i+1]))
		}
	}
	return string(utf16.Decode(u)), nil
}

// binaryOffset returns the offset of the first NUL byte, or of the
// first control byte when more than one in ten of the first 8 KiB are
// control bytes; -1 if the data looks like text. Tab, CR, LF, FF, VT,
// ESC and SUB (0x1A, which ends the OFAC files) count as text.
func binaryOffset(data []byte) int {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return i
	}
	head := data
	if len(head) > 8<<10 {
		head = head[:8<<10]
	}
	first, n := -1, 0
	for i, c := range head {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1a && c != 0x1b) || c == 0x7f {
			if first < 0 {
				first = i
			}
			n++
		}
	}
	if n > 0 && n*10 > len(head) {
		return first
	}
	return -1
}

func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(data)
}

// Windows1252 decodes data as UTF-8 where it is valid and reads every
// other byte as Windows-1252.
func Windows1252(data []byte) string {
	var b strings.Builder
	b.Grow(len(data) + 16)
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			b.WriteRune(cp1252(data[i]))
			i++
			continue
		}
		b.Write(data[i : i+size])
		i += size
	}
	return b.String()
}

// cp1252High maps Windows-1252 bytes 0x80–0x9F; zero entries are
// undefined and map to the C1 control of the same value, as Latin-1.
var cp1252High = [32]rune{
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
}

func cp1252(c byte) rune {
	if c >= 0x80 && c < 0xA0 {
		if r := cp1252High[c-0x80]; r != 0 {
			return r
		}
	}
	return rune(c)
}
