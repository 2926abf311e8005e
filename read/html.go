package read

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// maxReadabilityNodes bounds the documents given to readability, whose
// scoring is superlinear; a larger page falls back to its visible text.
const maxReadabilityNodes = 100_000

// page is what the HTML reader found in one document.
type page struct {
	text, title, byline, url, site string
	published                      time.Time
}

func (p page) item(format, record string) Item {
	return Item{
		Text:      p.text,
		Title:     p.title,
		Byline:    p.byline,
		URL:       p.url,
		Source:    p.site,
		Published: p.published,
		Format:    format,
		Record:    record,
	}
}

// page extracts the main text and metadata of one HTML document. The
// charset comes from a byte order mark, contentType (an HTTP header
// value, may be ""), a <meta> declaration or a guess; pageURL is where
// the document was found (may be ""), the base for relative links. A
// panic inside a parser becomes an ErrInternal error.
func (r *Reader) page(b []byte, contentType, pageURL string) (p page, err error) {
	defer func() {
		if v := recover(); v != nil {
			p, err = page{}, recovered(v, "parsing HTML")
		}
	}()
	b = decodeHTML(b, contentType)
	m := scanMeta(b)
	base := absURL(pageURL, nil)
	p.url = m.canonicalURL(base)
	if p.url == "" && base != nil {
		p.url = base.String()
	}
	if p.url == "" {
		p.url = strings.TrimSpace(pageURL)
	}
	if u := absURL(p.url, nil); u != nil {
		base = u
	}

	doc, perr := html.Parse(bytes.NewReader(b))
	if perr != nil {
		// Only nesting deeper than the parser's limit fails: read the
		// token stream instead of a tree.
		p.text = tokenText(b)
	} else {
		if countNodes(doc) <= maxReadabilityNodes {
			art, ok := readable(doc, base)
			if ok {
				p.title = clean(art.Title())
				p.byline = cleanByline(art.Byline())
				p.site = clean(art.SiteName())
				p.published = articleTime(art)
				if art.Node != nil {
					p.text = nodeText(art.Node, modeArticle)
				}
			}
			if p.text == "" {
				// readability changed the tree: start again.
				if doc, perr = html.Parse(bytes.NewReader(b)); perr != nil {
					doc = nil
				}
			}
		}
		if p.text == "" && doc != nil {
			p.text = nodeText(doc, modePage)
		}
	}
	m.fill(&p)
	p.text = dropByline(p.text, p.byline)
	if p.text == "" {
		return p, reasonf(ErrNoText, nil, "no article text found")
	}
	return p, nil
}

// dropByline removes a paragraph near the top of text that only repeats
// the byline ("By Jane Doe"): readability keeps it when the byline also
// comes from metadata, and the author is not someone the article is
// about.
func dropByline(text, byline string) string {
	if byline == "" {
		return text
	}
	rest := text
	for i, off := 0, 0; i < 3 && rest != ""; i++ {
		para, after, found := strings.Cut(rest, "\n\n")
		if strings.EqualFold(cleanByline(para), byline) {
			if !found {
				return strings.TrimSuffix(text[:off], "\n\n")
			}
			return text[:off] + after
		}
		if !found {
			break
		}
		off += len(para) + 2
		rest = after
	}
	return text
}

// readable runs readability on doc, which it changes. ok is false if
// readability failed or panicked.
func readable(doc *html.Node, base *url.URL) (art readability.Article, ok bool) {
	defer func() {
		if v := recover(); v != nil {
			_ = recovered(v, "in readability")
			art, ok = readability.Article{}, false
		}
	}()
	parser := readability.NewParser()
	art, err := parser.ParseAndMutate(doc, base)
	return art, err == nil
}

// articleTime returns readability's publication time, zero if none.
func articleTime(art readability.Article) (t time.Time) {
	defer func() {
		if v := recover(); v != nil {
			_ = recovered(v, "parsing a date")
			t = time.Time{}
		}
	}()
	t, err := art.PublishedTime()
	if err != nil || t.Year() < 1800 || t.Year() > 3000 {
		return time.Time{}
	}
	return t
}

// decodeHTML converts an HTML document to UTF-8. A byte order mark
// decides; then valid UTF-8 stays UTF-8 whatever is declared (a
// windows-1252 document is almost never valid UTF-8, while mislabelled
// UTF-8 pages are common); then the charset of the HTTP header or
// <meta>; undeclared, mostly-UTF-8 bytes are kept for repair to fix,
// and anything else is read as windows-1252.
func decodeHTML(b []byte, contentType string) []byte {
	if bytes.HasPrefix(b, bomUTF8) {
		return b[len(bomUTF8):]
	}
	if bytes.HasPrefix(b, bomUTF16LE) || bytes.HasPrefix(b, bomUTF16BE) {
		out, _, err := transform.Bytes(xunicode.BOMOverride(encoding.Nop.NewDecoder()), b)
		if err != nil {
			return b
		}
		return out
	}
	if utf8.Valid(b) {
		return b
	}
	e, name, certain := charset.DetermineEncoding(b, contentType)
	declared := certain || name != "windows-1252" || declaresCharset(b)
	if e == nil || name == "utf-8" || (!declared && mostlyUTF8(b)) {
		return b
	}
	out, err := e.NewDecoder().Bytes(b)
	if err != nil {
		return b
	}
	return out
}

// declaresCharset reports whether the start of a document mentions a
// charset, to tell a declared windows-1252 from the default guess.
func declaresCharset(b []byte) bool {
	if len(b) > 1024 {
		b = b[:1024]
	}
	return bytes.Contains(bytes.ToLower(b), []byte("charset"))
}

// mostlyUTF8 reports whether b has at least as many valid multi-byte
// UTF-8 sequences as invalid bytes.
func mostlyUTF8(b []byte) bool {
	valid, invalid := 0, 0
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && n == 1:
			invalid++
		case n > 1:
			valid++
		}
		b = b[n:]
	}
	return valid > 0 && valid >= invalid
}

func countNodes(root *html.Node) int {
	n, count := root, 0
	for n != nil {
		count++
		if n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		for n != root && n.NextSibling == nil {
			n = n.Parent
		}
		if n == root {
			break
		}
		n = n.NextSibling
	}
	return count
}

// Breaks between pieces of text, weakest first.
const (
	brkNone = iota
	brkSpace
	brkLine
	brkPara
)

// textBuilder collects words and the breaks between them: runs of white
// space become one space, line breaks one newline, and block ends one
// blank line. Nothing is written before the first word or after the
// last, so the text needs no trimming.
type textBuilder struct {
	sb      strings.Builder
	pending int
}

func (t *textBuilder) brk(k int) {
	if k > t.pending {
		t.pending = k
	}
}

func (t *textBuilder) word(w string) {
	if t.sb.Len() > 0 {
		switch t.pending {
		case brkSpace:
			t.sb.WriteByte(' ')
		case brkLine:
			t.sb.WriteByte('\n')
		case brkPara:
			t.sb.WriteString("\n\n")
		}
	}
	t.sb.WriteString(w)
	t.pending = brkNone
}

// text adds the words of s, collapsing white space.
func (t *textBuilder) text(s string) {
	start := -1
	for i, r := range s {
		if unicode.IsSpace(r) {
			if start >= 0 {
				t.word(s[start:i])
				start = -1
			}
			t.brk(brkSpace)
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		t.word(s[start:])
	}
}

// pre adds preformatted text, keeping its lines.
func (t *textBuilder) pre(s string) {
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			t.brk(brkLine)
		}
		line = strings.TrimRightFunc(line, unicode.IsSpace)
		if strings.TrimSpace(line) != "" {
			t.word(line)
		}
	}
}

func (t *textBuilder) String() string { return t.sb.String() }

// breakFor returns the break an element puts around its content.
func breakFor(a atom.Atom) int {
	switch a {
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Blockquote, atom.Pre, atom.Ul, atom.Ol, atom.Dl, atom.Table, atom.Hr,
		atom.Section, atom.Article, atom.Main, atom.Header, atom.Footer, atom.Figure,
		atom.Address, atom.Details, atom.Body, atom.Center, atom.Fieldset, atom.Form,
		atom.Aside, atom.Nav, atom.Plaintext, atom.Xmp, atom.Listing:
		return brkPara
	case atom.Li, atom.Tr, atom.Dt, atom.Dd, atom.Br, atom.Caption, atom.Figcaption,
		atom.Summary, atom.Option, atom.Legend:
		return brkLine
	case atom.Td, atom.Th, atom.Img:
		return brkSpace
	}
	return brkNone
}

// skipped are elements whose content is never article text.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Head: true, atom.Title: true, atom.Meta: true, atom.Link: true, atom.Iframe: true,
	atom.Object: true, atom.Embed: true, atom.Svg: true, atom.Math: true, atom.Canvas: true,
	atom.Audio: true, atom.Video: true, atom.Select: true, atom.Textarea: true,
	atom.Button: true, atom.Input: true, atom.Noembed: true, atom.Noframes: true,
	atom.Dialog: true, atom.Map: true,
}

// clutterRoles are ARIA roles of page furniture.
var clutterRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true,
	"menu": true, "menubar": true, "search": true, "dialog": true, "alertdialog": true,
}

// What nodeText renders.
const (
	modeFragment = iota // a feed item's content: all visible text
	modeArticle         // readability's output: no navigation either
	modePage            // a whole page: no asides, page headers or footers either
)

// skipElement reports whether the content of n is not article text.
func skipElement(n *html.Node, mode int, inArticle bool) bool {
	if skipped[n.DataAtom] || n.Data == "script" || n.Data == "style" {
		return true
	}
	switch n.DataAtom {
	case atom.Nav:
		return mode >= modeArticle
	case atom.Aside:
		return mode == modePage
	case atom.Header, atom.Footer:
		return mode == modePage && !inArticle
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if strings.EqualFold(strings.TrimSpace(a.Val), "true") {
				return true
			}
		case "style":
			if strings.Contains(strings.ToLower(strings.Join(strings.Fields(a.Val), "")), "display:none") {
				return true
			}
		case "role":
			if mode >= modeArticle && clutterRoles[strings.ToLower(strings.TrimSpace(a.Val))] {
				return true
			}
		}
	}
	return false
}

// nodeText renders the visible text under root: paragraphs separated by
// blank lines, white space collapsed, scripts, styles and hidden
// elements left out. It walks the tree without recursion.
func nodeText(root *html.Node, mode int) string {
	if root == nil {
		return ""
	}
	var tb textBuilder
	articles, pres := 0, 0
	enter := func(n *html.Node) {
		tb.brk(breakFor(n.DataAtom))
		switch n.DataAtom {
		case atom.Article, atom.Main:
			articles++
		case atom.Pre, atom.Xmp, atom.Listing, atom.Plaintext:
			pres++
		}
	}
	leave := func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		if k := breakFor(n.DataAtom); k != brkSpace {
			tb.brk(k)
		}
		switch n.DataAtom {
		case atom.Article, atom.Main:
			articles--
		case atom.Pre, atom.Xmp, atom.Listing, atom.Plaintext:
			pres--
		}
	}
	n := root
	for {
		descend := false
		switch n.Type {
		case html.TextNode:
			if pres > 0 {
				tb.pre(n.Data)
			} else {
				tb.text(n.Data)
			}
		case html.ElementNode:
			if !skipElement(n, mode, articles > 0) {
				enter(n)
				descend = true
			}
		case html.DocumentNode:
			descend = true
		}
		if descend && n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		if descend {
			leave(n)
		}
		for n != root && n.NextSibling == nil {
			n = n.Parent
			leave(n)
		}
		if n == root {
			break
		}
		n = n.NextSibling
	}
	return tb.String()
}

// tokenText renders the visible text of a document from its tokens, for
// documents nested too deeply to build a tree. Unclosed navigation,
// asides, headers or footers hide the rest of the page.
func tokenText(b []byte) string {
	var tb textBuilder
	z := html.NewTokenizer(bytes.NewReader(b))
	clutter, pres := 0, 0
	rawSkip := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return tb.String()
		case html.TextToken:
			if rawSkip || clutter > 0 {
				rawSkip = false
				continue
			}
			if pres > 0 {
				tb.pre(string(z.Text()))
			} else {
				tb.text(string(z.Text()))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			rawSkip = false
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if skipped[a] {
				rawSkip = tt == html.StartTagToken
				continue
			}
			switch a {
			case atom.Nav, atom.Aside, atom.Header, atom.Footer:
				if tt == html.StartTagToken {
					clutter++
				}
				continue
			case atom.Pre, atom.Xmp, atom.Listing, atom.Plaintext:
				if tt == html.StartTagToken {
					pres++
				}
			}
			if clutter == 0 {
				tb.brk(breakFor(a))
			}
		case html.EndTagToken:
			rawSkip = false
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch a {
			case atom.Nav, atom.Aside, atom.Header, atom.Footer:
				if clutter > 0 {
					clutter--
				}
				continue
			case atom.Pre, atom.Xmp, atom.Listing, atom.Plaintext:
				if pres > 0 {
					pres--
				}
			}
			if clutter == 0 {
				if k := breakFor(a); k != brkSpace {
					tb.brk(k)
				}
			}
		}
	}
}

// fragmentText renders an HTML fragment, such as a feed item's content,
// as text. Content without markup is plain text with entities: its
// paragraphs (blank-line separated) are kept.
func fragmentText(s string) (text string, err error) {
	defer func() {
		if v := recover(); v != nil {
			text, err = "", recovered(v, "parsing HTML")
		}
	}()
	if !hasMarkup(s) {
		var tb textBuilder
		for _, para := range splitParagraphs(html.UnescapeString(s)) {
			tb.brk(brkPara)
			tb.text(para)
		}
		return tb.String(), nil
	}
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return tokenText([]byte(s)), nil
	}
	return nodeText(doc, modeFragment), nil
}

// hasMarkup reports whether s holds something that looks like a tag.
func hasMarkup(s string) bool {
	for i := strings.IndexByte(s, '<'); i >= 0 && i+1 < len(s); {
		c := s[i+1]
		if c == '/' || c == '!' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			return true
		}
		j := strings.IndexByte(s[i+1:], '<')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// splitParagraphs splits plain text at blank lines.
func splitParagraphs(s string) []string {
	var paras []string
	var cur strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if strings.TrimSpace(line) == "" {
			if cur.Len() > 0 {
				paras = append(paras, cur.String())
				cur.Reset()
			}
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
	}
	if cur.Len() > 0 {
		paras = append(paras, cur.String())
	}
	return paras
}

// meta is the metadata found in a page's tokens, used where readability
// found none.
type meta struct {
	title     string            // <title>
	props     map[string]string // <meta property|name|itemprop> → content, first wins
	canonical string            // <link rel=canonical href>
	pubTime   string            // <time pubdate> or itemprop=datePublished
	firstTime string            // first <time datetime>
	ld        ldMeta            // JSON-LD
}

// maxLD bounds the JSON-LD kept from one page.
const maxLD = 1 << 20

// scanMeta collects metadata from the tokens of a document: linear in
// its size, whatever its nesting.
func scanMeta(b []byte) meta {
	m := meta{props: map[string]string{}}
	z := html.NewTokenizer(bytes.NewReader(b))
	inTitle, inLD := false, false
	var ld []string
	ldSize := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			for _, s := range ld {
				if m.ld.fromJSON(s) {
					break
				}
			}
			return m
		case html.TextToken:
			if inTitle && m.title == "" {
				m.title = clean(string(z.Text()))
			}
			if inLD && ldSize < maxLD {
				s := string(z.Text())
				ld = append(ld, s)
				ldSize += len(s)
			}
			inTitle, inLD = false, false
		case html.EndTagToken:
			inTitle, inLD = false, false
		case html.StartTagToken, html.SelfClosingTagToken:
			inTitle, inLD = false, false
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			var attrs map[string]string
			for hasAttr && (a == atom.Meta || a == atom.Link || a == atom.Time || a == atom.Script) {
				if attrs == nil {
					attrs = map[string]string{}
				}
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if _, dup := attrs[string(k)]; !dup && len(v) < 1<<16 {
					attrs[string(k)] = string(v)
				}
			}
			switch a {
			case atom.Title:
				inTitle = tt == html.StartTagToken
			case atom.Meta:
				content := clean(attrs["content"])
				if content == "" {
					continue
				}
				for _, k := range []string{"property", "name", "itemprop"} {
					for _, key := range strings.Fields(strings.ToLower(attrs[k])) {
						if _, ok := m.props[key]; !ok {
							m.props[key] = content
						}
					}
				}
			case atom.Link:
				for _, rel := range strings.Fields(strings.ToLower(attrs["rel"])) {
					if rel == "canonical" && m.canonical == "" {
						m.canonical = strings.TrimSpace(attrs["href"])
					}
				}
			case atom.Time:
				dt := strings.TrimSpace(attrs["datetime"])
				if dt == "" {
					continue
				}
				_, pub := attrs["pubdate"]
				if (pub || strings.EqualFold(attrs["itemprop"], "datePublished")) && m.pubTime == "" {
					m.pubTime = dt
				}
				if m.firstTime == "" {
					m.firstTime = dt
				}
			case atom.Script:
				typ := strings.ToLower(strings.TrimSpace(attrs["type"]))
				inLD = tt == html.StartTagToken && typ == "application/ld+json"
			}
		}
	}
}

// canonicalURL returns the page's declared canonical URL, resolved
// against base; "" if none is usable.
func (m *meta) canonicalURL(base *url.URL) string {
	for _, s := range []string{m.canonical, m.props["og:url"]} {
		if u := absURL(s, base); u != nil {
			return u.String()
		}
	}
	return ""
}

// fill sets the fields of p that readability left empty.
func (m *meta) fill(p *page) {
	if p.title == "" {
		p.title = first(m.props["og:title"], m.props["twitter:title"], m.ld.headline, m.title)
	}
	if p.byline == "" {
		author := m.props["article:author"]
		if absURL(author, nil) != nil {
			author = ""
		}
		p.byline = cleanByline(first(m.props["author"], author, m.props["dc.creator"],
			m.props["dcterms.creator"], m.props["parsely-author"], m.props["byl"], m.ld.author))
	}
	if p.site == "" {
		p.site = first(m.props["og:site_name"], m.ld.publisher, m.props["application-name"])
	}
	if p.published.IsZero() {
		for _, s := range []string{
			m.props["article:published_time"], m.props["og:published_time"],
			m.props["datepublished"], m.ld.published, m.props["pubdate"],
			m.props["publishdate"], m.props["date"], m.props["dc.date"],
			m.props["dc.date.issued"], m.props["dcterms.created"], m.props["dcterms.issued"],
			m.props["sailthru.date"], m.props["parsely-pub-date"], m.pubTime, m.firstTime,
		} {
			if t, ok := parseDate(s); ok {
				p.published = t
				break
			}
		}
	}
}

// ldMeta is what JSON-LD says about an article.
type ldMeta struct {
	headline, author, publisher, published string
}

// fromJSON reads the first article-like object in a JSON-LD block; it
// reports whether it found one.
func (l *ldMeta) fromJSON(s string) bool {
	var v any
	if err := json.Unmarshal([]byte(strings.TrimSpace(s)), &v); err != nil {
		return false
	}
	budget := 10000
	var walk func(v any, depth int) bool
	walk = func(v any, depth int) bool {
		budget--
		if depth > 16 || budget < 0 {
			return false
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				if walk(e, depth+1) {
					return true
				}
			}
		case map[string]any:
			if d, ok := x["datePublished"].(string); ok {
				l.published = d
				l.headline, _ = x["headline"].(string)
				l.author = ldName(x["author"])
				l.publisher = ldName(x["publisher"])
				return true
			}
			if g, ok := x["@graph"]; ok {
				return walk(g, depth+1)
			}
		}
		return false
	}
	return walk(v, 0)
}

// ldName returns the name(s) in a JSON-LD person or organisation value.
func ldName(v any) string {
	switch x := v.(type) {
	case string:
		return clean(x)
	case map[string]any:
		s, _ := x["name"].(string)
		return clean(s)
	case []any:
		var names []string
		for _, e := range x {
			if n := ldName(e); n != "" && len(names) < 10 {
				names = append(names, n)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}

// absURL parses s as an absolute URL, resolving it against base if it
// is relative; nil if it cannot.
func absURL(s string, base *url.URL) *url.URL {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 8<<10 {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil
	}
	if !u.IsAbs() {
		if base == nil {
			return nil
		}
		u = base.ResolveReference(u)
	}
	if u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil
	}
	return u
}

// clean collapses white space.
func clean(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// cleanByline collapses white space and drops a leading "By".
func cleanByline(s string) string {
	s = clean(s)
	if len(s) > 3 && strings.EqualFold(s[:3], "by ") {
		s = strings.TrimSpace(s[3:])
	}
	return s
}

// first returns the first non-empty string.
func first(ss ...string) string {
	for _, s := range ss {
		if s = clean(s); s != "" {
			return s
		}
	}
	return ""
}
