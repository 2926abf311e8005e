package read

import (
	"bytes"
	"compress/gzip"
	"io"
	"path/filepath"
	"strings"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Format is an input format as found by Detect.
type Format string

// The formats Detect reports. Binary and Empty are inputs that no
// reader accepts.
const (
	Text   Format = "text"
	HTML   Format = "html"
	RSS    Format = "rss"
	Atom   Format = "atom"
	JSONL  Format = "jsonl"
	WARC   Format = "warc"
	Binary Format = "binary"
	Empty  Format = "empty"
)

// Detect reports the format of an input from its first bytes (head; only
// the first 8 KiB are looked at) and its name. The content decides
// first: gzip holding a WARC record or a "WARC/1." prefix; NUL or many
// control bytes (binary); a root element <rss>, <rdf:RDF> or <feed> with
// the Atom namespace; HTML markup; a first line starting with "{" (JSON
// Lines). The extension (.txt .html .htm .xhtml .xml .rss .rdf .atom
// .jsonl .ndjson .warc .warc.gz) decides when the content does not, and
// always for .warc and .warc.gz, whose payloads may look binary. A UTF-8
// or UTF-16 byte order mark is skipped.
func Detect(name string, head []byte) Format {
	if len(head) > sniffLen {
		head = head[:sniffLen]
	}
	ext := extension(name)
	if len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b {
		if ext == ".warc" || ext == ".warc.gz" || gzipWARC(head) {
			return WARC
		}
		return Binary
	}
	switch {
	case bytes.HasPrefix(head, bomUTF8):
		head = head[len(bomUTF8):]
	case bytes.HasPrefix(head, bomUTF16LE), bytes.HasPrefix(head, bomUTF16BE):
		dec := unicode.BOMOverride(unicode.UTF8.NewDecoder())
		if b, _, err := transform.Bytes(dec, head[:len(head)&^1]); err == nil {
			head = b
		}
	}
	if bytes.HasPrefix(head, []byte("WARC/1.")) {
		return WARC
	}
	if len(head) == 0 {
		return Empty
	}
	if ext == ".warc" || ext == ".warc.gz" {
		// Archived payloads are binary, and a WARC reader skips junk
		// before the first record.
		return WARC
	}
	if binaryOffset(head) >= 0 {
		return Binary
	}
	trimmed := bytes.TrimLeft(head, " \t\r\n\f\v")
	if len(trimmed) == 0 {
		return Empty
	}
	switch trimmed[0] {
	case '{':
		if looksJSONL(trimmed, ext) {
			return JSONL
		}
	case '<':
		if f := sniffMarkup(trimmed, ext); f != "" {
			return f
		}
	}
	if f := detectExt(name); f != Text {
		return f
	}
	if hasHTMLTag(head) {
		return HTML
	}
	return Text
}

// detectExt returns the format the name's extension suggests, Text if
// none.
func detectExt(name string) Format {
	switch extension(name) {
	case ".jsonl", ".ndjson":
		return JSONL
	case ".html", ".htm", ".xhtml":
		return HTML
	case ".rss", ".rdf":
		return RSS
	case ".atom":
		return Atom
	case ".warc", ".warc.gz":
		return WARC
	}
	return Text
}

// extension returns the lower-cased extension of name, with ".warc.gz"
// as one extension.
func extension(name string) string {
	lower := strings.ToLower(filepath.Base(name))
	if strings.HasSuffix(lower, ".warc.gz") {
		return ".warc.gz"
	}
	return filepath.Ext(lower)
}

// gzipWARC reports whether gzip data starts with a WARC record.
func gzipWARC(head []byte) bool {
	zr, err := gzip.NewReader(bytes.NewReader(head))
	if err != nil {
		return false
	}
	buf := make([]byte, 5)
	n, _ := io.ReadFull(zr, buf)
	return n == 5 && string(buf) == "WARC/"
}

// binaryOffset returns the offset of the first NUL byte in head, or of
// its first control byte when more than one byte in ten is one; -1 if
// head looks like text.
func binaryOffset(head []byte) int64 {
	if i := bytes.IndexByte(head, 0); i >= 0 {
		return int64(i)
	}
	first, n := -1, 0
	for i, c := range head {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b) || c == 0x7f {
			if first < 0 {
				first = i
			}
			n++
		}
	}
	if n > 0 && n*10 > len(head) {
		return int64(first)
	}
	return -1
}

// looksJSONL reports whether text starting with "{" is JSON Lines: its
// first line also ends with "}" (or is longer than the sniffed head),
// or the extension says so.
func looksJSONL(b []byte, ext string) bool {
	if ext == ".jsonl" || ext == ".ndjson" {
		return true
	}
	line, _, found := bytes.Cut(b, []byte("\n"))
	if !found {
		return true
	}
	line = bytes.TrimRight(line, " \t\r")
	return bytes.HasSuffix(line, []byte("}"))
}

// htmlStarts are the elements a page may start with.
var htmlStarts = map[string]bool{
	"html": true, "head": true, "body": true, "title": true, "meta": true, "link": true,
	"p": true, "div": true, "article": true, "main": true, "section": true, "header": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "table": true,
	"ul": true, "ol": true, "span": true, "a": true, "br": true, "script": true, "style": true,
	"base": true, "nav": true, "img": true, "blockquote": true, "pre": true, "b": true, "i": true,
	"em": true, "strong": true, "font": true, "center": true, "noscript": true, "form": true,
}

// sniffMarkup returns the format of markup starting with "<", or "" if
// it does not look like markup.
func sniffMarkup(b []byte, ext string) Format {
	low := bytes.ToLower(b)
	for {
		low = bytes.TrimLeft(low, " \t\r\n\f\v")
		switch {
		case bytes.HasPrefix(low, []byte("<?")):
			i := bytes.Index(low, []byte("?>"))
			if i < 0 {
				return guessMarkup(ext)
			}
			low = low[i+2:]
			continue
		case bytes.HasPrefix(low, []byte("<!--")):
			i := bytes.Index(low[4:], []byte("-->"))
			if i < 0 {
				return guessMarkup(ext)
			}
			low = low[4+i+3:]
			continue
		case bytes.HasPrefix(low, []byte("<!doctype")):
			rest := bytes.TrimLeft(low[len("<!doctype"):], " \t\r\n")
			if bytes.HasPrefix(rest, []byte("html")) {
				return HTML
			}
			i := bytes.IndexByte(low, '>')
			if i < 0 {
				return guessMarkup(ext)
			}
			low = low[i+1:]
			continue
		}
		break
	}
	if len(low) < 2 || low[0] != '<' {
		return guessMarkup(ext)
	}
	name := low[1:]
	end := bytes.IndexFunc(name, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == ':' || r == '-' || r == '_')
	})
	if end >= 0 {
		name = name[:end]
	}
	if len(name) == 0 || name[0] < 'a' || name[0] > 'z' {
		return ""
	}
	switch tag := string(name); {
	case tag == "rss" || tag == "rdf:rdf":
		return RSS
	case tag == "feed":
		if bytes.Contains(low, []byte("http://www.w3.org/2005/atom")) ||
			ext == ".atom" || ext == ".xml" || ext == ".rss" {
			return Atom
		}
		return HTML
	case htmlStarts[tag]:
		return HTML
	}
	// Other XML: a feed by extension, else markup whose text the HTML
	// reader can still find.
	if f := guessMarkup(ext); f != "" {
		return f
	}
	return HTML
}

// guessMarkup returns the format the extension gives markup that could
// not be sniffed.
func guessMarkup(ext string) Format {
	switch ext {
	case ".rss", ".rdf":
		return RSS
	case ".atom":
		return Atom
	case ".html", ".htm", ".xhtml":
		return HTML
	}
	return ""
}

// hasHTMLTag reports whether text not starting with markup still holds
// page markup further on.
func hasHTMLTag(head []byte) bool {
	low := bytes.ToLower(head)
	for _, tag := range []string{"<html", "<body", "<!doctype html", "<head>"} {
		if bytes.Contains(low, []byte(tag)) {
			return true
		}
	}
	return false
}
