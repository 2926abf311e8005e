package names

import "strings"

// Spelling canonicalization, phonetic keys and consonant skeletons.
//
// canon rewrites a normalized Latin word so that the spellings that
// transliteration systems disagree on become one: sch/sh, zh/j, kh/h,
// ph/f, th/t, dh/d, q/k, c/k/s, x/ks, w/v, ou/u, ee/i, y/i inside a
// word, a final j after a vowel, doubled letters, a final -ah, the Baltic
// nominative -s (Lavrovs). Edit
// distance is taken between canonical forms.
//
// Phonetic is a key of our own design in the spirit of Metaphone, tuned
// to names transliterated from many languages rather than to English
// spelling: the first letter's class (any vowel is "a"), then the
// consonant classes with vowels and h dropped — b, p, f (f v w ph), k
// (k g q c-hard), t (t d), s (s z ts tz c-soft), x (sh ch), j (j zh dzh),
// l, m, n, r — with repeats collapsed. "Muhammad", "Mohamed" and "Mohammed" share
// "mmt"; "Gaddafi", "Qadhafi" and "Kadhafi" share "ktf"; "Jong" and
// "Jeong" share "jnk". It is used as a similarity signal and as an index
// key.
//
// skeleton is a stricter consonant-only key used when one side was written
// in an abjad (Arabic, Hebrew), whose spelling leaves short vowels out.

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// canon returns the canonical spelling of a normalized word. Words with
// non-ASCII letters (scripts we keep as is) are returned unchanged.
func canon(s string) string {
	if s == "" || !isASCII(s) {
		return s
	}
	b := make([]byte, 0, len(s)+4)
	n := len(s)
	at := func(i int) byte {
		if i >= 0 && i < n {
			return s[i]
		}
		return 0
	}
	for i := 0; i < n; i++ {
		c := s[i]
		next := at(i + 1)
		switch c {
		case 's':
			if next == 'c' && at(i+2) == 'h' {
				b = append(b, 's', 'h')
				i += 2
				continue
			}
		case 't':
			if next == 'c' && at(i+2) == 'h' {
				b = append(b, 'c', 'h')
				i += 2
				continue
			}
			if next == 'h' {
				b = append(b, 't')
				i++
				continue
			}
		case 'd':
			if next == 'z' && at(i+2) == 'h' {
				b = append(b, 'j')
				i += 2
				continue
			}
			if next == 'j' {
				b = append(b, 'j')
				i++
				continue
			}
			if next == 'h' {
				b = append(b, 'd')
				i++
				continue
			}
		case 'z':
			if next == 'h' {
				b = append(b, 'j')
				i++
				continue
			}
		case 'k':
			if next == 'h' {
				b = append(b, 'h')
				i++
				continue
			}
		case 'g':
			if next == 'h' {
				b = append(b, 'g')
				i++
				continue
			}
		case 'p':
			if next == 'h' {
				b = append(b, 'f')
				i++
				continue
			}
		case 'c':
			switch next {
			case 'h':
				b = append(b, 'c', 'h')
				i++
				continue
			case 'k':
				b = append(b, 'k')
				i++
				continue
			case 'e', 'i', 'y':
				b = append(b, 's')
				continue
			}
			b = append(b, 'k')
			continue
		case 'q':
			b = append(b, 'k')
			if next == 'u' && isVowel(at(i+2)) {
				i++
			}
			continue
		case 'x':
			if i == 0 {
				b = append(b, 's', 'h')
			} else {
				b = append(b, 'k', 's')
			}
			continue
		case 'w':
			b = append(b, 'v')
			continue
		case 'o':
			if next == 'u' {
				b = append(b, 'u')
				i++
				continue
			}
		case 'e':
			if next == 'e' {
				b = append(b, 'i')
				i++
				continue
			}
		case 'y':
			if i > 0 {
				b = append(b, 'i')
				continue
			}
		case 'j':
			if i == n-1 && i > 0 && (isVowel(s[i-1]) || s[i-1] == 'y') {
				b = append(b, 'i')
				continue
			}
		}
		b = append(b, c)
	}
	// collapse doubled letters
	out := b[:0]
	for i, c := range b {
		if i > 0 && c == b[i-1] {
			continue
		}
		out = append(out, c)
	}
	if l := len(out); l > 3 && out[l-1] == 'h' && out[l-2] == 'a' {
		out = out[:l-1]
	}
	// Baltic nominative -s (Lavrovs, Sergejs): drop a final s after a
	// consonant or j in longer words.
	if l := len(out); l >= 6 && out[l-1] == 's' && !isVowel(out[l-2]) && out[l-2] != 's' {
		out = out[:l-1]
		if l-1 > 1 && out[l-2] == 'j' && isVowel(out[l-3]) {
			out[l-2] = 'i'
		}
	}
	if string(out) == s {
		return s // unchanged: no copy
	}
	return string(out)
}

// consonantClass maps a canonical letter to its phonetic class; 0 drops it.
func consonantClass(c byte) byte {
	switch c {
	case 'b':
		return 'b'
	case 'p':
		return 'p'
	case 'f', 'v':
		return 'f'
	case 'g', 'k', 'c':
		return 'k'
	case 'd', 't':
		return 't'
	case 's', 'z':
		return 's'
	case 'j':
		return 'j'
	case 'l', 'm', 'n', 'r':
		return c
	}
	if c >= '0' && c <= '9' {
		return c
	}
	return 0
}

// phoneticKey computes the phonetic key of a canonical word.
func phoneticKey(c string) string {
	if c == "" || !isASCII(c) {
		return ""
	}
	b := make([]byte, 0, len(c))
	var last byte
	for i := 0; i < len(c); i++ {
		ch := c[i]
		var k byte
		switch {
		case (ch == 's' || ch == 'c') && i+1 < len(c) && c[i+1] == 'h':
			k = 'x'
			i++
		case isVowel(ch) || ch == 'y':
			if i == 0 {
				k = 'a'
			}
		case ch == 'h':
			if i == 0 {
				k = 'h'
			}
		default:
			k = consonantClass(ch)
		}
		if k == 0 {
			continue
		}
		if k == last {
			continue
		}
		b = append(b, k)
		last = k
	}
	return string(b)
}

// abjadWalk reads a canonical word as an abjad writes it, for skeleton
// and vowelSlots: it calls cons with each consonant class (sh and ch as
// one, h kept, repeats of a class collapsed) and vowel with each letter
// that an abjad writes as a vowel or leaves out (a e i o u, y and v —
// ya and waw mostly write vowels — and, with jAsY, j, a ya read as j).
func abjadWalk(c string, jAsY bool, cons func(k byte), vowel func(ch byte)) {
	var last byte
	for i := 0; i < len(c); i++ {
		ch := c[i]
		var k byte
		switch {
		case (ch == 's' || ch == 'c') && i+1 < len(c) && c[i+1] == 'h':
			k = 'x'
			i++
		case isVowel(ch) || ch == 'y' || ch == 'v' || jAsY && ch == 'j':
			vowel(ch)
			continue
		case ch == 'h':
			k = 'h'
		default:
			k = consonantClass(ch)
		}
		if k == 0 || k == last {
			continue
		}
		cons(k)
		last = k
	}
}

// skeleton returns the consonants of a canonical word as used to compare
// with a word transliterated from an abjad: no vowels at all, no v or y,
// classes as in phoneticKey but with h kept except at the end.
func skeleton(c string) string {
	if c == "" || !isASCII(c) {
		return ""
	}
	b := make([]byte, 0, len(c))
	abjadWalk(c, false, func(k byte) { b = append(b, k) }, func(byte) {})
	// A final h is mostly a vowel ending (ة, -eh, -ah).
	if l := len(b); l > 1 && b[l-1] == 'h' {
		b = b[:l-1]
	}
	return string(b)
}

// vowelSlots reads a canonical word as skeleton does, and returns for the
// place before its first consonant and after each consonant of its
// skeleton the classes of the vowels written there (vowelA, vowelI,
// vowelU; y reads as i, v as u). ok is false for a word skeleton reads
// no consonants from. A j reads as y, as sameAbjadSkeleton compares.
func vowelSlots(c string) (slots []uint8, ok bool) {
	if c == "" || !isASCII(c) {
		return nil, false
	}
	slots = []uint8{0}
	var last byte
	abjadWalk(c, true, func(k byte) { slots = append(slots, 0); last = k }, func(ch byte) { slots[len(slots)-1] |= vowelClass(ch) })
	// As in skeleton, a final h is a vowel ending: its slot joins the one before.
	if l := len(slots); l > 2 && last == 'h' {
		slots[l-2] |= slots[l-1] | vowelA
		slots = slots[:l-1]
	}
	return slots, len(slots) > 1
}

// Vowel classes of vowelSlots: e may be written for a or i, o for u.
const (
	vowelA uint8 = 1 << iota
	vowelI
	vowelU
)

func vowelClass(ch byte) uint8 {
	switch ch {
	case 'a':
		return vowelA
	case 'e':
		return vowelA | vowelI
	case 'i', 'y', 'j':
		return vowelI
	case 'o', 'u', 'v':
		return vowelU
	}
	return 0
}

// abjadVowelsAgree reports whether a word read from an abjad (x: Arabic
// or Hebrew letters, where only long vowels are written) and another
// word (y) with the same consonant skeleton can be one name: each vowel
// x writes stands in y after the same consonant, and a final i or u of
// y, which an abjad would write, stands in x. Mahmud and Muhammad, or
// Husseini and Husain, share their consonants but not their vowels.
func abjadVowelsAgree(x, y string) bool {
	sx, okx := vowelSlots(x)
	sy, oky := vowelSlots(y)
	if !okx || !oky || len(sx) != len(sy) {
		return okx == oky && len(sx) == len(sy) // not comparable by slots: leave it to the skeleton
	}
	for i := range sx {
		if sx[i] != 0 && sx[i]&sy[i] == 0 {
			return false
		}
	}
	last := len(sy) - 1
	return sy[last]&(vowelI|vowelU) == 0 || sx[last] != 0
}

// Phonetic returns the phonetic key of a name word (normalized or not):
// see the package documentation.
func Phonetic(word string) string {
	return phoneticKey(canon(strings.ReplaceAll(Normalize(word), " ", "")))
}
