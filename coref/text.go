package coref

import (
	"strings"

	"dossier/internal/featurehash"
)

// tok is a token as the model sees it.
type tok struct {
	form, low  string
	start, end int // bytes
	sent       int
	class      uint8
	ner        uint8 // type of the recognized name it lies in, tNone if none
	nerBegin   bool  // it starts that name
	quote      bool  // inside quotation marks
	cap        bool
	sentFirst  bool
}

// text is a document as the model sees it: tokens (by whichever
// tokenizer), sentences as token ranges, and the recognizer's names.
type text struct {
	src   string
	toks  []tok
	sents []Span
	// speakers: each sentence's speaker, lowercased, where the input
	// names one (GUM's transcripts and forums); nil for raw text
	speakers []string
}

// nameSpan is a recognized name: bytes and label.
type nameSpan struct {
	start, end int
	label      string
}

// newText describes tokens given as byte spans of src with their
// sentence indexes; names (sorted by start) give the NER types.
func newText(src string, spans [][2]int, sentOf []int, names []nameSpan, lx *lexicon) *text {
	return new(text).fill(src, spans, sentOf, names, lx)
}

// fill is newText into t, reusing its buffers.
func (t *text) fill(src string, spans [][2]int, sentOf []int, names []nameSpan, lx *lexicon) *text {
	t.src, t.speakers = src, nil
	if cap(t.toks) < len(spans) {
		t.toks = make([]tok, len(spans))
	}
	t.toks = t.toks[:len(spans)]
	clear(t.toks)
	t.sents = t.sents[:0]
	k := 0
	inQuote := false
	for i, sp := range spans {
		w := src[sp[0]:sp[1]]
		x := &t.toks[i]
		x.form, x.start, x.end, x.sent = w, sp[0], sp[1], sentOf[i]
		x.low = strings.ToLower(w)
		x.cap = isCap(w)
		x.sentFirst = i == 0 || sentOf[i-1] != sentOf[i]
		if x.sentFirst {
			if len(t.sents) > 0 {
				t.sents[len(t.sents)-1].End = i
			}
			t.sents = append(t.sents, Span{i, i})
			// quotes are not carried over a paragraph break
			if i > 0 && strings.Contains(src[spans[i-1][1]:sp[0]], "\n\n") {
				inQuote = false
			}
		}
		for k < len(names) && names[k].end <= sp[0] {
			k++
		}
		if k < len(names) && names[k].start < sp[1] {
			x.ner = typeOfNER(names[k].label)
			x.nerBegin = i == 0 || t.toks[i-1].ner == tNone || t.toks[i-1].end <= names[k].start
		}
		x.class = lx.classOf(w, x.low)
		if x.ner != tNone && x.cap && x.class != cProps {
			x.class = cProp
		}
		if (x.low == "'s" || x.low == "’s") && i > 0 && nounLike(t.toks[i-1].class) && t.toks[i-1].end == sp[0] {
			x.class = cPoss
		}
		if isQuoteToken(w) {
			inQuote = !inQuote
			x.class = cPunct
		} else {
			x.quote = inQuote
		}
	}
	if len(t.sents) > 0 {
		t.sents[len(t.sents)-1].End = len(spans)
	}
	return t
}

func isQuoteToken(w string) bool {
	switch w {
	case "\"", "“", "”", "``", "''", "«", "»":
		return true
	}
	return false
}

// textOfDocument describes a GUM document with its own tokens.
func textOfDocument(d *Document, names []nameSpan, lx *lexicon) *text {
	spans := make([][2]int, len(d.Tokens))
	sentOf := make([]int, len(d.Tokens))
	for i, tk := range d.Tokens {
		spans[i] = [2]int{tk.Start, tk.End}
		sentOf[i] = tk.Sent
	}
	// the words of a multi-word token that share its span take its form
	t := newText(d.Text, spans, sentOf, names, lx)
	for _, sp := range d.Speakers {
		t.speakers = append(t.speakers, strings.ToLower(sp))
	}
	for i := range t.toks {
		if d.Tokens[i].Form != t.toks[i].form {
			t.toks[i].form = d.Tokens[i].Form
			t.toks[i].low = strings.ToLower(d.Tokens[i].Form)
			t.toks[i].class = lx.classOf(t.toks[i].form, t.toks[i].low)
		}
	}
	return t
}

// hashLow hashes a lowercased word.
func hashLow(s string) uint64 { return featurehash.String(s) }
