package coref

import (
	"strings"

	"dossier/internal/featurehash"
	"dossier/internal/perceptron"
)

// Feature keys: a multiply-add polynomial over the template and its
// values with one splitmix64 finalizer, as package parse makes them.
const mult = 0x9e3779b97f4a7c15

func key1(t, a uint64) uint64    { return featurehash.Mix(t*mult + a) }
func key2(t, a, b uint64) uint64 { return featurehash.Mix((t*mult+a)*mult + b) }
func key3(t, a, b, c uint64) uint64 {
	return featurehash.Mix(((t*mult+a)*mult+b)*mult + c)
}

// Templates of the features of a new entity (the dummy antecedent).
const (
	fNewKind = iota + 1
	fNewKindType
	fNewPron
	fNewPronQuote
	fNewHead
	fNewDef
	fNewWord0
	fNewSeenKey
	fNewSeenHead
	fNewSeenLast
	fNewSent
	fNewLen
	fNewGender
	fNewNumber
	fNewPronSent

	// pair features
	fKinds
	fSentDist
	fMentDist
	fExact
	fHead
	fHeadDef
	fContains
	fContained
	fLast
	fLastOne
	fFirst
	fAcronym
	fTypes
	fGender
	fPronGender
	fNumber
	fPronKindType
	fPronSentDist
	fPronPair
	fPersonQuote
	fNomHeadType
	fNomHeads
	fNomHeadKind
	fAppos
	fParen
	fCopula
	fNested
	fFirstInSent
	fRank
	fClusterSize
	fClusterName
	fClusterGender
	fClusterKey
	fClusterLast
	fClusterType
	fSpeaker
	fDefPair
	fPossPron
	fSameSent
	fClause
	fNewClause
	fSubj
	fNewSubj
	fSpeakerRel
	fSpeakerName
	fClusterEarly
	fAdjacent
	fNestedPos
	fSalience
	fFirstOnly
)

func bucketSent(d int) uint64 {
	switch {
	case d <= 3:
		return uint64(d)
	case d <= 6:
		return 4
	case d <= 10:
		return 5
	}
	return 6
}

func bucketMent(d int) uint64 {
	switch {
	case d <= 3:
		return uint64(d)
	case d <= 6:
		return 4
	case d <= 10:
		return 5
	case d <= 20:
		return 6
	case d <= 40:
		return 7
	}
	return 8
}

func bucketSize(n int) uint64 {
	switch {
	case n <= 3:
		return uint64(n)
	case n <= 6:
		return 4
	}
	return 5
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// agree compares two attributes: 0 when either is unknown, 1 when equal,
// 2 when not.
func agree(a, b uint8) uint64 {
	switch {
	case a == 0 || b == 0:
		return 0
	case a == b:
		return 1
	}
	return 2
}

// cluster is an entity being built while decoding.
type cluster struct {
	size    int
	names   int
	typ     uint8 // type of its first name, else of its first typed mention
	genders uint8 // bit per gender its pronouns and names gave
	members []int
	// inCluster's answers for the mention with span (stamp−1, stampEnd)
	stamp, stampEnd int
	keyIn, lastIn   bool
}

// featurizer builds the features of one document's decisions.
type featurizer struct {
	t       *text
	ments   []mention
	bits    uint
	out     []uint32
	between []tok

	// what came before mention j
	seenKey, seenHead, seenLast map[uint64]bool
	// per sentence, the index of its first mention
	firstInSent map[int]int
}

func (f *featurizer) reset(t *text, ments []mention, bits uint) {
	f.t, f.ments, f.bits = t, ments, bits
	if f.seenKey == nil {
		f.seenKey, f.seenHead, f.seenLast, f.firstInSent = map[uint64]bool{}, map[uint64]bool{}, map[uint64]bool{}, map[int]int{}
	}
	clear(f.seenKey)
	clear(f.seenHead)
	clear(f.seenLast)
	clear(f.firstInSent)
	for i := range ments {
		if _, ok := f.firstInSent[ments[i].sent]; !ok {
			f.firstInSent[ments[i].sent] = i
		}
	}
}

// see records mention j as seen, after its decision.
func (f *featurizer) see(j int) {
	m := &f.ments[j]
	if m.key != "" {
		f.seenKey[m.hKey] = true
	}
	f.seenHead[m.hHead] = true
	if m.kind == kName {
		f.seenLast[m.hLast] = true
	}
}

func (f *featurizer) add(h uint64) { f.out = append(f.out, perceptron.Bucket(h, f.bits)) }

// newFeatures appends the features of mention j starting an entity.
func (f *featurizer) newFeatures(j int) {
	m := &f.ments[j]
	k := uint64(m.kind)
	f.add(key1(fNewKind, k))
	f.add(key2(fNewKindType, k, uint64(m.typ)))
	f.add(key2(fNewDef, k, b2u(m.def)*2+b2u(m.indef)))
	f.add(key2(fNewSent, k, min(uint64(m.sent), 5)))
	f.add(key2(fNewLen, k, min(uint64(m.End-m.Start), 6)))
	f.add(key2(fNewGender, k, uint64(m.gender)))
	f.add(key2(fNewNumber, k, uint64(m.number)))
	f.add(key2(fNewClause, k, b2u(m.clause)))
	if m.kind == kPron {
		f.add(key1(fNewPron, m.hPron))
		f.add(key2(fNewPronQuote, m.hPron, b2u(m.quote)))
		f.add(key2(fNewPronSent, m.hPron, b2u(m.sent == 0)))
		f.add(key2(fNewSubj, m.hPron, b2u(m.subj)))
		return
	}
	f.add(key2(fNewHead, k, m.hHead))
	f.add(key2(fNewWord0, k, m.hWord0))
	f.add(key2(fNewSeenKey, k, b2u(f.seenKey[m.hKey])))
	f.add(key3(fNewSeenHead, k, b2u(f.seenHead[m.hHead]), b2u(m.def)))
	if m.kind == kName {
		f.add(key1(fNewSeenLast, b2u(f.seenLast[m.hLast])))
	}
}

// pairFeatures appends the features of mention j taking mention i as its
// antecedent, i in cluster c; rank is i's place among the candidates of
// j that agree with it in gender and number (0 for the nearest), and
// salience the number of candidate entities larger than c.
func (f *featurizer) pairFeatures(i, j int, c *cluster, rank, salience int) {
	a, b := &f.ments[i], &f.ments[j]
	toks := f.t.toks
	kk := uint64(a.kind)*uint64(numKinds) + uint64(b.kind)
	ds := b.sent - a.sent
	f.add(key1(fKinds, kk))
	f.add(key2(fSentDist, kk, bucketSent(ds)))
	f.add(key2(fMentDist, kk, bucketMent(j-i)))
	nested := a.Start <= b.Start && b.End <= a.End || b.Start <= a.Start && a.End <= b.End
	if nested {
		f.add(key1(fNested, kk))
		in, out := b, a
		if a.Start >= b.Start && a.End <= b.End {
			in, out = a, b
		}
		pos := uint64(0) // in the middle
		switch {
		case in.Start == out.Start && in.End == out.End:
			pos = 3
		case in.Start == out.Start:
			pos = 1
		case in.End == out.End:
			pos = 2
		}
		f.add(key3(fNestedPos, kk, pos, b2u(in.poss)*2+b2u(in.head == out.head)))
	}
	if a.End == b.Start {
		f.add(key1(fAdjacent, kk))
	}
	if a.clause || b.clause {
		f.add(key2(fClause, kk, b2u(a.clause)*2+b2u(b.clause)))
	}
	f.add(key2(fTypes, kk, uint64(a.typ)*uint64(numTypes)+uint64(b.typ)))
	f.add(key2(fGender, kk, agree(a.gender, b.gender)))
	f.add(key2(fNumber, kk, agree(a.number, b.number)))
	if ds == 0 {
		f.add(key2(fSameSent, kk, b2u(a.End <= b.Start)))
	}

	// entity-level
	f.add(key2(fClusterSize, kk, bucketSize(c.size)))
	f.add(key3(fClusterName, uint64(b.kind), min(uint64(c.names), 2), uint64(c.typ)))
	keyInCluster, lastInCluster := f.inCluster(c, b)
	f.add(key2(fClusterKey, kk, b2u(keyInCluster)))
	if b.kind == kName {
		f.add(key1(fClusterLast, b2u(lastInCluster)))
	}
	f.add(key3(fClusterType, uint64(b.kind), uint64(c.typ), uint64(b.typ)))
	f.add(key3(fSalience, uint64(b.kind), uint64(salience), b2u(c.size > 1)))
	if b.kind == kPron {
		f.add(key2(fSalience, b.hPron, uint64(salience)))
		f.add(key3(fClusterEarly, b.hPron, b2u(f.ments[c.members[0]].sent < 2), bucketSize(c.size)))
	}

	switch b.kind {
	case kPron:
		f.add(key3(fPronKindType, b.hPron, uint64(a.kind), uint64(a.typ)))
		f.add(key2(fPronGender, b.hPron, uint64(a.gender)))
		f.add(key2(fPronSentDist, b.hPron, bucketSent(ds)))
		f.add(key2(fRank, b.hPron, uint64(min(rank, 4))))
		f.add(key2(fClusterGender, b.hPron, uint64(c.genders)))
		f.add(key3(fPossPron, b.hPron, b2u(a.poss), uint64(a.kind)))
		f.add(key3(fSubj, b.hPron, b2u(a.subj)*2+b2u(b.subj), min(bucketSent(ds), 2)))
		if a.kind == kPron {
			f.add(key3(fPronPair, a.hPron, b.hPron, min(bucketSent(ds), 3)))
		}
		if b.person != 3 || a.person != 3 {
			f.add(key3(fPersonQuote, uint64(a.person)*4+uint64(b.person), b2u(a.quote)*2+b2u(b.quote), min(bucketSent(ds), 3)))
		}
		if fi, ok := f.firstInSent[a.sent]; ok && fi == i {
			f.add(key2(fFirstInSent, b.hPron, b2u(ds == 0)))
		}
		if rel := f.speakerRel(a, b); rel != 0 && (a.person == 1 || a.person == 2 || b.person == 1 || b.person == 2) {
			f.add(key3(fSpeakerRel, uint64(a.person)*4+uint64(b.person), rel, min(bucketSent(ds), 2)))
		}
		if a.kind == kName && b.person == 1 && f.speakerIs(b.sent, a) {
			f.add(key1(fSpeakerName, 1))
		}
		if b.quote && b.person == 1 && !a.quote && ds <= 1 && nearSpeechVerb(toks, a) {
			f.add(key2(fSpeaker, b.hPron, uint64(a.kind)))
		}
		return
	}

	if b.kind == kName && a.person == 1 && f.speakerIs(a.sent, b) {
		f.add(key1(fSpeakerName, 2))
	}
	exact := a.key != "" && a.hKey == b.hKey
	f.add(key2(fExact, kk, b2u(exact)))
	headMatch := a.hHead == b.hHead
	f.add(key2(fHead, kk, b2u(headMatch)))
	if headMatch {
		f.add(key3(fHeadDef, kk, b2u(b.def), b2u(b.indef)))
	}
	f.add(key2(fContains, kk, b2u(subset(b.words, a.words))))
	f.add(key2(fContained, kk, b2u(subset(a.words, b.words))))
	if a.kind == kName && b.kind == kName {
		// first names: 0 either has none, 1 the same, 2 different
		firsts := uint64(0)
		switch {
		case a.first == "" || b.first == "":
		case a.first == b.first:
			firsts = 1
		default:
			firsts = 2
		}
		f.add(key3(fLast, b2u(a.last == b.last), firsts, uint64(a.typ)))
		if b.first == "" {
			f.add(key2(fLastOne, b2u(a.last == b.last), uint64(a.typ)))
		}
		f.add(key1(fFirst, b2u(firsts == 1 && a.last != b.last)))
		// a first name alone against a full name: "Ahmed", "Ahmed Mohamed"
		if b.first == "" && a.first != "" && b.last == a.first || a.first == "" && b.first != "" && a.last == b.first {
			f.add(key2(fFirstOnly, uint64(a.typ), b2u(b.first == "")))
		}
	}
	if a.acro != "" && a.acro == b.self {
		f.add(key1(fAcronym, kk))
	}
	if b.acro != "" && b.acro == a.self {
		f.add(key1(fAcronym, kk+100))
	}
	if b.kind == kNominal {
		f.add(key2(fNomHeadType, b.hHead, uint64(a.typ)))
		f.add(key2(fNomHeadKind, b.hHead, uint64(a.kind)))
		if a.kind == kNominal {
			f.add(key2(fNomHeads, a.hHead, b.hHead))
		}
		f.add(key3(fDefPair, kk, b2u(a.def)*2+b2u(a.indef), b2u(b.def)*2+b2u(b.indef)))
	}
	if a.End < b.Start && b.Start-a.End <= 16 && ds == 0 {
		between := f.outside(a.End, b.Start)
		switch {
		case len(between) == 1 && between[0].form == ",":
			f.add(key1(fAppos, kk))
		case len(between) == 1 && (between[0].form == "(" || between[0].form == "-LRB-"):
			f.add(key1(fParen, kk))
		case len(between) > 0 && len(between) <= 4 && isCopula(between):
			f.add(key1(fCopula, kk))
		}
	}
}

// outside returns the tokens from i to j that lie outside brackets
// closed before j ("(born July 19, 1982) [1] is" → "is"); a bracket
// still open at j is kept, as it may open an apposition.
func (f *featurizer) outside(i, j int) []tok {
	f.between = f.between[:0]
	depth, opened := 0, 0
	for k := i; k < j; k++ {
		x := f.t.toks[k]
		switch x.form {
		case "(", "[", "-LRB-", "-LSB-":
			if depth == 0 {
				opened = len(f.between)
			}
			depth++
		case ")", "]", "-RRB-", "-RSB-":
			if depth > 0 {
				depth--
				if depth == 0 {
					f.between = f.between[:opened]
				}
				continue
			}
		}
		f.between = append(f.between, x)
	}
	return f.between
}

// inCluster reports whether a mention of entity c has mention b's words
// and whether a name of c has b's last name. The answers are kept for
// the other candidates of b in c.
func (f *featurizer) inCluster(c *cluster, b *mention) (key, last bool) {
	if c.stamp == b.Start+1 && c.stampEnd == b.End {
		return c.keyIn, c.lastIn
	}
	for _, x := range c.members {
		mx := &f.ments[x]
		key = key || mx.key != "" && mx.hKey == b.hKey
		last = last || mx.kind == kName && b.kind == kName && mx.hLast == b.hLast
	}
	c.stamp, c.stampEnd, c.keyIn, c.lastIn = b.Start+1, b.End, key, last
	return key, last
}

// subset reports whether every word of a is in b (and a is not empty).
func subset(a, b []string) bool {
	if len(a) == 0 {
		return false
	}
	for _, w := range a {
		found := false
		for _, v := range b {
			if v == w {
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

var copulas = map[string]bool{"is": true, "was": true, "are": true, "were": true, "be": true, "been": true, "being": true,
	"become": true, "became": true, "becomes": true, "'s": true, "remains": true, "remained": true}

var copulaFillers = map[string]bool{"has": true, "have": true, "had": true, "also": true, "now": true, "still": true,
	"not": true, "will": true, "would": true, "then": true, "already": true}

// isCopula reports whether tokens are a form of "be" or "become" with
// auxiliaries and adverbs: "is", "has been", "was also".
func isCopula(ts []tok) bool {
	cop := false
	for _, t := range ts {
		switch {
		case copulas[t.low]:
			cop = true
		case copulaFillers[t.low], t.form == ")", t.form == ",":
		default:
			return false
		}
	}
	return cop
}

var speechVerbs = map[string]bool{"said": true, "says": true, "say": true, "told": true, "tells": true, "added": true,
	"adds": true, "asked": true, "asks": true, "stated": true, "states": true, "wrote": true, "writes": true,
	"explained": true, "explains": true, "noted": true, "notes": true, "argued": true, "argues": true,
	"replied": true, "insisted": true, "claimed": true, "claims": true, "declared": true, "announced": true,
	"according": true, "continued": true, "recalled": true, "warned": true, "remarked": true}

// nearSpeechVerb reports whether a speech verb lies within two tokens
// of a mention, in its sentence: `Smith said`, `said Smith`, `according to Smith`.
func nearSpeechVerb(toks []tok, m *mention) bool {
	for k := max(m.Start-3, 0); k < min(m.End+2, len(toks)); k++ {
		if (k < m.Start || k >= m.End) && toks[k].sent == m.sent && speechVerbs[toks[k].low] {
			return true
		}
	}
	return false
}

// speakerRel tells whether two mentions' sentences have the same
// speaker (1), different ones (2), or either has none (0).
func (f *featurizer) speakerRel(a, b *mention) uint64 {
	sp := f.t.speakers
	if a.sent >= len(sp) || b.sent >= len(sp) || sp[a.sent] == "" || sp[b.sent] == "" {
		return 0
	}
	if sp[a.sent] == sp[b.sent] {
		return 1
	}
	return 2
}

// speakerIs reports whether sentence s's speaker is named by a name
// mention: its first or last word, three letters or more, is part of
// the speaker's name ("MarioJLucero", "Mario Lucero").
func (f *featurizer) speakerIs(s int, m *mention) bool {
	sp := f.t.speakers
	if s >= len(sp) || sp[s] == "" {
		return false
	}
	return len(m.first) >= 3 && strings.Contains(sp[s], m.first) || len(m.last) >= 3 && strings.Contains(sp[s], m.last)
}
