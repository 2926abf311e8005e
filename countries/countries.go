// Package countries maps country names, alternative spellings and
// English demonyms to ISO 3166-1 alpha-2 codes, so that "Venezuela",
// "República Bolivariana de Venezuela", "Venezuelan" and "VE" can be
// compared. The table is derived from the world-countries data set
// (ODbL; see table.go).
package countries

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// ByName returns the code of a country name folded as Fold folds, or "".
func ByName(folded string) string { return names[folded] }

// ByDemonym returns the code of a folded demonym ("venezuelan",
// "venezuelans"), or "".
func ByDemonym(folded string) string { return demonyms[folded] }

// Code returns the ISO code of a country given by code, name or
// demonym, in any case and with or without accents; "" if unknown.
func Code(s string) string {
	s = strings.TrimSpace(s)
	if len(s) == 2 && isASCIILetters(s) {
		return strings.ToUpper(s)
	}
	f := Fold(s)
	if c := names[f]; c != "" {
		return c
	}
	return demonyms[f]
}

// Known reports whether s names a country of the table: the ISO code of
// one of its countries, in any case ("VE", "ve"), or a name or demonym
// that Code resolves. Code takes any two letters for a code; Known does
// not ("ZZ", and "UK", which ISO 3166-1 does not assign: Britain is GB).
func Known(s string) bool {
	c := Code(s)
	return c != "" && isoCodes()[c]
}

//go:generate go run gen_names.go

// Name returns the English short name of a country code, in any case
// ("VE", "ve": "Venezuela"), or "" for a code not in the table.
func Name(code string) string {
	if len(code) != 2 || !isASCIILetters(code) {
		return ""
	}
	return englishNames[strings.ToUpper(code)]
}

// Codes returns the ISO codes of the table's countries, in no order.
func Codes() []string {
	out := make([]string, 0, len(isoCodes()))
	for c := range isoCodes() {
		out = append(out, c)
	}
	return out
}

// isoCodes is the set of codes of the table's countries.
var isoCodes = sync.OnceValue(func() map[string]bool {
	set := make(map[string]bool, 256)
	for _, c := range names {
		set[c] = true
	}
	return set
})

func isASCIILetters(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// Fold is the key folding of the tables: lower case, accents and
// periods removed, typographic apostrophes made straight, white space
// collapsed.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range norm.NFD.String(strings.ToValidUTF8(s, "\uFFFD")) {
		switch {
		case unicode.Is(unicode.Mn, r), r == '.':
			continue
		case r == '’' || r == '‘' || r == 'ʼ':
			r = '\''
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
