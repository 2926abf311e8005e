package names

import (
	"slices"
	"strconv"
)

// Keys returns the candidate-index (blocking) keys of a parsed name: two
// names that the scorer could match share at least one key in all but
// rare cases. A key is a prefix and a value:
//
//	t:<word>      each identity-bearing word (not a legal form, particle,
//	              stopword or initial), and each pair of adjacent such words
//	              joined ("t:sergeilavrov" for "Sergei Lavrov", so that the
//	              spelling "SergeiLavrov" finds it)
//	p:<phonetic>  the phonetic key of each such word (two letters or more)
//	s:<skeleton>  its consonant skeleton (for names written in an abjad)
//	v:<group>     its spelling-variant group (Mohammed, Muhammad, …)
//	n:<line>      its nickname groups (Bill and William share one)
//
// Keys are sorted and unique. An index should look candidates up by every
// key of the query, then score them with Matcher.CompareParsed.
func Keys(n Name) []string {
	var out []string
	prev := ""
	for i := range n.Parts {
		p := &n.Parts[i]
		if !p.indexable() {
			prev = ""
			continue
		}
		out = append(out, "t:"+p.Text)
		if prev != "" {
			out = append(out, "t:"+prev+p.Text)
		}
		prev = p.Text
		if len(p.Phonetic) >= 2 {
			out = append(out, "p:"+p.Phonetic)
		}
		if len(p.skel) >= 2 {
			out = append(out, "s:"+p.skel)
		}
		if p.variant >= 0 {
			out = append(out, "v:"+variantGroups[p.variant][0])
		}
		for _, l := range p.nicks {
			out = append(out, "n:"+strconv.Itoa(int(l)))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func (p *Part) indexable() bool {
	switch p.Kind {
	case KindLegal, KindParticle, KindStop, KindInitial:
		return false
	}
	return p.Text != ""
}
