package coref

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kinds of mention.
const (
	kName    uint8 = iota // a proper name, with what comes with it: "U.S. President Donald Trump's"
	kPron                 // a pronoun: he, its, they, this, who
	kNominal              // a description: "the veteran officer", "the bank"
	numKinds
)

var kindNames = [numKinds]string{"name", "pronoun", "nominal"}

// Numbers.
const (
	nNone uint8 = iota
	nSing
	nPlur
)

// pronounInfo is what a pronoun tells of its referent.
type pronounInfo struct {
	gender, number, person uint8
	human                  bool
}

var pronouns = func() map[string]pronounInfo {
	out := map[string]pronounInfo{}
	add := func(forms string, p pronounInfo) {
		for _, f := range strings.Fields(forms) {
			out[f] = p
		}
	}
	add("he him his himself", pronounInfo{gMale, nSing, 3, true})
	add("she her hers herself", pronounInfo{gFemale, nSing, 3, true})
	add("it its itself", pronounInfo{gNeuter, nSing, 3, false})
	add("they them their theirs themselves themself em", pronounInfo{gNone, nPlur, 3, false})
	add("i me my mine myself", pronounInfo{gNone, nSing, 1, true})
	add("we us our ours ourselves", pronounInfo{gNone, nPlur, 1, true})
	add("you your yours yourself yourselves", pronounInfo{gNone, nNone, 2, true})
	add("this that", pronounInfo{gNeuter, nSing, 3, false})
	add("these those", pronounInfo{gNone, nPlur, 3, false})
	add("who whom whose", pronounInfo{gNone, nNone, 3, true})
	add("which", pronounInfo{gNeuter, nNone, 3, false})
	return out
}()

// pronounGender returns the gender a pronoun gives, gNone if it gives
// none or is not a pronoun.
func pronounGender(low string) uint8 { return pronouns[low].gender }

// mention is a mention as the model sees it.
type mention struct {
	Span       // tokens
	head   int // token
	sent   int // sentence of the head
	kind   uint8
	typ    uint8
	gender uint8
	number uint8
	person uint8 // 1, 2 or 3 for pronouns
	pron   string
	quote  bool // its head is inside quotation marks
	def    bool // opens with the, this, that, these, those or a possessive
	indef  bool // opens with a, an, some, another, any
	poss   bool // ends with 's or is a possessive pronoun
	coord  bool // holds "and" between nouns
	clause bool // holds a finite verb: a clause or a noun phrase with a relative clause
	subj   bool // a verb follows it (maybe after an adverb): likely a subject

	headLow string
	words   []string // lowercased words without determiners, possessives and punctuation
	key     string   // words joined by spaces
	first   string   // lowercased first and last word of a name's capitalized run
	last    string
	acro    string // initials of a name of two or more capitalized words
	self    string // its head as an acronym ("F.B.I." → "FBI"), if it looks like one
	hHead   uint64
	hKey    uint64
	hPron   uint64
	hLast   uint64
	hWord0  uint64 // the first token, lowercased
}

var possessivePronouns = map[string]bool{"his": true, "her": true, "its": true, "their": true, "my": true, "our": true, "your": true, "whose": true}

var determiners = map[string]bool{"the": true, "this": true, "that": true, "these": true, "those": true, "a": true, "an": true,
	"some": true, "another": true, "any": true, "every": true, "each": true, "all": true, "both": true, "no": true}

// honorifics are the titles written before a person's name, which are
// not first names.
var honorifics = func() map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(`mr mrs ms miss mx dr prof professor sir dame lord lady madam
		president vice prime minister secretary senator sen rep representative governor gov mayor
		judge justice chancellor ambassador king queen prince princess pope saint st
		general gen colonel col major maj captain capt lieutenant lt sergeant sgt admiral adm
		commander cmdr chief officer coach director chairman chairwoman deputy rev reverend father
		sister brother bishop archbishop cardinal rabbi imam sheikh emir sultan`) {
		out[w] = true
	}
	return out
}()

var nameJoiners = map[string]bool{"of": true, "the": true, "and": true, "for": true, "&": true, "de": true, "-": true, "on": true}

// findHead returns the head of a span of tokens without a parse: the
// last word before the first thing that ends a noun phrase's
// pre-modifiers (a preposition, a relative word, a comma or bracket, a
// participle or conjunction after a noun), skipping a possessive 's and
// punctuation.
func findHead(toks []tok, s Span) int {
	end := s.End
	for k := s.Start + 1; k < s.End; k++ {
		t := toks[k]
		prevNoun := nounLike(toks[k-1].class)
		stop := false
		switch {
		case t.class == cPrep, t.low == "who", t.low == "which", t.low == "whose", t.low == "whom":
			stop = true
		case t.class == cPunct && t.form != "-" && t.form != "&" && t.form != "." && t.form != "'":
			stop = true
		case (t.class == cPart || t.class == cVerb || t.class == cConj || t.class == cAdj) && prevNoun:
			stop = true
		case t.low == "that" && prevNoun:
			stop = true
		}
		if stop {
			end = k
			break
		}
	}
	h := end - 1
	for h > s.Start && (toks[h].class == cPoss || toks[h].class == cPunct) {
		h--
	}
	return h
}

// describe fills a mention's attributes from its span; typ is the
// typer's type for it (used for names and descriptions).
func describe(t *text, lx *lexicon, s Span, head int, typ uint8) mention {
	toks := t.toks
	if head < 0 {
		head = findHead(toks, s)
	}
	h := toks[head]
	m := mention{Span: s, head: head, sent: h.sent, headLow: h.low, quote: h.quote}
	first := toks[s.Start]
	m.hWord0 = hashLow(first.low)
	m.def = first.low == "the" || first.low == "this" || first.low == "that" || first.low == "these" || first.low == "those" || possessivePronouns[first.low] && s.End-s.Start > 1
	m.indef = first.low == "a" || first.low == "an" || first.low == "some" || first.low == "another" || first.low == "any"
	last := toks[s.End-1]
	m.poss = last.class == cPoss || s.End-s.Start == 1 && possessivePronouns[first.low]
	p, isPron := pronouns[first.low]
	switch {
	case s.End-s.Start == 1 && (isPron || first.class == cPron || first.class == cDet):
		m.kind = kPron
		m.pron = first.low
		m.gender, m.number, m.person = p.gender, p.number, p.person
		if p.human && m.person != 0 {
			m.typ = tPER
		}
		m.hPron = hashLow(m.pron)
	case h.class == cProp || h.class == cProps || h.ner != tNone:
		m.kind = kName
	default:
		m.kind = kNominal
	}
	for k := s.Start; k < s.End; k++ {
		if toks[k].class == cVerb {
			m.clause = true
		}
	}
	if e := s.End; e < len(toks) && toks[e].sent == m.sent {
		if toks[e].class == cAdv && e+1 < len(toks) {
			e++
		}
		m.subj = toks[e].class == cVerb || toks[e].class == cPart && toks[e].low != "according"
	}
	if m.clause && m.kind == kName {
		m.kind = kNominal
	}
	for k := s.Start; k < s.End; k++ {
		x := toks[k]
		if x.class == cPunct || x.class == cPoss || (k == s.Start && (determiners[x.low] || possessivePronouns[x.low])) {
			continue
		}
		if x.low == "and" && k > s.Start && nounLike(toks[k-1].class) {
			m.coord = true
		}
		m.words = append(m.words, x.low)
	}
	m.key = strings.Join(m.words, " ")
	m.hKey = hashLow(m.key)
	m.hHead = hashLow(m.headLow)
	switch m.kind {
	case kName:
		// the run of capitalized words around the head
		a, b := head, head+1
		for a > s.Start && (toks[a-1].cap || nameJoiners[toks[a-1].low] && a-2 >= s.Start && toks[a-2].cap) {
			a--
		}
		for b < s.End && (toks[b].cap || nameJoiners[toks[b].low] && b+1 < s.End && toks[b+1].cap) {
			b++
		}
		for a < head && (determiners[toks[a].low] || possessivePronouns[toks[a].low]) {
			a++ // a sentence's first "The" is no part of the name
		}
		// a name the recognizer (trained on news) calls a person's is one,
		// whatever the typer (trained on GUM, where a "Hall" is a place)
		// says
		m.typ = typ
		if h.ner == tPER {
			m.typ = tPER
		}
		// the first name: the first word after any titles, when a last
		// name follows it ("Mr Key" has none, "John Key" has "john")
		f := a
		for f < b-1 && honorifics[strings.TrimSuffix(toks[f].low, ".")] {
			f++
		}
		if f < b-1 {
			m.first = toks[f].low
		}
		m.last = toks[b-1].low
		// a name is compared by its own words: "her pseudonym Jenna
		// Marbles" is "jenna marbles"
		m.words = m.words[:0]
		for k := f; k < b; k++ {
			if toks[k].class != cPunct && toks[k].class != cPoss {
				m.words = append(m.words, toks[k].low)
			}
		}
		m.key = strings.Join(m.words, " ")
		m.hKey = hashLow(m.key)
		var initials []rune
		caps := 0
		for k := f; k < b; k++ {
			if toks[k].cap {
				caps++
				r, _ := utf8.DecodeRuneInString(toks[k].form)
				initials = append(initials, unicode.ToUpper(r))
			}
		}
		if caps >= 2 {
			m.acro = string(initials)
		}
		if m.typ == tORG || m.typ == tLOC {
			m.gender = gNeuter
		} else {
			// a first name, else a title ("Mrs."), else the name itself
			for _, k := range [3]int{max(a, b-2), a, b - 1} {
				if m.gender = lx.gender[toks[k].low]; m.gender != gNone {
					break
				}
			}
			// else the usual gender of its first name ("Robert
			// Paglino"), or of a name of one word ("Jenna")
			switch {
			case m.gender != gNone || m.typ != tNone && m.typ != tPER:
			case m.first != "":
				m.gender = lx.firstGender[m.first]
			case b-a == 1:
				m.gender = lx.firstGender[m.last]
			}
		}
		m.number = nSing
		if h.class == cProps || m.coord {
			m.number = nPlur
		}
	case kNominal:
		m.typ = typ
		m.gender = lx.gender[m.headLow]
		if m.gender == gNone && m.typ != tPER && m.typ != tNone {
			m.gender = gNeuter
		}
		m.number = nSing
		if h.class == cNouns || h.class == cProps || m.coord {
			m.number = nPlur
		}
	}
	if s.End-s.Start <= 2 {
		m.self = acronymOf(h.form)
	}
	m.hLast = hashLow(m.last)
	return m
}

// acronymOf returns a one-word mention's letters when it looks like an
// acronym (two or more capitals, dots dropped: "F.B.I." → "FBI").
func acronymOf(w string) string {
	w = strings.ReplaceAll(w, ".", "")
	if len(w) < 2 || len(w) > 8 || !isAllCaps(w) {
		return ""
	}
	return w
}
