package claimml

import (
	"context"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"dossier"
	"dossier/claims"
	"dossier/parse"
	"dossier/segment"
)

// Doc is what the model reads: a document's text, its sentences, its
// resolved entities and the attributions the attribution model found
// (may be nil).
type Doc struct {
	Text         string
	Sentences    []segment.Sentence
	Entities     []dossier.DocEntity
	Attributions []dossier.Attribution
	// Syntax returns the parse of sentence k, one Arc per token (the
	// pipeline's parse stage, which parses on demand), or is nil: the
	// model then parses the sentences it needs itself.
	Syntax func(k int) []dossier.Arc
}

// tok is one token of a sentence.
type tok struct {
	start, end int
	low, stem  string
	kind       segment.Kind
	ent        int // entity index, -1 for none
}

// cand is a candidate subject (or speaker) of a sentence: a mention of
// an entity, or a pronoun or description read as one.
type cand struct {
	ent  int
	i, j int    // tokens [i, j); i < 0 when the entity has no mention in the sentence
	pron string // the pronoun or description's noun; "" for a name
	how  string // "name", or for a pronoun "recent" or "salient"
}

// sentence is one sentence of an analyzed document.
type sentence struct {
	start, end int
	toks       []tok
	trig       []int // candidate trigger tokens
	subj       []cand
	topics     []claims.Span // lexicon topics
	lex        []claims.Span // lexicon triggers
	lexNeg     []bool
	heads      []int    // parsed: head token index, -1 for the root; nil until parsed
	deprels    []string // parsed
	upos       []string // parsed
	named      map[int]bool
}

// doc is an analyzed document.
type doc struct {
	Doc
	sents []sentence
	rules []dossier.Claim
	// ruleAt indexes the rules' claims by sentence start and subject ID.
	ruleAt map[ruleKey][]int
	// mentions counts each person's and organization's mentions (lazily);
	// sortedMentions are those counts in ascending order.
	mentions, sortedMentions []int
	// The indexes below are built once per document (see index.go), so
	// that what a claim or a candidate speaker asks of the document costs
	// no pass over all its entities, claims or attributions.
	entIdx    map[string]int     // entity ID → its first index
	orgWords  map[string][]orgAt // word of an organization's name → its mentions
	rulesAt   map[int][]int      // sentence start → the rules' claims there
	sentAttrs [][]int            // sentence → attributions with a source whose content overlaps it
}

type ruleKey struct {
	start int
	subj  string
}

// party reports whether entity i may be a claim's subject.
func (d *doc) party(i int) bool {
	return i >= 0 && (d.Entities[i].Type == "PER" || d.Entities[i].Type == "ORG")
}

// personPronouns and orgWords are read as the person or organization
// last (or most) named.
var (
	personPronouns = set("he", "him", "his", "she", "her", "himself", "herself")
	orgPronouns    = set("it", "its")
	orgNouns       = set("company", "firm", "bank", "group", "business", "lender", "insurer", "fund", "conglomerate", "corporation",
		"organization", "organisation", "agency", "party", "club", "cartel", "gang", "network", "charity", "foundation", "university",
		"ministry", "government", "authority", "carrier", "airline", "broker", "exchange", "manufacturer", "retailer", "operator")
)

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// analyze tokenizes the sentences, marks entities, finds the candidate
// triggers (words whose stem is in vocab) and subjects, and reads the
// rules' claims.
func analyze(in Doc, vocab map[string]uint8) *doc {
	d, _ := analyzeContext(context.Background(), in, vocab)
	return d
}

// analyzeContext is analyze that stops between sentences once ctx
// ends, returning ctx.Err().
func analyzeContext(ctx context.Context, in Doc, vocab map[string]uint8) (*doc, error) {
	d := &doc{Doc: in, ruleAt: map[ruleKey][]int{}}
	// the rules read the names alone here, as when the model was
	// trained: fed the coref stage's pronouns and descriptions, the
	// rules' claims shift under the model (dev claims F1 0.568 → 0.564,
	// speakers 93 → 87 of 127), and retrained on them it does no better
	// (docs/model-card-coref.md)
	var err error
	d.rules, err = claims.ExtractContext(ctx, in.Text, in.Sentences, namesOnly(in.Entities), in.Attributions)
	if err != nil {
		return nil, err
	}
	for i, c := range d.rules {
		k := ruleKey{c.Evidence.Start, c.Subject}
		d.ruleAt[k] = append(d.ruleAt[k], i)
	}
	var refs []ref
	for i, e := range in.Entities {
		for _, m := range e.Mentions {
			// the model reads names, as it was trained (see above)
			if !isName(m) {
				continue
			}
			if m.Start >= 0 && m.End <= len(in.Text) && m.Start < m.End {
				refs = append(refs, ref{m.Start, m.End, i})
			}
		}
	}
	sort.Slice(refs, func(a, b int) bool { return refs[a].start < refs[b].start })
	// salience: mentions so far and the last token position of each
	// person or organization
	count := map[int]int{}
	// for each type (PER, ORG), the entities of that type named last,
	// second last and most often (ties to the one named last), kept up
	// to date as each is named, so that a pronoun costs no pass over
	// every entity named before it
	type tops struct{ recent, recent2, salient int }
	top := map[string]*tops{"PER": {-1, -1, -1}, "ORG": {-1, -1, -1}}
	pos := 0
	n := 0
	for si, s := range in.Sentences {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		st := sentence{start: s.Start, end: s.End, named: map[int]bool{}}
		for _, t := range s.Tokens {
			if t.Start < 0 || t.End > len(in.Text) || t.Start >= t.End {
				continue
			}
			raw := in.Text[t.Start:t.End]
			low := fold(raw)
			x := tok{start: t.Start, end: t.End, low: low, stem: stem(low), kind: t.Kind, ent: -1}
			for n < len(refs) && refs[n].end <= t.Start {
				n++
			}
			if n < len(refs) && refs[n].start < t.End && refs[n].end > t.Start {
				x.ent = refs[n].ent
			}
			st.toks = append(st.toks, x)
		}
		w := st.toks
		for i := 0; i < len(w); i++ {
			pos++
			if e := w[i].ent; e >= 0 {
				j := i
				for j+1 < len(w) && w[j+1].ent == e {
					j++
				}
				if d.party(e) {
					st.subj = append(st.subj, cand{ent: e, i: i, j: j + 1, how: "name"})
					st.named[e] = true
					count[e]++
					if tp := top[d.Entities[e].Type]; tp != nil {
						if tp.recent != e {
							tp.recent, tp.recent2 = e, tp.recent
						}
						if tp.salient < 0 || count[e] >= count[tp.salient] {
							tp.salient = e
						}
					}
				} else if t := d.Entities[e].Type; t == "LOC" || t == "MISC" {
					// the recognizer's type may be wrong ("Porto" the club)
					st.subj = append(st.subj, cand{ent: e, i: i, j: j + 1, how: "name"})
				}
				pos += j - i
				i = j
				continue
			}
			kind, plural, indefinite := "", false, false
			switch l := w[i].low; {
			case personPronouns[l]:
				kind = "PER"
			case orgPronouns[l]:
				kind = "ORG"
			case l == "they" || l == "them" || l == "their":
				kind, plural = "PER", true
			case orgNouns[l] && i > 0 && (w[i-1].low == "the" || w[i-1].low == "this"):
				kind = "ORG"
			case personNouns[l] || personPlurals[l] || strings.HasSuffix(l, "-year-old"):
				det := determinerBefore(w, i)
				if det == "" {
					continue
				}
				kind, plural, indefinite = "PER", personPlurals[l], det == "a" || det == "an"
			}
			if kind == "" {
				continue
			}
			tp := top[kind]
			recent, recent2, salient := tp.recent, tp.recent2, tp.salient
			add := func(e int, how string) {
				if e < 0 {
					return
				}
				for _, c := range st.subj {
					if c.i == i && c.ent == e {
						return
					}
				}
				st.subj = append(st.subj, cand{ent: e, i: i, j: i + 1, pron: w[i].low, how: how})
			}
			if !indefinite {
				add(recent, "recent")
				add(salient, "salient")
				if plural {
					add(recent2, "recent2")
				}
			}
			if kind == "PER" && (indefinite || recent < 0) {
				add(d.nextPerson(refs, w[i].end, in.Sentences[min(si+3, len(in.Sentences)-1)].End), "next")
			}
		}
		for i, t := range w {
			if t.kind == segment.Word && t.ent < 0 {
				if _, ok := vocab[t.stem]; ok {
					st.trig = append(st.trig, i)
				}
			} else if t.kind == segment.Word && t.ent >= 0 && d.Entities[t.ent].Type != "PER" {
				// a trigger inside a name: "the Sinaloa Cartel", "the
				// Foreign Corrupt Practices Act"
				if _, ok := vocab[t.stem]; ok {
					st.trig = append(st.trig, i)
				}
			}
		}
		st.topics = claims.TopicSpans(in.Text, s)
		st.lex, st.lexNeg = claims.TriggerSpans(in.Text, s)
		d.sents = append(d.sents, st)
	}
	d.index()
	return d, nil
}

// ref is one entity mention, by byte range.
type ref struct{ start, end, ent int }

// isName reports whether a mention is a name, not a pronoun or
// description that the coref stage added (dossier.Mention.Kind).
func isName(m dossier.Mention) bool { return m.Kind == "" || m.Kind == "name" }

// nextPerson returns the first person named in [from, until), or -1:
// "a former manager" in a headline is the one the story names next.
func (d *doc) nextPerson(refs []ref, from, until int) int {
	k := sort.Search(len(refs), func(i int) bool { return refs[i].start >= from })
	for ; k < len(refs) && refs[k].start < until; k++ {
		if d.Entities[refs[k].ent].Type == "PER" {
			return refs[k].ent
		}
	}
	return -1
}

// determinerBefore returns the determiner (or possessive) opening the
// noun phrase of token i, looking back over at most three modifiers,
// or "".
func determinerBefore(w []tok, i int) string {
	for q := i - 1; q >= 0 && q >= i-4; q-- {
		switch l := w[q].low; l {
		case "the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their":
			return l
		}
		if w[q].kind != segment.Word && w[q].kind != segment.Number {
			return ""
		}
	}
	return ""
}

// personNouns are nouns that describe a person the story names
// elsewhere ("the former president", "a Houston software executive");
// personPlurals several ("the Korean nationals").
var (
	personNouns = set("president", "minister", "governor", "mayor", "senator", "lawmaker", "legislator", "congressman", "congresswoman",
		"deputy", "politician", "official", "officer", "executive", "businessman", "businesswoman", "tycoon", "magnate", "billionaire",
		"financier", "banker", "trader", "broker", "dealer", "accountant", "lawyer", "manager", "director", "chairman", "chairwoman",
		"founder", "owner", "boss", "chief", "leader", "head", "kingpin", "trafficker", "smuggler", "fugitive", "suspect", "defendant",
		"accused", "man", "woman", "general", "colonel", "commander", "soldier", "employee", "worker", "agent", "hacker", "fraudster",
		"entrepreneur", "investor", "partner", "associate", "aide", "adviser", "advisor", "player", "footballer", "coach", "star",
		"singer", "actor", "priest", "doctor", "nephew", "son", "daughter", "brother", "father", "mother", "wife", "husband", "ex-president",
		"ex-minister", "premier", "administrator", "treasurer", "secretary", "commissioner", "envoy", "ambassador", "diplomat", "citizen",
		"national", "resident", "native", "couple", "mobster", "gangster", "drug lord", "lord", "warlord", "militant", "terrorist")
	personPlurals = set("nationals", "investors", "brothers", "executives", "officials", "businessmen", "defendants", "suspects",
		"men", "women", "officers", "partners", "associates", "politicians", "lawmakers", "bankers", "traders", "brokers", "leaders")
)

// maxParse bounds the sentences parsed, in tokens.
const maxParse = 150

// parsed parses sentence k if it has not been, and reports whether it
// has a parse. The pipeline's parse (Doc.Syntax) is taken where there is
// one for the sentence's tokens; p parses the others.
func (d *doc) parsed(k int, p *parse.Model) bool {
	s := &d.sents[k]
	if s.heads != nil {
		return true
	}
	if len(s.toks) == 0 || len(s.toks) > maxParse {
		return false
	}
	if arcs := d.syntax(k); arcs != nil && len(arcs) == len(s.toks) && len(s.toks) == len(d.Sentences[k].Tokens) {
		s.heads = make([]int, len(arcs))
		s.deprels = make([]string, len(arcs))
		s.upos = make([]string, len(arcs))
		for i, a := range arcs {
			s.heads[i], s.deprels[i], s.upos[i] = a.Head, a.Rel, a.UPOS
		}
		return true
	}
	words := make([]parse.Word, len(s.toks))
	for i, t := range s.toks {
		words[i].Form = d.Text[t.start:t.end]
	}
	p.ParseWords(words)
	s.heads = make([]int, len(words))
	s.deprels = make([]string, len(words))
	s.upos = make([]string, len(words))
	for i, w := range words {
		s.heads[i] = w.Head - 1
		s.deprels[i] = w.Deprel
		s.upos[i] = w.UPOS
	}
	return true
}

// syntax returns the pipeline's parse of sentence k, or nil.
func (d *doc) syntax(k int) []dossier.Arc {
	if d.Syntax == nil {
		return nil
	}
	return d.Syntax(k)
}

// head returns the token of [i, j) whose head lies outside it.
func (s *sentence) head(i, j int) int {
	if s.heads == nil || i < 0 {
		return i
	}
	for q := i; q < j; q++ {
		if h := s.heads[q]; h < i || h >= j {
			return q
		}
	}
	return j - 1
}

// path returns the dependency path from token a up to the lowest common
// ancestor and down to token b, as relations ("^nsubj" up, "vobj" down),
// or "far" when either side is longer than four arcs.
func (s *sentence) path(a, b int) string {
	if s.heads == nil || a < 0 || b < 0 {
		return "none"
	}
	if a == b {
		return "self"
	}
	up := map[int]int{} // ancestor → steps from a
	x, steps := a, 0
	for x >= 0 && steps < 32 {
		up[x] = steps
		x = s.heads[x]
		steps++
	}
	var down []string
	y := b
	for y >= 0 && len(down) < 32 {
		if _, ok := up[y]; ok {
			break
		}
		down = append(down, rel(s.deprels[y]))
		y = s.heads[y]
	}
	if y < 0 {
		return "far"
	}
	n := up[y]
	if n > 4 || len(down) > 4 {
		return "far"
	}
	var b2 strings.Builder
	x = a
	for x != y {
		b2.WriteString("^" + rel(s.deprels[x]))
		x = s.heads[x]
	}
	for k := len(down) - 1; k >= 0; k-- {
		b2.WriteString("v" + down[k])
	}
	return b2.String()
}

// arcs is the number of arcs between tokens a and b in the tree (99
// when unknown).
func (s *sentence) arcs(a, b int) int {
	if s.heads == nil || a < 0 || b < 0 {
		return 99
	}
	up := map[int]int{}
	for x, n := a, 0; x >= 0 && n < 64; x, n = s.heads[x], n+1 {
		up[x] = n
	}
	for y, n := b, 0; y >= 0 && n < 64; y, n = s.heads[y], n+1 {
		if k, ok := up[y]; ok {
			return k + n
		}
	}
	return 99
}

// rel drops a relation's subtype except for the passive's and the
// agent's: "nsubj:pass" stays, "obl:tmod" is "obl".
func rel(r string) string {
	switch r {
	case "nsubj:pass", "aux:pass", "obl:agent", "nmod:poss", "acl:relcl":
		return r
	}
	if i := strings.IndexByte(r, ':'); i >= 0 {
		return r[:i]
	}
	return r
}

// children returns the tokens whose head is i.
func (s *sentence) children(i int) []int {
	var out []int
	for q, h := range s.heads {
		if h == i {
			out = append(out, q)
		}
	}
	return out
}

// fold lowers s and straightens apostrophes.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '’', '‘':
			r = '\''
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// stem strips a folded word's common English endings, so that
// "charged", "charges" and "charge" share "charg", and "allegedly"
// and "alleged" share "alleg". It is a light stemmer for grouping
// trigger words, not a lemmatizer.
func stem(w string) string {
	if len(w) > 6 && strings.HasSuffix(w, "ly") {
		w = w[:len(w)-2]
	}
	for _, suf := range []string{"ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s", "e"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 3 {
			w = w[:len(w)-len(suf)]
			if suf == "ies" || suf == "ied" {
				w += "y"
			}
			break
		}
	}
	return w
}

// namesOnly returns the entities with their names alone.
func namesOnly(ents []dossier.DocEntity) []dossier.DocEntity {
	out := make([]dossier.DocEntity, len(ents))
	for i, e := range ents {
		out[i] = e
		out[i].Mentions = nil
		for _, m := range e.Mentions {
			if isName(m) {
				out[i].Mentions = append(out[i].Mentions, m)
			}
		}
	}
	return out
}

// conjRoot returns the first of the conjuncts token i belongs to: i
// itself when it is no conjunct.
func (s *sentence) conjRoot(i int) int {
	if s.heads == nil || i < 0 {
		return i
	}
	for n := 0; n < 32 && rel(s.deprels[i]) == "conj" && s.heads[i] >= 0; n++ {
		i = s.heads[i]
	}
	return i
}
