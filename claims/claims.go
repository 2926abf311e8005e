package claims

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"dossier"
	"dossier/segment"
)

// tok is one token of a sentence, folded, with the document entity it
// belongs to (-1 for none).
type tok struct {
	start, end int
	raw, low   string
	kind       segment.Kind
	ent        int
	// cref is the entity a pronoun refers to by the coref stage (a
	// mention of Kind "pronoun"), -1 for none; pronoun reads it first
	cref int
}

// ref is one entity mention, by byte range; pron marks a pronoun the
// coref stage gave the entity.
type ref struct {
	start, end, ent int
	pron            bool
}

// reader holds one document while its claims are read.
type reader struct {
	text   string
	sents  []segment.Sentence
	ents   []dossier.DocEntity
	refs   []ref
	claims []dossier.Claim
	chains []chain // every sentence's chain, for "those sources"
	// lastPerson is the person last named before the sentence being read.
	lastPerson int
	// lastSubject is the person heading the last sentence that had one.
	lastSubject int
	publisher   *dossier.Source
	attrs       []dossier.Attribution
	// attrOrder and attrEnd index attrs for attributionOf
	attrOrder, attrEnd []int
}

// Extract reads the claims of a document: text, its sentences, its
// resolved entities (with roles) and the attributions a model found in
// it (may be nil). The claims come in text order, with IDs c1, c2, ….
//
// The rules find a claim's speaker where the sentence names one; where
// they find none, an attribution whose content holds the claim's
// evidence gives it ("“…,” said a person familiar with the
// investigation", or a quotation that began sentences earlier).
func Extract(text string, sents []segment.Sentence, ents []dossier.DocEntity, attrs []dossier.Attribution) []dossier.Claim {
	cs, _ := ExtractContext(context.Background(), text, sents, ents, attrs)
	return cs
}

// ExtractContext is Extract that stops between sentences once ctx ends,
// returning ctx.Err() and no claims.
func ExtractContext(ctx context.Context, text string, sents []segment.Sentence, ents []dossier.DocEntity, attrs []dossier.Attribution) ([]dossier.Claim, error) {
	r := &reader{text: text, sents: sents, ents: ents, lastPerson: -1, lastSubject: -1, attrs: attrs}
	r.index()
	r.indexAttributions()
	r.publisher = r.findPublisher()
	for k := range sents {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r.sentence(k)
	}
	r.link()
	for i := range r.claims {
		r.claims[i].ID = "c" + strconv.Itoa(i+1)
	}
	// IDs are assigned after linking; Denies holds indexes until here.
	for i := range r.claims {
		if r.claims[i].Denies != "" {
			n, _ := strconv.Atoi(r.claims[i].Denies)
			r.claims[i].Denies = r.claims[n].ID
		}
	}
	if r.claims == nil {
		return []dossier.Claim{}, nil
	}
	return r.claims, nil
}

func (r *reader) index() {
	for i, e := range r.ents {
		for _, m := range e.Mentions {
			if m.Start >= 0 && m.End <= len(r.text) && m.Start < m.End {
				r.refs = append(r.refs, ref{m.Start, m.End, i, m.Kind == "pronoun"})
			}
		}
	}
	sort.Slice(r.refs, func(i, j int) bool { return r.refs[i].start < r.refs[j].start })
}

// tokens returns sentence k's tokens, with entities marked.
func (r *reader) tokens(k int) []tok {
	s := r.sents[k]
	w := make([]tok, 0, len(s.Tokens))
	n := sort.Search(len(r.refs), func(i int) bool { return r.refs[i].end > s.Start })
	for _, t := range s.Tokens {
		if t.Start < 0 || t.End > len(r.text) || t.Start >= t.End {
			continue
		}
		raw := r.text[t.Start:t.End]
		x := tok{start: t.Start, end: t.End, raw: raw, low: fold(raw), kind: t.Kind, ent: -1, cref: -1}
		for n < len(r.refs) && r.refs[n].end <= t.Start {
			n++
		}
		if n < len(r.refs) && r.refs[n].start < t.End && r.refs[n].end > t.Start {
			if r.refs[n].pron {
				x.cref = r.refs[n].ent
			} else {
				x.ent = r.refs[n].ent
			}
		}
		w = append(w, x)
	}
	return w
}

// actor is a subject or a speaker: an entity of the document, or a
// descriptor span when no entity names it.
type actor struct {
	ent        int // -1 when a descriptor
	start, end int // byte range as written
}

func (a actor) ok() bool { return a.ent >= 0 || a.end > a.start }

// isParty reports whether entity i can be a claim's subject.
func (r *reader) isParty(i int) bool {
	if i < 0 || r.publisher != nil && r.publisher.Entity == r.ents[i].ID {
		return false // the outlet of the dateline reports; it is not reported on
	}
	return r.ents[i].Type == "PER" || r.ents[i].Type == "ORG"
}

// hit is one trigger found in a sentence: tokens [i, j).
type hit struct {
	i, j int
	t    *trigger
}

// sentence reads the claims of sentence k.
func (r *reader) sentence(k int) {
	w := r.tokens(k)
	if len(w) == 0 {
		return
	}
	topics := findTopics(w)
	hits := findTriggers(w)
	ch := r.chainOf(w, hits)
	r.chains = append(r.chains, ch)
	covered := make([]bool, len(w)) // tokens of a clause already read
	// denials and acquittals answer claims, so they are read after the
	// sentence's other triggers
	sort.SliceStable(hits, func(a, b int) bool {
		return answers(hits[a].t.stance) < answers(hits[b].t.stance)
	})
	for _, h := range hits {
		if covered[h.i] || r.negated(w, h.i) {
			continue
		}
		switch h.t.mode {
		case clause:
			r.reported(k, w, h, topics, ch, covered)
		default:
			r.predicate(k, w, h, topics, ch, actor{ent: -1}, nil)
		}
	}
	for _, t := range w {
		if t.ent >= 0 && r.ents[t.ent].Type == "PER" && r.isParty(t.ent) {
			r.lastPerson = t.ent
		}
	}
	for z := range w {
		if w[z].ent >= 0 && r.ents[w[z].ent].Type == "PER" && r.isParty(w[z].ent) && !r.inPhrase(w, 0, z) && !r.modifier(w, z, len(w)) {
			r.lastSubject = w[z].ent
			break
		}
	}
}

func answers(stance string) int {
	if stance == dossier.StanceDenied || stance == dossier.StanceCleared {
		return 1
	}
	return 0
}

// negated reports whether a negation stands just before token i
// ("has not been charged", "no charges", "never convicted").
func (r *reader) negated(w []tok, i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		if negations[w[k].low] {
			return true
		}
		if w[k].kind == segment.Punct {
			break
		}
	}
	return false
}

// findTriggers finds the stance triggers of a sentence, longest first,
// without overlaps, in text order.
func findTriggers(w []tok) []hit {
	used := make([]bool, len(w))
	var hs []hit
	// candidates by first word, longest pattern first (the lexicon's
	// order), so each token is tried only against the rows it can start
	type cand struct{ ti, i int }
	var cs []cand
	for i := range w {
		for _, ti := range triggerIndex[w[i].low] {
			cs = append(cs, cand{ti, i})
		}
	}
	sort.SliceStable(cs, func(a, b int) bool { return cs[a].ti < cs[b].ti })
	for _, c := range cs {
		t := &triggers[c.ti]
		i := c.i
		if used[i] {
			continue
		}
		j, ok := matchAt(w, i, t.words)
		if !ok {
			continue
		}
		if t.needsObject && !objectFollows(w, j) {
			continue
		}
		for k := i; k < j; k++ {
			used[k] = true
		}
		hs = append(hs, hit{i, j, t})
	}
	sort.Slice(hs, func(a, b int) bool { return hs[a].i < hs[b].i })
	return hs
}

// triggerIndex maps a first word to the lexicon rows it starts.
var triggerIndex = func() map[string][]int {
	m := map[string][]int{}
	for ti, t := range triggers {
		m[t.words[0]] = append(m[t.words[0]], ti)
	}
	return m
}()

// matchAt matches pattern ps at token i; "*" skips up to three tokens
// that are not punctuation. It returns the end of the match.
func matchAt(w []tok, i int, ps []string) (int, bool) {
	k := i
	for pi := 0; pi < len(ps); pi++ {
		p := ps[pi]
		if p == "*" {
			next := ps[pi+1]
			found := false
			for g := 0; g <= 3 && k+g < len(w); g++ {
				if wordMatch(next, w[k+g].low) {
					k += g
					found = true
					break
				}
				if w[k+g].kind == segment.Punct {
					break
				}
			}
			if !found {
				return 0, false
			}
			continue
		}
		if k >= len(w) || !wordMatch(p, w[k].low) {
			return 0, false
		}
		k++
	}
	return k, true
}

// objectFollows reports whether an accusation word is among the few
// tokens after j: "rejected those accusations", "dismissed it as a smear".
func objectFollows(w []tok, j int) bool {
	for k := j; k < len(w) && k < j+4; k++ {
		if accusationWords[w[k].low] || topicAt(w, k) != "" {
			return true
		}
		if w[k].kind == segment.Punct {
			break
		}
	}
	return false
}

// topicHit is a topic trigger at tokens [i, j).
type topicHit struct {
	i, j int
	key  string
}

func findTopics(w []tok) []topicHit {
	var out []topicHit
	for i := 0; i < len(w); i++ {
		if key, j := topicMatch(w, i); j > i {
			out = append(out, topicHit{i, j, key})
			i = j - 1
		}
	}
	return out
}

func topicAt(w []tok, i int) string {
	key, _ := topicMatch(w, i)
	return key
}

// topicMatch returns the first topic pattern (in taxonomy order) that
// matches at token i, and its end.
func topicMatch(w []tok, i int) (string, int) {
	if w[i].kind != segment.Word {
		return "", i
	}
	best, end := -1, i
	try := func(pi int) {
		if best >= 0 && pi > best {
			return
		}
		if j, ok := matchAt(w, i, topicPatterns[pi].words); ok {
			best, end = pi, j
		}
	}
	for _, pi := range topicIndex[w[i].low] {
		try(pi)
	}
	for _, pi := range topicPrefixed {
		if strings.HasPrefix(w[i].low, strings.TrimSuffix(topicPatterns[pi].words[0], "~")) {
			try(pi)
		}
	}
	if best < 0 {
		return "", i
	}
	return topicPatterns[best].key, end
}

// topicsIn returns the topic keys found in tokens [i, j), most specific
// first.
func topicsIn(ts []topicHit, i, j int) []string {
	var keys []string
	for _, t := range ts {
		if t.i >= i && t.j <= j && !contains(keys, t.key) {
			keys = append(keys, t.key)
		}
	}
	sort.SliceStable(keys, func(a, b int) bool { return rank(keys[a]) < rank(keys[b]) })
	// "crime" adds nothing beside a specific topic.
	if len(keys) > 1 && keys[len(keys)-1] == "crime" {
		keys = keys[:len(keys)-1]
	}
	return keys
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// predicate reads a claim from a stance predicate.
//
// Inside a reported clause, outer is the reporting cue: an unattributed
// deed ("leads a drug trafficking network") is then alleged by the cue's
// speaker (fallback), and the cue is the reporting one.
func (r *reader) predicate(k int, w []tok, h hit, topics []topicHit, ch chain, fallback actor, outer *hit) bool {
	t := h.t
	var subjects []actor
	speaker := actor{ent: -1}
	// ", accusing him of …": a participle after a comma has the speaker
	// of the sentence's earlier claim
	if strings.HasSuffix(w[h.i].low, "ing") && h.i > 0 && w[h.i-1].low == "," {
		speaker = r.sentenceSpeaker(r.sents[k].Start)
	}
	participle := speaker.ok()
	if t.stance == dossier.StanceReported && h.i > 0 {
		switch w[h.i-1].low {
		case "of", "for", "in", "with", "to":
			return false // the deed of an accusation: "accused of leading"
		}
		// "charges that he helped launder …": the accusation's content
		for z := h.i - 1; z >= 1 && z >= h.i-4; z-- {
			if w[z].low == "that" && accusationWords[w[z-1].low] {
				return false
			}
		}
	}
	// "rewards for information leading to Mr. Maduro's arrest"
	if t.mode == noun {
		for z := h.i - 1; z >= 0 && z >= h.i-8; z-- {
			if w[z].low == "leading" || strings.HasPrefix(w[z].low, "reward") {
				return false
			}
		}
	}
	switch t.mode {
	case object:
		if p, reduced := r.passive(w, h.i); p {
			if reduced && w[h.i-1].ent < 0 {
				return false // "military officers suspected of …": no party
			}
			subjects = r.leftSubjects(w, h.i)
			speaker = r.agent(w, h.j)
		} else if objs := r.objects(w, h.j); len(objs) > 0 {
			subjects = objs
			if !participle {
				speaker = r.left(w, h.i)
			}
		}
	case noun:
		subjects = r.nounSubjects(w, h)
	case subject:
		subjects = r.leftSubjects(w, h.i)
	}
	if t.needsObject && h.j < len(w) {
		// "the court rejected his claims": rejecting someone's claim is
		// no denial of an accusation
		for q := h.j; q < len(w) && q < h.j+3; q++ {
			if l := w[q].low; l == "his" || l == "her" || l == "their" || l == "'s" || l == "'" {
				return false
			}
		}
	}
	if t.stance == dossier.StanceDenied {
		// the denier speaks; one who is not accused denies for the
		// subject of the latest claim: "the government rejected those
		// accusations"
		denier := actor{ent: -1}
		if len(subjects) > 0 {
			denier = subjects[0]
		} else {
			denier = r.left(w, h.i)
		}
		if denier.ent < 0 {
			if d := r.description(w, h.i); d.ok() {
				denier = d
			}
			if e := r.described(w, denier); e >= 0 {
				denier = actor{ent: e, start: denier.start, end: denier.end}
				subjects = []actor{denier}
			}
		}
		ownTopic := len(topicsIn(topics, h.j, len(w))) > 0
		if len(subjects) == 0 || !r.accused(subjects[0].ent) && !ownTopic {
			// not accused, and denying no risk of its own: a denial on
			// behalf of the subject of the latest claim
			subjects = r.latestSubjects()
		}
		speaker = denier
	}
	if len(subjects) == 0 {
		return false
	}
	stance := t.stance
	// "charges against X were dropped"
	if stance == dossier.StanceCharged && t.mode == noun {
		for q := h.j; q < len(w) && q < h.j+8; q++ {
			if w[q].low == "dropped" || w[q].low == "dismissed" || w[q].low == "withdrawn" {
				stance = dossier.StanceCleared
				break
			}
		}
	}
	keys := topicsIn(topics, 0, len(w))
	switch stance {
	case dossier.StanceSanctioned:
		keys = append([]string{"sanction"}, without(keys, "sanction")...)
	case dossier.StanceDenied, dossier.StanceCleared:
		// their own topics if they name any (after the trigger); else
		// the answered claim's, when linking
		keys = topicsIn(topics, h.i, len(w))
	case dossier.StanceReported:
		// an unattributed deed needs a risk right after it: "led the
		// Cartel of the Suns", "laundered the proceeds"
		keys = topicsIn(topics, h.i, min(len(w), h.j+8))
		if len(keys) == 0 {
			return false
		}
	default:
		if len(keys) == 0 && len(subjects) > 0 && subjects[0].ent >= 0 {
			// "accuse Núñez of receiving the money": what he is already
			// said to have done
			keys = r.subjectTopics(r.ents[subjects[0].ent].ID)
		}
		if len(keys) == 0 && stance == dossier.StanceCharged {
			// "was charged in the same case": the case of the latest charge
			keys = r.latestTopics(dossier.StanceCharged)
		}
		if len(keys) == 0 {
			if t.mode != noun && (t.words[0] == "indicted" || t.words[0] == "convicted" || t.words[0] == "sentenced" || t.words[0] == "pleaded") {
				keys = []string{"crime"}
			} else {
				return false
			}
		}
	}
	if !speaker.ok() {
		speaker = fallback
	}
	// "X was charged in the same case, as were Y and Z"
	for q := h.j; q+1 < len(w) && q < h.j+8; q++ {
		if w[q].low == "as" && (w[q+1].low == "were" || w[q+1].low == "was") {
			for z := q + 2; z < len(w); z++ {
				if w[z].ent >= 0 && r.isParty(w[z].ent) && !r.inPhrase(w, q+2, z) && !r.modifier(w, z, len(w)) {
					a := r.entActor(w, z)
					subjects = append(subjects, a)
					for z+1 < len(w) && w[z+1].ent == w[z].ent {
						z++
					}
				}
			}
			break
		}
	}
	cue := h
	if outer != nil {
		cue = *outer
		if stance == dossier.StanceReported {
			stance = dossier.StanceAlleged
		}
	}
	added := false
	for _, s := range subjects {
		if s.ent < 0 || !r.isParty(s.ent) {
			continue
		}
		r.add(k, w, s, stance, keys, speaker, w[cue.i].start, w[cue.j-1].end, ch)
		added = true
	}
	return added
}

// subjectTopics returns the topics of the latest claim against subject.
func (r *reader) subjectTopics(id string) []string {
	for i := len(r.claims) - 1; i >= 0; i-- {
		if c := r.claims[i]; c.Subject == id && c.Topic != "" && c.Stance != dossier.StanceDenied && c.Stance != dossier.StanceCleared {
			if len(c.Topics) > 0 {
				return c.Topics
			}
			return []string{c.Topic}
		}
	}
	return nil
}

// latestTopics returns the topics of the latest claim with that stance.
func (r *reader) latestTopics(stance string) []string {
	for i := len(r.claims) - 1; i >= 0; i-- {
		if c := r.claims[i]; c.Stance == stance && c.Topic != "" {
			if len(c.Topics) > 0 {
				return c.Topics
			}
			return []string{c.Topic}
		}
	}
	return nil
}

// description finds "the company" (or firm, bank, …) before token i.
func (r *reader) description(w []tok, i int) actor {
	for q := 0; q+1 < i; q++ {
		if w[q].low == "the" {
			a := actor{ent: -1, start: w[q].start, end: w[q+1].end}
			if r.described(w, a) >= 0 {
				return a
			}
		}
	}
	return actor{ent: -1}
}

// described resolves a definite description of an organization ("the
// company", "the firm", "the bank") to the organization last named
// before it, or -1.
func (r *reader) described(w []tok, a actor) int {
	if a.end <= a.start {
		return -1
	}
	f := strings.Fields(fold(r.text[a.start:a.end]))
	if len(f) != 2 || f[0] != "the" {
		return -1
	}
	switch f[1] {
	case "company", "firm", "bank", "group", "fund", "business", "contractor", "lender", "insurer", "trust":
	default:
		return -1
	}
	best := -1
	for _, x := range r.refs {
		if x.start >= a.start {
			break
		}
		if r.ents[x.ent].Type == "ORG" && r.isParty(x.ent) {
			best = x.ent
		}
	}
	return best
}

// sentenceSpeaker returns the speaker of the first claim read in the
// sentence starting at byte start.
func (r *reader) sentenceSpeaker(start int) actor {
	for _, c := range r.claims {
		if c.Evidence.Start == start && c.Speaker != nil {
			a := actor{ent: -1, start: c.Speaker.Start, end: c.Speaker.End}
			for ei := range r.ents {
				if r.ents[ei].ID == c.Speaker.Entity && c.Speaker.Entity != "" {
					a.ent = ei
				}
			}
			return a
		}
	}
	return actor{ent: -1}
}

func without(xs []string, x string) []string {
	var out []string
	for _, y := range xs {
		if y != x {
			out = append(out, y)
		}
	}
	return out
}

// reported reads the claim of a reporting cue: the subject is the first
// party of the reported clause, the topics those named in it, and the
// speaker the cue's source.
func (r *reader) reported(k int, w []tok, h hit, topics []topicHit, ch chain, covered []bool) {
	var ci, cj int // the clause
	var speaker actor
	thatless := false
	if h.t.prefix { // according to X, CLAUSE
		src := r.phraseAfter(w, h.j)
		if !src.ok() {
			return
		}
		ci = h.j
		for ci < len(w) && w[ci].low != "," {
			ci++
		}
		// skip ", which cited …,"
		if ci+1 < len(w) && (w[ci+1].low == "which" || w[ci+1].low == "who" || w[ci+1].low == "citing") {
			ci++
			for ci < len(w) && w[ci].low != "," {
				ci++
			}
		}
		ci++
		cj = len(w)
		speaker = src
	} else {
		// CUE [recipient] that CLAUSE
		q := h.j
		for q < len(w) && q < h.j+5 && w[q].low != "that" {
			if w[q].kind == segment.Punct {
				return
			}
			q++
		}
		if q >= len(w) || w[q].low != "that" {
			// "OFAC said Julián Restrepo Arango … smuggled …": a clause
			// without "that" after a subject (not a quote's "said X")
			if h.i == 0 || w[h.i-1].kind == segment.Punct || w[h.i-1].kind == segment.Quote || h.j >= len(w) || w[h.j].ent < 0 ||
				(h.t.words[0] != "said" && h.t.words[0] != "says") {
				return
			}
			q = h.j - 1
			thatless = true
		}
		ci, cj = q+1, clauseEnd(w, q+1)
		speaker = r.left(w, h.i)
		if speaker.ent < 0 && speaker.end > speaker.start {
			switch fold(r.text[speaker.start:speaker.end]) {
			case "it", "they", "we":
				// "the commission said that it had found no evidence":
				// the outer cue's speaker
				for q := h.i - 1; q >= 0; q-- {
					if ts := findTriggers(w[q:h.i]); len(ts) > 0 && ts[0].i == 0 && ts[0].t.mode == clause {
						speaker = r.left(w, q)
						break
					}
				}
			}
		}
	}
	if ci >= cj {
		return
	}
	inner := findTriggers(w[ci:cj])
	for _, x := range inner {
		// "according to ABC, …, Salazar told investigators that …",
		// "ABC reported that Salazar … told investigators that …": the
		// innermost cue reads the claim; the outer ones are relays
		if x.t.mode == clause && (x.t.prefix || hasThat(w, ci+x.j)) {
			return
		}
	}
	for q := ci; q < cj; q++ {
		covered[q] = true
	}
	// a stance predicate in the clause reads it, with its own agent or
	// else the cue's speaker: "that federal prosecutors … were building
	// cases against Cabello"
	found := false
	for _, x := range inner {
		if x.t.mode == clause || r.negated(w, ci+x.i) {
			continue
		}
		if r.predicate(k, w, hit{ci + x.i, ci + x.j, x.t}, topics, ch, speaker, &h) {
			found = true
		}
	}
	if found || thatless {
		return
	}
	keys := topicsIn(topics, ci, cj)
	if len(keys) == 0 {
		return
	}
	subj := r.firstHead(w, ci, cj)
	if !subj.ok() || !r.isParty(subj.ent) || r.afterVerb(w, ci, subj.start) {
		return
	}
	// the subject must not be the speaker itself
	if speaker.ent >= 0 && speaker.ent == subj.ent {
		return
	}
	r.add(k, w, subj, h.t.stance, keys, speaker, w[h.i].start, w[h.j-1].end, ch)
}

// afterVerb reports whether a verb stands in tokens [i, …) before byte
// offset start: then the party is the clause's object ("that the
// defendants created a fake site without informing the State Bank"),
// not its subject. Verbs are told by form: a past tense or participle in
// -ed, an auxiliary, or a word of the stance lexicon.
func (r *reader) afterVerb(w []tok, i, start int) bool {
	for q := i; q < len(w) && w[q].start < start; q++ {
		l := w[q].low
		if w[q].ent >= 0 || w[q].kind != segment.Word {
			continue
		}
		if len(l) > 4 && strings.HasSuffix(l, "ed") || passiveAux[l] || l == "has" || l == "have" || l == "had" || isVerbLike(l) {
			return true
		}
	}
	return false
}

// hasThat reports whether "that" follows token j closely: a cue with a
// clause of its own.
func hasThat(w []tok, j int) bool {
	for q := j; q < len(w) && q < j+5; q++ {
		if w[q].low == "that" {
			return true
		}
		if w[q].kind == segment.Punct {
			return false
		}
	}
	return false
}

// clauseEnd is where a reported clause stops: the sentence end, or a
// trailing ", the newspaper reported".
func clauseEnd(w []tok, i int) int {
	for q := i; q < len(w); q++ {
		if w[q].low == "," && q+1 < len(w) {
			for z := q + 1; z < len(w) && z < q+8; z++ {
				if w[z].low == "reported" || w[z].low == "said" || w[z].low == "says" || w[z].low == "reports" {
					return q
				}
				if w[z].kind == segment.Punct {
					break
				}
			}
		}
	}
	return len(w)
}

// add records a claim, once per subject, stance and sentence.
func (r *reader) add(k int, w []tok, s actor, stance string, keys []string, speaker actor, cueStart, cueEnd int, ch chain) {
	for _, c := range r.claims {
		if c.Subject == r.ents[s.ent].ID && c.Stance == stance && c.Evidence.Start == r.sents[k].Start &&
			(stance != dossier.StanceDenied || c.Speaker != nil && speaker.ok() && sameSource(*c.Speaker, r.source(speaker, ""))) {
			return
		}
	}
	sent := r.sents[k]
	c := dossier.Claim{
		Subject:     r.ents[s.ent].ID,
		SubjectName: r.ents[s.ent].Name,
		Stance:      stance,
		Cue:         r.text[cueStart:cueEnd],
		Evidence:    dossier.Evidence{Start: sent.Start, End: sent.End, Text: r.text[sent.Start:sent.End]},
		Content:     dossier.Evidence{Start: sent.Start, End: sent.End, Text: r.text[sent.Start:sent.End]},
	}
	if len(keys) > 0 {
		c.Topic = keys[0]
		if len(keys) > 1 {
			c.Topics = keys
		}
	}
	if speaker.ent < 0 && speaker.end > speaker.start {
		filler := true
		for _, f := range strings.Fields(fold(r.text[speaker.start:speaker.end])) {
			filler = filler && (fillers[f] || strings.HasSuffix(f, "ly"))
		}
		if filler {
			speaker = actor{ent: -1}
		}
	}
	if speaker.ok() && !(speaker.ent >= 0 && speaker.ent == s.ent && stance != dossier.StanceDenied) {
		src := r.source(speaker, "")
		c.Speaker = &src
	} else if a := r.attributionOf(sent.Start, sent.End, c.Subject); a != nil {
		src := *a.Source
		src.Cue = a.Cue.Text
		src.Anonymous = src.Entity == "" && anonymous(src.Name)
		c.Speaker = &src
		if c.Cue == "" {
			c.Cue = a.Cue.Text
		}
		c.Content = a.Content
		if c.Stance == dossier.StanceReported {
			c.Stance = dossier.StanceAlleged // someone says so
		}
	}
	c.Sources = r.chainFor(c.Speaker, ch)
	r.claims = append(r.claims, c)
}

// attributionOf returns the attribution whose content covers most of
// [start, end) and whose source is named and is not the subject itself,
// or nil.
func (r *reader) attributionOf(start, end int, subject string) *dossier.Attribution {
	var best *dossier.Attribution
	bestOverlap, bestIndex := 0, -1
	// the attributions that may overlap [start, end): from the first
	// whose content (or an earlier one's) ends after start, while
	// contents start before end
	k := sort.Search(len(r.attrEnd), func(k int) bool { return r.attrEnd[k] > start })
	for ; k < len(r.attrOrder) && r.attrs[r.attrOrder[k]].Content.Start < end; k++ {
		i := r.attrOrder[k]
		a := &r.attrs[i]
		if a.Source.Entity != "" && a.Source.Entity == subject {
			continue
		}
		o := min(end, a.Content.End) - max(start, a.Content.Start)
		// the one with most overlap, the first of a tie in the given order
		if 2*o >= end-start && (o > bestOverlap || o == bestOverlap && o > 0 && i < bestIndex) {
			best, bestOverlap, bestIndex = a, o, i
		}
	}
	return best
}

// indexAttributions orders the attributions that may give a claim its
// speaker (a named source, content not empty) by the start of their
// content, with the greatest content end so far, for attributionOf.
func (r *reader) indexAttributions() {
	r.attrOrder, r.attrEnd = r.attrOrder[:0], r.attrEnd[:0]
	for i := range r.attrs {
		a := &r.attrs[i]
		if a.Source == nil || a.Content.End <= a.Content.Start {
			continue
		}
		if p := strings.ToLower(strings.TrimSpace(a.Source.Name)); personPronouns[p] || p == "it" || p == "they" || p == "we" || p == "i" {
			continue // an unresolved pronoun names nobody
		}
		r.attrOrder = append(r.attrOrder, i)
	}
	sort.SliceStable(r.attrOrder, func(x, y int) bool {
		return r.attrs[r.attrOrder[x]].Content.Start < r.attrs[r.attrOrder[y]].Content.Start
	})
	hi := 0
	for _, i := range r.attrOrder {
		hi = max(hi, r.attrs[i].Content.End)
		r.attrEnd = append(r.attrEnd, hi)
	}
}

// link points each denial and acquittal to the claim it answers: the
// nearest earlier claim against the same subject (or, for a denial by
// someone who is not accused, against the subject of the nearest
// earlier claim), and gives it that claim's topic.
func (r *reader) link() {
	for i := range r.claims {
		c := &r.claims[i]
		if c.Stance != dossier.StanceDenied && c.Stance != dossier.StanceCleared {
			continue
		}
		best := -1
		for j := i - 1; j >= 0; j-- {
			o := r.claims[j]
			if o.Stance == dossier.StanceDenied || o.Stance == dossier.StanceCleared || o.Subject != c.Subject {
				continue
			}
			if best < 0 || c.Topic != "" && o.Topic == c.Topic && r.claims[best].Topic != c.Topic {
				best = j
			}
			if c.Topic == "" || o.Topic == c.Topic {
				break
			}
		}
		if best >= 0 {
			c.Denies = strconv.Itoa(best)
			if c.Topic == "" {
				c.Topic = r.claims[best].Topic
				c.Topics = r.claims[best].Topics
			}
		}
	}
	// drop denials that answer nothing and name no risk
	out := r.claims[:0]
	remap := make([]int, len(r.claims))
	for i, c := range r.claims {
		if c.Topic == "" {
			remap[i] = -1
			continue
		}
		remap[i] = len(out)
		out = append(out, c)
	}
	for i := range out {
		if out[i].Denies != "" {
			n, _ := strconv.Atoi(out[i].Denies)
			out[i].Denies = strconv.Itoa(remap[n])
		}
	}
	r.claims = out
}

// accused reports whether entity e is the subject of a claim read so far.
func (r *reader) accused(e int) bool {
	if e < 0 {
		return false
	}
	for _, c := range r.claims {
		if c.Subject == r.ents[e].ID && c.Stance != dossier.StanceDenied {
			return true
		}
	}
	return false
}

// latestSubjects returns the subjects of the latest claims that are not
// denials (all those of its sentence).
func (r *reader) latestSubjects() []actor {
	var out []actor
	last := -1
	for i := len(r.claims) - 1; i >= 0; i-- {
		c := r.claims[i]
		if c.Stance == dossier.StanceDenied || c.Stance == dossier.StanceCleared {
			continue
		}
		if last >= 0 && c.Evidence.Start != last {
			break
		}
		last = c.Evidence.Start
		for ei := range r.ents {
			if r.ents[ei].ID == c.Subject {
				out = append(out, actor{ent: ei, start: c.Evidence.Start, end: c.Evidence.Start})
			}
		}
	}
	return out
}

// sentenceSubjects returns the subjects of the claims read so far in
// the sentence starting at byte start: "them" in "froze the assets of
// X and Y, accusing them of …".
func (r *reader) sentenceSubjects(start int) []actor {
	var out []actor
	for _, c := range r.claims {
		if c.Evidence.Start != start {
			continue
		}
		for ei := range r.ents {
			if r.ents[ei].ID == c.Subject {
				out = append(out, actor{ent: ei})
			}
		}
	}
	return out
}

// passive reports whether the trigger at i is a passive participle or
// a reduced relative: "was charged", "has been formally indicted", "X,
// wanted on …", "officials suspected of".
// The second result marks a reduced relative right after a noun
// ("officers suspected of"), whose subject is that noun.
func (r *reader) passive(w []tok, i int) (bool, bool) {
	k := i - 1
	for k >= 0 && (strings.HasSuffix(w[k].low, "ly") || negations[w[k].low] || w[k].low == "also" || w[k].low == "later" || w[k].low == "then") {
		k--
	}
	if k < 0 || strings.HasSuffix(w[i].low, "ing") {
		return false, false
	}
	if passiveAux[w[k].low] {
		return true, false
	}
	low := w[i].low
	participle := strings.HasSuffix(low, "ed") || low == "wanted"
	if !participle {
		return false, false
	}
	if w[k].low == "," || w[k].low == "who" || w[k].low == "and" {
		return true, false
	}
	// "officers suspected of", "a man wanted in three countries": a noun
	// right before a participle that is followed by a preposition
	if i+1 < len(w) && (w[i+1].low == "of" || w[i+1].low == "on" || w[i+1].low == "in" || w[i+1].low == "with" || w[i+1].low == "for" || w[i+1].low == "by") {
		if w[k].kind == segment.Word && !pronounSubject(w[k].low) {
			return true, k == i-1
		}
	}
	return false, false
}

func pronounSubject(s string) bool {
	switch s {
	case "he", "she", "they", "we", "i", "you", "it":
		return true
	}
	return false
}

// left returns the subject of the clause that ends at token i: its first
// party, else a pronoun's person, else the noun phrase before i as a
// descriptor.
func (r *reader) left(w []tok, i int) actor {
	subs := r.leftSubjects(w, i)
	if len(subs) > 0 {
		return subs[0]
	}
	if a := r.phraseBefore(w, i); a.ok() {
		return a
	}
	// "U.S. authorities, who want him": the antecedent phrase
	if q := i - 1; q > 0 && (w[q].low == "who" || w[q].low == "which") {
		z := q
		if w[z-1].low == "," {
			z--
		}
		if a := r.phraseBefore(w, z); a.ok() {
			return a
		}
	}
	return r.clauseSubject(w, i)
}

// leftSubjects returns the subjects of the clause ending at token i:
// the antecedent of a relative pronoun, or the clause's first party and
// those coordinated with it.
func (r *reader) leftSubjects(w []tok, i int) []actor {
	start := 0
	comma := false
	for q := i - 1; q >= 0; q-- {
		l := w[q].low
		if (l == "who" || l == "which" || l == "whom") && !comma {
			if z := r.antecedent(w, q); z >= 0 {
				return []actor{r.entActor(w, z)}
			}
			return nil
		}
		if l == "," {
			comma = true
		}
		if !comma && (l == "he" || l == "she") {
			if p := r.pronoun(w, q); p >= 0 {
				return []actor{{ent: p, start: w[q].start, end: w[q].end}}
			}
		}
		if boundaries[l] || l == "," && q+1 < len(w) && (w[q+1].low == "and" || w[q+1].low == "but") {
			start = q + 1
			break
		}
		if l == "," && r.headIn(w, q+1, i) {
			start = q + 1
			break
		}
	}
	for q := start; q < i; q++ {
		if w[q].ent >= 0 && r.isParty(w[q].ent) {
			if r.inPhrase(w, start, q) || r.modifier(w, q, i) {
				// skip the rest of the mention
				for q+1 < i && w[q+1].ent == w[q].ent {
					q++
				}
				continue
			}
			out := []actor{r.entActor(w, q)}
			return append(out, r.coordinated(w, q, i)...)
		}
		if personPronouns[w[q].low] && w[q].low != "his" && w[q].low != "her" {
			if p := r.pronoun(w, q); p >= 0 {
				return []actor{{ent: p, start: w[q].start, end: w[q].end}}
			}
		}
		if w[q].ent >= 0 { // a place or a date first: keep looking
			continue
		}
	}
	return nil
}

var prepositions = set("of", "for", "to", "with", "at", "by", "from", "in", "on", "near", "about", "against", "under", "behind", "beside", "like")

// antecedent returns the token of the party a relative pronoun at q
// refers to, or -1: the nearest party before it, or, when that one sits
// in an appositive's prepositional phrase ("Whitfield, the owner of the
// Houston firm Gulfstar, who …"), the party the appositive describes.
func (r *reader) antecedent(w []tok, q int) int {
	z := -1
	for k := q - 1; k >= 0 && k >= q-3; k-- {
		if w[k].ent >= 0 && r.isParty(w[k].ent) {
			z = k
			break
		}
	}
	if z < 0 {
		return -1
	}
	for {
		c := z
		for c >= 0 && w[c].low != "," {
			c--
		}
		if c <= 0 || !r.inPhrase(w, c+1, z) {
			return z
		}
		// the party right before that comma
		k := c - 1
		if k < 0 || w[k].ent < 0 || !r.isParty(w[k].ent) {
			return z
		}
		z = k
	}
}

// headIn reports whether a party heads a phrase in tokens [a, b).
func (r *reader) headIn(w []tok, a, b int) bool {
	for q := a; q < b; q++ {
		if w[q].ent >= 0 && r.isParty(w[q].ent) && !r.inPhrase(w, a, q) && !r.modifier(w, q, b) {
			return true
		}
	}
	return false
}

// inPhrase reports whether the mention at token q sits in a
// prepositional phrase of its clause ("a former bodyguard for the late
// Hugo Chávez") rather than being its subject.
func (r *reader) inPhrase(w []tok, start, q int) bool {
	for z := q - 1; z >= start; z-- {
		if w[z].low == "," {
			return false
		}
		if w[z].ent >= 0 && w[z].ent != w[q].ent && r.isParty(w[z].ent) && !r.modifier(w, z, len(w)) {
			return false
		}
		if prepositions[w[z].low] {
			return true
		}
	}
	return false
}

// modifier reports whether the mention at token q modifies a noun after
// it ("Chávez bodyguard", "Venezuela's government") rather than heading
// the phrase.
func (r *reader) modifier(w []tok, q, lim int) bool {
	e := w[q].ent
	z := q
	for z < lim && w[z].ent == e {
		z++
	}
	if z >= lim {
		return false
	}
	l := w[z].low
	if l == "'s" || l == "'" {
		return true
	}
	return modifiedNouns[l]
}

// modifiedNouns are nouns that a name often modifies: "Chávez
// bodyguard", "Maduro government", "Enorsa chief executive".
var modifiedNouns = set("bodyguard", "bodyguards", "government", "administration", "regime", "official", "officials", "case", "trial",
	"chief", "executive", "executives", "spokesman", "spokeswoman", "spokesperson", "lawyer", "lawyers", "ally", "allies", "associate",
	"associates", "aide", "aides", "supporters", "family", "network", "scandal", "affair", "investigation", "company", "shares", "group",
	"era", "presidency", "camp", "campaign", "loyalist", "loyalists", "owner", "founder", "director", "employee", "employees", "reporter",
	"unit", "subsidiary", "payments", "contracts", "contract", "deal", "probe", "inquiry", "indictment", "years", "minister", "ministry")

// isVerbLike reports whether a folded word starts a trigger.
func isVerbLike(l string) bool {
	if _, ok := triggerIndex[l]; ok {
		return true
	}
	switch l {
	case "will", "would", "can", "could", "may", "might", "did", "does", "do", "says", "said", "told", "also":
		return true
	}
	return false
}

// coordinated returns the parties joined to the one at q by "and" or
// commas before token lim: "Carvajal and two other senior officials,
// Henry Rangel Silva and Ramón Rodríguez Chacín".
func (r *reader) coordinated(w []tok, q, lim int) []actor {
	var out []actor
	e := w[q].ent
	z := q
	for z < lim && w[z].ent == e {
		z++
	}
	skipped := 0
	for z < lim && skipped < 8 {
		l := w[z].low
		if l == "and" || l == "," || l == "including" || l == "as" || l == "well" || determiners[l] || l == "other" || l == "senior" || l == "officials" || l == "former" {
			z++
			continue
		}
		// ", 49, and his Medellín-based company, Minerales del Sur": after
		// a comma or "and", words that are no verb lead to the next party
		if z > 0 && (w[z-1].low == "," || w[z-1].low == "and" || skipped > 0) && w[z].ent < 0 && !isVerbLike(l) && !passiveAux[l] && !boundaries[l] && !prepositions[l] && l != "who" && l != "which" && l != "." {
			z++
			skipped++
			continue
		}
		if w[z].ent >= 0 && r.isParty(w[z].ent) && w[z].ent != e {
			out = append(out, r.entActor(w, z))
			e = w[z].ent
			for z < lim && w[z].ent == e {
				z++
			}
			continue
		}
		break
	}
	return out
}

// objects returns the parties that are the object of the verb ending at
// j: "designated Tareck El Aissami and Samark López Bello", "froze any
// U.S. assets of three of them, including Hugo Carvajal", "accuse him
// of".
func (r *reader) objects(w []tok, j int) []actor {
	for q := j; q < len(w) && q < j+10; q++ {
		l := w[q].low
		if w[q].ent >= 0 {
			if r.isParty(w[q].ent) {
				a := r.entActor(w, q)
				if z := r.after(w, q); z < len(w) && (w[z].low == "'s" || w[z].low == "'") {
					q = z // "Montero's former business partner, Ignacio Beltran"
					continue
				}
				out := []actor{a}
				return append(out, r.coordinated(w, q, len(w))...)
			}
			continue
		}
		if l == "him" || l == "her" || l == "his" {
			if p := r.objectPronoun(w, q); p >= 0 {
				return []actor{{ent: p, start: w[q].start, end: w[q].end}}
			}
			return nil
		}
		if l == "them" {
			if subs := r.sentenceSubjects(r.sentStart(w)); len(subs) > 0 {
				return subs
			}
			continue // "three of them, including X"
		}
		if boundaries[l] || l == "." || l == "to" || l == "for" || l == "with" && q > j {
			break
		}
	}
	// "charged more than a dozen current and former officials …,
	// including Maduro"
	for q := j; q < len(w); q++ {
		if w[q].low == "including" {
			for z := q + 1; z < len(w) && z < q+4; z++ {
				if w[z].ent >= 0 && r.isParty(w[z].ent) {
					return append([]actor{r.entActor(w, z)}, r.coordinated(w, z, len(w))...)
				}
			}
		}
		if boundaries[w[q].low] || w[q].low == ";" {
			break
		}
	}
	return nil
}

func (r *reader) sentStart(w []tok) int {
	k := sort.Search(len(r.sents), func(i int) bool { return r.sents[i].End > w[0].start })
	if k < len(r.sents) {
		return r.sents[k].Start
	}
	return -1
}

// after returns the index of the first token after the mention at q.
func (r *reader) after(w []tok, q int) int {
	z := q
	for z < len(w) && w[z].ent == w[q].ent {
		z++
	}
	return z
}

// nounSubjects finds whom a nominal trigger is about: "charges against
// X", "the indictment of X", "X's arrest", "his arrest", "X faces
// charges".
func (r *reader) nounSubjects(w []tok, h hit) []actor {
	last := w[h.j-1].low
	if last == "against" || last == "on" || last == "into" {
		return r.objects(w, h.j)
	}
	if h.j < len(w) && (w[h.j].low == "against" || w[h.j].low == "of" || w[h.j].low == "on" || w[h.j].low == "into") {
		if objs := r.objects(w, h.j+1); len(objs) > 0 {
			return objs
		}
	}
	// possessor: "X's arrest", "his arrest", "the general's extradition"
	q := h.i - 1
	for q >= 0 && (w[q].kind == segment.Word && !personPronouns[w[q].low] && w[q].ent < 0 && q >= h.i-2 && !determiners[w[q].low]) {
		q--
	}
	if q >= 0 {
		if w[q].low == "his" || w[q].low == "her" {
			if p := r.objectPronoun(w, q); p >= 0 {
				return []actor{{ent: p, start: w[q].start, end: w[q].end}}
			}
		}
		if (w[q].low == "'s" || w[q].low == "'") && q > 0 && w[q-1].ent >= 0 && r.isParty(w[q-1].ent) {
			return []actor{r.entActor(w, q-1)}
		}
	}
	// "X faces charges", "X, who faces an indictment"
	for q := h.i - 1; q >= 0 && q >= h.i-4; q-- {
		switch w[q].low {
		case "face", "faces", "facing", "faced":
			return r.leftSubjects(w, q)
		}
	}
	return nil
}

// objectPronoun resolves "him", "her", "his" after a stance trigger
// ("acquitted him", "accuse him of", "his arrest"): the person that the
// latest claims are about, else as pronoun does.
func (r *reader) objectPronoun(w []tok, q int) int {
	if e := w[q].cref; e >= 0 && r.isParty(e) {
		return e
	}
	for z := 0; z < q; z++ { // a person heading this sentence
		if w[z].ent >= 0 && r.ents[w[z].ent].Type == "PER" && r.isParty(w[z].ent) && !r.inPhrase(w, 0, z) && !r.modifier(w, z, q) {
			return w[z].ent
		}
	}
	if r.lastSubject >= 0 && !r.official(r.lastSubject) {
		return r.lastSubject
	}
	for i := len(r.claims) - 1; i >= 0; i-- {
		for ei := range r.ents {
			if r.ents[ei].ID == r.claims[i].Subject && r.ents[ei].Type == "PER" {
				return ei
			}
		}
	}
	return r.pronoun(w, q)
}

// official reports whether person e is named as an officer of justice
// (a judge, a prosecutor), who acts on the accused and is rarely one.
func (r *reader) official(e int) bool {
	for _, t := range r.ents[e].Titles {
		switch strings.ToLower(strings.TrimSuffix(t, ".")) {
		case "judge", "justice", "prosecutor", "attorney general", "magistrate", "inspector", "detective", "agent":
			return true
		}
	}
	for _, ro := range r.ents[e].Roles {
		switch ro.Title {
		case "judge", "prosecutor", "attorney general", "magistrate", "investigator":
			return true
		}
	}
	return false
}

// pronoun resolves a singular personal pronoun at token q to the entity
// the coref stage gives it, else to the person last named before it, in
// its sentence or earlier.
func (r *reader) pronoun(w []tok, q int) int {
	if e := w[q].cref; e >= 0 && r.isParty(e) {
		return e // the coref stage's reading
	}
	for z := 0; z < q; z++ { // the sentence's subject first
		if w[z].ent >= 0 && r.ents[w[z].ent].Type == "PER" && r.isParty(w[z].ent) && !r.inPhrase(w, 0, z) && !r.modifier(w, z, q) {
			return w[z].ent
		}
	}
	for z := q - 1; z >= 0; z-- {
		if w[z].ent >= 0 && r.ents[w[z].ent].Type == "PER" && r.isParty(w[z].ent) {
			return w[z].ent
		}
	}
	if r.lastSubject >= 0 {
		return r.lastSubject
	}
	return r.lastPerson
}

// entActor is the entity at token q, spanning its mention.
func (r *reader) entActor(w []tok, q int) actor {
	e := w[q].ent
	a, b := q, q
	for a > 0 && w[a-1].ent == e {
		a--
	}
	for b+1 < len(w) && w[b+1].ent == e {
		b++
	}
	return actor{ent: e, start: w[a].start, end: w[b].end}
}

// firstHead returns the first party heading a phrase in tokens [i, j)
// (not one in a prepositional phrase or modifying a noun), else the
// first party.
func (r *reader) firstHead(w []tok, i, j int) actor {
	for q := i; q < j; q++ {
		if w[q].ent >= 0 && r.isParty(w[q].ent) && !r.inPhrase(w, i, q) && !r.modifier(w, q, j) {
			return r.entActor(w, q)
		}
		if personPronouns[w[q].low] && w[q].low != "his" && w[q].low != "her" {
			if p := r.pronoun(w, q); p >= 0 {
				return actor{ent: p, start: w[q].start, end: w[q].end}
			}
		}
	}
	return r.firstParty(w, i, j)
}

// firstParty returns the first party named in tokens [i, j), or a
// pronoun's person.
func (r *reader) firstParty(w []tok, i, j int) actor {
	for q := i; q < j; q++ {
		if w[q].ent >= 0 && r.isParty(w[q].ent) {
			return r.entActor(w, q)
		}
		if personPronouns[w[q].low] {
			if p := r.pronoun(w, q); p >= 0 {
				return actor{ent: p, start: w[q].start, end: w[q].end}
			}
		}
	}
	return actor{ent: -1}
}

// clauseSubject returns the noun phrase that opens the clause ending at
// token i, up to its verb: "A former bodyguard for the late Hugo Chávez
// (has fled …)".
func (r *reader) clauseSubject(w []tok, i int) actor {
	start := 0
	for q := i - 1; q >= 0; q-- {
		if boundaries[w[q].low] || w[q].low == ";" {
			start = q + 1
			break
		}
	}
	for start < i && (w[start].kind == segment.Punct || w[start].kind == segment.Quote || w[start].ent >= 0 && !r.isParty(w[start].ent)) {
		start++
	}
	end := start
	for end < i {
		l := w[end].low
		if w[end].kind == segment.Punct || passiveAux[l] || l == "has" || l == "have" || l == "had" || isVerbLike(l) && end > start && !determiners[w[end-1].low] {
			break
		}
		end++
	}
	if end <= start {
		return actor{ent: -1}
	}
	return actor{ent: -1, start: w[start].start, end: w[end-1].end}
}

// phraseBefore returns the noun phrase that ends just before token i, as
// a descriptor (or the party in it): "prosecutors in Miami", "the U.S.
// Treasury", "Venezuela's government", "officials in Caracas".
func (r *reader) phraseBefore(w []tok, i int) actor {
	a := i
	for a > 0 {
		l := w[a-1].low
		if w[a-1].kind == segment.Punct || w[a-1].kind == segment.Quote || l == "and" || l == "but" || l == "that" || l == "who" || l == "which" ||
			w[a-1].kind == segment.Number || l == "has" || l == "have" || l == "had" || l == "also" || passiveAux[l] || strings.HasSuffix(l, "ly") && a < i {
			break
		}
		a--
		if determiners[l] {
			break
		}
	}
	if a >= i {
		return actor{ent: -1}
	}
	// "The United States on Thursday": drop a trailing time
	for z := i - 2; z > a; z-- {
		if (w[z].low == "on" || w[z].low == "in" || w[z].low == "last" || w[z].low == "this") && (w[z+1].ent >= 0 && r.ents[w[z+1].ent].Type == "DATE" || weekdays[w[z+1].low]) {
			i = z
			break
		}
	}
	// the phrase is the entity that heads it: "the Spanish newspaper ABC"
	if e := w[i-1].ent; e >= 0 && r.isParty(e) {
		return r.entActor(w, i-1)
	}
	return actor{ent: -1, start: w[a].start, end: w[i-1].end}
}

var weekdays = set("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "week", "month", "year")

// phraseAfter returns the noun phrase that starts at token i, up to a
// comma or clause word: "ABC", "reports in the Spanish-language press",
// "anonymous sources within the U.S. investigation".
func (r *reader) phraseAfter(w []tok, i int) actor {
	b := i
	for b < len(w) {
		l := w[b].low
		if w[b].kind == segment.Punct || w[b].kind == segment.Quote || l == "that" || l == "who" || l == "which" || l == "and" && b > i {
			break
		}
		b++
	}
	if b <= i {
		return actor{ent: -1}
	}
	// a phrase that is just one entity is that entity
	e := w[i].ent
	if e >= 0 && r.isParty(e) {
		all := true
		for q := i; q < b; q++ {
			if w[q].ent != e && !determiners[w[q].low] {
				all = false
			}
		}
		if all {
			return r.entActor(w, i)
		}
	}
	for q := i; q < b; q++ { // "the Spanish newspaper ABC"
		if w[q].ent >= 0 && r.isParty(w[q].ent) && q == b-1 {
			return r.entActor(w, q)
		}
	}
	return actor{ent: -1, start: w[i].start, end: w[b-1].end}
}

// agent returns the "by X" agent of a passive verb ending at j.
func (r *reader) agent(w []tok, j int) actor {
	for q := j; q < len(w) && q < j+6; q++ {
		if w[q].low == "by" {
			a := r.phraseAfter(w, q+1)
			for z := q + 1; z < len(w) && w[z].start < a.end; z++ {
				if w[z].low == "of" && a.ent < 0 { // "a federal jury of one count of …"
					a.end = w[z-1].end
					break
				}
			}
			return a
		}
		if w[q].kind == segment.Punct {
			break
		}
	}
	return actor{ent: -1}
}

// fillers are words that alone make no descriptor of a source: "Also
// designated today is X" has no speaker "Also".
var fillers = set("also", "then", "however", "today", "yesterday", "meanwhile", "separately", "instead", "still", "now", "later",
	"earlier", "here", "there", "in", "on", "at", "and", "but", "so", "thus", "as", "a", "an", "the", "it")

// source turns an actor into a chain link.
func (r *reader) source(a actor, cue string) dossier.Source {
	s := dossier.Source{Cue: cue, Start: a.start, End: a.end}
	if a.ent >= 0 {
		s.Entity = r.ents[a.ent].ID
		s.Name = r.ents[a.ent].Name
	} else {
		s.Name = r.text[a.start:a.end]
		s.Anonymous = anonymous(s.Name)
	}
	return s
}

// anonymous reports whether a descriptor hides who the source is.
func anonymous(desc string) bool {
	d := fold(desc)
	for _, w := range []string{"anonym", "unnamed", "unidentified", "source", "familiar with", "close to", "not to be named", "condition of anonymity", "official", "people", "person"} {
		if strings.Contains(d, w) {
			return true
		}
	}
	return false
}

// fold lowers s and straightens apostrophes.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '’', '‘':
			r = '\''
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
