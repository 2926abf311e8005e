package claimml

import (
	"slices"
	"sort"

	"dossier/segment"
)

// topicContext holds a document's topic evidence, for rule 5 of the
// guide's 5.4 (a claim whose sentence names no topic takes the one of
// the accusation it continues).
type topicContext struct {
	keys     [][]string // lexicon keys of each sentence, in text order
	first    string     // the first key the article names
	frequent string     // the key it names most
	// prevKeys[k] is the latest sentence before k that names a topic,
	// -1 for none; subjKeys[e] the sentences that name entity e and a
	// topic, in order: a claim finds them without a pass back over the
	// document
	prevKeys []int
	subjKeys map[int][]int
}

func (d *doc) topicContext() *topicContext {
	tc := &topicContext{keys: make([][]string, len(d.sents))}
	count := map[string]int{}
	for k := range d.sents {
		for _, x := range d.sents[k].topics {
			if !contains(tc.keys[k], x.Label) {
				tc.keys[k] = append(tc.keys[k], x.Label)
			}
			count[x.Label]++
			if tc.first == "" {
				tc.first = x.Label
			}
		}
	}
	tc.prevKeys = make([]int, len(d.sents))
	tc.subjKeys = map[int][]int{}
	last := -1
	for k := range d.sents {
		tc.prevKeys[k] = last
		if len(tc.keys[k]) > 0 {
			last = k
			for e := range d.sents[k].named {
				tc.subjKeys[e] = append(tc.subjKeys[e], k)
			}
		}
	}
	best := 0
	for _, key := range Keys {
		if count[key] > best {
			best, tc.frequent = count[key], key
		}
	}
	return tc
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// stop words are left out of the topic model's bag of words.
var stop = set("the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "by", "with", "at", "from", "as", "that", "this", "was",
	"were", "is", "are", "be", "been", "has", "have", "had", "he", "she", "it", "his", "her", "its", "they", "their", "who", "which",
	"said", "says", "also", "but", "not", "after", "into", "over", "than", "more", "about", "would", "will")

// claimRef is what the topic model needs to know of a claim.
type claimRef struct {
	k, t   int // sentence and trigger token (t < 0: none)
	c      cand
	stance string
}

// topicSources returns, for each key, where the document names it for
// the claim: "in" (the sentence), "in-first", "in-near" (within five
// tokens of the trigger), "in-after" (after the trigger), "subj-prev"
// (the nearest earlier sentence naming the subject), "subj-next" (one
// of the next two naming it), "claim-prev" (the subject's latest claim,
// prev), "doc-first", "doc-freq", "doc-prev" (the latest earlier
// sentence naming a topic), "rule" (the rules' claim on the subject).
func (d *doc) topicSources(tc *topicContext, r claimRef, prev []string) map[string][]string {
	src := map[string][]string{}
	put := func(key, s string) {
		if !contains(src[key], s) {
			src[key] = append(src[key], s)
		}
	}
	s := &d.sents[r.k]
	for n, x := range s.topics {
		put(x.Label, "in")
		if n == 0 {
			put(x.Label, "in-first")
		}
		if r.t >= 0 {
			tt := s.toks[r.t]
			if x.Start >= tt.start {
				put(x.Label, "in-after")
			}
			near := 0
			for _, w := range s.toks {
				if w.start >= min(x.Start, tt.start) && w.end <= max(x.End, tt.end) {
					near++
				}
			}
			if near <= 6 {
				put(x.Label, "in-near")
			}
		}
	}
	if ks := tc.subjKeys[r.c.ent]; len(ks) > 0 {
		// the last sentence before r.k that names the subject and a topic
		if i, _ := slices.BinarySearch(ks, r.k); i > 0 {
			for n, key := range tc.keys[ks[i-1]] {
				put(key, "subj-prev")
				if n == 0 {
					put(key, "subj-prev-first")
				}
			}
		}
	}
	for k := r.k + 1; k < len(d.sents) && k <= r.k+2; k++ {
		if d.sents[k].named[r.c.ent] {
			for _, key := range tc.keys[k] {
				put(key, "subj-next")
			}
		}
	}
	if k := tc.prevKeys[r.k]; k >= 0 {
		for _, key := range tc.keys[k] {
			put(key, "doc-prev")
		}
	}
	for n, key := range prev {
		put(key, "claim-prev")
		if n == 0 {
			put(key, "claim-prev-first")
		}
	}
	if tc.first != "" {
		put(tc.first, "doc-first")
	}
	if tc.frequent != "" {
		put(tc.frequent, "doc-freq")
	}
	for _, ri := range d.ruleAt[ruleKey{s.start, d.Entities[r.c.ent].ID}] {
		c := d.rules[ri]
		put(c.Topic, "rule")
		for _, t := range c.Topics {
			put(t, "rule")
		}
	}
	return src
}

// topicWindow is how many words either side of the trigger the topic
// model reads as a bag of words.
const topicWindow = 6

// topicFeatures returns the features of each key for claim r, in Keys
// order, and whether the claim's sentence names the key.
func (d *doc) topicFeatures(tc *topicContext, r claimRef, prev []string, bits uint) ([][]uint32, []bool) {
	src := d.topicSources(tc, r, prev)
	insent := make([]bool, len(Keys))
	s := &d.sents[r.k]
	// the sentence's words, and apart those near the trigger
	lo, hi := 0, len(s.toks)
	if r.t >= 0 {
		lo, hi = max(0, r.t-topicWindow), min(len(s.toks), r.t+topicWindow+1)
	}
	var words, near []string
	for q, w := range s.toks {
		if w.kind == segment.Word && len(w.low) > 2 && !stop[w.low] && w.ent < 0 {
			if !contains(words, w.stem) {
				words = append(words, w.stem)
			}
			if q >= lo && q < hi && !contains(near, w.stem) {
				near = append(near, w.stem)
			}
		}
	}
	sort.Strings(near)
	sort.Strings(words)
	trig := "-"
	if r.t >= 0 {
		trig = s.toks[r.t].stem
	}
	nin := len(tc.keys[r.k])
	inN := "0"
	switch {
	case nin == 1:
		inN = "1"
	case nin > 1:
		inN = "2+"
	}
	out := make([][]uint32, len(Keys))
	for ki, key := range Keys {
		f := fb{bits: bits}
		f.add("k", key)
		f.add("k,st", key, r.stance)
		f.add("k,t", key, trig)
		f.add("k,nin", key, inN)
		ss := src[key]
		insent[ki] = contains(ss, "in")
		if len(ss) == 0 {
			f.add("k,nosrc", key)
			f.add("nosrc,nin", inN, r.stance)
		}
		for _, x := range ss {
			f.add("src", x)
			f.add("src,k", x, key)
			f.add("src,st", x, r.stance)
			f.add("src,nin", x, inN)
		}
		if len(ss) > 0 {
			// the combination of sources, as one feature
			sorted := append([]string(nil), ss...)
			sort.Strings(sorted)
			combo := ""
			for _, x := range sorted {
				combo += x + "+"
			}
			f.add("combo", combo)
			f.add("combo,nin", combo, inN)
		}
		for _, w := range words {
			f.add("w,k", w, key)
		}
		for _, w := range near {
			f.add("wn,k", w, key)
		}
		out[ki] = f.out
	}
	return out, insent
}
