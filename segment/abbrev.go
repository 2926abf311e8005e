package segment

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbrev classifies a word that may carry an abbreviation period.
type abbrev uint8

const (
	notAbbrev abbrev = iota
	// abTitle precedes a name and never ends a sentence: Mr., Gen., Sen.
	abTitle
	// abInner sits inside a sentence and never ends one: e.g., vs., cf.
	abInner
	// abNumber is an abbreviation only before a digit (No. 5, Art. 12);
	// elsewhere the period is split off as ordinary punctuation.
	abNumber
	// abEnder often ends a sentence: Inc., Jr., U.S., a.m., single
	// initials. It ends one only before a typical sentence starter.
	abEnder
)

// Keys are written without the final period and matched case-sensitively;
// see abbrevClass for the all-caps and hyphen fallbacks.
var (
	titleAbbrevs = []string{
		"Mr", "Mrs", "Ms", "Mx", "Messrs", "Mmes", "Mme", "Mlle", "Dr", "Drs",
		"Prof", "Profs", "Gen", "Gens", "Lt", "Lieut", "Col", "Cols", "Maj",
		"Capt", "Cpt", "Sgt", "Cpl", "Pvt", "Pfc", "Adm", "Cmdr", "Cdr",
		"Cmdt", "Brig", "Gov", "Govs", "Sen", "Sens", "Rep", "Reps", "Rev",
		"Revs", "Hon", "Pres", "Amb", "Supt", "Insp", "Det", "Atty", "Asst",
		"Fr", "Msgr", "Sra", "Srta", "Mt", "Ft",
	}
	innerAbbrevs = []string{
		"e.g", "i.e", "E.g", "I.e", "vs", "v", "cf", "Cf", "viz", "approx",
		"Approx", "ca", "incl", "excl", "esp",
	}
	numberAbbrevs = []string{
		"No", "Nos", "no", "nos", "Art", "Arts", "art", "Fig", "Figs", "fig",
		"Vol", "Vols", "vol", "Ch", "Chap", "ch", "Para", "para", "Sec", "Secs",
		"sec", "Pt", "Pts", "pt", "p", "pp", "Tel", "tel", "Nr", "nr", "pop", "Pop",
	}
	enderAbbrevs = []string{
		// companies and name suffixes
		"Inc", "Corp", "Co", "Cos", "Ltd", "Bros", "Jr", "Sr", "Esq", "Mfg",
		"Assn", "Intl", "Natl", "Govt", "Dept", "Depts", "Univ", "Bhd", "Pty",
		"Cia", "Cía", "Est", "est", "etc", "al",
		// months and days (May, June, July are never abbreviated)
		"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
		"Nov", "Dec", "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs",
		"Fri", "Sat", "Sun",
		// streets
		"St", "Ave", "Blvd", "Rd", "Sq", "Hwy", "Ln", "Pkwy",
		// U.S. states (AP style)
		"Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga",
		"Ill", "Ind", "Kan", "Kans", "Ky", "La", "Md", "Mass", "Mich", "Minn",
		"Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa", "Penn",
		"Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo",
	}
	// upperAbbrevs are matched in all caps too, as in headlines ("GEN.").
	upperAbbrevs = []string{
		"Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt",
		"Sgt", "Adm", "Gov", "Sen", "Rep", "Rev", "Pres", "Amb", "No", "Inc",
		"Corp", "Co", "Ltd", "Bros", "Jr", "Sr",
	}
)

var abbrevs = func() map[string]abbrev {
	m := make(map[string]abbrev, 256)
	add := func(list []string, c abbrev) {
		for _, w := range list {
			m[w] = c
		}
	}
	add(enderAbbrevs, abEnder)
	add(numberAbbrevs, abNumber)
	add(innerAbbrevs, abInner)
	add(titleAbbrevs, abTitle)
	for _, w := range upperAbbrevs {
		up := strings.ToUpper(w)
		if _, ok := m[up]; !ok {
			m[up] = m[w]
		}
	}
	return m
}()

// abbrevClass reports whether w followed by a period is an abbreviation.
// Besides the lists above it accepts a single capital letter (an initial,
// "F."), a dotted initialism whose parts have one or two letters ("U.S",
// "a.m", "Ph.D", "A.B.C"), and either of those or a listed word after a
// hyphen ("anti-U.S.", "R-Fla.").
func abbrevClass(w string) abbrev {
	if w == "" {
		return notAbbrev
	}
	if c, ok := abbrevs[w]; ok {
		return c
	}
	if r, size := utf8.DecodeRuneInString(w); size == len(w) && unicode.IsUpper(r) {
		return abEnder
	}
	if isDotted(w) {
		return abEnder
	}
	if i := strings.LastIndexByte(w, '-'); i > 0 && i+1 < len(w) {
		tail := w[i+1:]
		if c, ok := abbrevs[tail]; ok && c != abNumber {
			return c
		}
		if r, size := utf8.DecodeRuneInString(tail); size == len(tail) && unicode.IsUpper(r) {
			return abEnder
		}
		if isDotted(tail) {
			return abEnder
		}
	}
	return notAbbrev
}

// isDotted reports whether w is two or more groups of one or two letters
// joined by single periods: "U.S", "e.g", "Ph.D".
func isDotted(w string) bool {
	groups, n := 0, 0
	for i := 0; i < len(w); {
		r, size := utf8.DecodeRuneInString(w[i:])
		i += size
		switch {
		case r == '.':
			if n == 0 {
				return false
			}
			groups++
			n = 0
		case unicode.IsLetter(r):
			n++
			if n > 2 {
				return false
			}
		default:
			return false
		}
	}
	return n > 0 && groups >= 1
}

// starters are capitalized words that commonly open a sentence in news
// copy and rarely follow an abbreviation inside one. After an abbreviation
// that can end a sentence (abEnder), a sentence break is made only when
// one of these follows.
var starters = toSet(
	"The", "A", "An", "This", "That", "These", "Those", "There", "Here",
	"It", "Its", "He", "His", "Him", "She", "Her", "They", "Their", "Them",
	"We", "Our", "I", "You", "Your", "My", "But", "And", "Or", "So", "Yet",
	"Nor", "In", "On", "At", "For", "From", "With", "Without", "By", "As",
	"After", "Before", "When", "While", "Since", "Although", "Though",
	"Because", "If", "Once", "Until", "Meanwhile", "However", "Moreover",
	"Furthermore", "Also", "Still", "Now", "Then", "Later", "Earlier",
	"Last", "Next", "Some", "Many", "Most", "All", "Both", "Each", "Every",
	"Several", "Such", "Other", "Another", "Neither", "Either", "None", "No",
	"Not", "What", "Who", "Why", "How", "Where", "Which", "Whether", "Under",
	"Over", "During", "Despite", "Among", "Amid", "Following", "According",
	"Separately", "Instead", "Indeed", "Yes",
	// Civilian titles rarely follow "U.S." or "Inc." inside a sentence,
	// unlike ranks: "U.S. Sen. Rubio", "U.S. Gen. Smith".
	"Mr.", "Mrs.", "Ms.", "Dr.", "Messrs.",
)

// connectors are lowercase words after which a line break is taken to be
// hard wrapping rather than the end of a heading.
var connectors = toSet(
	"the", "a", "an", "of", "and", "or", "nor", "but", "to", "in", "on",
	"at", "for", "from", "with", "by", "as", "that", "which", "who", "whom",
	"whose", "than", "into", "onto", "over", "under", "about", "after",
	"before", "between", "against", "amid", "among", "during", "its",
	"their", "his", "her", "our", "this", "these", "those", "is", "are",
	"was", "were", "be", "been", "has", "have", "had", "will", "would",
	"could", "should", "may", "might", "not", "said", "told",
)

// speechVerbs follow a quoted question or exclamation in attribution:
// `"Where is the money?" Rubio asked.` keeps one sentence.
var speechVerbs = toSet(
	"said", "says", "asked", "asks", "told", "added", "adds", "wrote",
	"writes", "insisted", "replied", "shouted", "declared", "stated",
	"warned", "explained", "noted", "tweeted", "posted", "continued",
	"argued", "claimed", "responded", "demanded", "exclaimed", "wondered",
)

func toSet(words ...string) map[string]struct{} {
	m := make(map[string]struct{}, len(words))
	for _, w := range words {
		m[w] = struct{}{}
	}
	return m
}
