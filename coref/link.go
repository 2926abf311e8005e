package coref

import (
	"context"
	"slices"
	"sort"
	"strings"
	"unicode"

	"dossier"
	"dossier/segment"
)

// Kinds of mention as dossier.Mention.Kind gives them.
const (
	KindName    = "name"
	KindPronoun = "pronoun"
	KindNominal = "nominal"
)

// linkPronouns are the pronouns Link gives an entity, with the entity
// types each may refer to. Demonstratives, relatives and "you" are left
// out: in news they seldom stand for a named person or organization.
var linkPronouns = func() map[string]string {
	out := map[string]string{}
	for _, p := range strings.Fields("he him his himself she her hers herself i me my mine myself") {
		out[p] = "PER"
	}
	for _, p := range strings.Fields("it its itself") {
		out[p] = "ORG"
	}
	// a person's entity is one person: "they" and "we" stand for an
	// organization (or for several people)
	for _, p := range strings.Fields("they them their theirs themselves we us our ours ourselves") {
		out[p] = "ORG"
	}
	return out
}()

// Link adds to ents, the entities resolve.Resolve made of the
// recognizer's names (names) in text, the pronouns and descriptions that
// the model puts in one chain with them: "he", "its", "the veteran
// officer", "the bank". Each added mention has Kind "pronoun" or
// "nominal" and the entity's type as its label; the entities' own
// mentions get Kind "name". Only persons and organizations gain
// mentions, and only mentions that agree with them (he and she with a
// person, it with an organization, a description the typer calls a
// person with a person). A pronoun or description takes the entity of
// the nearest name before it in its chain (after it when the chain opens
// with it); a name on a byline ("By Jane Roe") takes none; a description
// or pronoun of an organization takes another organization named since
// its chain's last mention in its sentence or the one before
// (recentOrg), and a chain without a name that opens with "the
// department" the organization just named with that word (orgNamed); the
// model card (docs/model-card-coref.md) says why. Descriptions that
// overlap a name are cut to the words after it ("Venezuela's president"
// → "president") or left out, and of nested descriptions only the outer
// one is kept, so no byte belongs to two mentions. Mentions stay in text
// order.
func (m *Model) Link(text string, sents []segment.Sentence, names []dossier.Mention, ents []dossier.DocEntity) {
	m.LinkContext(context.Background(), text, sents, names, ents)
}

// LinkContext is Link that stops between mentions once ctx ends and
// then returns ctx.Err(), having added no mention to ents.
func (m *Model) LinkContext(ctx context.Context, text string, sents []segment.Sentence, names []dossier.Mention, ents []dossier.DocEntity) error {
	// the names of every entity, by span: all of them, and those a
	// pronoun or description may refer to (not a byline's)
	var all, refs []nameRef
	for i := range ents {
		for k := range ents[i].Mentions {
			x := &ents[i].Mentions[k]
			if x.Kind == "" {
				x.Kind = KindName
			}
			if x.Kind != KindName || x.Start < 0 || x.End > len(text) || x.Start >= x.End {
				continue
			}
			all = append(all, nameRef{x.Start, x.End, i})
			if !byline(text, x.Start, x.End) {
				refs = append(refs, nameRef{x.Start, x.End, i})
			}
		}
	}
	if len(refs) == 0 {
		return ctx.Err()
	}
	slices.SortFunc(all, func(a, b nameRef) int { return a.start - b.start })
	slices.SortFunc(refs, func(a, b nameRef) int { return a.start - b.start })
	allEnd, refsEnd := maxEnds(all), maxEnds(refs)
	chains := m.resolve(ctx, text, sents, names, true)
	if err := ctx.Err(); err != nil {
		return err
	}
	var added []addedMention
	for _, ch := range chains {
		// the entity of each of the chain's names
		of := make([]int, len(ch.Mentions))
		for k, x := range ch.Mentions {
			of[k] = -1
			if x.Kind == KindName {
				of[k] = nameEntity(overlapFrom(refs, refsEnd, x.Start), x.Start, x.End)
			}
		}
		named := -1 // the chain's organization, for a chain without a name
		if !slices.ContainsFunc(of, func(e int) bool { return e >= 0 && party(ents[e].Type) }) {
			named = orgNamed(text, sents, ents, refs, ch)
		}
		cur, last := named, -1 // the entity of the chain's latest mention, and where that is
		for k, x := range ch.Mentions {
			if x.Kind == KindName {
				if of[k] >= 0 && party(ents[of[k]].Type) {
					cur, last = of[k], x.Start
				}
				continue
			}
			e := cur
			for q := k + 1; q < len(ch.Mentions) && e < 0; q++ {
				if of[q] >= 0 && party(ents[of[q]].Type) {
					e = of[q]
				}
			}
			if e >= 0 && ents[e].Type == "ORG" {
				e = recentOrg(text, sents, ents, refs, x, e, last)
			}
			if e < 0 || !agrees(x, ents[e].Type) {
				continue
			}
			cur, last = e, x.Start
			start, end, ok := outsideNames(text, overlapFrom(all, allEnd, x.Start), x.Start, x.End)
			if !ok {
				continue
			}
			added = append(added, addedMention{dossier.Mention{Start: start, End: end, Text: text[start:end], Label: ents[e].Type, Kind: x.Kind}, e})
		}
	}
	// the outer of nested or overlapping descriptions
	slices.SortStableFunc(added, func(a, b addedMention) int {
		if a.m.Start != b.m.Start {
			return a.m.Start - b.m.Start
		}
		return b.m.End - a.m.End
	})
	end := -1
	adds := map[int][]dossier.Mention{} // entity → its new mentions, in text order
	for _, a := range added {
		if a.m.Start < end {
			continue
		}
		end = a.m.End
		adds[a.ent] = append(adds[a.ent], a.m)
	}
	for ei, ms := range adds {
		ents[ei].Mentions = mergeMentions(ents[ei].Mentions, ms)
	}
	return nil
}

// mergeMentions merges new mentions into an entity's, both in text
// order; a new one goes before an old one at the same start. One merge
// per entity, not one insertion per mention, keeps an entity of
// thousands of mentions linear.
func mergeMentions(old, add []dossier.Mention) []dossier.Mention {
	out := make([]dossier.Mention, 0, len(old)+len(add))
	i := 0
	for _, m := range add {
		for i < len(old) && old[i].Start < m.Start {
			out = append(out, old[i])
			i++
		}
		out = append(out, m)
	}
	return append(out, old[i:]...)
}

// maxEnds returns, for names sorted by start, the greatest end among
// each name and those before it.
func maxEnds(refs []nameRef) []int {
	out := make([]int, len(refs))
	hi := 0
	for i, r := range refs {
		hi = max(hi, r.end)
		out[i] = hi
	}
	return out
}

// overlapFrom returns refs from the first name that may overlap byte p
// or what follows it: every name before ends at or before p (maxEnd is
// maxEnds(refs)), so a scan for names overlapping [p, …) can start
// there instead of at the first name of the text.
func overlapFrom(refs []nameRef, maxEnd []int, p int) []nameRef {
	i := sort.Search(len(maxEnd), func(i int) bool { return maxEnd[i] > p })
	return refs[i:]
}

// recentOrg returns the organization that a description or pronoun x
// refers to, given e, the one its chain gives it, last mentioned at byte
// last: e when a description's head is a word of e's name ("the
// department", "the US Treasury Department"), else another organization
// named since, in x's sentence or the one before, if there is one (the
// latest, or the latest with the head in its name), else e. The model,
// trained on GUM with few organizations, follows string matches far
// back ("the company" to "a Houston company" four paragraphs up); news
// mostly means the organization just named ("Tecnomar has not been
// charged. In a statement, the company said …").
func recentOrg(text string, sents []segment.Sentence, ents []dossier.DocEntity, refs []nameRef, x Mention, e, last int) int {
	head := ""
	if x.Kind == KindNominal {
		ws := strings.Fields(strings.ToLower(x.Text))
		head = strings.TrimSuffix(strings.TrimSuffix(ws[len(ws)-1], "'s"), "’s")
		if hasWord(ents[e].Name, head) {
			return e
		}
	}
	p := x.Start
	k := sentenceAt(sents, p)
	from := 0
	if k >= 1 && k < len(sents) {
		from = sents[k-1].Start
	}
	from = max(from, last+1)
	best, byHead := e, -1
	// names before from do not count: start at the first at or after it
	refs = refs[sort.Search(len(refs), func(i int) bool { return refs[i].start >= from }):]
	for _, r := range refs {
		if r.start >= p {
			break
		}
		if r.start >= from && ents[r.ent].Type == "ORG" {
			best = r.ent
			if head != "" && hasWord(text[r.start:r.end], head) {
				byHead = r.ent
			}
		}
	}
	if byHead >= 0 {
		return byHead
	}
	return best
}

// hasWord reports whether lowercase word w is one of the words of name.
func hasWord(name, w string) bool {
	for _, x := range strings.Fields(strings.ToLower(name)) {
		if x == w {
			return true
		}
	}
	return false
}

// sentenceAt returns the index of the sentence holding byte p (the
// number of sentences when none does and p is past them).
func sentenceAt(sents []segment.Sentence, p int) int {
	k, _ := slices.BinarySearchFunc(sents, p, func(s segment.Sentence, p int) int {
		if s.End <= p {
			return -1
		}
		if s.Start > p {
			return 1
		}
		return 0
	})
	return k
}

// orgNamed returns the organization a chain without a name refers to
// when it opens with a definite description whose head is a word of the
// organization's name, named in the same or the two sentences before
// ("the department" after "the US Treasury Department"; the latest
// such), or -1.
func orgNamed(text string, sents []segment.Sentence, ents []dossier.DocEntity, refs []nameRef, ch Entity) int {
	x := ch.Mentions[0]
	if x.Kind != KindNominal || x.Type != "ORG" {
		return -1
	}
	ws := strings.Fields(strings.ToLower(x.Text))
	if len(ws) < 2 || ws[0] != "the" && ws[0] != "this" {
		return -1
	}
	head := strings.TrimSuffix(strings.TrimSuffix(ws[len(ws)-1], "'s"), "’s")
	if !orgHeads[head] {
		return -1
	}
	k := sentenceAt(sents, x.Start)
	from := 0
	if k-2 >= 0 && k-2 < len(sents) {
		from = sents[k-2].Start
	}
	best := -1
	refs = refs[sort.Search(len(refs), func(i int) bool { return refs[i].start >= from }):]
	for _, r := range refs {
		if r.start >= x.Start {
			break
		}
		if r.start < from || ents[r.ent].Type != "ORG" {
			continue
		}
		for _, w := range strings.Fields(strings.ToLower(text[r.start:r.end])) {
			if w == head {
				best = r.ent
			}
		}
	}
	return best
}

// orgHeads are nouns that head descriptions of organizations in news:
// "the bank", "the company", "the cartel".
var orgHeads = func() map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(`company firm bank lender insurer group business conglomerate corporation
		fund agency ministry department cartel gang network charity foundation university party club
		airline carrier broker exchange manufacturer retailer operator bureau commission court
		newspaper broadcaster regulator subsidiary unit syndicate organization organisation`) {
		out[w] = true
	}
	return out
}()

// newsType retypes a mention as news has it, where the typer (trained
// on GUM, which has few companies) calls "the company" a person and
// "the bank" a place: a name the recognizer (trained on news) calls an
// organization's is one, and so is a description headed by a noun of
// orgHeads.
func newsType(t *text, x *mention) {
	switch x.kind {
	case kName:
		if t.toks[x.head].ner == tORG {
			x.typ = tORG
		}
	case kNominal:
		if orgHeads[x.headLow] && x.typ != tORG {
			x.typ = tORG
		}
	}
}

// byline reports whether the name at [start, end) is a byline's: on a
// line of its own after "By" ("By Paul Ainsworth", "By Jane Roe and
// John Doe, Reuters"). The writer is not the "he" of the story; a
// model trained on documents without bylines reads the first person
// named as the one the text is about.
func byline(text string, start, end int) bool {
	// A byline is a short line: the line is looked for at most
	// maxBylineScan bytes either side of the mention, so that a text
	// without line breaks does not cost a scan of the whole text per
	// mention; a line longer than that is no byline.
	lo := max(0, start-maxBylineScan)
	ls := strings.LastIndexByte(text[lo:start], '\n')
	if ls < 0 && lo > 0 {
		return false
	}
	ls += lo + 1
	hi := min(len(text), end+maxBylineScan)
	le := strings.IndexByte(text[end:hi], '\n')
	if le < 0 {
		if hi < len(text) {
			return false
		}
		le = len(text)
	} else {
		le += end
	}
	line := strings.TrimSpace(text[ls:le])
	if len(line) > 120 {
		return false
	}
	low := strings.ToLower(line)
	return strings.HasPrefix(low, "by ") || strings.HasPrefix(low, "by:")
}

// maxBylineScan bounds the bytes byline reads on each side of a mention.
const maxBylineScan = 512

type nameRef struct{ start, end, ent int }

type addedMention struct {
	m   dossier.Mention
	ent int
}

func party(typ string) bool { return typ == "PER" || typ == "ORG" }

// nameEntity returns the entity whose names overlap [start, end) most, or
// -1.
func nameEntity(refs []nameRef, start, end int) int {
	best, most := -1, 0
	for _, r := range refs {
		if r.start >= end {
			break
		}
		if o := min(end, r.end) - max(start, r.start); o > most {
			best, most = r.ent, o
		}
	}
	return best
}

// agrees reports whether mention x can refer to an entity of type typ.
func agrees(x Mention, typ string) bool {
	if x.Kind == KindPronoun {
		return strings.Contains(linkPronouns[strings.ToLower(x.Text)], typ)
	}
	return x.Type == typ
}

// outsideNames returns the part of [start, end) that overlaps no name:
// all of it, or the words after the last name inside it ("Venezuela's
// president" → "president"); ok is false when nothing with a letter is
// left.
func outsideNames(text string, refs []nameRef, start, end int) (int, int, bool) {
	for _, r := range refs {
		if r.start >= end {
			break
		}
		if r.end > start && r.start < end {
			start = max(start, r.end)
		}
	}
	if start >= end {
		return 0, 0, false
	}
	s := text[start:end]
	rest := strings.TrimLeftFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if lead := s[:len(s)-len(rest)]; strings.ContainsAny(lead, "'’") && len(rest) > 0 && rest[0] == 's' && (len(rest) == 1 || !unicode.IsLetter(rune(rest[1]))) {
		rest = strings.TrimLeftFunc(rest[1:], unicode.IsSpace) // the s of a possessive 's
	}
	if !strings.ContainsFunc(rest, unicode.IsLetter) {
		return 0, 0, false
	}
	return end - len(rest), end, true
}
