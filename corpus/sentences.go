package corpus

import (
	"sort"

	"dossier/segment"
)

// Sentences returns the sentences of an article as segment splits them:
// the numbering `dossier corpus show` prints and drafts refer to (from 1).
func Sentences(text string) []Span {
	ss := segment.Sentences(text)
	out := make([]Span, len(ss))
	for i, s := range ss {
		out[i] = Span{s.Start, s.End}
	}
	return out
}

// sentenceAt returns the 1-based number of the sentence holding offset
// i, or of the last sentence starting before it; 0 when none does.
func sentenceAt(sents []Span, i int) int {
	return sort.Search(len(sents), func(k int) bool { return sents[k].Start > i })
}
