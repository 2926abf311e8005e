package adverse

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"dossier/segment"
)

// Features says which features the model reads from an article. Each
// feature is hashed to 64 bits; only the hashes seen in at least MinDF
// training articles are kept (the vocabulary), so an article's unseen
// n-grams are ignored.
type Features struct {
	// WordMin and WordMax bound the orders of word n-grams (1 and 2: words
	// and pairs of adjacent words). N-grams never cross a sentence end.
	WordMin int `json:"word_min"`
	WordMax int `json:"word_max"`
	// CharMin and CharMax bound the orders of character n-grams taken
	// inside each word padded with a space at both ends; 0 for none.
	CharMin int `json:"char_min,omitempty"`
	CharMax int `json:"char_max,omitempty"`
	// Phrases, if 2 or more, adds a block of the word n-grams of orders 2
	// to Phrases, normalized apart from the first.
	Phrases int `json:"phrases,omitempty"`
	// Lead, if positive, adds a block holding the word n-grams again that
	// start within the first Lead words of the article, where news puts
	// what the story is about.
	Lead int `json:"lead,omitempty"`
	// Digits maps every digit to 0, so that "2019" and "2020" are one
	// word.
	Digits bool `json:"digits"`
	// TF is how a feature's count in the article is weighted: "log"
	// (1 + ln count) or "binary" (1).
	TF string `json:"tf"`
	// Weight is the per-feature scale: "idf" (smoothed inverse document
	// frequency) or "nb" (the naive-Bayes log-count ratio of the two
	// classes, as in NB-SVM).
	Weight string `json:"weight"`
	// MinDF is the number of training articles a feature must occur in.
	MinDF int `json:"min_df"`
}

func (f Features) check() error {
	switch {
	case f.WordMin < 1 || f.WordMax < f.WordMin || f.WordMax > 4:
		return fmt.Errorf("adverse: word n-gram orders %d..%d, want 1 ≤ min ≤ max ≤ 4", f.WordMin, f.WordMax)
	case f.CharMin < 0 || f.CharMax < f.CharMin || f.CharMax > 8 || f.CharMin == 0 && f.CharMax != 0:
		return fmt.Errorf("adverse: character n-gram orders %d..%d, want 0 or 1 ≤ min ≤ max ≤ 8", f.CharMin, f.CharMax)
	case f.TF != "log" && f.TF != "binary":
		return fmt.Errorf("adverse: tf %q, want log or binary", f.TF)
	case f.Weight != "idf" && f.Weight != "nb":
		return fmt.Errorf("adverse: weight %q, want idf or nb", f.Weight)
	case f.Phrases < 0 || f.Phrases == 1 || f.Phrases > 4:
		return fmt.Errorf("adverse: phrases %d, want 0 or 2..4", f.Phrases)
	case f.Lead < 0:
		return fmt.Errorf("adverse: lead %d, want ≥ 0", f.Lead)
	case f.MinDF < 1:
		return fmt.Errorf("adverse: min_df %d, want ≥ 1", f.MinDF)
	}
	return nil
}

// Feature blocks. Each block is L2-normalized on its own.
const (
	blockWords   = iota // word n-grams
	blockChars          // character n-grams of words
	blockLead           // word n-grams of the lead
	blockPhrases        // word n-grams of orders 2..Phrases
)

// kinds lists the model's feature blocks in order.
func (f Features) kinds() []int {
	k := []int{blockWords}
	if f.CharMax > 0 {
		k = append(k, blockChars)
	}
	if f.Lead > 0 {
		k = append(k, blockLead)
	}
	if f.Phrases > 0 {
		k = append(k, blockPhrases)
	}
	return k
}

func (f Features) blocks() int { return len(f.kinds()) }

// occ is one occurrence of a feature in sentence sent.
type occ struct {
	key  uint64
	sent int32
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// mix is the splitmix64 finalizer, spreading n-gram hashes over 64 bits.
func mix(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	if h == 0 { // 0 marks an empty slot in the tables
		h = 1
	}
	return h
}

// keep reports whether a token of kind k is a feature.
func keep(k segment.Kind) bool {
	switch k {
	case segment.Word, segment.Number, segment.Symbol, segment.URL:
		return true
	}
	return false
}

// normRune is the form a rune takes in a feature: lowercase, and 0 for
// digits when digits is set.
func normRune(r rune, digits bool) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		if digits && '0' <= r && r <= '9' {
			return '0'
		}
		return r
	}
	if digits && unicode.IsDigit(r) {
		return '0'
	}
	return unicode.ToLower(r)
}

// hashWord is the FNV-1a hash of the normalized form of w.
func hashWord(w string, digits bool) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			} else if digits && '0' <= c && c <= '9' {
				c = '0'
			}
			h = (h ^ uint64(c)) * fnvPrime
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(w[i:])
		i += size
		var buf [utf8.UTFMax]byte
		n := utf8.EncodeRune(buf[:], normRune(r, digits))
		for _, b := range buf[:n] {
			h = (h ^ uint64(b)) * fnvPrime
		}
	}
	return h
}

// normWord returns the normalized form of w whose hash is hashWord(w).
func normWord(w string, digits bool) string {
	var b strings.Builder
	b.Grow(len(w))
	for i := 0; i < len(w); {
		r, size := utf8.DecodeRuneInString(w[i:])
		if r == utf8.RuneError && size == 1 {
			// hashWord encodes an invalid byte as U+FFFD too.
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteRune(normRune(r, digits))
		}
		i += size
	}
	return b.String()
}

// gramKey combines the hashes of the n words of an n-gram.
func gramKey(words []uint64) uint64 {
	h := uint64(len(words)) * 0x9e3779b97f4a7c15
	for _, w := range words {
		h = mix(h ^ w)
	}
	return h
}

const leadSalt = 0x1ead

// extractor turns a segmented article into feature occurrences.
type extractor struct {
	f     Features
	words []uint64 // hashes of the kept tokens of the current sentence
	seen  int      // words of the article so far, for the lead
	buf   []byte
}

// features appends the occurrences of block kind k of all sentences.
func (x *extractor) features(dst []occ, k int, text string, sents []segment.Sentence) []occ {
	x.seen = 0
	for si, s := range sents {
		switch k {
		case blockWords:
			dst = x.wordFeatures(dst, text, s, int32(si))
		case blockChars:
			dst = x.charFeatures(dst, text, s, int32(si))
		case blockPhrases:
			dst = x.nGrams(dst, text, s, int32(si), 2, x.f.Phrases)
		case blockLead:
			if x.seen >= x.f.Lead {
				return dst
			}
			dst = x.leadFeatures(dst, text, s, int32(si))
		}
	}
	return dst
}

// leadFeatures appends the word n-grams of sentence si that start among
// the first Lead words of the article.
func (x *extractor) leadFeatures(dst []occ, text string, s segment.Sentence, si int32) []occ {
	first := len(dst)
	dst = x.wordFeatures(dst, text, s, si)
	// wordFeatures emits the n-grams in order of their first word, each
	// word's orders together.
	orders := x.f.WordMax - x.f.WordMin + 1
	k := first
	for i := 0; i < len(x.words) && x.seen < x.f.Lead; i++ {
		for o := 0; o < orders && x.f.WordMin+o <= len(x.words)-i; o++ {
			dst[k].key = mix(dst[k].key ^ leadSalt)
			k++
		}
		x.seen++
	}
	return dst[:k]
}

// wordFeatures appends the word n-gram occurrences of sentence si.
func (x *extractor) wordFeatures(dst []occ, text string, s segment.Sentence, si int32) []occ {
	return x.nGrams(dst, text, s, si, x.f.WordMin, x.f.WordMax)
}

// nGrams appends the occurrences of the word n-grams of orders lo..hi of
// sentence si, in order of their first word.
func (x *extractor) nGrams(dst []occ, text string, s segment.Sentence, si int32, lo, hi int) []occ {
	x.words = x.words[:0]
	for _, t := range s.Tokens {
		if keep(t.Kind) {
			x.words = append(x.words, hashWord(text[t.Start:t.End], x.f.Digits))
		}
	}
	for i := range x.words {
		for n := lo; n <= hi && i+n <= len(x.words); n++ {
			dst = append(dst, occ{gramKey(x.words[i : i+n]), si})
		}
	}
	return dst
}

// charFeatures appends the character n-gram occurrences of sentence si:
// n-grams of the bytes of each normalized word token padded with spaces.
func (x *extractor) charFeatures(dst []occ, text string, s segment.Sentence, si int32) []occ {
	for _, t := range s.Tokens {
		if t.Kind != segment.Word {
			continue
		}
		x.buf = append(x.buf[:0], ' ')
		x.buf = append(x.buf, normWord(text[t.Start:t.End], x.f.Digits)...)
		x.buf = append(x.buf, ' ')
		dst = appendCharGrams(dst, x.buf, x.f.CharMin, x.f.CharMax, si)
	}
	return dst
}

func appendCharGrams(dst []occ, w []byte, lo, hi int, si int32) []occ {
	for i := range w {
		h := uint64(fnvOffset)
		for n := 1; n <= hi && i+n <= len(w); n++ {
			h = (h ^ uint64(w[i+n-1])) * fnvPrime
			if n >= lo {
				dst = append(dst, occ{mix(h ^ uint64(n)<<56 ^ 0xc4a2), si})
			}
		}
	}
	return dst
}

// docFeatures is an article's features for training: per block, the
// distinct keys in increasing order with their counts.
type docFeatures [][]keyCount

type keyCount struct {
	key uint64
	n   int32
}

// extractDoc returns the features of text for training.
func (f Features) extractDoc(text string) docFeatures {
	x := extractor{f: f}
	sents := segment.Sentences(text)
	kinds := f.kinds()
	out := make(docFeatures, len(kinds))
	var occs []occ
	for b, k := range kinds {
		occs = x.features(occs[:0], k, text, sents)
		out[b] = countKeys(occs)
	}
	return out
}

// countKeys sorts the keys of occs and counts them.
func countKeys(occs []occ) []keyCount {
	keys := make([]uint64, len(occs))
	for i, o := range occs {
		keys[i] = o.key
	}
	sortUint64(keys)
	var out []keyCount
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		out = append(out, keyCount{keys[i], int32(j - i)})
		i = j
	}
	return out
}
