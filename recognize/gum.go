package recognize

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
)

// ReadGUMFile reads a GUM CoNLL-U file (one document); see ReadGUM.
func ReadGUMFile(path string) ([]Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadGUM(f, path)
}

// gumTypes maps GUM entity types to CoNLL ones; types not listed are
// kept as MISC only when they name a Wikipedia entity (events, works,
// laws: "FIRST Robotics Competition"), and substances, animals, plants
// and times are dropped.
var gumTypes = map[string]string{"person": "PER", "organization": "ORG", "place": "LOC", "event": "MISC", "abstract": "MISC", "object": "MISC"}

// ReadGUM reads a GUM CoNLL-U document and turns its entity mentions into
// CoNLL-style named-entity labels. GUM marks every mention ("the
// children"), so a mention counts as a name when its syntactic head (its
// first token whose head lies outside it) is a proper noun (XPOS NNP or
// NNPS); the name is the run of proper nouns around the head, joined by
// "of", "and", "the", "for", "&", "-" or "de", and without leading titles
// for people ("President Donald Trump" is "Donald Trump"). Person,
// organization and place mentions become PER, ORG and LOC; event,
// abstract and object mentions become MISC if they carry a Wikipedia
// identity; the other types are dropped. Longer names win over the names
// they overlap. GUM does not mark adjectives such as "Afghan" in "the
// Afghan team", which CoNLL tags MISC, so MISC scores on GUM are low.
func ReadGUM(r io.Reader, name string) ([]Document, error) {
	type tok struct {
		form, xpos string
		head       int // index of the syntactic head in toks, -1 for the root
	}
	var (
		toks      []tok
		sentEnds  []int
		mentions  []gumMention
		open      = map[string][]int{} // id → stack of indexes into mentions
		line      int
		sentStart int
	)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line++
		text := sc.Text()
		if text == "" {
			if len(sentEnds) == 0 || sentEnds[len(sentEnds)-1] != len(toks) {
				sentEnds = append(sentEnds, len(toks))
			}
			sentStart = len(toks)
			continue
		}
		if text[0] == '#' {
			continue
		}
		f := strings.Split(text, "\t")
		if len(f) != 10 {
			return nil, &ParseError{name, line, fmt.Errorf("%w: want 10 tab-separated columns, got %d", ErrFormat, len(f))}
		}
		if strings.ContainsAny(f[0], "-.") {
			continue // multiword token ranges and empty nodes
		}
		i := len(toks)
		head, err := strconv.Atoi(f[6])
		if err != nil || head < 0 {
			return nil, &ParseError{name, line, fmt.Errorf("%w: bad head %q", ErrFormat, f[6])}
		}
		toks = append(toks, tok{f[1], f[4], sentStart + head - 1})
		ent := ""
		for _, kv := range strings.Split(f[9], "|") {
			if v, ok := strings.CutPrefix(kv, "Entity="); ok {
				ent = v
			}
		}
		for ent != "" {
			switch {
			case ent[0] == '(':
				j := strings.IndexAny(ent[1:], "()")
				body := ent[1:]
				if j >= 0 {
					body = ent[1 : j+1]
				}
				parts := strings.Split(body, "-")
				if len(parts) < 2 {
					return nil, &ParseError{name, line, fmt.Errorf("%w: bad entity %q", ErrFormat, body)}
				}
				mentions = append(mentions, gumMention{start: i, end: i + 1, typ: parts[1], ident: len(parts) >= 8 && parts[7] != ""})
				ent = ent[1+len(body):]
				if strings.HasPrefix(ent, ")") {
					ent = ent[1:] // one-token mention
				} else {
					open[parts[0]] = append(open[parts[0]], len(mentions)-1)
				}
			default:
				j := strings.IndexByte(ent, ')')
				if j < 0 {
					return nil, &ParseError{name, line, fmt.Errorf("%w: bad entity close %q", ErrFormat, ent)}
				}
				id := ent[:j]
				ent = ent[j+1:]
				st := open[id]
				if len(st) == 0 {
					return nil, &ParseError{name, line, fmt.Errorf("%w: entity %s closed but not open", ErrFormat, id)}
				}
				mentions[st[len(st)-1]].end = i + 1
				open[id] = st[:len(st)-1]
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, &ParseError{name, line + 1, err}
	}
	if len(sentEnds) == 0 || sentEnds[len(sentEnds)-1] != len(toks) {
		sentEnds = append(sentEnds, len(toks))
	}
	labels := make([]string, len(toks))
	for i := range labels {
		labels[i] = "O"
	}
	proper := func(i int) bool { return toks[i].xpos == "NNP" || toks[i].xpos == "NNPS" }
	type named struct {
		a, b int
		typ  string
	}
	var names []named
	for _, mt := range mentions {
		typ, ok := gumTypes[mt.typ]
		if !ok || (typ == "MISC" && !mt.ident) {
			continue
		}
		h := -1 // the first token whose head lies outside the mention
		for i := mt.start; i < mt.end && h < 0; i++ {
			if hd := toks[i].head; hd < mt.start || hd >= mt.end {
				h = i
			}
		}
		if h < 0 || !proper(h) {
			continue
		}
		a, b := h, h+1
		for a > mt.start && (proper(a-1) || a-2 >= mt.start && gumJoiners[toks[a-1].form] && proper(a-2)) {
			a--
		}
		for b < mt.end && (proper(b) || b+1 < mt.end && gumJoiners[toks[b].form] && proper(b+1)) {
			b++
		}
		if typ == "PER" {
			for b-a > 1 && (gumTitles[toks[a].form] || gumTitles[toks[a+1].form] && !gumTitles[toks[a].form] && a+2 < b) {
				a++
			}
		}
		names = append(names, named{a, b, typ})
	}
	// outer names first
	sort.SliceStable(names, func(i, j int) bool { return names[i].b-names[i].a > names[j].b-names[j].a })
	for _, n := range names {
		free := true
		for i := n.a; i < n.b; i++ {
			free = free && labels[i] == "O"
		}
		if !free {
			continue
		}
		labels[n.a] = "B-" + n.typ
		for i := n.a + 1; i < n.b; i++ {
			labels[i] = "I-" + n.typ
		}
	}
	var doc Document
	s := 0
	for _, e := range sentEnds {
		if e > s {
			sent := Sentence{Tokens: make([]string, 0, e-s), Labels: labels[s:e:e]}
			for _, t := range toks[s:e] {
				sent.Tokens = append(sent.Tokens, t.form)
			}
			doc = append(doc, sent)
		}
		s = e
	}
	if len(doc) == 0 {
		return nil, nil
	}
	return []Document{doc}, nil
}

type gumMention struct {
	start, end int
	typ        string
	ident      bool
}

var gumJoiners = map[string]bool{"of": true, "and": true, "the": true, "for": true, "&": true, "-": true, "de": true}

// gumTitles are stripped from the front of person names, as CoNLL does:
// "U.S. President Donald Trump" is PER "Donald Trump".
var gumTitles = map[string]bool{"President": true, "Prime": true, "Minister": true, "Ambassador": true, "Secretary": true,
	"General": true, "general": true, "Gen.": true, "Major": true, "Dr.": true, "Mr.": true, "Mrs.": true, "Ms.": true,
	"Senator": true, "Sen.": true, "Rep.": true, "Governor": true, "Gov.": true, "King": true, "Queen": true, "Prince": true,
	"Princess": true, "Pope": true, "Chancellor": true, "Judge": true, "Justice": true, "Coach": true, "Professor": true,
	"Prof.": true, "Chairman": true, "Director": true, "Captain": true, "Sir": true, "Lord": true, "Lady": true,
	"Vice": true, "Deputy": true, "Chief": true, "Officer": true, "Colonel": true, "Lieutenant": true, "Sergeant": true,
	"Mayor": true, "Bishop": true, "Archbishop": true, "Cardinal": true, "Rev.": true, "Saint": true, "St.": true}
