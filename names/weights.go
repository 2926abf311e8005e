package names

import (
	"math"
	"slices"
	"sync/atomic"
)

// Weights is a token-rarity model: how much a match on a name word says.
// A word carried by many names of a list ("muhammad", "kim", "john")
// weighs less than a rare one ("putin"). Build it with NewWeights from the
// names of the lists screened against; a nil *Weights uses the built-in
// default, a short list of given names and surnames frequent on sanctions
// and PEP lists (weight 0.6, every other word 1.0).
type Weights struct {
	df map[string]int // names carrying the word
	n  int            // names counted

	rarity map[string]float64 // computed by Freeze
	gen    uint32             // set by Freeze: identifies these weights in parts' caches
}

// NewWeights counts, for every name word, how many of names carry it.
// The weight of a word is then
//
//	w = 1 − 0.6 × clamp(log10(r / 0.0005) / 2, 0, 1),  r = df / n
//
// so a word on 1 name in 2,000 or fewer weighs 1.0, one on 1 in 200
// weighs 0.7 and one on 1 in 20 or more weighs 0.4. Words seen fewer than
// three times always weigh 1.0, and the built-in list of common words
// caps the weight at 0.6 whatever the list says.
func NewWeights(names []string) *Weights {
	w := &Weights{}
	for _, raw := range names {
		w.Count(raw)
	}
	w.Freeze()
	return w
}

// Count adds one name to the counts, as NewWeights does for each of its
// names: an index counts its names as it adds them, without keeping
// them. Call Freeze when the counts are complete.
func (w *Weights) Count(raw string) {
	if w.df == nil {
		w.df = map[string]int{}
	}
	n := Parse(raw, "")
	var buf [8]string
	seen := buf[:0]
	for _, p := range n.Parts {
		if !p.substantive() || slices.Contains(seen, p.Text) {
			continue
		}
		seen = append(seen, p.Text)
		w.df[p.Text]++
	}
	if len(n.Parts) > 0 {
		w.n++
	}
}

// Rarity returns the weight multiplier of a normalized name word, in
// [0.4, 1].
func (w *Weights) Rarity(word string) float64 {
	if w == nil || w.n == 0 {
		return defaultRarity(word)
	}
	if w.rarity != nil {
		if r, ok := w.rarity[word]; ok {
			return r
		}
		return defaultRarity(word)
	}
	return w.compute(word)
}

// Freeze computes every counted word's rarity once, so that Rarity is a
// single map look-up on the screening hot path. Call it when the counts
// are complete (NewWeights does).
func (w *Weights) Freeze() {
	w.rarity = nil
	r := make(map[string]float64, len(w.df))
	for word, df := range w.df {
		if df >= 3 {
			r[word] = w.compute(word)
		}
	}
	w.rarity = r
	w.gen = weightsGen.Add(1)
}

// weightsGen numbers frozen Weights, so that a part's cached weight is
// used only with the Weights it was computed for.
var weightsGen atomic.Uint32

func (w *Weights) compute(word string) float64 {
	d := defaultRarity(word)
	df := w.df[word]
	if df < 3 {
		return d
	}
	r := float64(df) / float64(w.n)
	x := math.Log10(r/0.0005) / 2
	if x < 0 {
		x = 0
	} else if x > 1 {
		x = 1
	}
	lw := 1 - 0.6*x
	return math.Min(d, lw)
}

func defaultRarity(word string) float64 {
	if commonTokens[word] {
		return 0.6
	}
	if g, ok := variantIndex[word]; ok && commonTokens[variantGroups[g][0]] {
		return 0.6
	}
	return 1
}

// substantive reports parts that carry the identity of a name, as opposed
// to particles, legal forms, stopwords and the like.
func (p *Part) substantive() bool {
	switch p.Kind {
	case KindUnknown, KindGiven, KindMiddle, KindFamily, KindPatronymic, KindNumber, KindGeneric, KindLocation:
		return true
	}
	return false
}

// rarityApplies reports kinds whose weight the rarity model scales.
func (p *Part) rarityApplies() bool {
	switch p.Kind {
	case KindUnknown, KindGiven, KindMiddle, KindFamily, KindPatronymic:
		return true
	}
	return false
}
