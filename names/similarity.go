package names

import (
	"math/bits"
	"strings"
)

// how records why two parts were paired, for explanations.
type how uint8

const (
	howNone how = iota
	howExact
	howVariant
	howCanon
	howNick
	howFuzzy
	howPhonetic
	howSkeleton
	howInitial
	howAcronym
	howJoined
	howLegal
	howLegalMismatch
	howNative
)

var howNames = [...]string{"", "exact", "variant", "spelling", "nickname", "fuzzy", "phonetic", "consonants", "initial", "acronym", "joined", "legal form", "other legal form", "same script"}

func (h how) String() string { return howNames[h] }

// The similarity values of the part comparisons (simVariant, simCanon,
// simNick, …) are fitted parameters too: see params.go.

// minSpanPhonetic is the shortest phonetic key on which a run of words
// may match one word by sound alone: shorter keys (three consonant
// classes) are shared by too many unrelated names.
const minSpanPhonetic = 4

// maxEdits is how many edits a word of n letters may carry and still be
// read as a misspelling: none below 3 letters, 1 up to 5, 2 up to 9, 3
// beyond.
func maxEdits(n int) int {
	switch {
	case n < 3:
		return 0
	case n <= 5:
		return 1
	case n <= 9:
		return 2
	}
	return 3
}

// fuzzySim is 1 − d/n for d edits (optimal string alignment distance) in
// the longer word of n letters, or 0 beyond maxEdits(n).
func fuzzySim(x, y string) float64 {
	n, k := fuzzyBudget(x, y)
	if k == 0 {
		return 0
	}
	return fuzzyEdits(x, y, letterMask(x), letterMask(y), n, k)
}

// fuzzySimMasked is fuzzySim with the letter masks of x and y computed
// in advance (parts and spans keep the mask of their canonical form).
func fuzzySimMasked(x, y string, mx, my uint64) float64 {
	n, k := fuzzyBudget(x, y)
	if k == 0 {
		return 0
	}
	return fuzzyEdits(x, y, mx, my, n, k)
}

// fuzzyBudget returns the length n of the longer word and the edits k it
// may carry, or k = 0 when no edit distance can qualify (too short, or
// the lengths differ by more than k).
func fuzzyBudget(x, y string) (n, k int) {
	n = max(len(x), len(y))
	if n == 0 {
		return 0, 0
	}
	k = maxEdits(n)
	if diff := len(x) - len(y); diff > k || -diff > k {
		return n, 0
	}
	return n, k
}

func fuzzyEdits(x, y string, mx, my uint64, n, k int) float64 {
	// Each letter one word has and the other lacks costs an edit: a
	// cheap lower bound that rejects most unrelated pairs before osa.
	if bits.OnesCount64(mx&^my) > k || bits.OnesCount64(my&^mx) > k {
		return 0
	}
	d, ok := osaBits(x, y)
	if !ok {
		if countsApart(x, y, k) {
			return 0
		}
		d = osa(x, y, k)
	}
	if d > k {
		return 0
	}
	return 1 - float64(d)/float64(n)
}

// letterMask sets one bit per distinct byte value of s (modulo 64; a
// collision only weakens the bound fuzzySim draws from it).
func letterMask(s string) uint64 {
	var m uint64
	for i := 0; i < len(s); i++ {
		m |= 1 << (s[i] & 63)
	}
	return m
}

// insertedSyllable reports whether the edits behind fuzzy similarity s are
// all insertions into the shorter word, two or more.
func insertedSyllable(x, y string, s float64) bool {
	n := max(len(x), len(y))
	d := int((1-s)*float64(n) + 0.5)
	diff := len(x) - len(y)
	if diff < 0 {
		diff = -diff
	}
	return d >= 2 && d == diff
}

// koreanCanon folds the vowels that Korean romanizations write
// differently (eo/o, eu/u, ae/e).
func koreanCanon(s string) string {
	return koreanFold.Replace(s)
}

var koreanFold = strings.NewReplacer("eo", "o", "eu", "u", "ae", "e")

// koreanKey folds a Korean syllable's romanization to what every common
// system agrees on: the vowels ŏ/o/u/ŭ (eo, o, u, eu) to o, ae/e to e,
// and the plain and aspirated stops that McCune–Reischauer writes alike
// (g/k, d/t, b/p, j/ch): seok, sŏk and suk, or jeong, chong and jung,
// are one syllable.
func koreanKey(s string) string {
	return koreanKeyFold.Replace(koreanCanon(s))
}

var koreanKeyFold = strings.NewReplacer("ch", "j", "k", "g", "t", "d", "p", "b", "u", "o")

// osa is the optimal-string-alignment distance (Levenshtein plus adjacent
// transpositions) between byte strings, stopping early once every path
// exceeds limit (the result is then limit+1).
func osa(a, b string, limit int) int {
	la, lb := len(a), len(b)
	if la == 0 {
		return lb
	}
	if lb == 0 {
		return la
	}
	var buf [3 * 65]int
	var prev2, prev, cur []int
	if lb+1 <= 65 {
		prev2, prev, cur = buf[0:lb+1], buf[65:65+lb+1], buf[130:130+lb+1]
	} else {
		prev2, prev, cur = make([]int, lb+1), make([]int, lb+1), make([]int, lb+1)
	}
	for j := 0; j <= lb; j++ {
		prev[j] = j
	}
	for i := 1; i <= la; i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= lb; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := prev[j] + 1
			if x := cur[j-1] + 1; x < v {
				v = x
			}
			if x := prev[j-1] + cost; x < v {
				v = x
			}
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				if x := prev2[j-2] + 1; x < v {
					v = x
				}
			}
			cur[j] = v
			if v < rowMin {
				rowMin = v
			}
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[lb]
}

// osaBits is osa without a limit, computed with bit vectors (Hyyrö,
// "A bit-vector algorithm for computing Levenshtein and Damerau edit
// distances", 2003): one step per letter of b instead of one per pair of
// letters. ok is false, and nothing computed, unless a has 1 to 64
// letters and both words are made of the letters a–z only.
func osaBits(a, b string) (d int, ok bool) {
	m := len(a)
	if m == 0 || m > 64 {
		return 0, false
	}
	var peq [26]uint64 // bit i of peq[c]: a[i] is c
	for i := 0; i < m; i++ {
		c := a[i] - 'a'
		if c >= 26 {
			return 0, false
		}
		peq[c] |= 1 << uint(i)
	}
	for i := 0; i < len(b); i++ {
		if b[i]-'a' >= 26 {
			return 0, false
		}
	}
	vp, vn, d0, prev := ^uint64(0), uint64(0), uint64(0), uint64(0)
	last := uint64(1) << uint(m-1)
	d = m
	for i := 0; i < len(b); i++ {
		pm := peq[b[i]-'a']
		tr := ((^d0 & pm) << 1) & prev
		d0 = (((pm & vp) + vp) ^ vp) | pm | vn | tr
		hp := vn | ^(d0 | vp)
		hn := d0 & vp
		if hp&last != 0 {
			d++
		}
		if hn&last != 0 {
			d--
		}
		hp = hp<<1 | 1
		hn <<= 1
		vp = hn | ^(d0 | hp)
		vn = hp & d0
		prev = pm
	}
	return d, true
}

// osaRunes is osa over runes, for words kept in their own script.
func osaRunes(a, b []rune) int {
	la, lb := len(a), len(b)
	if la == 0 {
		return lb
	}
	if lb == 0 {
		return la
	}
	prev2 := make([]int, lb+1)
	prev := make([]int, lb+1)
	cur := make([]int, lb+1)
	for j := 0; j <= lb; j++ {
		prev[j] = j
	}
	for i := 1; i <= la; i++ {
		cur[0] = i
		for j := 1; j <= lb; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[lb]
}

// nativeSim compares two words written in the same non-Latin script by
// their own letters: transliteration would hide differences (高石 and
// 高市 both read "gao shi"). Han characters and Hangul syllables are
// whole morphemes, so a different one is a different name.
func nativeSim(a, b *Part) float64 {
	if a.script == scriptHan || a.script == scriptHangul {
		return 0
	}
	ra, rb := []rune(a.native), []rune(b.native)
	n := max(len(ra), len(rb))
	k := maxEdits(n)
	if k == 0 {
		return 0
	}
	d := osaRunes(ra, rb)
	if d > k {
		return 0
	}
	return 1 - float64(d)/float64(n)
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

// partSim compares two parts: exact, same legal-form class, same number,
// same spelling variant group, same canonical spelling, nicknames, edit
// distance, phonetic key, consonant skeleton (abjad), initial.
func partSim(a, b *Part) (float64, how) {
	if a.Kind == KindLegal || b.Kind == KindLegal {
		if a.Kind == KindLegal && b.Kind == KindLegal {
			if a.Text == b.Text {
				return 1, howExact
			}
			if a.legal == b.legal {
				return 1, howLegal
			}
			if a.legal == "co" || b.legal == "co" {
				// "Company" says only that it is one: compatible with any form.
				return simLegalCo, howLegal
			}
			return simLegalMis, howLegalMismatch
		}
		// A legal form against a word: only a slip of the pen (AkG, AG).
		if s := fuzzySimMasked(a.canon, b.canon, a.mask, b.mask); s > 0 {
			return s, howFuzzy
		}
		return 0, howNone
	}
	if a.Kind == KindNumber || b.Kind == KindNumber {
		if a.Kind == KindNumber && b.Kind == KindNumber && a.num == b.num {
			return 1, howExact
		}
		return 0, howNone
	}
	if a.native != "" && b.native != "" && a.script == b.script {
		if a.native == b.native {
			return 1, howExact
		}
		return nativeSim(a, b), howNative
	}
	if a.Text == b.Text {
		return 1, howExact
	}
	ia, ib := a.Kind == KindInitial, b.Kind == KindInitial
	if ia || ib {
		if ia && ib {
			return 0, howNone
		}
		if firstRune(a.Text) == firstRune(b.Text) {
			return simInitial, howInitial
		}
		return 0, howNone
	}
	if a.acronym || b.acronym {
		// Initialisms have no misspellings: N.A.B.C. is not A.B.C.
		return 0, howNone
	}
	if a.variant >= 0 && a.variant == b.variant {
		return simVariant, howVariant
	}
	if a.canon == b.canon {
		return simCanon, howCanon
	}
	if len(a.nicks) > 0 && len(b.nicks) > 0 && shareLine(a.nicks, b.nicks) {
		return simNick, howNick
	}
	if a.syllable() || b.syllable() {
		// A Han character or Hangul syllable read in Latin letters is a
		// whole morpheme: its readings match (above), or, for Hangul,
		// the spellings Korean romanizations disagree on (Revised
		// Romanization jeong, seok, eun against the McCune–Reischauer-like
		// jong, suk, un that lists use); a letter more or less makes
		// another syllable, not a misspelling.
		if (a.script == scriptHangul) != (b.script == scriptHangul) && koreanKey(a.canon) == koreanKey(b.canon) {
			return simCanon, howCanon
		}
		return 0, howNone
	}
	s, h := fuzzySimMasked(a.canon, b.canon, a.mask, b.mask), howFuzzy
	abjad := a.script.abjad() || b.script.abjad()
	if s > 0 && abjad && (!sameAbjadSkeleton(a.skel, b.skel) || !skeletonVowelsAgree(a, b)) {
		// An abjad writes every consonant and the long vowels: a word
		// read from one matches another only with the same consonants
		// and those vowels in place, else it is another name (Aqayi and
		// Alai, Sa'di and Sa'du, Mahmud and Ahmad), not a misspelling.
		return 0, howNone
	}
	if s > 0 && !abjad && insertedSyllable(a.canon, b.canon, s) {
		// The longer word is the shorter plus two letters or more
		// (Ronaldo/Ronaldinho, Qiang/Keqiang): another name more often
		// than a misspelling.
		return s * simInserted, howFuzzy
	}
	if s > 0 && s < simPhonetic && len(a.Phonetic) >= 2 && a.Phonetic == b.Phonetic && (!abjad || skeletonVowelsAgree(a, b)) {
		s, h = simPhonetic, howPhonetic
	}
	if s < simSkeleton && abjad && len(a.skel) >= 2 && a.skel == b.skel && skeletonVowelsAgree(a, b) {
		s, h = simSkeleton, howSkeleton
	}
	return s, h
}

// sameAbjadSkeleton compares consonant skeletons as an abjad's reader
// would: a yod or ya is written y in one romanization and j in another
// (Binyamin, Benjamin; Yusuf, Jusuf).
func sameAbjadSkeleton(a, b string) bool {
	return a == b || strings.ReplaceAll(a, "j", "") == strings.ReplaceAll(b, "j", "")
}

// skeletonVowelsAgree checks the vowels of two parts with one skeleton,
// one or both read from an abjad (see abjadVowelsAgree).
func skeletonVowelsAgree(a, b *Part) bool {
	switch {
	case a.script.abjad() && !b.script.abjad():
		return abjadVowelsAgree(a.canon, b.canon)
	case b.script.abjad() && !a.script.abjad():
		return abjadVowelsAgree(b.canon, a.canon)
	}
	return abjadVowelsAgree(a.canon, b.canon) || abjadVowelsAgree(b.canon, a.canon)
}

// span is a run of two or three adjacent parts read as one word, for
// names written joined on one side and apart on the other ("SergeiLavrov",
// "van der bilt", "jin ping"), and its initials for acronyms ("PLA").
type span struct {
	lo, hi   int
	text     string // part texts joined without spaces
	canon    string
	phonetic string
	initials string
	skel     string
	mask     uint64 // letterMask(canon)
	syllabic bool   // some part is a Han or Hangul syllable
}

func spanSim(sp *span, p *Part) (float64, how) {
	switch p.Kind {
	case KindLegal:
		// a legal-form phrase misspelled word by word ("joint stock compan")
		if strings.Contains(p.Text, " ") {
			if s := fuzzySimMasked(sp.canon, p.canon, sp.mask, p.mask); s > 0 {
				return s, howLegal
			}
		}
		return 0, howNone
	case KindNumber, KindStop, KindParticle, KindInitial:
		return 0, howNone
	}
	if sp.text == p.Text {
		return 1, howJoined
	}
	if sp.canon == p.canon {
		return simCanon, howJoined
	}
	if len(p.Text) >= 2 && len(p.Text) <= 3 && p.Text == sp.initials {
		return simAcronym, howAcronym
	}
	if sp.syllabic || p.syllable() {
		// Han or Hangul syllables run together: their readings, never a
		// misspelling (see partSim).
		if sp.syllabic != p.syllable() && koreanKey(sp.canon) == koreanKey(p.canon) {
			return simCanon, howJoined
		}
		return 0, howNone
	}
	s, h := fuzzySimMasked(sp.canon, p.canon, sp.mask, p.mask), howJoined
	if s < simPhonetic && len(sp.phonetic) >= minSpanPhonetic && sp.phonetic == p.Phonetic {
		s, h = simPhonetic, howPhonetic
	}
	if s < simSkeleton && p.script.abjad() && len(sp.skel) >= 3 && sp.skel == p.skel && abjadVowelsAgree(p.canon, sp.canon) {
		s, h = simSkeleton, howSkeleton
	}
	return s, h
}

// buildSpans lists the spans of a parsed name.
func buildSpans(parts []Part) []span {
	var out []span
	sd := side{parts: parts}
	for lo := 0; lo < len(parts); lo++ {
		for hi := lo + 2; hi <= lo+3 && hi <= len(parts); hi++ {
			if !spanRange(&sd, lo, hi) {
				break
			}
			out = append(out, makeSpan(&sd, lo, hi))
		}
	}
	return out
}

// spanRange reports whether parts lo..hi-1 may be read as one word: no
// legal form or number among them, and no two non-Latin scripts mixed.
// A range that fails fails for every longer range from lo too.
func spanRange(s *side, lo, hi int) bool {
	first := s.part(lo)
	for k := lo; k < hi; k++ {
		p := s.part(k)
		switch p.Kind {
		case KindLegal, KindNumber:
			return false
		}
		if p.script != first.script && !(p.script == scriptLatin || first.script == scriptLatin) {
			return false
		}
	}
	return true
}

func makeSpan(s *side, lo, hi int) span {
	var text, initials []byte
	for k := lo; k < hi; k++ {
		t := s.part(k).Text
		text = append(text, t...)
		if t != "" && t[0] < 0x80 {
			initials = append(initials, t[0])
		}
	}
	sp := span{lo: lo, hi: hi, text: string(text), initials: string(initials), syllabic: spanSyllabic(s, lo, hi)}
	sp.canon = canon(sp.text)
	sp.phonetic = phoneticKey(sp.canon)
	sp.skel = skeleton(sp.canon)
	sp.mask = letterMask(sp.canon)
	return sp
}

// spanSyllabic reports whether a part of lo..hi-1 is a Han or Hangul
// syllable.
func spanSyllabic(s *side, lo, hi int) bool {
	for k := lo; k < hi; k++ {
		if s.part(k).syllable() {
			return true
		}
	}
	return false
}

// countsApart reports whether the letter counts of x and y differ by
// more than k edits can make up, so that osa(x, y) > k: a deletion or a
// substitution makes up for at most one letter x has more of, an
// insertion or a substitution for one letter y has more of, and a
// transposition changes no count.
func countsApart(x, y string, k int) bool {
	if len(x) > 127 || len(y) > 127 {
		return false // the counts below would overflow
	}
	var c [256]int8
	for i := 0; i < len(x); i++ {
		c[x[i]]++
	}
	for i := 0; i < len(y); i++ {
		c[y[i]]--
	}
	more, fewer := 0, 0
	for i := 0; i < len(x); i++ {
		if v := c[x[i]]; v > 0 {
			more += int(v)
			c[x[i]] = 0
		}
	}
	for i := 0; i < len(y); i++ {
		if v := c[y[i]]; v < 0 {
			fewer -= int(v)
			c[y[i]] = 0
		}
	}
	return more > k || fewer > k
}
