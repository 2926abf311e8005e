package names

import (
	_ "embed"
	"strings"
)

// nicknames.csv: English given names with their nicknames and diminutives,
// one group per line (william,willy,bill,will,…). Apache-2.0, see
// LICENSE-nicknames.txt. Two words are nicknames of each other when they
// share a line; the relation is not closed transitively, because lines
// overlap loosely (bill shares a line with robert).
//
//go:embed nicknames.csv
var nicknamesCSV string

// nickLines maps a normalized given name to the lines it appears on.
var nickLines = func() map[string][]uint16 {
	m := map[string][]uint16{}
	for i, line := range strings.Split(nicknamesCSV, "\n") {
		seen := map[string]bool{}
		for _, f := range strings.Split(line, ",") {
			w := Normalize(f)
			if w == "" || strings.Contains(w, " ") || seen[w] {
				continue
			}
			seen[w] = true
			m[w] = append(m[w], uint16(i))
		}
	}
	return m
}()

// variantIndex maps a word to its spelling-variant group (variantGroups).
var variantIndex = func() map[string]int {
	m := map[string]int{}
	for i, g := range variantGroups {
		for _, w := range g {
			if _, ok := m[w]; !ok {
				m[w] = i
			}
		}
	}
	return m
}()

func shareLine(a, b []uint16) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}
