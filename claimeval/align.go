package claimeval

import (
	"sort"
	"unicode/utf8"
)

// Offsets maps byte offsets of a repaired text back to the text it was
// repaired from. Repair changes text locally (a control character
// removed, an entity or a mojibake sequence decoded, a line ending or a
// combining sequence folded), so the two texts are runs of identical
// characters separated by short changed stretches. An offset inside an
// identical run maps exactly; a span that touches a changed stretch is
// widened to the whole of it in the original, so it never cuts a
// character and always covers what the repaired span covered.
type Offsets struct {
	segs []segment // in order, covering both texts without gaps
}

// segment is a stretch of the repaired text [rs, re) and of the original
// [os, oe): identical when same, else changed.
type segment struct {
	rs, re, os, oe int
	same           bool
}

// Resync parameters of Align: after a mismatch, the next point where
// syncRunes characters agree again, within maxSkip characters on each
// side.
const (
	syncRunes = 4
	maxSkip   = 64
)

// Align returns the map from offsets of repaired to offsets of orig. It
// walks both texts character by character (a character is equal only
// with the same bytes, so an invalid byte and the U+FFFD that replaced it
// differ); at a difference it looks for the nearest point, fewest
// characters skipped first, at which syncRunes characters agree again (or
// both texts end). Between the two points, the characters of a longest
// common subsequence are identical and the others changed. When no such
// point lies within maxSkip characters of each side, the rest of both
// texts is one changed stretch.
func Align(orig, repaired string) *Offsets {
	if orig == repaired {
		return &Offsets{segs: []segment{{0, len(repaired), 0, len(orig), true}}}
	}
	a, b := runeStarts(orig), runeStarts(repaired)
	eq := func(i, j int) bool { // character i of orig equals character j of repaired
		x, y := orig[a[i]:a[i+1]], repaired[b[j]:b[j+1]]
		return x == y
	}
	na, nb := len(a)-1, len(b)-1
	synced := func(i, j int) bool {
		if i == na || j == nb {
			return i == na && j == nb
		}
		n := min(syncRunes, na-i, nb-j)
		if n < syncRunes && na-i != nb-j {
			return false
		}
		for k := 0; k < n; k++ {
			if !eq(i+k, j+k) {
				return false
			}
		}
		return true
	}
	o := &Offsets{}
	add := func(s segment) {
		if s.re == s.rs && s.oe == s.os {
			return
		}
		if k := len(o.segs) - 1; k >= 0 && o.segs[k].same == s.same {
			o.segs[k].re, o.segs[k].oe = s.re, s.oe
			return
		}
		o.segs = append(o.segs, s)
	}
	i, j := 0, 0
	for i < na || j < nb {
		i0, j0 := i, j
		for i < na && j < nb && eq(i, j) {
			i++
			j++
		}
		add(segment{b[j0], b[j], a[i0], a[i], true})
		if i == na && j == nb {
			break
		}
		di, dj, ok := resync(i, j, na, nb, synced)
		if !ok {
			add(segment{b[j], b[nb], a[i], a[na], false})
			break
		}
		// the stretch between: its common characters (a longest common
		// subsequence) are identical segments, the rest changed ones
		lcs := suffixLCS(di, dj, func(x, y int) bool { return eq(i+x, j+y) })
		x, y := 0, 0
		for x < di || y < dj {
			switch {
			case x < di && y < dj && eq(i+x, j+y) && lcs[x][y] == lcs[x+1][y+1]+1:
				add(segment{b[j+y], b[j+y+1], a[i+x], a[i+x+1], true})
				x++
				y++
			case y == dj || x < di && lcs[x+1][y] >= lcs[x][y+1]:
				add(segment{b[j+y], b[j+y], a[i+x], a[i+x+1], false})
				x++
			default:
				add(segment{b[j+y], b[j+y+1], a[i+x], a[i+x], false})
				y++
			}
		}
		i, j = i+di, j+dj
	}
	if len(o.segs) == 0 {
		o.segs = []segment{{0, 0, 0, 0, true}}
	}
	return o
}

// resync finds the fewest characters to skip in each text from (i, j)
// after which synced holds.
func resync(i, j, na, nb int, synced func(i, j int) bool) (di, dj int, ok bool) {
	for s := 1; s <= 2*maxSkip; s++ {
		for di := max(0, s-maxSkip); di <= min(s, maxSkip); di++ {
			dj := s - di
			if i+di > na || j+dj > nb {
				continue
			}
			if synced(i+di, j+dj) {
				return di, dj, true
			}
		}
	}
	return 0, 0, false
}

// suffixLCS returns the lengths of the longest common subsequences of
// the suffixes of two sequences of n and m items: [x][y] for the items
// from x and from y.
func suffixLCS(n, m int, eq func(x, y int) bool) [][]int {
	l := make([][]int, n+1)
	for x := range l {
		l[x] = make([]int, m+1)
	}
	for x := n - 1; x >= 0; x-- {
		for y := m - 1; y >= 0; y-- {
			if eq(x, y) {
				l[x][y] = l[x+1][y+1] + 1
			} else {
				l[x][y] = max(l[x+1][y], l[x][y+1])
			}
		}
	}
	return l
}

// runeStarts returns the byte offset of each character of s and, last,
// len(s). An invalid byte is a character of its own.
func runeStarts(s string) []int {
	out := make([]int, 0, len(s)+1)
	for i := 0; i < len(s); {
		out = append(out, i)
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
	}
	return append(out, len(s))
}

// Identity reports whether the map changes no offset.
func (o *Offsets) Identity() bool {
	return len(o.segs) == 1 && o.segs[0].same && o.segs[0].rs == o.segs[0].os
}

// find returns the index of the segment holding repaired offset i,
// preferring the later one at a boundary when after is true.
func (o *Offsets) find(i int, after bool) int {
	k := sort.Search(len(o.segs), func(k int) bool {
		if after {
			return o.segs[k].re > i
		}
		return o.segs[k].re >= i
	})
	return min(k, len(o.segs)-1)
}

// Start maps the start of a span of the repaired text: inside a changed
// stretch, to the stretch's start in the original.
func (o *Offsets) Start(i int) int {
	s := o.segs[o.find(i, true)]
	switch {
	case s.same:
		return clamp(s.os+i-s.rs, s.os, s.oe)
	case i >= s.re && s.re > s.rs:
		return s.oe
	}
	return s.os
}

// End maps the end of a span of the repaired text: inside a changed
// stretch, to the stretch's end in the original.
func (o *Offsets) End(i int) int {
	s := o.segs[o.find(i, false)]
	switch {
	case s.same:
		return clamp(s.os+i-s.rs, s.os, s.oe)
	case i > s.rs:
		return s.oe
	}
	return s.os
}

func clamp(x, lo, hi int) int { return max(lo, min(x, hi)) }
