package names

import (
	"slices"
	"strconv"
	"strings"
)

// DefaultThreshold is the score at or above which two names are taken to
// match. It was fixed once on the labelled pairs of
// ../shared/data/namepairs (see doc.go for how and for the figures) and is
// not tuned per run.
const DefaultThreshold = 0.80

// The scoring constants (minAccept, conflictFactor, extraPerson, …) are
// variables set from the fitted parameters in params.json: see params.go.

// extraFor is the weight factor of a part left over on one side only,
// extra being that of the names' class: middle names and patronymics are
// optional, and their absence costs little; a first given name costs at
// least extraGiven; a lone Han character or Hangul syllable at least
// extraSyllable, for it is half of a given name whose other half was
// matched (김성민, Kim Seong-min, is not Kim Song).
func extraFor(extra float64, p *Part) float64 {
	switch {
	case p.syllable():
		return max(extra, extraSyllable)
	case p.Kind == KindMiddle || p.Kind == KindPatronymic:
		return min(extra, extraOptional)
	case p.Kind == KindGiven:
		// The first given name of "Family, Given": a name that lacks it
		// may be a namesake who shares the family and a middle name.
		return max(extra, extraGiven)
	}
	return extra
}

// Explanation is the score and a human-readable account of one feature of
// a comparison, as in yente's explanations.
type Explanation struct {
	Score  float64 `json:"score"`
	Detail string  `json:"detail"`
}

// Result is the outcome of a comparison: a score in [0, 1] and the
// explanation of each feature that made it ("name_parts", and for
// entity comparisons "name", "birth_date", "country", "gender", "schema").
type Result struct {
	Score        float64
	Explanations map[string]Explanation
}

// Matcher compares names. Its zero value is usable (default rarity,
// threshold 0); NewMatcher sets the default threshold.
type Matcher struct {
	Weights   *Weights // token rarity; nil uses the built-in default
	Threshold float64  // score at or above which a pair matches
}

// NewMatcher returns a matcher with default weights and DefaultThreshold.
func NewMatcher() *Matcher { return &Matcher{Threshold: DefaultThreshold} }

// Match reports whether a score reaches the matcher's threshold.
func (m *Matcher) Match(score float64) bool { return score >= m.Threshold }

// CompareNames parses two names with the given schema and compares them.
func (m *Matcher) CompareNames(a, b string, schema string) Result {
	return m.CompareParsed(Parse(a, schema), Parse(b, schema))
}

// CompareParsed compares two parsed names. Parse once and compare many
// times: an index should keep its candidates parsed.
func (m *Matcher) CompareParsed(a, b Name) Result {
	sa, sb := nameSide(&a), nameSide(&b)
	s, detail := m.explain(&sa, &sb)
	return Result{Score: s, Explanations: map[string]Explanation{
		"name_parts": {Score: s, Detail: detail},
	}}
}

// explain aligns two names and describes the alignment.
func (m *Matcher) explain(a, b *side) (float64, string) {
	var al alignment
	s := m.align(a, b, &al, nil, 0)
	return s, al.detail(a, b)
}

// Score is CompareParsed without the explanation: the hot path.
func (m *Matcher) Score(a, b *Name) float64 {
	sa, sb := nameSide(a), nameSide(b)
	return m.align(&sa, &sb, nil, nil, 0)
}

// pairing is one aligned pair of units (a part or a span on each side).
type pairing struct {
	a0, a1, b0, b1 int8
	sim, w         float64
	how            how
	lo, hi         string // the two unit texts, ordered: tie-break for sorting
}

func mkPairing(a0, a1, b0, b1 int, sim, w float64, h how, ta, tb string) pairing {
	if ta > tb {
		ta, tb = tb, ta
	}
	return pairing{a0: int8(a0), a1: int8(a1), b0: int8(b0), b1: int8(b1), sim: sim, w: w, how: h, lo: ta, hi: tb}
}

// alignment records how two names were aligned, for explanations.
type alignment struct {
	pairs     []pairing
	conflicts [][2]int // part indices left over on both sides
	extrasA   []int
	extrasB   []int
}

func (m *Matcher) weight(p *Part) float64 {
	if p.rwGen != 0 && m.Weights != nil && p.rwGen == m.Weights.gen {
		return p.rw
	}
	w := p.weight
	if p.rarityApplies() {
		w *= m.Weights.Rarity(p.Text)
	}
	return w
}

func (m *Matcher) spanWeight(n *side, lo, hi int) float64 {
	w := 0.0
	for k := lo; k < hi; k++ {
		w = max(w, m.weight(n.part(k)))
	}
	return w
}

// side is a name as align reads it: the parts of a parsed Name, or the
// part ids of a name kept in a Store, read from the store's part table.
type side struct {
	parts      []Part   // the name's parts, or the store's part table
	ids        []uint32 // stored names: the parts, as ids into parts
	stored     bool
	spans      []span       // parsed names: their spans
	st         *Store       // stored names: the store
	sspans     []storedSpan // stored names: their spans
	shapes     []spanShape  // and their shapes
	mayDup     bool         // stored names: some part may repeat another (dupFactor)
	spanMin    uint16       // stored names: see storedName
	spanMax    uint16
	spanInit   uint8
	class      nameClass
	patronymic bool
}

func nameSide(n *Name) side {
	return side{parts: n.Parts, spans: n.spans, class: n.class, patronymic: n.patronymic}
}

func (s *side) len() int {
	if s.stored {
		return len(s.ids)
	}
	return len(s.parts)
}

func (s *side) part(i int) *Part {
	if s.stored {
		return &s.parts[s.ids[i]]
	}
	return &s.parts[i]
}

// kindPenalty lowers pairings whose roles contradict: a patronymic
// against a given name when both names have patronymics (Muhammad bin
// Salman is not Salman bin Muhammad), a given or middle name against a
// family name when both are known. A patronymic against a family name
// is no contradiction: "Ben Attia" and "bin Laden" are family names
// made of one.
func kindPenalty(a, b *side, pa, pb *Part) float64 {
	if a.patronymic && b.patronymic && (pa.Kind == KindPatronymic) != (pb.Kind == KindPatronymic) &&
		pa.Kind != KindParticle && pb.Kind != KindParticle && pa.Kind != KindFamily && pb.Kind != KindFamily {
		return penaltyPatronymic
	}
	if (givenLike(pa.Kind) && pb.Kind == KindFamily) || (pa.Kind == KindFamily && givenLike(pb.Kind)) {
		return penaltyGivenFamily
	}
	return 1
}

func givenLike(k Kind) bool { return k == KindGiven || k == KindMiddle }

// align scores two names: it pairs their parts (and runs of adjacent
// parts) greedily by similarity, then divides the weighted similarity of
// the pairs by their weight plus the weight of what was left over —
// conflicts (left over on both sides) weigh more, extras (on one side
// only) less. With a memo (whose name is a, b being stored), the part
// similarities come from it, and with a floor above 0 as well, align
// returns −1 as soon as an upper bound of the score (see bound) shows it
// is below floor.
func (m *Matcher) align(a, b *side, al *alignment, mo *memo, floor float64) float64 {
	if mo != nil {
		s, cands := m.alignWith(a, b, al, mo, floor, mo.cands[:0])
		mo.cands = cands // keep the grown buffer
		return s
	}
	var buf [24]pairing
	s, _ := m.alignWith(a, b, al, nil, floor, buf[:0])
	return s
}

// alignWith is align with cands as the buffer of candidate pairings; it
// returns the buffer, grown.
func (m *Matcher) alignWith(a, b *side, al *alignment, mo *memo, floor float64, cands []pairing) (float64, []pairing) {
	na, nb := a.len(), b.len()
	if na == 0 || nb == 0 {
		return 0, cands
	}
	var rows [maxParts]int32 // memo rows of b's parts: offsets into mo.sims
	if mo != nil {
		for j := 0; j < nb; j++ {
			rows[j] = mo.row(b.ids[j])
		}
	}
	for i := 0; i < na; i++ {
		pa := a.part(i)
		for j := 0; j < nb; j++ {
			pb := b.part(j)
			var s float64
			var h how
			if mo != nil {
				e := &mo.sims[int(rows[j])+i]
				s, h = e.sim, e.how
			} else {
				s, h = partSim(pa, pb)
			}
			if s < minAccept {
				continue
			}
			s *= kindPenalty(a, b, pa, pb)
			if s < minAccept {
				continue
			}
			cands = append(cands, mkPairing(i, i+1, j, j+1, s, (m.weight(pa)+m.weight(pb))/2, h, pa.Text, pb.Text))
		}
	}
	for si := range a.spans {
		sp := &a.spans[si]
		for j := 0; j < nb; j++ {
			pb := b.part(j)
			var s float64
			var h how
			if mo != nil {
				e := &mo.sims[int(rows[j])+na+si]
				s, h = e.sim, e.how // −1 when implausible
			} else {
				if !plausibleSpan(sp, pb) {
					continue
				}
				s, h = spanSim(sp, pb)
			}
			if s >= minAccept {
				cands = append(cands, mkPairing(sp.lo, sp.hi, j, j+1, s, (m.spanWeight(a, sp.lo, sp.hi)+m.weight(pb))/2, h, sp.text, pb.Text))
			}
		}
	}
	if b.stored {
		cands = m.storedSpans(a, b, cands, mo)
	} else {
		for si := range b.spans {
			sp := &b.spans[si]
			for i := 0; i < na; i++ {
				pa := a.part(i)
				if !plausibleSpan(sp, pa) {
					continue
				}
				if s, h := spanSim(sp, pa); s >= minAccept {
					cands = append(cands, mkPairing(i, i+1, sp.lo, sp.hi, s, (m.weight(pa)+m.spanWeight(b, sp.lo, sp.hi))/2, h, pa.Text, sp.text))
				}
			}
		}
	}
	if mo != nil && floor > 0 && len(cands) > 0 && m.bound(a, b, cands, mo.aDup) < floor {
		return -1, cands
	}
	if len(cands) == 0 {
		if al != nil {
			for i := 0; i < na; i++ {
				al.extrasA = append(al.extrasA, i)
			}
			for j := 0; j < nb; j++ {
				al.extrasB = append(al.extrasB, j)
			}
		}
		return 0, cands
	}
	slices.SortFunc(cands, func(x, y pairing) int {
		switch {
		case x.sim > y.sim:
			return -1
		case x.sim < y.sim:
			return 1
		case x.w > y.w:
			return -1
		case x.w < y.w:
			return 1
		}
		// Ties: order by the texts, the same whichever name is first.
		if c := strings.Compare(x.lo, y.lo); c != 0 {
			return c
		}
		return strings.Compare(x.hi, y.hi)
	})
	var usedA, usedB uint64
	num, den := 0.0, 0.0
	matched := false
	for _, c := range cands {
		ma := rangeMask(c.a0, c.a1)
		mb := rangeMask(c.b0, c.b1)
		if usedA&ma != 0 || usedB&mb != 0 {
			continue
		}
		usedA |= ma
		usedB |= mb
		num += c.sim * c.w
		den += c.w
		matched = true
		if al != nil {
			al.pairs = append(al.pairs, c)
		}
	}
	if !matched {
		return 0, cands
	}
	// Left-overs. Identity-bearing words left on both sides conflict.
	var leftA, leftB [maxParts]int
	la := m.leftovers(a, usedA, leftA[:0])
	lb := m.leftovers(b, usedB, leftB[:0])
	nConf := 0
	for _, i := range la {
		if a.part(i).conflicts() {
			nConf++
		}
	}
	nConfB := 0
	for _, j := range lb {
		if b.part(j).conflicts() {
			nConfB++
		}
	}
	nConf = min(nConf, nConfB)
	extra := extraPerson
	if a.class == classOrg || a.class == classObject || b.class == classOrg || b.class == classObject {
		extra = extraOrg
	}
	ca, cb := 0, 0
	for _, i := range la {
		p := a.part(i)
		if p.conflicts() && ca < nConf {
			// paired below with the ca-th conflicting part of b
			ca++
			continue
		}
		den += extraFor(extra, p) * m.weight(p) * dupFactor(a, usedA, i)
		if al != nil {
			al.extrasA = append(al.extrasA, i)
		}
	}
	for _, j := range lb {
		p := b.part(j)
		if p.conflicts() && cb < nConf {
			cb++
			continue
		}
		den += extraFor(extra, p) * m.weight(p) * dupFactor(b, usedB, j)
		if al != nil {
			al.extrasB = append(al.extrasB, j)
		}
	}
	// Conflicts pair the heaviest left-overs of each side.
	ia, ib := 0, 0
	for k := 0; k < nConf; k++ {
		for !a.part(la[ia]).conflicts() {
			ia++
		}
		for !b.part(lb[ib]).conflicts() {
			ib++
		}
		den += conflictWeight(a.part(la[ia]), b.part(lb[ib]))
		if al != nil {
			al.conflicts = append(al.conflicts, [2]int{la[ia], lb[ib]})
		}
		ia++
		ib++
	}
	if den == 0 {
		return 0, cands
	}
	s := num / den
	if s > 1 {
		s = 1
	}
	return s, cands
}

// bound returns an upper bound of align's score for a and the stored
// name b from their candidate pairings, before pairing anything: a
// pairing weighs at most the mean of the weights of the parts it uses,
// and each part in no candidate pairing is left over and adds at least
// leftoverFloor to the denominator, so that
//
//	score ≤ D / (D + L),  D = (Σ weights of the parts of a and b in some candidate) / 2,
//	                      L = Σ leftoverFloor of the other parts.
func (m *Matcher) bound(a, b *side, cands []pairing, aDup bool) float64 {
	var inA, inB uint64
	for k := range cands {
		c := &cands[k]
		inA |= rangeMask(c.a0, c.a1)
		inB |= rangeMask(c.b0, c.b1)
	}
	extra := extraPerson
	if a.class == classOrg || a.class == classObject || b.class == classOrg || b.class == classObject {
		extra = extraOrg
	}
	d, l := 0.0, 0.0
	for i := 0; i < a.len(); i++ {
		pa := a.part(i)
		w := m.weight(pa)
		if inA&(1<<uint(i)) != 0 {
			d += w
		} else {
			l += leftoverFloor(pa, w, extra, aDup)
		}
	}
	for j := 0; j < b.len(); j++ {
		pb := b.part(j)
		w := m.weight(pb)
		if inB&(1<<uint(j)) != 0 {
			d += w
		} else {
			l += leftoverFloor(pb, w, extra, b.mayDup)
		}
	}
	d /= 2
	return d / (d + l)
}

// leftoverFloor is the least a part p of weight w left over adds
// to align's denominator: its extra weight (a fifth of it when it may
// repeat another part of its name), or, for a part that conflicts, its
// share of a conflict if that is less.
func leftoverFloor(p *Part, w, extra float64, mayDup bool) float64 {
	k, roman := p.Kind, p.roman
	e := extraFor(extra, p) * w
	if mayDup {
		e *= duplicateExtra
	}
	var share float64
	switch k {
	case KindParticle, KindStop, KindLegal:
		return e // never conflicts
	case KindNumber:
		share = 0.5
		if roman {
			share = 0.25
		}
	case KindPatronymic, KindGiven, KindMiddle, KindFamily, KindUnknown:
		share = conflictFactor / 2
	default:
		share = conflictFactor / 2 * w // rarity does not apply: w is the kind's weight
	}
	return min(e, share)
}

// storedSpans adds the pairings of b's spans with a's parts, b being a
// stored name: a span's strings are read only when its length makes it
// plausible against a part of a.
func (m *Matcher) storedSpans(a, b *side, cands []pairing, mo *memo) []pairing {
	na := a.len()
	if mo != nil && !mo.shapes.hasAny(b.spanMin, b.spanMax, b.spanInit) {
		// No span is plausible (a big span is longer than 255, which
		// hasAny lets through).
		return cands
	}
	for k := range b.sspans {
		if mo != nil && !mo.shapes.has(b.shapes[k]) {
			continue // plausible against no part of a
		}
		ss := &b.sspans[k]
		var sp span
		built := false
		for i := 0; i < na; i++ {
			pa := a.part(i)
			if ss.big {
				if !built {
					sp, built = b.st.span(ss, b), true
				}
				if !plausibleSpan(&sp, pa) {
					continue
				}
			} else if !plausibleShape(int(ss.lt), int(ss.li), pa) || mo != nil && !ss.maySim(pa, &mo.qprints[i]) {
				continue
			}
			if !built {
				sp, built = b.st.span(ss, b), true
			}
			if s, h := spanSim(&sp, pa); s >= minAccept {
				cands = append(cands, mkPairing(i, i+1, sp.lo, sp.hi, s, (m.weight(pa)+m.spanWeight(b, sp.lo, sp.hi))/2, h, pa.Text, sp.text))
			}
		}
	}
	return cands
}

// conflictWeight is the weight of two parts left over on both sides.
// Rarity does not lower it: two different common names are as different
// as two rare ones. A patronymic conflict counts as much as a given-name
// conflict. Two different numbers count as one distinctive word, without
// the conflict factor: a series number tells sibling entities apart
// (Fund VIII, Fund IX), so they still score high when the rest of the name
// agrees, while a name that is little more than its number ("Company 1"
// vs "Company 2") fails. Roman numerals count half.
func conflictWeight(pa, pb *Part) float64 {
	if pa.Kind == KindNumber && pb.Kind == KindNumber {
		return (numberWeight(pa) + numberWeight(pb)) / 2
	}
	return conflictFactor * (baseConflictWeight(pa) + baseConflictWeight(pb)) / 2
}

func numberWeight(p *Part) float64 {
	if p.roman {
		return 0.5
	}
	return 1
}

func baseConflictWeight(p *Part) float64 {
	switch p.Kind {
	case KindPatronymic, KindGiven, KindMiddle, KindFamily, KindUnknown:
		return 1
	case KindNumber:
		return numberWeight(p)
	}
	return p.weight
}

// plausibleSpan prunes span/part comparisons whose lengths are too far
// apart for a joined spelling or an acronym.
func plausibleSpan(sp *span, p *Part) bool {
	return plausibleShape(len(sp.text), len(sp.initials), p)
}

// plausibleShape is plausibleSpan on a span's text length lt and number
// of initials ni.
func plausibleShape(lt, ni int, p *Part) bool {
	return plausibleLens(lt, ni, len(p.Text))
}

// plausibleLens is plausibleShape against a part whose text has lp bytes.
func plausibleLens(lt, ni, lp int) bool {
	if lp >= 2 && lp <= 3 && ni == lp {
		return true
	}
	d := lt - lp
	if d < 0 {
		d = -d
	}
	return d <= maxEdits(max(lt, lp))
}

func rangeMask(lo, hi int8) uint64 {
	var m uint64
	for k := lo; k < hi; k++ {
		m |= 1 << uint(k)
	}
	return m
}

// leftovers lists the unused parts, heaviest first.
func (m *Matcher) leftovers(n *side, used uint64, out []int) []int {
	for i := 0; i < n.len(); i++ {
		if used&(1<<uint(i)) == 0 {
			out = append(out, i)
		}
	}
	slices.SortStableFunc(out, func(x, y int) int {
		px, py := n.part(x), n.part(y)
		wx, wy := m.weight(px), m.weight(py)
		switch {
		case wx > wy:
			return -1
		case wx < wy:
			return 1
		}
		return strings.Compare(px.Text, py.Text)
	})
	return out
}

// conflicts reports parts that, left over on both sides, say the names
// differ: name words, initials, numbers, generic and location words — not
// particles, stopwords or legal forms.
func (p *Part) conflicts() bool {
	switch p.Kind {
	case KindParticle, KindStop, KindLegal:
		return false
	}
	return true
}

// dupFactor discounts an extra part that repeats a matched part of the
// same name ("Sergey Sergey Shoigu").
func dupFactor(n *side, used uint64, i int) float64 {
	p := n.part(i)
	for k := 0; k < n.len(); k++ {
		if k == i || used&(1<<uint(k)) == 0 {
			continue
		}
		q := n.part(k)
		if q.canon == p.canon || fuzzySimMasked(q.canon, p.canon, q.mask, p.mask) >= 0.7 {
			return duplicateExtra
		}
	}
	return 1
}

// detail renders an alignment: "diosdado=diosdado (exact); cabello≈cabello
// rondon (…)". = marks exact pairs, ≈ others, ≠ conflicts, + extras.
func (al *alignment) detail(a, b *side) string {
	var sb strings.Builder
	sep := func() {
		if sb.Len() > 0 {
			sb.WriteString("; ")
		}
	}
	for _, p := range al.pairs {
		sep()
		unitSpaced(&sb, a, p.a0, p.a1)
		if p.how == howExact || p.how == howJoined && p.sim == 1 {
			sb.WriteString("=")
		} else {
			sb.WriteString("≈")
		}
		unitSpaced(&sb, b, p.b0, p.b1)
		sb.WriteString(" (")
		sb.WriteString(p.how.String())
		if p.sim < 1 && p.how != howVariant && p.how != howCanon {
			sb.WriteByte(' ')
			sb.WriteString(strconv.FormatFloat(p.sim, 'f', 2, 64))
		}
		ka, kb := a.part(int(p.a0)).Kind, b.part(int(p.b0)).Kind
		if ka == kb && ka != KindUnknown {
			sb.WriteString(", ")
			sb.WriteString(ka.String())
		} else if ka == KindFamily || kb == KindFamily {
			sb.WriteString(", family")
		}
		sb.WriteString(")")
	}
	for _, c := range al.conflicts {
		sep()
		sb.WriteString(a.part(c[0]).Text)
		sb.WriteString("≠")
		sb.WriteString(b.part(c[1]).Text)
		sb.WriteString(" (conflict)")
	}
	for _, i := range al.extrasA {
		sep()
		p := a.part(i)
		sb.WriteString("+" + p.Text + " (only in first, " + p.Kind.String() + ")")
	}
	for _, j := range al.extrasB {
		sep()
		p := b.part(j)
		sb.WriteString("+" + p.Text + " (only in second, " + p.Kind.String() + ")")
	}
	if sb.Len() == 0 {
		return "no name parts"
	}
	return sb.String()
}

// unitSpaced writes parts lo..hi-1 of n, separated by spaces.
func unitSpaced(sb *strings.Builder, n *side, lo, hi int8) {
	for k := lo; k < hi; k++ {
		if k > lo {
			sb.WriteByte(' ')
		}
		sb.WriteString(n.part(int(k)).Text)
	}
}
