package claimml

import (
	"strconv"
	"strings"

	"dossier/claims"
	"dossier/internal/featurehash"
	"dossier/internal/perceptron"
)

// Stances are the stance model's classes after "none" (class 0).
var Stances = []string{"alleged", "charged", "convicted", "sanctioned", "denied", "cleared"}

func stanceIndex(s string) int {
	for i, x := range Stances {
		if x == s {
			return i + 1
		}
	}
	return 0
}

// Keys are the topic keys the topic model scores, in taxonomy order.
var Keys = func() []string {
	out := make([]string, len(claims.Topics))
	for i, t := range claims.Topics {
		out[i] = t.Key
	}
	return out
}()

// fb hashes features into buckets.
type fb struct {
	out  []uint32
	bits uint
}

func (f *fb) add(parts ...string) {
	h := uint64(featurehash.Offset)
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			h ^= uint64(p[i])
			h *= featurehash.Prime
		}
		h ^= 0x1f
		h *= featurehash.Prime
	}
	f.out = append(f.out, perceptron.Bucket(featurehash.Mix(h), f.bits))
}

// distance buckets a signed token distance.
func distance(d int) string {
	a := d
	if a < 0 {
		a = -a
	}
	var b string
	switch {
	case a <= 1:
		b = "1"
	case a <= 3:
		b = "3"
	case a <= 6:
		b = "6"
	case a <= 12:
		b = "12"
	default:
		b = "far"
	}
	if d < 0 {
		return "-" + b
	}
	return "+" + b
}

var negations = set("not", "n't", "never", "no", "without", "nor", "neither")
var modals = set("could", "may", "might", "would", "will", "should", "can", "must", "expected", "likely", "possible", "if", "whether", "unless")
var reporting = set("said", "say", "says", "told", "tell", "tells", "reported", "reports", "according", "claimed", "claims", "alleged",
	"alleges", "wrote", "writes", "stated", "added", "announced", "testified", "confirmed", "insisted", "argued", "noted", "explained")

// word returns token i's folded form, or a boundary marker.
func (s *sentence) word(i int) string {
	if i < 0 {
		return "<s>"
	}
	if i >= len(s.toks) {
		return "</s>"
	}
	return s.toks[i].low
}

// lexAt returns the lexicon trigger label covering token i and whether
// it is negated, or "".
func (s *sentence) lexAt(i int) (string, bool) {
	t := s.toks[i]
	for k, x := range s.lex {
		if x.Start <= t.start && t.end <= x.End {
			return x.Label, s.lexNeg[k]
		}
	}
	return "", false
}

// negated reports a negation among the trigger's dependents or in the
// three tokens before it.
func (s *sentence) negated(i int) bool {
	for q := i - 1; q >= 0 && q >= i-3; q-- {
		if negations[s.toks[q].low] {
			return true
		}
	}
	if s.heads != nil {
		for _, c := range s.children(i) {
			if negations[s.toks[c].low] {
				return true
			}
		}
	}
	return false
}

// modal returns a modal or conditional word governing the trigger.
func (s *sentence) modal(i int) string {
	if s.heads != nil {
		for _, c := range s.children(i) {
			if modals[s.toks[c].low] {
				return s.toks[c].low
			}
		}
	}
	for q := i - 1; q >= 0 && q >= i-3; q-- {
		if modals[s.toks[q].low] {
			return s.toks[q].low
		}
	}
	return ""
}

// passive reports a passive trigger: a passive auxiliary or subject
// among its dependents, or "was/were/been" just before it.
func (s *sentence) passive(i int) bool {
	if s.heads != nil {
		for _, c := range s.children(i) {
			switch s.deprels[c] {
			case "aux:pass", "nsubj:pass", "obl:agent":
				return true
			}
		}
	}
	for q := i - 1; q >= 0 && q >= i-2; q-- {
		switch s.toks[q].low {
		case "was", "were", "been", "being", "is", "are", "be":
			return strings.HasSuffix(s.toks[i].low, "ed")
		}
	}
	return false
}

// candWord names a candidate subject for features: its entity type, or
// the pronoun and how it was read.
func (d *doc) candWord(c cand) string {
	if c.pron != "" {
		return c.pron + "/" + c.how
	}
	return d.Entities[c.ent].Type
}

// ruleStances returns the stances the rules give entity e in the
// sentence, and those whose cue holds the trigger word.
func (d *doc) ruleStances(k, e int, trig string) (all, cue []string) {
	s := &d.sents[k]
	for _, ri := range d.ruleAt[ruleKey{s.start, d.Entities[e].ID}] {
		c := d.rules[ri]
		st := c.Stance
		if st == "reported" {
			st = "alleged"
		}
		all = append(all, st)
		if trig != "" && strings.Contains(fold(c.Cue), trig) {
			cue = append(cue, st)
		}
	}
	return all, cue
}

// stanceFeatures describes the pair (trigger token t, subject c) of
// sentence k.
func (d *doc) stanceFeatures(f *fb, k, t int, c cand, vocab map[string]uint8) {
	s := &d.sents[k]
	tw := s.toks[t]
	st := tw.stem
	f.add("bias")
	f.add("t", st)
	f.add("tw", tw.low)
	if m, ok := vocab[st]; ok && m > 0 {
		f.add("maj", Stances[m-1])
		f.add("maj,t", Stances[m-1], st)
	}
	lex, lneg := s.lexAt(t)
	f.add("lex", lex)
	if lneg {
		f.add("lexneg", lex)
	}
	f.add("t-1", s.word(t-1), st)
	f.add("t+1", st, s.word(t+1))
	f.add("t-2", s.word(t-2))
	f.add("t+2", s.word(t+2))
	f.add("t-1w", s.word(t-1))
	f.add("t+1w", s.word(t+1))
	cw := d.candWord(c)
	f.add("cw", cw)
	f.add("cw,t", cw, st)
	// who the entity is in the story: how often it is named, and the
	// posts and titles the roles stage gave it (a judge or a prosecutor
	// acts on the accused)
	sal := d.salience(c.ent)
	f.add("sal", sal)
	f.add("sal,t", sal, st)
	e := &d.Entities[c.ent]
	for _, x := range e.Titles {
		f.add("title", fold(x))
	}
	for _, r := range e.Roles {
		f.add("role", r.Title)
		f.add("role,t", r.Title, st)
	}
	h := s.head(c.i, c.j)
	dist := distance(h - t)
	f.add("dist", dist)
	f.add("dist,t", dist, st)
	if c.pron == "" {
		f.add("cpron-none")
	} else {
		f.add("cpron,dist", c.how, dist)
	}
	// another candidate nearer to the trigger
	nearer := false
	for _, o := range s.subj {
		if o.ent != c.ent && abs(o.i-t) < abs(c.i-t) {
			nearer = true
			break
		}
	}
	if nearer {
		f.add("nearer")
		f.add("nearer,t", st)
	}
	if s.negated(t) {
		f.add("neg")
		f.add("neg,t", st)
	}
	if m := s.modal(t); m != "" {
		f.add("modal", m)
		f.add("modal,t", st)
	}
	pass := s.passive(t)
	if pass {
		f.add("pass")
		f.add("pass,t", st)
	}
	all, cue := d.ruleStances(k, c.ent, tw.low)
	if len(all) == 0 {
		f.add("rule", "none")
	}
	for _, x := range all {
		f.add("rule", x)
		f.add("rule,t", x, st)
	}
	for _, x := range cue {
		f.add("rulecue", x)
	}
	if s.heads != nil {
		f.add("arcs", strconv.Itoa(min(s.arcs(t, h), 6)))
		p := s.path(t, h)
		f.add("path", p)
		f.add("path,t", p, st)
		f.add("path,pass", p, strconv.FormatBool(pass))
		f.add("path,cw", p, cw)
		f.add("tpos", s.upos[t])
		f.add("tdep", rel(s.deprels[t]), st)
		f.add("cdep", rel(s.deprels[h]))
		f.add("cdep,t", rel(s.deprels[h]), st)
		if hh := s.heads[h]; hh >= 0 {
			f.add("chead", s.toks[hh].stem)
			f.add("chead,t", s.toks[hh].stem, st)
		}
		// the case marker of the candidate ("of", "against", "by")
		for _, ch := range s.children(h) {
			if s.deprels[ch] == "case" {
				f.add("ccase", s.toks[ch].low)
				f.add("ccase,t", s.toks[ch].low, st)
			}
		}
		// the trigger's governor ("faces charges", "said … arrested")
		if th := s.heads[t]; th >= 0 {
			f.add("thead", s.toks[th].stem)
			f.add("thead,t", s.toks[th].stem, st)
		}
	} else {
		f.add("noparse")
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// salience ranks entity e among the document's persons and
// organizations by how often they are named: "1", "2", "3", "4+".
func (d *doc) salience(e int) string {
	if d.mentions == nil {
		d.mentions = make([]int, len(d.Entities))
		for i, x := range d.Entities {
			if x.Type == "PER" || x.Type == "ORG" {
				for _, m := range x.Mentions {
					if isName(m) {
						d.mentions[i]++
					}
				}
			}
		}
	}
	rank := d.salienceRank(e)
	if rank > 3 {
		return "4+"
	}
	return strconv.Itoa(rank)
}
