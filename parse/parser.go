package parse

import (
	"dossier/internal/featurehash"
	"dossier/internal/perceptron"
)

// The parser is arc-hybrid (Kuhlmann et al. 2011) with the root at the
// end of the buffer (Ballesteros and Nivre 2013), which makes exactly one
// word the root: the stack σ|s1|s0, the buffer b0|β, and three kinds of
// transition:
//
//	SHIFT    moves b0 onto the stack
//	LEFT-l   pops s0 and makes it b0's dependent with label l
//	RIGHT-l  pops s0 and makes it s1's dependent with label l
//
// LEFT from the root is allowed only when s0 is the last word on the
// stack, with label root. A transition's score is the score of its kind
// from the configuration's features plus the score of its label from the
// features of the arc it makes (head, dependent, their children), so the
// label table needs only the arc's features, not the whole
// configuration's, for its one row per label.

const (
	actShift = iota
	actLeft
	actRight
	numKinds
)

// state is a parser configuration over words 1..n; index 0 is the root.
type state struct {
	n     int
	stack []int32
	b     int // next buffer word; n+1 when only the root is left
	head  []int32
	label []int16
	// children: leftmost, second leftmost, rightmost, second rightmost
	// (-1 none), counts, and label sets (bit label%64)
	lc1, lc2, rc1, rc2 []int32
	nl, nr             []uint8
	lset, rset         []uint64
}

func (s *state) reset(n int) {
	s.n = n
	s.stack = s.stack[:0]
	s.b = 1
	s.head = fill32(s.head, n+1, -1)
	s.label = fill16(s.label, n+1, -1)
	s.lc1 = fill32(s.lc1, n+1, -1)
	s.lc2 = fill32(s.lc2, n+1, -1)
	s.rc1 = fill32(s.rc1, n+1, -1)
	s.rc2 = fill32(s.rc2, n+1, -1)
	s.nl = fill8(s.nl, n+1)
	s.nr = fill8(s.nr, n+1)
	s.lset = fill64(s.lset, n+1)
	s.rset = fill64(s.rset, n+1)
}

func fill32(s []int32, n int, v int32) []int32 {
	if cap(s) < n {
		s = make([]int32, n)
	}
	s = s[:n]
	for i := range s {
		s[i] = v
	}
	return s
}

func fill16(s []int16, n int, v int16) []int16 {
	if cap(s) < n {
		s = make([]int16, n)
	}
	s = s[:n]
	for i := range s {
		s[i] = v
	}
	return s
}

func fill8(s []uint8, n int) []uint8 {
	if cap(s) < n {
		s = make([]uint8, n)
	}
	s = s[:n]
	clear(s)
	return s
}

func fill64(s []uint64, n int) []uint64 {
	if cap(s) < n {
		s = make([]uint64, n)
	}
	s = s[:n]
	clear(s)
	return s
}

func (s *state) done() bool { return len(s.stack) == 0 && s.b > s.n }

// b0 returns the buffer's front: a word, or 0 for the root.
func (s *state) b0() int32 {
	if s.b > s.n {
		return 0
	}
	return int32(s.b)
}

// bufAt returns the k-th buffer item (k ≥ 0), 0 for the root, -1 past it.
func (s *state) bufAt(k int) int32 {
	j := s.b + k
	switch {
	case j <= s.n:
		return int32(j)
	case j == s.n+1:
		return 0
	}
	return -1
}

func (s *state) stackAt(k int) int32 {
	if k < len(s.stack) {
		return s.stack[len(s.stack)-1-k]
	}
	return -1
}

func (s *state) canShift() bool { return s.b <= s.n }
func (s *state) canLeft() bool {
	return len(s.stack) > 0 && (s.b <= s.n || len(s.stack) == 1)
}
func (s *state) canRight() bool { return len(s.stack) >= 2 }

// attach makes d a dependent of h with label l.
func (s *state) attach(h, d int32, l int16) {
	s.head[d], s.label[d] = h, l
	bit := uint64(1) << (uint(l) & 63)
	if d < h || h == 0 {
		// a left dependent (the root's are all to its left)
		if s.lc1[h] < 0 || d < s.lc1[h] {
			s.lc2[h], s.lc1[h] = s.lc1[h], d
		} else if s.lc2[h] < 0 || d < s.lc2[h] {
			s.lc2[h] = d
		}
		if s.nl[h] < 255 {
			s.nl[h]++
		}
		s.lset[h] |= bit
		return
	}
	if s.rc1[h] < 0 || d > s.rc1[h] {
		s.rc2[h], s.rc1[h] = s.rc1[h], d
	} else if s.rc2[h] < 0 || d > s.rc2[h] {
		s.rc2[h] = d
	}
	if s.nr[h] < 255 {
		s.nr[h]++
	}
	s.rset[h] |= bit
}

func (s *state) apply(kind int, l int16) {
	switch kind {
	case actShift:
		s.stack = append(s.stack, int32(s.b))
		s.b++
	case actLeft:
		d := s.stack[len(s.stack)-1]
		s.stack = s.stack[:len(s.stack)-1]
		s.attach(s.b0(), d, l)
	case actRight:
		d := s.stack[len(s.stack)-1]
		s.stack = s.stack[:len(s.stack)-1]
		s.attach(s.stack[len(s.stack)-1], d, l)
	}
}

// costs returns the number of gold arcs each kind of transition loses
// (Goldberg and Nivre 2013's dynamic oracle for arc-hybrid, exact for
// projective trees; on a non-projective one it counts the arcs it can
// see), not counting labels. A kind that is not allowed costs -1.
func (s *state) costs(gh []int32) (shift, left, right int) {
	shift, left, right = -1, -1, -1
	s0, s1 := s.stackAt(0), s.stackAt(1)
	b0 := s.b0()
	inBuf := func(h int32) bool { return h == 0 || int(h) >= s.b }
	depsInBuf := func(x int32) int {
		c := 0
		for d := s.b; d <= s.n; d++ {
			if gh[d] == x {
				c++
			}
		}
		return c
	}
	if s.canLeft() || s.canRight() {
		deps := depsInBuf(s0)
		if s.canLeft() {
			left = deps
			h := gh[s0]
			if s1 >= 0 && h == s1 {
				left++
			}
			if inBuf(h) && h != b0 {
				left++
			}
		}
		if s.canRight() {
			right = deps
			if inBuf(gh[s0]) {
				right++
			}
		}
	}
	if s.canShift() {
		shift = 0
		h := gh[b0]
		for k, x := range s.stack {
			if gh[x] == b0 {
				shift++
			}
			if x == h && k != len(s.stack)-1 {
				shift++
			}
		}
	}
	return shift, left, right
}

// template ids of the parser's configuration features
const (
	pBias = iota + 100
	pS0wp
	pS0w
	pS0p
	pB0wp
	pB0w
	pB0p
	pB1wp
	pB1w
	pB1p
	pB2wp
	pB2w
	pB2p
	pS1wp
	pS1w
	pS1p
	pS2p
	pS2w
	pS0wpB0wp
	pS0wpB0w
	pS0wB0wp
	pS0wpB0p
	pS0pB0wp
	pS0wB0w
	pS0pB0p
	pB0pB1p
	pS1wpS0wp
	pS1wS0w
	pS1pS0p
	pS1pS0w
	pS1wS0p
	pB0pB1pB2p
	pS0pB0pB1p
	pS1pS0pB0p
	pS0pS0lpB0p
	pS0pS0rpB0p
	pS0pB0pB0lp
	pS1pS0pS0lp
	pS1pS0pS0rp
	pS1pS1rpS0p
	pS1pS1lpS0p
	pS2pS1pS0p
	pS0wD
	pS0pD
	pB0wD
	pB0pD
	pS0wB0wD
	pS0pB0pD
	pS1pS0pD1
	pS1wD1
	pS0wD1
	pS0wVr
	pS0pVr
	pS0wVl
	pS0pVl
	pB0wVl
	pB0pVl
	pS1wVr
	pS1pVr
	pS1pVl
	pChild // + slot × 3 + attribute (w, p, l)
)

const (
	pS0pS0lpS0l2p = iota + 300
	pS0pS0rpS0r2p
	pB0pB0lpB0l2p
	pS1pS1rpS1r2p
	pS0wSr
	pS0pSr
	pS0wSl
	pS0pSl
	pB0wBl
	pB0pBl
	pS1pSr
	pS1pSl
	pS0c
	pS0c6
	pB0c
	pB0c6
	pS1c
	pS1c6
	pB1c6
	pS0c6B0c6
	pS0cB0p
	pS0pB0c
	pS1c6S0c6
	pS1cS0p
	pS1pS0c
	pS0suf
	pB0suf
	pB0pB1pS0p
	pS0pB0pS1p
	pS0lpS0rp
	pB1pB0suf
	pSrcS0pB0p
	pSrcS1pS0p
	pSrcS0wB0p
)

// child slots for the unigram features
const (
	cS0l1 = iota
	cS0l2
	cS0r1
	cS0r2
	cB0l1
	cB0l2
	cS1l1
	cS1r1
	cS1r2
	numChildSlots
)

// attr holds one position's values for the features.
type attr struct {
	w, p, wp uint64
	c, c6    uint64
	suf      uint64
}

// distance buckets a distance between words.
func distance(a, b int32) uint64 {
	if a < 0 || b < 0 {
		return 99
	}
	if b == 0 || a == 0 {
		return 98 // to the root
	}
	d := b - a
	if d < 0 {
		d = -d
	}
	switch {
	case d <= 4:
		return uint64(d)
	case d <= 6:
		return 5
	case d <= 9:
		return 6
	case d <= 14:
		return 7
	}
	return 8
}

// parser holds one parse's buffers.
type parser struct {
	st     state
	feats  []uint32 // configuration features
	lfeats []uint32 // the LEFT arc's features
	rfeats []uint32 // the RIGHT arc's features
	kind   [numKinds]float32
	lab    [2][]float32 // LEFT, RIGHT label scores
	src    uint64       // the treebank whose conventions to follow (0 for new text)
}

// attrOf returns position j's values: -1 none, 0 the root.
func attrOf(info []wordInfo, j int32) attr {
	switch {
	case j < 0:
		return attr{w: 1, p: 1, wp: 1, c: 1, c6: 1, suf: 1}
	case j == 0:
		return attr{w: 2, p: 2, wp: 2, c: 2, c6: 2, suf: 2}
	}
	x := &info[j]
	p := uint64(x.tag) + 16
	return attr{w: x.lower, p: p, wp: featurehash.Mix(x.lower + p), c: clusterPrefix(x.cluster, 24), c6: clusterPrefix(x.cluster, 6), suf: x.suf[2]}
}

// features fills p.feats with the configuration's feature buckets.
// info is indexed by word (info[0] unused, the root).
func (p *parser) features(info []wordInfo, bits uint) {
	s := &p.st
	out := p.feats[:0]
	f1 := func(t int, a uint64) { out = append(out, perceptron.Bucket(key1(uint64(t), a), bits)) }
	f2 := func(t int, a, b uint64) { out = append(out, perceptron.Bucket(key2(uint64(t), a, b), bits)) }
	f3 := func(t int, a, b, c uint64) { out = append(out, perceptron.Bucket(key3(uint64(t), a, b, c), bits)) }
	i0, i1, i2 := s.stackAt(0), s.stackAt(1), s.stackAt(2)
	j0, j1, j2 := s.bufAt(0), s.bufAt(1), s.bufAt(2)
	s0, s1, s2 := attrOf(info, i0), attrOf(info, i1), attrOf(info, i2)
	b0, b1, b2 := attrOf(info, j0), attrOf(info, j1), attrOf(info, j2)
	child := func(x int32, which []int32) int32 {
		if x < 0 {
			return -1
		}
		return which[x]
	}
	lab := func(x int32) uint64 {
		if x < 0 {
			return 0xffff
		}
		return uint64(s.label[x]) + 1
	}
	cs := [numChildSlots]int32{
		child(i0, s.lc1), child(i0, s.lc2), child(i0, s.rc1), child(i0, s.rc2),
		child(j0, s.lc1), child(j0, s.lc2),
		child(i1, s.lc1), child(i1, s.rc1), child(i1, s.rc2),
	}
	var ca [numChildSlots]attr
	for k, c := range cs {
		ca[k] = attrOf(info, c)
		f1(pChild+3*k, ca[k].w)
		f1(pChild+3*k+1, ca[k].p)
		f1(pChild+3*k+2, lab(c))
	}
	f1(pBias, 0)
	f1(pS0wp, s0.wp)
	f1(pS0w, s0.w)
	f1(pS0p, s0.p)
	f1(pB0wp, b0.wp)
	f1(pB0w, b0.w)
	f1(pB0p, b0.p)
	f1(pB1wp, b1.wp)
	f1(pB1w, b1.w)
	f1(pB1p, b1.p)
	f1(pB2wp, b2.wp)
	f1(pB2w, b2.w)
	f1(pB2p, b2.p)
	f1(pS1wp, s1.wp)
	f1(pS1w, s1.w)
	f1(pS1p, s1.p)
	f1(pS2p, s2.p)
	f1(pS2w, s2.w)
	f2(pS0wpB0wp, s0.wp, b0.wp)
	f2(pS0wpB0w, s0.wp, b0.w)
	f2(pS0wB0wp, s0.w, b0.wp)
	f2(pS0wpB0p, s0.wp, b0.p)
	f2(pS0pB0wp, s0.p, b0.wp)
	f2(pS0wB0w, s0.w, b0.w)
	f2(pS0pB0p, s0.p, b0.p)
	f2(pB0pB1p, b0.p, b1.p)
	f2(pS1wpS0wp, s1.wp, s0.wp)
	f2(pS1wS0w, s1.w, s0.w)
	f2(pS1pS0p, s1.p, s0.p)
	f2(pS1pS0w, s1.p, s0.w)
	f2(pS1wS0p, s1.w, s0.p)
	f3(pB0pB1pB2p, b0.p, b1.p, b2.p)
	f3(pS0pB0pB1p, s0.p, b0.p, b1.p)
	f3(pS1pS0pB0p, s1.p, s0.p, b0.p)
	f3(pS0pS0lpB0p, s0.p, ca[cS0l1].p, b0.p)
	f3(pS0pS0rpB0p, s0.p, ca[cS0r1].p, b0.p)
	f3(pS0pB0pB0lp, s0.p, b0.p, ca[cB0l1].p)
	f3(pS1pS0pS0lp, s1.p, s0.p, ca[cS0l1].p)
	f3(pS1pS0pS0rp, s1.p, s0.p, ca[cS0r1].p)
	f3(pS1pS1rpS0p, s1.p, ca[cS1r1].p, s0.p)
	f3(pS1pS1lpS0p, s1.p, ca[cS1l1].p, s0.p)
	f3(pS2pS1pS0p, s2.p, s1.p, s0.p)
	d := distance(i0, j0)
	d1 := distance(i1, i0)
	f2(pS0wD, s0.w, d)
	f2(pS0pD, s0.p, d)
	f2(pB0wD, b0.w, d)
	f2(pB0pD, b0.p, d)
	f3(pS0wB0wD, s0.w, b0.w, d)
	f3(pS0pB0pD, s0.p, b0.p, d)
	f3(pS1pS0pD1, s1.p, s0.p, d1)
	f2(pS1wD1, s1.w, d1)
	f2(pS0wD1, s0.w, d1)
	val := func(x int32, v []uint8) uint64 {
		if x < 0 {
			return 0xff
		}
		return uint64(min(v[x], 6))
	}
	set := func(x int32, v []uint64) uint64 {
		if x < 0 {
			return 1 << 63
		}
		return v[x]
	}
	f2(pS0wVr, s0.w, val(i0, s.nr))
	f2(pS0pVr, s0.p, val(i0, s.nr))
	f2(pS0wVl, s0.w, val(i0, s.nl))
	f2(pS0pVl, s0.p, val(i0, s.nl))
	f2(pB0wVl, b0.w, val(j0, s.nl))
	f2(pB0pVl, b0.p, val(j0, s.nl))
	f2(pS1wVr, s1.w, val(i1, s.nr))
	f2(pS1pVr, s1.p, val(i1, s.nr))
	f2(pS1pVl, s1.p, val(i1, s.nl))
	f3(pS0pS0lpS0l2p, s0.p, ca[cS0l1].p, ca[cS0l2].p)
	f3(pS0pS0rpS0r2p, s0.p, ca[cS0r1].p, ca[cS0r2].p)
	f3(pB0pB0lpB0l2p, b0.p, ca[cB0l1].p, ca[cB0l2].p)
	f3(pS1pS1rpS1r2p, s1.p, ca[cS1r1].p, ca[cS1r2].p)
	f2(pS0wSr, s0.w, set(i0, s.rset))
	f2(pS0pSr, s0.p, set(i0, s.rset))
	f2(pS0wSl, s0.w, set(i0, s.lset))
	f2(pS0pSl, s0.p, set(i0, s.lset))
	f2(pB0wBl, b0.w, set(j0, s.lset))
	f2(pB0pBl, b0.p, set(j0, s.lset))
	f2(pS1pSr, s1.p, set(i1, s.rset))
	f2(pS1pSl, s1.p, set(i1, s.lset))
	f1(pS0c, s0.c)
	f1(pS0c6, s0.c6)
	f1(pB0c, b0.c)
	f1(pB0c6, b0.c6)
	f1(pS1c, s1.c)
	f1(pS1c6, s1.c6)
	f1(pB1c6, b1.c6)
	f2(pS0c6B0c6, s0.c6, b0.c6)
	f2(pS0cB0p, s0.c, b0.p)
	f2(pS0pB0c, s0.p, b0.c)
	f2(pS1c6S0c6, s1.c6, s0.c6)
	f2(pS1cS0p, s1.c, s0.p)
	f2(pS1pS0c, s1.p, s0.c)
	f2(pS0suf, s0.suf, s0.p)
	f2(pB0suf, b0.suf, b0.p)
	f3(pB0pB1pS0p, b0.p, b1.p, s0.p)
	f3(pS0pB0pS1p, s0.p, b0.p, s1.p)
	f3(pS0lpS0rp, s0.p, ca[cS0l1].p, ca[cS0r1].p)
	f2(pB1pB0suf, b1.p, b0.suf)
	f3(pSrcS0pB0p, p.src, s0.p, b0.p)
	f3(pSrcS1pS0p, p.src, s1.p, s0.p)
	f3(pSrcS0wB0p, p.src, s0.w, b0.p)
	p.feats = out
}

// label features' template ids
const (
	lBias = iota + 500
	lHw
	lHp
	lDw
	lDp
	lHwDp
	lHpDw
	lHpDp
	lHwDw
	lHpDpDist
	lDpDlc
	lDpDrc
	lDpDls
	lDpDrs
	lHpHls
	lHpHrs
	lDcHp
	lHcDp
	lDc6Hc6
	lDsufDp
	lHpDpCtx
	lDwDp
	lDform
	lDpNl
	lDpNr
	lHpDpDlcp
	lDshape
	lHpDpSide
	lSrcHpDp
	lSrcDwHp
)

// arcFeatures appends the features of the arc h → d made by a
// transition of the given kind (LEFT or RIGHT); ctx is a neighbouring
// word that tells the kinds apart.
func (p *parser) arcFeatures(out []uint32, info []wordInfo, kind int, h, d, ctx int32, bits uint) []uint32 {
	s := &p.st
	k := uint64(kind) << 56
	f1 := func(t int, a uint64) { out = append(out, perceptron.Bucket(key1(uint64(t)|k, a), bits)) }
	f2 := func(t int, a, b uint64) { out = append(out, perceptron.Bucket(key2(uint64(t)|k, a, b), bits)) }
	f3 := func(t int, a, b, c uint64) { out = append(out, perceptron.Bucket(key3(uint64(t)|k, a, b, c), bits)) }
	ha, da, ca := attrOf(info, h), attrOf(info, d), attrOf(info, ctx)
	lab := func(x int32) uint64 {
		if x < 0 {
			return 0xffff
		}
		return uint64(s.label[x]) + 1
	}
	f1(lBias, 0)
	f1(lHw, ha.w)
	f1(lHp, ha.p)
	f1(lDw, da.w)
	f1(lDp, da.p)
	f2(lHwDp, ha.w, da.p)
	f2(lHpDw, ha.p, da.w)
	f2(lHpDp, ha.p, da.p)
	f2(lHwDw, ha.w, da.w)
	f3(lHpDpDist, ha.p, da.p, distance(h, d))
	f2(lDpDlc, da.p, lab(s.lc1[d]))
	f2(lDpDrc, da.p, lab(s.rc1[d]))
	f2(lDpDls, da.p, s.lset[d])
	f2(lDpDrs, da.p, s.rset[d])
	f2(lHpHls, ha.p, s.lset[h])
	f2(lHpHrs, ha.p, s.rset[h])
	f2(lDcHp, da.c, ha.p)
	f2(lHcDp, ha.c, da.p)
	f2(lDc6Hc6, da.c6, ha.c6)
	f2(lDsufDp, da.suf, da.p)
	f3(lHpDpCtx, ha.p, da.p, ca.p)
	f2(lDwDp, da.w, da.p)
	f1(lDform, info[d].form)
	f2(lDpNl, da.p, uint64(min(s.nl[d], 4)))
	f2(lDpNr, da.p, uint64(min(s.nr[d], 4)))
	f3(lHpDpDlcp, ha.p, da.p, attrOf(info, s.lc1[d]).p)
	f2(lDshape, info[d].shape, da.p)
	var side uint64
	if h > 0 && d < h {
		side = 1
	}
	f3(lHpDpSide, ha.p, da.p, side)
	f3(lSrcHpDp, p.src, ha.p, da.p)
	f3(lSrcDwHp, p.src, da.w, ha.p)
	return out
}
