package repair

import (
	"html"
	"strings"
	"unicode/utf8"
)

// maxEntityName bounds the length of an entity name we look up; the
// longest HTML5 name, CounterClockwiseContourIntegral, has 31 letters.
const maxEntityName = 32

// commonEntities short-cuts the lookup of the entities news text uses
// most; anything else goes through html.UnescapeString.
var commonEntities = map[string]string{
	"amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u00A0",
	"mdash": "—", "ndash": "–", "hellip": "…", "lsquo": "‘", "rsquo": "’",
	"ldquo": "“", "rdquo": "”", "laquo": "«", "raquo": "»", "copy": "©",
	"reg": "®", "trade": "™", "euro": "€", "pound": "£", "deg": "°",
	"eacute": "é", "egrave": "è", "aacute": "á", "agrave": "à", "ccedil": "ç",
	"ouml": "ö", "uuml": "ü", "auml": "ä", "szlig": "ß", "ntilde": "ñ",
}

// decodeEntities decodes HTML character references in s: &name; for a
// known HTML5 name, &#N; and &#xH; (all with the ';'), and the doubly
// escaped forms &amp;name; and &amp;#N;. Anything else, such as "AT&T"
// or "?a=1&b=2", is left alone.
func decodeEntities(s string, rep *Report) (string, bool) {
	i := strings.IndexByte(s, '&')
	if i < 0 {
		return s, false
	}
	var b strings.Builder
	last, n := 0, 0
	for i < len(s) {
		val, end, ok := entityBody(s, i+1)
		if !ok {
			k := strings.IndexByte(s[i+1:], '&')
			if k < 0 {
				break
			}
			i += 1 + k
			continue
		}
		// &amp;mdash; and &amp;amp;amp; are escaped more than once.
		for val == "&" {
			v, e, ok := entityBody(s, end)
			if !ok {
				break
			}
			val, end = v, e
		}
		if n == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:i])
		b.WriteString(val)
		n++
		last, i = end, end
		if i < len(s) && s[i] != '&' {
			k := strings.IndexByte(s[i:], '&')
			if k < 0 {
				break
			}
			i += k
		}
	}
	if n == 0 {
		return s, false
	}
	b.WriteString(s[last:])
	rep.Entities += n
	return b.String(), true
}

// entityBody decodes the character reference whose body (after '&')
// starts at s[j]. It returns the decoded text and the index after ';'.
func entityBody(s string, j int) (string, int, bool) {
	if j >= len(s) {
		return "", 0, false
	}
	if s[j] == '#' {
		return numericBody(s, j+1)
	}
	k := j
	for k < len(s) && k-j <= maxEntityName && isAlnum(s[k]) {
		k++
	}
	if k == j || k >= len(s) || s[k] != ';' || !isLetter(s[j]) {
		return "", 0, false
	}
	name := s[j:k]
	if v, ok := commonEntities[name]; ok {
		return v, k + 1, true
	}
	ref := s[j-1 : k+1] // "&name;" when called for a real '&'
	if s[j-1] != '&' {
		ref = "&" + name + ";"
	}
	v := html.UnescapeString(ref)
	// html.UnescapeString also decodes a known prefix without ';'
	// ("&notit;" → "¬it;"); only an exact match counts.
	if v == ref || (strings.HasSuffix(v, ";") && name != "semi") {
		return "", 0, false
	}
	return v, k + 1, true
}

// numericBody decodes the digits of &#N; or &#xH; starting at s[j],
// following the HTML5 rules for invalid and Windows-1252 numbers.
func numericBody(s string, j int) (string, int, bool) {
	hex := j < len(s) && (s[j] == 'x' || s[j] == 'X')
	if hex {
		j++
	}
	k := j
	var v int64
	for k < len(s) && k-j < 16 {
		d := digitVal(s[k], hex)
		if d < 0 {
			break
		}
		if hex {
			v = v*16 + int64(d)
		} else {
			v = v*10 + int64(d)
		}
		v = min(v, utf8.MaxRune+1) // no overflow; still invalid
		k++
	}
	if k == j || k >= len(s) || s[k] != ';' {
		return "", 0, false
	}
	r := rune(utf8.RuneError)
	switch {
	case v == 0, v > utf8.MaxRune, v >= 0xD800 && v <= 0xDFFF:
	case v >= 0x80 && v <= 0x9F:
		r = decode1252(byte(v))
	default:
		r = rune(v)
	}
	return string(r), k + 1, true
}

func digitVal(c byte, hex bool) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case hex && c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case hex && c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isAlnum(c byte) bool { return isLetter(c) || c >= '0' && c <= '9' }
