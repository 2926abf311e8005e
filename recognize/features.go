package recognize

import (
	"dossier/internal/featurehash"
	"unicode"
	"unicode/utf8"
)

// Features are hashed: each template has an id, each value a 64-bit
// FNV-1a hash of its string, and a feature is the mixed pair, reduced to
// a bucket of the weight table. Nothing is allocated per token.

// Feature templates. Their numbers are part of the model format: a
// model trained with one numbering is meaningless under another.
const (
	tBias uint64 = iota + 1
	tWord
	tLower
	tLowerM1
	tLowerP1
	tLowerM2
	tLowerP2
	tBiM1
	tBiP1
	tShape
	tShort
	tShapeM1
	tShapeP1
	tShapeM1S
	tShapeSP1
	tPrefix
	tSuffix
	tCapWin
	tSentInit
	tHeadline
	tCluster
	tClusterM1
	tClusterP1
	tGaz
	tGiven
	tSurname
	tCapMid
	tLowerSeen
	tSeqPos
	tAggPrev
	tAggNext
	tHeadlineDoc
	tLowerM1Shape
	tPrevLabel // reserved
	tCapM1Lower
	tLen
	// second stage: the first stage's labels
	tS1
	tS1Prev
	tS1Next
	tHist
	tHistMaj
	tHistNone
	tHistLong
	tRunLast
	tRunFirst
)

// capital classes
const (
	capLower uint8 = iota // starts with a lowercase letter
	capTitle              // Capitalized
	capUpper              // ALL CAPS (letters, no lowercase)
	capDigit              // starts with a digit
	capOther              // punctuation and symbols
	capNone               // outside the sentence
)

func capClass(w string) uint8 {
	r, _ := utf8.DecodeRuneInString(w)
	switch {
	case unicode.IsDigit(r):
		return capDigit
	case unicode.IsLower(r):
		return capLower
	case unicode.IsUpper(r):
		for _, r := range w {
			if unicode.IsLower(r) {
				return capTitle
			}
		}
		return capUpper
	}
	return capOther
}

// shapes returns the hashes of w's shape (X for upper, x for lower, d for
// digits, other characters kept, runs cut at two repeats) and of its short
// shape (runs cut at one).
func shapes(w string) (long, short uint64) {
	long, short = featurehash.Offset, featurehash.Offset
	var prevL, prevS byte
	run, n := 0, 0
	for _, r := range w {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		case r < utf8.RuneSelf:
			c = byte(r)
		default:
			c = 'o'
		}
		if c == prevL {
			run++
		} else {
			run = 1
		}
		prevL = c
		if run <= 2 && n < 16 {
			long ^= uint64(c)
			long *= featurehash.Prime
			n++
		}
		if c != prevS {
			short ^= uint64(c)
			short *= featurehash.Prime
			prevS = c
		}
	}
	return long, short
}

// tokInfo is what the templates need of one token, computed once.
type tokInfo struct {
	wh, lh    uint64 // exact and lowercase hash
	shape     uint64
	short     uint64
	pre, suf  [4]uint64 // 0 when the word is too short
	cap       uint8
	cluster   uint32 // path bits
	clen      uint8  // path length, 0 if unknown
	gaz       [4]uint8
	lex       uint8
	runes     int
	headline  bool
	sentStart bool
	runFirst  uint64 // in a run of capitalized words (joined by of, and, for, the, de, &): its first and last words' hashes
	runLast   uint64
	runPos    uint8 // 1 first, 2 inside, 3 last, 4 alone; 0 outside a run
}

func (ti *tokInfo) fill(w string, lx *lexicon) {
	ti.wh = featurehash.String(w)
	ti.lh = featurehash.Lower(w)
	ti.shape, ti.short = shapes(w)
	ti.cap = capClass(w)
	ti.pre, ti.suf = [4]uint64{}, [4]uint64{}
	// prefixes and suffixes of 1-4 runes, lowercased
	n := utf8.RuneCountInString(w)
	ti.runes = n
	i, k := 0, 0
	for k < 4 && i < len(w) {
		_, size := utf8.DecodeRuneInString(w[i:])
		i += size
		k++
		if k < n {
			ti.pre[k-1] = featurehash.Lower(w[:i])
		}
	}
	j, k := len(w), 0
	for k < 4 && j > 0 {
		_, size := utf8.DecodeLastRuneInString(w[:j])
		j -= size
		k++
		if k < n {
			ti.suf[k-1] = featurehash.Lower(w[j:])
		}
	}
	ti.cluster, ti.clen = 0, 0
	ti.gaz = [4]uint8{}
	ti.lex = 0
	if lx != nil {
		if c, ok := lx.clusters[w]; ok {
			ti.cluster, ti.clen = c&0xffffff, uint8(c>>24)
		}
		ti.lex = lx.wordsH[ti.lh]
	}
}

func (ti *tokInfo) clusterPrefix(p uint8) uint64 {
	if ti.clen == 0 {
		return 0
	}
	l := min(p, ti.clen)
	return uint64(ti.cluster>>(ti.clen-l)) | uint64(l)<<32
}

// docFeatures holds a document's non-local facts, keyed by lowercase hash.
type docFeatures struct {
	capMid    map[uint64]bool  // capitalized somewhere not sentence-initial, outside headlines
	lowerSeen map[uint64]bool  // seen starting in lowercase
	seqPos    map[uint64]uint8 // positions in capitalized sequences: 1 first, 2 inner, 4 last, 8 alone
	prev      map[uint64][]uint64
	next      map[uint64][]uint64
}

func (d *docFeatures) reset() {
	if d.capMid == nil {
		d.capMid = make(map[uint64]bool)
		d.lowerSeen = make(map[uint64]bool)
		d.seqPos = make(map[uint64]uint8)
		d.prev = make(map[uint64][]uint64)
		d.next = make(map[uint64][]uint64)
	}
	clear(d.capMid)
	clear(d.lowerSeen)
	clear(d.seqPos)
	clear(d.prev)
	clear(d.next)
}

const maxAgg = 6

func addAgg(m map[uint64][]uint64, k, v uint64) {
	l := m[k]
	if len(l) >= maxAgg {
		return
	}
	for _, x := range l {
		if x == v {
			return
		}
	}
	m[k] = append(l, v)
}

// extractor turns a document into feature buckets; it keeps its buffers
// between documents.
type extractor struct {
	lx    *lexicon
	bits  uint
	info  [][]tokInfo
	doc   docFeatures
	feats []uint32 // buckets, all tokens of the document
	off   []int32  // token t of the document has feats[off[t]:off[t+1]]
	hs    []uint64

	// second stage (extend)
	feats2 []uint32
	off2   []int32
	hist   map[uint64][4]uint16 // first-stage entity types of a word in the document
	longer map[uint64]uint8     // types of multi-token entities a word is part of
}

func newExtractor(lx *lexicon, bits uint) *extractor {
	return &extractor{lx: lx, bits: bits}
}

func isHeadline(s []string) bool {
	letters := 0
	for _, w := range s {
		for _, r := range w {
			if unicode.IsLower(r) {
				return false
			}
			if unicode.IsLetter(r) {
				letters++
				break
			}
		}
	}
	return letters >= 1
}

// extract computes the features of every token of doc.
func (e *extractor) extract(doc [][]string) {
	// token facts
	for len(e.info) < len(doc) {
		e.info = append(e.info, nil)
	}
	e.info = e.info[:len(doc)]
	e.doc.reset()
	for s, sent := range doc {
		inf := e.info[s][:0]
		if cap(inf) < len(sent) {
			inf = make([]tokInfo, 0, len(sent))
		}
		inf = inf[:len(sent)]
		hl := isHeadline(sent) && len(sent) > 1
		for i, w := range sent {
			inf[i].fill(w, e.lx)
			inf[i].headline = hl
			inf[i].sentStart = i == 0 || (i == 1 && inf[0].cap >= capDigit)
		}
		if e.lx != nil {
			e.lx.matchGazetteer(inf)
		}
		markRuns(sent, inf, hl)
		e.info[s] = inf
		if hl {
			continue
		}
		for i := range inf {
			t := &inf[i]
			switch t.cap {
			case capLower:
				e.doc.lowerSeen[t.lh] = true
			case capTitle, capUpper:
				if !t.sentStart {
					e.doc.capMid[t.lh] = true
				}
				first := i == 0 || !(inf[i-1].cap == capTitle || inf[i-1].cap == capUpper)
				last := i == len(inf)-1 || !(inf[i+1].cap == capTitle || inf[i+1].cap == capUpper)
				var p uint8
				switch {
				case first && last:
					p = 8
				case first:
					p = 1
				case last:
					p = 4
				default:
					p = 2
				}
				e.doc.seqPos[t.lh] |= p
				pv, nx := uint64(1), uint64(1)
				if i > 0 {
					pv = inf[i-1].lh
				}
				if i+1 < len(inf) {
					nx = inf[i+1].lh
				}
				addAgg(e.doc.prev, t.lh, pv)
				addAgg(e.doc.next, t.lh, nx)
			}
		}
	}
	// features
	e.feats = e.feats[:0]
	e.off = append(e.off[:0], 0)
	for s := range doc {
		inf := e.info[s]
		for i := range inf {
			e.hs = e.tokenFeatures(e.hs[:0], inf, i)
			shift := 64 - e.bits
			for _, h := range e.hs {
				e.feats = append(e.feats, uint32(h>>shift))
			}
			e.off = append(e.off, int32(len(e.feats)))
		}
	}
}

var none = tokInfo{wh: 1, lh: 1, shape: 1, short: 1, cap: capNone}

// tokenFeatures appends the feature hashes of token i of a sentence.
func (e *extractor) tokenFeatures(hs []uint64, inf []tokInfo, i int) []uint64 {
	at := func(k int) *tokInfo {
		if k < 0 || k >= len(inf) {
			return &none
		}
		return &inf[k]
	}
	t, m1, p1, m2, p2 := at(i), at(i-1), at(i+1), at(i-2), at(i+2)
	hs = append(hs,
		featurehash.Feat(tBias, 0),
		featurehash.Feat(tWord, t.wh),
		featurehash.Feat(tLower, t.lh),
		featurehash.Feat(tLowerM1, m1.lh),
		featurehash.Feat(tLowerP1, p1.lh),
		featurehash.Feat(tLowerM2, m2.lh),
		featurehash.Feat(tLowerP2, p2.lh),
		featurehash.Feat2(tBiM1, m1.lh, t.lh),
		featurehash.Feat2(tBiP1, t.lh, p1.lh),
		featurehash.Feat(tShape, t.shape),
		featurehash.Feat(tShort, t.short),
		featurehash.Feat2(tShapeM1, m1.shape, t.shape),
		featurehash.Feat2(tShapeP1, t.shape, p1.shape),
		featurehash.Feat2(tShapeM1S, m1.lh, t.short),
		featurehash.Feat2(tShapeSP1, t.short, p1.lh),
		featurehash.Feat(tCapWin, uint64(m2.cap)|uint64(m1.cap)<<4|uint64(t.cap)<<8|uint64(p1.cap)<<12|uint64(p2.cap)<<16),
		featurehash.Feat2(tCapM1Lower, uint64(m1.cap), t.lh),
		featurehash.Feat(tLen, uint64(min(t.runes, 12))),
	)
	for k := 0; k < 4; k++ {
		if t.pre[k] != 0 {
			hs = append(hs, featurehash.Feat2(tPrefix, uint64(k), t.pre[k]))
		}
		if t.suf[k] != 0 {
			hs = append(hs, featurehash.Feat2(tSuffix, uint64(k), t.suf[k]))
		}
	}
	if t.sentStart {
		hs = append(hs, featurehash.Feat(tSentInit, t.short))
	}
	if t.runPos != 0 {
		hs = append(hs, featurehash.Feat2(tRunLast, uint64(t.runPos), t.runLast))
	}
	if t.headline {
		hs = append(hs, featurehash.Feat(tHeadline, t.lh))
	}
	if t.clen > 0 {
		for k, p := range [...]uint8{4, 6, 10, 24} {
			hs = append(hs, featurehash.Feat2(tCluster, uint64(k), t.clusterPrefix(p)))
		}
	}
	if m1.clen > 0 {
		hs = append(hs, featurehash.Feat2(tClusterM1, 0, m1.clusterPrefix(6)), featurehash.Feat2(tClusterM1, 1, m1.clusterPrefix(24)))
	}
	if p1.clen > 0 {
		hs = append(hs, featurehash.Feat2(tClusterP1, 0, p1.clusterPrefix(6)), featurehash.Feat2(tClusterP1, 1, p1.clusterPrefix(24)))
	}
	for g, pos := range t.gaz {
		if pos != 0 {
			hs = append(hs, featurehash.Feat(tGaz, uint64(g)<<8|uint64(pos)), featurehash.Feat2(tGaz, uint64(g)<<8|uint64(pos), uint64(t.cap)))
		}
	}
	if t.lex&lexGiven != 0 {
		hs = append(hs, featurehash.Feat(tGiven, uint64(t.cap)))
	}
	if t.lex&lexSurname != 0 {
		hs = append(hs, featurehash.Feat(tSurname, uint64(t.cap)))
	}
	if p1.lex&lexSurname != 0 && t.lex&lexGiven != 0 {
		hs = append(hs, featurehash.Feat(tGiven, 100+uint64(t.cap)))
	}
	// document-level
	if t.cap == capTitle || t.cap == capUpper {
		d := &e.doc
		hs = append(hs,
			featurehash.Feat2(tCapMid, b2u(d.capMid[t.lh]), uint64(t.cap)|b2u(t.sentStart)<<4|b2u(t.headline)<<5),
			featurehash.Feat2(tLowerSeen, b2u(d.lowerSeen[t.lh]), uint64(t.cap)|b2u(t.sentStart)<<4|b2u(t.headline)<<5),
			featurehash.Feat(tSeqPos, uint64(d.seqPos[t.lh])),
		)
		if t.headline {
			hs = append(hs, featurehash.Feat2(tHeadlineDoc, b2u(d.capMid[t.lh])|b2u(d.lowerSeen[t.lh])<<1, uint64(d.seqPos[t.lh])))
		}
		for _, v := range d.prev[t.lh] {
			hs = append(hs, featurehash.Feat(tAggPrev, v))
		}
		for _, v := range d.next[t.lh] {
			hs = append(hs, featurehash.Feat(tAggNext, v))
		}
	}
	return hs
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// extend computes the second-stage features of the document last
// extracted: the first stage's features plus its labels (s1, one per
// token of the document; ltype gives a label's entity type, -1 for O,
// and lbegin whether it opens an entity) of the token and its
// neighbours, and the entity types the first stage gave the same word
// elsewhere in the document (Ratinov and Roth's extended prediction
// history, looking both ways).
func (e *extractor) extend(s1 []int, ltype []int8, lbegin []bool) {
	if e.hist == nil {
		e.hist = make(map[uint64][4]uint16)
		e.longer = make(map[uint64]uint8)
	}
	clear(e.hist)
	clear(e.longer)
	t0 := 0
	for _, inf := range e.info {
		n := len(inf)
		lab := s1[t0 : t0+n]
		for i := 0; i < n; {
			typ := ltype[lab[i]]
			if typ < 0 {
				i++
				continue
			}
			j := i + 1
			for j < n && ltype[lab[j]] == typ && !lbegin[lab[j]] {
				j++
			}
			for k := i; k < j; k++ {
				c := e.hist[inf[k].lh]
				c[typ]++
				e.hist[inf[k].lh] = c
				if j-i > 1 {
					e.longer[inf[k].lh] |= 1 << typ
				}
			}
			i = j
		}
		t0 += n
	}
	e.feats2 = e.feats2[:0]
	e.off2 = append(e.off2[:0], 0)
	shift := 64 - e.bits
	t0 = 0
	for _, inf := range e.info {
		n := len(inf)
		lab := s1[t0 : t0+n]
		for i := range inf {
			t := t0 + i
			e.feats2 = append(e.feats2, e.feats[e.off[t]:e.off[t+1]]...)
			prev, next := uint64(255), uint64(255)
			if i > 0 {
				prev = uint64(lab[i-1])
			}
			if i+1 < n {
				next = uint64(lab[i+1])
			}
			cur := uint64(lab[i])
			ti := &inf[i]
			hs := e.hs[:0]
			hs = append(hs, featurehash.Feat(tS1, cur), featurehash.Feat2(tS1Prev, prev, cur), featurehash.Feat2(tS1Next, cur, next))
			c := e.hist[ti.lh]
			if typ := ltype[lab[i]]; typ >= 0 {
				c[typ]--
			}
			best, bestN := -1, uint16(0)
			for k, x := range c {
				if x > 0 {
					hs = append(hs, featurehash.Feat2(tHist, uint64(k), uint64(min(x, 3))))
					if x > bestN {
						best, bestN = k, x
					}
				}
			}
			switch {
			case best >= 0:
				hs = append(hs, featurehash.Feat2(tHistMaj, uint64(best), uint64(ti.cap)), featurehash.Feat2(tHistMaj, uint64(best)|16, cur))
			case ti.cap == capTitle || ti.cap == capUpper:
				hs = append(hs, featurehash.Feat2(tHistNone, uint64(ti.cap), cur))
			}
			if l := e.longer[ti.lh]; l != 0 {
				hs = append(hs, featurehash.Feat2(tHistLong, uint64(l), cur))
			}
			for _, h := range hs {
				e.feats2 = append(e.feats2, uint32(h>>shift))
			}
			e.hs = hs
			e.off2 = append(e.off2, int32(len(e.feats2)))
		}
		t0 += n
	}
}

var runJoiners = map[string]bool{"of": true, "and": true, "for": true, "the": true, "de": true, "&": true, "on": true}

// markRuns finds the runs of capitalized words of a sentence, which may
// contain joining words ("Bank of England"), and records in each word of
// a run the run's first and last words: the last is usually the head
// that decides the type ("Venezuelan National Assembly").
func markRuns(sent []string, inf []tokInfo, headline bool) {
	for i := range inf {
		inf[i].runPos, inf[i].runFirst, inf[i].runLast = 0, 0, 0
	}
	if headline {
		return
	}
	capd := func(i int) bool { return inf[i].cap == capTitle || inf[i].cap == capUpper }
	for i := 0; i < len(inf); {
		if !capd(i) {
			i++
			continue
		}
		j := i + 1
		for j < len(inf) {
			if capd(j) {
				j++
			} else if runJoiners[sent[j]] && j+1 < len(inf) && capd(j+1) {
				j += 2
			} else {
				break
			}
		}
		for k := i; k < j; k++ {
			inf[k].runFirst, inf[k].runLast = inf[i].lh, inf[j-1].lh
			switch {
			case j-i == 1:
				inf[k].runPos = 4
			case k == i:
				inf[k].runPos = 1
			case k == j-1:
				inf[k].runPos = 3
			default:
				inf[k].runPos = 2
			}
		}
		i = j
	}
}
