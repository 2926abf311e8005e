package names

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
)

// nicknames.csv: English given names with their nicknames and diminutives,
// one group per line (william,willy,bill,will,…). Apache-2.0, see
// LICENSE-nicknames.txt. Two words are nicknames of each other when they
// share a line; the relation is not closed transitively, because lines
// overlap loosely (bill shares a line with robert).
//
//go:embed nicknames.csv
var nicknamesCSV string

// nickLines maps a normalized given name to the lines it appears on. It
// is built on first use, not at start-up: a process that parses no name
// (most commands) does not pay for it.
var nickLines = sync.OnceValue(func() map[string][]uint16 { return readNicknames(nicknamesCSV) })

// readNicknames reads the lines of a nicknames file. A word of lowercase
// ASCII letters, as nearly all of the file's are, is its own normal form
// and is used as it is, a substring of the file; any other goes through
// Normalize (TestNicknamesFastPath checks that both ways agree).
func readNicknames(csv string) map[string][]uint16 {
	m := make(map[string][]uint16, 4096)
	var line []string // the words of the current line, to skip repeats
	for i := 0; csv != ""; i++ {
		var text string
		text, csv, _ = strings.Cut(csv, "\n")
		line = line[:0]
		for text != "" {
			var f string
			f, text, _ = strings.Cut(text, ",")
			w := f
			if !isLowerASCIIWord(f) {
				w = Normalize(f)
			}
			if w == "" || strings.Contains(w, " ") || slices.Contains(line, w) {
				continue
			}
			line = append(line, w)
			m[w] = append(m[w], uint16(i))
		}
	}
	return m
}

// isLowerASCIIWord reports whether s is one or more of the letters a to z.
func isLowerASCIIWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

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
