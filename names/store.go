package names

import (
	"sync"
)

// Store keeps many prepared subjects compactly, for a screening index
// over a list of a million entries: each distinct name part once, in a
// part table, each name as the ids of its parts, and the spans of its
// parts as small records whose strings are in a byte arena; no per-name
// objects, arrays in chunks that growing never copies. Subjects are
// numbered from 0 in the order they are added.
//
// Build a store with Add, call Freeze once every subject is in, then
// compare queries with the subjects through a Probe. A frozen store is
// safe for concurrent use; Add is not.
type Store struct {
	parts    []Part      // distinct parts
	prints   []partPrint // what a memo row needs to know of each part first
	aux      []printAux
	ids      chunked[uint32]     // the part ids of the names
	spans    chunked[storedSpan] // the spans of the names
	shapes   chunked[spanShape]  // their shapes, in the same places
	arena    []string            // the texts of the spans, in chunks of up to chunkSize
	names    chunked[storedName]
	subjects []storedSubject
	strs     chunked[string] // raw names, birth dates and countries of the subjects
	labels   []string        // distinct schema and gender strings

	// while building
	partID  map[partKey]uint32
	labelID map[string]uint16
	intern  map[string]string
	chunk   []byte // arena chunk being filled

	mu    sync.Mutex
	other map[uint64][]named // subject<<8 | class → names parsed with another schema class

	probes sync.Pool
}

// storedSubject is a subject in a Store: ranges of names and strs.
type storedSubject struct {
	names          uint32 // the address of its names
	strs           uint32 // the address of its strs: names, weak names, birth dates, countries
	nNames         uint16
	nStrong, nWeak uint16
	nDates, nCtry  uint16
	schema, gender uint16    // labels
	resolved       nameClass // Prepared.resolved
}

// storedName is a parsed name in a Store.
type storedName struct {
	orig       uint32 // the name as written: its address in strs
	ids        uint32 // the address of its part ids
	spans      uint32 // the address of its spans, in buildSpans order
	n          uint8  // parts
	nspans     uint8
	class      nameClass
	patronymic bool
	weak       bool
	mayDup     bool // some part may repeat another (see dupFactor)
	// The shapes of its spans: least and greatest text length, and the
	// numbers of initials (bit n for n), for skipping them all at once.
	spanMin, spanMax uint16
	spanInit         uint8
}

// storedSpan is a span of a stored name: its strings are back to back in
// the arena from off (text, canon, phonetic, initials, skeleton). A span
// too long for that (big) is built again from its parts when compared.
type storedSpan struct {
	off                         uint32 // chunk<<chunkBits | offset in the chunk
	lt, lc, lp, li, ls          uint16
	lo, hi                      uint8
	big                         bool
	init                        [3]byte // the initials (a span has at most 3)
	textH, canonH, phonH, skelH uint32  // strHash of text, canon, phonetic, skel
	mask                        uint64
	counts                      letterCounts // of canon
}

const (
	chunkBits = 20
	chunkSize = 1 << chunkBits
)

// partKey is a Part without the fields derived from it: equal keys are
// equal parts.
type partKey struct {
	Text, Phonetic, canon, skel, native, legal string
	Kind                                       Kind
	script                                     script
	num                                        int
	roman, acronym                             bool
	variant                                    int
	weight                                     float64
}

func keyOf(p *Part) partKey {
	return partKey{Text: p.Text, Phonetic: p.Phonetic, canon: p.canon, skel: p.skel, native: p.native, legal: p.legal,
		Kind: p.Kind, script: p.script, num: p.num, roman: p.roman, acronym: p.acronym, variant: p.variant, weight: p.weight}
}

// NewStore returns an empty store.
func NewStore() *Store { return &Store{} }

// Len returns the number of subjects stored.
func (s *Store) Len() int { return len(s.subjects) }

// Add stores p and returns its number.
func (s *Store) Add(p *Prepared) uint32 {
	if s.partID == nil {
		s.partID = map[partKey]uint32{}
		s.labelID, s.intern = map[string]uint16{}, map[string]string{}
	}
	id := uint32(len(s.subjects))
	sub := storedSubject{
		nNames:  uint16(min(len(p.own), 1<<16-1)),
		nStrong: uint16(min(len(p.Names), 1<<16-1)), nWeak: uint16(min(len(p.WeakNames), 1<<16-1)),
		nDates: uint16(min(len(p.BirthDates), 1<<16-1)), nCtry: uint16(min(len(p.Countries), 1<<16-1)),
		schema: s.label(p.Schema), gender: s.label(p.Gender), resolved: p.resolved,
	}
	sub.strs = s.strs.start(int(sub.nStrong) + int(sub.nWeak) + int(sub.nDates) + int(sub.nCtry))
	for _, x := range p.Names[:sub.nStrong] {
		s.strs.add(x)
	}
	for _, x := range p.WeakNames[:sub.nWeak] {
		s.strs.add(x)
	}
	for _, x := range p.BirthDates[:sub.nDates] {
		s.strs.add(s.internStr(x))
	}
	for _, x := range p.Countries[:sub.nCtry] {
		s.strs.add(s.internStr(x))
	}
	rawNames := s.strs.run(sub.strs, int(sub.nStrong)+int(sub.nWeak))
	sub.names = s.names.start(int(sub.nNames))
	for _, nd := range p.own[:sub.nNames] {
		sn := storedName{n: uint8(len(nd.n.Parts)), nspans: uint8(len(nd.n.spans)), mayDup: mayRepeat(nd.n.Parts),
			class: nd.n.class, patronymic: nd.n.patronymic, weak: nd.weak}
		for k, x := range rawNames {
			if x == nd.n.Original {
				sn.orig = sub.strs + uint32(k)
				break
			}
		}
		sn.ids = s.ids.start(len(nd.n.Parts))
		for i := range nd.n.Parts {
			pt := &nd.n.Parts[i]
			key := keyOf(pt)
			pid, ok := s.partID[key]
			if !ok {
				pid = uint32(len(s.parts))
				s.partID[key] = pid
				c := *pt
				c.rw, c.rwGen = 0, 0
				s.parts = append(s.parts, c)
				fp, aux := printOf(&c)
				s.prints, s.aux = append(s.prints, fp), append(s.aux, aux)
			}
			s.ids.add(pid)
		}
		sn.spans = s.spans.start(len(nd.n.spans))
		if at := s.shapes.start(len(nd.n.spans)); at != sn.spans {
			panic("names: span shapes out of step") // unreachable: both grow alike
		}
		for k := range nd.n.spans {
			sp := &nd.n.spans[k]
			s.spans.add(s.storeSpan(sp))
			s.shapes.add(shapeOf(sp))
			lt := uint16(min(len(sp.text), 1<<16-1))
			if k == 0 || lt < sn.spanMin {
				sn.spanMin = lt
			}
			sn.spanMax = max(sn.spanMax, lt)
			if len(sp.initials) < 8 {
				sn.spanInit |= 1 << uint(len(sp.initials))
			} else {
				sn.spanInit = 0xff
			}
		}
		s.names.add(sn)
	}
	s.subjects = append(s.subjects, sub)
	return id
}

// mayRepeat reports whether a part of a name repeats another as
// dupFactor reads it, so that dupFactor is 1 for every part when not.
func mayRepeat(parts []Part) bool {
	for i := range parts {
		for k := range parts {
			p, q := &parts[i], &parts[k]
			if k != i && (q.canon == p.canon || fuzzySimMasked(q.canon, p.canon, q.mask, p.mask) >= 0.7) {
				return true
			}
		}
	}
	return false
}

// storeSpan writes the strings of sp into the arena.
func (s *Store) storeSpan(sp *span) storedSpan {
	strs := [...]string{sp.text, sp.canon, sp.phonetic, sp.initials, sp.skel}
	need := 0
	for _, x := range strs {
		if len(x) > 1<<16-1 {
			need = chunkSize + 1
		}
		need += len(x)
	}
	if need > chunkSize {
		return storedSpan{big: true, lo: uint8(sp.lo), hi: uint8(sp.hi)}
	}
	if len(s.chunk)+need > chunkSize {
		s.seal()
	}
	if s.chunk == nil {
		s.chunk = make([]byte, 0, chunkSize)
	}
	ss := storedSpan{off: uint32(len(s.arena))<<chunkBits | uint32(len(s.chunk)), mask: sp.mask,
		lo: uint8(sp.lo), hi: uint8(sp.hi),
		textH: strHash(sp.text), canonH: strHash(sp.canon), phonH: strHash(sp.phonetic), skelH: strHash(sp.skel),
		counts: countLetters(sp.canon),
		lt:     uint16(len(sp.text)), lc: uint16(len(sp.canon)), lp: uint16(len(sp.phonetic)),
		li: uint16(len(sp.initials)), ls: uint16(len(sp.skel))}
	copy(ss.init[:], sp.initials)
	for _, x := range strs {
		s.chunk = append(s.chunk, x...)
	}
	return ss
}

// seal moves the chunk being filled into the arena.
func (s *Store) seal() {
	if len(s.chunk) > 0 {
		s.arena = append(s.arena, string(s.chunk))
	}
	s.chunk = s.chunk[:0]
}

// span returns stored span ss of the stored name b.
func (s *Store) span(ss *storedSpan, b *side) span {
	lo, hi := int(ss.lo), int(ss.hi)
	c := int(ss.off >> chunkBits)
	if ss.big || c >= len(s.arena) {
		return makeSpan(b, lo, hi) // too long to keep, or not frozen yet
	}
	arena, o := s.arena[c], int(ss.off&(chunkSize-1))
	take := func(n uint16) string {
		x := arena[o : o+int(n)]
		o += int(n)
		return x
	}
	sp := span{lo: lo, hi: hi, mask: ss.mask, syllabic: spanSyllabic(b, lo, hi)}
	sp.text = take(ss.lt)
	sp.canon = take(ss.lc)
	sp.phonetic = take(ss.lp)
	sp.initials = take(ss.li)
	sp.skel = take(ss.ls)
	return sp
}

func (s *Store) label(x string) uint16 {
	if id, ok := s.labelID[x]; ok {
		return id
	}
	id := uint16(len(s.labels))
	if len(s.labels) == 1<<16-1 {
		// Out of label numbers (no list has that many schemata and
		// genders): keep the text, unshared.
		id = uint16(len(s.labels) - 1)
		s.labels[id] = x
		return id
	}
	s.labels = append(s.labels, x)
	s.labelID[x] = id
	return id
}

func (s *Store) internStr(x string) string {
	if v, ok := s.intern[x]; ok {
		return v
	}
	s.intern[x] = x
	return x
}

// Freeze ends the building of the store: it caches in the part table the
// weights of m's rarity model, as Prepared.UseWeights does, and drops the
// maps used while adding. Subjects added afterwards are still compared
// correctly, but their parts are no longer shared with the earlier ones.
func (s *Store) Freeze(m *Matcher) {
	s.freezeTables()
	if m.Weights == nil || m.Weights.gen == 0 {
		return
	}
	for i := range s.parts {
		pt := &s.parts[i]
		pt.rwGen = 0
		pt.rw, pt.rwGen = m.weight(pt), m.Weights.gen
	}
}

// freezeTables is Freeze but for the parts' weights: it drops what only
// adding needs and gives back spare capacity.
func (s *Store) freezeTables() {
	s.partID, s.labelID, s.intern = nil, nil, nil
	s.seal()
	s.chunk = nil
	s.parts = clipSlice(s.parts)
	s.prints = clipSlice(s.prints)
	s.aux = clipSlice(s.aux)
	s.ids.clip()
	s.spans.clip()
	s.shapes.clip()
	s.names.clip()
	s.subjects = clipSlice(s.subjects)
	s.strs.clip()
}

// clipSlice returns xs in a slice of exactly its length, so that the
// capacity appends left behind is given back.
func clipSlice[T any](xs []T) []T {
	if cap(xs) == len(xs) {
		return xs
	}
	return append(make([]T, 0, len(xs)), xs...)
}

// Schema returns the schema of subject id.
func (s *Store) Schema(id uint32) string { return s.labels[s.subjects[id].schema] }

// subject returns subject id as a Subject (sharing the store's memory:
// read only).
func (s *Store) subject(id uint32) Subject {
	sub := &s.subjects[id]
	at := sub.strs
	take := func(n uint16) []string {
		xs := s.strs.run(at, int(n))
		at += uint32(n)
		return xs
	}
	return Subject{
		Schema:     s.labels[sub.schema],
		Names:      take(sub.nStrong),
		WeakNames:  take(sub.nWeak),
		BirthDates: take(sub.nDates),
		Countries:  take(sub.nCtry),
		Gender:     s.labels[sub.gender],
	}
}

// side returns stored name k as align reads it.
func (s *Store) side(k uint32) side {
	sn := s.names.at(k)
	return side{parts: s.parts, ids: s.ids.run(sn.ids, int(sn.n)), stored: true,
		st: s, sspans: s.spans.run(sn.spans, int(sn.nspans)), shapes: s.shapes.run(sn.spans, int(sn.nspans)), mayDup: sn.mayDup,
		spanMin: sn.spanMin, spanMax: sn.spanMax, spanInit: sn.spanInit,
		class: sn.class, patronymic: sn.patronymic}
}

// parsedOther returns the names of subject id parsed with schema, whose
// class is not that of the subject's own schema (a query of a more
// specific schema than the entry's). The parses are kept.
func (s *Store) parsedOther(id uint32, schema string) []named {
	key := uint64(id)<<8 | uint64(schemaClass(schema))
	s.mu.Lock()
	defer s.mu.Unlock()
	if ns, ok := s.other[key]; ok {
		return ns
	}
	if s.other == nil {
		s.other = map[uint64][]named{}
	}
	ns, _ := parseSubject(s.subject(id), schema)
	s.other[key] = ns
	return ns
}

// A Probe compares one query with the subjects of a Store, with the
// results of Matcher.ComparePrepared and Matcher.NameScore. It
// remembers how the query's names compare with each part of the store
// that it has met, so that the words shared by many list entries
// ("muhammad", "trading", "llc") are compared once per query. Get one
// with Store.Probe, use it from one goroutine, and Release it when done.
type Probe struct {
	m      *Matcher
	s      *Store
	q      *Prepared
	qclass nameClass
	sets   []probeSet // query names, one set per schema class met
	memos  []*memo    // memos in use this query, then free ones
	nmemo  int
	last   lastBest // NameScore's work, for Compare on the same subject
}

type lastBest struct {
	ok     bool
	id     uint32
	best   float64
	set    int
	bi, bj int
	other  []named
}

// probeSet is the query's names parsed for one schema class, each with
// its memo (a memo is shared by names of different sets that parsed the
// same).
type probeSet struct {
	idx   int8 // in Probe.sets
	cls   nameClass
	names []named
	sides []side
	memos []*memo
}

// Probe returns a probe comparing q with the store's subjects under m,
// which must be the matcher the store was frozen with.
func (s *Store) Probe(m *Matcher, q *Prepared) *Probe {
	p, _ := s.probes.Get().(*Probe)
	if p == nil {
		p = &Probe{}
	}
	p.m, p.s, p.q, p.qclass = m, s, q, schemaClass(q.Schema)
	p.sets, p.nmemo, p.last = p.sets[:0], 0, lastBest{}
	return p
}

// Release returns the probe to its store for reuse.
func (p *Probe) Release() {
	s := p.s
	p.m, p.s, p.q, p.last = nil, nil, nil, lastBest{}
	for i := range p.sets {
		ps := &p.sets[i]
		clear(ps.names[:cap(ps.names)])
		clear(ps.sides[:cap(ps.sides)])
		clear(ps.memos[:cap(ps.memos)])
		ps.names, ps.sides, ps.memos = ps.names[:0], ps.sides[:0], ps.memos[:0]
	}
	for _, mo := range p.memos[:p.nmemo] {
		mo.a, mo.st = nil, nil
	}
	if s != nil {
		s.probes.Put(p)
	}
}

// set returns the query names parsed with schema, with their memos.
func (p *Probe) set(schema string) *probeSet {
	cls := schemaClass(schema)
	for i := range p.sets {
		if p.sets[i].cls == cls {
			return &p.sets[i]
		}
	}
	var ns []named
	if cls == p.qclass || sameParse(p.q.resolved, cls) {
		ns = p.q.own
	} else {
		ns, _ = parseSubject(p.q.Subject, schema)
		useWeights(ns, p.m)
	}
	if len(p.sets) < cap(p.sets) {
		p.sets = p.sets[:len(p.sets)+1]
	} else {
		p.sets = append(p.sets, probeSet{})
	}
	ps := &p.sets[len(p.sets)-1]
	ps.idx = int8(len(p.sets) - 1)
	ps.cls, ps.names = cls, append(ps.names[:0], ns...)
	ps.sides, ps.memos = ps.sides[:0], ps.memos[:0]
	for i := range ps.names {
		ps.sides = append(ps.sides, nameSide(&ps.names[i].n))
	}
	for i := range ps.sides {
		ps.memos = append(ps.memos, p.memoFor(&ps.sides[i]))
	}
	return ps
}

// memoFor returns the memo of query name a: one already in use for a
// name with the same parts, or a fresh one.
func (p *Probe) memoFor(a *side) *memo {
	for _, mo := range p.memos[:p.nmemo] {
		if sameSide(mo.a, a) {
			return mo
		}
	}
	if p.nmemo == len(p.memos) {
		p.memos = append(p.memos, &memo{})
	}
	mo := p.memos[p.nmemo]
	p.nmemo++
	mo.reset(a, p.s)
	return mo
}

// sameSide reports whether two parsed names have equal parts, so that
// their parts and spans compare alike with anything.
func sameSide(a, b *side) bool {
	if a.len() != b.len() {
		return false
	}
	for i := 0; i < a.len(); i++ {
		pa, pb := a.part(i), b.part(i)
		if keyOf(pa) != keyOf(pb) {
			return false
		}
	}
	return true
}

// best returns the best name score of the query against subject id (of
// compatible schema), the query names it came from, and the pair (bi <
// 0 when there is none; other holds the subject's names when they had to
// be parsed with another schema). NameScore keeps it for Compare.
func (p *Probe) best(id uint32) (best float64, ps *probeSet, bi, bj int, other []named) {
	if l := &p.last; l.ok && l.id == id {
		return l.best, &p.sets[l.set], l.bi, l.bj, l.other
	}
	best, ps, bi, bj, other = p.score(id)
	p.last = lastBest{ok: true, id: id, best: best, set: int(ps.idx), bi: bi, bj: bj, other: other}
	return best, ps, bi, bj, other
}

func (p *Probe) score(id uint32) (best float64, ps *probeSet, bi, bj int, other []named) {
	s := p.s
	sub := &s.subjects[id]
	cschema := s.labels[sub.schema]
	schema := comparisonSchema(p.q.Schema, cschema)
	ps = p.set(schema)
	best, bi, bj = -1, -1, -1
	if cls := schemaClass(schema); cls != schemaClass(cschema) && !sameParse(sub.resolved, cls) {
		other = s.parsedOther(id, schema)
		for i := range ps.names {
			for j := range other {
				sb := nameSide(&other[j].n)
				sc := p.m.align(&ps.sides[i], &sb, nil, nil, 0)
				if ps.names[i].weak || other[j].weak {
					sc *= weakNameFactor
				}
				if sc > best {
					best, bi, bj = sc, i, j
				}
			}
		}
		return best, ps, bi, bj, other
	}
	for i := range ps.names {
		for j := 0; j < int(sub.nNames); j++ {
			k := sub.names + uint32(j)
			weak := ps.names[i].weak || s.names.at(k).weak
			// A pair scoring below best cannot replace it: let align
			// skip it when its bound shows that (with a margin for
			// the rounding of the bound).
			floor := best - 1e-9
			if weak {
				floor /= weakNameFactor
			}
			sb := s.side(k)
			sc := p.m.align(&ps.sides[i], &sb, nil, ps.memos[i], floor)
			if sc < 0 {
				continue
			}
			if weak {
				sc *= weakNameFactor
			}
			if sc > best {
				best, bi, bj = sc, i, j
			}
		}
	}
	return best, ps, bi, bj, nil
}

// Reaches reports whether NameScore(id) + MaxQualifierBonus reaches
// threshold, that is whether Compare(id) can: it stops at the first name
// pair that does, and skips the pairs that an upper bound of their score
// rules out.
func (p *Probe) Reaches(id uint32, threshold float64) bool {
	if MaxQualifierBonus >= threshold {
		return true // NameScore is never below 0
	}
	s := p.s
	sub := &s.subjects[id]
	cschema := s.labels[sub.schema]
	if !schemaCompatible(p.q.Schema, cschema) {
		return false
	}
	schema := comparisonSchema(p.q.Schema, cschema)
	ps := p.set(schema)
	reaches := func(sc float64, weak bool) bool {
		if weak {
			sc *= weakNameFactor
		}
		return sc+MaxQualifierBonus >= threshold
	}
	if cls := schemaClass(schema); cls != schemaClass(cschema) && !sameParse(sub.resolved, cls) {
		other := s.parsedOther(id, schema)
		for i := range ps.names {
			for j := range other {
				sb := nameSide(&other[j].n)
				if reaches(p.m.align(&ps.sides[i], &sb, nil, nil, 0), ps.names[i].weak || other[j].weak) {
					return true
				}
			}
		}
		return false
	}
	// Scores below floor cannot reach the threshold; the margin covers
	// the rounding of the bound, which sums in another order.
	floor := threshold - MaxQualifierBonus - 1e-9
	for i := range ps.names {
		for j := 0; j < int(sub.nNames); j++ {
			k := sub.names + uint32(j)
			weak := ps.names[i].weak || s.names.at(k).weak
			f := floor
			if weak {
				f /= weakNameFactor
			}
			sb := s.side(k)
			sc := p.m.align(&ps.sides[i], &sb, nil, ps.memos[i], f)
			if sc >= 0 && reaches(sc, weak) {
				return true
			}
		}
	}
	return false
}

// NameScore is Matcher.NameScore of the query and subject id.
func (p *Probe) NameScore(id uint32) float64 {
	if !schemaCompatible(p.q.Schema, p.s.labels[p.s.subjects[id].schema]) {
		return 0
	}
	best, _, _, _, _ := p.best(id)
	return max(best, 0)
}

// Compare is Matcher.ComparePrepared of the query and subject id.
func (p *Probe) Compare(id uint32) Result {
	s := p.s
	cs := s.subject(id)
	if r, ok := incompatible(p.q.Schema, cs.Schema); !ok {
		return r
	}
	best, ps, bi, bj, other := p.best(id)
	if bi < 0 {
		return noNames()
	}
	qn := pairName{&ps.sides[bi], ps.names[bi].n.Original, ps.names[bi].weak}
	if other != nil {
		cb := nameSide(&other[bj].n)
		return p.m.qualify(&p.q.Subject, &cs, best, qn, pairName{&cb, other[bj].n.Original, other[bj].weak})
	}
	k := s.subjects[id].names + uint32(bj)
	cb := s.side(k)
	sn := s.names.at(k)
	return p.m.qualify(&p.q.Subject, &cs, best, qn, pairName{&cb, *s.strs.at(sn.orig), sn.weak})
}

// useWeights caches the weights of m in the parts of ns.
func useWeights(ns []named, m *Matcher) {
	if m.Weights == nil || m.Weights.gen == 0 {
		return
	}
	for i := range ns {
		for j := range ns[i].n.Parts {
			pt := &ns[i].n.Parts[j]
			pt.rwGen = 0
			pt.rw, pt.rwGen = m.weight(pt), m.Weights.gen
		}
	}
}

// memoSim is a remembered similarity: partSim of a query part, or spanSim
// of a query span (−1 when the span is implausible for the part).
type memoSim struct {
	sim float64
	how how
}

// memo remembers, for one query name a, how a's parts and spans compare
// with the parts of a store, by part id: a row of similarities per id
// met. Its table is an open-addressing hash table whose entries a new
// generation empties at once.
type memo struct {
	a       *side
	st      *Store
	qprints []queryPrint // of a's parts, then of its spans
	aDup    bool         // mayRepeat(a's parts)
	shapes  spanShapes   // the spans plausible against some part of a
	gen     uint32
	parts   idTable // rows of len(a.parts) + len(a.spans)
	sims    []memoSim
	cands   []pairing // align's scratch
}

type idTable struct {
	slots []memoSlot
	n     int
}

type memoSlot struct{ gen, id, off uint32 }

func (mo *memo) reset(a *side, st *Store) {
	mo.a, mo.st = a, st
	mo.shapes = shapesFor(a)
	mo.aDup = mayRepeat(a.parts)
	mo.qprints = mo.qprints[:0]
	for i := 0; i < a.len(); i++ {
		p := a.part(i)
		mo.qprints = append(mo.qprints, partQueryPrint(p))
	}
	for i := range a.spans {
		sp := &a.spans[i]
		mo.qprints = append(mo.qprints, spanQueryPrint(sp))
	}
	mo.gen++
	if mo.gen == 0 {
		clear(mo.parts.slots)
		mo.gen = 1
	}
	if mo.parts.slots == nil {
		mo.parts.slots = make([]memoSlot, 256)
	}
	mo.parts.n = 0
	mo.sims = mo.sims[:0]
}

// find returns the slot of id in t, and whether it holds id this
// generation (else it is the free slot to fill).
func (t *idTable) find(id, gen uint32) (*memoSlot, bool) {
	mask := uint32(len(t.slots) - 1)
	h := (id * 0x9E3779B1) & mask
	for {
		sl := &t.slots[h]
		if sl.gen != gen {
			return sl, false
		}
		if sl.id == id {
			return sl, true
		}
		h = (h + 1) & mask
	}
}

// added counts a filled slot, and grows the table past half full.
func (t *idTable) added(gen uint32) {
	t.n++
	if 2*t.n <= len(t.slots) {
		return
	}
	old := t.slots
	t.slots = make([]memoSlot, 2*len(old))
	for _, sl := range old {
		if sl.gen == gen {
			ns, _ := t.find(sl.id, gen)
			*ns = sl
		}
	}
}

// row returns the offset in mo.sims of the row of part id, computing it
// the first time. The part itself is read only for the comparisons its
// print cannot rule out.
func (mo *memo) row(id uint32) int32 {
	sl, ok := mo.parts.find(id, mo.gen)
	if ok {
		return int32(sl.off)
	}
	off := uint32(len(mo.sims))
	fp := &mo.st.prints[id]
	a := mo.a
	na := a.len()
	for i := 0; i < na; i++ {
		pa := a.part(i)
		if fp.partZero(pa, &mo.qprints[i], &mo.st.aux[id]) {
			mo.sims = append(mo.sims, memoSim{0, howNone})
			continue
		}
		s, hw := partSim(pa, &mo.st.parts[id])
		mo.sims = append(mo.sims, memoSim{s, hw})
	}
	for si := range a.spans {
		sp := &a.spans[si]
		if fp.spanZero(sp, &mo.qprints[na+si]) {
			mo.sims = append(mo.sims, memoSim{-1, howNone})
			continue
		}
		pb := &mo.st.parts[id]
		if !plausibleSpan(sp, pb) {
			mo.sims = append(mo.sims, memoSim{-1, howNone})
			continue
		}
		s, hw := spanSim(sp, pb)
		mo.sims = append(mo.sims, memoSim{s, hw})
	}
	*sl = memoSlot{gen: mo.gen, id: id, off: off}
	mo.parts.added(mo.gen)
	return int32(off)
}
