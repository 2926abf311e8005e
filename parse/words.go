package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"dossier/internal/featurehash"
)

// wordInfo is what the features know of a word, computed once per
// sentence: hashes of its forms, shape and affixes, and its cluster path.
type wordInfo struct {
	form    uint64 // as written
	lower   uint64 // lowercased, digits as 0
	shape   uint64 // Xxxx, dd, x.x.: runs of one class collapsed
	pre     [3]uint64
	suf     [4]uint64
	cluster uint32 // packed path: bits << 0, length << 24; 0 when none
	amb     uint32 // tags the word had in the training data (bit per tag); 0 when rare
	flags   uint8
	tag     int // predicted UPOS index
}

const (
	flagCap    = 1 << iota // first letter upper case
	flagAllCap             // all letters upper case, two or more
	flagDigit              // has a digit
	flagHyphen             // has a hyphen
	flagPunct              // no letter or digit
)

// Feature keys: a polynomial over the template and its values with one
// splitmix64 finalizer, cheaper than featurehash.Feat2 (the tagger and
// parser make some 250 keys per word).
const mult = 0x9e3779b97f4a7c15

func key1(t, a uint64) uint64    { return featurehash.Mix(t*mult + a) }
func key2(t, a, b uint64) uint64 { return featurehash.Mix((t*mult+a)*mult + b) }
func key3(t, a, b, c uint64) uint64 {
	return featurehash.Mix(((t*mult+a)*mult+b)*mult + c)
}

// normalize maps typographic variants to one form, as the clusters were
// induced with.
func normalize(w string) string {
	switch w {
	case "“", "”", "„", "«", "»", "″", "``", "''":
		return "\""
	case "‘", "’", "‚", "′", "`":
		return "'"
	case "—", "–":
		return "--"
	case "’s", "’S":
		return "'s"
	case "n’t":
		return "n't"
	case "…":
		return "..."
	}
	return w
}

// lowerDigits lowercases w and writes every digit as 0.
func lowerDigits(w string) string {
	simple := true
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' || '1' <= c && c <= '9' {
			simple = false
			break
		}
	}
	if simple {
		return w
	}
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		switch {
		case unicode.IsDigit(r):
			b.WriteByte('0')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

func shapeOf(w string) (uint64, uint8) {
	h := uint64(featurehash.Offset)
	var last byte
	n := 0
	letters, uppers := 0, 0
	var flags uint8
	for i, r := range w {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
			letters++
			uppers++
			if i == 0 {
				flags |= flagCap
			}
		case unicode.IsLetter(r):
			c = 'x'
			letters++
		case unicode.IsDigit(r):
			c = 'd'
			flags |= flagDigit
		default:
			c = byte(r)
			if r >= utf8.RuneSelf {
				c = '*'
			}
			if r == '-' {
				flags |= flagHyphen
			}
		}
		if c == last && n >= 2 {
			continue
		}
		if c == last {
			n++
		} else {
			n = 1
		}
		last = c
		h ^= uint64(c)
		h *= featurehash.Prime
	}
	if letters >= 2 && uppers == letters {
		flags |= flagAllCap
	}
	if letters == 0 && flags&flagDigit == 0 {
		flags |= flagPunct
	}
	return h, flags
}

// describe fills info for the forms of a sentence.
func (m *Model) describe(forms []string, info []wordInfo) {
	for i, raw := range forms {
		w := normalize(raw)
		lw := lowerDigits(w)
		x := &info[i]
		x.form = featurehash.String(w)
		x.lower = featurehash.String(lw)
		x.shape, x.flags = shapeOf(w)
		// affixes in runes of the lowercased form
		for k := range x.pre {
			x.pre[k] = 0
		}
		for k := range x.suf {
			x.suf[k] = 0
		}
		k := 0
		for i, r := range lw {
			if k == len(x.pre) {
				break
			}
			x.pre[k] = featurehash.String(lw[:i+utf8.RuneLen(r)])
			k++
		}
		k = 0
		for end := len(lw); end > 0 && k < len(x.suf); k++ {
			_, size := utf8.DecodeLastRuneInString(lw[:end])
			end -= size
			x.suf[k] = featurehash.String(lw[end:]) + 1
		}
		x.cluster = m.clusterOf(w)
		x.amb = m.lexicon[lw]
	}
}

func (m *Model) clusterOf(w string) uint32 {
	if c, ok := m.clusters[w]; ok {
		return c
	}
	if c, ok := m.clusters[strings.ToLower(w)]; ok {
		return c
	}
	return 0
}

// clusterPrefix returns the first k bits of a packed path with its
// length, or the whole path if shorter; 0 stays 0.
func clusterPrefix(c uint32, k uint32) uint64 {
	if c == 0 {
		return 0
	}
	n := c >> 24
	bits := c & (1<<24 - 1)
	if n > k {
		bits >>= n - k
		n = k
	}
	return uint64(bits) | uint64(n)<<24 | 1<<40
}

// packPath packs a path of 0s and 1s (at most 24 kept).
func packPath(p string) uint32 {
	if len(p) > 24 {
		p = p[:24]
	}
	var v uint32
	for i := 0; i < len(p); i++ {
		v = v<<1 | uint32(p[i]-'0')
	}
	return v | uint32(len(p))<<24
}
