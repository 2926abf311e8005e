package names

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// script is the writing system a token was read in. Tokens keep it so the
// scorer knows when two parts were transliterated from the same script
// (compare the originals) or from an abjad (compare consonant skeletons).
type script uint8

const (
	scriptNone script = iota // separator
	scriptLatin
	scriptCyrillic
	scriptGreek
	scriptArabic // Arabic, Persian, Urdu: an abjad, short vowels unwritten
	scriptHebrew // also an abjad
	scriptArmenian
	scriptGeorgian
	scriptIndic // Devanagari and the Brahmic scripts mapped onto it
	scriptHan
	scriptKana
	scriptHangul
	scriptThai
	scriptOther // letters of a script we do not transliterate: kept as is
	scriptMark  // combining mark: belongs to the run it follows
)

func (s script) String() string {
	switch s {
	case scriptLatin:
		return "Latin"
	case scriptCyrillic:
		return "Cyrillic"
	case scriptGreek:
		return "Greek"
	case scriptArabic:
		return "Arabic"
	case scriptHebrew:
		return "Hebrew"
	case scriptArmenian:
		return "Armenian"
	case scriptGeorgian:
		return "Georgian"
	case scriptIndic:
		return "Indic"
	case scriptHan:
		return "Han"
	case scriptKana:
		return "Kana"
	case scriptHangul:
		return "Hangul"
	case scriptThai:
		return "Thai"
	case scriptOther:
		return "Other"
	}
	return ""
}

// abjad reports whether the script leaves short vowels unwritten, so that a
// transliteration can only be compared by its consonants.
func (s script) abjad() bool { return s == scriptArabic || s == scriptHebrew }

// syllabic reports scripts whose every character (Han) or block (Hangul)
// is a syllable and a morpheme of a name, read as one Latin word.
func (s script) syllabic() bool { return s == scriptHan || s == scriptHangul }

// syllable reports a part that is one Han character or Hangul syllable
// (not a word of several, such as a Japanese reading of a kanji name).
func (p *Part) syllable() bool {
	return p.script.syllabic() && utf8.RuneCountInString(p.native) <= 1
}

// token is one normalized word: its Latin text and, for words read in
// another script, the original letters (lower-cased, marks dropped).
type token struct {
	text   string
	native string
	script script
}

// Normalize folds a name to the form the matcher compares: lower case,
// transliterated to Latin, diacritics removed, apostrophes dropped, other
// punctuation turned into single spaces, trimmed. Han characters and Hangul
// syllables come out one syllable per word ("习近平" → "xi jin ping",
// "김정은" → "kim jeong eun"). Letters of scripts it does not transliterate
// (Ethiopic, Khmer, Lao, …) are kept, lower-cased and without marks.
// Normalize is idempotent: Normalize(Normalize(s)) == Normalize(s).
func Normalize(s string) string {
	var b strings.Builder
	scan(s, func(t token) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
	})
	return b.String()
}

// normTokens returns the tokens of s.
func normTokens(s string) []token {
	var out []token
	scan(s, func(t token) { out = append(out, t) })
	return out
}

// isDropped reports runes that vanish without separating words:
// apostrophes and their look-alikes, format characters (ZWNJ, soft hyphen,
// bidi marks) and the Arabic tatweel.
func isDropped(r rune) bool {
	switch r {
	case '\'', '’', '‘', 'ʼ', 'ʻ', '`', '´', 'ʹ', 'ʿ', 'ʾ', 'ˈ', '׳', '״', 'ـ', '′':
		return true
	}
	return r >= 0x80 && unicode.Is(unicode.Cf, r)
}

func classify(r rune) script {
	if r < 0x80 {
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' {
			return scriptLatin
		}
		return scriptNone
	}
	if unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me) {
		return scriptMark
	}
	if unicode.IsDigit(r) {
		return scriptLatin
	}
	if r == 0x30FC { // katakana-hiragana prolonged sound mark (script Common)
		return scriptKana
	}
	if !unicode.IsLetter(r) {
		return scriptNone
	}
	switch {
	case unicode.Is(unicode.Latin, r):
		return scriptLatin
	case unicode.Is(unicode.Cyrillic, r):
		return scriptCyrillic
	case unicode.Is(unicode.Greek, r):
		return scriptGreek
	case unicode.Is(unicode.Arabic, r):
		return scriptArabic
	case unicode.Is(unicode.Hebrew, r):
		return scriptHebrew
	case unicode.Is(unicode.Armenian, r):
		return scriptArmenian
	case unicode.Is(unicode.Georgian, r):
		return scriptGeorgian
	case unicode.Is(unicode.Han, r):
		return scriptHan
	case unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
		return scriptKana
	case unicode.Is(unicode.Hangul, r):
		return scriptHangul
	case unicode.Is(unicode.Thai, r):
		return scriptThai
	case indicToDevanagari(r) != 0:
		return scriptIndic
	}
	return scriptOther
}

// scanner groups a string into runs of one script and hands each run to
// that script's transliterator.
type scanner struct {
	run        []rune
	sc         script
	emit       func(token)
	sawHangul  bool // a Hangul run was already emitted (surname convention applies to the first)
	sawLetters bool
	ukrainian  bool // the text has a letter only Ukrainian uses (і, ї, є, ґ)
}

func scan(s string, emit func(token)) {
	sn := scanner{emit: emit, run: make([]rune, 0, 32)}
	sn.ukrainian = strings.ContainsAny(s, "іїєґІЇЄҐ")
	var buf [64]byte
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r < 0x80 {
			sn.add(r)
			continue
		}
		if isHangulSyllable(r) {
			sn.add(r)
			continue
		}
		// Compatibility decomposition: fullwidth forms, ligatures, accents
		// split from their letters.
		var tmp [4]byte
		n := utf8.EncodeRune(tmp[:], r)
		d := norm.NFKD.Append(buf[:0], tmp[:n]...)
		for j := 0; j < len(d); {
			dr, ds := utf8.DecodeRune(d[j:])
			j += ds
			sn.add(dr)
		}
	}
	sn.flush()
}

func (sn *scanner) add(r rune) {
	if isDropped(r) {
		return
	}
	sc := classify(r)
	switch sc {
	case scriptMark:
		if len(sn.run) > 0 {
			sn.run = append(sn.run, r)
		}
		return
	case scriptNone:
		sn.flush()
		return
	}
	if sc != sn.sc {
		sn.flush()
		sn.sc = sc
	}
	sn.run = append(sn.run, r)
}

func (sn *scanner) flush() {
	if len(sn.run) == 0 {
		return
	}
	run := sn.run
	switch sn.sc {
	case scriptLatin:
		sn.emitText(foldLatin(run), "", scriptLatin)
	case scriptCyrillic:
		translitAlphabet(run, scriptCyrillic, sn)
	case scriptGreek:
		translitGreek(run, sn)
	case scriptArabic:
		translitArabic(run, sn)
	case scriptHebrew:
		translitHebrew(run, sn)
	case scriptArmenian:
		translitAlphabet(run, scriptArmenian, sn)
	case scriptGeorgian:
		translitAlphabet(run, scriptGeorgian, sn)
	case scriptIndic:
		translitIndic(run, sn)
	case scriptHan:
		translitHan(run, sn)
	case scriptKana:
		translitKana(run, sn)
	case scriptHangul:
		translitHangul(run, sn)
	case scriptThai:
		translitThai(run, sn)
	default:
		var b strings.Builder
		for _, r := range run {
			if classify(r) == scriptMark {
				continue
			}
			b.WriteRune(unicode.ToLower(r))
		}
		s := b.String()
		sn.emitText(s, s, scriptOther)
	}
	sn.run = sn.run[:0]
}

func (sn *scanner) emitText(text, native string, sc script) {
	if text == "" {
		return
	}
	sn.sawLetters = true
	sn.emit(token{text: text, native: native, script: sc})
}

// emitRaw emits a rune no table knows as a word of its own, so that a
// second pass over the output reads it the same way.
func (sn *scanner) emitRaw(r rune) {
	s := string(unicode.ToLower(r))
	sn.emitText(s, s, scriptOther)
}

// latinFold maps Latin letters that carry no decomposition.
var latinFold = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d",
	'þ': "th", 'ı': "i", 'ŋ': "ng", 'ħ': "h", 'ŧ': "t", 'ĸ': "k", 'ƒ': "f",
	'ɖ': "d", 'ɛ': "e", 'ɔ': "o", 'ʒ': "z", 'ə': "e", 'ǝ': "e", 'ɨ': "i",
	'ʉ': "u", 'ƙ': "k", 'ɓ': "b", 'ɗ': "d", 'ƴ': "y", 'ɲ': "n", 'ʃ': "sh",
	'ȝ': "y", 'ƿ': "w", 'ꝺ': "d", 'ɍ': "r", 'ƀ': "b", 'ɉ': "j", 'ɂ': "",
	'ʔ': "", 'ꞌ': "", 'Ꞌ': "",
}

// foldLatin lower-cases a Latin run, drops marks, maps special letters and
// turns any decimal digit into its ASCII form.
func foldLatin(run []rune) string {
	var b strings.Builder
	b.Grow(len(run))
	for _, r := range run {
		if r < 0x80 {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
			continue
		}
		if classify(r) == scriptMark {
			continue
		}
		if unicode.IsDigit(r) {
			b.WriteByte(byte('0' + digitValue(r)))
			continue
		}
		lr := unicode.ToLower(r)
		if s, ok := latinFold[lr]; ok {
			b.WriteString(s)
			continue
		}
		if lr != r {
			// The lower-case letter may itself decompose (rare); fold it.
			if d := norm.NFKD.String(string(lr)); d != string(lr) {
				b.WriteString(foldLatin([]rune(d)))
				continue
			}
		}
		b.WriteRune(lr)
	}
	return b.String()
}

// digitValue returns the value of a decimal digit of any script: Unicode
// encodes each script's digits as ten consecutive code points.
func digitValue(r rune) int {
	if '0' <= r && r <= '9' {
		return int(r - '0')
	}
	n := 0
	for z := r - 1; n < 9 && unicode.IsDigit(z); z-- {
		n++
	}
	return n % 10
}

// translitAlphabet transliterates a run of an alphabet that maps letter by
// letter (Cyrillic, Armenian, Georgian), with a few positional rules.
func translitAlphabet(run []rune, sc script, sn *scanner) {
	var b strings.Builder
	var nat strings.Builder
	ukrainian := sc == scriptCyrillic && sn.ukrainian
	flush := func() {
		if b.Len() > 0 {
			sn.emitText(b.String(), nat.String(), sc)
		}
		b.Reset()
		nat.Reset()
	}
	if sc == scriptCyrillic {
		// NFKD split й into и + breve and ё into е + diaeresis; put them back.
		run = []rune(norm.NFC.String(string(run)))
	}
	var prev rune // previous letter (lower case), 0 at word start
	for i, r := range run {
		if classify(r) == scriptMark {
			continue
		}
		lr := unicode.ToLower(r)
		var out string
		ok := false
		switch sc {
		case scriptCyrillic:
			out, ok = cyrillicTable[lr]
			if ukrainian {
				if u, uok := ukrainianTable[lr]; uok {
					out, ok = u, true
				}
			}
			if (lr == 'е' || lr == 'ё') && (prev == 0 || isCyrillicVowel(prev) || prev == 'ь' || prev == 'ъ') {
				out = "ye"
			}
		case scriptArmenian:
			out, ok = armenianTable[lr]
			if lr == 'ո' && i+1 < len(run) && unicode.ToLower(run[i+1]) == 'ւ' {
				out = "u"
			} else if lr == 'ւ' && prev == 'ո' {
				out = ""
			} else if lr == 'ե' && prev == 0 {
				out = "ye"
			} else if lr == 'ո' && prev == 0 {
				out = "vo"
			}
		case scriptGeorgian:
			out, ok = georgianTable[lr]
		}
		if !ok {
			flush()
			sn.emitRaw(lr)
			prev = 0
			continue
		}
		b.WriteString(out)
		nat.WriteRune(lr)
		prev = lr
	}
	flush()
}

func isCyrillicVowel(r rune) bool {
	switch r {
	case 'а', 'е', 'ё', 'и', 'о', 'у', 'ы', 'э', 'ю', 'я', 'і', 'ї', 'є':
		return true
	}
	return false
}
