package server

import (
	"slices"
	"strings"
	"unicode"

	"dossier/countries"
)

// textIndex finds list entities by the words of their addresses, notes
// and identifiers, which /search looks at besides names: an inverted
// index from each folded word to the entities that hold it, and from
// each identifier, compacted, to its holders.
type textIndex struct {
	words map[string][]uint32 // folded word → positions in snapshot.things, ascending
	ids   map[string][]uint32 // compacted identifier → positions in snapshot.things
}

// textProps are the properties /search reads words from: addresses,
// notes and descriptions.
var textProps = []string{"address", "notes", "summary", "description", "program", "birthPlace", "position"}

// identifierProps are the properties that hold identifiers: searched by
// their words and, compacted, as a whole ("A 023 7802" finds A0237802).
var identifierProps = []string{"idNumber", "registrationNumber", "passportNumber", "taxNumber", "vatCode", "innCode",
	"ogrnCode", "okpoCode", "leiCode", "swiftBic", "dunsCode", "bikCode", "uniqueEntityId", "imoNumber", "mmsi",
	"callSign", "icaoCode", "serialNumber", "socialSecurityNumber", "permId", "npiCode", "cageCode", "isinCode",
	"ticker", "licenseNumber"}

// Scores of text hits in /search: a whole identifier is as good as a
// name matched exactly; every word of the query found in an address,
// note or identifier ranks above the weakest name hits searched.
const (
	identifierHitScore = 1.0
	textHitScore       = 0.6
)

// buildTextIndex indexes the things of a snapshot: their own text
// properties, the full text of their address entities, and the numbers
// of the identifications and passports that refer to them.
func buildTextIndex(snap *snapshot) textIndex {
	ti := textIndex{words: map[string][]uint32{}, ids: map[string][]uint32{}}
	seen := map[string]bool{}
	for pos, id := range snap.things {
		e := snap.entities[id]
		if e == nil {
			continue
		}
		clear(seen)
		addWords := func(v string) {
			for _, w := range textWords(v) {
				if !seen[w] {
					seen[w] = true
					ti.words[w] = append(ti.words[w], uint32(pos))
				}
			}
		}
		addID := func(v string) {
			addWords(v)
			if c := compactID(v); len(c) >= 4 && !seen["\x00"+c] {
				seen["\x00"+c] = true
				ti.ids[c] = append(ti.ids[c], uint32(pos))
			}
		}
		for _, p := range textProps {
			for _, v := range e.Properties[p] {
				addWords(v)
			}
		}
		for _, p := range identifierProps {
			for _, v := range e.Properties[p] {
				addID(v)
			}
		}
		for _, ref := range e.Properties["addressEntity"] {
			if a := snap.entities[ref]; a != nil {
				for _, v := range a.Properties["full"] {
					addWords(v)
				}
			}
		}
		for _, ed := range snap.reverse[id] {
			if ed.prop != "identification" {
				continue
			}
			if doc := snap.entities[ed.id]; doc != nil {
				for _, v := range doc.Properties["number"] {
					addID(v)
				}
			}
		}
	}
	return ti
}

// textWords are the folded words of a value (lower case, accents
// removed), each of two characters or more.
func textWords(v string) []string {
	f := countries.Fold(v)
	words := strings.FieldsFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return slices.DeleteFunc(words, func(w string) bool { return len([]rune(w)) < 2 })
}

// compactID is an identifier's letters and digits, folded, without
// spaces or punctuation.
func compactID(v string) string {
	var b strings.Builder
	for _, r := range countries.Fold(v) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// search returns the positions of the things whose text holds every
// word of q, with their scores: identifierHitScore for a thing one of
// whose identifiers q is, textHitScore for the others.
func (ti *textIndex) search(q string) map[uint32]float64 {
	out := map[uint32]float64{}
	words := textWords(q)
	if len(words) > 0 {
		var hits []uint32
		for i, w := range slices.Compact(slices.Sorted(slices.Values(words))) {
			p := ti.words[w]
			if i == 0 {
				hits = slices.Clone(p)
			} else {
				hits = intersect(hits, p)
			}
			if len(hits) == 0 {
				break
			}
		}
		for _, h := range hits {
			out[h] = textHitScore
		}
	}
	if c := compactID(q); len(c) >= 4 {
		for _, h := range ti.ids[c] {
			out[h] = identifierHitScore
		}
	}
	return out
}

// intersect returns the values in both ascending lists.
func intersect(a, b []uint32) []uint32 {
	out := a[:0]
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}
