package corpus

import (
	"strings"
)

// Counts compares a set of items from pass A with one from pass B: TP
// items in both, FN only in A, FP only in B. A is arbitrary (agreement is
// symmetric in F1); against gold, A is the gold.
type Counts struct {
	TP, FP, FN int
}

// Add sums two counts.
func (c *Counts) Add(o Counts) {
	c.TP += o.TP
	c.FP += o.FP
	c.FN += o.FN
}

// Precision is TP/(TP+FP), 0 when undefined.
func (c Counts) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP/(TP+FN), 0 when undefined.
func (c Counts) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is 2TP/(2TP+FP+FN), 1 when both sides are empty.
func (c Counts) F1() float64 {
	if c.TP+c.FP+c.FN == 0 {
		return 1
	}
	return ratio(2*c.TP, 2*c.TP+c.FP+c.FN)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Family is a topic key cut to its first two parts: crime.traffick.drug
// and crime.traffick.human are both crime.traffick, crime.fin.launder and
// crime.fin.market crime.fin; a key of one or two parts (crime,
// crime.fraud, sanction, sanction.evade) is its own family.
func Family(topic string) string {
	if i := strings.IndexByte(topic, '.'); i >= 0 {
		if j := strings.IndexByte(topic[i+1:], '.'); j >= 0 {
			return topic[:i+1+j]
		}
	}
	return topic
}

// Agreement is how far two passes over the same documents agree.
type Agreement struct {
	Documents int
	Status    int               // documents one pass skipped and the other did not
	Entities  Counts            // same start, end and type
	Spans     Counts            // same start and end, any type
	ByType    map[string]Counts // Entities per type (a type change counts in both types)
	// Claims match one to one when their stances are equal, their topics
	// are of one Family and their subjects' clusters overlap (a mention
	// of one overlaps a mention of the other). An optional claim left
	// unmatched is not counted.
	Claims Counts
	// ClaimsTopic also wants the same topic; ClaimsLocated also wants
	// overlapping evidence.
	ClaimsTopic, ClaimsLocated Counts
	// Clusters is B-cubed over the PER and ORG mentions both passes have
	// with the same span: precision and recall of each mention's cluster,
	// averaged over Mentions.
	ClusterP, ClusterR float64
	Mentions           int
	// Confusions counts unmatched claim pairs with the same subject and
	// family but another stance ("charged>alleged": A said charged, B
	// alleged), and with the same subject and stance but another family
	// ("topic crime.fraud>crime.corrupt").
	Confusions map[string]int
}

// ClusterF1 is the harmonic mean of ClusterP and ClusterR.
func (a *Agreement) ClusterF1() float64 {
	if a.ClusterP+a.ClusterR == 0 {
		return 0
	}
	return 2 * a.ClusterP * a.ClusterR / (a.ClusterP + a.ClusterR)
}

// DocDiff is the disagreement on one document, for adjudication.
type DocDiff struct {
	Key                  string
	EntitiesA, EntitiesB []Entity // mentions only one pass has (span and type)
	ClaimsA, ClaimsB     []Claim  // required claims only one pass has
}

// Agree compares the first and second pass of each pair and returns the
// totals and, per document, what differs.
func Agree(pairs [][2]*Record) (*Agreement, []DocDiff) {
	ag := &Agreement{ByType: map[string]Counts{}, Confusions: map[string]int{}}
	var diffs []DocDiff
	var pSum, rSum float64
	for _, p := range pairs {
		a, b := p[0], p[1]
		ag.Documents++
		if (a.Status == StatusSkipped) != (b.Status == StatusSkipped) {
			ag.Status++
		}
		d := DocDiff{Key: a.Key}
		ag.entities(a, b, &d)
		ag.claims(a, b, &d)
		ps, rs, n := bcubed(a, b)
		pSum += ps
		rSum += rs
		ag.Mentions += n
		diffs = append(diffs, d)
	}
	if ag.Mentions > 0 {
		ag.ClusterP = pSum / float64(ag.Mentions)
		ag.ClusterR = rSum / float64(ag.Mentions)
	}
	return ag, diffs
}

func (ag *Agreement) entities(a, b *Record, d *DocDiff) {
	typed := func(r *Record) map[Entity]bool {
		m := map[Entity]bool{}
		for _, e := range r.Entities {
			m[Entity{Start: e.Start, End: e.End, Type: e.Type}] = true
		}
		return m
	}
	spans := func(r *Record) map[Span]bool {
		m := map[Span]bool{}
		for _, e := range r.Entities {
			m[e.Span()] = true
		}
		return m
	}
	ta, tb := typed(a), typed(b)
	for _, e := range a.Entities {
		k := Entity{Start: e.Start, End: e.End, Type: e.Type}
		c := ag.ByType[e.Type]
		if tb[k] {
			ag.Entities.TP++
			c.TP++
		} else {
			ag.Entities.FN++
			c.FN++
			d.EntitiesA = append(d.EntitiesA, e)
		}
		ag.ByType[e.Type] = c
	}
	for _, e := range b.Entities {
		if !ta[Entity{Start: e.Start, End: e.End, Type: e.Type}] {
			ag.Entities.FP++
			c := ag.ByType[e.Type]
			c.FP++
			ag.ByType[e.Type] = c
			d.EntitiesB = append(d.EntitiesB, e)
		}
	}
	sa, sb := spans(a), spans(b)
	for s := range sa {
		if sb[s] {
			ag.Spans.TP++
		} else {
			ag.Spans.FN++
		}
	}
	for s := range sb {
		if !sa[s] {
			ag.Spans.FP++
		}
	}
}

// overlapping returns, for each cluster of a, the clusters of b that
// share an overlapping mention with it.
func overlapping(a, b *Record) map[string]map[string]bool {
	m := map[string]map[string]bool{}
	for _, x := range a.Entities {
		if x.Cluster == "" {
			continue
		}
		for _, y := range b.Entities {
			if y.Cluster != "" && x.Start < y.End && y.Start < x.End {
				if m[x.Cluster] == nil {
					m[x.Cluster] = map[string]bool{}
				}
				m[x.Cluster][y.Cluster] = true
			}
		}
	}
	return m
}

func (ag *Agreement) claims(a, b *Record, d *DocDiff) {
	ov := overlapping(a, b)
	subj := func(x, y Claim) bool { return ov[x.Subject][y.Subject] }
	base := func(x, y Claim) bool {
		return x.Stance == y.Stance && Family(x.Topic) == Family(y.Topic) && subj(x, y)
	}
	m, c := matchClaims(a.Claims, b.Claims, base)
	ag.Claims.Add(c)
	_, c = matchClaims(a.Claims, b.Claims, func(x, y Claim) bool { return base(x, y) && x.Topic == y.Topic })
	ag.ClaimsTopic.Add(c)
	_, c = matchClaims(a.Claims, b.Claims, func(x, y Claim) bool {
		return base(x, y) && x.Evidence.Start < y.Evidence.End && y.Evidence.Start < x.Evidence.End
	})
	ag.ClaimsLocated.Add(c)

	matchedB := map[int]bool{}
	for _, j := range m {
		if j >= 0 {
			matchedB[j] = true
		}
	}
	var restB []int
	for j, y := range b.Claims {
		if !matchedB[j] && y.Optional == "" {
			restB = append(restB, j)
			d.ClaimsB = append(d.ClaimsB, y)
		}
	}
	used := map[int]bool{}
	for i, x := range a.Claims {
		if m[i] >= 0 || x.Optional != "" {
			continue
		}
		d.ClaimsA = append(d.ClaimsA, x)
		for _, j := range restB {
			y := b.Claims[j]
			if used[j] || !subj(x, y) {
				continue
			}
			switch {
			case Family(x.Topic) == Family(y.Topic) && x.Stance != y.Stance:
				ag.Confusions[x.Stance+">"+y.Stance]++
			case x.Stance == y.Stance && Family(x.Topic) != Family(y.Topic):
				ag.Confusions["topic "+Family(x.Topic)+">"+Family(y.Topic)]++
			default:
				continue
			}
			used[j] = true
			break
		}
	}
}

// matchClaims pairs claims of a and b one to one under ok: first a
// maximum matching among required claims, then one among all claims that
// keeps those matched, so that an optional claim never takes the place of
// a required one. It returns, for each claim of a, the index of its match
// in b or -1, and the counts: matched pairs are TP, unmatched required
// claims FN (in a) or FP (in b), unmatched optional claims nothing.
func matchClaims(a, b []Claim, ok func(x, y Claim) bool) ([]int, Counts) {
	ma := make([]int, len(a))
	mb := make([]int, len(b))
	for i := range ma {
		ma[i] = -1
	}
	for j := range mb {
		mb[j] = -1
	}
	edge := func(i, j int, required bool) bool {
		if required && (a[i].Optional != "" || b[j].Optional != "") {
			return false
		}
		return ok(a[i], b[j])
	}
	for _, required := range []bool{true, false} {
		for i := range a {
			if ma[i] >= 0 {
				continue
			}
			seen := make([]bool, len(b))
			augment(i, ma, mb, seen, func(i, j int) bool { return edge(i, j, required) })
		}
	}
	var c Counts
	for i, j := range ma {
		switch {
		case j >= 0:
			c.TP++
		case a[i].Optional == "":
			c.FN++
		}
	}
	for j, i := range mb {
		if i < 0 && b[j].Optional == "" {
			c.FP++
		}
	}
	return ma, c
}

// augment looks for an augmenting path from a's vertex i (Kuhn's
// algorithm); a vertex once matched stays matched.
func augment(i int, ma, mb []int, seen []bool, edge func(i, j int) bool) bool {
	for j := range mb {
		if seen[j] || !edge(i, j) {
			continue
		}
		seen[j] = true
		if mb[j] < 0 || augment(mb[j], ma, mb, seen, edge) {
			ma[i], mb[j] = j, i
			return true
		}
	}
	return false
}

// bcubed sums B-cubed precision and recall over the PER and ORG mentions
// both records have with the same span, and returns their number.
func bcubed(a, b *Record) (p, r float64, n int) {
	ca := map[Span]string{}
	for _, e := range a.Entities {
		if e.Cluster != "" {
			ca[e.Span()] = e.Cluster
		}
	}
	cb := map[Span]string{}
	var shared []Span
	for _, e := range b.Entities {
		if e.Cluster != "" {
			if _, ok := ca[e.Span()]; ok {
				cb[e.Span()] = e.Cluster
				shared = append(shared, e.Span())
			}
		}
	}
	for _, m := range shared {
		var inA, inB, both int
		for _, o := range shared {
			x, y := ca[o] == ca[m], cb[o] == cb[m]
			if x {
				inA++
			}
			if y {
				inB++
			}
			if x && y {
				both++
			}
		}
		p += float64(both) / float64(inB)
		r += float64(both) / float64(inA)
	}
	return p, r, len(shared)
}
