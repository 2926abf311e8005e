package resolve

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"dossier"
	"dossier/countries"
	"dossier/segment"
)

// Decay is how much of a person's salience is kept from one sentence to
// the next. A bare surname joins the compatible full name with the
// highest salience: every mention adds one, and salience fades by this
// factor per sentence, so the most recent full name usually wins but a
// person mentioned again and again keeps a surname against another of
// the same name mentioned once in passing.
const Decay = 0.6

// item is one input mention on its way to an entity.
type item struct {
	m        dossier.Mention // output span (cleaned), label resolved
	name     string          // display form
	key      string          // Fold(name)
	toks     []string        // folded name tokens compared for persons
	titles   []string
	nick     string
	country  string // ISO code for countries and demonyms
	demonym  bool
	sent     int      // sentence index
	fragment bool     // part of a composite name (`Hugo "El Pollo" Carvajal`)
	aliasOf  bool     // named as an alias of the mention before it
	group    int      // index of its group, -1 until grouped
	extra    []string // aliases written after it without a mention ("(DEA)" unlabelled)
}

// Resolve groups the mentions of one document into entities. ms are the
// recognizer's mentions of text (sorted, non-overlapping; spans out of
// range are dropped); sents are text's sentences from segment.Sentences,
// used to measure distance (nil is allowed: the whole text is then one
// sentence). Every valid input mention lands in exactly one entity, its
// span possibly narrowed to the name (titles, a possessive 's, a leading
// "the" and surrounding punctuation taken off). Entities come in order of
// first mention, with IDs e1, e2, …; Roles and Topics are empty, for the
// roles stage to fill.
func Resolve(text string, sents []segment.Sentence, ms []dossier.Mention) []dossier.DocEntity {
	items := prepare(text, sents, ms)
	if len(items) == 0 {
		return nil
	}
	relabel(items)
	links(text, items)
	composites(text, items)
	g := grouper{text: text, items: items}
	g.persons()
	g.nicknames()
	g.organizations()
	g.simple()
	return g.build()
}

// prepare validates, sorts and cleans the mentions.
func prepare(text string, sents []segment.Sentence, ms []dossier.Mention) []item {
	valid := make([]dossier.Mention, 0, len(ms))
	for _, m := range ms {
		if m.Start >= 0 && m.End <= len(text) && m.Start < m.End {
			valid = append(valid, m)
		}
	}
	slices.SortStableFunc(valid, func(a, b dossier.Mention) int { return a.Start - b.Start })
	valid = joinOf(text, valid)
	extendLeft(text, valid)
	items := make([]item, len(valid))
	si := 0
	for i, m := range valid {
		label := strings.ToUpper(strings.TrimSpace(m.Label))
		if label == "" {
			label = "MISC"
		}
		c := clean(text, m.Start, m.End, label)
		for si+1 < len(sents) && sents[si+1].Start <= c.start {
			si++
		}
		it := &items[i]
		it.m = dossier.Mention{Start: c.start, End: c.end, Text: text[c.start:c.end], Label: label}
		it.name, it.titles, it.nick = c.name, c.titles, c.nick
		it.key = Fold(c.name)
		it.sent = si
		if c.possessor != "" {
			it.country = countries.ByName(Fold(c.possessor))
		}
		it.group = -1
	}
	return items
}

// relabel settles the type of each mention. Country names are LOC and
// demonyms MISC whatever the recognizer said; a surface form whose
// tokens continue a person's full name in the document ("Cabello" after
// "Diosdado Cabello"), or that is mostly labelled PER, is a person; other
// forms take their majority label.
func relabel(items []item) {
	full := map[string][][]string{} // last token → full person names
	inner := map[string]bool{}      // tokens after the first of full names
	counts := map[string]map[string]int{}
	for i := range items {
		it := &items[i]
		if isNumeric(it.m.Label) {
			continue
		}
		if c := countries.ByName(it.key); c != "" && it.m.Label != "ORG" {
			it.m.Label, it.country = "LOC", c
		} else if c := countries.ByDemonym(it.key); c != "" {
			it.m.Label, it.country, it.demonym = "MISC", c, true
		}
		if it.m.Label == "PER" {
			it.toks = personTokens(it.name)
			if len(it.toks) >= 2 {
				last := it.toks[len(it.toks)-1]
				full[last] = append(full[last], it.toks)
				for _, t := range it.toks[1:] {
					inner[t] = true
				}
			}
		}
		if counts[it.key] == nil {
			counts[it.key] = map[string]int{}
		}
		counts[it.key][it.m.Label]++
	}
	var orgNames [][]string
	for i := range items {
		if items[i].m.Label == "ORG" {
			if c := contentTokens(items[i].key); len(c) >= 2 {
				orgNames = append(orgNames, c)
			}
		}
	}
	for i := range items {
		it := &items[i]
		if isNumeric(it.m.Label) || it.demonym {
			continue
		}
		if it.country != "" && it.m.Label == "LOC" {
			continue
		}
		if it.m.Label == "MISC" || it.m.Label == "LOC" {
			// "Orinoco Meridian" after "Orinoco Meridian Capital Inc.",
			// "Gulfstar" after "Gulfstar Drilling Services Inc."
			c := contentTokens(it.key)
			if len(c) > 0 && distinctive(c[0]) && slices.ContainsFunc(orgNames, func(o []string) bool { return isPrefix(c, o) && allGeneric(o[len(c):]) }) {
				it.m.Label = "ORG"
				continue
			}
		}
		ws := words(it.key)
		switch {
		case it.m.Label == "PER" && len(ws) >= 2 && legalForms[strings.Trim(ws[len(ws)-1], ",")]:
			// "Minerales del Sur S.A.S." is a company
			it.m.Label = "ORG"
			continue
		case it.m.Label == "MISC" && len(ws) >= 2 && hasOrgHead(ws) && !instrument(ws):
			// "Venezuelan National Assembly", "Cartel of the Suns"
			it.m.Label = "ORG"
			continue
		case it.m.Label == "PER":
			if len(it.toks) != 1 || inner[it.toks[0]] {
				continue
			}
		}
		toks := personTokens(it.name)
		if it.m.Label != "PER" && len(toks) == 1 && inner[toks[0]] && isUpperStart(it.name) {
			it.m.Label, it.toks = "PER", toks
			continue
		}
		if it.m.Label != "PER" && len(toks) == 2 && isUpperStart(it.name) {
			for _, f := range full[toks[len(toks)-1]] {
				if k := subIndex(toks, f); k > 0 {
					it.m.Label, it.toks = "PER", toks
					break
				}
			}
			if it.m.Label == "PER" {
				continue
			}
		}
		if it.m.Label == "PER" {
			// a lone word the recognizer calls PER once and ORG more often
			best, n := "PER", counts[it.key]["PER"]
			for l, c := range counts[it.key] {
				if c > n || c == n && best != "PER" && l < best {
					best, n = l, c
				}
			}
			it.m.Label = best
			continue
		}
		best, n := it.m.Label, 0
		for l, c := range counts[it.key] {
			if c > n || c == n && (l == "PER" || l < best && best != "PER") {
				best, n = l, c
			}
		}
		if best != it.m.Label {
			it.m.Label = best
			if best == "PER" {
				it.toks = toks
			}
		}
	}
}

// instrument reports whether a name is that of a law or another legal
// instrument, which stays MISC even with an organization's word in it:
// "Bank Secrecy Act", "Senate Bill 1412", "Republic Act 9160".
func instrument(ws []string) bool {
	for _, w := range ws {
		switch strings.Trim(w, ",.") {
		case "act", "acts", "law", "bill", "code", "treaty", "directive", "regulation", "regulations", "convention", "ordinance", "decree", "statute":
			return true
		}
	}
	return false
}

func allGeneric(ws []string) bool {
	for _, w := range ws {
		if !generic[w] {
			return false
		}
	}
	return len(ws) > 0
}

func isNumeric(label string) bool {
	return label == "MONEY" || label == "DATE" || label == "PERCENT" ||
		label == "CARDINAL" || label == "QUANTITY" || label == "ORDINAL" || label == "TIME"
}

// personTokens folds a person's name into the tokens compared: initials
// and suffixes such as Jr. are left out.
func personTokens(name string) []string {
	ws := words(Fold(name))
	out := ws[:0:0]
	for _, w := range ws {
		w = strings.Trim(w, ",;:'\"“”()")
		if p, rest, ok := strings.Cut(w, "-"); ok && nameParticles[p] && rest != "" {
			w = rest // "al-Assad" is "Assad" when it stands alone
		}
		if w == "" || len(w) == 1 || nameSuffixes[w] {
			continue
		}
		out = append(out, w)
	}
	return out
}

// subIndex returns where f occurs as a contiguous run in g, or -1.
func subIndex(f, g []string) int {
	if len(f) == 0 || len(f) > len(g) {
		return -1
	}
outer:
	for k := 0; k+len(f) <= len(g); k++ {
		for i := range f {
			if f[i] != g[k+i] {
				continue outer
			}
		}
		return k
	}
	return -1
}

// personCompatible reports whether two person names can name the same
// person: the shorter is a contiguous run of the longer's tokens that
// does not stand for a first name alone ("Cabello" and "El Aissami" fit
// "Diosdado Cabello" and "Tareck El Aissami"; "Hugo" fits neither "Hugo
// Carvajal" nor "Hugo Chávez").
func personCompatible(a, b []string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	k := subIndex(a, b)
	return k > 0 || k == 0 && (len(a) >= 2 || len(b) == 1)
}

// composites finds names written around a quoted nickname,
// `Hugo "El Pollo" Carvajal`, when the recognizer split them into
// pieces (or left the nickname out): the first and last pieces make one
// name and the nickname becomes an alias.
func composites(text string, items []item) {
	for i := 0; i < len(items); i++ {
		it := &items[i]
		if isNumeric(it.m.Label) {
			continue
		}
		qs, qe, ns, ne, ok := quotedAfter(text, it.m.End)
		if !ok {
			continue
		}
		after := qe
		for after < len(text) && isHSpace(rune(text[after])) {
			after++
		}
		j := i + 1
		person := it.m.Label == "PER"
		for j < len(items) && items[j].m.Start >= qs && items[j].m.End <= qe {
			person = person || items[j].m.Label == "PER"
			j++
		}
		nick := collapse(text[ns:ne])
		if after > qe && j < len(items) && items[j].m.Start == after && isUpperStart(items[j].name) && isUpperStart(it.name) &&
			len(words(it.name)) <= 2 && (person || items[j].m.Label == "PER") && !isNumeric(items[j].m.Label) {
			name := it.name + " " + items[j].name
			toks := personTokens(name)
			for k := i; k <= j; k++ {
				items[k].m.Label = "PER"
				items[k].fragment = true
				items[k].toks = toks
				items[k].name = name
				items[k].demonym, items[k].country = false, ""
			}
			it.nick = nick
			i = j
			continue
		}
		// The surname after the quotes left unrecognized: `Joaquin "El
		// Chapo" Guzman` with only "Joaquin" (and the nickname) a mention.
		if sur := surnameAt(text, after); after > qe && sur != "" && (j >= len(items) || items[j].m.Start >= after+len(sur)) &&
			(person || it.m.Label == "PER") && isUpperStart(it.name) && len(words(it.name)) == 1 {
			name := it.name + " " + sur
			toks := personTokens(name)
			for k := i; k < j; k++ {
				items[k].m.Label = "PER"
				items[k].fragment = true
				items[k].toks = toks
				items[k].name = name
				items[k].demonym, items[k].country = false, ""
			}
			it.nick = nick
			i = j - 1
			continue
		}
		// The nickname follows a full name: an alias only.
		if it.m.Label == "PER" && len(it.toks) >= 2 {
			it.nick = nick
			for k := i + 1; k < j; k++ {
				items[k].m.Label = "PER"
				items[k].toks = it.toks
				items[k].aliasOf = true
			}
		}
	}
	// The given name left out: `Pedro "El Tigre" [Salcedo]`.
	for j := range items {
		it := &items[j]
		if it.m.Label != "PER" || it.fragment || len(it.toks) != 1 {
			continue
		}
		ws, qs, ns, ne, ok := quotedBefore(text, it.m.Start)
		if !ok {
			continue
		}
		first := j // nickname mentions inside the quotes
		for first > 0 && items[first-1].m.Start >= qs {
			first--
		}
		if first > 0 && items[first-1].m.End > ws {
			continue // the given name is a mention: the first pass saw it
		}
		w := strings.TrimSpace(text[ws:qs])
		f := Fold(w)
		if !isUpperStart(w) || titleWords[f] || titlePrefixes[f] || leadWords[f] || strings.ContainsAny(w, " .,;:") {
			// no given name: `the cartel of "El Chapo" Guzman`; the
			// nickname is an alias of the surname's person (not after
			// a sentence's end: `said. "Not Guilty" Guzman wrote`)
			if nick := collapse(text[ns:ne]); isLowerStart(w) && !strings.ContainsAny(w, ".!?;:,") && nicknameLike(nick) {
				it.nick = nick
				for k := first; k < j; k++ {
					items[k].m.Label = "PER"
					items[k].toks = it.toks
					items[k].fragment = true
					items[k].name = it.name
				}
				if first < j {
					it.fragment = true
				}
			}
			continue
		}
		name := w + " " + it.name
		toks := personTokens(name)
		it.name, it.key, it.toks, it.nick = name, Fold(name), toks, collapse(text[ns:ne])
		for k := first; k < j; k++ {
			items[k].m.Label = "PER"
			items[k].toks = toks
			items[k].fragment = true
			items[k].name = name
		}
	}
}

// surnameAt returns the capitalized word at position p that may end a
// person's name (`Guzman` in `Joaquin "El Chapo" Guzman protection`),
// or "".
func surnameAt(text string, p int) string {
	e := p
	for e < len(text) {
		r, size := decodeRune(text, e)
		if !unicode.IsLetter(r) && r != '-' && r != '\'' && r != '’' {
			break
		}
		e += size
	}
	w := strings.TrimRight(text[p:e], "-'’")
	if len(w) < 2 || !isUpperStart(w) || isAcronym(w) {
		return ""
	}
	if f := Fold(w); leadWords[f] || titleWords[f] || titlePrefixes[f] {
		return ""
	}
	return w
}

// nicknameLike reports whether a quoted phrase reads as a nickname:
// one to four words, the first capitalized, no sentence punctuation
// (`"Never," Smith said` is a quote, not a nickname).
func nicknameLike(s string) bool {
	ws := words(s)
	return len(ws) > 0 && len(ws) <= 4 && isUpperStart(s) && !strings.ContainsAny(s, ",;:!?") && !strings.HasSuffix(s, ".")
}

// quotedBefore finds `Word "Nickname" ` ending right before position p:
// where the word starts, where the quotes start, and the nickname.
func quotedBefore(text string, p int) (ws, qs, ns, ne int, ok bool) {
	i := p
	for i > 0 && isHSpace(rune(text[i-1])) {
		i--
	}
	if i == p || i == 0 {
		return
	}
	r, size := utf8.DecodeLastRuneInString(text[:i])
	if !isCloseQuote(r) {
		return
	}
	// a single quote closes a nickname only after a letter, and opens
	// one only after a space (not an apostrophe: "the players' Smith")
	single := r == '\'' || r == '’'
	ne = i - size
	if single {
		if pr, _ := utf8.DecodeLastRuneInString(text[:ne]); !unicode.IsLetter(pr) {
			return
		}
	}
	limit := max(0, ne-48)
	for k := ne; k > limit; {
		r2, s2 := utf8.DecodeLastRuneInString(text[:k])
		if r2 == '\n' {
			return
		}
		if isOpenQuote(r2) && (r2 != '\'' && r2 != '‘') == !single {
			ns, qs = k, k-s2
			if single && qs > 0 && !isHSpace(rune(text[qs-1])) {
				return
			}
			inner := strings.TrimSpace(text[ns:ne])
			if inner == "" || !isUpperStart(inner) || len(words(inner)) > 4 {
				return
			}
			w, start := lastWord(text, qs)
			if w == "" {
				return
			}
			return start, qs, ns, ne, true
		}
		k -= s2
	}
	return
}

// quotedAfter finds a quoted capitalized phrase after position p, with
// only spaces between: ` "El Pollo"`. It returns the span of the quotes
// and of the phrase inside them.
func quotedAfter(text string, p int) (qs, qe, ns, ne int, ok bool) {
	i := p
	for i < len(text) && isHSpace(rune(text[i])) {
		i++
	}
	if i == p || i >= len(text) {
		return
	}
	r, size := decodeRune(text, i)
	if !isOpenQuote(r) {
		return
	}
	qs, ns = i, i+size
	limit := min(len(text), ns+48)
	for j := ns; j < limit; {
		r2, s2 := decodeRune(text, j)
		if r2 == '\n' {
			return
		}
		if isCloseQuote(r2) && j > ns {
			inner := strings.TrimSpace(text[ns:j])
			if inner == "" || !isUpperStart(inner) || len(words(inner)) > 4 {
				return
			}
			return qs, j + s2, ns, j, true
		}
		j += s2
	}
	return
}

// grouper assigns items to groups and builds the entities.
type grouper struct {
	text   string
	items  []item
	groups []group
}

type group struct {
	typ     string
	members []int
	alive   bool
	// persons
	forms    [][]string
	full     bool
	score    float64
	lastSent int
}

func (g *grouper) newGroup(typ string) int {
	g.groups = append(g.groups, group{typ: typ, alive: true})
	return len(g.groups) - 1
}

func (g *grouper) add(gi, ii int) {
	gr := &g.groups[gi]
	gr.members = append(gr.members, ii)
	g.items[ii].group = gi
}

// persons groups PER mentions in text order (see Decay).
func (g *grouper) persons() {
	byTok := map[string][]int{}
	index := func(gi int, toks []string) {
		for _, t := range toks {
			if !slices.Contains(byTok[t], gi) {
				byTok[t] = append(byTok[t], gi)
			}
		}
	}
	touch := func(gi, sent int) {
		gr := &g.groups[gi]
		gr.score = gr.score*math.Pow(Decay, float64(sent-gr.lastSent)) + 1
		gr.lastSent = sent
	}
	salience := func(gi, sent int) float64 {
		gr := &g.groups[gi]
		return gr.score * math.Pow(Decay, float64(sent-gr.lastSent))
	}
	addForm := func(gi int, toks []string) {
		gr := &g.groups[gi]
		for _, f := range gr.forms {
			if slices.Equal(f, toks) {
				return
			}
		}
		gr.forms = append(gr.forms, toks)
		if len(toks) >= 2 {
			gr.full = true
		}
		index(gi, toks)
	}
	compatible := func(gi int, toks []string) bool {
		any := false
		for _, f := range g.groups[gi].forms {
			if personCompatible(f, toks) {
				any = true
			} else if len(f) >= 2 && len(toks) >= 2 {
				return false // a full name must agree with every full name
			}
		}
		return any
	}
	for ii := 0; ii < len(g.items); ii++ {
		it := &g.items[ii]
		if it.m.Label != "PER" || it.group >= 0 {
			continue
		}
		toks := it.toks
		if toks == nil {
			toks = personTokens(it.name)
			it.toks = toks
		}
		// a composite or alias run is assigned as one
		run := []int{ii}
		for k := ii + 1; k < len(g.items); k++ {
			nk := &g.items[k]
			if nk.m.Label != "PER" || !(it.fragment && nk.fragment && slices.Equal(nk.toks, toks) || nk.aliasOf) {
				break
			}
			run = append(run, k)
		}
		if len(toks) == 0 {
			gi := g.newGroup("PER")
			for _, k := range run {
				g.add(gi, k)
			}
			continue
		}
		var cands []int
		for _, t := range toks {
			for _, gi := range byTok[t] {
				if g.groups[gi].alive && !slices.Contains(cands, gi) {
					cands = append(cands, gi)
				}
			}
		}
		best, bestScore := -1, -1.0
		for _, gi := range cands {
			if g.groups[gi].full && compatible(gi, toks) {
				if s := salience(gi, it.sent); s > bestScore {
					best, bestScore = gi, s
				}
			}
		}
		if best < 0 && len(toks) == 1 {
			for _, gi := range cands {
				if !g.groups[gi].full && compatible(gi, toks) {
					best = gi
					break
				}
			}
		}
		if best < 0 && len(toks) == 1 {
			// a given name alone ("Rebekah" after "Rebekah Vell") is the
			// one person named so far with that given name, when there is
			// only one ("Hugo" after "Hugo Carvajal" and "Hugo Chávez" is
			// neither)
			only := -1
			for _, gi := range cands {
				if !g.groups[gi].full {
					continue
				}
				first := false
				for _, f := range g.groups[gi].forms {
					first = first || len(f) >= 2 && f[0] == toks[0]
				}
				if first {
					if only >= 0 {
						only = -1
						break
					}
					only = gi
				}
			}
			best = only
		}
		if best < 0 {
			best = g.newGroup("PER")
		}
		for _, k := range run {
			g.add(best, k)
		}
		addForm(best, toks)
		touch(best, it.sent)
		if len(toks) >= 2 {
			// earlier surname-only groups this full name completes
			for _, gi := range cands {
				gr := &g.groups[gi]
				if gi == best || gr.full || !gr.alive || !compatible(gi, toks) {
					continue
				}
				for _, k := range gr.members {
					g.add(best, k)
				}
				for _, f := range gr.forms {
					addForm(best, f)
				}
				gr.alive, gr.members = false, nil
			}
		}
		ii = run[len(run)-1]
	}
}

// nicknames joins a person named by a nickname alone ("El Chapo",
// before or after `Joaquin "El Chapo" Guzman`) to the person whose
// nickname it is, when only one person of the document has it.
func (g *grouper) nicknames() {
	owner := map[string]int{} // folded nickname → group, -1 when several
	for ii := range g.items {
		it := &g.items[ii]
		if it.nick == "" || it.group < 0 || g.items[ii].m.Label != "PER" {
			continue
		}
		k := Fold(it.nick)
		if o, ok := owner[k]; ok && o != it.group {
			owner[k] = -1
		} else {
			owner[k] = it.group
		}
	}
	if len(owner) == 0 {
		return
	}
	for gi := range g.groups {
		gr := &g.groups[gi]
		if !gr.alive || gr.typ != "PER" || len(gr.members) == 0 {
			continue
		}
		target := -1
		for _, k := range gr.members {
			it := &g.items[k]
			o, ok := owner[it.key]
			if !ok || o < 0 || o == gi || it.fragment || it.aliasOf || target >= 0 && o != target {
				target = -1
				break
			}
			target = o
		}
		if target < 0 {
			continue
		}
		for _, k := range gr.members {
			g.add(target, k)
			g.items[k].aliasOf = true // not the canonical name
		}
		gr.alive, gr.members = false, nil
	}
}

// simple groups locations, miscellany and values by key: countries and
// demonyms by their country, numbers by their normalized value.
func (g *grouper) simple() {
	byKey := map[string]int{}
	for ii := range g.items {
		it := &g.items[ii]
		if it.group >= 0 {
			continue
		}
		if it.aliasOf && ii > 0 && g.items[ii-1].group >= 0 && g.items[ii-1].m.Label == it.m.Label {
			g.add(g.items[ii-1].group, ii)
			continue
		}
		key := it.m.Label + "\x00" + it.key
		switch {
		case isNumeric(it.m.Label):
			key = it.m.Label + "\x00" + normalizeValue(it.name)
		case it.demonym:
			key = "DEMONYM\x00" + it.country
		case it.country != "" && it.m.Label == "LOC":
			key = "LOC\x00" + it.country
		}
		gi, ok := byKey[key]
		if !ok {
			gi = g.newGroup(it.m.Label)
			byKey[key] = gi
		}
		g.add(gi, ii)
	}
}

// normalizeValue makes "US$2.5 billion" and "$2.5 billion", "15%" and
// "15 percent" one value.
func normalizeValue(s string) string {
	f := Fold(s)
	f = strings.ReplaceAll(f, "us$", "$")
	f = strings.ReplaceAll(f, " per cent", "%")
	f = strings.ReplaceAll(f, " percent", "%")
	f = strings.ReplaceAll(f, " pct", "%")
	return f
}

// build turns groups into entities, in order of first mention.
func (g *grouper) build() []dossier.DocEntity {
	type order struct{ gi, start int }
	var firsts []order
	for gi := range g.groups {
		gr := &g.groups[gi]
		if !gr.alive || len(gr.members) == 0 {
			continue
		}
		sort.Ints(gr.members)
		firsts = append(firsts, order{gi, g.items[gr.members[0]].m.Start})
	}
	sort.SliceStable(firsts, func(a, b int) bool { return firsts[a].start < firsts[b].start })
	out := make([]dossier.DocEntity, 0, len(firsts))
	for n, o := range firsts {
		gr := &g.groups[o.gi]
		e := dossier.DocEntity{
			ID:       "e" + strconv.Itoa(n+1),
			Type:     gr.typ,
			Aliases:  []string{},
			Mentions: make([]dossier.Mention, 0, len(gr.members)),
			Roles:    []dossier.Role{},
			Topics:   []string{},
		}
		canon := g.canonical(gr)
		e.Name = g.items[canon].name
		seen := map[string]bool{Fold(e.Name): true}
		addAlias := func(a string) {
			if a == "" {
				return
			}
			if f := Fold(a); !seen[f] {
				seen[f] = true
				e.Aliases = append(e.Aliases, a)
			}
		}
		tseen := map[string]bool{}
		for _, k := range gr.members {
			it := &g.items[k]
			m := it.m
			m.Label, m.Kind = gr.typ, "name"
			e.Mentions = append(e.Mentions, m)
			if !it.fragment {
				addAlias(it.name)
			}
			addAlias(it.nick)
			for _, a := range it.extra {
				addAlias(a)
			}
			for _, t := range it.titles {
				if !tseen[t] {
					tseen[t] = true
					e.Titles = append(e.Titles, t)
				}
			}
			if e.Country == "" && it.country != "" && gr.typ != "PER" {
				e.Country = it.country
			}
		}
		out = append(out, e)
	}
	return out
}

// canonical picks the item whose name becomes the entity's: for persons
// the longest full name, for organizations the longest name not given as
// an alias, else the first.
func (g *grouper) canonical(gr *group) int {
	best, bestN, bestLen := gr.members[0], -1, -1
	for _, k := range gr.members {
		it := &g.items[k]
		if it.aliasOf {
			continue
		}
		var n int
		switch gr.typ {
		case "PER":
			n = len(words(it.name))
			if len(it.toks) < 2 {
				n = 0
			}
		case "ORG", "MISC", "LOC":
			n = len(contentTokens(it.key))
			if isAcronym(it.name) {
				n = 0
			}
		default:
			n = 0
		}
		if n > bestN || n == bestN && gr.typ != "PER" && len(it.name) > bestLen && n > 0 {
			best, bestN, bestLen = k, n, len(it.name)
		}
	}
	return best
}

func decodeRune(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}
