package recognize

import (
	"bufio"
	"dossier/internal/featurehash"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"dossier/segment"
)

// Gazetteer types (index into tokInfo.gaz) and token-level lexicon flags.
const (
	gazLOC = iota
	gazORG
	gazMISC
	gazPER
)

const (
	lexGiven   uint8 = 1
	lexSurname uint8 = 2
)

const maxPhrase = 8

// lexicon is the model's word knowledge besides its weights: word
// clusters induced from unlabelled text, gazetteer phrases and name lists.
type lexicon struct {
	clusters map[string]uint32 // exact word → path bits | length<<24
	phrases  map[string]uint8  // lowercase tokens joined by spaces → gazetteer type mask
	words    map[string]uint8  // lowercase word → lexGiven|lexSurname
	phraseH  map[uint64]uint8  // hashed phrases
	wordsH   map[uint64]uint8  // hashed words
}

func newLexicon() *lexicon {
	return &lexicon{
		clusters: map[string]uint32{},
		phrases:  map[string]uint8{},
		words:    map[string]uint8{},
	}
}

// index builds the hashed lookups from the string tables.
func (lx *lexicon) index() {
	lx.phraseH = make(map[uint64]uint8, len(lx.phrases))
	for p, mask := range lx.phrases {
		h := uint64(featurehash.Offset)
		for _, w := range strings.Split(p, " ") {
			h = phraseStep(h, featurehash.Lower(w))
		}
		lx.phraseH[h] |= mask
	}
	lx.wordsH = make(map[uint64]uint8, len(lx.words))
	for w, f := range lx.words {
		lx.wordsH[featurehash.Lower(w)] |= f
	}
}

func phraseStep(h, lh uint64) uint64 { return featurehash.Mix(h + lh*0x9e3779b97f4a7c15) }

// matchGazetteer marks each token with its position (1 B, 2 I, 3 L, 4 U)
// in the longest gazetteer phrase of each type that covers it, scanning
// left to right.
func (lx *lexicon) matchGazetteer(inf []tokInfo) {
	if len(lx.phraseH) == 0 {
		return
	}
	for i := range inf {
		var best [4]int
		h := uint64(featurehash.Offset)
		for l := 1; l <= maxPhrase && i+l <= len(inf); l++ {
			h = phraseStep(h, inf[i+l-1].lh)
			mask, ok := lx.phraseH[h]
			if !ok {
				continue
			}
			for g := 0; g < 4; g++ {
				if mask&(1<<g) != 0 {
					best[g] = l
				}
			}
		}
		for g, l := range best {
			if l == 0 || inf[i].gaz[g] != 0 {
				continue
			}
			if l == 1 {
				inf[i].gaz[g] = 4
				continue
			}
			for k := 0; k < l; k++ {
				pos := uint8(2)
				switch k {
				case 0:
					pos = 1
				case l - 1:
					pos = 3
				}
				if inf[i+k].gaz[g] == 0 {
					inf[i+k].gaz[g] = pos
				}
			}
		}
	}
}

// addPhrase adds a gazetteer phrase, tokenized as the tagger tokenizes.
func (lx *lexicon) addPhrase(s string, g int) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	toks := segment.Tokens(s)
	if len(toks) == 0 || len(toks) > maxPhrase {
		return
	}
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = strings.ToLower(t.Text(s))
	}
	lx.phrases[strings.Join(parts, " ")] |= 1 << g
}

func (lx *lexicon) addWords(s string, flag uint8) {
	for _, t := range segment.Tokens(s) {
		w := strings.ToLower(t.Text(s))
		if t.Kind == segment.Word && len(w) > 1 {
			lx.words[w] |= flag
		}
	}
}

// buildGazetteers reads the name lists under dataDir (the shared data
// folder: names/world-countries.json, names/nicknames.csv, the OFAC SDN
// and consolidated lists, the UN consolidated list) into gazetteer
// phrases and name-word lists. Missing files are skipped; a malformed one
// is an error.
func buildGazetteers(lx *lexicon, dataDir string) error {
	if err := addCountries(lx, filepath.Join(dataDir, "names", "world-countries.json")); err != nil {
		return err
	}
	if err := addNicknames(lx, filepath.Join(dataDir, "names", "nicknames.csv")); err != nil {
		return err
	}
	for _, f := range []string{"ofac/sdn-2021-07/sdn.csv", "ofac/cons/cons_prim.csv"} {
		if err := addOFAC(lx, filepath.Join(dataDir, f)); err != nil {
			return err
		}
	}
	return addUN(lx, filepath.Join(dataDir, "un", "consolidated-2026-02-27.xml"))
}

func openOptional(path string) (*os.File, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	return f, err
}

func addCountries(lx *lexicon, path string) error {
	f, err := openOptional(path)
	if f == nil {
		return err
	}
	defer f.Close()
	var countries []struct {
		Name struct {
			Common, Official string
		}
		Capital      []string
		AltSpellings []string
		Languages    map[string]string
		Demonyms     map[string]struct{ F, M string }
	}
	if err := json.NewDecoder(f).Decode(&countries); err != nil {
		return fmt.Errorf("recognize: read %s: %w", path, err)
	}
	for _, c := range countries {
		lx.addPhrase(c.Name.Common, gazLOC)
		lx.addPhrase(c.Name.Official, gazLOC)
		for _, s := range c.Capital {
			lx.addPhrase(s, gazLOC)
		}
		for _, s := range c.AltSpellings {
			if len(s) > 1 {
				lx.addPhrase(s, gazLOC)
			}
		}
		for _, s := range c.Languages {
			lx.addPhrase(s, gazMISC)
		}
		if d, ok := c.Demonyms["eng"]; ok {
			lx.addPhrase(d.F, gazMISC)
			lx.addPhrase(d.M, gazMISC)
		}
	}
	return nil
}

func addNicknames(lx *lexicon, path string) error {
	f, err := openOptional(path)
	if f == nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		for _, n := range strings.Split(sc.Text(), ",") {
			lx.addWords(n, lexGiven)
		}
	}
	return sc.Err()
}

// addOFAC reads an OFAC sdn.csv-format file: individuals' surnames (before
// the comma) and given names; entities' names as ORG phrases.
func addOFAC(lx *lexicon, path string) error {
	f, err := openOptional(path)
	if f == nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("recognize: read %s: %w", path, err)
		}
		if len(rec) < 3 {
			continue
		}
		name, typ := strings.TrimSpace(rec[1]), strings.TrimSpace(rec[2])
		switch typ {
		case "individual":
			last, first, ok := strings.Cut(name, ",")
			lx.addWords(last, lexSurname)
			if ok {
				lx.addWords(first, lexGiven)
			}
		case "-0-":
			lx.addPhrase(name, gazORG)
		}
	}
	return nil
}

func addUN(lx *lexicon, path string) error {
	f, err := openOptional(path)
	if f == nil {
		return err
	}
	defer f.Close()
	var list struct {
		Individuals []struct {
			First  string `xml:"FIRST_NAME"`
			Second string `xml:"SECOND_NAME"`
			Third  string `xml:"THIRD_NAME"`
		} `xml:"INDIVIDUALS>INDIVIDUAL"`
		Entities []struct {
			Name    string   `xml:"FIRST_NAME"`
			Aliases []string `xml:"ENTITY_ALIAS>ALIAS_NAME"`
		} `xml:"ENTITIES>ENTITY"`
	}
	if err := xml.NewDecoder(f).Decode(&list); err != nil {
		return fmt.Errorf("recognize: read %s: %w", path, err)
	}
	for _, in := range list.Individuals {
		lx.addWords(in.First, lexGiven)
		lx.addWords(in.Second, lexSurname)
		lx.addWords(in.Third, lexSurname)
	}
	for _, e := range list.Entities {
		lx.addPhrase(e.Name, gazORG)
		for _, a := range e.Aliases {
			lx.addPhrase(a, gazORG)
		}
	}
	return nil
}

// ReadClusters reads word clusters in the format of Brown clustering's
// "paths" file: bit path, tab, word, tab, count per line (the count is
// optional). Paths longer than 24 bits are cut.
func ReadClusters(r io.Reader, name string) (map[string]string, error) {
	out := map[string]string{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 2 || f[0] == "" || strings.Trim(f[0], "01") != "" {
			return nil, &ParseError{name, line, fmt.Errorf("%w: want bit path, tab, word", ErrFormat)}
		}
		out[f[1]] = f[0]
	}
	if err := sc.Err(); err != nil {
		return nil, &ParseError{name, line + 1, err}
	}
	return out, nil
}

// WriteClusters writes clusters in the format ReadClusters reads, sorted
// by path and then word; counts are written when given.
func WriteClusters(w io.Writer, paths map[string]string, counts map[string]int) error {
	words := make([]string, 0, len(paths))
	for k := range paths {
		words = append(words, k)
	}
	sort.Slice(words, func(i, j int) bool {
		if paths[words[i]] != paths[words[j]] {
			return paths[words[i]] < paths[words[j]]
		}
		return words[i] < words[j]
	})
	bw := bufio.NewWriter(w)
	for _, k := range words {
		bw.WriteString(paths[k] + "\t" + k + "\t" + strconv.Itoa(counts[k]) + "\n")
	}
	return bw.Flush()
}

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
