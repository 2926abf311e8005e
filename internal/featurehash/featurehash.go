// Package featurehash holds the hash functions the trained models use to
// turn features into table keys: FNV-1a over strings and the splitmix64
// finalizer to combine them. The functions are part of the models' file
// formats: changing any of them invalidates every committed model, which
// the models' tests would show.
package featurehash

import (
	"unicode"
	"unicode/utf8"
)

// Offset and Prime are FNV-1a's basis and multiplier, for callers that
// hash incrementally.
const (
	Offset = 14695981039346656037
	Prime  = 1099511628211
)

// String is FNV-1a over s.
func String(s string) uint64 {
	h := uint64(Offset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= Prime
	}
	return h
}

// Lower is String of the lower case of s, folding ASCII bytewise and
// other letters with unicode.ToLower, without building the string.
func Lower(s string) uint64 {
	h := uint64(Offset)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			h ^= uint64(c)
			h *= Prime
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		var buf [utf8.UTFMax]byte
		n := utf8.EncodeRune(buf[:], unicode.ToLower(r))
		for k := 0; k < n; k++ {
			h ^= uint64(buf[k])
			h *= Prime
		}
		i += size
	}
	return h
}

// Mix is the splitmix64 finalizer.
func Mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Feat is the key of feature template tmpl with value v.
func Feat(tmpl, v uint64) uint64 { return Mix(tmpl*0x9e3779b97f4a7c15 ^ v) }

// Feat2 is the key of template tmpl with the pair of values a, b.
func Feat2(tmpl, a, b uint64) uint64 { return Mix(Feat(tmpl, a) + b*0xc2b2ae3d27d4eb4f) }
