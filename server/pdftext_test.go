package server

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf16"
)

// pdfText is a minimal text extraction, for tests of the reports this
// package writes and nothing else: it inflates the PDF's Flate streams,
// reads the strings shown by Tj and TJ in each, and decodes them as
// UTF-16BE, which is how fpdf writes text in a UTF-8 (Identity-H) font.
// Each BT…ET text object, and each Td, T* or ' move, ends a line.
func pdfText(pdf []byte) (string, error) {
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return "", fmt.Errorf("pdf: no %%PDF- header")
	}
	var out strings.Builder
	streams := regexp.MustCompile(`(?s)<<(.*?)>>\s*stream\r?\n`)
	for _, m := range streams.FindAllSubmatchIndex(pdf, -1) {
		dict := string(pdf[m[2]:m[3]])
		start := m[1]
		end := bytes.Index(pdf[start:], []byte("endstream"))
		if end < 0 {
			return "", fmt.Errorf("pdf: stream at byte %d has no endstream", start)
		}
		data := pdf[start : start+end]
		if strings.Contains(dict, "/FlateDecode") {
			zr, err := zlib.NewReader(bytes.NewReader(data))
			if err != nil {
				return "", fmt.Errorf("pdf: stream at byte %d: %w", start, err)
			}
			data, err = io.ReadAll(zr)
			if err != nil && err != io.ErrUnexpectedEOF {
				return "", fmt.Errorf("pdf: stream at byte %d: %w", start, err)
			}
		}
		if strings.Contains(dict, "/Length1") || !bytes.Contains(data, []byte("BT")) {
			continue // a font file, an image or a CMap
		}
		if err := pdfContentText(data, &out); err != nil {
			return "", fmt.Errorf("pdf: stream at byte %d: %w", start, err)
		}
	}
	return out.String(), nil
}

// pdfContentText appends the text a content stream shows.
func pdfContentText(data []byte, out *strings.Builder) error {
	var pending []string
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c == '(':
			s, n, err := pdfLiteral(data[i:])
			if err != nil {
				return err
			}
			pending = append(pending, s)
			i += n
		case c == '%':
			for i < len(data) && data[i] != '\n' && data[i] != '\r' {
				i++
			}
		case c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '\'' || c == '"' || c == '*':
			j := i
			for j < len(data) && (data[j] >= 'A' && data[j] <= 'Z' || data[j] >= 'a' && data[j] <= 'z' || data[j] == '*' || data[j] == '\'' || data[j] == '"') {
				j++
			}
			switch string(data[i:j]) {
			case "Tj", "TJ":
				for _, s := range pending {
					out.WriteString(utf16BE(s))
				}
			case "'", "\"":
				out.WriteByte('\n')
				for _, s := range pending {
					out.WriteString(utf16BE(s))
				}
			case "Td", "TD", "T*", "ET":
				out.WriteByte('\n')
			}
			pending = pending[:0]
			i = j
		default:
			i++
		}
	}
	return nil
}

// pdfLiteral reads a literal string "(…)" with its escapes and nested
// parentheses; it returns the bytes and how many it read.
func pdfLiteral(data []byte) (string, int, error) {
	var b []byte
	depth := 0
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch c {
		case '(':
			if depth > 0 {
				b = append(b, c)
			}
			depth++
		case ')':
			depth--
			if depth == 0 {
				return string(b), i + 1, nil
			}
			b = append(b, c)
		case '\\':
			i++
			if i >= len(data) {
				return "", 0, fmt.Errorf("string ends in a backslash")
			}
			switch e := data[i]; e {
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case '\r', '\n':
			default:
				if e >= '0' && e <= '7' {
					v, k := 0, 0
					for ; k < 3 && i+k < len(data) && data[i+k] >= '0' && data[i+k] <= '7'; k++ {
						v = v*8 + int(data[i+k]-'0')
					}
					b = append(b, byte(v))
					i += k - 1
				} else {
					b = append(b, e)
				}
			}
		default:
			b = append(b, c)
		}
	}
	return "", 0, fmt.Errorf("unterminated string")
}

func utf16BE(s string) string {
	if len(s)%2 != 0 {
		return s
	}
	u := make([]uint16, len(s)/2)
	for i := range u {
		u[i] = uint16(s[2*i])<<8 | uint16(s[2*i+1])
	}
	return string(utf16.Decode(u))
}
