package read

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"dossier"

	"github.com/mmcdole/gofeed"
)

// feed reads an RSS 2.0, RSS 1.0 or Atom feed, one item per entry: its
// content (content:encoded, Atom content) or else its description or
// summary, reduced to text.
//
// A feed is one XML document: one that ends before the end tag of its
// root element (only white space and comments may follow it) is cut
// short, an ErrTruncated error at the offset where the input ends, and
// none of its items is read.
func (s *run) feed(data []byte) error {
	root, closed, broken := feedClosed(data)
	truncated := func() error {
		off := s.offset(s.base + int64(len(data)))
		e := &dossier.InputError{File: s.name, Line: bytes.Count(data, []byte("\n")) + 1, Offset: off,
			Err: reasonf(ErrTruncated, nil, "truncated feed: the input ends%s before the end tag </%s> of the root element; none of its items was read", atOffset(off), root)}
		if root == "" {
			e.Err = reasonf(ErrTruncated, nil, "truncated feed: the input ends%s before the root element; no item was read", atOffset(off))
		}
		return e
	}
	if !closed && !broken {
		return truncated()
	}
	// XML broken before its end is the parser's to report, if it
	// cannot read it; if it can, the end must still be whole.
	f, err := parseFeed(data)
	if err != nil {
		if !closed && (errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "EOF")) {
			return truncated() // the parser, too, ran into the end
		}
		return &dossier.InputError{File: s.name, Line: feedErrLine(err), Offset: -1, Err: err}
	}
	if !closed {
		return truncated()
	}
	format := string(RSS)
	if f.FeedType == "atom" {
		format = string(Atom)
	}
	source := clean(f.Title)
	limit := s.r.maxDocument()
	for i, it := range f.Items {
		if it == nil {
			continue
		}
		record := fmt.Sprintf("item %d", i+1)
		fail := func(err error) {
			s.fail(&dossier.InputError{File: s.name, Offset: -1, Record: record, Err: err})
		}
		content := it.Content
		if strings.TrimSpace(content) == "" {
			content = it.Description
		}
		if int64(len(content)) > limit {
			fail(reasonf(ErrTooLarge, nil, "content is %d bytes, over the %s limit for one document",
				len(content), formatSize(limit)))
			continue
		}
		text, err := fragmentText(content)
		if err != nil {
			fail(err)
			continue
		}
		if text == "" {
			fail(reasonf(ErrNoText, nil, "no text"))
			continue
		}
		item := Item{
			Text:   text,
			Title:  feedTitle(it.Title),
			Byline: feedByline(it),
			URL:    feedLink(it),
			Source: source,
			Format: format,
			Record: record,
		}
		switch {
		case it.PublishedParsed != nil:
			item.Published = *it.PublishedParsed
		case it.UpdatedParsed != nil:
			item.Published = *it.UpdatedParsed
		}
		if err := s.emit(item); err != nil {
			return err
		}
	}
	if len(f.Items) == 0 {
		s.fail(inputError(s.name, reasonf(ErrNoText, nil, "feed has no items")))
	}
	return s.result()
}

// feedClosed reports whether the XML in data ends with the end tag of
// its root element, followed by nothing but white space and comments.
// broken is set when the XML has a syntax error before its end. A
// document without a root element is taken as closed unless it holds
// only a prolog (or a cut tag) and is not broken: the feed parser
// reports it.
func feedClosed(data []byte) (root string, closed, broken bool) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	rootEnd := int64(-1) // where the root's start tag ends
	prolog := true       // nothing but a prolog so far
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// A syntax error where the input ends is a cut token; one
			// before is the parser's to report.
			var se *xml.SyntaxError
			if !errors.As(err, &se) || d.InputOffset() < int64(len(data)) {
				broken = true
			}
			break
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if rootEnd < 0 {
				root = tok.Name.Local
				if tok.Name.Space != "" {
					root = tok.Name.Space + ":" + root
				}
				rootEnd = d.InputOffset()
			}
		case xml.CharData:
			prolog = prolog && len(bytes.TrimSpace(tok)) == 0
		}
	}
	if rootEnd < 0 {
		// Only an XML declaration, comments or a cut tag: the root
		// element is missing or cut.
		return "", !prolog || broken, broken
	}
	tail := bytes.TrimRight(data, " \t\r\n")
	for bytes.HasSuffix(tail, []byte("-->")) {
		i := bytes.LastIndex(tail, []byte("<!--"))
		if i < 0 {
			break
		}
		tail = bytes.TrimRight(tail[:i], " \t\r\n")
	}
	if int64(len(tail)) == rootEnd && bytes.HasSuffix(tail, []byte("/>")) {
		return root, true, broken // <rss/>: the root is the whole document
	}
	i := bytes.LastIndex(tail, []byte("</"))
	if i < 0 || !bytes.HasSuffix(tail, []byte(">")) {
		return root, false, broken
	}
	name := bytes.TrimSpace(tail[i+2 : len(tail)-1])
	return root, strings.EqualFold(string(name), root), broken
}

// parseFeed runs gofeed, turning a panic into an error.
func parseFeed(data []byte) (f *gofeed.Feed, err error) {
	defer func() {
		if v := recover(); v != nil {
			f, err = nil, recovered(v, "parsing feed")
		}
	}()
	f, err = gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		return nil, reasonf(ErrMalformed, err, "malformed feed: %s", oneLine(err.Error()))
	}
	if f == nil {
		return nil, reasonf(ErrMalformed, nil, "malformed feed: nothing parsed")
	}
	return f, nil
}

var rxLine = regexp.MustCompile(`\bline (\d+)`)

// feedErrLine returns the line a feed parser error names, 0 if none.
func feedErrLine(err error) int {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return se.Line
	}
	if m := rxLine.FindStringSubmatch(err.Error()); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil {
			return n
		}
	}
	return 0
}

// feedTitle reduces a title that may hold markup or entities to text.
func feedTitle(s string) string {
	if hasMarkup(s) {
		if t, err := fragmentText(s); err == nil {
			return clean(t)
		}
	}
	return clean(s)
}

func feedByline(it *gofeed.Item) string {
	var names []string
	for _, p := range it.Authors {
		if p == nil {
			continue
		}
		if n := first(p.Name, p.Email); n != "" {
			names = append(names, n)
		}
	}
	if len(names) == 0 && it.Author != nil {
		if n := first(it.Author.Name, it.Author.Email); n != "" {
			names = append(names, n)
		}
	}
	if len(names) == 0 && it.DublinCoreExt != nil {
		for _, c := range it.DublinCoreExt.Creator {
			if n := clean(c); n != "" {
				names = append(names, n)
			}
		}
	}
	return cleanByline(strings.Join(names, ", "))
}

// feedLink returns the item's link, or its GUID if that is a URL.
func feedLink(it *gofeed.Item) string {
	for _, s := range append([]string{it.Link}, it.Links...) {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	if u := absURL(it.GUID, nil); u != nil {
		return u.String()
	}
	return ""
}
