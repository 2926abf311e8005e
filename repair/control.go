package repair

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// stripControls removes or replaces control and invisible characters.
//
// The early form (late == false) runs before entities and mojibake and
// only touches what can never be part of either: C0 controls other
// than tab, LF and CR, DEL, U+200B and U+FEFF; form feed and vertical
// tab become LF. The late form also handles what mojibake repair needs
// to see first: C1 controls become the Windows-1252 character of the
// same byte (text in Windows-1252 read as Latin-1) or are removed when
// that byte is undefined; soft hyphens are removed; ZWJ is kept only
// between two non-ASCII, non-space characters; CRLF, CR, U+2028 and
// U+2029 become LF and are counted as line endings.
func stripControls(s string, rep *Report, late bool) (string, bool) {
	var b strings.Builder
	last := 0
	prev := rune(-1) // last rune kept, for ZWJ
	flush := func(i int) {
		if b.Cap() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:i])
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\r':
				if !late {
					break
				}
				flush(i)
				b.WriteByte('\n')
				rep.LineEndings++
				i++
				if i < len(s) && s[i] == '\n' {
					i++
				}
				last = i
				prev = '\n'
				continue
			case c == '\v' || c == '\f':
				flush(i)
				b.WriteByte('\n')
				rep.Controls++
				i++
				last = i
				prev = '\n'
				continue
			case c < 0x20 && c != '\t' && c != '\n', c == 0x7F:
				flush(i)
				rep.Controls++
				i++
				last = i
				continue
			}
			prev = rune(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		drop, repl := false, rune(-1)
		switch {
		case r == 0x200B, r == 0xFEFF:
			drop = true
		case !late:
		case r >= 0x80 && r <= 0x9F:
			if rr := decode1252(byte(r)); rr != r {
				repl = rr
			} else {
				drop = true
			}
		case r == 0xAD:
			drop = true
		case r == 0x200D:
			next := rune(-1)
			if i+size < len(s) {
				next, _ = utf8.DecodeRuneInString(s[i+size:])
			}
			drop = !(prev >= utf8.RuneSelf && next >= utf8.RuneSelf && !unicode.IsSpace(prev) && !unicode.IsSpace(next))
		case r == 0x2028, r == 0x2029:
			flush(i)
			b.WriteByte('\n')
			rep.LineEndings++
			i += size
			last = i
			prev = '\n'
			continue
		}
		if drop || repl >= 0 {
			flush(i)
			if repl >= 0 {
				b.WriteRune(repl)
				prev = repl
			}
			rep.Controls++
			i += size
			last = i
			continue
		}
		prev = r
		i += size
	}
	if b.Cap() == 0 {
		return s, false
	}
	b.WriteString(s[last:])
	return b.String(), true
}
