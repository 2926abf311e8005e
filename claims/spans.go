package claims

import (
	"sort"

	"dossier/segment"
)

// Span is a labelled byte range of a document's text: a stance trigger
// (Label a stance, or "cue" for a reporting cue) or a topic phrase (Label
// a topic key).
type Span struct {
	Start, End int
	Label      string
}

// sentenceTokens folds the tokens of sentence s, without entities.
func sentenceTokens(text string, s segment.Sentence) []tok {
	w := make([]tok, 0, len(s.Tokens))
	for _, t := range s.Tokens {
		if t.Start < 0 || t.End > len(text) || t.Start >= t.End {
			continue
		}
		raw := text[t.Start:t.End]
		w = append(w, tok{start: t.Start, end: t.End, raw: raw, low: fold(raw), kind: t.Kind, ent: -1})
	}
	return w
}

// TopicSpans returns the phrases of sentence s that name a risk topic of
// the taxonomy, in text order, each labelled with its key. A learned
// claim model reads them as features beside the words.
func TopicSpans(text string, s segment.Sentence) []Span {
	w := sentenceTokens(text, s)
	var out []Span
	for _, h := range findTopics(w) {
		out = append(out, Span{Start: w[h.i].start, End: w[h.j-1].end, Label: h.key})
	}
	return out
}

// TriggerSpans returns the phrases of sentence s that the stance lexicon
// reads as triggers, in text order, labelled with their stance ("cue"
// for a reporting cue, "reported" for an unattributed deed); Negated
// marks those a negation or condition just before cancels.
func TriggerSpans(text string, s segment.Sentence) (spans []Span, negated []bool) {
	w := sentenceTokens(text, s)
	r := &reader{text: text}
	for _, h := range findTriggers(w) {
		label := h.t.stance
		if h.t.mode == clause {
			label = "cue"
		}
		spans = append(spans, Span{Start: w[h.i].start, End: w[h.j-1].end, Label: label})
		negated = append(negated, r.negated(w, h.i))
	}
	return spans, negated
}

// LexiconWords returns the words that start or make up the stance
// lexicon's triggers (without the pattern wildcard), sorted.
func LexiconWords() []string {
	seen := map[string]bool{}
	for _, t := range triggers {
		for _, x := range t.words {
			if x != "*" {
				seen[x] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for x := range seen {
		out = append(out, x)
	}
	sort.Strings(out)
	return out
}
