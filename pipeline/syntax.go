package pipeline

import (
	"context"

	"dossier"
	"strings"
	"unicode"
	"unicode/utf8"

	"dossier/parse"
	"dossier/segment"
)

// Arc is the syntax of one token of a sentence (dossier.Arc): its part
// of speech, its head token (-1 for the root) and the relation to it.
type Arc = dossier.Arc

// Parse gives the document its syntax (Doc.Syntax): each sentence tagged
// and parsed with the UD model (parse.Default when Model is nil). A
// sentence is parsed the first time a later stage asks for it, so that
// the sentences no stage reads cost nothing (the claim model reads those
// with a promising trigger and subject); Syntax.All parses every one.
//
// The segmenter's tokens are mostly UD's words already (it splits "don't"
// into "do" and "n't", and possessive "'s"); a hyphenated token, which UD
// English splits into its parts and a hyphen ("well - known"), unless the
// first part is a bound prefix ("non-stop", "e-mail") or both are
// numbers, is given to the parser as those words, and its arc is that of
// the word the others depend on.
type Parse struct {
	Model *parse.Model
}

func (Parse) Name() string       { return "parse" }
func (Parse) Requires() []string { return []string{"sentences"} }
func (Parse) Assigns() []string  { return []string{"syntax"} }
func (p Parse) Process(_ context.Context, d *Doc) error {
	m := p.Model
	if m == nil {
		m = parse.Default()
	}
	d.Syntax = &Syntax{model: m, text: d.Text, sents: d.Sentences, arcs: make([][]Arc, len(d.Sentences))}
	return nil
}

// Syntax is the parse of a document's sentences, made on demand. It is
// not safe for concurrent use, as a Doc is not.
type Syntax struct {
	model *parse.Model
	text  string
	sents []segment.Sentence
	arcs  [][]Arc
}

// Sentence returns the arcs of sentence k, one per token, parsing the
// sentence on first use; nil when k is out of range.
func (s *Syntax) Sentence(k int) []Arc {
	if s == nil || k < 0 || k >= len(s.arcs) {
		return nil
	}
	if s.arcs[k] == nil {
		s.arcs[k] = ParseSentence(s.model, s.text, s.sents[k])
	}
	return s.arcs[k]
}

// All returns the arcs of every sentence, parsing those not parsed yet;
// ctx can stop it between sentences.
func (s *Syntax) All(ctx context.Context) ([][]Arc, error) {
	if s == nil {
		return nil, nil
	}
	for k := range s.arcs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		s.Sentence(k)
	}
	return s.arcs, nil
}

// Parsed returns the number of sentences parsed so far.
func (s *Syntax) Parsed() int {
	n := 0
	if s != nil {
		for _, a := range s.arcs {
			if a != nil {
				n++
			}
		}
	}
	return n
}

// maxParseWords bounds the words of a sentence given to the parser:
// longer "sentences" (tables, lists without stops) are parsed in pieces
// of that many words, each with a root of its own, so that the time spent
// stays linear in the text.
const maxParseWords = 200

// ParseSentence parses one sentence of text and returns an Arc per token.
func ParseSentence(m *parse.Model, text string, s segment.Sentence) []Arc {
	words, owner := udWords(text, s.Tokens)
	arcs := make([]Arc, len(s.Tokens))
	for lo := 0; lo < len(words); lo += maxParseWords {
		hi := min(lo+maxParseWords, len(words))
		ws := words[lo:hi]
		m.ParseWords(ws)
		for k := range ws { // heads are 1-based within the piece, 0 for its root
			if ws[k].Head > 0 {
				ws[k].Head += lo
			}
		}
	}
	// A token's arc is that of its word nearest the root: the word its
	// other words hang from, when they form one subtree (a hyphenated
	// compound does).
	depth := make([]int, len(words))
	for w := range words {
		d, k := 0, w
		for words[k].Head > 0 && d <= len(words) {
			k, d = words[k].Head-1, d+1
		}
		depth[w] = d
	}
	best := make([]int, len(s.Tokens))
	for t := range best {
		best[t] = -1
	}
	for w := range words {
		if t := owner[w]; best[t] < 0 || depth[w] < depth[best[t]] {
			best[t] = w
		}
	}
	for t, w := range best {
		arcs[t] = Arc{UPOS: words[w].UPOS, Rel: words[w].Deprel, Head: -1}
		if h := words[w].Head; h > 0 && owner[h-1] != t {
			arcs[t].Head = owner[h-1]
		}
	}
	// Words of one token that are not one subtree can make tokens point
	// at each other: such a cycle is cut where it is found, the token
	// becoming a root.
	state := make([]uint8, len(arcs)) // 0 unseen, 1 on the current path, 2 done
	for t := range arcs {
		var path []int
		k := t
		for k >= 0 && state[k] == 0 {
			state[k] = 1
			path = append(path, k)
			k = arcs[k].Head
		}
		if k >= 0 && state[k] == 1 {
			arcs[k].Head = -1
		}
		for _, x := range path {
			state[x] = 2
		}
	}
	return arcs
}

// udWords turns a sentence's tokens into the words the UD parser reads,
// and owner[w], the token word w came from.
func udWords(text string, toks []segment.Token) (words []parse.Word, owner []int) {
	for t, tk := range toks {
		form := tk.Text(text)
		for _, part := range splitHyphens(form) {
			words = append(words, parse.Word{Form: part})
			owner = append(owner, t)
		}
	}
	return words, owner
}

// boundPrefixes keep their hyphen in UD English ("non-stop", "e-mail",
// "anti-war"): the words before a hyphen that EWT writes as one word
// with what follows.
var boundPrefixes = map[string]bool{
	"e": true, "non": true, "mid": true, "pre": true, "anti": true, "re": true, "post": true, "co": true,
	"over": true, "pro": true, "multi": true, "ex": true, "sub": true, "semi": true, "cross": true,
	"neo": true, "psycho": true, "socio": true, "counter": true, "inter": true, "intra": true, "micro": true,
}

// splitHyphens cuts a token at the hyphens UD English writes as words of
// their own: between two letters or digits, unless the part before is a
// bound prefix or both parts are numbers. URLs and e-mail addresses stay
// whole.
func splitHyphens(form string) []string {
	if !strings.Contains(form, "-") || strings.ContainsAny(form, "@/:") || utf8.RuneCountInString(form) < 3 {
		return []string{form}
	}
	var out []string
	start := 0
	for i := 1; i < len(form)-1; i++ {
		if form[i] != '-' {
			continue
		}
		left, right := form[start:i], form[i+1:]
		if !alnumEnd(left, true) || !alnumEnd(right, false) {
			continue
		}
		if boundPrefixes[strings.ToLower(left)] || isNumber(left) && isNumber(firstPart(right)) {
			continue
		}
		out = append(out, left, "-")
		start = i + 1
	}
	return append(out, form[start:])
}

// alnumEnd reports whether s ends (last) or starts (!last) with a letter
// or digit.
func alnumEnd(s string, last bool) bool {
	if s == "" {
		return false
	}
	var r rune
	if last {
		r, _ = utf8.DecodeLastRuneInString(s)
	} else {
		r, _ = utf8.DecodeRuneInString(s)
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func firstPart(s string) string {
	if i := strings.IndexByte(s, '-'); i >= 0 {
		return s[:i]
	}
	return s
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsDigit(r) && r != '.' && r != ',' {
			return false
		}
	}
	return true
}

// Func returns Sentence as a function, nil when s is nil: the form in
// which packages that cannot import pipeline (claimml) take the syntax.
func (s *Syntax) Func() func(k int) []Arc {
	if s == nil {
		return nil
	}
	return s.Sentence
}
