package claimml

import (
	"slices"
	"sort"
	"strings"
)

// orgAt is one mention of an organization: where it starts, and the
// entity.
type orgAt struct{ start, ent int }

// index builds the document's look-up tables: entity IDs, the words of
// organizations' names, the rules' claims by sentence and the
// attributions by sentence. It runs once, after analyze; each table
// answers what used to be a pass over the whole document per claim or
// per candidate, which made a long document cost time quadratic in its
// length.
func (d *doc) index() {
	d.entIdx = make(map[string]int, len(d.Entities))
	d.orgWords = map[string][]orgAt{}
	for i, e := range d.Entities {
		if _, ok := d.entIdx[e.ID]; !ok {
			d.entIdx[e.ID] = i
		}
		if e.Type != "ORG" {
			continue
		}
		seen := map[string]bool{}
		for _, w := range strings.Split(fold(e.Name), " ") {
			if w == "" || seen[w] {
				continue
			}
			seen[w] = true
			for _, m := range e.Mentions {
				d.orgWords[w] = append(d.orgWords[w], orgAt{m.Start, i})
			}
		}
	}
	for _, ms := range d.orgWords {
		// by start; at one start, the first entity last (named takes
		// the last mention before a point, the first entity of a tie)
		sort.Slice(ms, func(a, b int) bool {
			if ms[a].start != ms[b].start {
				return ms[a].start < ms[b].start
			}
			return ms[a].ent > ms[b].ent
		})
	}
	d.rulesAt = map[int][]int{}
	for i, c := range d.rules {
		d.rulesAt[c.Evidence.Start] = append(d.rulesAt[c.Evidence.Start], i)
	}
	d.sentAttrs = make([][]int, len(d.sents))
	for i := range d.Attributions {
		a := &d.Attributions[i]
		if a.Source == nil {
			continue
		}
		// the first sentence that ends after the content starts, then
		// on while they start before it ends
		k := sort.Search(len(d.sents), func(k int) bool { return d.sents[k].end > a.Content.Start })
		for ; k < len(d.sents) && d.sents[k].start < a.Content.End; k++ {
			d.sentAttrs[k] = append(d.sentAttrs[k], i)
		}
	}
}

// salienceRank returns 1 + the number of entities named more often
// than entity e.
func (d *doc) salienceRank(e int) int {
	if d.sortedMentions == nil {
		d.sortedMentions = slices.Clone(d.mentions)
		slices.Sort(d.sortedMentions)
	}
	n := d.mentions[e]
	k, _ := slices.BinarySearch(d.sortedMentions, n+1)
	return 1 + len(d.sortedMentions) - k
}
