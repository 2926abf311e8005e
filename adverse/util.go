package adverse

import (
	"cmp"
	"slices"
)

func sortUint64(s []uint64) { slices.Sort(s) }

func sortByKey(idx []int, slots []slot) {
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(slots[a].key, slots[b].key) })
}

// slicesSortScored orders s by decreasing conf, then by line.
func slicesSortScored(s []Scored, conf func(Scored) float64) {
	slices.SortStableFunc(s, func(a, b Scored) int {
		return cmp.Or(cmp.Compare(conf(b), conf(a)), cmp.Compare(a.Line, b.Line))
	})
}
