package names

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Kind is the role of a name part.
type Kind uint8

// Kinds of name parts.
const (
	KindUnknown    Kind = iota // a name word whose role is not known
	KindGiven                  // given name (known from "Family, Given" order)
	KindFamily                 // family name (from "Family, Given" order or an all-caps word)
	KindPatronymic             // father's name: after bin/ibn/ben, -ovna words, -ovich words after a given name
	KindParticle               // de, van, al, bin, …
	KindInitial                // a single letter
	KindLegal                  // legal form of an organization: LLC, GmbH, ООО, …
	KindGeneric                // generic organization word: bank, group, trading, …
	KindLocation               // country or region word inside an organization name
	KindStop                   // function word inside an organization name: of, the, and
	KindNumber                 // a number (digits, number words, Roman numerals in organization names)
	KindMiddle                 // a given name after the first ("Family, Given Middle"): optional, like a patronymic
)

var kindNames = [...]string{"unknown", "given", "family", "patronymic", "particle", "initial", "legal", "generic", "location", "stop", "number", "middle"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Part is one word (or legal-form phrase) of a parsed name.
type Part struct {
	// The fields partSim reads first come first, in one cache line.
	Text    string // normalized Latin text
	Kind    Kind
	script  script
	acronym bool    // written as a dotted initialism: compared exactly
	roman   bool    // number written as a Roman numeral
	rwGen   uint32  // see rw
	canon   string  // canonical spelling for edit distance
	mask    uint64  // letterMask(canon)
	variant int     // spelling-variant group, -1 if none
	rw      float64 // weight with rarity, for the Weights of generation rwGen

	native   string // original-script letters, for same-script comparisons
	nicks    []uint16
	Phonetic string  // phonetic key (see Phonetic)
	skel     string  // consonant skeleton for abjad comparisons
	legal    string  // legal-form class
	num      int     // value of a KindNumber part
	weight   float64 // weight by kind, before rarity
}

// Name is a parsed name.
type Name struct {
	Original string
	Schema   string
	Parts    []Part
	Form     string // normalized, space-joined part texts

	class      nameClass
	spans      []span
	patronymic bool // has a patronymic part
}

// maxParts bounds the parts of a name the scorer aligns, maxTokens the
// words Parse reads: longer inputs are not names, and are cut.
const (
	maxParts  = 64
	maxTokens = 4 * maxParts
)

type nameClass uint8

const (
	classUnknown nameClass = iota
	classPerson
	classOrg
	classObject // vessels, aircraft
)

func schemaClass(schema string) nameClass {
	switch schema {
	case "Person":
		return classPerson
	case "Organization", "Company", "PublicBody":
		return classOrg
	case "Vessel", "Aircraft", "Airplane":
		return classObject
	}
	return classUnknown // "", "LegalEntity", anything else
}

// rawWord is a word of the input before normalization.
type rawWord struct {
	text    string
	allCaps bool // at least two letters, all upper case
	hasCase bool // has cased letters
	family  bool // before the comma of "Family, Given"
	given   bool // after the comma
	dotted  bool // written as a dotted initialism (J.P., S.A.R.L.)
	title   bool // a dotted title (H.E.)
	runes   int  // length in runes
}

// dottedTitles are titles written as dotted initials.
var dottedTitles = set(`he hh hrh hm`)

// personSuffixes may follow a comma without making it "Family, Given".
var personSuffixes = set(`jr sr junior senior ii iii iv md phd esq dds`)

// strongLegal are the legal forms that make a name of unknown schema an
// organization's ("Nicolás Maduro LLC"). In a person's name no word is a
// legal form: Pao, Sá and Inc are names there.
var strongLegal = set(`llc ltd inc gmbh corp plc jsc ojsc cjsc pjsc ooo oao zao pao limited
incorporated corporation sarl srl bv nv lp llp`)

// Parse splits a name into typed parts. schema is an FtM schema name
// ("Person", "Organization", "Company", "LegalEntity", "PublicBody",
// "Vessel", …) or "" when unknown; it decides which rules apply: person
// names drop titles, read "FAMILY, Given" and all-caps family names,
// mark particles, patronymics and initials; organization names recognize
// legal forms, generic and location words, stopwords and numbers. For ""
// and "LegalEntity" the organization rules apply when a strong legal form
// or a generic organization word is present, else the person rules.
func Parse(raw, schema string) Name {
	n := Name{Original: raw, Schema: schema, class: schemaClass(schema)}
	// Compatibility forms first (fullwidth letters, ⒆, ligatures), so that
	// word splitting sees what Normalize will.
	raw = norm.NFKC.String(raw)
	words := splitRaw(raw, n.class)
	cls := n.class
	if cls == classUnknown {
		cls = classPerson
		if looksLikeOrg(words) {
			cls = classOrg
			words = splitRaw(raw, classOrg)
		}
	}
	toks := make([]ptoken, 0, len(words)+2)
	for _, w := range words {
		for _, t := range normTokens(w.text) {
			toks = append(toks, ptoken{token: t, raw: w})
		}
		if len(toks) > maxTokens {
			toks = toks[:maxTokens]
			break
		}
	}
	switch cls {
	case classOrg, classObject:
		n.Parts = orgParts(toks, cls)
	default:
		n.Parts = personParts(toks)
	}
	if len(n.Parts) == 0 && len(toks) > 0 {
		// Everything was a title or prefix: keep the words as they are.
		for _, t := range toks {
			n.Parts = append(n.Parts, newPart(t.token, KindUnknown))
		}
	}
	if len(n.Parts) > maxParts {
		n.Parts = n.Parts[:maxParts]
	}
	n.class = cls
	n.spans = buildSpans(n.Parts)
	for i := range n.Parts {
		if n.Parts[i].Kind == KindPatronymic {
			n.patronymic = true
		}
	}
	texts := make([]string, len(n.Parts))
	for i := range n.Parts {
		texts[i] = n.Parts[i].Text
	}
	n.Form = strings.Join(texts, " ")
	return n
}

type ptoken struct {
	token
	raw rawWord
}

// looksLikeOrg decides the class of a name of unknown schema: a legal
// form (a strong one alone, or any phrase of two words or more) or a
// generic organization word makes it an organization.
func looksLikeOrg(words []rawWord) bool {
	var texts []string
	for _, w := range words {
		t := Normalize(w.text)
		if strongLegal[t] || genericOrgWords[t] || (w.dotted && legalForms[t] != "") {
			return true
		}
		texts = append(texts, strings.Fields(t)...)
	}
	for i := range texts {
		if n, _ := matchLegal(texts[i:]); n >= 2 {
			return true
		}
	}
	return false
}

// splitRaw cuts the raw input into words: on spaces and punctuation, at
// lower-to-upper case changes (VladimirPutin), reading dotted initialisms
// (S.A.R.L., J.P.) as one word in organization names and as initials in
// person names, and reading "FAMILY, Given" in person names.
func splitRaw(raw string, cls nameClass) []rawWord {
	var segs []string
	familyFirst := false
	if cls == classPerson || cls == classUnknown {
		if i := strings.IndexByte(raw, ','); i > 0 && strings.Count(raw, ",") == 1 {
			before, after := strings.TrimSpace(raw[:i]), strings.TrimSpace(raw[i+1:])
			if before != "" && after != "" && !personSuffixes[Normalize(after)] {
				segs = []string{before, after}
				familyFirst = true
			}
		}
	}
	if segs == nil {
		segs = []string{raw}
	}
	var out []rawWord
	for si, seg := range segs {
		for _, chunk := range strings.FieldsFunc(seg, isWordBreak) {
			for _, w := range splitChunk(chunk, cls) {
				if familyFirst {
					w.family = si == 0
					w.given = si == 1
				}
				out = append(out, w)
			}
		}
	}
	return out
}

// isWordBreak reports the runes that always separate words. Dots are
// handled by splitChunk, apostrophes vanish in Normalize.
func isWordBreak(r rune) bool {
	if r == '.' || isDropped(r) {
		return false
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
		return false
	}
	return true
}

func splitChunk(chunk string, cls nameClass) []rawWord {
	// Dotted initialism: single letters each followed by a dot (J.P.,
	// S.A.R.L., o.O.O., H.E.), the last dot optional.
	if strings.Contains(chunk, ".") {
		pieces := strings.Split(chunk, ".")
		single := 0
		nonEmpty := 0
		for _, p := range pieces {
			if p == "" {
				continue
			}
			nonEmpty++
			if len([]rune(p)) == 1 && unicode.IsLetter([]rune(p)[0]) {
				single++
			}
		}
		if nonEmpty >= 2 && single == nonEmpty {
			joined := strings.Join(pieces, "")
			if cls == classOrg || cls == classObject {
				return []rawWord{mkRaw(joined, true)}
			}
			if nj := Normalize(joined); personTitles[nj] || dottedTitles[nj] {
				w := mkRaw(joined, true)
				w.title = true
				return []rawWord{w}
			}
			if cls == classUnknown && legalForms[Normalize(joined)] != "" {
				return []rawWord{mkRaw(joined, true)}
			}
			var out []rawWord
			for _, p := range pieces {
				if p != "" {
					out = append(out, mkRaw(p, true))
				}
			}
			return out
		}
		var out []rawWord
		for _, p := range pieces {
			if p != "" {
				out = append(out, splitCamel(p)...)
			}
		}
		return out
	}
	return splitCamel(chunk)
}

// splitCamel cuts a word at lower-to-upper case changes of Latin letters:
// "VladimirPutin", "SiemensAG". All-caps and all-lower words are kept.
func splitCamel(w string) []rawWord {
	rs := []rune(w)
	var out []rawWord
	start := 0
	for i := 1; i < len(rs); i++ {
		if unicode.IsUpper(rs[i]) && unicode.IsLower(rs[i-1]) &&
			unicode.Is(unicode.Latin, rs[i]) && unicode.Is(unicode.Latin, rs[i-1]) &&
			i-start >= 2 && len(rs)-i >= 2 {
			out = append(out, mkRaw(string(rs[start:i]), false))
			start = i
		}
	}
	out = append(out, mkRaw(string(rs[start:]), false))
	return out
}

func mkRaw(s string, dotted bool) rawWord {
	w := rawWord{text: s, dotted: dotted}
	upper, lower := 0, 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			upper++
		} else if unicode.IsLower(r) {
			lower++
		}
	}
	w.runes = utf8.RuneCountInString(s)
	w.hasCase = upper+lower > 0
	w.allCaps = upper >= 2 && lower == 0
	return w
}

// kindWeight is the weight of a part by kind, before rarity.
func kindWeight(k Kind, cls nameClass) float64 {
	switch k {
	case KindFamily:
		return weightFamily
	case KindPatronymic:
		return weightPatronymic
	case KindParticle:
		return weightParticle
	case KindInitial:
		return weightInitial
	case KindLegal:
		return weightLegal
	case KindGeneric:
		return weightGeneric
	case KindLocation:
		return weightLocation
	case KindStop:
		return weightStop
	case KindNumber:
		if cls == classPerson {
			return 0.5
		}
		return 1.0
	}
	return 1.0
}

func newPart(t token, k Kind) Part {
	p := Part{Text: t.text, Kind: k, native: t.native, script: t.script, variant: -1, num: -1}
	p.weight = kindWeight(k, classUnknown)
	p.fill()
	return p
}

// fill computes the derived keys of a part from its Text.
func (p *Part) fill() {
	p.canon = canon(strings.ReplaceAll(p.Text, " ", ""))
	p.Phonetic = phoneticKey(p.canon)
	p.skel = skeleton(p.canon)
	p.mask = letterMask(p.canon)
	if g, ok := variantIndex[p.Text]; ok {
		p.variant = g
	} else {
		p.variant = -1
	}
	p.nicks = nickLines()[p.Text]
}

func (p *Part) setKind(k Kind, cls nameClass) {
	p.Kind = k
	p.weight = kindWeight(k, cls)
}

// leetFold reads digits inside words as the letters they resemble
// ("Ig0r Sech1n").
func leetFold(s string) string {
	letters, digits := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			digits++
		} else if c >= 'a' && c <= 'z' {
			letters++
		}
	}
	if digits == 0 || letters == 0 || digits > letters {
		return s
	}
	r := strings.NewReplacer("0", "o", "1", "i", "3", "e", "4", "a", "5", "s", "7", "t", "8", "b")
	return r.Replace(s)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// abdulPrefixes are the fused spellings of "servant of" (abd + article).
var abdulPrefixes = []string{"abdoul", "abdul", "abdel", "abdal", "abdol", "abdur", "abdus", "abduz", "abdush"}

func personParts(toks []ptoken) []Part {
	kept := dropTitles(toks)
	// Mixed-case names with all-caps words: those are family names.
	mixed, caps := false, false
	for _, t := range kept {
		if t.raw.hasCase && !t.raw.allCaps && t.raw.runes > 1 {
			mixed = true
		}
		if t.raw.allCaps {
			caps = true
		}
	}
	capsFamily := mixed && caps
	var parts []Part
	var given []bool // parts[i] is on the given side of "Family, Given"
	seenGiven := false
	for i := 0; i < len(kept); i++ {
		t := kept[i]
		t.text = leetFold(t.text)
		// Split fused abdul- names: abdulaziz → abdul aziz.
		if t.script == scriptLatin {
			if pre, rest, ok := splitAbdul(t.text); ok {
				k := KindUnknown
				if t.raw.given {
					k = KindGiven
					if seenGiven {
						k = KindMiddle
					}
					seenGiven = true
				}
				p := newPart(token{text: pre, script: t.script}, k)
				p.setKind(k, classPerson)
				parts = append(parts, p)
				given = append(given, t.raw.given)
				t.text = rest
			}
		}
		p := newPart(t.token, KindUnknown)
		k := KindUnknown
		switch {
		case isDigits(p.Text):
			k = KindNumber
			p.num = atoi(p.Text)
		case len([]rune(p.Text)) == 1 && p.script == scriptLatin:
			k = KindInitial
		case particles[p.Text] && !p.script.syllabic() && len(kept) > 1 && isParticleAt(kept, i):
			k = KindParticle
		case t.raw.family || (capsFamily && t.raw.allCaps):
			k = KindFamily
		case t.raw.given && seenGiven:
			k = KindMiddle
		case t.raw.given:
			k = KindGiven
			seenGiven = true
		}
		p.setKind(k, classPerson)
		parts = append(parts, p)
		given = append(given, t.raw.given)
	}
	// "abd al aziz": the article after abd belongs to it.
	for i := 0; i+2 < len(parts); i++ {
		if parts[i].variant >= 0 && variantGroups[parts[i].variant][0] == "abdul" &&
			parts[i+1].Kind == KindParticle && (parts[i+1].Text == "al" || parts[i+1].Text == "el" || parts[i+1].Text == "ul" || len(parts[i+1].Text) == 2 && parts[i+1].Text[0] == 'a') {
			parts = append(parts[:i+1], parts[i+2:]...)
			given = append(given[:i+1], given[i+2:]...)
		}
	}
	markPatronymics(parts, given)
	return parts
}

// dropTitles removes honorifics, ranks and religious titles: the run of
// them that opens the name, or in "Family, Given" the given side, and
// suffixes such as Jr anywhere. The family side of "Family, Given" keeps
// its words, and so does the last word of a name written without a
// comma, so a surname that is also a title stays a name ("Mike Bishop",
// "KING, Martin"); a name made only of titles is kept whole.
func dropTitles(toks []ptoken) []ptoken {
	kept := toks[:0:0]
	leading := true
	for i, t := range toks {
		if i > 0 && t.raw.given && !toks[i-1].raw.given {
			leading = true // the given side of "Family, Given" opens
		}
		title := personTitles[t.text] || t.raw.title
		drop := personSuffixes[t.text]
		switch {
		case t.raw.family:
		case t.raw.given:
			drop = drop || leading
		default:
			drop = drop || leading && i < len(toks)-1
		}
		if title && drop {
			continue
		}
		if !title {
			leading = false
		}
		kept = append(kept, t)
	}
	if len(kept) == 0 {
		return toks
	}
	return kept
}

// markPatronymics marks the father's names of a person name (given[i]
// tells that part i is on the given side of "Family, Given"):
//   - the word after bin, ibn, ben, bint, ould, …;
//   - words in -ovna, -evna, -ivna (Slavic female patronymics) and the
//     Turkic oglu, kyzy, uly;
//   - words in -vich, -vych, -ich (Slavic male patronymics, but just as
//     often family names: Yanukovych, Abramovich) only where they follow
//     a given name: after the first given name of "Family, Given Patronymic",
//     or as the middle word of "Given Patronymic Family". Elsewhere they
//     are family names, and "Viktor Yanukovych" keeps its surname.
func markPatronymics(parts []Part, given []bool) {
	var sub []int // the substantive parts
	for i := range parts {
		if parts[i].Kind != KindParticle && parts[i].Kind != KindInitial {
			sub = append(sub, i)
		}
	}
	comma := false
	for _, g := range given {
		comma = comma || g
	}
	for si, i := range sub {
		p := &parts[i]
		if p.Kind != KindUnknown && p.Kind != KindGiven && p.Kind != KindMiddle || len(p.Text) < 6 || len(parts) < 2 {
			continue
		}
		switch {
		case hasAnySuffix(p.Text, patronymicSuffixes):
			p.setKind(KindPatronymic, classPerson)
		case hasAnySuffix(p.Text, slavicMaleSuffixes) && si > 0 && !hasAnySuffix(parts[sub[si-1]].Text, slavicMaleSuffixes):
			prev := parts[sub[si-1]].Kind
			if comma && given[i] && (prev == KindGiven || prev == KindMiddle) ||
				!comma && len(sub) >= 3 && si < len(sub)-1 {
				p.setKind(KindPatronymic, classPerson)
			}
		}
	}
	for i := range parts {
		p := &parts[i]
		if p.Kind != KindParticle || !patronymicMarkers[p.Text] {
			continue
		}
		for j := i + 1; j < len(parts); j++ {
			q := &parts[j]
			if q.Kind == KindParticle {
				continue
			}
			if q.Kind == KindUnknown || q.Kind == KindGiven || q.Kind == KindMiddle || q.Kind == KindFamily {
				q.setKind(KindPatronymic, classPerson)
			}
			break
		}
	}
}

func hasAnySuffix(s string, sufs []string) bool {
	for _, suf := range sufs {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}

// isParticleAt decides whether a particle word at position i really is
// one: not the last word (bin at the end is dangling, but still weak), and
// "ben"/"van"/"bar" at the start of a name are given names.
func isParticleAt(toks []ptoken, i int) bool {
	w := toks[i].text
	if i == 0 {
		switch w {
		case "ben", "van", "bar", "abu", "y", "la", "le", "lo", "as", "an", "at", "ap", "af", "av":
			return false
		}
	}
	if i == len(toks)-1 {
		switch w {
		case "bin", "ibn", "al", "el", "de", "da", "van", "von":
			return true
		}
		return false
	}
	return true
}

func splitAbdul(s string) (string, string, bool) {
	if _, ok := variantIndex[s]; ok {
		return "", "", false
	}
	for _, pre := range abdulPrefixes {
		if strings.HasPrefix(s, pre) && len(s)-len(pre) >= 3 {
			rest := s[len(pre):]
			switch rest {
			case "lah", "llah", "allah", "la", "lla":
				return "", "", false
			}
			return "abdul", rest, true
		}
	}
	return "", "", false
}

func atoi(s string) int {
	v := 0
	for i := 0; i < len(s) && i < 9; i++ {
		v = v*10 + int(s[i]-'0')
	}
	return v
}

func orgParts(toks []ptoken, cls nameClass) []Part {
	texts := make([]string, len(toks))
	for i, t := range toks {
		texts[i] = t.text
	}
	var parts []Part
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		// Vessel type prefixes (MV, MT) at the start.
		if cls == classObject && len(parts) == 0 && vesselPrefixes[t.text] && len(toks) > 1 {
			continue
		}
		// Longest legal-form phrase starting here.
		if n, class := matchLegal(texts[i:]); n > 0 {
			p := newPart(token{text: strings.Join(texts[i:i+n], " "), script: scriptLatin}, KindLegal)
			p.legal = class
			p.setKind(KindLegal, cls)
			parts = append(parts, p)
			i += n - 1
			continue
		}
		// Numbers: digits, number words ("forty four", "forty 4").
		if v, n := matchNumber(texts[i:]); n > 0 {
			p := newPart(token{text: strconv.Itoa(v), script: scriptLatin}, KindNumber)
			p.num = v
			p.setKind(KindNumber, cls)
			parts = append(parts, p)
			i += n - 1
			continue
		}
		text := t.text
		if exp, ok := orgAbbreviations[text]; ok {
			text = exp
		}
		p := newPart(token{text: text, native: t.native, script: t.script}, KindUnknown)
		p.acronym = t.raw.dotted
		k := KindUnknown
		switch {
		case orgStopwords[text] && len(toks) > 1 && (i > 0 || orgArticles[text]):
			// A function word that opens a name is a name word ("DES
			// International", "De Beers"), unless it is an article.
			k = KindStop
		case genericOrgWords[text]:
			k = KindGeneric
		case locationWords[text]:
			k = KindLocation
		case i > 0 && romanNumerals[text] > 0 && cls != classObject:
			k = KindNumber
			p.num = romanNumerals[text]
			p.roman = true
		}
		p.setKind(k, cls)
		parts = append(parts, p)
	}
	// A name made only of weak words: those words are the name.
	strong := false
	for _, p := range parts {
		if p.Kind == KindUnknown || p.Kind == KindNumber {
			strong = true
		}
	}
	if !strong {
		for i := range parts {
			if parts[i].Kind == KindGeneric || parts[i].Kind == KindLocation {
				parts[i].setKind(KindUnknown, cls)
			}
		}
	}
	return parts
}

// matchLegal returns the length in words of the longest legal-form phrase
// at the start of ws, and its class.
func matchLegal(ws []string) (int, string) {
	max := maxLegalWords
	if len(ws) < max {
		max = len(ws)
	}
	for n := max; n >= 1; n-- {
		if c, ok := legalForms[strings.Join(ws[:n], " ")]; ok {
			return n, c
		}
	}
	return 0, ""
}

// matchNumber reads a number at the start of ws: digits, or number words
// possibly mixed with digits ("forty four", "forty 4", "one hundred").
func matchNumber(ws []string) (int, int) {
	if len(ws) == 0 {
		return 0, 0
	}
	if isDigits(ws[0]) {
		return atoi(ws[0]), 1
	}
	total, cur, n := 0, 0, 0
	for n < len(ws) {
		w := ws[n]
		v, ok := numberWords[w]
		if !ok && n > 0 && isDigits(w) && len(w) == 1 && cur%10 == 0 && cur >= 20 {
			v, ok = atoi(w), true
		}
		if !ok {
			break
		}
		switch {
		case v == 100 || v == 1000:
			if cur == 0 {
				cur = 1
			}
			cur *= v
			if v == 1000 {
				total += cur
				cur = 0
			}
		default:
			cur += v
		}
		n++
	}
	if n == 0 {
		return 0, 0
	}
	return total + cur, n
}
