package repair

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Mojibake repair.
//
// Text is scanned for segments: maximal runs of non-ASCII characters
// that sloppy Windows-1252 (or Latin-1) can encode, one byte each.
// Inside a segment the bytes are searched for valid multi-byte UTF-8
// sequences (lead 0xC2–0xF4, then continuation bytes); each one is a
// candidate, e.g. "Ã©" → C3 A9 → é. Adjacent candidates form a cluster
// ("Ã¢â‚¬â€œ"). Correct text rarely forms candidates at all, because a
// candidate needs a Latin-1 letter (the lead) directly followed by one
// to three symbols from the 0x80–0xBF block (€ ‚ „ … ’ “ ” – — ™ ©
// « » ° ± ½ …): "SÃO", "AÇÃO", "ÂGE" and "garçon" have none.
//
// A candidate is accepted only if the character it decodes to is
// plausible and the original is not plausible correct text:
//
//   - The decoded character must be assigned and of a kind mojibake
//     really produces: Latin-1 and Latin Extended-A letters, a short
//     list of Latin Extended-B and modifier letters (Romanian ș ț,
//     Vietnamese ơ ư, pinyin tones), Latin Extended Additional
//     (Vietnamese), Greek letters, punctuation and common symbols
//     (U+2000–U+27BF without control pictures and enclosed forms),
//     emoji, BOM and U+FFFD. Never a control character, private use,
//     Braille, IPA (so "JOSÉ”" is safe) or the rare blocks that É, Ü,
//     ß and Ó lead to.
//   - Combining marks (decomposed text, "eÌ\u0081") must compose with
//     the letter before them.
//   - Letters of other scripts (Cyrillic, Hebrew, Arabic, Indic, Thai,
//     CJK, Hangul) need a cluster of at least two, or the same script
//     fixed elsewhere in the text: single foreign letters are rarer
//     than accidents. Such evidence (Vietnamese counts as a script
//     here) also outweighs the punctuation rule below.
//   - A two-byte candidate is left alone where it reads as the end of
//     a correct upper-case word or as a letter quoted on its own; see
//     ambiguousPair ("IRMÃ”", "ALEMÃ\u00a0»", "MAÇÃ®", "«Â»").
//   - A three- or four-byte candidate whose continuations read as such
//     punctuation (see naturalTrail) is left alone when its lead letter
//     can end a word: "café…”", "arrivé\u00a0»", "irmã’”". For â, the
//     lead of the common punctuation mojibake, only after a letter or
//     an opening quote ("â– " after a space is the bullet ■).
//   - The punctuation rules only guard a lone candidate in an intact
//     word. A continuation that is a C1 control (from the five
//     undefined Windows-1252 bytes or a Latin-1 decoding) cannot occur
//     in correct text; adjacent candidates ("SUBIUÃ¢â‚¬â„¢", double
//     mojibake after a capital) are mojibake together; and so is a
//     candidate in a word with mojibake fixed earlier ("Å\u0081Ã“DÅ¹"
//     is ŁÓDŹ), up to as many levels as were decoded there.
//
// Accepted candidates are decoded and the segment is examined again, up
// to three levels, which repairs double mojibake. At the first level
// "Â" followed by a 0x80–0x9F character may decode to a C1 control,
// but only if a later level consumes it (text decoded as Latin-1, then
// Windows-1252); otherwise the segment is redone without that.
//
// Two damaged forms at the end of a segment are handled apart (see
// damagedTail): an NBSP that became a plain space ("voilÃ " for voilà,
// "100Â km"), and a closing quote whose undefined last byte became '?'
// or U+FFFD ("â€?" for ”).

// Mojibake lead characters are U+00C2–U+00F4, the bytes that start a
// multi-byte UTF-8 sequence. In UTF-8 they are C3 82 to C3 B4.
const (
	minLead = 0xC2
	maxLead = 0xF4
)

// leadPairAt reports whether the text at s[j:] continues a mojibake
// candidate whose lead character r ends just before j.
func leadPairAt(s string, j int, r rune) bool {
	if j >= len(s) {
		return false
	}
	if s[j] == ' ' {
		return r == 'Ã' || r == 'Â'
	}
	next, _ := utf8.DecodeRuneInString(s[j:])
	return isCont(next)
}

// hasLeadPair reports whether s may contain mojibake at all.
func hasLeadPair(s string) bool {
	for i := 0; ; {
		k := strings.IndexByte(s[i:], 0xC3)
		if k < 0 {
			return false
		}
		i += k
		if i+1 < len(s) && s[i+1] >= 0x82 && s[i+1] <= 0xB4 {
			r := rune(s[i+1]) + 0x40 // C3 xx encodes U+00C0 + (xx-0x80)
			if leadPairAt(s, i+2, r) {
				return true
			}
		}
		i++
	}
}

// fixMojibake repairs mojibake in s; see the comment above.
func fixMojibake(s string, rep *Report) (string, bool) {
	if !hasLeadPair(s) {
		return s, false
	}
	f := &fixer{}
	out, n := f.run(s)
	if f.needEv && f.seen&^f.ev != 0 {
		// Single letters of a script were rejected, and a cluster of
		// that script was fixed elsewhere: accept them too.
		f = &fixer{ev: f.seen, seg: f.seg}
		out, n = f.run(s)
	}
	if n == 0 {
		return s, false
	}
	rep.Mojibake += n
	return out, true
}

// fixer holds the scratch buffers and script evidence of one repair.
type fixer struct {
	seg    []rune
	enc    []byte
	cands  []cand
	ev     uint16 // scripts whose single letters are accepted
	seen   uint16 // scripts fixed in clusters of two or more
	needEv bool   // a single letter was rejected for lack of evidence
}

type cand struct {
	start, end int // rune indexes [start, end) in the segment
	r          rune
	ok, c1     bool
}

// run repairs s and returns the number of repairs made.
func (f *fixer) run(s string) (string, int) {
	var b strings.Builder
	last, n := 0, 0
	prev2, prev := rune(0), rune(0)
	wordLevels := 0 // levels decoded by a fix earlier in the current word
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			prev2, prev = prev, rune(c)
			if !isLetter(c) {
				wordLevels = 0
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if _, ok := encode1252(r); !ok {
			prev2, prev = prev, r
			if !unicode.IsLetter(r) {
				wordLevels = 0
			}
			i += size
			continue
		}
		start := i
		a := around{prev2: prev2, prev: prev, wordLevels: wordLevels}
		seg := f.seg[:0]
		hasLead := false
		for i < len(s) {
			r, size = utf8.DecodeRuneInString(s[i:])
			if r < utf8.RuneSelf {
				break
			}
			if _, ok := encode1252(r); !ok {
				break
			}
			hasLead = hasLead || (r >= minLead && r <= maxLead)
			seg = append(seg, r)
			i += size
		}
		f.seg = seg
		prev2, prev = prev, seg[len(seg)-1]
		if len(seg) >= 2 {
			prev2 = seg[len(seg)-2]
		}
		if !onlyLetters(seg) {
			wordLevels = 0
		}
		if !hasLead {
			continue
		}
		if i < len(s) {
			a.next, _ = utf8.DecodeRuneInString(s[i:])
		}
		a.nextCaps = nextWordCaps(s, i)
		// Damaged forms at the end of the segment; see damagedTail.
		tail, after := f.damagedTail(s, i, seg, a)
		if tail != 0 {
			k := len(seg) - tailLen(tail)
			seg, a.next = seg[:k], seg[k]
		}
		out, cnt, levels := f.segment(seg, a)
		if cnt == 0 && tail == 0 {
			continue
		}
		if b.Cap() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:start])
		for _, r := range out {
			b.WriteRune(r)
		}
		n += cnt
		switch tail {
		case 'Ã':
			b.WriteRune('à')
			// The space was the NBSP; keep it only if a word follows
			// (the NBSP and a real space were collapsed).
			if after < 0 || spaceConsumer(after) {
				i++
				prev = 'à'
			}
		case 'Â':
			// Drop the Â and keep the space.
		case '€':
			b.WriteRune('”')
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			prev = '”'
		case '”':
			// The last byte was dropped: nothing after it to consume.
			b.WriteRune('”')
			prev = '”'
		}
		if tail != 0 {
			n++
		}
		// A later candidate in the same word is judged knowing that
		// the word is broken.
		lastOut := rune(0)
		if len(out) > 0 {
			lastOut = out[len(out)-1]
		}
		switch tail {
		case 'Ã':
			lastOut = 'à'
		case '€', '”':
			lastOut = '”'
		}
		wordLevels = 0
		if unicode.IsLetter(lastOut) {
			wordLevels = max(levels, 1)
		}
		last = i
	}
	if n == 0 {
		return s, 0
	}
	b.WriteString(s[last:])
	return b.String(), n
}

// damagedTail looks for a damaged form of mojibake at the end of seg,
// which ends at s[i], and returns its last character (0 if none) and
// the rune after the next one (-1 at the end):
//
//   - "Ã " or "Â ": the second byte of à (C3 A0) or of NBSP (C2 A0)
//     was an NBSP that became a plain space. "Ã " is taken as à after a
//     lower-case letter ("voilÃ "), at the start of a title-case word
//     ("HÃ Ná»™i"), or after a non-letter when two spaces follow
//     ("Ã  la"); "Ã" after an upper-case letter is correct Portuguese
//     ("IRMÃ DELE"), and "the letter Ã is" is left alone. "Â " is
//     dropped after anything but an upper-case letter or a space;
//     after a space only next to another "Â " or before a second space.
//   - "â€?" or "â€\uFFFD": the closing quote ” (E2 80 9D), whose last
//     byte Windows-1252 leaves undefined, so a strict decoder turned it
//     into '?' or U+FFFD.
//   - "â€" before white space, punctuation or the end: the same quote
//     with its last byte dropped, as most decoders do; of the sequences
//     E2 80 xx whose xx is undefined in Windows-1252 it is the only
//     common one. The returned tail is ” itself.
func (f *fixer) damagedTail(s string, i int, seg []rune, a around) (rune, rune) {
	after := rune(-1)
	if i+1 < len(s) {
		after, _ = utf8.DecodeRuneInString(s[i+1:])
	}
	lr := seg[len(seg)-1]
	switch {
	case a.next == ' ' && lr == 'Ã':
		p, pp := a.at(seg, len(seg)-1)
		switch {
		case unicode.IsLower(p),
			unicode.IsUpper(p) && isSpaceOrStart(pp) && !a.nextCaps,
			!unicode.IsLetter(p) && after == ' ':
			return 'Ã', after
		}
	case a.next == ' ' && lr == 'Â':
		p, pp := a.at(seg, len(seg)-1)
		switch {
		case unicode.IsUpper(p), isOpening(p):
		case !isSpaceOrStart(p), pp == 'Â', after == ' ' || after == 'Â' || after < 0:
			return 'Â', after
		}
	case (a.next == '?' || a.next == utf8.RuneError) && lr == '€' && len(seg) >= 2 && seg[len(seg)-2] == 'â':
		return '€', after
	case lr == '€' && len(seg) >= 2 && seg[len(seg)-2] == 'â' && closesQuote(a.next):
		return '”', after
	}
	return 0, after
}

func tailLen(tail rune) int {
	if tail == '€' || tail == '”' {
		return 2
	}
	return 1
}

// closesQuote reports whether r (-1 at the end of the text) may follow a
// closing quote.
func closesQuote(r rune) bool {
	switch r {
	case -1, 0, ' ', '\t', '\n', '\r', '.', ',', ';', ':', '!', ')', ']', '}', '\'', '-', '—', '–', '…':
		return true
	}
	return false
}

// onlyLetters reports whether rs are all letters.
func onlyLetters(rs []rune) bool {
	for _, r := range rs {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// spaceConsumer reports whether r after "Ã " means the space was the
// NBSP of à itself rather than a separate word space.
func spaceConsumer(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '.', ',', ';', ':', '!', '?', ')', ']', '}', '"', '\'',
		'’', '”', '»', '›', '…':
		return true
	}
	return false
}

// segment repairs one segment, level by level; it returns the repaired
// runes, the number of runs fixed at the first level and the number of
// levels decoded.
func (f *fixer) segment(seg []rune, a around) ([]rune, int, int) {
	for _, allowC1 := range [2]bool{true, false} {
		cur, total, introduced, used := seg, 0, false, 0
		for level := range 3 {
			a.level = level
			out, cnt, c1 := f.level(cur, a, allowC1)
			if cnt == 0 {
				break
			}
			if level == 0 {
				total = cnt
			}
			introduced = introduced || c1
			cur, used = out, level+1
		}
		if allowC1 && introduced && hasC1(cur) {
			continue
		}
		return cur, total, used
	}
	return seg, 0, 0
}

func hasC1(rs []rune) bool {
	for _, r := range rs {
		if r >= 0x80 && r <= 0x9F {
			return true
		}
	}
	return false
}

// seqLen returns the length of the UTF-8 sequence led by b, or 0.
func seqLen(b byte) int {
	switch {
	case b >= 0xC2 && b <= 0xDF:
		return 2
	case b >= 0xE0 && b <= 0xEF:
		return 3
	case b >= 0xF0 && b <= 0xF4:
		return 4
	}
	return 0
}

// level decodes the accepted candidates of cur once. It returns the
// new runes, the number of runs of adjacent accepted candidates, and
// whether any of them decoded to a C1 control.
func (f *fixer) level(cur []rune, a around, allowC1 bool) ([]rune, int, bool) {
	enc := f.enc[:0]
	hasLead := false
	for _, r := range cur {
		b, ok := encode1252(r)
		if !ok {
			b = 0 // breaks any sequence
		}
		hasLead = hasLead || seqLen(b) > 0
		enc = append(enc, b)
	}
	f.enc = enc
	if !hasLead {
		return cur, 0, false
	}
	cands := f.cands[:0]
	for j := 0; j < len(enc); {
		n := seqLen(enc[j])
		if n > 0 && j+n <= len(enc) {
			conts := true
			for _, b := range enc[j+1 : j+n] {
				if b < 0x80 || b > 0xBF {
					conts = false
					break
				}
			}
			if conts {
				// DecodeRune rejects overlong forms and surrogates.
				if r, size := utf8.DecodeRune(enc[j : j+n]); size == n {
					cands = append(cands, cand{start: j, end: j + n, r: r})
					j += n
					continue
				}
			}
		}
		j++
	}
	f.cands = cands
	for k := 0; k < len(cands); {
		m := k + 1
		for m < len(cands) && cands[m].start == cands[m-1].end {
			m++
		}
		for x := k; x < m; x++ {
			c := &cands[x]
			ctx := candCtx{n: m - k, nextCaps: a.nextCaps, wordFixed: a.level < a.wordLevels, level: a.level, next: a.next}
			ctx.prev, ctx.prev2 = a.at(cur, c.start)
			if x > k && cands[x-1].ok {
				ctx.prev, ctx.prevFixed = cands[x-1].r, true
			}
			if c.end < len(cur) {
				ctx.next = cur[c.end]
			}
			c.ok, c.c1 = f.judge(cur[c.start:c.end], c.r, ctx, allowC1)
		}
		k = m
	}
	var out []rune
	runs, c1, pos, lastEnd := 0, false, 0, -1
	for _, c := range cands {
		if !c.ok {
			continue
		}
		if out == nil {
			out = make([]rune, 0, len(cur))
		}
		out = append(out, cur[pos:c.start]...)
		out = append(out, c.r)
		if c.start != lastEnd {
			runs++
		}
		lastEnd, pos = c.end, c.end
		c1 = c1 || c.c1
	}
	if runs == 0 {
		return cur, 0, false
	}
	out = append(out, cur[pos:]...)
	return out, runs, c1
}

// Kinds of decoded character, for judge.
const (
	kindReject    = iota
	kindOK        // Latin letters, Greek, punctuation, symbols, emoji
	kindCombining // must compose with the letter before
	kindScript    // letter of another script: needs a cluster
)

// Scripts, as bits of fixer.ev and fixer.seen.
const (
	scriptCyrillic = 1 << iota
	scriptHebrew
	scriptArabic
	scriptIndic
	scriptThai
	scriptCJK
	scriptHangul
	scriptTag
	scriptVietnamese // Latin Extended Additional: judged as Latin, but counts as evidence
)

// around is the text around a segment.
type around struct {
	prev2, prev rune // the two runes before the segment, 0 at the start
	next        rune // the rune after the segment, 0 at the end
	nextCaps    bool // the word after the segment starts with two capitals
	wordLevels  int  // levels of mojibake fixed earlier in the same word
	level       int  // the level being decoded, from 0
}

// at returns the two runes before index i of the segment seg.
func (a around) at(seg []rune, i int) (prev, prev2 rune) {
	switch i {
	case 0:
		return a.prev, a.prev2
	case 1:
		return seg[0], a.prev
	}
	return seg[i-1], seg[i-2]
}

// candCtx is what judge knows about a candidate's surroundings.
type candCtx struct {
	prev, prev2 rune
	prevFixed   bool // prev is a candidate decoded just before
	next        rune
	nextCaps    bool
	wordFixed   bool
	level       int
	n           int // candidates in the cluster
}

// judge decides whether the candidate seq, decoding to r, is mojibake.
// The second result reports that r is a C1 control accepted
// provisionally.
func (f *fixer) judge(seq []rune, r rune, ctx candCtx, allowC1 bool) (bool, bool) {
	lead, conts := seq[0], seq[1:]
	if r >= 0x80 && r <= 0x9F {
		ok := allowC1 && lead == 'Â'
		return ok, ok
	}
	kind, script := classify(r)
	if kind == kindReject {
		return false, false
	}
	strong := false
	for _, c := range conts {
		if c >= 0x80 && c <= 0x9F {
			strong = true
		}
	}
	// The punctuation rules guard single candidates in correct words;
	// adjacent candidates, or a word broken already, are mojibake.
	if !strong && !ctx.prevFixed && !ctx.wordFixed && ctx.n == 1 {
		if len(seq) == 2 {
			if ambiguousPair(seq, r, ctx) {
				return false, false
			}
		} else if naturalTrail(conts, ctx.next) && (lead != 'â' || unicode.IsLetter(ctx.prev) || isOpening(ctx.prev)) {
			// Evidence of the same script elsewhere outweighs
			// punctuation that merely looks natural, on the first
			// decoding only.
			if script == 0 || f.ev&script == 0 || ctx.level > 0 {
				f.needEv = f.needEv || script != 0
				return false, false
			}
		}
	}
	switch kind {
	case kindCombining:
		if !composes(ctx.prev, r) {
			return false, false
		}
	case kindScript:
		if ctx.n < 2 && f.ev&script == 0 {
			f.needEv = true
			return false, false
		}
	}
	if script != 0 && (kind != kindScript || ctx.n >= 2) {
		f.seen |= script
	}
	return true, false
}

// ambiguousPair reports whether a two-character candidate may be
// correct text rather than mojibake:
//
//   - a letter quoted on its own, "«Â»", "(Ã)", "“Ê”";
//   - after an upper-case letter, a decoded upper-case letter before a
//     lower-case one ("ALEMÃ’s" would give "ALEMÒs");
//   - the end of an upper-case word followed by closing punctuation or
//     a symbol ("IRMÃ”", "IRMÃ™"), or joined to the next word by an em
//     dash ("ALEMÃ—BRASIL");
//   - a lower-case result ending an upper-case word ("MAÇÃ®" would give
//     "MAÇî"). A title-case word ("HÃ\u00A0 Nội", "SÃ³ isso", "SÄ…")
//     is mojibake, unless the next word is in capitals.
//
// Â is exempt from the upper-case rules: no word ends in Â. The price
// is that mojibake of a word-final upper-case Å, Ò, Ô, Ù or Û before
// closing punctuation or a symbol stays ("PIÃ™" for PIÙ).
func ambiguousPair(seq []rune, r rune, ctx candCtx) bool {
	lead, cont := seq[0], seq[1]
	endOfWord := !unicode.IsLetter(ctx.next) || cont == '—' // an em dash joins words
	if endOfWord && (isOpening(ctx.prev) || ctx.prev == '\u00A0' && isOpening(ctx.prev2)) {
		return true
	}
	if !unicode.IsUpper(ctx.prev) || lead == 'Â' {
		return false
	}
	if unicode.IsLower(r) && r != 'ß' { // ß is upper case in "STRAßE"
		switch {
		case unicode.IsUpper(ctx.prev2):
			return true // "MAÇî", "ALEMàÞ"
		case !endOfWord:
			return false // "HÃ©lÃ¨ne"
		}
		// Title case is mojibake only for the common Ã and Ä pairs
		// (Sé, Só, Hà, Są), and not before a word in capitals.
		return lead != 'Ã' && lead != 'Ä' || ctx.nextCaps
	}
	switch {
	case unicode.IsLower(ctx.next):
		return true // "ALEMÒs"
	case !endOfWord:
		return false // "KÃ–LN", "SKÃ…NE", "KOÅ\u00A0ICE"
	}
	return trailing(cont)
}

func isOpening(r rune) bool {
	return r == '"' || r == '\'' || r == '¿' || r == '¡' || unicode.In(r, unicode.Ps, unicode.Pi)
}

func isSpaceOrStart(r rune) bool { return r == 0 || unicode.IsSpace(r) }

// nextWordCaps reports whether the word at or after s[i], past spaces,
// starts with two upper-case letters.
func nextWordCaps(s string, i int) bool {
	for i < len(s) && (s[i] == ' ' || strings.HasPrefix(s[i:], "\u00A0")) {
		if s[i] == ' ' {
			i++
		} else {
			i += len("\u00A0")
		}
	}
	r1, n1 := utf8.DecodeRuneInString(s[i:])
	r2, _ := utf8.DecodeRuneInString(s[i+n1:])
	return unicode.IsUpper(r1) && unicode.IsUpper(r2)
}

// trailing reports whether r is punctuation or a symbol that correct
// text puts right after a word.
func trailing(r rune) bool {
	switch r {
	case '’', '”', '»', '›', '…', '—', '\u00A0', '©', '®', '™', '°', '¹', '²', '³':
		return true
	}
	return false
}

// naturalTrail reports whether conts, the continuation characters of
// a three- or four-byte candidate followed by next, read as the
// punctuation correct text puts after a word: a closing mark or symbol,
// then closing quotes ("…”", "’”"), an NBSP after a closing mark
// ("\u00A0»", "…\u00A0»"), or a dash or ellipsis after a closing
// quote ("Bogotá»—dijo", "está»…"). "»›" and "»™" are not natural
// ("á»›" is ớ, "á»™" is ộ), nor is an ellipsis glued to a letter
// ("Nguyá»…n" is Nguyễn).
func naturalTrail(conts []rune, next rune) bool {
	if !trailing(conts[0]) {
		return false
	}
	for i, c := range conts[1:] {
		p := conts[i]
		switch c {
		case '’', '”', '»':
		case '\u00A0':
			if !strings.ContainsRune("…’”»—–", p) {
				return false
			}
		case '—', '–', '…':
			if !strings.ContainsRune("»”’›", p) {
				return false
			}
		default:
			return false
		}
	}
	return conts[len(conts)-1] != '…' || !unicode.IsLetter(next)
}

// composes reports whether the combining mark r belongs after prev:
// prev is a letter that NFC composes with r, or another mark.
func composes(prev, r rune) bool {
	if unicode.Is(unicode.Mn, prev) {
		return true
	}
	if !unicode.IsLetter(prev) {
		return false
	}
	var buf [8]byte
	b := utf8.AppendRune(buf[:0], prev)
	b = utf8.AppendRune(b, r)
	return utf8.RuneCount(norm.NFC.Bytes(b)) == 1
}

// classify says what kind of character mojibake decoding produced.
func classify(r rune) (kind int, script uint16) {
	switch {
	case r >= 0xA0 && r <= 0x17F:
		return kindOK, 0
	case r >= 0x180 && r <= 0x24F:
		switch {
		case r == 0x192, r == 0x1A0, r == 0x1A1, r == 0x1AF, r == 0x1B0,
			r >= 0x1CD && r <= 0x1DC, r >= 0x218 && r <= 0x21B:
			return kindOK, 0
		}
		return kindReject, 0
	case r >= 0x250 && r <= 0x2FF:
		switch {
		case r == 0x2BB, r == 0x2BC, r == 0x2C6, r == 0x2C7, r >= 0x2D8 && r <= 0x2DD:
			return kindOK, 0
		}
		return kindReject, 0
	case r >= 0xFE00 && r <= 0xFE0F, r == 0xFEFF, r == 0xFFFD:
		return kindOK, 0
	}
	if !unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.Cf) {
		return kindReject, 0 // unassigned, control, private use
	}
	switch {
	case r >= 0x300 && r <= 0x36F:
		return kindCombining, 0
	case r >= 0x386 && r <= 0x3CE:
		if unicode.IsLetter(r) {
			return kindOK, 0
		}
	case r >= 0x400 && r <= 0x45F, r == 0x490, r == 0x491:
		return kindScript, scriptCyrillic
	case r >= 0x5D0 && r <= 0x5EA:
		return kindScript, scriptHebrew
	case r >= 0x600 && r <= 0x6FF:
		return kindScript, scriptArabic
	case r >= 0x900 && r <= 0xDFF:
		return kindScript, scriptIndic
	case r >= 0xE00 && r <= 0xE7F:
		return kindScript, scriptThai
	case r >= 0x1E00 && r <= 0x1EFF:
		return kindOK, scriptVietnamese
	case r >= 0x2000 && r <= 0x23FF, // punctuation, currency, letterlike, arrows, math, technical
		r >= 0x2460 && r <= 0x2487, r >= 0x24B6 && r <= 0x24FF, // circled numbers and letters
		r >= 0x2500 && r <= 0x27BF, // box drawing, shapes, symbols, dingbats
		r >= 0x2B00 && r <= 0x2BFF, r >= 0x2E00 && r <= 0x2E7F:
		return kindOK, 0
	case r >= 0x3000 && r <= 0x30FF, r >= 0x3400 && r <= 0x4DBF, r >= 0x4E00 && r <= 0x9FFF,
		r >= 0xFF00 && r <= 0xFFEF, r >= 0x20000 && r <= 0x2FFFF:
		return kindScript, scriptCJK
	case r >= 0xAC00 && r <= 0xD7A3:
		return kindScript, scriptHangul
	case r >= 0x1F000 && r <= 0x1FAFF:
		return kindOK, 0
	case r >= 0xE0020 && r <= 0xE007F:
		return kindScript, scriptTag
	}
	return kindReject, 0
}
