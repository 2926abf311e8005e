package attribute

import (
	"dossier/internal/featurehash"
	"sync"

	"dossier/segment"
)

// The baseline's cues: common verbs of saying (all their forms),
// "according to", and the two commonest verbs of belief.
var baselineVerbs = []string{
	"say says said saying", "tell tells told telling", "write writes wrote written writing",
	"claim", "allege", "accuse", "deny", "report", "charge", "add", "state",
	"announce", "declare", "explain", "note", "argue", "insist", "assert",
	"confirm", "admit admits admitted admitting", "acknowledge", "warn", "tweet",
	"reply", "respond", "ask", "suggest", "testify", "reveal", "concede",
	"contend", "predict", "promise", "vow", "urge", "believe",
	"think thinks thought thinking",
}

// addressee verbs take an object before their content: "told
// investigators that …".
var addresseeVerbs = []string{"tell tells told telling", "ask", "warn", "urge", "promise", "inform", "remind"}

var (
	baselineSet  = wordSet(baselineVerbs)
	addresseeSet = wordSet(addresseeVerbs)
	// words before a cue that belong to its verb group: "has also said"
	auxSet = wordSet([]string{
		"has", "have", "had", "is", "was", "were", "are", "will", "would",
		"could", "may", "might", "should", "did", "does", "do", "not", "n't",
		"never", "also", "later", "then", "previously", "once", "repeatedly",
		"reportedly", "publicly", "privately", "recently", "again", "often",
		"first", "further", "flatly", "strongly", "angrily", "quickly",
	})
	// words that end a subject when read backwards from the cue
	stopSet = wordSet([]string{
		"that", "which", "who", "whom", "and", "but", "or", "when", "while",
		"because", "if", "as", "after", "before", "since", "where", "though",
		"although", "so", "yet", "than", "until", "unless", "what", "how",
		"why", "once", "whether", "to", "in", "on", "at", "for", "with",
		"by", "from", "into", "about", "over", "under", "against", "during",
		"is", "was", "are", "were", "has", "have", "had",
	})
	determiners = wordSet([]string{
		"the", "a", "an", "this", "that", "these", "those", "his", "her",
		"its", "their", "our", "my", "your", "whose", "no", "every", "each",
	})
	hThat      = featurehash.String("that")
	hComma     = featurehash.String(",")
	hAccording = featurehash.String("according")
)

func wordSet(entries []string) map[uint64]bool {
	m := make(map[uint64]bool)
	for _, e := range entries {
		for _, w := range inflect(e) {
			m[featurehash.String(w)] = true
		}
	}
	return m
}

var baselinePool = sync.Pool{New: func() any { return new(worker) }}

// Baseline finds attributions with a cue lexicon and rules, for
// comparison with the trained model: a cue is a listed verb of saying
// (not after a determiner) or "according to"; its source is the phrase
// read backwards from it up to punctuation or a clause word (or, after
// a quotation, the phrase after it: `"…," said the minister`); its
// content is the quotation before it when it follows one, else the
// quotation or clause after it (from "that" for "told X that …"), else
// the clause before it (`The plan failed, he said.`).
func Baseline(text string, sents []segment.Sentence) []Attribution {
	w := baselinePool.Get().(*worker)
	defer baselinePool.Put(w)
	var out []Attribution
	paragraphs(text, sents, func(ps []segment.Sentence) {
		w.toks = paragraph(w.toks, text, ps)
		out = baselineParagraph(w.toks, out)
	})
	sortAttributions(out)
	return out
}

func baselineParagraph(toks []tokInfo, out []Attribution) []Attribution {
	n := len(toks)
	span := func(a, b int) Span {
		if a >= b {
			return Span{}
		}
		return Span{toks[a].start, toks[b-1].end}
	}
	isPunct := func(i int) bool {
		if i < 0 || i >= n {
			return true
		}
		k := toks[i].kind
		return k == segment.Punct || k == segment.Quote || k == segment.Symbol
	}
	sentStart := func(i int) int {
		for i > 0 && toks[i-1].sent == toks[i].sent {
			i--
		}
		return i
	}
	sentEnd := func(i int) int { // exclusive, before the final punctuation
		for i < n-1 && toks[i+1].sent == toks[i].sent {
			i++
		}
		for i >= 0 && isPunct(i) && toks[i].quote == qNone {
			i--
		}
		return i + 1
	}
	// quoteBefore returns the quotation that closes at token i (a
	// closing quote), or ok false.
	quoteBefore := func(i int) (int, int, bool) {
		if i < 0 || toks[i].quote != qClose {
			return 0, 0, false
		}
		a := i
		for a > 0 && toks[a-1].inQ {
			a--
		}
		return a, i + 1, true
	}
	quoteAfter := func(i int) (int, int, bool) {
		if i >= n || toks[i].quote != qOpen {
			return 0, 0, false
		}
		b := i
		for b+1 < n && toks[b+1].inQ && toks[b].quote != qClose {
			b++
		}
		return i, b + 1, true
	}
	// np reads a noun phrase from i in direction d (±1), up to max
	// tokens, and returns its bounds [a, b).
	np := func(i, d, limit int) (int, int) {
		j := i
		for k := 0; k < limit && j >= 0 && j < n; k++ {
			t := &toks[j]
			if t.inQ || isPunct(j) || stopSet[t.hl] || baselineSet[t.hl] || t.sent != toks[i].sent {
				break
			}
			j += d
		}
		if d < 0 {
			return j + 1, i + 1
		}
		return i, j
	}
	for i := 0; i < n; i++ {
		t := &toks[i]
		if t.inQ {
			continue
		}
		var a Attribution
		cueEnd := i + 1
		if t.hl == hAccording {
			if i+1 >= n || toks[i+1].hl != featurehash.String("to") {
				continue
			}
			cueEnd = i + 2
			a.Cue = span(i, cueEnd)
			sa, sb := np(cueEnd, 1, 12)
			a.Source = span(sa, sb)
			s0 := sentStart(i)
			if i > s0 {
				// "…, according to X."
				b := i
				for b > s0 && isPunct(b-1) && toks[b-1].quote == qNone {
					b--
				}
				a.Content = span(s0, b)
			} else {
				c := sb
				for c < n && toks[c].sent == t.sent && toks[c].hl != hComma {
					c++
				}
				if c < n && toks[c].hl == hComma {
					c++
				}
				if c < n && toks[c].sent == t.sent {
					a.Content = span(c, sentEnd(c))
				}
			}
			out = append(out, a)
			i = cueEnd - 1
			continue
		}
		if !baselineSet[t.hl] || i > 0 && determiners[toks[i-1].hl] {
			continue
		}
		// the verb group: auxiliaries and adverbs before the verb
		v := i
		for v > 0 && auxSet[toks[v-1].hl] && toks[v-1].sent == t.sent {
			v--
		}
		a.Cue = span(v, cueEnd)
		sa, sb := np(v-1, -1, 10)
		before := sa - 1 // the token before the source (or the cue)
		if before >= 0 && toks[before].hl == hComma {
			before--
		}
		if sa == sb {
			before = v - 1
			if before >= 0 && toks[before].hl == hComma {
				before--
			}
			// `"…," said the minister`
			if _, _, ok := quoteBefore(before); ok || before >= 0 && toks[before].hl == hComma {
				sa, sb = np(cueEnd, 1, 10)
			}
		}
		a.Source = span(sa, sb)
		after := max(cueEnd, sb)
		if sb <= v {
			after = cueEnd
		}
		if qa, qb, ok := quoteBefore(before); ok {
			a.Content = span(qa, qb)
			out = append(out, a)
			// `"…," he said, "…"`: the quotation goes on
			c := after
			if c < n && toks[c].hl == hComma {
				c++
			}
			if qa, qb, ok := quoteAfter(c); ok {
				a.Content = span(qa, qb)
				out = append(out, a)
			}
			continue
		}
		c := after
		if addresseeSet[t.hl] {
			for k := c; k < n && k < c+6 && toks[k].sent == t.sent; k++ {
				if toks[k].hl == hThat {
					c = k
					break
				}
			}
		}
		for c < n && (toks[c].hl == hComma || toks[c].hl == hColon) {
			c++
		}
		if qa, qb, ok := quoteAfter(c); ok {
			a.Content = span(qa, qb)
		} else if c < n && toks[c].sent == t.sent && !isPunct(c) {
			a.Content = span(c, sentEnd(c))
		} else {
			// `The plan failed, he said.`
			s0 := sentStart(min(sa, v))
			b := min(sa, v)
			for b > s0 && isPunct(b-1) && toks[b-1].quote == qNone {
				b--
			}
			a.Content = span(s0, b)
		}
		out = append(out, a)
	}
	return out
}
