package names

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Thai, romanized in the spirit of the Royal Thai General System of
// Transcription (RTGS): consonants take their initial or their final
// value (ก k, final จ ช ซ ด ต ท ศ ษ ส … t, final บ ป พ ฟ ภ p, final ญ ณ
// น ร ล ฬ n), vowels written before their consonant (เ แ โ ใ ไ) are read
// after it, tone marks are dropped, a consonant under the thanthakhat (์)
// is silent, and the vowels Thai leaves unwritten are guessed: o between
// two consonants (คน khon), a in an open syllable (สบาย sabai).
//
// Thai writes no spaces between syllables and does not mark which
// consonant closes a syllable and which opens the next, so a word is read
// by choosing, among the ways to cut it into syllables, the one that
// needs the fewest guessed vowels (thaiWord.read). Without a dictionary
// some readings stay wrong: the linking vowel of Pali and Sanskrit
// compounds (ชินวัตร is pronounced chin-na-wat, read here chinwat), and
// the irregular spellings of common words.

// Thai code points the reader distinguishes.
const (
	thSaraA      = 'ะ'
	thMaiHanAkat = 'ั'
	thSaraAa     = 'า'
	thSaraAm     = 'ำ'
	thSaraI      = 'ิ'
	thSaraIi     = 'ี'
	thSaraUe     = 'ึ'
	thSaraUee    = 'ื'
	thSaraU      = 'ุ'
	thSaraUu     = 'ู'
	thNikhahit   = 'ํ'
	thThanthakat = '์'
	thMaiYamok   = 'ๆ'
	thOAng       = 'อ'
	thWoWaen     = 'ว'
	thYoYak      = 'ย'
	thRoRua      = 'ร'
	thHoHip      = 'ห'
	thRue        = 'ฤ'
	thLue        = 'ฦ'
)

// thaiInitial and thaiFinal give each consonant's value at the start and
// at the end of a syllable. A consonant with no final value (ฉ ผ ฝ ห อ ฮ)
// never closes a syllable; ย and ว close one as the vowels i and o.
var thaiInitial = map[rune]string{
	'ก': "k", 'ข': "kh", 'ฃ': "kh", 'ค': "kh", 'ฅ': "kh", 'ฆ': "kh", 'ง': "ng",
	'จ': "ch", 'ฉ': "ch", 'ช': "ch", 'ซ': "s", 'ฌ': "ch", 'ญ': "y", 'ฎ': "d",
	'ฏ': "t", 'ฐ': "th", 'ฑ': "th", 'ฒ': "th", 'ณ': "n", 'ด': "d", 'ต': "t",
	'ถ': "th", 'ท': "th", 'ธ': "th", 'น': "n", 'บ': "b", 'ป': "p", 'ผ': "ph",
	'ฝ': "f", 'พ': "ph", 'ฟ': "f", 'ภ': "ph", 'ม': "m", 'ย': "y", 'ร': "r",
	'ล': "l", 'ว': "w", 'ศ': "s", 'ษ': "s", 'ส': "s", 'ห': "h", 'ฬ': "l",
	'อ': "", 'ฮ': "h",
}

var thaiFinal = map[rune]string{
	'ก': "k", 'ข': "k", 'ฃ': "k", 'ค': "k", 'ฅ': "k", 'ฆ': "k", 'ง': "ng",
	'จ': "t", 'ช': "t", 'ซ': "t", 'ฌ': "t", 'ญ': "n", 'ฎ': "t", 'ฏ': "t",
	'ฐ': "t", 'ฑ': "t", 'ฒ': "t", 'ณ': "n", 'ด': "t", 'ต': "t", 'ถ': "t",
	'ท': "t", 'ธ': "t", 'น': "n", 'บ': "p", 'ป': "p", 'พ': "p", 'ฟ': "p",
	'ภ': "p", 'ม': "m", 'ย': "i", 'ร': "n", 'ล': "n", 'ว': "o", 'ศ': "t",
	'ษ': "t", 'ส': "t", 'ฬ': "n",
}

// thaiCluster reads two consonants that open a syllable together: the
// true clusters with ร, ล and ว (กร, ปล, คว, …), ทร read s, and ศร, สร
// with a silent ร (ศรี si).
func thaiCluster(a, b rune) (string, bool) {
	switch b {
	case thRoRua:
		switch a {
		case 'ก', 'ข', 'ค', 'ต', 'ป', 'พ', 'บ', 'ด', 'ฟ':
			return thaiInitial[a] + "r", true
		case 'ท':
			return "s", true
		case 'ศ', 'ส':
			return "s", true
		}
	case 'ล':
		switch a {
		case 'ก', 'ข', 'ค', 'ป', 'พ', 'ผ', 'บ', 'ฟ':
			return thaiInitial[a] + "l", true
		}
	case thWoWaen:
		switch a {
		case 'ก', 'ข', 'ค':
			return thaiInitial[a] + "w", true
		}
	}
	return "", false
}

// isThaiSonorant: the consonants a silent ห leads (ห นำ: หมอ mo).
func isThaiSonorant(r rune) bool {
	switch r {
	case 'ง', 'ญ', 'น', 'ม', 'ย', 'ร', 'ล', 'ว':
		return true
	}
	return false
}

func isThaiCons(r rune) bool { return 'ก' <= r && r <= 'ฮ' && r != thRue && r != thLue }
func isThaiLead(r rune) bool { return 'เ' <= r && r <= 'ไ' }

// isThaiVowelSign reports the vowels written above, below or after a
// consonant.
func isThaiVowelSign(r rune) bool {
	switch r {
	case thSaraA, thMaiHanAkat, thSaraAa, thSaraAm, thSaraI, thSaraIi, thSaraUe, thSaraUee,
		thSaraU, thSaraUu, thNikhahit:
		return true
	}
	return false
}

// thaiLoneVowel reads a vowel sign found with no consonant to carry it.
func thaiLoneVowel(r rune) string {
	switch r {
	case thSaraA, thMaiHanAkat, thSaraAa:
		return "a"
	case thSaraAm:
		return "am"
	case thSaraI, thSaraIi:
		return "i"
	case thSaraUe, thSaraUee:
		return "ue"
	case thSaraU, thSaraUu:
		return "u"
	case 'เ':
		return "e"
	case 'แ':
		return "ae"
	case 'โ':
		return "o"
	case 'ใ', 'ไ':
		return "ai"
	case thNikhahit:
		return "m"
	}
	return ""
}

// translitThai reads a run of Thai letters and signs as one word (a
// name's words are separated by spaces; a word's syllables are not). The
// repetition mark ๆ repeats the word before it.
func translitThai(run []rune, sn *scanner) {
	start := 0
	for i, r := range run {
		if r != thMaiYamok {
			continue
		}
		if text, native := thaiRead(run[start:i]); text != "" {
			sn.emitText(text, native, scriptThai)
			sn.emitText(text, native, scriptThai)
		}
		start = i + 1
	}
	if text, native := thaiRead(run[start:]); text != "" {
		sn.emitText(text, native, scriptThai)
	}
}

// thaiRead returns the romanization of one Thai word and its letters as
// written (tone marks and other signs that do not change the reading
// dropped).
func thaiRead(run []rune) (string, string) {
	w := thaiWord{rs: make([]rune, 0, len(run))}
	for i := 0; i < len(run); i++ {
		r := run[i]
		switch {
		case r == thNikhahit && i+1 < len(run) && run[i+1] == thSaraAa:
			// NFKD split sara am (ำ) into nikhahit and sara aa.
			w.rs = append(w.rs, thSaraAm)
			i++
		case isThaiCons(r), isThaiLead(r), isThaiVowelSign(r), r == thRue, r == thLue, r == thThanthakat:
			w.rs = append(w.rs, r)
		}
		// Tone marks, maitaikhu, lakkhangyao, phinthu, yamakkan: dropped.
	}
	if len(w.rs) == 0 {
		return "", ""
	}
	native := norm.NFC.String(string(w.rs))
	w.silence()
	if len(w.rs) == 0 {
		return "", native
	}
	return w.read(), native
}

// thaiWord is one word being read: its letters and, per letter, whether it
// may be silent.
type thaiWord struct {
	rs     []rune
	silent []bool
	end    []bool // a syllable ends after this letter (a silenced one followed it)
	memo   []thaiStep
}

// thaiStep is the best reading of the word from one position on: its
// first syllable, where the next starts, and the total cost.
type thaiStep struct {
	cost float64
	text string
	next int
}

// Costs of the choices a reading makes: the reading of a word with the
// lowest total wins, the first one found on a tie. They are guesses
// ranked by how often Thai spelling means each, not measured.
const (
	thCostOpenA    = 1    // a consonant read with an unwritten a: ถนน tha-non
	thCostLoneEnd  = 2    // a lone consonant at the end of a word, read with o
	thCostCluster  = 0.1  // a cluster read with an unwritten o: กรม krom
	thCostNoFinal  = 1    // mai han-akat (ั) with no consonant to close it
	thCostMedialR  = 1.5  // ร closing a written vowel inside a word (rare: สุรยุทธ su-ra-yut)
	thCostSilent   = 0    // a consonant before a thanthakhat-marked one left silent (จันทร์ chan)
	thCostStray    = 3    // a vowel sign with no consonant
	thCostOpenLead = 1    // เ, แ, โ left open before a consonant that could close them
	thCostSyllable = 0.01 // each syllable: of two readings that guess alike, the one with fewer, longer syllables
)

// silence removes the consonants the thanthakhat (์) makes silent, with
// the vowel sign between them (ธิ์, ธุ์), marks the consonant before each
// as one that may be silent too (จันทร์ chan, ลักษณ์ lak), and the letter
// before as the end of a syllable (the mark ends a word of the compound:
// วงศ์สวัสดิ์ wong-sa-wat).
func (w *thaiWord) silence() {
	rs := w.rs
	out := rs[:0]
	var mark []int // indexes in out of consonants that may be silent
	var ends []int // indexes in out of letters a silenced consonant followed
	for _, r := range rs {
		if r != thThanthakat {
			out = append(out, r)
			continue
		}
		// Drop back to the consonant the mark sits on.
		k := len(out) - 1
		for k >= 0 && (out[k] == thSaraI || out[k] == thSaraU) {
			k--
		}
		if k < 0 || !isThaiCons(out[k]) {
			out = out[:k+1]
			continue
		}
		if k < len(out)-1 && k > 0 && !isThaiCons(out[k-1]) {
			// Only the vowel is silent when no consonant before can
			// close the syllable: กิติ์ kit.
			out = out[:k+1]
			ends = append(ends, k)
			continue
		}
		marked := out[k]
		out = out[:k]
		if k > 0 {
			ends = append(ends, k-1)
			// ร, ณ, น under the mark end a cluster silent as a whole:
			// ทร์ จันทร์ chan, ษณ์ ลักษณ์ lak, จน์ กาญจน์ kan (but นนท์ non).
			if isThaiCons(out[k-1]) && (marked == thRoRua || marked == 'ณ' || marked == 'น') {
				mark = append(mark, k-1)
			}
		}
	}
	w.rs = out
	w.silent = make([]bool, len(out))
	w.end = make([]bool, len(out))
	for _, k := range mark {
		if k < len(out) {
			w.silent[k] = true
		}
	}
	for _, k := range ends {
		if k < len(out) {
			w.end[k] = true
		}
	}
}

// read returns the cheapest reading of the whole word, found from the
// end of the word back to its start (every syllable ends further on than
// it starts, so the best reading from each position depends only on
// positions after it).
func (w *thaiWord) read() string {
	n := len(w.rs)
	w.memo = make([]thaiStep, n+1)
	for i := n - 1; i >= 0; i-- {
		st := &w.memo[i]
		st.cost = -1
		w.options(i, func(next int, text string, cost float64) {
			if next <= i || next > n {
				return
			}
			for k := i; k < next-1; k++ {
				if w.end[k] {
					return // a syllable does not run past a silenced letter
				}
			}
			c := cost + thCostSyllable + w.memo[next].cost
			if st.cost < 0 || c < st.cost {
				st.cost, st.text, st.next = c, text, next
			}
		})
		if st.cost < 0 {
			// Nothing reads here (a lone letter before a silenced one):
			// take the letter's own value.
			r := w.rs[i]
			st.cost, st.text, st.next = thCostStray+w.memo[i+1].cost, thaiInitial[r]+thaiLoneVowel(r), i+1
		}
	}
	var b strings.Builder
	for i := 0; i < n; i = w.memo[i].next {
		b.WriteString(w.memo[i].text)
	}
	return b.String()
}

// options lists the ways to read a syllable starting at i: the position
// after it, its romanization and its cost.
func (w *thaiWord) options(i int, f func(next int, text string, cost float64)) {
	r := w.rs[i]
	switch {
	case isThaiLead(r):
		w.leadSyllable(i, f)
	case r == thRue || r == thLue:
		w.rueSyllable(i+1, thaiVocalic(r, ""), f)
	case isThaiCons(r):
		w.consSyllable(i, f)
	default:
		f(i+1, thaiLoneVowel(r), thCostStray)
	}
	if w.silent[i] {
		f(i+1, "", thCostSilent)
	}
}

// finalMode says whether a vowel takes a final consonant.
type finalMode uint8

const (
	finalNone     finalMode = iota // ะ, ำ, เ-า: an open syllable
	finalOptional                  // า, ิ, เ-, …
	finalRequired                  // ั: always closed
	finalRoHan                     // รร: closed by the next consonant or read an
	finalOnlyYo                    // ใ, ไ: only a silent ย (ไทย thai)
)

// thSyl is a syllable read up to its vowel: its text, which ends before
// the letter at next, and what may close it.
type thSyl struct {
	text string
	next int
	fm   finalMode
	// short: a short vowel (ั ิ ึ ุ, or เ), after which a final stop may
	// be followed by a silent ร or stop at the end of the word (บุตร
	// but, ยุทธ yut).
	short bool
	// pali: long a, ั or เ, which a stop carrying ิ or ุ at the end of the
	// word closes, the vowel silent (ชาติ chat, สมบัติ sombat, เหตุ het).
	pali bool
	// closes: a vowel written before its consonant (เ แ โ), which the
	// next consonant closes when it can (เศรษฐ set-tha, not se-sot).
	closes bool
}

// onsets lists the ways the consonants at i open a syllable: alone, as a
// cluster, or after a silent ห (ห นำ) or อ (อยู่).
func (w *thaiWord) onsets(i int, f func(on string, k int, cluster bool)) {
	rs := w.rs
	c := rs[i]
	if i+1 < len(rs) {
		c2 := rs[i+1]
		switch {
		case c == thHoHip && isThaiSonorant(c2):
			f(thaiInitial[c2], i+2, false)
		case c == thOAng && c2 == thYoYak && i+2 < len(rs) && (rs[i+2] == thSaraAa || rs[i+2] == thSaraUu):
			// อย่า, อยู่, อย่าง, อยาก (but อยุธยา a-yut-ya)
			f("y", i+2, false)
		default:
			if on, ok := thaiCluster(c, c2); ok {
				f(on, i+2, true)
			}
		}
	}
	f(thaiInitial[c], i+1, false)
}

// consSyllable reads a syllable that starts with a consonant: its written
// vowel, or else an unwritten a (open) or o (closed by the next
// consonant).
func (w *thaiWord) consSyllable(i int, f func(int, string, float64)) {
	n := len(w.rs)
	if i+1 < n && (w.rs[i+1] == thRue || w.rs[i+1] == thLue) {
		// A consonant and ฤ: กฤษณ์ krit, พฤกษ์ phruek (as ร clusters).
		if on, ok := thaiCluster(w.rs[i], thRoRua); ok && on != "s" {
			w.rueSyllable(i+2, thaiVocalic(w.rs[i+1], on[:len(on)-1]), f)
		}
	}
	w.onsets(i, func(on string, k int, cluster bool) {
		if v, ok := w.vowelAt(k); ok {
			v.text = on + v.text
			w.withFinal(v, 0, f)
			return
		}
		extra := 0.0
		if cluster {
			extra = thCostCluster
		}
		if k >= n {
			f(k, on+"o", thCostLoneEnd+extra)
			return
		}
		if !cluster {
			f(k, on+"a", thCostOpenA)
		}
		// An unwritten o closed by the next consonant (not ย or ว,
		// which would make the vowels oi and ow).
		if c := w.rs[k]; c != thYoYak && c != thWoWaen && w.canClose(k) {
			f(k+1, on+"o"+thaiFinal[c], extra)
		}
	})
}

// thaiVocalic is the open and closed reading of ฤ or ฦ after onset: rue
// open (ฤดี ruedi), ri closed (ฤทธิ์ rit, กฤษณ์ krit), as in names.
func thaiVocalic(r rune, onset string) [2]string {
	if r == thLue {
		return [2]string{onset + "lue", onset + "lue"}
	}
	return [2]string{onset + "rue", onset + "ri"}
}

// rueSyllable offers ฤ or ฦ, read as oc, ending before j, open and closed.
func (w *thaiWord) rueSyllable(j int, oc [2]string, f func(int, string, float64)) {
	f(j, oc[0], 0)
	if w.canClose(j) && w.rs[j] != thYoYak && w.rs[j] != thWoWaen {
		w.withFinal(thSyl{text: oc[1], next: j, fm: finalRequired, short: true}, 0, f)
	}
}

// vowelAt reads the vowel written after an onset that ends before k.
func (w *thaiWord) vowelAt(k int) (thSyl, bool) {
	rs := w.rs
	n := len(rs)
	if k >= n {
		return thSyl{}, false
	}
	at := func(j int) rune {
		if j < n {
			return rs[j]
		}
		return 0
	}
	switch rs[k] {
	case thMaiHanAkat:
		if at(k+1) == thWoWaen { // ัว ua
			m := k + 2
			if at(m) == thSaraA {
				return thSyl{text: "ua", next: m + 1}, true
			}
			return thSyl{text: "ua", next: m, fm: finalOptional}, true
		}
		return thSyl{text: "a", next: k + 1, fm: finalRequired, short: true, pali: true}, true
	case thSaraI:
		return thSyl{text: "i", next: k + 1, fm: finalOptional, short: true}, true
	case thSaraIi:
		return thSyl{text: "i", next: k + 1, fm: finalOptional}, true
	case thSaraUe:
		return thSyl{text: "ue", next: k + 1, fm: finalOptional, short: true}, true
	case thSaraUee:
		if at(k+1) == thOAng {
			return thSyl{text: "ue", next: k + 2, fm: finalOptional}, true
		}
		return thSyl{text: "ue", next: k + 1, fm: finalOptional}, true
	case thSaraU:
		return thSyl{text: "u", next: k + 1, fm: finalOptional, short: true}, true
	case thSaraUu:
		return thSyl{text: "u", next: k + 1, fm: finalOptional}, true
	case thNikhahit, thSaraAm:
		return thSyl{text: "am", next: k + 1}, true
	case thSaraA:
		return thSyl{text: "a", next: k + 1}, true
	case thSaraAa:
		return thSyl{text: "a", next: k + 1, fm: finalOptional, pali: true}, true
	case thOAng:
		// อ after a consonant is the vowel o unless a vowel of its own
		// makes it the next syllable's onset.
		if !isThaiVowelSign(at(k + 1)) {
			return thSyl{text: "o", next: k + 1, fm: finalOptional}, true
		}
	case thRoRua:
		if at(k+1) == thRoRua { // ร หัน: กรรม kam, บรร ban
			return thSyl{text: "a", next: k + 2, fm: finalRoHan}, true
		}
	case thWoWaen:
		// ว between two consonants is the vowel ua: ชวน chuan.
		if w.canClose(k + 1) {
			return thSyl{text: "ua", next: k + 1, fm: finalRequired}, true
		}
	}
	return thSyl{}, false
}

// leadSyllable reads a syllable whose vowel is written before its
// consonant (เ แ โ ใ ไ), with what follows the consonant completing the
// vowel (เ-ีย ia, เ-ือ uea, เ-า ao, เ-อ oe, …).
func (w *thaiWord) leadSyllable(i int, f func(int, string, float64)) {
	rs := w.rs
	n := len(rs)
	lead := rs[i]
	if i+1 >= n || !isThaiCons(rs[i+1]) {
		f(i+1, thaiLoneVowel(lead), thCostStray)
		return
	}
	if lead == 'เ' && i+2 < n && w.leadingConsonant(i+1) {
		// อักษรนำ: a high or mid consonant before a sonorant is read
		// with a short a, and the vowel belongs to the sonorant: เจริญ
		// cha-roen, เฉลิม cha-loem, เสนอ sa-noe.
		c := rs[i+1]
		w.leadVowel(lead, thaiInitial[c]+"a"+thaiInitial[rs[i+2]], i+3, f)
	}
	w.onsets(i+1, func(on string, m int, cluster bool) {
		if cluster && m >= n {
			return
		}
		w.leadVowel(lead, on, m, f)
	})
}

// leadingConsonant reports whether the consonant at k leads the sonorant
// after it (อักษรนำ) under a leading เ: the pair is not a cluster, and
// what follows the sonorant completes the vowel (ิ, ีย, ือ, อ, ย).
func (w *thaiWord) leadingConsonant(k int) bool {
	rs := w.rs
	if k+2 >= len(rs) {
		return false
	}
	c, s := rs[k], rs[k+1]
	if !thaiHighOrMid(c) || c == thHoHip || c == thOAng || !isThaiSonorant(s) {
		return false
	}
	if _, ok := thaiCluster(c, s); ok {
		return false
	}
	switch rs[k+2] {
	case thSaraI, thOAng, thYoYak:
		return true
	case thSaraIi:
		return k+3 < len(rs) && rs[k+3] == thYoYak
	case thSaraUee:
		return k+3 < len(rs) && rs[k+3] == thOAng
	}
	return false
}

// thaiHighOrMid reports the consonants of the high and middle classes.
func thaiHighOrMid(c rune) bool {
	switch c {
	case 'ก', 'จ', 'ฎ', 'ฏ', 'ด', 'ต', 'บ', 'ป', 'อ',
		'ข', 'ฃ', 'ฉ', 'ฐ', 'ถ', 'ผ', 'ฝ', 'ศ', 'ษ', 'ส', 'ห':
		return true
	}
	return false
}

// leadVowel reads the vowel lead written before the onset on, whose
// consonants end before m.
func (w *thaiWord) leadVowel(lead rune, on string, m int, f func(int, string, float64)) {
	rs := w.rs
	n := len(rs)
	at := func(j int) rune {
		if j < n {
			return rs[j]
		}
		return 0
	}
	opt := func(text string, next int, short, pali bool) {
		w.withFinal(thSyl{text: on + text, next: next, fm: finalOptional, short: short, pali: pali,
			closes: text == "e" || text == "ae" || text == "o"}, 0, f)
	}
	switch lead {
	case 'เ':
		switch at(m) {
		case thSaraI:
			opt("oe", m+1, false, false)
		case thSaraIi:
			if at(m+1) == thYoYak {
				e := m + 2
				if at(e) == thSaraA {
					e++
				}
				opt("ia", e, false, false)
				return
			}
			opt("i", m+1, false, false)
		case thSaraUee:
			if at(m+1) == thOAng {
				e := m + 2
				if at(e) == thSaraA {
					e++
				}
				opt("uea", e, false, false)
				return
			}
			opt("ue", m+1, false, false)
		case thSaraAa:
			if at(m+1) == thSaraA {
				f(m+2, on+"o", 0)
				return
			}
			f(m+1, on+"ao", 0)
		case thOAng:
			e := m + 1
			if at(e) == thSaraA {
				f(e+1, on+"oe", 0)
				return
			}
			opt("oe", e, false, false)
		case thYoYak:
			if !isThaiVowelSign(at(m + 1)) {
				f(m+1, on+"oei", 0)
			}
			opt("e", m, true, true)
		case thSaraA:
			f(m+1, on+"e", 0)
		default:
			opt("e", m, true, true)
		}
	case 'แ':
		if at(m) == thSaraA {
			f(m+1, on+"ae", 0)
			return
		}
		opt("ae", m, false, false)
	case 'โ':
		if at(m) == thSaraA {
			f(m+1, on+"o", 0)
			return
		}
		opt("o", m, false, false)
	default: // ใ ไ
		w.withFinal(thSyl{text: on + "ai", next: m, fm: finalOnlyYo}, 0, f)
	}
}

// canClose reports whether the consonant at j can close the syllable
// before it: it has a final value and no vowel of its own follows it.
func (w *thaiWord) canClose(j int) bool {
	rs := w.rs
	n := len(rs)
	if j >= n || !isThaiCons(rs[j]) || thaiFinal[rs[j]] == "" {
		return false
	}
	if j+1 < n {
		next := rs[j+1]
		if isThaiVowelSign(next) {
			return false
		}
		if next == thOAng && !(j+2 < n && isThaiVowelSign(rs[j+2])) {
			return false // อ is this consonant's vowel
		}
		if next == thRoRua && j+2 < n && rs[j+2] == thRoRua {
			return false // ร หัน: the consonant opens a syllable
		}
	}
	return true
}

// withFinal offers the syllable v with and without the consonant after it
// closing it.
func (w *thaiWord) withFinal(v thSyl, extra float64, f func(int, string, float64)) {
	rs := w.rs
	n := len(rs)
	j := v.next
	if v.fm == finalNone {
		f(j, v.text, extra)
		return
	}
	if w.canClose(j) && !(v.fm == finalOnlyYo && rs[j] != thYoYak) {
		c := rs[j]
		text := joinThaiFinal(v.text, c)
		if v.fm == finalOnlyYo {
			text = v.text
		}
		// A loanword's final cluster ends in a silent ร or stop after a
		// short vowel: บุตร but, จักร chak, ยุทธ yut.
		if v.short && j+2 == n && thaiStop(c) && (rs[j+1] == thRoRua || thaiStop(rs[j+1])) {
			f(n, text, extra)
		}
		cost := extra
		if c == thRoRua && j+1 < n {
			cost += thCostMedialR
		}
		f(j+1, text, cost)
	} else if v.pali && j+2 == n && thaiStop(rs[j]) && (rs[j+1] == thSaraI || rs[j+1] == thSaraU) {
		// A Pali word's final ิ or ุ is silent: ชาติ chat, สมบัติ sombat.
		f(n, joinThaiFinal(v.text, rs[j]), extra)
	}
	switch v.fm {
	case finalOptional, finalOnlyYo:
		if v.closes && w.canClose(j) {
			extra += thCostOpenLead
		}
		f(j, v.text, extra)
	case finalRequired:
		f(j, v.text, extra+thCostNoFinal)
	case finalRoHan:
		f(j, v.text+"n", extra)
	}
}

// thaiStop reports the consonants whose final value is a stop, k or t.
func thaiStop(c rune) bool {
	v := thaiFinal[c]
	return v == "k" || v == "t"
}

// joinThaiFinal closes a syllable with the consonant c.
func joinThaiFinal(syl string, c rune) string {
	if c == thYoYak && strings.HasSuffix(syl, "i") {
		return syl
	}
	return syl + thaiFinal[c]
}
