package names

import (
	"math/bits"
	"strings"
)

// Prints: what a Probe reads to rule a comparison out without reading
// the parts and spans compared. A store's table of part prints is small
// enough to stay in cache, its parts and span strings are not; and most
// pairs of words have nothing in common. Each test below follows the
// comparison it stands for test by test, and answers "maybe" wherever
// one of them could succeed: two strings can only be equal when their
// lengths and hashes are, and a fuzzy similarity is only possible when
// fuzzyMay allows it. TestPrints and FuzzPrints check them against the
// comparisons.

// partPrint is a part of a store as the tests read it, in 64 bytes (one
// cache line); printAux holds what only the tests of special parts read.
// Lengths are those of Text, canon, Phonetic and skel; long is set when
// one does not fit in a byte, or a number in 32 bits, and then nothing
// is ruled out.
type partPrint struct {
	kind                        Kind
	script                      script
	acronym, native, long       bool
	special                     bool // see isSpecial
	text, canon, phon, skel     uint8
	variant                     int32
	textH, canonH, phonH, skelH uint32 // strHash of Text, canon, Phonetic, skel
	nicks                       uint64 // nickBloom
	mask                        uint64
	counts                      letterCounts // of canon
}

type printAux struct {
	num   int32 // a number's value
	first rune  // the first letter of Text
}

func printOf(p *Part) (partPrint, printAux) {
	fp := partPrint{kind: p.Kind, script: p.script, acronym: p.acronym, native: p.native != "",
		variant: int32(p.variant), mask: p.mask, nicks: nickBloom(p.nicks), counts: countLetters(p.canon)}
	if len(p.Text) > 255 || len(p.canon) > 255 || len(p.Phonetic) > 255 || len(p.skel) > 255 ||
		p.variant != int(int32(p.variant)) || p.num != int(int32(p.num)) {
		fp.long = true
	}
	aux := printAux{num: int32(p.num), first: firstRune(p.Text)}
	fp.special = fp.long || isSpecial(p)
	fp.text, fp.canon, fp.phon, fp.skel = uint8(len(p.Text)), uint8(len(p.canon)), uint8(len(p.Phonetic)), uint8(len(p.skel))
	fp.textH, fp.canonH, fp.phonH, fp.skelH = strHash(p.Text), strHash(p.canon), strHash(p.Phonetic), strHash(p.skel)
	return fp, aux
}

// queryPrint is what the tests read of a query's part or span, besides
// the part or span itself.
type queryPrint struct {
	textH, canonH, phonH, skelH uint32
	special                     bool // isSpecial, for a part
	nicks                       uint64
	counts                      letterCounts
}

func partQueryPrint(p *Part) queryPrint {
	return queryPrint{strHash(p.Text), strHash(p.canon), strHash(p.Phonetic), strHash(p.skel),
		isSpecial(p), nickBloom(p.nicks), countLetters(p.canon)}
}

func spanQueryPrint(sp *span) queryPrint {
	return queryPrint{strHash(sp.text), strHash(sp.canon), strHash(sp.phonetic), strHash(sp.skel),
		false, 0, countLetters(sp.canon)}
}

// isSpecial reports parts that partSim compares by a rule of their own:
// legal forms, numbers, initials, initialisms, words kept in their own
// script, Hangul, abjads. Between two parts that are not special,
// partSim tests only equal texts, spelling variants, canonical forms,
// nicknames and edits.
func isSpecial(p *Part) bool {
	switch p.Kind {
	case KindLegal, KindNumber, KindInitial:
		return true
	}
	return p.acronym || p.native != "" || p.script == scriptHangul || p.script.abjad()
}

// strHash is FNV-1a: strings whose hashes differ differ.
func strHash(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// nickBloom sets bit l mod 64 for each nickname line l: two parts whose
// blooms share no bit share no line.
func nickBloom(lines []uint16) uint64 {
	var b uint64
	for _, l := range lines {
		b |= 1 << (l & 63)
	}
	return b
}

// letterCounts holds how many times each of the letters a–z occurs in a
// word, up to 7, in 4-bit fields: 13 letters a word.
type letterCounts [2]uint64

func countLetters(s string) letterCounts {
	var n [26]uint8
	for i := 0; i < len(s); i++ {
		if c := s[i] - 'a'; c < 26 && n[c] < 7 {
			n[c]++
		}
	}
	var lc letterCounts
	for c, v := range n {
		lc[c/13] |= uint64(v) << (4 * uint(c%13))
	}
	return lc
}

// excess is how many letters x has more of than y, counting each letter
// up to 7 times.
func (x *letterCounts) excess(y *letterCounts) int {
	const guard = 0x8888888888888 // bit 3 of the 13 fields
	n := 0
	for w := 0; w < 2; w++ {
		d := (x[w] | guard) - y[w] // field: 8 + x − y, in 1..15: no borrow
		ge := (d & guard) >> 3     // 1 in the fields where x ≥ y
		d &= ge * 0xf &^ guard     // x − y there, 0 elsewhere
		n += bits.OnesCount64(d&0x1111111111111) + 2*bits.OnesCount64(d&0x2222222222222) + 4*bits.OnesCount64(d&0x4444444444444)
	}
	return n
}

// fuzzyMay reports whether fuzzySimMasked of two words, of lengths lx
// and ly, letter masks mx and my and letter counts cx and cy, can be
// above 0. Besides fuzzyBudget and the masks, an edit makes up for at
// most one letter a word has more of than the other (a transposition
// for none), as countsApart says; letters outside a–z are not counted,
// which only lets more through.
func fuzzyMay(lx int, mx uint64, cx *letterCounts, ly int, my uint64, cy *letterCounts) bool {
	n := max(lx, ly)
	if n == 0 {
		return false
	}
	k := maxEdits(n)
	if diff := lx - ly; k == 0 || diff > k || -diff > k {
		return false
	}
	if bits.OnesCount64(mx&^my) > k || bits.OnesCount64(my&^mx) > k {
		return false
	}
	return cx.excess(cy) <= k && cy.excess(cx) <= k
}

// partZero reports that partSim(a, b) is 0 for the part b printed as fp
// and aux, qa being a's query print.
func (fp *partPrint) partZero(a *Part, qa *queryPrint, aux *printAux) bool {
	if !fp.special && !qa.special {
		// The tests of partSim that can succeed between two such parts.
		return !(len(a.Text) == int(fp.text) && qa.textH == fp.textH ||
			a.variant >= 0 && int32(a.variant) == fp.variant ||
			len(a.canon) == int(fp.canon) && qa.canonH == fp.canonH ||
			qa.nicks&fp.nicks != 0 ||
			fuzzyMay(len(a.canon), a.mask, &qa.counts, int(fp.canon), fp.mask, &fp.counts))
	}
	if fp.long {
		return false
	}
	if a.Kind == KindLegal || fp.kind == KindLegal {
		if a.Kind == KindLegal && fp.kind == KindLegal {
			return false
		}
		return !fuzzyMay(len(a.canon), a.mask, &qa.counts, int(fp.canon), fp.mask, &fp.counts)
	}
	if a.Kind == KindNumber || fp.kind == KindNumber {
		return !(a.Kind == KindNumber && fp.kind == KindNumber && a.num == int(aux.num))
	}
	switch {
	case a.native != "" && fp.native && a.script == fp.script,
		len(a.Text) == int(fp.text) && qa.textH == fp.textH:
		return false
	}
	if ia, ib := a.Kind == KindInitial, fp.kind == KindInitial; ia || ib {
		return ia && ib || firstRune(a.Text) != aux.first
	}
	if a.acronym || fp.acronym {
		return true
	}
	abjad := a.script.abjad() || fp.script.abjad()
	switch {
	case a.variant >= 0 && int32(a.variant) == fp.variant,
		len(a.canon) == int(fp.canon) && qa.canonH == fp.canonH,
		qa.nicks&fp.nicks != 0,
		fuzzyMay(len(a.canon), a.mask, &qa.counts, int(fp.canon), fp.mask, &fp.counts),
		(a.script == scriptHangul) != (fp.script == scriptHangul),
		abjad && len(a.skel) >= 2 && len(a.skel) == int(fp.skel) && qa.skelH == fp.skelH:
		return false
	}
	return true
}

// spanZero reports that the query span sp is implausible for the part b
// printed as fp, or that spanSim(sp, b) is 0, qs being sp's query print.
func (fp *partPrint) spanZero(sp *span, qs *queryPrint) bool {
	if fp.long {
		return false
	}
	if !plausibleLens(len(sp.text), len(sp.initials), int(fp.text)) {
		return true
	}
	switch fp.kind {
	case KindLegal:
		return false
	case KindNumber, KindStop, KindParticle, KindInitial:
		return true
	}
	lt := int(fp.text)
	switch {
	case len(sp.text) == lt && qs.textH == fp.textH,
		len(sp.canon) == int(fp.canon) && qs.canonH == fp.canonH,
		lt >= 2 && lt <= 3 && len(sp.initials) == lt,
		fuzzyMay(len(sp.canon), sp.mask, &qs.counts, int(fp.canon), fp.mask, &fp.counts),
		len(sp.phonetic) >= minSpanPhonetic && len(sp.phonetic) == int(fp.phon) && qs.phonH == fp.phonH,
		fp.script.abjad() && len(sp.skel) >= 3 && len(sp.skel) == int(fp.skel) && qs.skelH == fp.skelH:
		return false
	}
	return true
}

// maySim reports whether spanSim of the stored span ss and p can be above
// 0, qp being p's query print, without reading the span's strings.
func (ss *storedSpan) maySim(p *Part, qp *queryPrint) bool {
	switch p.Kind {
	case KindLegal:
		return strings.Contains(p.Text, " ") && fuzzyMay(int(ss.lc), ss.mask, &ss.counts, len(p.canon), p.mask, &qp.counts)
	case KindNumber, KindStop, KindParticle, KindInitial:
		return false
	}
	lt := len(p.Text)
	return int(ss.lt) == lt && ss.textH == qp.textH ||
		int(ss.lc) == len(p.canon) && ss.canonH == qp.canonH ||
		lt >= 2 && lt <= 3 && int(ss.li) == lt && string(ss.init[:lt]) == p.Text ||
		fuzzyMay(int(ss.lc), ss.mask, &ss.counts, len(p.canon), p.mask, &qp.counts) ||
		int(ss.lp) >= minSpanPhonetic && int(ss.lp) == len(p.Phonetic) && ss.phonH == qp.phonH ||
		p.script.abjad() && ss.ls >= 3 && int(ss.ls) == len(p.skel) && ss.skelH == qp.skelH
}

// spanShapes is the set of span shapes (text length, number of initials)
// that plausibleShape accepts against at least one part of a name.
type spanShapes struct {
	lens     [4]uint64 // text lengths 0–255; longer ones are always in
	initials uint8     // bit ni: ni initials
}

func shapesFor(a *side) spanShapes {
	var sh spanShapes
	for i := 0; i < a.len(); i++ {
		lp := len(a.part(i).Text)
		if lp >= 2 && lp <= 3 {
			sh.initials |= 1 << uint(lp)
		}
		for lt := 0; lt < 256; lt++ {
			if plausibleLens(lt, -1, lp) {
				sh.lens[lt>>6] |= 1 << uint(lt&63)
			}
		}
	}
	return sh
}

// hasAny reports whether a span of length between lo and hi, with a
// number of initials in the set init, may be plausible against a part.
func (sh *spanShapes) hasAny(lo, hi uint16, init uint8) bool {
	if hi > 255 || sh.initials&init != 0 {
		return true
	}
	for w := lo >> 6; w <= hi>>6; w++ {
		m := sh.lens[w]
		if w == lo>>6 {
			m &= ^uint64(0) << (lo & 63)
		}
		if w == hi>>6 {
			m &= ^uint64(0) >> (63 - hi&63)
		}
		if m != 0 {
			return true
		}
	}
	return false
}

// spanShape is what plausibleShape reads of a span, in two bytes: its
// text length (255 for 255 or more, or for a big span) and its number of
// initials.
type spanShape struct{ lt, li uint8 }

func shapeOf(sp *span) spanShape {
	return spanShape{uint8(min(len(sp.text), 255)), uint8(min(len(sp.initials), 255))}
}

// has reports whether a span of shape x may be plausible against a part.
func (sh *spanShapes) has(x spanShape) bool {
	if x.lt == 255 || x.li < 8 && sh.initials&(1<<x.li) != 0 {
		return true
	}
	return sh.lens[x.lt>>6]&(1<<(x.lt&63)) != 0
}
