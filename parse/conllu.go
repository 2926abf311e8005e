package parse

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Word is one syntactic word of a sentence, as a CoNLL-U word line has
// it. Head is the 1-based index of the head word, 0 for the root, -1
// when unknown ("_").
type Word struct {
	Form, Lemma, UPOS, XPOS, Feats string
	Head                           int
	Deprel                         string
	Deps, Misc                     string
}

// Sentence is a sentence of a CoNLL-U file: its words (multi-word token
// lines and empty nodes are skipped: the basic tree is over the words)
// and its sent_id.
type Sentence struct {
	ID    string
	Words []Word
}

// Sentinels inside a ParseError.
var (
	ErrFormat = errors.New("malformed line")
	ErrTree   = errors.New("malformed tree")
)

// ParseError reports a malformed line of a CoNLL-U file.
type ParseError struct {
	File string
	Line int // 1-based
	Err  error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("parse: %s:%d: %v", e.File, e.Line, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// ReadFile reads a CoNLL-U file; see Read.
func ReadFile(path string) ([]Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	defer f.Close()
	return Read(f, path)
}

// maxWords bounds a sentence, so a file without blank lines cannot make
// one unbounded sentence.
const maxWords = 1000

// Read reads CoNLL-U: sentences separated by blank lines, comment lines
// starting with #, and word lines of ten tab-separated fields. Word IDs
// must run 1, 2, … within a sentence; multi-word token ranges (1-2) and
// empty nodes (1.1) are checked and skipped. HEAD must be "_" or a word
// of the sentence. Errors name the file and line.
func Read(r io.Reader, file string) ([]Sentence, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var (
		out   []Sentence
		cur   Sentence
		start int // line of the sentence's first word
		line  int
	)
	fail := func(format string, args ...any) error {
		return &ParseError{File: file, Line: line, Err: fmt.Errorf("%w: "+format, append([]any{ErrFormat}, args...)...)}
	}
	flush := func() error {
		if len(cur.Words) > 0 {
			for i, w := range cur.Words {
				if w.Head > len(cur.Words) {
					return &ParseError{File: file, Line: start + i, Err: fmt.Errorf("%w: head %d outside the sentence's %d words", ErrTree, w.Head, len(cur.Words))}
				}
				if w.Head == i+1 {
					return &ParseError{File: file, Line: start + i, Err: fmt.Errorf("%w: word %d is its own head", ErrTree, i+1)}
				}
			}
			out = append(out, cur)
		}
		cur = Sentence{}
		return nil
	}
	for sc.Scan() {
		line++
		text := sc.Text()
		if strings.TrimSpace(text) == "" {
			if err := flush(); err != nil {
				return nil, err
			}
			continue
		}
		if text[0] == '#' {
			if v, ok := strings.CutPrefix(text, "# sent_id = "); ok && len(cur.Words) == 0 {
				cur.ID = strings.TrimSpace(v)
			}
			continue
		}
		f := strings.Split(text, "\t")
		if len(f) != 10 {
			return nil, fail("%d fields, want 10", len(f))
		}
		id := f[0]
		if strings.ContainsAny(id, "-.") {
			// a multi-word token range or an empty node
			sep := "-"
			if strings.Contains(id, ".") {
				sep = "."
			}
			a, b, _ := strings.Cut(id, sep)
			x, err1 := strconv.Atoi(a)
			y, err2 := strconv.Atoi(b)
			if err1 != nil || err2 != nil || x < 0 || y < 0 || sep == "-" && y <= x {
				return nil, fail("bad ID %q", id)
			}
			continue
		}
		n, err := strconv.Atoi(id)
		if err != nil || n != len(cur.Words)+1 {
			return nil, fail("ID %q, want %d", id, len(cur.Words)+1)
		}
		if n > maxWords {
			return nil, fail("sentence longer than %d words", maxWords)
		}
		if f[1] == "" {
			return nil, fail("empty FORM")
		}
		w := Word{Form: f[1], Lemma: f[2], UPOS: f[3], XPOS: f[4], Feats: f[5], Head: -1, Deprel: f[7], Deps: f[8], Misc: f[9]}
		if f[6] != "_" {
			h, err := strconv.Atoi(f[6])
			if err != nil || h < 0 {
				return nil, fail("HEAD %q", f[6])
			}
			w.Head = h
		}
		if w.Deprel == "_" {
			w.Deprel = ""
		}
		if len(cur.Words) == 0 {
			start = line
		}
		cur.Words = append(cur.Words, w)
	}
	if err := sc.Err(); err != nil {
		line++
		return nil, &ParseError{File: file, Line: line, Err: err}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return out, nil
}

// Write writes sentences as CoNLL-U: a sent_id comment when the
// sentence has one, then its word lines. Empty fields are written "_".
func Write(w io.Writer, sents []Sentence) error {
	bw := bufio.NewWriter(w)
	u := func(s string) string {
		if s == "" {
			return "_"
		}
		return s
	}
	for _, s := range sents {
		if s.ID != "" {
			fmt.Fprintf(bw, "# sent_id = %s\n", s.ID)
		}
		for i, x := range s.Words {
			head := "_"
			if x.Head >= 0 {
				head = strconv.Itoa(x.Head)
			}
			fmt.Fprintf(bw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", i+1, x.Form, u(x.Lemma), u(x.UPOS), u(x.XPOS), u(x.Feats), head, u(x.Deprel), u(x.Deps), u(x.Misc))
		}
		bw.WriteString("\n")
	}
	return bw.Flush()
}
