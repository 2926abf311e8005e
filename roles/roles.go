package roles

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"dossier"
	"dossier/segment"
)

// Assign finds the roles the text gives each person in ents and fills
// ents[i].Roles, Topics and Deceased in place; it also gives an
// organization described as a state enterprise the topic gov.soe. ents
// come from resolve.Resolve on the same text; sents are
// segment.Sentences(text) (nil: they are computed). Spans that do not
// fit the text are ignored, never a panic.
func Assign(text string, sents []segment.Sentence, ents []dossier.DocEntity) {
	if len(ents) == 0 {
		return
	}
	if sents == nil {
		sents = segment.Sentences(text)
	}
	a := assigner{text: text, sents: sents, ents: ents, words: map[int][]tok{}}
	a.index()
	// Organizations first: a post at a state enterprise needs to know it.
	for i := range ents {
		if ents[i].Type == "ORG" {
			a.organization(i)
		}
	}
	for i := range ents {
		if ents[i].Type == "PER" {
			a.person(i)
		}
	}
	// Relatives and associates of a PEP: role.rca.
	for _, rr := range a.relations {
		e := &ents[rr.ent]
		if rr.role >= len(e.Roles) {
			continue
		}
		r := &e.Roles[rr.role]
		for j := range ents {
			if ents[j].ID == r.OfEntity && r.OfEntity != "" && isPEP(&ents[j]) && !slices.Contains(r.Topics, Associate) {
				r.Topics = append(r.Topics, Associate)
			}
		}
	}
	for i := range ents {
		e := &ents[i]
		if e.Roles == nil {
			e.Roles = []dossier.Role{}
		}
		var ts []string
		ts = append(ts, e.Topics...)
		for _, r := range e.Roles {
			ts = append(ts, r.Topics...)
		}
		sort.Strings(ts)
		e.Topics = slices.Compact(ts)
		if e.Topics == nil {
			e.Topics = []string{}
		}
	}
}

// isPEP reports whether one of e's roles is a public office.
func isPEP(e *dossier.DocEntity) bool {
	for _, r := range e.Roles {
		if slices.Contains(r.Topics, PEP) {
			return true
		}
	}
	return false
}

// tok is a token of a sentence with what Assign needs of it.
type tok struct {
	start, end int
	raw, low   string // text, and folded: lower case, no periods or accents
	kind       segment.Kind
	ent        int // entity whose mention holds the token, or -1
	mstart     bool
}

// isName reports whether a mention is a name: roles are read around
// names, not around the pronouns and descriptions the coref stage adds
// ("his lawyer" is no post of his).
func isName(m dossier.Mention) bool { return m.Kind == "" || m.Kind == "name" }

// ref is one mention of an entity.
type ref struct{ start, end, ent int }

type assigner struct {
	text  string
	sents []segment.Sentence
	ents  []dossier.DocEntity
	refs  []ref
	words map[int][]tok // by sentence index
	// relations are roles that earn role.rca if their OfEntity is a PEP
	relations []struct{ ent, role int }
}

func (a *assigner) index() {
	for i, e := range a.ents {
		for _, m := range e.Mentions {
			if !isName(m) {
				continue
			}
			if m.Start >= 0 && m.End <= len(a.text) && m.Start < m.End {
				a.refs = append(a.refs, ref{m.Start, m.End, i})
			}
		}
	}
	sort.Slice(a.refs, func(i, j int) bool { return a.refs[i].start < a.refs[j].start })
}

// sentence returns the index of the sentence holding position p, or -1.
func (a *assigner) sentence(p int) int {
	k := sort.Search(len(a.sents), func(i int) bool { return a.sents[i].End > p })
	if k < len(a.sents) && a.sents[k].Start <= p {
		return k
	}
	return -1
}

// tokens returns the tokens of sentence k, built once.
func (a *assigner) tokens(k int) []tok {
	if w, ok := a.words[k]; ok {
		return w
	}
	s := a.sents[k]
	w := make([]tok, 0, len(s.Tokens))
	r := sort.Search(len(a.refs), func(i int) bool { return a.refs[i].end > s.Start })
	for _, t := range s.Tokens {
		if t.Start < 0 || t.End > len(a.text) || t.Start >= t.End {
			continue
		}
		raw := a.text[t.Start:t.End]
		x := tok{start: t.Start, end: t.End, raw: raw, low: fold(raw), kind: t.Kind, ent: -1}
		for r < len(a.refs) && a.refs[r].end <= t.Start {
			r++
		}
		if r < len(a.refs) && a.refs[r].start < t.End && a.refs[r].end > t.Start {
			x.ent = a.refs[r].ent
			x.mstart = a.refs[r].start >= t.Start || len(w) == 0 || w[len(w)-1].ent != x.ent
		}
		w = append(w, x)
	}
	a.words[k] = w
	return w
}

// span finds the tokens [i, j) of sentence k that a mention covers.
func span(w []tok, start, end int) (int, int) {
	i := sort.Search(len(w), func(n int) bool { return w[n].end > start })
	j := i
	for j < len(w) && w[j].start < end {
		j++
	}
	return i, j
}

// person finds the roles of person entity ei around each of its mentions.
func (a *assigner) person(ei int) {
	e := &a.ents[ei]
	for _, m := range e.Mentions {
		if m.Start < 0 || m.End > len(a.text) || m.Start >= m.End || !isName(m) {
			continue
		}
		k := a.sentence(m.Start)
		if k < 0 {
			continue
		}
		w := a.tokens(k)
		i, j := span(w, m.Start, m.End)
		if i >= j {
			continue
		}
		a.around(ei, w, i, j)
	}
}

// around applies the patterns to a person's mention at tokens [i, j).
func (a *assigner) around(ei int, w []tok, i, j int) {
	e := &a.ents[ei]
	// "the late Hugo Chávez"
	if i >= 2 && w[i-1].low == "late" && (w[i-2].low == "the" || w[i-2].low == "of") {
		e.Deceased = true
	}
	// Title before the name: "Gen. Hugo Carvajal", "Attorney General
	// William P. Barr", "the opposition leader Juan Guaidó".
	if d, ok := a.before(w, i, true); ok {
		a.add(ei, w, d)
		// "The defector, Capt. Leamsy Salazar"
		if t := d.start; t >= 2 && w[t-1].raw == "," {
			if d2, ok := a.before(w, t-1, false); ok {
				a.add(ei, w, d2)
			}
		}
	}
	// Pre-posed descriptor: "Venezuela's president, Nicolás Maduro".
	if i >= 2 && w[i-1].raw == "," {
		if d, ok := a.before(w, i-1, false); ok {
			a.add(ei, w, d)
			// "two senior officials, Henry Rangel Silva and Ramón Rodríguez Chacín"
			if j+1 < len(w) && w[j].low == "and" && w[j+1].ent >= 0 && a.ents[w[j+1].ent].Type == "PER" {
				a.add(w[j+1].ent, w, d)
			}
		}
	}
	// "named El Aissami vice president"
	if i >= 1 && j < len(w) && appointVerbs[w[i-1].low] {
		if d, ok := a.parse(w, j, len(w), false); ok && d.headStart == j {
			a.add(ei, w, d)
		}
	}
	// After the name.
	k := j
	if k < len(w) && w[k].raw == "," {
		k++
		// an age: "Rodrigo Peñalver Ríos, 57,"
		if k+1 < len(w) && w[k].kind == segment.Number && w[k+1].raw == "," {
			k += 2
		}
		if d, ok := a.parse(w, k, len(w), true); ok {
			a.add(ei, w, d)
			a.relative(ei, w, d.end)
			return
		}
	}
	// A name that is the object of a preposition ("a former bodyguard
	// for the late Hugo Chávez who later headed …") does not own the
	// clause after it.
	p := i - 1
	for p >= 0 && (w[p].low == "the" || w[p].low == "late") {
		p--
	}
	if p >= 0 && preps[w[p].low] {
		return
	}
	if k < len(w) && (w[k].low == "who" || w[k].low == "whom") {
		a.relative(ei, w, k)
		return
	}
	// Copular: "Cabello is the president of …", "described Salazar as …".
	if i >= 1 && (w[i-1].low == "that" || w[i-1].low == "whether") {
		return // reported speech: an allegation, not a role
	}
	switch {
	case k < len(w) && copulas[w[k].low]:
		served := w[k].low == "served"
		k++
		for k < len(w) && (w[k].low == "now" || w[k].low == "also" || w[k].low == "still" || w[k].low == "once") {
			k++
		}
		if k < len(w) && w[k].low == "as" {
			k++
		} else if served {
			return
		}
		if k < len(w) && (determiners[w[k].low] || w[k].low == "former" || served) {
			if d, ok := a.parse(w, k, len(w), true); ok {
				d.former = d.former || served
				a.add(ei, w, d)
			}
		}
	case k < len(w) && w[k].low == "as" && k == j:
		if d, ok := a.parse(w, k+1, len(w), true); ok {
			a.add(ei, w, d)
		}
	}
}

// headPost is the post of one who heads, runs or leads something.
var headPost = &post{words: []string{"head"}, title: "head", lead: true}

var (
	appointVerbs = toSet("named", "appointed", "nominated", "elected", "made", "installed")
	copulas      = toSet("is", "was", "remains", "remained", "became", "becomes", "served", "serves")
	determiners  = toSet("the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "that")
	leadVerbs    = toSet("heads", "headed", "head", "leads", "led", "lead", "runs", "ran", "run", "chairs", "chaired", "commands", "commanded")
	// boundaries end a descriptor's object and cannot stand in one.
	boundaries = toSet("who", "whom", "whose", "which", "that", "and", "or", "but",
		"when", "where", "while", "since", "from", "until", "after", "before",
		"as", "because", "with", "during", "for", "in", "under", "at", "on",
		"to", "said", "says", "told", "is", "was", "were", "are", "has", "have",
		"had", "will", "would", "could", "can", "may", "might", "should", "did",
		"does", "do", "not", "than", "if", "by", "between", "over", "against",
		"into", "about", "according")
	preps       = toSet("of", "for", "at", "to", "from", "in", "with", "on")
	formerWords = toSet("former", "ex", "retired", "then", "onetime", "erstwhile", "once")
)

func toSet(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// relative reads a relative clause after a person or a descriptor:
// "who served as minister of public works", "who ran military
// intelligence", "whom the United States recognizes as interim
// president", "it described as El Aissami's front man".
func (a *assigner) relative(ei int, w []tok, k int) {
	if k >= len(w) {
		return
	}
	// a reduced clause after a descriptor: "a businessman it described
	// as El Aissami's front man"
	reduced := w[k].low == "it" || w[k].low == "he" || w[k].low == "she" || w[k].low == "they"
	if w[k].low != "who" && w[k].low != "whom" && !reduced {
		return
	}
	limit := min(len(w), k+16)
	for n := k + 1; n < limit; n++ {
		t := w[n]
		if t.kind == segment.Punct || t.kind == segment.Quote {
			return
		}
		if t.low == "as" {
			if d, ok := a.parse(w, n+1, len(w), true); ok {
				d.former = d.former || pastService(w[k+1:n])
				a.add(ei, w, d)
			}
			return
		}
		if leadVerbs[t.low] && n+1 < len(w) && !reduced {
			d := desc{start: n, headStart: n, heads: []*post{headPost}, objStart: n + 1}
			d.former = t.low == "headed" || t.low == "led" || t.low == "ran" || t.low == "chaired" || t.low == "commanded"
			m := a.object(w, n+1, len(w))
			if m == n+1 {
				return
			}
			d.objEnd, d.end = m, m
			a.add(ei, w, d)
			return
		}
	}
}

// pastService reports a past-tense verb of office in a relative clause.
func pastService(w []tok) bool {
	for _, t := range w {
		switch t.low {
		case "served", "was", "once", "previously", "formerly":
			return true
		}
	}
	return false
}

// desc is a parsed descriptor: "a former bodyguard for the late Hugo
// Chávez", "Venezuela's president", "the ABC reporter".
type desc struct {
	start, end         int // tokens [start, end)
	headStart          int
	heads              []*post
	former, late       bool
	its                bool // "its president": of an organization named before
	possStart, possEnd int  // possessor tokens ("Venezuela" in "Venezuela's president"), if any
	modEnt             int  // an entity named before the head ("ABC" reporter), or -1
	objStart, objEnd   int  // object tokens after of/for/at/to/from/in
}

// before finds a descriptor that ends right before token end (exclusive)
// and whose head is its last word: the title before a name, or a
// pre-posed descriptor before ", Name".
func (a *assigner) before(w []tok, end int, title bool) (desc, bool) {
	var best desc
	found := false
	for s := end - 1; s >= 0 && s >= end-16; s-- {
		t := w[s]
		if t.kind == segment.Punct && !isPossessive(t.low) || t.kind == segment.Quote {
			break
		}
		d, ok := a.parse(w, s, end, false)
		if !ok || d.end != end {
			continue
		}
		if title && (d.objStart >= 0 || len(d.heads) != 1 || d.headStart+len(d.heads[0].words) != end) {
			continue
		}
		best, found = d, true
	}
	return best, found
}

func isPossessive(s string) bool { return s == "'s" || s == "'" }

// parse reads a descriptor starting at token i, within [i, lim). With
// appositive set it may be followed by anything that ends a phrase; it
// always stops where the descriptor stops (d.end).
func (a *assigner) parse(w []tok, i, lim int, appositive bool) (desc, bool) {
	d := desc{start: i, possStart: -1, modEnt: -1, objStart: -1}
	if i >= lim {
		return d, false
	}
	first := w[i]
	if boundaries[first.low] || first.kind == segment.Punct || first.kind == segment.Quote || first.kind == segment.Symbol {
		return d, false
	}
	k := i
	detStart := i
	for k < lim && k-i < 12 {
		t := w[k]
		if t.ent >= 0 && (len(d.heads) == 0) {
			// a named entity before the head: possessor or modifier,
			// first or after a determiner ("the ABC reporter")
			e := t.ent
			n := k
			for n < lim && w[n].ent == e {
				n++
			}
			if k > i && !determiners[w[k-1].low] && !formerWords[w[k-1].low] && !isPossessive(w[k-1].low) {
				return d, false
			}
			if n < lim && isPossessive(w[n].low) {
				d.possStart, d.possEnd = k, n
				k = n + 1
				detStart = k
				continue
			}
			if a.ents[e].Type == "PER" {
				return d, false
			}
			if a.ents[e].Type == "ORG" {
				d.modEnt = e
			}
			k = n
			continue
		}
		if p, n, former := matchPost(w, k, lim); p != nil {
			d.heads = []*post{p}
			d.headStart = k
			d.former = d.former || former
			k += n
			d.end = k
			// another post right after it is the real head ("general secretary")
			if k < lim {
				if p2, n2, _ := matchPost(w, k, lim); p2 != nil && w[k].ent < 0 {
					d.heads = []*post{p2}
					d.headStart = k
					k += n2
					d.end = k
				}
			}
			break
		}
		switch {
		case formerWords[t.low]:
			d.former = d.former || t.low != "once"
		case t.low == "late":
			d.late = true
		case isPossessive(t.low) && k > i:
			d.possStart, d.possEnd = detStart, k
			detStart = k + 1
		case determiners[t.low]:
			if k > i && !isPossessive(w[k-1].low) && !formerWords[w[k-1].low] {
				return d, false
			}
			detStart = k
			d.its = d.its || t.low == "its"
		case t.kind == segment.Word || t.kind == segment.Number:
			if boundaries[t.low] || appointVerbs[t.low] || preps[t.low] || copulas[t.low] {
				return d, false
			}
		default:
			return d, false
		}
		k++
	}
	if len(d.heads) == 0 {
		return d, false
	}
	// Coordinated heads: "the founder and chief executive of …",
	// "vice president and oil minister".
	if k+1 < lim && w[k].low == "and" {
		for m := k + 1; m < lim && m <= k+3; m++ {
			if p, n, _ := matchPost(w, m, lim); p != nil {
				d.heads = append(d.heads, p)
				k = m + n
				d.end = k
				break
			}
			if t := w[m]; t.kind != segment.Word || t.ent >= 0 || boundaries[t.low] || determiners[t.low] || isUpperStart(t.raw) {
				break
			}
		}
	}
	// An object: "head of the National Assembly", "ambassador to Spain".
	if k < lim && preps[w[k].low] {
		m := a.object(w, k+1, lim)
		if m > k+1 {
			d.objStart, d.objEnd = k+1, m
			k = m
			d.end = k
		}
	}
	d.end = k
	if appositive && k < lim {
		// the descriptor must end the phrase: no name may follow it
		t := w[k]
		if t.ent >= 0 || t.kind == segment.Word && isUpperStart(t.raw) {
			return d, false
		}
	}
	return d, true
}

// object reads a descriptor's object from token i: a noun phrase up to
// punctuation or a boundary word (which may stand inside a name).
func (a *assigner) object(w []tok, i, lim int) int {
	m := i
	for m < lim && m-i < 10 {
		t := w[m]
		if t.ent >= 0 {
			e := t.ent
			for m < lim && w[m].ent == e {
				m++
			}
			continue
		}
		if isPossessive(t.low) && m > i {
			m++
			continue
		}
		if t.kind == segment.Punct || t.kind == segment.Quote || boundaries[t.low] {
			break
		}
		m++
	}
	return m
}

// matchPost matches the longest post starting at token k; it also reads
// "ex-minister" as a former minister and "officials" as "official".
func matchPost(w []tok, k, lim int) (*post, int, bool) {
	low := w[k].low
	former := false
	if strings.HasPrefix(low, "ex-") && len(low) > 3 {
		low, former = low[3:], true
	}
	for _, p := range postIndex[low] {
		if k+len(p.words) > lim {
			continue
		}
		ok := true
		for n := 1; n < len(p.words); n++ {
			x := w[k+n].low
			if x != p.words[n] && !(n == len(p.words)-1 && x == p.words[n]+"s") {
				ok = false
				break
			}
		}
		if ok {
			return p, len(p.words), former
		}
	}
	if strings.HasSuffix(low, "s") && len(low) > 3 {
		for _, p := range postIndex[low[:len(low)-1]] {
			if len(p.words) == 1 {
				return p, 1, former
			}
		}
	}
	return nil, 0, false
}

// add turns a descriptor into roles of entity ei.
func (a *assigner) add(ei int, w []tok, d desc) {
	e := &a.ents[ei]
	if len(d.heads) == 0 || d.start >= len(w) || d.end > len(w) || d.end <= d.start {
		return
	}
	start, end := w[d.start].start, w[d.end-1].end
	if start < 0 || end > len(a.text) || start >= end {
		return
	}
	var of string
	ofEnt := -1
	switch {
	case d.objStart >= 0:
		of = a.text[w[d.objStart].start:w[d.objEnd-1].end]
		ofEnt = lastEntity(w, d.objStart, d.objEnd)
		if d.objEnd-d.objStart >= 3 && w[d.objStart].low == "the" && w[d.objStart+1].low == "late" && ofEnt >= 0 {
			a.ents[ofEnt].Deceased = true
		}
	case d.possStart >= 0 && d.possEnd > d.possStart:
		of = a.text[w[d.possStart].start:w[d.possEnd-1].end]
		ofEnt = lastEntity(w, d.possStart, d.possEnd)
	case d.modEnt >= 0:
		ofEnt = d.modEnt
		for n := d.start; n < d.headStart; n++ {
			if w[n].ent == d.modEnt {
				s := n
				for n < d.headStart && w[n].ent == d.modEnt {
					n++
				}
				of = a.text[w[s].start:w[n-1].end]
				break
			}
		}
	}
	if ofEnt == ei {
		ofEnt = -1
	}
	if ofEnt < 0 && of != "" {
		ofEnt = a.definite(fold(of), start)
	}
	orgOf := false // of an organization not named
	if ofEnt < 0 && of == "" && d.its {
		// "Petróleos de Venezuela, the state oil company, said its
		// president": the organization named last before, if any
		orgOf = true
		for n := d.start - 1; n >= 0; n-- {
			if e := w[n].ent; e >= 0 && e != ei && a.ents[e].Type == "ORG" {
				ofEnt, of = e, a.ents[e].Name
				break
			}
		}
	}
	of = strings.TrimSpace(of)
	if of != "" && isPronoun(fold(of)) {
		of = ""
	}
	cls := a.classOf(of, ofEnt)
	if d.late {
		e.Deceased = true
	}
	for _, p := range d.heads {
		r := dossier.Role{
			Title:  p.title,
			Text:   a.text[start:end],
			Of:     of,
			Former: d.former,
			Start:  start,
			End:    end,
		}
		if ofEnt >= 0 {
			r.OfEntity = a.ents[ofEnt].ID
		}
		if orgOf && ofEnt < 0 {
			r.Topics = topics(p, "its", cls)
		} else {
			r.Topics = topics(p, of, cls)
		}
		if a.addRole(e, r) && p.relation {
			a.relations = append(a.relations, struct{ ent, role int }{ei, len(e.Roles) - 1})
		}
	}
}

// definite finds the organization a definite description such as "the
// commission" or "the union" refers to: the one named last before
// position p whose name ends in that word ("Financial Services
// Commission"), or -1.
func (a *assigner) definite(of string, p int) int {
	head, ok := strings.CutPrefix(of, "the ")
	if !ok || head == "" || strings.ContainsAny(head, " '") {
		return -1
	}
	best, bestStart := -1, -1
	for _, r := range a.refs {
		if r.start >= p {
			break
		}
		e := &a.ents[r.ent]
		if e.Type != "ORG" || r.start <= bestStart {
			continue
		}
		name := fold(e.Name)
		if strings.HasSuffix(name, " "+head) {
			best, bestStart = r.ent, r.start
		}
	}
	return best
}

// topics decides a post's topics from the post and what it is of.
func topics(p *post, of string, cls class) []string {
	var ts []string
	switch {
	case p.lead && classTopics[cls] != nil:
		ts = classTopics[cls]
	case cls == country && (p.title == "head" || p.title == "leader"):
		// "who led Colombia from 2002 to 2010"
		ts = []string{PEP, Head}
	case p.orgDrop && of != "" && cls == noClass:
		// "president of Ferro Shipping Corp.", "the company's president";
		// of a country or a person ("Maduro's vice president") it stands
		ts = nil
	default:
		ts = p.topics
	}
	if len(ts) == 0 {
		return nil
	}
	return slices.Clone(ts)
}

// classOf classifies what a post is of, from its words and entity.
func (a *assigner) classOf(of string, ofEnt int) class {
	if ofEnt >= 0 {
		oe := &a.ents[ofEnt]
		switch {
		case oe.Type == "PER":
			return person
		case oe.Type == "LOC" && oe.Country != "" && len(strings.Fields(of)) <= 3:
			return country
		case slices.Contains(oe.Topics, SOE):
			return soe
		}
		if c := classify(fold(oe.Name)); c != noClass {
			if c2 := classify(fold(of)); c2 != noClass {
				return c2
			}
			return c
		}
	}
	return classify(fold(of))
}

func isPronoun(s string) bool {
	switch s {
	case "his", "her", "their", "its", "my", "our", "your":
		return true
	}
	return false
}

// lastEntity returns the entity of the last name in tokens [i, j) that is
// not a possessor, else of the last name, else -1.
func lastEntity(w []tok, i, j int) int {
	best, any := -1, -1
	for n := i; n < j; n++ {
		if w[n].ent < 0 {
			continue
		}
		e := w[n].ent
		m := n
		for m < j && w[m].ent == e {
			m++
		}
		any = e
		if !(m < len(w) && isPossessive(w[m].low)) {
			best = e
		}
		n = m - 1
	}
	if best >= 0 {
		return best
	}
	return any
}

// addRole appends r unless the entity has the same post of the same
// thing already, and reports whether it did.
func (a *assigner) addRole(e *dossier.DocEntity, r dossier.Role) (added bool) {
	for n := range e.Roles {
		o := &e.Roles[n]
		if o.Title != r.Title {
			continue
		}
		if o.OfEntity != "" && o.OfEntity == r.OfEntity || fold(o.Of) == fold(r.Of) || r.Of == "" {
			if o.Of == "" && r.Of != "" {
				o.Of, o.OfEntity, o.Topics = r.Of, r.OfEntity, r.Topics
			}
			return false
		}
	}
	e.Roles = append(e.Roles, r)
	return true
}

// organization marks an organization described as a state enterprise:
// "Energía Orinoco S.A., the Venezuelan state oil company", "the state
// oil company Energía Orinoco S.A.".
func (a *assigner) organization(ei int) {
	e := &a.ents[ei]
	if classify(fold(e.Name)) == soe {
		e.Topics = append(e.Topics, SOE)
		return
	}
	for _, m := range e.Mentions {
		if !isName(m) {
			continue
		}
		k := a.sentence(m.Start)
		if k < 0 {
			continue
		}
		w := a.tokens(k)
		i, j := span(w, m.Start, m.End)
		if i >= j {
			continue
		}
		var parts []string
		for n := max(0, i-4); n < i; n++ {
			parts = append(parts, w[n].low)
		}
		if j+1 < len(w) && w[j].raw == "," {
			for n := j + 1; n < len(w) && n < j+8; n++ {
				if w[n].kind == segment.Punct || boundaries[w[n].low] && w[n].low != "and" {
					break
				}
				parts = append(parts, w[n].low)
			}
		}
		if classify(strings.Join(parts, " ")) == soe {
			e.Topics = append(e.Topics, SOE)
			return
		}
	}
}

// fold lowers s, strips accents and periods and straightens apostrophes.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c == '.' || 'A' <= c && c <= 'Z' {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '.':
			continue
		case r == '’' || r == '‘':
			r = '\''
		case r >= 0xC0 && r <= 0xFF:
			if c := latin1Base[r-0xC0]; c != 0 {
				r = rune(c)
			}
		default:
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

const latin1Base = "aaaaaaaceeeeiiiidnooooo\x00ouuuuyts" + "aaaaaaaceeeeiiiidnooooo\x00ouuuuyty"

func isUpperStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}
