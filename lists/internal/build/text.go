package build

import (
	"bytes"
	"io"
	"math"
	"regexp"
	"strings"
	"unicode/utf8"

	"dossier/lists/list"
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// Text returns a file's whole content as UTF-8, read with a
// TextReader (UTF8, or Latin1 when latin1 is set): for small files and
// tests; loaders stream with OpenText instead.
func Text(f list.File, latin1 bool) (string, error) {
	enc := UTF8
	if latin1 {
		enc = Latin1
	}
	t, err := OpenText(f, enc, GuardLines)
	if err != nil {
		return "", err
	}
	defer t.Close()
	t.SetMax(math.MaxInt)
	var b strings.Builder
	if _, err := io.Copy(&b, t); err != nil {
		return "", err
	}
	return b.String(), nil
}

// xmlEncoding finds the encoding named in an XML declaration.
var xmlEncoding = regexp.MustCompile(`^\s*<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']`)

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
