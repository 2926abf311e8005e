package coref

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Word classes: a coarse part of speech that the lexicon gives a word
// (its commonest Penn tag in the training documents) or its shape
// guesses. The model reads no tagger or parser output, so that
// resolving costs little next to the rest of the pipeline.
const (
	cOther uint8 = iota
	cNoun        // NN
	cNouns       // NNS
	cProp        // NNP
	cProps       // NNPS
	cAdj         // JJ, JJR, JJS
	cVerb        // VB, VBP, VBZ, VBD, MD
	cPart        // VBG, VBN: participles
	cDet         // DT, PDT, WDT
	cPron        // PRP, PRP$, WP, WP$, EX
	cPrep        // IN, TO
	cConj        // CC
	cNum         // CD
	cAdv         // RB, RBR, RBS, WRB, RP
	cPoss        // POS: the possessive 's
	cPunct       // punctuation
	numClasses
)

// classOfTag maps a Penn Treebank tag to its class.
func classOfTag(t string) uint8 {
	switch t {
	case "NN":
		return cNoun
	case "NNS":
		return cNouns
	case "NNP":
		return cProp
	case "NNPS":
		return cProps
	case "JJ", "JJR", "JJS":
		return cAdj
	case "VB", "VBP", "VBZ", "VBD", "MD":
		return cVerb
	case "VBG", "VBN":
		return cPart
	case "DT", "PDT", "WDT":
		return cDet
	case "PRP", "PRP$", "WP", "WP$", "EX":
		return cPron
	case "IN", "TO":
		return cPrep
	case "CC":
		return cConj
	case "CD":
		return cNum
	case "RB", "RBR", "RBS", "WRB", "RP":
		return cAdv
	case "POS":
		return cPoss
	case ",", ".", ":", "``", "''", "-LRB-", "-RRB-", "HYPH", "NFP", "$", "#":
		return cPunct
	}
	return cOther
}

// nounLike reports whether a class can head a noun phrase.
func nounLike(c uint8) bool { return c == cNoun || c == cNouns || c == cProp || c == cProps }

// guessClass guesses the class of a word the lexicon lacks from its
// shape.
func guessClass(w string) uint8 {
	r, _ := utf8.DecodeRuneInString(w)
	switch {
	case w == "":
		return cOther
	case unicode.IsUpper(r):
		if len(w) > 2 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !isAllCaps(w) {
			return cProps
		}
		return cProp
	case unicode.IsDigit(r):
		return cNum
	case !unicode.IsLetter(r):
		return cPunct
	case strings.HasSuffix(w, "ly"):
		return cAdv
	case strings.HasSuffix(w, "ing"), strings.HasSuffix(w, "ed"):
		return cPart
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		return cNouns
	}
	return cNoun
}

func isAllCaps(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n >= 2
}

func isCap(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// Semantic classes of nominal heads and mentions: GUM's entity types.
const (
	tNone uint8 = iota
	tPER
	tORG
	tLOC
	tMISC // a name of another kind (NER's MISC)
	tEvent
	tAbstract
	tObject
	tTime
	tSubstance
	tAnimal
	tPlant
	numTypes
)

var typeNames = [numTypes]string{"", "PER", "ORG", "LOC", "MISC", "event", "abstract", "object", "time", "substance", "animal", "plant"}

// typeOfGUM maps a GUM entity type to a class.
func typeOfGUM(t string) uint8 {
	switch t {
	case "person":
		return tPER
	case "organization":
		return tORG
	case "place":
		return tLOC
	case "event":
		return tEvent
	case "abstract":
		return tAbstract
	case "object":
		return tObject
	case "time":
		return tTime
	case "substance":
		return tSubstance
	case "animal":
		return tAnimal
	case "plant":
		return tPlant
	}
	return tNone
}

// typeOfNER maps a recognizer label to a class.
func typeOfNER(l string) uint8 {
	switch l {
	case "PER":
		return tPER
	case "ORG":
		return tORG
	case "LOC":
		return tLOC
	case "MISC":
		return tMISC
	case "DATE":
		return tTime
	}
	return tNone
}

// Genders.
const (
	gNone uint8 = iota
	gMale
	gFemale
	gNeuter // it, its
)

// lexicon is what the model learnt about words from its training
// documents: each frequent word's class, the semantic class of common
// nouns that head mentions, and the gender of names and nouns that head
// mentions of people whom the documents call "he" or "she".
type lexicon struct {
	class  map[string]uint8 // word as written → class
	sem    map[string]uint8 // lowercased head noun → type
	gender map[string]uint8 // lowercased first name, title or noun → gender
	given  map[string]uint8 // lowercased given names (value 1), from a list of names
	// firstGender: lowercased given names → gender, from a list of
	// names with their usual gender; read for names only, after gender
	firstGender map[string]uint8
}

// classOf returns a word's class: that of the word as written, else
// (for a capitalized word) of its lowercase form, else a guess from its
// shape. Case matters: "company" is a noun, "Company" mostly part of a
// name.
func (lx *lexicon) classOf(w, low string) uint8 {
	if c, ok := lx.class[w]; ok {
		return c
	}
	if c, ok := lx.class[low]; ok && low != w {
		return c
	}
	return guessClass(w)
}

// Lexicon thresholds.
const (
	minClassCount = 2    // occurrences for a word to enter the class lexicon
	minSemCount   = 2    // mentions headed by a noun for its semantic class
	semShare      = 0.5  // share of the majority type
	genderShare   = 0.75 // share of the majority gender among votes
)

// buildLexicon learns the lexicon from training documents.
func buildLexicon(docs []*Document) *lexicon {
	classCount := map[string]map[uint8]int{}
	semCount := map[string]map[uint8]int{}
	genderVotes := map[string][3]int{}
	for _, d := range docs {
		for _, t := range d.Tokens {
			c := classCount[t.Form]
			if c == nil {
				c = map[uint8]int{}
				classCount[t.Form] = c
			}
			c[classOfTag(t.XPOS)]++
		}
		ents := map[string][]int{}
		for i, m := range d.Mentions {
			ents[m.Entity] = append(ents[m.Entity], i)
			h := d.Tokens[m.Head]
			if cl := classOfTag(h.XPOS); cl == cNoun || cl == cNouns {
				low := strings.ToLower(h.Form)
				c := semCount[low]
				if c == nil {
					c = map[uint8]int{}
					semCount[low] = c
				}
				c[typeOfGUM(m.Type)]++
			}
		}
		for _, ms := range ents {
			if d.Mentions[ms[0]].Type != "person" {
				continue
			}
			var he, she int
			for _, i := range ms {
				m := d.Mentions[i]
				if m.End-m.Start == 1 {
					switch pronounGender(strings.ToLower(d.Tokens[m.Start].Form)) {
					case gMale:
						he++
					case gFemale:
						she++
					}
				}
			}
			g := 0
			switch {
			case he > 0 && she == 0:
				g = 1
			case she > 0 && he == 0:
				g = 2
			default:
				continue
			}
			seen := map[string]bool{}
			for _, i := range ms {
				m := d.Mentions[i]
				var w string
				h := d.Tokens[m.Head]
				switch cl := classOfTag(h.XPOS); {
				case cl == cProp:
					// the first name: the word before the last of the
					// run of proper nouns around the head, or a title
					a, b := m.Head, m.Head+1
					for a > m.Start && classOfTag(d.Tokens[a-1].XPOS) == cProp {
						a--
					}
					for b < m.End && classOfTag(d.Tokens[b].XPOS) == cProp {
						b++
					}
					w = strings.ToLower(d.Tokens[max(a, b-2)].Form)
				case cl == cNoun:
					w = strings.ToLower(h.Form)
				}
				if w != "" && !seen[w] {
					seen[w] = true
					v := genderVotes[w]
					v[g]++
					genderVotes[w] = v
				}
			}
		}
	}
	lx := &lexicon{class: map[string]uint8{}, sem: map[string]uint8{}, gender: map[string]uint8{}, given: map[string]uint8{},
		firstGender: map[string]uint8{}}
	for w, c := range classCount {
		if n, best := majority(c); n >= minClassCount {
			lx.class[w] = best
		}
	}
	for w, c := range semCount {
		n, best := majority(c)
		total := 0
		for _, k := range c {
			total += k
		}
		if total >= minSemCount && float64(n) >= semShare*float64(total) && best != tNone {
			lx.sem[w] = best
		}
	}
	for w, v := range genderVotes {
		total := v[1] + v[2]
		switch {
		case float64(v[1]) >= genderShare*float64(total):
			lx.gender[w] = gMale
		case float64(v[2]) >= genderShare*float64(total):
			lx.gender[w] = gFemale
		}
	}
	return lx
}

// majority returns the largest count and its key (the smallest key on a
// tie, so the result does not depend on map order).
func majority(c map[uint8]int) (int, uint8) {
	keys := make([]int, 0, len(c))
	for k := range c {
		keys = append(keys, int(k))
	}
	sort.Ints(keys)
	n, best := 0, uint8(0)
	for _, k := range keys {
		if c[uint8(k)] > n {
			n, best = c[uint8(k)], uint8(k)
		}
	}
	return n, best
}

// addGivenNames reads a CSV of given names and their nicknames (one
// group a line: "william,bill,will,…") into the lexicon. Names of two
// letters or fewer are skipped.
func (lx *lexicon) addGivenNames(r io.Reader, name string) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	line := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		line++
		if err != nil {
			return fmt.Errorf("coref: %s: %w", name, err)
		}
		for _, f := range rec {
			f = strings.ToLower(strings.TrimSpace(f))
			if len(f) > 2 {
				lx.given[f] = 1
			}
		}
	}
}

// addGivenGenders reads a CSV of given names with their usual gender, a
// header "name,gender" and then one name a line with "male" or "female"
// ("robert,male"), into the lexicon. A name of two letters or fewer is
// skipped. Any other line is an error naming the file and line.
func (lx *lexicon) addGivenGenders(r io.Reader, name string) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 2
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			if line == 1 {
				return fmt.Errorf("coref: %s: empty file", name)
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("coref: %s: %w", name, err)
		}
		if line == 1 {
			if rec[0] != "name" || rec[1] != "gender" {
				return fmt.Errorf("coref: %s:1: header %q, want \"name,gender\"", name, strings.Join(rec, ","))
			}
			continue
		}
		w := strings.ToLower(strings.TrimSpace(rec[0]))
		var g uint8
		switch strings.TrimSpace(rec[1]) {
		case "male":
			g = gMale
		case "female":
			g = gFemale
		default:
			return fmt.Errorf("coref: %s:%d: gender %q, want male or female", name, line, rec[1])
		}
		if w == "" {
			return fmt.Errorf("coref: %s:%d: empty name", name, line)
		}
		if len(w) > 2 {
			lx.firstGender[w] = g
		}
	}
}
