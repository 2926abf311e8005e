package recognize

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Sentence is one sentence of a labelled corpus: token strings and, when
// the corpus has them, their IOB labels (PER, ORG, LOC, MISC).
type Sentence struct {
	Tokens []string
	Labels []string
}

// Document is a run of sentences that share document-level features: a
// CoNLL -DOCSTART- block, a GUM file, an article.
type Document []Sentence

// ErrFormat is the sentinel inside a ParseError.
var ErrFormat = errors.New("malformed line")

// ParseError reports a malformed line of a corpus file.
type ParseError struct {
	File string
	Line int // 1-based
	Err  error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("recognize: %s:%d: %v", e.File, e.Line, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// ReadCoNLLFile reads a CoNLL-2003 file; see ReadCoNLL.
func ReadCoNLLFile(path string) ([]Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadCoNLL(f, path)
}

// ReadCoNLL reads CoNLL-2003 data: one token per line, whitespace-separated
// columns of which the first is the token and the last its NER label;
// blank lines end sentences and -DOCSTART- lines end documents. Labels
// may be IOB1 or IOB2; they are returned as IOB2. A line whose label is
// not O, B-X or I-X, or which has fewer than two columns, is an error
// with its line number.
func ReadCoNLL(r io.Reader, name string) ([]Document, error) {
	var (
		docs []Document
		doc  Document
		sent Sentence
	)
	endSent := func() {
		if len(sent.Tokens) > 0 {
			sent.Labels = toIOB2(sent.Labels)
			doc = append(doc, sent)
		}
		sent = Sentence{}
	}
	endDoc := func() {
		endSent()
		if len(doc) > 0 {
			docs = append(docs, doc)
		}
		doc = nil
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		fields := strings.Fields(text)
		if len(fields) == 0 {
			endSent()
			continue
		}
		if fields[0] == "-DOCSTART-" {
			endDoc()
			continue
		}
		if len(fields) < 2 {
			return nil, &ParseError{name, line, fmt.Errorf("%w: want token and label, got %q", ErrFormat, text)}
		}
		label := fields[len(fields)-1]
		if !validLabel(label) {
			return nil, &ParseError{name, line, fmt.Errorf("%w: bad label %q", ErrFormat, label)}
		}
		sent.Tokens = append(sent.Tokens, fields[0])
		sent.Labels = append(sent.Labels, label)
	}
	if err := sc.Err(); err != nil {
		return nil, &ParseError{name, line + 1, err}
	}
	endDoc()
	return docs, nil
}

func validLabel(l string) bool {
	if l == "O" {
		return true
	}
	return len(l) > 2 && (l[0] == 'B' || l[0] == 'I') && l[1] == '-'
}

// toIOB2 rewrites IOB1 labels (I-X opens a chunk unless it follows X) as
// IOB2 (every chunk opens with B-X), in place.
func toIOB2(labels []string) []string {
	prev := "O"
	for i, l := range labels {
		if strings.HasPrefix(l, "I-") && (prev == "O" || prev[2:] != l[2:]) {
			labels[i] = "B-" + l[2:]
		}
		prev = labels[i]
	}
	return labels
}

// Span is a labelled chunk of a sentence: tokens [Start, End).
type Span struct {
	Start, End int
	Label      string
}

// Chunks returns the chunks of an IOB1 or IOB2 label sequence with
// conlleval semantics: B-X always opens a chunk, I-X opens one unless it
// continues a chunk of type X.
func Chunks(labels []string) []Span {
	var out []Span
	cur := -1
	for i, l := range labels {
		typ := ""
		if l != "O" && len(l) > 2 {
			typ = l[2:]
		}
		cont := typ != "" && l[0] == 'I' && cur >= 0 && out[cur].Label == typ && out[cur].End == i
		switch {
		case typ == "":
			cur = -1
		case cont:
			out[cur].End = i + 1
		default:
			out = append(out, Span{i, i + 1, typ})
			cur = len(out) - 1
		}
	}
	return out
}
