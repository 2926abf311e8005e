package names

import (
	"fmt"
	"slices"
	"strings"
)

// DefaultThreshold is the score at or above which two names are taken to
// match. It was fixed once on the labelled pairs of
// ../shared/data/namepairs (see doc.go for how and for the figures) and is
// not tuned per run.
const DefaultThreshold = 0.80

// Scoring constants (see doc.go).
const (
	minAccept      = 0.60 // a part pairing below this is no pairing
	conflictFactor = 1.5  // weight of a word left over on both sides
	extraPerson    = 0.25 // weight of a word only one person name has
	extraOrg       = 0.5  // weight of a word only one organization name has
	duplicateExtra = 0.2  // an extra word repeating a matched one
)

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
	var al alignment
	s := m.align(&a, &b, &al)
	return Result{Score: s, Explanations: map[string]Explanation{
		"name_parts": {Score: s, Detail: al.detail(&a, &b)},
	}}
}

// Score is CompareParsed without the explanation: the hot path.
func (m *Matcher) Score(a, b *Name) float64 {
	return m.align(a, b, nil)
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

func (m *Matcher) spanWeight(n *Name, lo, hi int) float64 {
	w := 0.0
	for k := lo; k < hi; k++ {
		w = max(w, m.weight(&n.Parts[k]))
	}
	return w
}

// kindPenalty lowers pairings whose roles contradict: a patronymic
// against a given name when both names have patronymics (Muhammad bin
// Salman is not Salman bin Muhammad), a given name against a family name
// when both are known.
func kindPenalty(a, b *Name, pa, pb *Part) float64 {
	if a.patronymic && b.patronymic && (pa.Kind == KindPatronymic) != (pb.Kind == KindPatronymic) &&
		pa.Kind != KindParticle && pb.Kind != KindParticle {
		return 0.5
	}
	if (pa.Kind == KindGiven && pb.Kind == KindFamily) || (pa.Kind == KindFamily && pb.Kind == KindGiven) {
		return 0.85
	}
	return 1
}

// align scores two names: it pairs their parts (and runs of adjacent
// parts) greedily by similarity, then divides the weighted similarity of
// the pairs by their weight plus the weight of what was left over —
// conflicts (left over on both sides) weigh more, extras (on one side
// only) less.
func (m *Matcher) align(a, b *Name, al *alignment) float64 {
	if len(a.Parts) == 0 || len(b.Parts) == 0 {
		return 0
	}
	var candBuf [64]pairing
	cands := candBuf[:0]
	for i := range a.Parts {
		pa := &a.Parts[i]
		for j := range b.Parts {
			pb := &b.Parts[j]
			s, h := partSim(pa, pb)
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
		for j := range b.Parts {
			pb := &b.Parts[j]
			if !plausibleSpan(sp, pb) {
				continue
			}
			if s, h := spanSim(sp, pb); s >= minAccept {
				cands = append(cands, mkPairing(sp.lo, sp.hi, j, j+1, s, (m.spanWeight(a, sp.lo, sp.hi)+m.weight(pb))/2, h, sp.text, pb.Text))
			}
		}
	}
	for si := range b.spans {
		sp := &b.spans[si]
		for i := range a.Parts {
			pa := &a.Parts[i]
			if !plausibleSpan(sp, pa) {
				continue
			}
			if s, h := spanSim(sp, pa); s >= minAccept {
				cands = append(cands, mkPairing(i, i+1, sp.lo, sp.hi, s, (m.weight(pa)+m.spanWeight(b, sp.lo, sp.hi))/2, h, pa.Text, sp.text))
			}
		}
	}
	if len(cands) == 0 {
		if al != nil {
			for i := range a.Parts {
				al.extrasA = append(al.extrasA, i)
			}
			for j := range b.Parts {
				al.extrasB = append(al.extrasB, j)
			}
		}
		return 0
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
		return 0
	}
	// Left-overs. Identity-bearing words left on both sides conflict.
	var leftA, leftB [maxParts]int
	la := m.leftovers(a, usedA, leftA[:0])
	lb := m.leftovers(b, usedB, leftB[:0])
	nConf := 0
	for _, i := range la {
		if a.Parts[i].conflicts() {
			nConf++
		}
	}
	nConfB := 0
	for _, j := range lb {
		if b.Parts[j].conflicts() {
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
		p := &a.Parts[i]
		if p.conflicts() && ca < nConf {
			// paired below with the ca-th conflicting part of b
			ca++
			continue
		}
		den += extra * m.weight(p) * dupFactor(a, usedA, i)
		if al != nil {
			al.extrasA = append(al.extrasA, i)
		}
	}
	for _, j := range lb {
		p := &b.Parts[j]
		if p.conflicts() && cb < nConf {
			cb++
			continue
		}
		den += extra * m.weight(p) * dupFactor(b, usedB, j)
		if al != nil {
			al.extrasB = append(al.extrasB, j)
		}
	}
	// Conflicts pair the heaviest left-overs of each side.
	ia, ib := 0, 0
	for k := 0; k < nConf; k++ {
		for !a.Parts[la[ia]].conflicts() {
			ia++
		}
		for !b.Parts[lb[ib]].conflicts() {
			ib++
		}
		den += conflictWeight(&a.Parts[la[ia]], &b.Parts[lb[ib]])
		if al != nil {
			al.conflicts = append(al.conflicts, [2]int{la[ia], lb[ib]})
		}
		ia++
		ib++
	}
	if den == 0 {
		return 0
	}
	s := num / den
	if s > 1 {
		s = 1
	}
	return s
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
	case KindPatronymic, KindGiven, KindFamily, KindUnknown:
		return 1
	case KindNumber:
		return numberWeight(p)
	}
	return p.weight
}

// plausibleSpan prunes span/part comparisons whose lengths are too far
// apart for a joined spelling or an acronym.
func plausibleSpan(sp *span, p *Part) bool {
	lt, lp := len(sp.text), len(p.Text)
	if lp >= 2 && lp <= 3 && len(sp.initials) == lp {
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
func (m *Matcher) leftovers(n *Name, used uint64, out []int) []int {
	for i := range n.Parts {
		if used&(1<<uint(i)) == 0 {
			out = append(out, i)
		}
	}
	slices.SortStableFunc(out, func(x, y int) int {
		wx, wy := m.weight(&n.Parts[x]), m.weight(&n.Parts[y])
		switch {
		case wx > wy:
			return -1
		case wx < wy:
			return 1
		}
		return strings.Compare(n.Parts[x].Text, n.Parts[y].Text)
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
func dupFactor(n *Name, used uint64, i int) float64 {
	p := &n.Parts[i]
	for k := range n.Parts {
		if k == i || used&(1<<uint(k)) == 0 {
			continue
		}
		q := &n.Parts[k]
		if q.canon == p.canon || fuzzySim(q.canon, p.canon) >= 0.7 {
			return duplicateExtra
		}
	}
	return 1
}

// detail renders an alignment: "diosdado=diosdado (exact); cabello≈cabello
// rondon (…)". = marks exact pairs, ≈ others, ≠ conflicts, + extras.
func (al *alignment) detail(a, b *Name) string {
	var parts []string
	for _, p := range al.pairs {
		ta := unitSpaced(a, p.a0, p.a1)
		tb := unitSpaced(b, p.b0, p.b1)
		op := "≈"
		if p.how == howExact || p.how == howJoined && p.sim == 1 {
			op = "="
		}
		note := p.how.String()
		if p.sim < 1 && p.how != howVariant && p.how != howCanon {
			note = fmt.Sprintf("%s %.2f", note, p.sim)
		}
		kind := ""
		ka, kb := a.Parts[p.a0].Kind, b.Parts[p.b0].Kind
		if ka == kb && ka != KindUnknown {
			kind = ", " + ka.String()
		} else if ka == KindFamily || kb == KindFamily {
			kind = ", family"
		}
		parts = append(parts, fmt.Sprintf("%s%s%s (%s%s)", ta, op, tb, note, kind))
	}
	for _, c := range al.conflicts {
		parts = append(parts, fmt.Sprintf("%s≠%s (conflict)", a.Parts[c[0]].Text, b.Parts[c[1]].Text))
	}
	for _, i := range al.extrasA {
		parts = append(parts, fmt.Sprintf("+%s (only in first, %s)", a.Parts[i].Text, a.Parts[i].Kind))
	}
	for _, j := range al.extrasB {
		parts = append(parts, fmt.Sprintf("+%s (only in second, %s)", b.Parts[j].Text, b.Parts[j].Kind))
	}
	if len(parts) == 0 {
		return "no name parts"
	}
	return strings.Join(parts, "; ")
}

func unitSpaced(n *Name, lo, hi int8) string {
	ts := make([]string, 0, hi-lo)
	for k := lo; k < hi; k++ {
		ts = append(ts, n.Parts[k].Text)
	}
	return strings.Join(ts, " ")
}
