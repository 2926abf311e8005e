package names

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Japanese readings of names written in kanji. Normalize reads Han
// characters as Chinese (田中 → "tian zhong"); a name in kanji may be
// Japanese, and Japanese names are romanized from their Japanese reading
// (Tanaka). JapaneseReading gives that reading when the name reads as a
// Japanese one: a family name from a table of common ones, then a given
// name from a table of common ones or, failing that, read kanji by kanji
// from the readings kanji most often take in given names. Subject
// preparation (Prepare) adds the reading as one more name of the subject,
// so that a name is compared in both readings and matches in either.

//go:embed japanese.txt
var japaneseData string

// japaneseTables holds japanese.txt.
type japaneseTables struct {
	family    map[string]string // family name → reading
	given     map[string]string // given name → reading
	head      map[rune]string   // kanji → reading at the head of a given name
	tail      map[rune]string   // kanji → reading after the head
	variant   map[rune]rune     // old or alternative form → the form the tables use
	maxFamily int               // longest family name, in characters
}

var japanese = sync.OnceValue(func() *japaneseTables {
	t, err := parseJapaneseTables(japaneseData)
	if err != nil {
		// The file is embedded: TestJapaneseTables keeps it valid.
		panic(err)
	}
	return t
})

// parseJapaneseTables reads the format of japanese.txt: sections
// [family], [given], [kanji] and [variants], one entry a line, # comments.
func parseJapaneseTables(data string) (*japaneseTables, error) {
	t := &japaneseTables{
		family:  map[string]string{},
		given:   map[string]string{},
		head:    map[rune]string{},
		tail:    map[rune]string{},
		variant: map[rune]rune{},
	}
	section := ""
	for i, line := range strings.Split(data, "\n") {
		ln := i + 1
		if k := strings.IndexByte(line, '#'); k >= 0 {
			line = line[:k]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) == 1 && strings.HasPrefix(f[0], "[") && strings.HasSuffix(f[0], "]") {
			section = f[0][1 : len(f[0])-1]
			switch section {
			case "family", "given", "kanji", "variants":
			default:
				return nil, fmt.Errorf("names: japanese.txt line %d: unknown section %q", ln, f[0])
			}
			continue
		}
		bad := func(format string, args ...any) error {
			return fmt.Errorf("names: japanese.txt line %d (%s): %s", ln, section, fmt.Sprintf(format, args...))
		}
		switch section {
		case "family", "given":
			if len(f) != 2 {
				return nil, bad("want kanji and reading, got %d fields", len(f))
			}
			if !allHan(f[0]) {
				return nil, bad("%q is not all kanji", f[0])
			}
			if !isReading(f[1]) {
				return nil, bad("reading %q is not lower-case a-z", f[1])
			}
			m := t.family
			if section == "given" {
				m = t.given
			}
			if r, ok := m[f[0]]; ok && r != f[1] {
				return nil, bad("%s read both %s and %s", f[0], r, f[1])
			}
			m[f[0]] = f[1]
			if section == "family" {
				t.maxFamily = max(t.maxFamily, utf8.RuneCountInString(f[0]))
			}
		case "kanji":
			if len(f) != 3 || utf8.RuneCountInString(f[0]) != 1 || !allHan(f[0]) {
				return nil, bad("want one kanji, its head reading and its tail reading")
			}
			r, _ := utf8.DecodeRuneInString(f[0])
			for k, m := range []map[rune]string{t.head, t.tail} {
				rd := f[1+k]
				if rd == "-" {
					continue
				}
				if !isReading(rd) {
					return nil, bad("reading %q is not lower-case a-z or -", rd)
				}
				if old, ok := m[r]; ok && old != rd {
					return nil, bad("%s read both %s and %s", f[0], old, rd)
				}
				m[r] = rd
			}
		case "variants":
			if len(f) != 2 || utf8.RuneCountInString(f[0]) != 1 || utf8.RuneCountInString(f[1]) != 1 {
				return nil, bad("want a kanji and the form it stands for")
			}
			a, _ := utf8.DecodeRuneInString(f[0])
			b, _ := utf8.DecodeRuneInString(f[1])
			t.variant[a] = b
		default:
			return nil, fmt.Errorf("names: japanese.txt line %d: entry before any section", ln)
		}
	}
	if len(t.family) == 0 || len(t.given) == 0 {
		return nil, fmt.Errorf("names: japanese.txt: no family or no given names")
	}
	return t, nil
}

func allHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

func isReading(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

// jaWord is one word of a Japanese reading: its Latin text, the letters
// it was read from and their script.
type jaWord struct {
	text   string
	native string
	script script
}

// JapaneseReading returns the Japanese reading of a name written in kanji
// (and kana), "family, given" when it finds both — "小泉純一郎" →
// "koizumi, junichiro", "井上 邦雄" → "inoue, kunio" — and ok = false when the
// name has no kanji, has letters of another script, or does not read as a
// Japanese name from the tables in japanese.txt (a family name is
// required, and every kanji must be read). Names in kana alone need no
// reading: Normalize romanizes kana.
func JapaneseReading(raw string) (string, bool) {
	ws, fam, ok := japaneseWords(raw)
	if !ok {
		return "", false
	}
	return joinReading(ws, fam), true
}

func joinReading(ws []jaWord, fam bool) string {
	var b strings.Builder
	for i, w := range ws {
		if i > 0 {
			if i == 1 && fam {
				b.WriteByte(',')
			}
			b.WriteByte(' ')
		}
		b.WriteString(w.text)
	}
	return b.String()
}

// mayHaveHan is a fast test that lets names without any CJK character
// (the Latin, Cyrillic, Arabic names that fill lists) out at once: Han
// and kana all encode with a lead byte from 0xE3 on.
func mayHaveHan(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0xE3 {
			return true
		}
	}
	return false
}

// japaneseWords reads raw as a Japanese name: its words, and whether the
// first is a family name from the table.
func japaneseWords(raw string) ([]jaWord, bool, bool) {
	if !mayHaveHan(raw) {
		return nil, false, false
	}
	segs, ok := japaneseSegments(norm.NFKC.String(raw))
	if !ok {
		return nil, false, false
	}
	t := japanese()
	var out []jaWord
	fam := false
	for i, s := range segs {
		if !s.han {
			text := Normalize(string(s.runes))
			if text == "" || strings.Contains(text, " ") {
				return nil, false, false
			}
			out = append(out, jaWord{text: text, native: string(s.runes), script: scriptKana})
			continue
		}
		rs := s.runes
		for k, r := range rs {
			if v, ok := t.variant[r]; ok {
				rs[k] = v
			}
		}
		if i == 0 {
			f, g, ok := t.split(rs, len(segs) > 1)
			if !ok {
				return nil, false, false
			}
			fam = true
			out = append(out, jaWord{text: t.family[string(f)], native: string(f), script: scriptHan})
			if len(g) > 0 {
				gr, _, _ := t.readGiven(g)
				out = append(out, jaWord{text: gr, native: string(g), script: scriptHan})
			}
			continue
		}
		gr, _, ok := t.readGiven(rs)
		if !ok {
			if fr, ok := t.family[string(rs)]; ok && i == len(segs)-1 && !fam {
				// given name (in kana) first, family name last
				out = append(out, jaWord{text: fr, native: string(rs), script: scriptHan})
				continue
			}
			return nil, false, false
		}
		out = append(out, jaWord{text: gr, native: string(rs), script: scriptHan})
	}
	return out, fam, true
}

// jaSegment is a run of kanji or of kana.
type jaSegment struct {
	runes []rune
	han   bool
}

// japaneseSegments splits a name at spaces, punctuation (the katakana
// middle dot among it) and changes between kanji and kana. It fails on letters of other scripts, on names
// with no kanji, and on more than four segments (a Japanese name has two,
// three with a middle name in kana).
func japaneseSegments(s string) ([]jaSegment, bool) {
	var segs []jaSegment
	var cur []rune
	curHan := false
	hasHan := false
	flush := func() {
		if len(cur) > 0 {
			segs = append(segs, jaSegment{runes: cur, han: curHan})
			cur = nil
		}
	}
	for _, r := range s {
		han := unicode.Is(unicode.Han, r) // includes 々
		kana := unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || r == 0x30FC
		switch {
		case han || kana:
			if len(cur) > 0 && han != curHan {
				flush()
			}
			curHan = han
			hasHan = hasHan || han
			cur = append(cur, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return nil, false
		case unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me) && len(cur) > 0:
			cur = append(cur, r) // a dakuten after kana
		default:
			flush()
		}
	}
	flush()
	if !hasHan || len(segs) > 4 {
		return nil, false
	}
	return segs, true
}

// split cuts a run of kanji into a family name from the table and a given
// name that reads (possibly empty). A family name followed by a given
// name from the table beats one followed by a given name read kanji by
// kanji, which beats a family name alone; between equals, the longer
// family name wins. When more words follow (alone), the run is preferably
// the family name alone.
func (t *japaneseTables) split(rs []rune, alone bool) ([]rune, []rune, bool) {
	bestQ, bestL := 0, 0
	for l := 1; l <= t.maxFamily && l <= len(rs); l++ {
		if _, ok := t.family[string(rs[:l])]; !ok {
			continue
		}
		q := 0
		if l == len(rs) {
			q = 1
			if alone {
				q = 4
			}
		} else if _, whole, ok := t.readGiven(rs[l:]); ok {
			q = 2
			if whole {
				q = 3
			}
		}
		if q > 0 && q >= bestQ {
			bestQ, bestL = q, l
		}
	}
	if bestQ == 0 {
		return nil, nil, false
	}
	return rs[:bestL], rs[bestL:], true
}

// readGiven reads a given name: whole from the table, or kanji by kanji
// (two or three) with each kanji's head or tail reading, 々 repeating the
// kanji before it.
func (t *japaneseTables) readGiven(rs []rune) (string, bool, bool) {
	if r, ok := t.given[string(rs)]; ok {
		return r, true, true
	}
	if len(rs) < 2 || len(rs) > 3 {
		return "", false, false
	}
	var b strings.Builder
	for i, r := range rs {
		if r == '々' && i > 0 {
			r = rs[i-1]
		}
		m := t.tail
		if i == 0 {
			m = t.head
		}
		rd, ok := m[r]
		if !ok {
			return "", false, false
		}
		b.WriteString(rd)
	}
	return b.String(), false, true
}

// japaneseName parses the Japanese reading of raw as a name of schema,
// its parts keeping the kanji they were read from: two names in kanji
// compare by their kanji (一郎 is not 一朗, though both read ichiro), a
// name in Latin letters or kana by the reading.
func japaneseName(raw, schema string) (Name, bool) {
	ws, fam, ok := japaneseWords(raw)
	if !ok {
		return Name{}, false
	}
	n := Parse(joinReading(ws, fam), schema)
	// The name stays the one the list wrote: explanations quote it, and a
	// Store finds its original by it.
	n.Original = raw
	k := 0
	for i := range n.Parts {
		p := &n.Parts[i]
		for j := k; j < len(ws); j++ {
			if ws[j].text == p.Text {
				p.native, p.script = ws[j].native, ws[j].script
				k = j + 1
				break
			}
		}
	}
	n.spans = buildSpans(n.Parts)
	return n, len(n.Parts) > 0
}

// withReadings adds to a subject's parsed names (out, parsed with schema;
// resolved as parseSubject computes it) the Japanese readings of those
// written in kanji, each with the weakness of the name it reads, and
// returns them with resolved updated. Names of organizations and objects
// are left alone: the tables hold names of people.
func withReadings(s Subject, schema string, out []named, resolved nameClass) ([]named, nameClass) {
	if cls := schemaClass(schema); cls == classOrg || cls == classObject {
		return out, resolved
	}
	add := func(x string, weak bool) {
		n, ok := japaneseName(x, schema)
		if !ok || n.class != classPerson {
			return
		}
		for _, o := range out {
			if o.n.Form == n.Form && sameParts(&o.n, &n) {
				return
			}
		}
		if len(out) > 0 && n.class != resolved {
			resolved = classUnknown
		}
		out = append(out, named{n, weak})
	}
	for _, x := range s.Names {
		add(x, false)
	}
	for _, x := range s.WeakNames {
		add(x, true)
	}
	return out, resolved
}
