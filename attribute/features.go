package attribute

import (
	"dossier/internal/featurehash"
	"unicode"
	"unicode/utf8"

	"dossier/segment"
)

// featureVersion names the feature templates below; it is part of the
// fingerprint a model file carries, so change it with the templates.
const featureVersion = "attribute-features/1"

// Features are hashed: a template number and a value hash are mixed into
// 64 bits, whose top bits pick a bucket of the weight table. Hashing is
// FNV-1a, mixing the splitmix64 finalizer; nothing is allocated per
// token.

// Feature templates; their numbers are part of the model format.
const (
	tBias uint64 = iota + 1
	tLower
	tShape
	tSuffix3
	tSuffix2
	tLowerM1
	tLowerP1
	tLowerM2
	tLowerP2
	tBiM1
	tBiP1
	tCue
	tCueM1
	tCueP1
	tCueM2
	tCueP2
	tQuote
	tInQuote
	tInQuoteShape
	tDistLeft
	tDistRight
	tNearLeft
	tNearRight
	tSentPos
	tSentLeft
	tSentCue
	tCaps
	tQuoteLower
	tShapeM1P1
	tSentFirst
	tParaPrev
	tBetweenLeft
	tBetweenRight
	tWindow
	tLowerM3
	tLowerP3
)

// Values that stand for "no word here" at the edges of a paragraph.
var (
	hBOS   = featurehash.String("<s>")
	hEOS   = featurehash.String("</s>")
	hColon = featurehash.String(":")
)

// quote kinds of a token
const (
	qNone uint8 = iota
	qOpen
	qClose
	qOther // a single quote or a double quote whose side is unclear
)

// tokInfo is what the features need of one token of a paragraph.
type tokInfo struct {
	start, end int
	kind       segment.Kind
	hl         uint64 // hashLower of the normalized text
	shape      uint64
	suf3, suf2 uint64
	cue        cueClass
	quote      uint8
	inQ        bool
	attach     uint8 // inside a quote: 1 a cue follows it, 2 one precedes it
	caps       bool  // starts with an upper-case letter
	sent       int32 // sentence number within the paragraph
	pos, left  int32 // tokens before it and after it in its sentence
	near       [2]int32
	between    [2]uint8 // what lies between it and near[0], near[1]: commas (0-2), "that", quotes
}

// normalize maps quote and dash variants to one form each, so that
// “ ” " are one word to the model.
func normalize(w string) string {
	switch w {
	case "“", "”", "„", "«", "»", "″", "``", "''":
		return "\""
	case "‘", "’", "‚", "′", "`":
		return "'"
	case "—", "–", "--":
		return "-"
	case "’s", "’S":
		return "'s"
	case "n’t":
		return "n't"
	case "…":
		return "..."
	}
	return w
}

// shapeHash hashes the word's shape: X for upper-case letters, x for
// lower-case ones, d for digits, other characters as themselves, runs of
// one class cut to two.
func shapeHash(w string) uint64 {
	h := uint64(featurehash.Offset)
	var prev rune
	run := 0
	for _, r := range w {
		c := r
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLetter(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		}
		if c == prev {
			run++
			if run >= 2 {
				continue
			}
		} else {
			run = 0
		}
		prev = c
		h ^= uint64(c)
		h *= featurehash.Prime
	}
	return h
}

// suffixHash hashes the last n bytes of the lowercase word (whole runes).
func suffixHash(w string, n int) uint64 {
	if len(w) <= n {
		return featurehash.Lower(w) ^ 0x5bd1e995
	}
	i := len(w) - n
	for i > 0 && !utf8.RuneStart(w[i]) {
		i--
	}
	return featurehash.Lower(w[i:]) ^ 0x5bd1e995
}

func isCueCandidate(c cueClass) bool { return c == speechCue || c == mindCue || c == accordCue }

// tail flags of a paragraph, which the next paragraph's features see
const (
	tailColon = 1 << iota // it ends with a colon: a quotation follows
	tailCue               // a cue word is among its last three tokens
	tailOpen              // it ends inside a quotation
)

// tail returns the tail flags of the paragraph in w.toks.
func (w *worker) tail() uint8 {
	n := len(w.toks)
	if n == 0 {
		return 0
	}
	var f uint8
	if w.toks[n-1].hl == hColon {
		f |= tailColon
	}
	for i := max(0, n-3); i < n; i++ {
		if isCueCandidate(w.toks[i].cue) {
			f |= tailCue
		}
	}
	if w.toks[n-1].inQ && w.toks[n-1].quote != qClose {
		f |= tailOpen
	}
	return f
}

// scan calls fn for each paragraph of text, with the paragraph's tokens
// in w.toks and their features in w.feats.
func (w *worker) scan(text string, sents []segment.Sentence, bits uint, fn func()) {
	w.prevTail = 0
	paragraphs(text, sents, func(ps []segment.Sentence) {
		w.toks = paragraph(w.toks, text, ps)
		if len(w.toks) == 0 {
			return
		}
		w.extract(bits)
		fn()
		w.prevTail = w.tail()
	})
}

// paragraph fills toks with the tokens of sents, a paragraph of text.
func paragraph(toks []tokInfo, text string, sents []segment.Sentence) []tokInfo {
	toks = toks[:0]
	for si, s := range sents {
		n := int32(len(s.Tokens))
		for k, t := range s.Tokens {
			if t.Start < 0 || t.End > len(text) || t.Start >= t.End {
				continue
			}
			raw := text[t.Start:t.End]
			w := normalize(raw)
			ti := tokInfo{start: t.Start, end: t.End, kind: t.Kind, hl: featurehash.Lower(w), shape: shapeHash(w),
				suf3: suffixHash(w, 3), suf2: suffixHash(w, 2), sent: int32(si), pos: int32(k), left: n - 1 - int32(k)}
			r, _ := utf8.DecodeRuneInString(raw)
			ti.caps = unicode.IsUpper(r)
			if t.Kind == segment.Word {
				ti.cue = lexicon[ti.hl]
			}
			if t.Kind == segment.Quote {
				ti.quote = qOther
			}
			toks = append(toks, ti)
		}
	}
	n := len(toks)
	// "according" is a cue only before "to"
	hTo := featurehash.String("to")
	for i := range toks {
		if toks[i].cue == accordCue && (i+1 >= n || toks[i+1].hl != hTo) {
			toks[i].cue = noCue
		}
	}
	markQuotes(toks, text)
	// nearest cue candidates on each side, and what lies between
	hThat := featurehash.String("that")
	hComma := featurehash.String(",")
	note := func(b uint8, t *tokInfo) uint8 {
		switch {
		case t.hl == hComma && b&3 < 2:
			b++
		case t.hl == hThat:
			b |= 4
		case t.quote != qNone:
			b |= 8
		}
		return b
	}
	last, between := int32(-1), uint8(0)
	for i := range toks {
		toks[i].near[0], toks[i].between[0] = last, between
		if isCueCandidate(toks[i].cue) {
			last, between = int32(i), 0
		} else {
			between = note(between, &toks[i])
		}
	}
	last, between = -1, 0
	for i := n - 1; i >= 0; i-- {
		toks[i].near[1], toks[i].between[1] = last, between
		if isCueCandidate(toks[i].cue) {
			last, between = int32(i), 0
		} else {
			between = note(between, &toks[i])
		}
	}
	return toks
}

// markQuotes decides which double quotes open and which close, marks
// the tokens between them as quoted, and notes for each quoted token
// whether a cue sits right after the closing quote or right before the
// opening one. A closing quote with no opening one quotes the paragraph
// up to it (a quotation continued from the paragraph before).
func markQuotes(toks []tokInfo, text string) {
	n := len(toks)
	open := -1
	from := 0 // first token that a stray closing quote may claim
	closeAt := func(a, b int) {
		var attach uint8
		for k := b + 1; k < n && k <= b+4; k++ {
			if toks[k].cue == speechCue || toks[k].cue == mindCue {
				attach |= 1
				break
			}
		}
		for k := a - 1; k >= 0 && k >= a-6; k-- {
			if toks[k].cue == speechCue || toks[k].cue == mindCue || toks[k].cue == accordCue {
				attach |= 2
				break
			}
		}
		for k := a; k <= b; k++ {
			toks[k].inQ = true
			toks[k].attach = attach
		}
		from = b + 1
	}
	for i := range toks {
		if toks[i].quote == qNone {
			continue
		}
		r, _ := utf8.DecodeRuneInString(text[toks[i].start:toks[i].end])
		side := qOther
		switch r {
		case '“', '„', '«':
			side = qOpen
		case '”', '»':
			side = qClose
		case '"':
			left := i > 0 && toks[i-1].end == toks[i].start
			right := i+1 < n && toks[i+1].start == toks[i].end
			switch {
			case right && !left:
				side = qOpen
			case left && !right:
				side = qClose
			case open >= 0:
				side = qClose
			default:
				side = qOpen
			}
		}
		toks[i].quote = side
		switch side {
		case qOpen:
			if open < 0 {
				open = i
			}
		case qClose:
			if open >= 0 {
				closeAt(open, i)
				open = -1
			} else {
				closeAt(from, i)
			}
		}
	}
	if open >= 0 {
		closeAt(open, n-1)
	}
}

// distBucket buckets a token distance; 0 means none.
func distBucket(d int) uint64 {
	switch {
	case d <= 0:
		return 0
	case d <= 4:
		return uint64(d)
	case d <= 6:
		return 5
	case d <= 10:
		return 6
	case d <= 15:
		return 7
	case d <= 25:
		return 8
	}
	return 9
}

func posBucket(p int32) uint64 {
	switch {
	case p <= 3:
		return uint64(p)
	case p <= 6:
		return 4
	case p <= 10:
		return 5
	case p <= 20:
		return 6
	}
	return 7
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// extract sets w.feats to the feature buckets of every token of w.toks:
// token i's are w.feats[i*numTemplates:(i+1)*numTemplates].
func (w *worker) extract(bits uint) {
	toks := w.toks
	feats := w.feats[:0]
	shift := 64 - bits
	n := len(toks)
	hl := func(i int) uint64 {
		if i < 0 {
			return hBOS
		}
		if i >= n {
			return hEOS
		}
		return toks[i].hl
	}
	cue := func(i int) uint64 {
		if i < 0 || i >= n {
			return 99
		}
		return uint64(toks[i].cue)
	}
	shape := func(i int) uint64 {
		if i < 0 {
			return hBOS
		}
		if i >= n {
			return hEOS
		}
		return toks[i].shape
	}
	// sentence-level facts: which cue classes a sentence holds, and its
	// first word
	ns := 0
	if n > 0 {
		ns = int(toks[n-1].sent) + 1
	}
	sentCue, sentFirst := w.sentCue[:0], w.sentFirst[:0]
	for range ns {
		sentCue = append(sentCue, 0)
		sentFirst = append(sentFirst, hBOS)
	}
	for i := range toks {
		s := toks[i].sent
		if toks[i].pos == 0 {
			sentFirst[s] = toks[i].hl
		}
		if isCueCandidate(toks[i].cue) {
			sentCue[s] |= 1 << toks[i].cue
		}
	}
	w.sentCue, w.sentFirst = sentCue, sentFirst
	if cap(feats) < n*numTemplates {
		feats = make([]uint32, 0, n*numTemplates)
	}
	for i := range toks {
		t := &toks[i]
		k := len(feats)
		feats = feats[:k+numTemplates]
		f := feats[k:]
		q := b2u(t.inQ) | uint64(t.attach)<<1
		var dl, dr int
		var sameL, sameR uint64
		var nl, nr uint64 = hBOS, hEOS
		if k := t.near[0]; k >= 0 {
			dl = i - int(k)
			sameL = b2u(toks[k].sent == t.sent)
			nl = toks[k].hl
		}
		if k := t.near[1]; k >= 0 {
			dr = int(k) - i
			sameR = b2u(toks[k].sent == t.sent)
			nr = toks[k].hl
		}
		f[0] = uint32(featurehash.Feat(tBias, 0) >> shift)
		f[1] = uint32(featurehash.Feat(tLower, t.hl) >> shift)
		f[2] = uint32(featurehash.Feat(tShape, t.shape) >> shift)
		f[3] = uint32(featurehash.Feat(tSuffix3, t.suf3) >> shift)
		f[4] = uint32(featurehash.Feat(tSuffix2, t.suf2) >> shift)
		f[5] = uint32(featurehash.Feat(tLowerM1, hl(i-1)) >> shift)
		f[6] = uint32(featurehash.Feat(tLowerP1, hl(i+1)) >> shift)
		f[7] = uint32(featurehash.Feat(tLowerM2, hl(i-2)) >> shift)
		f[8] = uint32(featurehash.Feat(tLowerP2, hl(i+2)) >> shift)
		f[9] = uint32(featurehash.Feat2(tBiM1, hl(i-1), t.hl) >> shift)
		f[10] = uint32(featurehash.Feat2(tBiP1, t.hl, hl(i+1)) >> shift)
		f[11] = uint32(featurehash.Feat2(tCue, uint64(t.cue), q) >> shift)
		f[12] = uint32(featurehash.Feat(tCueM1, cue(i-1)) >> shift)
		f[13] = uint32(featurehash.Feat(tCueP1, cue(i+1)) >> shift)
		f[14] = uint32(featurehash.Feat(tCueM2, cue(i-2)) >> shift)
		f[15] = uint32(featurehash.Feat(tCueP2, cue(i+2)) >> shift)
		f[16] = uint32(featurehash.Feat2(tQuote, uint64(t.quote), q) >> shift)
		f[17] = uint32(featurehash.Feat(tInQuote, q) >> shift)
		f[18] = uint32(featurehash.Feat2(tInQuoteShape, q, t.shape) >> shift)
		f[19] = uint32(featurehash.Feat(tQuoteLower, q<<32^t.hl) >> shift)
		f[20] = uint32(featurehash.Feat2(tDistLeft, distBucket(dl)<<8|sameL<<4|q, distBucket(dr)) >> shift)
		f[21] = uint32(featurehash.Feat2(tDistRight, distBucket(dr)<<8|sameR<<4|q, uint64(t.cue)) >> shift)
		f[22] = uint32(featurehash.Feat2(tNearLeft, nl, distBucket(dl)<<4|q) >> shift)
		f[23] = uint32(featurehash.Feat2(tNearRight, nr, distBucket(dr)<<4|q) >> shift)
		f[24] = uint32(featurehash.Feat2(tSentPos, posBucket(t.pos), q) >> shift)
		f[25] = uint32(featurehash.Feat2(tSentLeft, posBucket(t.left), q) >> shift)
		f[26] = uint32(featurehash.Feat2(tSentCue, uint64(sentCue[t.sent]), q) >> shift)
		f[27] = uint32(featurehash.Feat(tCaps, b2u(i > 0 && toks[i-1].caps)<<2|b2u(t.caps)<<1|b2u(i+1 < n && toks[i+1].caps)) >> shift)
		f[28] = uint32(featurehash.Feat2(tShapeM1P1, shape(i-1), shape(i+1)) >> shift)
		f[29] = uint32(featurehash.Feat2(tSentFirst, sentFirst[t.sent], q) >> shift)
		f[30] = uint32(featurehash.Feat2(tParaPrev, uint64(w.prevTail), q<<4|uint64(min(t.sent, 2))) >> shift)
		f[31] = uint32(featurehash.Feat2(tBetweenLeft, uint64(t.between[0])<<4|q, distBucket(dl)) >> shift)
		f[32] = uint32(featurehash.Feat2(tBetweenRight, uint64(t.between[1])<<4|q, distBucket(dr)) >> shift)
		f[33] = uint32(featurehash.Feat2(tWindow, hl(i-1), hl(i+1)) >> shift)
		f[34] = uint32(featurehash.Feat(tLowerM3, hl(i-3)) >> shift)
		f[35] = uint32(featurehash.Feat(tLowerP3, hl(i+3)) >> shift)
	}
	w.feats = feats
}

// numTemplates is the number of features extract gives each token.
const numTemplates = 36
