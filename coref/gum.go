package coref

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
)

// Document is a GUM document with its syntax and coreference layer. Its
// text is rebuilt from the tokens: words joined as SpaceAfter says,
// sentences by a space, paragraphs ("# newpar") by a blank line; every
// token knows its byte offsets in it.
type Document struct {
	Name      string
	Text      string
	Tokens    []Token
	Sentences []Span // token ranges
	// Speakers holds each sentence's speaker ("# speaker = …"), "" where
	// none is given: the metadata of transcripts, forum posts and quoted
	// speech.
	Speakers []string
	Mentions []GoldMention
}

// Span is a half-open range [Start, End) of token indexes.
type Span struct{ Start, End int }

// Token is one syntactic word of a document. The words of a multi-word
// token ("don't" → do, n't) get their parts of its bytes when they spell
// it, else all of them share its span.
type Token struct {
	Form, Lemma, UPOS, XPOS string
	Head                    int // document index of the syntactic head, -1 for a root
	Deprel                  string
	Start, End              int // bytes in Document.Text
	Sent                    int // sentence index
}

// GoldMention is one mention of GUM's coreference layer: a token range
// and the entity it belongs to, with the attributes GUM gives it
// (global.Entity = GRP-etype-infstat-salience-centering-minspan-link-identity).
type GoldMention struct {
	Span
	Entity   string // GRP: the same for every mention of an entity
	Type     string // etype: person, organization, place, abstract, …
	InfStat  string // new, giv:act, giv:inact, acc:…
	Link     string // how it links: coref, ana, appos, pred, cata, disc, sgl
	Identity string // Wikipedia title, decoded, or ""
	Head     int    // the first token whose syntactic head lies outside the mention
	Line     int    // line of the file where it opens
}

// Sentinels inside a ParseError.
var (
	ErrFormat = errors.New("malformed line")
	ErrEntity = errors.New("malformed entity annotation")
)

// ParseError reports a malformed line of a GUM file.
type ParseError struct {
	File string
	Line int // 1-based
	Err  error
}

func (e *ParseError) Error() string { return fmt.Sprintf("coref: %s:%d: %v", e.File, e.Line, e.Err) }

func (e *ParseError) Unwrap() error { return e.Err }

// ReadGUMFile reads a GUM CoNLL-U file; see ReadGUM.
func ReadGUMFile(path string) ([]*Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("coref: %w", err)
	}
	defer f.Close()
	return ReadGUM(f, path)
}

// Limits on what ReadGUM accepts.
const (
	maxSentenceWords = 1000
	maxOpen          = 64 // mentions open at once
)

// ReadGUM reads GUM CoNLL-U: one or more documents ("# newdoc id = …";
// a file without one is one document named after the file), each word
// with its syntax and, in MISC, its Entity= brackets: "(" GRP-etype-…
// opens a mention on this word, "GRP)" closes the innermost open mention
// of that entity, and "(…)" is a one-word mention. Errors name the file
// and line: wrong column counts, IDs out of order, heads outside the
// sentence, brackets that close what is not open or stay open at the end
// of the document.
func ReadGUM(r io.Reader, file string) ([]*Document, error) {
	rd := &gumReader{file: file}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		rd.line++
		if err := rd.readLine(sc.Text()); err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		return nil, &ParseError{file, rd.line + 1, err}
	}
	if err := rd.endDoc(); err != nil {
		return nil, err
	}
	return rd.docs, nil
}

type openMention struct {
	m   int // index in doc.Mentions
	ent string
}

type gumReader struct {
	file string
	line int
	docs []*Document

	doc       *Document
	text      strings.Builder
	sentStart int   // token index where the current sentence starts
	heads     []int // sentence-relative heads of the current sentence
	headLines []int
	newPar    bool
	glue      bool   // the next token follows without a space
	speaker   string // of the sentence being read
	mwtEnd    int    // last word ID of the multi-word token being read, 0 if none
	mwtStart  int    // its byte offset
	mwtForm   string
	mwtSpace  bool
	mwtParts  []int // token indexes of its words
	open      []openMention
}

func (rd *gumReader) fail(err error, format string, args ...any) error {
	return &ParseError{rd.file, rd.line, fmt.Errorf("%w: "+format, append([]any{err}, args...)...)}
}

func (rd *gumReader) readLine(text string) error {
	if strings.TrimSpace(text) == "" {
		return rd.endSentence()
	}
	if text[0] == '#' {
		switch {
		case strings.HasPrefix(text, "# newdoc"):
			if rd.doc != nil && len(rd.heads) > 0 {
				return rd.fail(ErrFormat, "new document inside a sentence")
			}
			if err := rd.endDoc(); err != nil {
				return err
			}
			name := ""
			if _, v, ok := strings.Cut(text, "="); ok {
				name = strings.TrimSpace(v)
			}
			rd.startDoc(name)
		case strings.HasPrefix(text, "# newpar"):
			rd.newPar = true
		case strings.HasPrefix(text, "# speaker"):
			if _, v, ok := strings.Cut(text, "="); ok {
				rd.speaker = strings.TrimSpace(v)
			}
		}
		return nil
	}
	if rd.doc == nil {
		rd.startDoc(rd.file)
	}
	f := strings.Split(text, "\t")
	if len(f) != 10 {
		return rd.fail(ErrFormat, "%d tab-separated fields, want 10", len(f))
	}
	id := f[0]
	if strings.Contains(id, ".") {
		return nil // an empty node
	}
	if a, b, ok := strings.Cut(id, "-"); ok {
		x, err1 := strconv.Atoi(a)
		y, err2 := strconv.Atoi(b)
		if err1 != nil || err2 != nil || x != len(rd.heads)+1 || y <= x || rd.mwtEnd != 0 {
			return rd.fail(ErrFormat, "bad multi-word token ID %q", id)
		}
		if f[1] == "" {
			return rd.fail(ErrFormat, "empty FORM")
		}
		rd.mwtEnd, rd.mwtForm, rd.mwtSpace, rd.mwtParts = y, f[1], !noSpaceAfter(f[9]), rd.mwtParts[:0]
		rd.mwtStart = rd.beginToken()
		rd.text.WriteString(f[1])
		return nil
	}
	n, err := strconv.Atoi(id)
	if err != nil || n != len(rd.heads)+1 {
		return rd.fail(ErrFormat, "word ID %q, want %d", id, len(rd.heads)+1)
	}
	if n > maxSentenceWords {
		return rd.fail(ErrFormat, "sentence longer than %d words", maxSentenceWords)
	}
	if f[1] == "" {
		return rd.fail(ErrFormat, "empty FORM")
	}
	head := -1
	if f[6] != "_" {
		h, err := strconv.Atoi(f[6])
		if err != nil || h < 0 || h == n {
			return rd.fail(ErrFormat, "HEAD %q", f[6])
		}
		head = h
	}
	d := rd.doc
	ti := len(d.Tokens)
	tok := Token{Form: f[1], Lemma: f[2], UPOS: f[3], XPOS: f[4], Deprel: f[7], Sent: len(d.Sentences)}
	if rd.mwtEnd != 0 {
		tok.Start, tok.End = rd.mwtStart, rd.mwtStart+len(rd.mwtForm)
		rd.mwtParts = append(rd.mwtParts, ti)
	} else {
		tok.Start = rd.beginToken()
		rd.text.WriteString(f[1])
		tok.End = rd.text.Len()
		if noSpaceAfter(f[9]) {
			rd.pendingNoSpace()
		}
	}
	d.Tokens = append(d.Tokens, tok)
	rd.heads = append(rd.heads, head)
	rd.headLines = append(rd.headLines, rd.line)
	if n == rd.mwtEnd {
		rd.splitMWT()
	}
	for _, kv := range strings.Split(f[9], "|") {
		if v, ok := strings.CutPrefix(kv, "Entity="); ok {
			if err := rd.entities(v, ti); err != nil {
				return err
			}
		}
	}
	return nil
}

func noSpaceAfter(misc string) bool {
	for _, kv := range strings.Split(misc, "|") {
		if kv == "SpaceAfter=No" {
			return true
		}
	}
	return false
}

// beginToken writes the space before a token and returns its offset.
// A token follows the previous one directly only after SpaceAfter=No,
// which pendingNoSpace records by the glue mark.
func (rd *gumReader) beginToken() int {
	if rd.text.Len() > 0 && !rd.glue {
		switch {
		case rd.newPar:
			rd.text.WriteString("\n\n")
		default:
			rd.text.WriteByte(' ')
		}
	}
	rd.newPar, rd.glue = false, false
	return rd.text.Len()
}

func (rd *gumReader) pendingNoSpace() { rd.glue = true }

// splitMWT gives the words of a multi-word token their parts of its
// bytes when their forms spell it.
func (rd *gumReader) splitMWT() {
	toks := rd.doc.Tokens
	joined := ""
	for _, i := range rd.mwtParts {
		joined += toks[i].Form
	}
	if joined == rd.mwtForm {
		at := rd.mwtStart
		for _, i := range rd.mwtParts {
			toks[i].Start, toks[i].End = at, at+len(toks[i].Form)
			at = toks[i].End
		}
	}
	if !rd.mwtSpace {
		rd.pendingNoSpace()
	}
	rd.mwtEnd = 0
}

// entities reads an Entity= value on token ti.
func (rd *gumReader) entities(v string, ti int) error {
	d := rd.doc
	for v != "" {
		if v[0] == '(' {
			j := strings.IndexAny(v[1:], "()")
			body := v[1:]
			if j >= 0 {
				body = v[1 : j+1]
			}
			v = v[1+len(body):]
			m, err := parseEntity(body)
			if err != nil {
				return rd.fail(ErrEntity, "%q: %v", body, err)
			}
			m.Start, m.End, m.Line = ti, ti+1, rd.line
			d.Mentions = append(d.Mentions, m)
			if strings.HasPrefix(v, ")") {
				v = v[1:] // a one-word mention
				continue
			}
			if len(rd.open) >= maxOpen {
				return rd.fail(ErrEntity, "more than %d mentions open", maxOpen)
			}
			rd.open = append(rd.open, openMention{len(d.Mentions) - 1, m.Entity})
			continue
		}
		j := strings.IndexByte(v, ')')
		if j < 0 {
			return rd.fail(ErrEntity, "%q: neither an opening nor a closing bracket", v)
		}
		id := v[:j]
		v = v[j+1:]
		k := len(rd.open) - 1
		for k >= 0 && rd.open[k].ent != id {
			k--
		}
		if k < 0 {
			return rd.fail(ErrEntity, "entity %q closed but not open", id)
		}
		d.Mentions[rd.open[k].m].End = ti + 1
		rd.open = append(rd.open[:k], rd.open[k+1:]...)
	}
	return nil
}

// parseEntity reads GRP-etype-infstat-salience-centering-minspan-link
// and an optional identity (percent-encoded).
func parseEntity(body string) (GoldMention, error) {
	parts := strings.SplitN(body, "-", 8)
	if len(parts) < 2 || parts[0] == "" || parts[1] == "" {
		return GoldMention{}, errors.New("want GRP-etype-…")
	}
	m := GoldMention{Entity: parts[0], Type: parts[1]}
	if strings.ContainsAny(m.Entity, "() ") {
		return GoldMention{}, errors.New("bad entity ID")
	}
	if len(parts) > 2 {
		m.InfStat = parts[2]
	}
	if len(parts) > 6 {
		m.Link = parts[6]
	}
	if len(parts) > 7 && parts[7] != "" {
		id, err := url.PathUnescape(parts[7])
		if err != nil {
			return GoldMention{}, fmt.Errorf("identity: %v", err)
		}
		m.Identity = id
	}
	return m, nil
}

func (rd *gumReader) startDoc(name string) {
	rd.doc = &Document{Name: name}
	rd.text.Reset()
	rd.newPar, rd.glue = false, false
}

// endSentence checks the sentence's heads and records it.
func (rd *gumReader) endSentence() error {
	if len(rd.heads) == 0 {
		return nil
	}
	if rd.mwtEnd != 0 {
		return rd.fail(ErrFormat, "sentence ends inside a multi-word token")
	}
	d := rd.doc
	for i, h := range rd.heads {
		if h > len(rd.heads) {
			return &ParseError{rd.file, rd.headLines[i], fmt.Errorf("%w: head %d outside the sentence's %d words", ErrFormat, h, len(rd.heads))}
		}
		if h > 0 {
			d.Tokens[rd.sentStart+i].Head = rd.sentStart + h - 1
		} else {
			d.Tokens[rd.sentStart+i].Head = -1
		}
	}
	d.Sentences = append(d.Sentences, Span{rd.sentStart, len(d.Tokens)})
	d.Speakers = append(d.Speakers, rd.speaker)
	rd.speaker = ""
	rd.sentStart = len(d.Tokens)
	rd.heads, rd.headLines = rd.heads[:0], rd.headLines[:0]
	rd.glue = false
	return nil
}

// endDoc finishes the current document, if any.
func (rd *gumReader) endDoc() error {
	if err := rd.endSentence(); err != nil {
		return err
	}
	d := rd.doc
	if d == nil {
		return nil
	}
	if len(rd.open) > 0 {
		m := d.Mentions[rd.open[0].m]
		return &ParseError{rd.file, m.Line, fmt.Errorf("%w: mention of entity %q never closed", ErrEntity, m.Entity)}
	}
	d.Text = rd.text.String()
	for i := range d.Mentions {
		d.Mentions[i].Head = headOf(d.Tokens, d.Mentions[i].Span)
	}
	if len(d.Tokens) > 0 {
		rd.docs = append(rd.docs, d)
	}
	rd.doc, rd.sentStart = nil, 0
	return nil
}

// headOf returns the first token of s whose syntactic head lies outside
// it (the first token if none does).
func headOf(toks []Token, s Span) int {
	for i := s.Start; i < s.End; i++ {
		if h := toks[i].Head; h < s.Start || h >= s.End {
			return i
		}
	}
	return s.Start
}
