package segment

import (
	"unicode"
	"unicode/utf8"
)

// Sentences splits text into sentences. Each holds its tokens; the tokens
// of all sentences, in order, are exactly Tokens(text).
func Sentences(text string) []Sentence {
	return split(text, Tokens(text))
}

// split groups toks, the result of Tokens(text), into sentences that
// share toks as their backing array.
func split(text string, toks []Token) []Sentence {
	n := len(toks)
	if n == 0 {
		return nil
	}
	sp := splitter{text: text, toks: toks}
	out := make([]Sentence, 0, n/24+1)
	start := 0
	for i := 0; i < n; {
		j := i
		boundary := false
		term := sp.isTerminator(i)
		if term {
			j = sp.extend(i)
			if j+1 < n {
				boundary = sp.endsAfter(i, j)
			}
		}
		if j+1 >= n {
			break
		}
		if br := sp.breaks(j); br >= 2 {
			boundary = true
		} else if br == 1 && (sp.isListMarker(j+1) || !term && sp.headingEnds(j)) {
			boundary = true
		}
		if boundary {
			out = append(out, sp.sentence(start, j+1))
			start = j + 1
		}
		i = j + 1
	}
	return append(out, sp.sentence(start, n))
}

type splitter struct {
	text    string
	toks    []Token
	wrap    int8 // 0 unknown, 1 the text looks hard-wrapped, -1 it does not
	maxLine int  // longest line in bytes, once wrap is known
}

func (sp *splitter) sentence(a, b int) Sentence {
	return Sentence{Start: sp.toks[a].Start, End: sp.toks[b-1].End, Tokens: sp.toks[a:b:b]}
}

func (sp *splitter) word(k int) string {
	t := sp.toks[k]
	return sp.text[t.Start:t.End]
}

// first returns the first rune of token k.
func (sp *splitter) first(k int) rune {
	r, _ := decode(sp.text, sp.toks[k].Start)
	return r
}

// breaks counts the line breaks between token k and the next: 0, 1, or 2
// and more for a paragraph break (a blank line, form feed or U+2029).
func (sp *splitter) breaks(k int) int {
	g := sp.text[sp.toks[k].End:sp.toks[k+1].Start]
	if len(g) == 0 || len(g) == 1 && g[0] == ' ' {
		return 0
	}
	n := 0
	for i := 0; i < len(g); {
		c := g[i]
		switch {
		case c == '\n' || c == '\v':
			n++
		case c == '\r':
			if i+1 >= len(g) || g[i+1] != '\n' {
				n++
			}
		case c == '\f':
			n += 2
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(g[i:])
			switch r {
			case '\u0085', '\u2028':
				n++
			case '\u2029':
				n += 2
			}
			i += size
			continue
		}
		i++
	}
	return n
}

// lineStart reports whether token k begins a line.
func (sp *splitter) lineStart(k int) bool { return k == 0 || sp.breaks(k-1) > 0 }

// isTerminator reports whether token k may end a sentence: sentence
// punctuation, or a word with an abbreviation period.
func (sp *splitter) isTerminator(k int) bool {
	t := sp.toks[k]
	switch t.Kind {
	case Punct:
		if !isTermText(sp.word(k)) {
			return false
		}
		// "1." opening a list item
		if k > 0 && sp.toks[k-1].End == t.Start && sp.word(k) == "." && sp.isListMarker(k-1) {
			return false
		}
		return true
	case Word:
		return t.End-t.Start > 1 && sp.text[t.End-1] == '.'
	}
	return false
}

func isTermText(w string) bool {
	switch w {
	case ".", "!", "?", "…", "‼", "⁇", "⁈", "⁉", "。", "！", "？":
		return true
	}
	for i := 0; i < len(w); i++ {
		if w[i] != '.' {
			return false
		}
	}
	return len(w) > 1
}

// extend returns the last token of the run of sentence punctuation and
// closing quotes and brackets that starts at terminator k.
func (sp *splitter) extend(k int) int {
	j := k
	for j+1 < len(sp.toks) && sp.breaks(j) == 0 {
		next := sp.toks[j+1]
		if next.Kind == Punct && isTermText(sp.word(j+1)) || sp.isCloser(j+1) {
			j++
			continue
		}
		break
	}
	return j
}

// isCloser reports whether token k closes a quote or bracket. An ASCII
// quote closes when it touches the token before it.
func (sp *splitter) isCloser(k int) bool {
	t := sp.toks[k]
	r := sp.first(k)
	switch t.Kind {
	case Punct:
		return unicode.Is(unicode.Pe, r)
	case Quote:
		if isCloseQuote(r) {
			return true
		}
		if isOpenQuote(r) {
			return false
		}
		return sp.toks[k-1].End == t.Start
	}
	return false
}

// endsAfter decides whether the sentence ends after token j, the end of
// the run that starts with terminator i.
func (sp *splitter) endsAfter(i, j int) bool {
	next := sp.toks[j+1]
	r := sp.first(j + 1)
	if unicode.IsLower(r) {
		return false
	}
	if next.Kind == Punct && !unicode.Is(unicode.Ps, r) && r != '¿' && r != '¡' {
		return false // , ; : -- and the like continue the sentence
	}
	if t := sp.toks[i]; t.Kind == Word {
		w := sp.text[t.Start : t.End-1]
		switch abbrevClass(w) {
		case abTitle, abInner, abNumber:
			return false
		}
		switch {
		case j > i: // `(made in the U.S.) The`, `Acme Inc.” Officials`
			return unicode.IsUpper(r)
		case w == "etc":
			return unicode.IsUpper(r)
		case sp.isStarter(j + 1):
			return true
		case sp.breaks(j) == 1 && unicode.IsUpper(r) && !sp.wrapped():
			// a headline ending "… U.S." above the dateline
			return true
		case (next.Kind == Quote || unicode.Is(unicode.Ps, r)) && j+2 < len(sp.toks) &&
			sp.toks[j+2].Start == next.End && sp.isStarter(j+2):
			return true
		}
		return false
	}
	// `"Enough!" Maduro said.` `"Why?" Sen. Marco Rubio asked.`
	if j > i && unicode.IsUpper(r) && sp.hasExclaim(i, j) && sp.hasQuote(i, j) {
		k := j + 1
		for k < len(sp.toks) && k <= j+4 && sp.toks[k].Kind == Word && unicode.IsUpper(sp.first(k)) {
			k++
		}
		if k > j+1 && k < len(sp.toks) && sp.toks[k].Kind == Word {
			if _, ok := speechVerbs[sp.word(k)]; ok {
				return false
			}
		}
	}
	return true
}

func (sp *splitter) hasExclaim(i, j int) bool {
	for k := i; k <= j; k++ {
		if w := sp.word(k); w == "!" || w == "?" {
			return true
		}
	}
	return false
}

func (sp *splitter) hasQuote(i, j int) bool {
	for k := i; k <= j; k++ {
		if sp.toks[k].Kind == Quote {
			return true
		}
	}
	return false
}

func (sp *splitter) isStarter(k int) bool {
	if sp.toks[k].Kind != Word {
		return false
	}
	_, ok := starters[sp.word(k)]
	return ok
}

// isListMarker reports whether token k opens a list item: a bullet, or a
// short number or letter followed by "." or ")" at the start of a line.
func (sp *splitter) isListMarker(k int) bool {
	if !sp.lineStart(k) {
		return false
	}
	t := sp.toks[k]
	w := sp.word(k)
	switch w {
	case "•", "·", "*", "-", "–", "—", "▪", "►", "‣", "◦", "○", "■", "□", "➢", "✓", "✔", "→":
		return true
	}
	if k+1 >= len(sp.toks) || sp.toks[k+1].Start != t.End {
		return false
	}
	nw := sp.word(k + 1)
	switch {
	case t.Kind == Number && len(w) <= 3 && allDigits(w):
		return nw == "." || nw == ")"
	case t.Kind == Word && utf8.RuneCountInString(w) == 1:
		return nw == ")"
	case w == "(" && k+2 < len(sp.toks) && sp.toks[k+2].Start == sp.toks[k+1].End:
		return sp.word(k+2) == ")" && len(nw) <= 3
	}
	return false
}

func allDigits(w string) bool {
	for i := 0; i < len(w); i++ {
		if !isASCIIDigit(w[i]) {
			return false
		}
	}
	return w != ""
}

// headingEnds decides whether a single line break after token j, which is
// not sentence punctuation, ends a sentence.
func (sp *splitter) headingEnds(j int) bool {
	if sp.isListMarker(j + 1) {
		return true
	}
	prev := sp.toks[j]
	r := sp.first(j)
	switch prev.Kind {
	case Punct:
		if r != ':' && !unicode.Is(unicode.Pe, r) {
			return false // , ; - — ( continue on the next line
		}
	case Quote:
		if isOpenQuote(r) || !isCloseQuote(r) && j > 0 && sp.toks[j-1].End < prev.Start {
			return false
		}
	case Symbol:
		if r != '%' {
			return false
		}
	case Word:
		if _, ok := connectors[sp.word(j)]; ok {
			return false
		}
	}
	k := j + 1
	for k < len(sp.toks) && k <= j+2 && (sp.toks[k].Kind == Quote || unicode.Is(unicode.Ps, sp.first(k))) {
		k++
	}
	if k >= len(sp.toks) {
		return false
	}
	if r := sp.first(k); !unicode.IsUpper(r) && !isDigit(r) {
		return false
	}
	if sp.wrapped() {
		// Only a line much shorter than the wrapping width is a heading.
		lineStart := sp.toks[j].Start
		for lineStart > 0 && sp.text[lineStart-1] != '\n' && sp.text[lineStart-1] != '\r' {
			lineStart--
		}
		return 10*(prev.End-lineStart) < 6*sp.maxLine
	}
	return true
}

// wrapped reports whether the text looks hard-wrapped: at least two
// single line breaks, and a third of them, come before a lowercase word.
func (sp *splitter) wrapped() bool {
	if sp.wrap == 0 {
		total, lower := 0, 0
		for k := 0; k+1 < len(sp.toks); k++ {
			if sp.breaks(k) == 1 {
				total++
				if unicode.IsLower(sp.first(k + 1)) {
					lower++
				}
			}
		}
		sp.wrap = -1
		if lower >= 2 && 3*lower >= total {
			sp.wrap = 1
		}
		start := 0
		for i := 0; i <= len(sp.text); i++ {
			if i == len(sp.text) || sp.text[i] == '\n' || sp.text[i] == '\r' {
				sp.maxLine = max(sp.maxLine, i-start)
				start = i + 1
			}
		}
	}
	return sp.wrap > 0
}
