// Package segment splits repaired English news text into sentences and
// tokens, each a span of byte offsets into the text.
//
// Tokens follow the Penn Treebank conventions of the CoNLL-2003 Reuters
// data, which the named-entity recognizer downstream was trained on:
// currency signs, percent signs, quotes, brackets and sentence punctuation
// are tokens of their own ("$10.5 million" is $ 10.5 million); clitics are
// split off ("Cabello's" is Cabello 's, "don't" is do n't); hyphenated
// words, numbers with internal punctuation (1,000,000 10.5 3:30
// 2021-07-15), URLs, e-mail addresses, @handles and #tags stay whole; and
// an abbreviation keeps its period (Mr. U.S. a.m. F.). Text is split at
// whitespace first, so no token ever contains whitespace, and every other
// character, even an invalid UTF-8 byte, lies in exactly one token.
//
// Sentences are found with rules in the spirit of Punkt and spaCy's
// sentencizer, applied to the tokens:
//
//   - . ! ? … and runs of them end a sentence, together with the closing
//     quotes and brackets right after them (`He said "no." Then` ends
//     after the quote; `(See below.) Next` after the bracket).
//   - No break when the next token starts in lowercase or is a comma,
//     semicolon, colon or dash: `the U.S. government`, `"Why?" he asked`,
//     `wait… what`.
//   - A title (Mr. Gen. Sen. Dr. …) or an inner abbreviation (e.g. vs.
//     No. 5) never ends a sentence except at a paragraph break.
//   - An abbreviation that often ends sentences (Inc. Corp. Co. Ltd. Jr.
//     etc. a.m. p.m. U.S. U.K., months, single initials and any dotted
//     initialism) ends one only when the next word is a typical sentence
//     starter (The, He, She, It, They, We, But, In, A, This, …), or, if a
//     closing quote or bracket follows it, when the next word is
//     capitalized. So `in the U.S. The` breaks but `the U.S. Treasury`
//     and `John F. Kennedy` do not; `in the U.S. Venezuela` is missed.
//   - A quoted question or exclamation followed by a capitalized name and
//     a speech verb stays one sentence: `"Enough!" Maduro said.`
//   - Quotes are not tracked across sentences: `"I did nothing wrong. This
//     is a lie," he said.` is two sentences, as in spaCy.
//   - A blank line (or form feed, or U+2029) always ends a sentence. A
//     single line break ends one when the next line is a list item, or
//     when the line looks like a heading: it does not end in a comma,
//     dash, opening bracket, title or function word ("the", "of", …) and
//     the next line starts with a capital letter or digit. Text in which
//     a third or more of the single line breaks come before a lowercase
//     word is taken to be hard-wrapped; there only lines shorter than 60%
//     of the longest line count as headings.
package segment

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is the broad class of a token.
type Kind uint8

// Token kinds.
const (
	Other  Kind = iota // @handles, #tags, control and format characters, invalid bytes
	Word               // contains a letter: words, abbreviations, clitics
	Number             // starts with a digit: 10.5, 1,000, 2021-07-15, 3:30, 1990s
	Punct              // . , ; : ! ? … -- — brackets
	Symbol             // currency signs, %, &, #, @, *, math and other symbols
	Quote              // " ' ‘ ’ “ ” « » and the like
	URL                // URLs and e-mail addresses
)

var kindNames = [...]string{"Other", "Word", "Number", "Punct", "Symbol", "Quote", "URL"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Token is a span of text: bytes [Start, End).
type Token struct {
	Start, End int
	Kind       Kind
}

// Text returns the token's text in s, the string it was cut from.
func (t Token) Text(s string) string { return slice(s, t.Start, t.End) }

// Sentence is a span of text from the start of its first token to the end
// of its last, with the tokens it holds.
type Sentence struct {
	Start, End int
	Tokens     []Token
}

// Text returns the sentence's text in text, the string it was cut from.
func (s Sentence) Text(text string) string { return slice(text, s.Start, s.End) }

// slice is text[start:end] clamped to the string, so that a span used with
// the wrong string cannot panic.
func slice(text string, start, end int) string {
	start = max(0, min(start, len(text)))
	end = max(start, min(end, len(text)))
	return text[start:end]
}

// Tokens splits text into tokens.
func Tokens(text string) []Token {
	t := tokenizer{text: text}
	if len(text) > 0 {
		t.toks = make([]Token, 0, len(text)/5+4)
	}
	for i := 0; i < len(text); {
		r, size := decode(text, i)
		if isSpace(r) {
			i += size
			continue
		}
		j := i + size
		for j < len(text) {
			r, size = decode(text, j)
			if isSpace(r) {
				break
			}
			j += size
		}
		t.chunk(i, j)
		i = j
	}
	if len(t.toks) == 0 {
		return nil
	}
	return t.toks
}

type tokenizer struct {
	text  string
	toks  []Token
	stack []Token // suffixes, innermost last
}

func (t *tokenizer) emit(a, b int, k Kind) {
	t.toks = append(t.toks, Token{Start: a, End: b, Kind: k})
}

// chunk tokenizes text[a:b], a run without whitespace.
func (t *tokenizer) chunk(a, b int) {
	for a < b {
		a = t.prefixes(a, b)
		if a >= b {
			return
		}
		e := urlEnd(t.text, a, b)
		if e <= a {
			break
		}
		t.emit(a, e, URL)
		a = e
	}
	// Split at infixes: quotes, brackets, dashes, ellipses, and commas or
	// colons that are not inside a number.
	start := a
	for i := a; i < b; {
		n, k := t.infix(i, a, b)
		if n == 0 {
			_, size := decode(t.text, i)
			i += size
			continue
		}
		if start < i {
			t.piece(start, i)
		}
		t.emit(i, i+n, k)
		i += n
		start = i
	}
	if start < b {
		t.piece(start, b)
	}
}

// infix returns the length and kind of a token that splits the chunk
// text[lo:b] at i, or 0.
func (t *tokenizer) infix(i, lo, b int) (int, Kind) {
	s := t.text
	c := s[i]
	if c < utf8.RuneSelf {
		switch c {
		case '"', '`':
			return 1, Quote
		case '(', ')', '[', ']', '{', '}', ';', '!', '?':
			return 1, Punct
		case ',', ':':
			if i > lo && i+1 < b && isASCIIDigit(s[i-1]) && isASCIIDigit(s[i+1]) {
				return 0, 0
			}
			return 1, Punct
		case '.', '-':
			n := run(s, i, b, c)
			if n >= 2 {
				return n, Punct
			}
		}
		return 0, 0
	}
	r, size := utf8.DecodeRuneInString(s[i:b])
	switch {
	case r == '’' || r == '\'':
		return 0, 0
	case isQuote(r):
		return size, Quote
	case isDash(r):
		return runeRun(s, i, b, r), Punct
	case r == '…' || unicode.In(r, unicode.Ps, unicode.Pe):
		return size, Punct
	}
	return 0, 0
}

// piece tokenizes text[a:b], a part of a chunk without infixes: it strips
// leading and trailing punctuation and clitics and emits the rest whole.
func (t *tokenizer) piece(a, b int) {
	a = t.prefixes(a, b)
	if a >= b {
		return
	}
	mark := len(t.stack)
	b = t.suffixes(a, b)
	if a < b {
		t.emit(a, b, classify(t.text[a:b]))
	}
	for k := len(t.stack) - 1; k >= mark; k-- {
		t.toks = append(t.toks, t.stack[k])
	}
	t.stack = t.stack[:mark]
}

// prefixes emits the punctuation that opens text[a:b] and returns where
// the rest begins.
func (t *tokenizer) prefixes(a, b int) int {
	s := t.text
	for a < b {
		r, size := decode(s, a)
		next := rune(-1)
		if a+size < b {
			next, _ = decode(s, a+size)
		}
		n, k := size, Punct
		switch {
		case r == '\'' || r == '’':
			if isDigit(next) { // '90s
				return a
			}
			k = Quote
		case r == '.':
			if n = run(s, a, b, '.'); n == 1 && isDigit(next) { // .45
				return a
			}
		case r == '-':
			if n = run(s, a, b, '-'); n == 1 && isDigit(next) { // -5
				return a
			}
		case r == '+':
			if isDigit(next) {
				return a
			}
			k = Symbol
		case r == '#' || r == '@':
			if isWordRune(next) { // #tag, @handle
				return a
			}
			k = Symbol
		case 'A' <= r && r <= 'Z':
			if n = currencyPrefix(s, a, b); n == 0 { // US$, HK$
				return a
			}
			k = Symbol
		case r < utf8.RuneSelf && (isASCIILetter(byte(r)) || isASCIIDigit(byte(r)) || r == '_'):
			return a
		case isDash(r):
			n = runeRun(s, a, b, r)
		default:
			k = runeKind(r, size)
			if k == Word || k == Number {
				return a
			}
		}
		t.emit(a, a+n, k)
		a += n
	}
	return a
}

// suffixes pushes the punctuation and clitics that close text[a:b] onto
// t.stack and returns where they begin.
func (t *tokenizer) suffixes(a, b int) int {
	s := t.text
	for b > a {
		r, size := utf8.DecodeLastRuneInString(s[a:b])
		p := b - size
		k := Punct
		switch {
		case r == '.':
			q := p
			for q > a && s[q-1] == '.' {
				q--
			}
			if b-q == 1 && q > a && t.keepPeriod(a, p) {
				return b
			}
			p = q
		case r == '-':
			q := p
			for q > a && s[q-1] == '-' {
				q--
			}
			if b-q == 1 && q > a {
				if pr, _ := utf8.DecodeLastRuneInString(s[a:q]); unicode.IsLetter(pr) {
					return b // "pre-" in "pre- and post-war"
				}
			}
			p = q
		case isDash(r):
			for p > a {
				pr, ps := utf8.DecodeLastRuneInString(s[a:p])
				if pr != r {
					break
				}
				p -= ps
			}
		case isLetterOrDigit(r):
			n := clitic(s, a, b)
			if n == 0 {
				return b
			}
			p, k = b-n, Word
		default:
			k = runeKind(r, size)
			if k == Word || k == Number {
				return b
			}
		}
		t.stack = append(t.stack, Token{Start: p, End: b, Kind: k})
		b = p
	}
	return b
}

// keepPeriod reports whether the period at p ends an abbreviation that
// starts at a, so that it stays in the word.
func (t *tokenizer) keepPeriod(a, p int) bool {
	switch abbrevClass(t.text[a:p]) {
	case notAbbrev:
		return false
	case abNumber:
		r, _ := nextRune(t.text, p+1)
		return isDigit(r)
	}
	return true
}

// clitic returns the length of a clitic ending text[a:b]: n't after a
// letter, or 's 'm 'd 'll 're 've after a letter or digit, with either
// apostrophe; otherwise 0.
func clitic(s string, a, b int) int {
	w := s[a:b]
	low := func(i int) byte { return w[i] | 0x20 }
	n := len(w)
	// n't
	if n >= 4 && low(n-1) == 't' {
		if aw := apostropheBefore(w, n-1); aw > 0 && n-1-aw >= 2 && low(n-1-aw-1) == 'n' {
			start := n - 1 - aw - 1
			if pr, _ := utf8.DecodeLastRuneInString(w[:start]); unicode.IsLetter(pr) {
				return n - start
			}
		}
	}
	var tail int
	switch {
	case n >= 3 && (low(n-1) == 's' || low(n-1) == 'm' || low(n-1) == 'd'):
		tail = 1
	case n >= 4 && (low(n-2) == 'l' && low(n-1) == 'l' || low(n-2) == 'r' && low(n-1) == 'e' || low(n-2) == 'v' && low(n-1) == 'e'):
		tail = 2
	default:
		return 0
	}
	aw := apostropheBefore(w, n-tail)
	if aw == 0 || n-tail-aw == 0 {
		return 0
	}
	if pr, _ := utf8.DecodeLastRuneInString(w[:n-tail-aw]); !isLetterOrDigit(pr) {
		return 0
	}
	return tail + aw
}

// apostropheBefore returns the byte length of an apostrophe (' or ’)
// ending w[:i], or 0.
func apostropheBefore(w string, i int) int {
	switch {
	case i >= 1 && w[i-1] == '\'':
		return 1
	case i >= 3 && w[i-3:i] == "’":
		return 3
	}
	return 0
}

// currencyPrefix returns the length of a currency sign led by one to
// three capital letters at s[a:b] ("US$", "HK$", "R$"), or 0.
func currencyPrefix(s string, a, b int) int {
	i := a
	for i < b && i-a < 3 && 'A' <= s[i] && s[i] <= 'Z' {
		i++
	}
	if i == a || i >= b {
		return 0
	}
	r, size := decode(s, i)
	if !unicode.Is(unicode.Sc, r) {
		return 0
	}
	return i + size - a
}

// urlEnd returns the end of a URL that starts at s[a:b], or 0. Trailing
// punctuation and unbalanced closing brackets are left out.
func urlEnd(s string, a, b int) int {
	w := s[a:b]
	if len(w) < 5 {
		return 0
	}
	if c := w[0] | 0x20; c != 'h' && c != 'f' && c != 'w' {
		return 0
	}
	n := 0
	switch {
	case hasPrefixFold(w, "https://"):
		n = 8
	case hasPrefixFold(w, "http://"):
		n = 7
	case hasPrefixFold(w, "ftp://"):
		n = 6
	case hasPrefixFold(w, "www.") && len(w) > 4 && isASCIIAlnum(w[4]):
		n = 4
	default:
		return 0
	}
	e := n
	var depth [3]int // unclosed ( [ {
	for e < len(w) {
		r, size := decode(w, e)
		if r == '"' || r == '<' || r == '>' || r == '`' || (r != '’' && r != '\'' && isQuote(r)) {
			break
		}
		if i := bracketIndex(r); i >= 0 {
			if r == '(' || r == '[' || r == '{' {
				depth[i]++
			} else {
				depth[i]--
			}
		}
		e += size
	}
	for e > n {
		r, size := utf8.DecodeLastRuneInString(w[:e])
		switch r {
		case '.', ',', ';', ':', '!', '?', '\'', '’', '*':
			e -= size
			continue
		case ')', ']', '}':
			if i := bracketIndex(r); depth[i] < 0 { // more closed than opened
				depth[i]++
				e -= size
				continue
			}
		}
		break
	}
	if e <= n {
		return 0
	}
	return a + e
}

// classify returns the kind of a token that survived prefix and suffix
// stripping.
func classify(w string) Kind {
	r, size := decode(w, 0)
	if size == len(w) {
		return runeKind(r, size)
	}
	if urlEnd(w, 0, len(w)) > 0 {
		return URL
	}
	if r == '#' || r == '@' {
		return Other
	}
	if i := strings.IndexByte(w, '@'); i > 0 {
		if j := strings.LastIndexByte(w, '.'); j > i+1 && j+1 < len(w) {
			return URL
		}
	}
	if isDigit(r) {
		return Number
	}
	if r == '-' || r == '+' || r == '.' || r == '\'' || r == '’' {
		if r2, _ := decode(w, size); isDigit(r2) {
			return Number
		}
	}
	for i := 0; i < len(w); {
		r, size := decode(w, i)
		if unicode.IsLetter(r) {
			return Word
		}
		i += size
	}
	return Other
}

// runeKind returns the kind of a token made of the single rune r, which
// was decoded with the given size.
func runeKind(r rune, size int) Kind {
	if r < utf8.RuneSelf {
		c := byte(r)
		switch {
		case isASCIILetter(c):
			return Word
		case isASCIIDigit(c):
			return Number
		case c == '"' || c == '\'' || c == '`':
			return Quote
		case c == '%' || c == '&' || c == '#' || c == '@' || c == '*':
			return Symbol
		case c == '$' || c == '+' || c == '<' || c == '=' || c == '>' || c == '^' || c == '|' || c == '~':
			return Symbol
		case c > ' ' && c < 0x7f:
			return Punct
		}
		return Other
	}
	switch {
	case r == utf8.RuneError && size == 1:
		return Other
	case isQuote(r):
		return Quote
	case unicode.IsLetter(r):
		return Word
	case unicode.IsDigit(r):
		return Number
	case r == '‰' || r == '‱' || r == '§' || r == '¶' || r == '†' || r == '‡' || r == '•':
		return Symbol
	case unicode.IsPunct(r):
		return Punct
	case unicode.IsSymbol(r):
		return Symbol
	case unicode.IsNumber(r), unicode.IsMark(r):
		return Word // marks and other numbers stay in words
	}
	return Other
}

// Character classes.

func decode(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// nextRune returns the first non-space rune at or after s[i], or -1.
func nextRune(s string, i int) (rune, int) {
	for i < len(s) {
		r, size := decode(s, i)
		if !isSpace(r) {
			return r, i
		}
		i += size
	}
	return -1, len(s)
}

func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || '\t' <= r && r <= '\r'
	}
	return unicode.IsSpace(r)
}

func isQuote(r rune) bool {
	switch r {
	case '"', '\'', '`', '‘', '’', '‚', '‛', '“', '”', '„', '‟', '«', '»', '‹', '›',
		'「', '」', '『', '』', '＂', '＇':
		return true
	}
	return false
}

// isOpenQuote reports an unambiguous opening quote.
func isOpenQuote(r rune) bool {
	switch r {
	case '‘', '‚', '‛', '“', '„', '‟', '«', '‹', '「', '『':
		return true
	}
	return false
}

// isCloseQuote reports an unambiguous closing quote.
func isCloseQuote(r rune) bool {
	switch r {
	case '’', '”', '»', '›', '」', '』':
		return true
	}
	return false
}

func isDash(r rune) bool {
	return r == '—' || r == '–' || r == '―' || r == '‒' || r == '⸺' || r == '⸻'
}

func isDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return '0' <= r && r <= '9'
	}
	return unicode.IsDigit(r)
}

func isLetterOrDigit(r rune) bool {
	if r < utf8.RuneSelf {
		c := byte(r)
		return isASCIILetter(c) || isASCIIDigit(c)
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isWordRune(r rune) bool { return r == '_' || isLetterOrDigit(r) }

func isASCIILetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }
func isASCIIDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isASCIIAlnum(c byte) bool  { return isASCIILetter(c) || isASCIIDigit(c) }

// run returns how many bytes c repeat from s[i], up to b.
func run(s string, i, b int, c byte) int {
	j := i
	for j < b && s[j] == c {
		j++
	}
	return j - i
}

// runeRun returns the byte length of the run of r starting at s[i], up to b.
func runeRun(s string, i, b int, r rune) int {
	j := i
	for j < b {
		r2, size := utf8.DecodeRuneInString(s[j:b])
		if r2 != r {
			break
		}
		j += size
	}
	return j - i
}

// bracketIndex maps ( ) to 0, [ ] to 1, { } to 2 and other runes to -1.
func bracketIndex(r rune) int {
	switch r {
	case '(', ')':
		return 0
	case '[', ']':
		return 1
	case '{', '}':
		return 2
	}
	return -1
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
