package resolve

import (
	"slices"
	"sort"
	"strings"

	"dossier"
	"dossier/countries"
)

var (
	// stopwords are left out when organization names are compared.
	stopwords = toSet("of", "the", "and", "for", "de", "del", "la", "las", "los",
		"el", "y", "&", "on", "in", "at", "to", "a", "an", "da", "do", "dos",
		"des", "du", "le", "les", "et")
	// legalForms are company-form suffixes, ignored when names are compared.
	legalForms = toSet("inc", "corp", "corporation", "co", "ltd", "llc", "sa",
		"sas", "ca", "plc", "ag", "gmbh", "bv", "nv", "srl", "spa", "lp",
		"llp", "limited", "sl", "sac", "cia")
	// generic words cannot alone tie a short name to a longer one: "the
	// Court" is not "Spain's National Court" unless it is its suffix.
	generic = toSet("national", "assembly", "court", "courts", "department",
		"ministry", "office", "company", "bank", "government", "state",
		"federal", "united", "states", "commission", "council", "committee",
		"party", "union", "agency", "administration", "service", "services",
		"group", "international", "general", "supreme", "central", "foreign",
		"public", "republic", "people's", "popular", "democratic", "socialist",
		"new", "american", "institute", "association", "authority", "board",
		"bureau", "forces", "force", "army", "navy", "police", "guard",
		"capital", "trust", "holdings", "partners", "fund", "financial",
		"university", "press", "news", "times", "post", "daily", "justice",
		"security", "affairs", "interior", "defense", "defence", "treasury",
		"congress", "senate", "house", "parliament", "church", "world",
		"global", "development", "investment", "investments", "industries",
		"energy", "oil", "gas", "drilling", "engineering", "trading", "port",
		"harbour", "harbor", "workers", "customs", "excise", "prosecutor's",
		"attorney", "constituent")
	// modifiers may stand before a name without changing what it names:
	// "the Venezuelan National Assembly" is "the National Assembly".
	usForms = toSet("us", "u s", "usa")
)

// contentTokens are the folded words of an organization's name that are
// compared: no stopwords, no legal forms, no punctuation.
func contentTokens(key string) []string {
	ws := words(key)
	out := ws[:0:0]
	for _, w := range ws {
		w = strings.Trim(w, ",;:\"“”()")
		if w == "" || stopwords[w] || legalForms[w] {
			continue
		}
		out = append(out, w)
	}
	return out
}

// isModifier reports whether a folded word only says whose an
// organization is: a demonym, a country name or U.S.
func isModifier(w string) bool {
	w = strings.TrimSuffix(w, "'s")
	return countries.ByDemonym(w) != "" || countries.ByName(w) != "" || usForms[w]
}

func distinctive(w string) bool {
	return len(w) > 1 && !generic[w] && !stopwords[w] && !isModifier(w)
}

// aliasConnectors may stand between a name and an alias written after
// it: `the Cartel of the Suns — the "Cartel de los Soles" in Spanish`,
// `Hugo Carvajal, known as "El Pollo"`.
var aliasConnectors = toSet("the", "or", "also", "known", "as", "called", "aka",
	"aka,", "nicknamed", "alias", "formerly", "its", "in", "spanish", "english", "so-called")

// aliasAfter finds an alias written right after position p, in
// parentheses or quotes, with only connectors between. named reports a
// connector that names it as an alias ("known as", "nicknamed").
func aliasAfter(text string, p int) (s, e int, paren, named, ok bool) {
	i, limit := p, min(len(text), p+40)
	dash := false
	for i < limit {
		r, size := decodeRune(text, i)
		switch {
		case isHSpace(r):
			i += size
			continue
		case r == '—' || r == '–' || r == ',':
			dash = true
			i += size
			continue
		case r == '(':
			paren = true
			i += size
			continue
		case isOpenQuote(r) && r != '\'' && r != '’':
			// a quoted alias
			s = i + size
			end := min(len(text), s+64)
			for j := s; j < end; {
				r2, s2 := decodeRune(text, j)
				if r2 == '\n' {
					return 0, 0, false, false, false
				}
				if isCloseQuote(r2) && r2 != '\'' && r2 != '’' {
					e = j
					for e > s && (text[e-1] == ',' || text[e-1] == '.' || text[e-1] == ' ') {
						e--
					}
					inner := text[s:e]
					if e <= s || !isUpperStart(inner) || len(words(inner)) > 6 {
						return 0, 0, false, false, false
					}
					if !paren && !dash && !named {
						return 0, 0, false, false, false
					}
					return s, e, false, named, true
				}
				j += s2
			}
			return 0, 0, false, false, false
		case paren:
			// a parenthesized alias: one word up to ")"
			s = i
			j := i
			for j < len(text) && j < i+24 && text[j] != ')' && text[j] != ' ' && text[j] != '\n' {
				j++
			}
			if j >= len(text) || text[j] != ')' || j == s || !isUpperStart(text[s:j]) {
				return 0, 0, false, false, false
			}
			return s, j, true, named, true
		}
		// a connector word
		j := i
		for j < len(text) && text[j] != ' ' && text[j] != ',' && text[j] != '\n' {
			j++
		}
		w := Fold(text[i:j])
		if !aliasConnectors[w] {
			return 0, 0, false, false, false
		}
		if w == "known" || w == "nicknamed" || w == "alias" || w == "aka" || w == "called" {
			named = true
		}
		i = j
	}
	return 0, 0, false, false, false
}

// links ties aliases written right after a name to it: an acronym or a
// short name in parentheses ("Drug Enforcement Administration (DEA)"), a
// name in another language in quotes, a nickname after "known as". A
// mention of the alias joins the name's entity; an alias the recognizer
// left out is kept as an alias without a mention.
func links(text string, items []item) {
	for i := range items {
		it := &items[i]
		lab := it.m.Label
		if lab != "ORG" && lab != "MISC" && lab != "PER" || it.demonym {
			continue
		}
		s, e, paren, named, ok := aliasAfter(text, it.m.End)
		if !ok {
			continue
		}
		phrase := collapse(text[s:e])
		switch {
		case lab == "PER" && !named:
			continue
		case lab != "PER" && paren && strings.Contains(phrase, " "):
			continue
		}
		if j := i + 1; j < len(items) && items[j].m.Start >= s-1 && items[j].m.End <= e+1 && !isNumeric(items[j].m.Label) {
			items[j].aliasOf = true
			items[j].m.Label = lab
			items[j].demonym = false
			if lab == "PER" {
				items[j].toks = it.toks
			}
			continue
		}
		it.extra = append(it.extra, phrase)
	}
}

// unionFind over item indices.
type unionFind []int

func (u unionFind) find(x int) int {
	for u[x] != x {
		u[x] = u[u[x]]
		x = u[x]
	}
	return x
}

func (u unionFind) union(a, b int) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return
	}
	if ra < rb {
		u[rb] = ra
	} else {
		u[ra] = rb
	}
}

// organizations groups ORG mentions, in any order of appearance: the same
// name; an alias tied by links; an acronym matching a name's initials
// ("OFAC", "Office of Foreign Assets Control"); a blend of its words'
// beginnings ("Enorsa", "Energía Orinoco S.A."); a shorter name whose
// words all belong to one longer name, if one of them is distinctive
// ("the Suns", "the Cartel of the Suns"; "Tecnomar", "Tecnomar Corp.")
// or if it is the longer name without a national modifier ("the National
// Assembly", "the Venezuelan National Assembly").
func (g *grouper) organizations() {
	items := g.items
	uf := make(unionFind, len(items))
	var orgs []int
	for i := range items {
		uf[i] = i
		if items[i].m.Label == "ORG" && items[i].group < 0 {
			orgs = append(orgs, i)
		}
	}
	if len(orgs) == 0 {
		return
	}
	// Alias links and same names.
	type form struct {
		rep     int // first item
		key     string
		content []string
		start   int
	}
	var forms []*form
	byKey := map[string]*form{}
	byContent := map[string]*form{}
	extraKey := map[string]int{}
	for n, i := range orgs {
		it := &items[i]
		if it.aliasOf && n > 0 && items[i-1].m.Label == "ORG" {
			uf.union(i-1, i)
		}
		for _, a := range it.extra {
			if _, ok := extraKey[Fold(a)]; !ok {
				extraKey[Fold(a)] = i
			}
		}
		if f, ok := byKey[it.key]; ok {
			uf.union(f.rep, i)
			continue
		}
		f := &form{rep: i, key: it.key, content: contentTokens(it.key), start: it.m.Start}
		byKey[it.key] = f
		// "Tecnomar" and "Tecnomar Corp." differ by a legal form only
		ck := strings.Join(f.content, " ")
		if g, ok := byContent[ck]; ok && ck != "" {
			uf.union(g.rep, i)
		} else {
			byContent[ck] = f
		}
		forms = append(forms, f)
	}
	for _, f := range forms {
		if j, ok := extraKey[f.key]; ok {
			uf.union(j, f.rep)
		}
	}
	// Index the longer names by initials and by word.
	initials := map[string][]*form{}
	byWord := map[string][]*form{}
	for _, f := range forms {
		if len(f.content) >= 2 {
			var b strings.Builder
			for _, w := range f.content {
				b.WriteByte(w[0])
			}
			ini := b.String()
			initials[ini] = append(initials[ini], f)
			// "US Drug Enforcement Administration" is also "DEA"
			if isModifier(f.content[0]) && len(f.content) >= 3 {
				initials[ini[1:]] = append(initials[ini[1:]], f)
			}
			// every word, and every letter of a dotted one:
			// "Petróleos de Venezuela S.A." is "PDVSA"
			if all := allInitials(items[f.rep].name); all != ini && len(all) >= 3 {
				initials[all] = append(initials[all], f)
			}
		}
		for _, w := range f.content {
			if len(byWord[w]) == 0 || byWord[w][len(byWord[w])-1] != f {
				byWord[w] = append(byWord[w], f)
			}
		}
	}
	nearest := func(cands []*form, start int) *form {
		var best *form
		for _, c := range cands {
			switch {
			case best == nil:
				best = c
			case c.start <= start && (best.start > start || c.start > best.start):
				best = c
			case c.start > start && best.start > start && c.start < best.start:
				best = c
			}
		}
		return best
	}
	matched := map[*form]bool{}
	for _, f := range forms {
		it := &items[f.rep]
		if isAcronym(it.name) {
			ini := strings.ToLower(strings.NewReplacer(".", "", "&", "").Replace(it.name))
			if c := nearest(initials[ini], f.start); c != nil {
				uf.union(c.rep, f.rep)
				matched[f] = true
			}
		}
	}
	// Shorter names inside longer ones, shortest last so chains settle.
	sort.SliceStable(forms, func(a, b int) bool { return len(forms[a].content) > len(forms[b].content) })
	for _, f := range forms {
		if matched[f] || len(f.content) == 0 {
			continue
		}
		hasDistinct := false
		for _, w := range f.content {
			if distinctive(w) {
				hasDistinct = true
				break
			}
		}
		var cands []*form
		bestScore := 0
		for _, c := range byWord[f.content[len(f.content)-1]] {
			if len(c.content) < len(f.content) || c == f {
				continue
			}
			score := 0
			switch {
			case len(c.content) == len(f.content):
				// the same words in another order: "the Soles cartel"
				if hasDistinct && isSubset(f.content, c.content) && c.start < f.start {
					score = 1
				}
			case isSuffix(f.content, c.content) && allModifiers(c.content[:len(c.content)-len(f.content)]):
				score = 3
			case isPrefix(f.content, c.content) && allIn(c.content[len(f.content):], bodyWords):
				// "the U.S. Treasury" and "the U.S. Treasury Department"
				score = 3
			case hasDistinct && (isSuffix(f.content, c.content) || isPrefix(f.content, c.content)):
				score = 2
			case hasDistinct && isSubset(f.content, c.content):
				score = 1
			}
			if score > bestScore {
				cands, bestScore = []*form{c}, score
			} else if score > 0 && score == bestScore {
				cands = append(cands, c)
			}
		}
		if len(cands) == 0 && hasDistinct && len(f.content) == 1 {
			// a blend of word beginnings: "Enorsa"
			for _, c := range forms {
				if len(c.content) >= 2 && blend(f.content[0], blendWords(c.key)) {
					cands = append(cands, c)
				}
			}
		}
		if c := nearest(cands, f.start); c != nil {
			uf.union(c.rep, f.rep)
		}
	}
	// Groups in order of first mention.
	root := map[int]int{}
	for _, i := range orgs {
		r := uf.find(i)
		gi, ok := root[r]
		if !ok {
			gi = g.newGroup("ORG")
			root[r] = gi
		}
		g.add(gi, i)
	}
}

// allInitials gives the first letter of each word of name but "the",
// and every letter of a dotted word, folded.
func allInitials(name string) string {
	var b strings.Builder
	for _, w := range words(Fold(strings.ReplaceAll(name, ".", ". "))) {
		if w == "the" || w == "&" {
			continue
		}
		b.WriteByte(w[0])
	}
	return b.String()
}

func isSuffix(f, g []string) bool {
	if len(f) > len(g) {
		return false
	}
	off := len(g) - len(f)
	for i := range f {
		if f[i] != g[off+i] {
			return false
		}
	}
	return true
}

func isPrefix(f, g []string) bool {
	if len(f) > len(g) {
		return false
	}
	for i := range f {
		if f[i] != g[i] {
			return false
		}
	}
	return true
}

func isSubset(f, g []string) bool {
	for _, w := range f {
		found := false
		for _, x := range g {
			if x == w {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// bodyWords may follow a body's name without changing what it names.
var bodyWords = toSet("department", "ministry", "agency", "corporation", "company", "group")

func allIn(ws []string, set map[string]bool) bool {
	for _, w := range ws {
		if !set[w] {
			return false
		}
	}
	return len(ws) > 0
}

func allModifiers(ws []string) bool {
	for _, w := range ws {
		if !isModifier(w) {
			return false
		}
	}
	return len(ws) > 0
}

// blendWords are the words of a name a blend is made of: all but
// stopwords, legal forms included ("S.A." gives "sa").
func blendWords(key string) []string {
	ws := words(key)
	out := ws[:0:0]
	for _, w := range ws {
		w = strings.Trim(w, ",;:\"“”()")
		if w != "" && !stopwords[w] {
			out = append(out, w)
		}
	}
	return out
}

// blend reports whether w is made of a non-empty beginning of each of
// ws in order, at least three words: "enorsa" = en+or+sa.
func blend(w string, ws []string) bool {
	if len(ws) < 3 || len(w) < 4 {
		return false
	}
	var rec func(w string, ws []string) bool
	rec = func(w string, ws []string) bool {
		if len(ws) == 0 {
			return w == ""
		}
		for n := 1; n <= len(ws[0]) && n <= len(w); n++ {
			if w[:n] != ws[0][:n] {
				break
			}
			if rec(w[n:], ws[1:]) {
				return true
			}
		}
		return false
	}
	return rec(w, ws)
}

// orgHeads are words that head an organization's name: a name split by
// the recognizer around "of" ("Cartel" + "of the" + "Suns") is joined
// again when its first part ends in one. placeHeads head place names.
var (
	orgHeads = toSet("cartel", "bank", "university", "office", "department",
		"ministry", "court", "council", "institute", "federation", "union",
		"party", "commission", "committee", "association", "church", "museum",
		"chamber", "board", "bureau", "league", "movement", "front", "forces",
		"army", "navy", "agency", "authority", "administration", "foundation",
		"fund", "corporation", "company", "group", "society", "academy",
		"college", "school", "hospital", "guard", "republic", "kingdom",
		"assembly", "parliament", "congress", "senate", "tribunal",
		"secretariat", "organization", "organisation", "brotherhood",
		"confederation", "alliance", "coalition", "service", "directorate",
		"command", "cartels", "banco", "ministerio", "tribunal", "consejo",
		"corte", "fuerzas")
	placeHeads = toSet("port", "gulf", "bay", "isle", "island", "islands",
		"cape", "lake", "river", "mount", "province", "county", "district",
		"region", "puerto", "city")
	ofJoins = []string{" of ", " of the ", " de ", " de la ", " de los ",
		" de las ", " del ", " for ", " for the "}
)

func hasOrgHead(ws []string) bool {
	for _, w := range ws {
		if orgHeads[w] {
			return true
		}
	}
	return false
}

// joinOf joins two mentions that the recognizer split around "of":
// "Cartel" and "Suns" in "the Cartel of the Suns", "Port" and "San
// Benito". The first must end in a word that heads an organization or a
// place, the second must be capitalized.
func joinOf(text string, ms []dossier.Mention) []dossier.Mention {
	out := ms[:0:0]
	for i := 0; i < len(ms); i++ {
		a := ms[i]
		if i+1 < len(ms) && !isNumeric(a.Label) && !isNumeric(ms[i+1].Label) {
			b := ms[i+1]
			between := text[a.End:b.Start]
			last := Fold(a.Text)
			if k := strings.LastIndexByte(last, ' '); k >= 0 {
				last = last[k+1:]
			}
			if (orgHeads[last] || placeHeads[last]) && isUpperStart(text[b.Start:b.End]) && slices.Contains(ofJoins, between) {
				label := "ORG"
				if placeHeads[last] {
					label = "LOC"
				}
				out = append(out, dossier.Mention{Start: a.Start, End: b.End, Text: text[a.Start:b.End], Label: label})
				i++
				continue
			}
		}
		out = append(out, a)
	}
	return out
}

// leadWords may open a sentence before a name without being part of it.
var leadWords = toSet("the", "a", "an", "but", "and", "or", "in", "on", "at",
	"for", "then", "when", "while", "if", "as", "after", "before", "since",
	"only", "even", "also", "so", "yet", "now", "meanwhile", "however",
	"with", "by", "from", "to", "of", "said", "says", "says", "told", "both",
	"neither", "nor", "like", "unlike", "under", "over", "during", "without")

// extendLeft widens mentions the recognizer cut short on the left: an
// organization or place whose head and "of" it left out ("Office of" +
// "Foreign Assets Control"). A person's name is not widened: a
// capitalized word before it is far more often a title or a headline's
// word ("Director", "Understanding") than a given name the recognizer
// left out (on the corpus's dev split, 42 of 42 such widenings were
// wrong once the recognizer had learned from news).
func extendLeft(text string, ms []dossier.Mention) {
	prevEnd := 0
	for i := range ms {
		m := &ms[i]
		if isNumeric(m.Label) {
			prevEnd = m.End
			continue
		}
		switch m.Label {
		case "ORG", "MISC", "LOC":
			for _, j := range ofJoins {
				s := m.Start - len(j)
				if s < prevEnd || text[s:m.Start] != j {
					continue
				}
				// capitalized words before "of", the last an org head
				p, start, last := s+1, -1, ""
				for n := 0; n < 4; n++ {
					w, ws := lastWord(text, p)
					if w == "" || !isUpperStart(w) || ws < prevEnd || strings.ContainsAny(w[len(w)-1:], ".,;:)\"”") {
						break
					}
					if n == 0 {
						last = Fold(w)
					}
					start, p = ws, ws
				}
				spanish := strings.HasPrefix(j, " de")
				if start >= 0 && (orgHeads[last] || placeHeads[last] || spanish && m.Label == "ORG") {
					m.Start = start
					m.Text = text[m.Start:m.End]
					if placeHeads[last] {
						m.Label = "LOC"
					} else {
						m.Label = "ORG"
					}
				}
				break
			}
		}
		prevEnd = m.End
	}
}

// lastWord returns the word that ends right before position s with one
// space between, and where it starts.
func lastWord(text string, s int) (string, int) {
	if s <= 0 || s > len(text) || text[s-1] != ' ' {
		return "", s
	}
	e := s - 1
	b := e
	for b > 0 && text[b-1] != ' ' && text[b-1] != '\n' && text[b-1] != '\t' {
		b--
	}
	return text[b:e], b
}
