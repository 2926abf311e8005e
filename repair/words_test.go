package repair

import (
	"math/rand"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestCorrectWordsUnchanged builds random but well-formed text from the
// words of the correct sentences, in lower, title and upper case, with
// opening and closing punctuation attached as real text has it, and
// expects repair to leave it alone.
func TestCorrectWordsUnchanged(t *testing.T) {
	words := corpusWords(nil)
	rnd := rand.New(rand.NewSource(7))
	for range 50000 {
		in := randomText(rnd, words)
		if out, rep := String(in); out != in {
			t.Errorf("changed %q\n     to %q (%v)", in, out, rep.Changes())
		}
	}
}

// TestMojibakeWordsRestored turns the same kind of random text into
// mojibake, once and twice over, and expects it restored exactly. Words
// ending in an upper-case letter whose mojibake ends in closing
// punctuation (Å, Ò, Ô, Ù, Û as "Ã…", "Ã’", "Ã”", "Ã™", "Ã›") are left
// out: after another capital they are kept as they are, since
// "IRMÃ”" is correct Portuguese as well.
func TestMojibakeWordsRestored(t *testing.T) {
	words := corpusWords(func(w string) bool {
		r, _ := utf8.DecodeLastRuneInString(w)
		return !strings.ContainsRune("ÅÒÔÙÛ", r)
	})
	rnd := rand.New(rand.NewSource(11))
	for range 20000 {
		want := randomText(rnd, words)
		once := sloppy1252(want)
		for _, in := range []string{once, sloppy1252(once)} {
			if got, _ := String(in); got != want {
				t.Errorf("\n  in %q\n got %q\nwant %q", in, got, want)
			}
		}
	}
}

// corpusWords returns the words of the correct sentences, and a few
// more, in lower, title and upper case; keep, if not nil, filters them.
// Single letters are left out: they are tested quoted, in the table.
func corpusWords(keep func(string) bool) []string {
	var words []string
	seen := map[string]bool{}
	extra := "með það MEÐ ÞAÐ Sé Só Há Là Hà Są Fé PIÙ PERÒ CITTÀ LÁ AÍ SÍ ÉL TÚ NÓS"
	for _, c := range append(correct, struct{ name, text string }{"extra", extra}) {
		for _, w := range strings.FieldsFunc(c.text, func(r rune) bool { return !unicode.IsLetter(r) }) {
			for _, v := range []string{w, strings.ToLower(w), strings.ToUpper(w)} {
				if !seen[v] && utf8.RuneCountInString(v) > 1 && (keep == nil || keep(v)) {
					seen[v] = true
					words = append(words, v)
				}
			}
		}
	}
	return words
}

var (
	openers = []string{"", "", "", "«", "«\u00a0", "“", "‘", "„", "(", "¿", "¡", "\""}
	closers = []string{"", "", "", "", ",", ".", "’", "”", "»", "\u00a0»", "\u00a0!", "\u00a0:", "…", "…”", "”’", "’”",
		"—", "®", "™", "©", "°", "²", "’s", ".”", "!»", "›", "\u00a0", "\u00a0€", "»\u00a0;"}
	// Some punctuation is left out, as the repair reads it as mojibake
	// on purpose: after an upper-case word ending in Ã or Å, an unspaced
	// en dash (closing the word or before another), ellipsis or NBSP
	// before another word ("MALMÃ–" is MALMÖ, "KÃ–LN" KÖLN, "SKÃ…NE"
	// SKÅNE, "KOÅ\u00a0ICE" KOŠICE), and "»…" glued to a letter
	// ("Nguyá»…n" is Nguyễn).
	joiners = []string{" ", " ", " ", " ", "—", " – ", "-", "/", "… ", "\u00a0—\u00a0", " 5\u00a0€ ", " £3 ", " 20\u00a0°C ", " 2½ ", " 3×4 ", " ±1 ", " 5\u00a0µm ", " § 2 "}
)

// randomText joins one to six words with openers, closers and joiners.
func randomText(rnd *rand.Rand, words []string) string {
	var b strings.Builder
	for k := range 1 + rnd.Intn(6) {
		if k > 0 {
			b.WriteString(joiners[rnd.Intn(len(joiners))])
		}
		b.WriteString(openers[rnd.Intn(len(openers))])
		b.WriteString(words[rnd.Intn(len(words))])
		b.WriteString(closers[rnd.Intn(len(closers))])
	}
	return b.String()
}
