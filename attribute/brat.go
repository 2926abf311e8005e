package attribute

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrFormat is the sentinel inside a ParseError.
var ErrFormat = errors.New("malformed annotation")

// ParseError reports a bad line of a brat .ann file.
type ParseError struct {
	File string
	Line int // 1-based
	Err  error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("attribute: %s:%d: %v", e.File, e.Line, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Gold is one annotated attribution. A part annotated in pieces has one
// span per piece; pieces with only white space between them are joined,
// and spans are trimmed of white space.
type Gold struct {
	ID      string
	Source  []Span
	Cue     []Span
	Content []Span
}

// Document is an article with its annotated attributions.
type Document struct {
	Name         string // the annotation file
	Text         string
	Attributions []Gold
}

// maxAnnSize bounds the annotation files ParseAnn reads.
const maxAnnSize = 64 << 20

// ParseAnn reads a brat standoff file (PolNeAR's layout) annotating
// text, and returns its attributions in file order. name is used in
// errors.
//
// Text-bound lines ("T1\tSource 110 112\twe") give a type, character
// offsets (Unicode code points, as brat counts them; converted here to
// byte offsets) with discontinuous pieces separated by ";", and the
// covered text, which must match the document and may run over several
// lines when the covered text holds line breaks. Event lines ("E1\t
// Attribution:T4 Source:T1 Cue:T2 Content:T3") tie the parts of one
// attribution; the roles Source, Cue and Content (also Content2, …) are
// read and others are refused. Notes (#), attributes (A), relations (R),
// normalizations (N) and equivalences (*) are skipped; text-bound
// annotations that no event uses are ignored.
func ParseAnn(r io.Reader, name, text string) ([]Gold, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxAnnSize+1))
	if err != nil {
		return nil, fmt.Errorf("attribute: %s: %w", name, err)
	}
	if len(data) > maxAnnSize {
		return nil, &ParseError{name, 1, fmt.Errorf("%w: file larger than %d bytes", ErrFormat, maxAnnSize)}
	}
	if !utf8.Valid(data) {
		return nil, &ParseError{name, firstInvalidLine(data), fmt.Errorf("%w: invalid UTF-8", ErrFormat)}
	}
	// byteAt[i] is the byte offset of code point i; the last entry is
	// len(text).
	byteAt := make([]int, 0, len(text)+1)
	for i := range text {
		byteAt = append(byteAt, i)
	}
	byteAt = append(byteAt, len(text))
	nchars := len(byteAt) - 1

	type textBound struct {
		typ   string
		spans []Span
		line  int
	}
	type event struct {
		id    string
		roles [][2]string // role, target id
		line  int
	}
	bounds := map[string]textBound{}
	var events []event
	lines := strings.Split(string(data), "\n")
	for k := 0; k < len(lines); k++ {
		ln := k + 1
		line := strings.TrimSuffix(lines[k], "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		fail := func(format string, args ...any) error {
			return &ParseError{name, ln, fmt.Errorf("%w: "+format, append([]any{ErrFormat}, args...)...)}
		}
		id, rest, ok := strings.Cut(line, "\t")
		if !ok || id == "" {
			return nil, fail("want an ID and a tab, got %q", clip(line))
		}
		switch id[0] {
		case 'T':
			mid, covered, ok := strings.Cut(rest, "\t")
			if !ok {
				return nil, fail("text-bound annotation %s has no text field", id)
			}
			typ, offs, ok := strings.Cut(mid, " ")
			if !ok || typ == "" {
				return nil, fail("text-bound annotation %s: want TYPE START END, got %q", id, clip(mid))
			}
			var spans []Span
			want := 0 // code points the text field should hold
			for i, piece := range strings.Split(offs, ";") {
				a, b, ok := strings.Cut(strings.TrimSpace(piece), " ")
				start, err1 := strconv.Atoi(a)
				end, err2 := strconv.Atoi(b)
				if !ok || err1 != nil || err2 != nil {
					return nil, fail("%s: bad offsets %q", id, clip(piece))
				}
				if start < 0 || end < start {
					return nil, fail("%s: bad offsets %d %d", id, start, end)
				}
				if end > nchars {
					return nil, fail("%s: offset %d beyond the end of the text (%d characters)", id, end, nchars)
				}
				if i > 0 {
					want++
				}
				want += end - start
				spans = append(spans, Span{byteAt[start], byteAt[end]})
			}
			// the covered text continues on the next lines when it
			// holds line breaks
			got := utf8.RuneCountInString(covered)
			for got < want && k+1 < len(lines) {
				k++
				next := strings.TrimSuffix(lines[k], "\r")
				covered += "\n" + next
				got += 1 + utf8.RuneCountInString(next)
			}
			var doc strings.Builder
			for i, s := range spans {
				if i > 0 {
					doc.WriteByte(' ')
				}
				doc.WriteString(text[s.Start:s.End])
			}
			if covered != doc.String() {
				return nil, fail("%s: text %q does not match the document's %q at its offsets (offsets count characters)",
					id, clip(covered), clip(doc.String()))
			}
			if _, dup := bounds[id]; dup {
				return nil, fail("duplicate ID %s", id)
			}
			bounds[id] = textBound{typ, spans, ln}
		case 'E':
			ev := event{id: id, line: ln}
			args := strings.Fields(rest)
			if len(args) == 0 {
				return nil, fail("event %s has no trigger", id)
			}
			for _, a := range args[1:] {
				role, target, ok := strings.Cut(a, ":")
				if !ok || role == "" || target == "" {
					return nil, fail("event %s: bad argument %q", id, clip(a))
				}
				base := strings.TrimRightFunc(role, unicode.IsDigit)
				switch base {
				case "Source", "Cue", "Content":
				default:
					return nil, fail("event %s: unknown role %q", id, clip(role))
				}
				ev.roles = append(ev.roles, [2]string{base, target})
			}
			events = append(events, ev)
		case '#', 'A', 'R', 'N', 'M', '*':
			// notes, attributes, relations, normalizations, equivalences
		default:
			return nil, fail("unknown annotation %q", clip(id))
		}
	}
	out := make([]Gold, 0, len(events))
	for _, ev := range events {
		g := Gold{ID: ev.id}
		for _, r := range ev.roles {
			tb, ok := bounds[r[1]]
			if !ok {
				return nil, &ParseError{name, ev.line, fmt.Errorf("%w: event %s: no text-bound annotation %s", ErrFormat, ev.id, r[1])}
			}
			spans := joinPieces(text, tb.spans)
			switch r[0] {
			case "Source":
				g.Source = append(g.Source, spans...)
			case "Cue":
				g.Cue = append(g.Cue, spans...)
			case "Content":
				g.Content = append(g.Content, spans...)
			}
		}
		out = append(out, g)
	}
	return out, nil
}

// joinPieces trims the pieces of a discontinuous annotation of white
// space, drops empty ones and joins those with only white space between.
func joinPieces(text string, pieces []Span) []Span {
	var out []Span
	for _, p := range pieces {
		p = trimSpan(text, p)
		if p.Start >= p.End {
			continue
		}
		if k := len(out) - 1; k >= 0 && out[k].End <= p.Start && strings.TrimSpace(text[out[k].End:p.Start]) == "" {
			out[k].End = p.End
			continue
		}
		out = append(out, p)
	}
	return out
}

// trimSpan moves a span's ends inward past white space.
func trimSpan(text string, s Span) Span {
	for s.Start < s.End {
		r, size := utf8.DecodeRuneInString(text[s.Start:s.End])
		if !unicode.IsSpace(r) {
			break
		}
		s.Start += size
	}
	for s.Start < s.End {
		r, size := utf8.DecodeLastRuneInString(text[s.Start:s.End])
		if !unicode.IsSpace(r) {
			break
		}
		s.End -= size
	}
	return s
}

func clip(s string) string {
	if len(s) > 60 {
		i := 60
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		return s[:i] + "…"
	}
	return s
}

func firstInvalidLine(data []byte) int {
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		i += size
	}
	return line
}

// ReadDocument reads an article and its annotation file.
func ReadDocument(textPath, annPath string) (*Document, error) {
	text, err := os.ReadFile(textPath)
	if err != nil {
		return nil, fmt.Errorf("attribute: %w", err)
	}
	if !utf8.Valid(text) {
		return nil, fmt.Errorf("attribute: %s: invalid UTF-8", textPath)
	}
	f, err := os.Open(annPath)
	if err != nil {
		return nil, fmt.Errorf("attribute: %w", err)
	}
	defer f.Close()
	golds, err := ParseAnn(f, annPath, string(text))
	if err != nil {
		return nil, err
	}
	return &Document{Name: annPath, Text: string(text), Attributions: golds}, nil
}

// ReadDir reads a folder in PolNeAR's layout: text/NAME.txt articles and
// attributions/NAME_ANNOTATOR.ann (or NAME.ann) annotations. An article
// annotated by several annotators is read once, with the annotation
// file that sorts first. Articles without annotations are skipped;
// annotations without an article are an error. Documents come in name
// order.
func ReadDir(dir string) ([]Document, error) {
	texts, err := filepath.Glob(filepath.Join(dir, "text", "*.txt"))
	if err != nil {
		return nil, err
	}
	anns, err := filepath.Glob(filepath.Join(dir, "attributions", "*.ann"))
	if err != nil {
		return nil, err
	}
	if len(texts) == 0 || len(anns) == 0 {
		return nil, fmt.Errorf("attribute: %s: want text/*.txt and attributions/*.ann", dir)
	}
	sort.Strings(anns)
	textOf := make(map[string]string, len(texts))
	for _, t := range texts {
		textOf[strings.TrimSuffix(filepath.Base(t), ".txt")] = t
	}
	seen := map[string]bool{}
	var docs []Document
	for _, a := range anns {
		base := strings.TrimSuffix(filepath.Base(a), ".ann")
		t, ok := textOf[base]
		if !ok {
			if i := strings.LastIndexByte(base, '_'); i > 0 {
				base = base[:i]
				t, ok = textOf[base]
			}
		}
		if !ok {
			return nil, fmt.Errorf("attribute: %s: no article %s.txt in %s", a, base, filepath.Join(dir, "text"))
		}
		if seen[base] {
			continue
		}
		seen[base] = true
		d, err := ReadDocument(t, a)
		if err != nil {
			return nil, err
		}
		docs = append(docs, *d)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].Name < docs[j].Name })
	return docs, nil
}
