package resolve

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"dossier/countries"
)

// titleWords are honorifics and ranks that may open a person's name, as
// folded words. titlePrefixes may stand before one of them in a longer
// title ("U.S. District Judge", "Assistant U.S. Attorney", "retired Gen.").
var (
	titleWords = toSet(
		"mr", "mrs", "ms", "mx", "dr", "prof", "gen", "lt", "col", "maj",
		"capt", "cpt", "sgt", "cpl", "adm", "cmdr", "brig", "gov", "sen",
		"rep", "pres", "amb", "rev", "hon", "insp", "det", "supt", "atty",
		"president", "judge", "justice", "minister", "ambassador", "senator",
		"general", "admiral", "colonel", "captain", "lieutenant", "sergeant",
		"major", "commander", "governor", "representative", "congressman",
		"congresswoman", "mayor", "attorney", "prosecutor", "magistrate",
		"sheriff", "chancellor", "premier", "king", "queen", "prince",
		"princess", "sheikh", "emir", "sultan", "pope", "cardinal", "bishop",
		"father", "sister", "manager", "coach", "secretary", "deputy",
		"inspector", "detective", "superintendent", "officer", "commissioner",
	)
	titlePrefixes = toSet(
		"us", "u", "district", "assistant", "deputy", "vice", "chief",
		"prime", "attorney", "general", "former", "retired", "acting",
		"interim", "federal", "state", "supreme", "court", "foreign",
		"defense", "defence", "interior", "finance", "lt", "lieutenant",
		"brig", "brigadier", "maj", "major", "rear", "vice", "senior",
		"high", "the", "late",
	)
	// nameSuffixes are ignored when names are compared.
	nameSuffixes = toSet("jr", "sr", "ii", "iii", "iv", "esq", "phd", "md")
	// nameParticles may stand in lower case inside a name.
	nameParticles = toSet("de", "del", "della", "di", "da", "dos", "das", "do",
		"du", "la", "le", "van", "von", "der", "den", "ter", "al", "el", "bin",
		"ibn", "y", "e", "st")
	// keepPeriod lists words whose final period belongs to them.
	keepPeriod = toSet("corp", "bros", "assn", "dept", "intl", "govt", "univ", "mfg")
)

func toSet(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// cleaned is a mention's span after trimming, with the parts of it that
// are not its name taken out.
type cleaned struct {
	start, end int      // the name's span, inside the mention's
	name       string   // display form: titles, nickname, possessive and "the" removed
	titles     []string // honorifics and ranks found inside or just before the span
	nick       string   // a quoted nickname inside the span
	possessor  string   // a leading possessor of an organization ("Spain's", "Treasury's")
}

// clean trims a mention's span [s, e) of text. The span it returns is
// never empty unless the input was all space or punctuation, in which
// case the original span is kept.
func clean(text string, s, e int, label string) cleaned {
	os, oe := s, e
	// One line only: a span across a line break keeps its first line.
	if i := strings.IndexByte(text[s:e], '\n'); i >= 0 {
		if strings.TrimSpace(text[s:s+i]) != "" {
			e = s + i
		} else {
			s = s + i + 1
		}
	}
	s, e = trimSpace(text, s, e)
	numeric := label == "MONEY" || label == "DATE" || label == "PERCENT"
	if !numeric {
		s, e = trimPunct(text, s, e)
		e = stripPossessive(text, s, e)
		s, e = trimPunct(text, s, e)
	}
	if s >= e {
		return cleaned{start: os, end: oe, name: strings.TrimSpace(text[os:oe])}
	}
	c := cleaned{start: s, end: e}
	if numeric {
		c.name = collapse(text[s:e])
		return c
	}
	switch label {
	case "PER":
		c.cleanPerson(text)
	default:
		c.cleanName(text)
	}
	if c.name == "" {
		c.start, c.end = s, e
		c.name = collapse(text[s:e])
	}
	return c
}

// cleanPerson strips titles and lower-case descriptors from the front of
// a person's span, takes out a quoted nickname and cuts it at a comma.
func (c *cleaned) cleanPerson(text string) {
	if i := strings.IndexByte(text[c.start:c.end], ','); i > 0 && !generational(text[c.start+i+1:c.end]) {
		c.end = c.start + i
		c.start, c.end = trimSpace(text, c.start, c.end)
	}
	// Leading titles and descriptors: "Gen.", "retired Gen.", "the late",
	// "U.S. District Judge". At least one word stays.
	var title []string
	for {
		w, next := firstWord(text, c.start, c.end)
		if next >= c.end {
			break
		}
		f := Fold(w)
		if titleWords[f] || titlePrefixes[f] || (isLowerStart(w) && !nameParticles[f]) {
			if f != "the" && f != "late" {
				title = append(title, w)
			}
			c.start = next
			continue
		}
		break
	}
	if len(title) > 0 && hasTitleWord(title) {
		c.titles = append(c.titles, strings.Join(title, " "))
	}
	if c.titles == nil {
		if t := titleBefore(text, c.start); t != "" {
			c.titles = append(c.titles, t)
		}
	}
	// Drop lower-case words at the end ("Cabello said").
	for {
		i := strings.LastIndexByte(text[c.start:c.end], ' ')
		if i < 0 {
			break
		}
		w := text[c.start+i+1 : c.end]
		if !isLowerStart(w) || nameParticles[Fold(w)] || particleJoined(w) {
			break
		}
		c.end = c.start + i
		c.start, c.end = trimSpace(text, c.start, c.end)
	}
	c.name, c.nick = splitNickname(text[c.start:c.end])
}

// generational reports whether what follows a comma in a person's span
// is only a generational suffix: "John Smith, Jr.", "Henry Ford, III".
func generational(s string) bool {
	switch strings.TrimSpace(s) {
	case "Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV":
		return true
	}
	return false
}

// particleJoined reports whether a word is a lower-case name particle
// joined by a hyphen to a capitalized name: "al-Assad", "bin-Laden",
// "el-Sisi".
func particleJoined(w string) bool {
	p, rest, ok := strings.Cut(w, "-")
	return ok && nameParticles[Fold(p)] && isUpperStart(rest)
}

// hasTitleWord reports whether a run of stripped words holds a title
// rather than only descriptors such as "former".
func hasTitleWord(ws []string) bool {
	for _, w := range ws {
		if titleWords[Fold(w)] {
			return true
		}
	}
	return false
}

// titleBefore returns the title written just before position s, outside
// the span: "Gen." in "Gen. Hugo Carvajal", "retired Gen.", "Attorney
// General", "U.S. District Judge". Only capitalized titles count, so
// "his lawyer" is not one.
func titleBefore(text string, s int) string {
	start, found := s, false
	for n := 0; n < 5; n++ {
		w, ws := wordBefore(text, start)
		if w == "" {
			break
		}
		f := Fold(w)
		switch {
		case titleWords[f] && isUpperStart(w):
			found = true
		case found && (f == "retired" || f == "former" || f == "acting" || f == "interim"):
		case titlePrefixes[f] && isUpperStart(w) && f != "the":
		default:
			n = 5
			continue
		}
		start = ws
	}
	if !found {
		return ""
	}
	// Leading words that are only prefixes stay only before a title word.
	t := collapse(text[start:s])
	ws := words(t)
	for len(ws) > 1 && !titleWords[Fold(ws[0])] && !isUpperStart(ws[0]) && Fold(ws[0]) != "retired" && Fold(ws[0]) != "former" {
		ws = ws[1:]
	}
	return strings.Join(ws, " ")
}

// wordBefore returns the word that ends right before position s (one
// space or none between), and where it starts.
func wordBefore(text string, s int) (string, int) {
	i := s
	if i > 0 && i <= len(text) && (text[i-1] == ' ') {
		i--
	} else {
		return "", s
	}
	j := i
	for j > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:j])
		if unicode.IsSpace(r) || r == ',' || r == '(' || r == ')' || r == ';' || isQuote(r) && r != '\'' && r != '’' {
			break
		}
		j -= size
	}
	if j == i {
		return "", s
	}
	return text[j:i], j
}

// firstWord returns the first word of text[s:e] and where the next one
// starts.
func firstWord(text string, s, e int) (string, int) {
	i := s
	for i < e && text[i] != ' ' {
		i++
	}
	w := text[s:i]
	for i < e && text[i] == ' ' {
		i++
	}
	return w, i
}

// splitNickname takes a quoted nickname out of a name:
// `Hugo "El Pollo" Carvajal` is "Hugo Carvajal" and "El Pollo".
func splitNickname(s string) (name, nick string) {
	for i, r := range s {
		if !isOpenQuote(r) {
			continue
		}
		if (r == '\'' || r == '‘') && i > 0 && s[i-1] != ' ' {
			continue // an apostrophe: O'Brien
		}
		open := i + utf8.RuneLen(r)
		for j, r2 := range s[open:] {
			if !isCloseQuote(r2) {
				continue
			}
			end := open + j + utf8.RuneLen(r2)
			if end < len(s) && s[end] != ' ' {
				continue
			}
			inner := strings.TrimSpace(s[open : open+j])
			if inner == "" || !isUpperStart(inner) {
				return collapse(s), ""
			}
			rest := collapse(s[:i] + " " + s[end:])
			if rest == "" {
				return inner, ""
			}
			return rest, inner
		}
		break
	}
	return collapse(s), ""
}

// cleanName drops a leading article and a leading possessor from a
// non-person name: "Spain's National Court" is "National Court" (of
// Spain), "the Treasury's Office of Foreign Assets Control" is "Office
// of Foreign Assets Control".
func (c *cleaned) cleanName(text string) {
	for {
		w, next := firstWord(text, c.start, c.end)
		if next >= c.end {
			break
		}
		// a lower-case article is outside the name; a capitalized one
		// the recognizer took in is the name's own ("The Times", "The
		// Hague"), as the annotation guide reads it
		if f := Fold(w); w == "the" || w == "a" || w == "an" || (f == "the" || f == "a" || f == "an") && sentenceStart(text, c.start) {
			c.start = next
			continue
		}
		break
	}
	raw := text[c.start:c.end]
	if i := possessiveIndex(raw); i > 0 {
		head := raw[:i]
		j := i + strings.IndexByte(raw[i:], ' ')
		rest := strings.TrimSpace(raw[j:])
		// only a country's possessive is outside the name ("Spain's
		// National Court"); "People's Bank of China", "Standard &
		// Poor's Financial Services" keep theirs
		if countries.ByName(Fold(head)) != "" && rest != "" {
			c.possessor = head
			c.start += len(raw) - len(rest)
		}
	}
	c.name = collapse(text[c.start:c.end])
}

// sentenceStart reports whether position i opens a sentence or a line:
// nothing but spaces, quotes or brackets since the start of the text, a
// line break or a sentence's closing punctuation.
func sentenceStart(text string, i int) bool {
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:i])
		switch {
		case r == '\n' || r == '.' || r == '!' || r == '?' || r == ':':
			return true
		case unicode.IsSpace(r) || isQuote(r) || r == '(' || r == '[' || r == '—' || r == '–' || r == '-':
			i -= size
		default:
			return false
		}
	}
	return true
}

// possessiveIndex returns the index of the first "'s " in s, or -1.
func possessiveIndex(s string) int {
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "'s "):
			return i
		case strings.HasPrefix(s[i:], "’s "):
			return i
		}
	}
	return -1
}

// stripPossessive removes a trailing 's or ' from text[s:e].
func stripPossessive(text string, s, e int) int {
	t := text[s:e]
	for _, suf := range []string{"'s", "’s", "'S", "’S"} {
		if strings.HasSuffix(t, suf) && len(t) > len(suf) {
			return e - len(suf)
		}
	}
	if (strings.HasSuffix(t, "s'") || strings.HasSuffix(t, "s’")) && len(t) > 3 {
		if strings.HasSuffix(t, "'") {
			return e - 1
		}
		return e - len("’")
	}
	return e
}

func trimSpace(text string, s, e int) (int, int) {
	for s < e {
		r, size := utf8.DecodeRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		s += size
	}
	for e > s {
		r, size := utf8.DecodeLastRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		e -= size
	}
	return s, e
}

// trimPunct removes punctuation at either end of text[s:e] that cannot
// belong to a name: commas, colons, unbalanced quotes and brackets, and
// a sentence period after a long word.
func trimPunct(text string, s, e int) (int, int) {
	for s < e {
		r, size := utf8.DecodeRuneInString(text[s:e])
		if r == ',' || r == ';' || r == ':' || r == '(' || r == '[' || isQuote(r) || r == '—' || r == '–' || r == '-' || unicode.IsSpace(r) {
			if (r == '"' || r == '“' || r == '«') && hasCloser(text[s+size:e]) {
				break
			}
			if (r == '\'' || r == '‘') && hasSingleCloser(text[s+size:e]) {
				break // `'El Chapo' Guzman`: the nickname's quotes are inside the name
			}
			s += size
			continue
		}
		break
	}
	for e > s {
		r, size := utf8.DecodeLastRuneInString(text[s:e])
		switch {
		case r == ',' || r == ';' || r == ':' || r == '—' || r == '–' || unicode.IsSpace(r) || r == '!' || r == '?':
		case r == ')' || r == ']':
			if strings.ContainsAny(text[s:e-size], "([") {
				return s, e
			}
		case isQuote(r):
			if r == '’' || r == '\'' {
				// keep a closing single quote only if one opened
				if strings.ContainsAny(text[s:e-size], "'‘") {
					return s, e
				}
			} else if strings.ContainsAny(text[s:e-size], "\"“«") && countQuotes(text[s:e]) == 2 {
				return s, e
			}
		case r == '.':
			i := strings.LastIndexByte(text[s:e-1], ' ')
			w := text[s+i+1 : e-1]
			if strings.Contains(w, ".") || len(w) <= 3 || keepPeriod[strings.ToLower(w)] {
				return s, e
			}
		default:
			return s, e
		}
		e -= size
	}
	return s, e
}

func hasCloser(s string) bool {
	return strings.ContainsAny(s, "\"”»")
}

// hasSingleCloser reports whether s holds a closing single quote that
// ends a word before a space: the end of a quoted nickname (`El Chapo'
// Guzman`), not an apostrophe inside a word (O'Brien, Guzman's).
func hasSingleCloser(s string) bool {
	for i, r := range s {
		if r != '\'' && r != '’' {
			continue
		}
		end := i + utf8.RuneLen(r)
		if i > 0 && end < len(s) && s[end] == ' ' && s[i-1] != ' ' {
			return true
		}
	}
	return false
}

func countQuotes(s string) int {
	n := 0
	for _, r := range s {
		if r == '"' || r == '“' || r == '”' || r == '«' || r == '»' {
			n++
		}
	}
	return n
}

// collapse trims s and makes each run of white space one space.
func collapse(s string) string {
	s = strings.TrimSpace(s)
	if !strings.ContainsAny(s, "\t\n\r\u00a0  ") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}
