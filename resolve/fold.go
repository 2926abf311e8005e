package resolve

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// latin1Base gives the unaccented lower-case base letter of U+00C0 to
// U+00FF; 0 keeps the rune (× and ÷).
const latin1Base = "aaaaaaaceeeeiiiidnooooo\x00ouuuuyts" + "aaaaaaaceeeeiiiidnooooo\x00ouuuuyty"

// Fold returns s in the form names are compared in: lower case, accents
// removed, periods dropped, curly apostrophes made straight and runs of
// white space made one space. Folding twice changes nothing.
func Fold(s string) string {
	if f, ok := foldASCII(s); ok {
		return f
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '.':
			continue
		case r == '’' || r == '‘' || r == 'ʼ':
			r = '\''
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		}
		r = baseRune(r)
		if r == 0 {
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// baseRune lowers r and strips its accent; it returns 0 for a combining
// mark, which folding drops.
func baseRune(r rune) rune {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	case r >= 0xC0 && r <= 0xFF:
		if c := latin1Base[r-0xC0]; c != 0 {
			return rune(c)
		}
		return r
	case unicode.Is(unicode.Mn, r):
		return 0
	case r == 'Ł' || r == 'ł':
		return 'l'
	case r == 'Đ' || r == 'đ':
		return 'd'
	case r == 'ı':
		return 'i'
	case r < 0x250:
		// Latin Extended-A and -B: decompose and keep the base letter.
		var buf [utf8.UTFMax]byte
		n := utf8.EncodeRune(buf[:], r)
		d := norm.NFD.Bytes(buf[:n])
		if len(d) > 0 && d[0] < utf8.RuneSelf {
			return baseRune(rune(d[0]))
		}
	}
	return unicode.ToLower(r)
}

// words splits s at white space.
func words(s string) []string { return strings.Fields(s) }

// isUpperStart reports whether s starts with an upper-case letter.
func isUpperStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// isLowerStart reports whether s starts with a lower-case letter.
func isLowerStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// isOpenQuote and isCloseQuote classify quotation marks.
func isOpenQuote(r rune) bool {
	return r == '"' || r == '“' || r == '\'' || r == '‘' || r == '«' || r == '„'
}

func isCloseQuote(r rune) bool {
	return r == '"' || r == '”' || r == '\'' || r == '’' || r == '»' || r == '“'
}

func isQuote(r rune) bool { return isOpenQuote(r) || isCloseQuote(r) }

// isHSpace reports horizontal white space (not a line break).
func isHSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\u00a0' }

// isAcronym reports whether s looks like an acronym: two to eight
// capitals, optionally dotted or with an ampersand ("DEA", "U.N.", "S&P").
func isAcronym(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			n++
		case c == '.' || c == '&':
		default:
			return false
		}
	}
	return n >= 2 && n <= 8
}

// foldASCII folds ASCII text with single spaces and no periods in one
// pass; ok is false for anything else.
func foldASCII(s string) (string, bool) {
	upper := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf || c == '.' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			return "", false
		case c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' '):
			return "", false
		case 'A' <= c && c <= 'Z':
			upper = true
		}
	}
	if !upper {
		return s, true
	}
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b), true
}
