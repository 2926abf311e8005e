package corpus

import (
	"fmt"
	"slices"
	"strings"
)

// Lint returns warnings about a valid record that a careful annotator
// should look at, though they may be right: a name annotated at some of
// its occurrences but not at others, and a person's short name in a
// cluster of its own beside a full name that ends with it.
func Lint(r *Record, text string) []string {
	var out []string
	sents := Sentences(text)
	n := normalize(text)
	covered := func(s Span) bool {
		for _, e := range r.Entities {
			if s.Start < e.End && e.Start < s.End {
				return true
			}
		}
		return false
	}
	seen := map[string]bool{}
	for _, e := range r.Entities {
		name := text[e.Start:e.End]
		if seen[name] {
			continue
		}
		seen[name] = true
		needle := normalize(name).s
		var missed []string
		for i := 0; ; {
			k := strings.Index(n.s[i:], needle)
			if k < 0 {
				break
			}
			j := i + k
			i = j + 1
			s := Span{n.from[j], n.to[j+len(needle)-1]}
			if wordBounded(text, s.Start, s.End) && !covered(s) {
				missed = append(missed, fmt.Sprint(sentenceAt(sents, s.Start)))
			}
		}
		if len(missed) > 0 {
			out = append(out, fmt.Sprintf("%q (%s) is not annotated at %d other occurrence(s), in sentence(s) %s", name, e.Type, len(missed), strings.Join(missed, ", ")))
		}
	}
	// short names alone in a cluster beside a longer name ending with them
	names := map[string][]string{} // cluster -> distinct mention texts
	for _, e := range r.Entities {
		if e.Type == PER && !slices.Contains(names[e.Cluster], text[e.Start:e.End]) {
			names[e.Cluster] = append(names[e.Cluster], text[e.Start:e.End])
		}
	}
	for k, ns := range names {
		for k2, ns2 := range names {
			if k == k2 {
				continue
			}
			for _, a := range ns {
				for _, b := range ns2 {
					if len(b) > len(a) && strings.HasSuffix(b, " "+a) {
						out = append(out, fmt.Sprintf("%q (cluster %s) and %q (cluster %s): the same person? If so, give them one cluster", a, k, b, k2))
					}
				}
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
