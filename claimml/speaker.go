package claimml

import (
	"sort"

	"dossier"
	"dossier/segment"
)

// spk is a candidate speaker: none (h < 0), an entity (ent ≥ 0, span a
// mention or a pronoun read as it), or a descriptor noun of the
// sentence.
type spk struct {
	h          int    // head token, -1 for none, -2 outside the sentence
	from       string // "rule" or "attr" for a source those give
	ent        int
	start, end int // span as written
}

// speakerCands lists the candidate speakers of a claim in sentence k:
// none, the persons and organizations of the sentence (and pronouns
// read as them), and, when the sentence is parsed, its other nouns.
func (d *doc) speakerCands(k int) []spk {
	s := &d.sents[k]
	out := []spk{{h: -1, ent: -1}}
	inParty := make([]bool, len(s.toks))
	for _, c := range s.subj {
		if c.how == "salient" {
			continue
		}
		out = append(out, spk{h: s.head(c.i, c.j), ent: c.ent, start: s.toks[c.i].start, end: s.toks[c.j-1].end})
		for q := c.i; q < c.j; q++ {
			inParty[q] = true
		}
	}
	// the rules' speakers and the attribution model's sources, where
	// no candidate overlaps them (a descriptor the parse splits, a
	// source in another sentence)
	overlapsAny := func(start, end int) bool {
		for _, x := range out[1:] {
			if x.start < end && start < x.end {
				return true
			}
		}
		return false
	}
	addSource := func(src *dossier.Source, from string) {
		if src == nil || src.End <= src.Start || src.End > len(d.Text) || overlapsAny(src.Start, src.End) {
			return
		}
		x := spk{h: -2, ent: d.entityIndex(src.Entity), start: src.Start, end: src.End, from: from}
		if src.Entity == "" {
			x.ent = -1
		}
		for i, t := range s.toks {
			if t.start >= src.Start && t.end <= src.End {
				x.h = i // the last word inside: the head of an English noun phrase
			}
		}
		out = append(out, x)
	}
	for _, i := range d.rulesAt[s.start] {
		addSource(d.rules[i].Speaker, "rule")
	}
	for _, i := range d.sentAttrs[k] {
		addSource(d.Attributions[i].Source, "attr")
	}
	if s.heads == nil {
		return out
	}
	for i, t := range s.toks {
		if inParty[i] || t.kind != segment.Word {
			continue
		}
		if u := s.upos[i]; u != "NOUN" && u != "PROPN" {
			continue
		}
		// a noun inside a larger noun phrase is read through its head
		if h := s.heads[i]; h >= 0 && (s.deprels[i] == "compound" || s.deprels[i] == "flat") {
			continue
		}
		start := i
		for _, c := range s.children(i) {
			switch rel(s.deprels[c]) {
			case "det", "amod", "compound", "nmod:poss", "nummod":
				if c < start {
					start = c
				}
			}
		}
		x := spk{h: i, ent: -1, start: s.toks[start].start, end: t.end}
		if start < i && s.toks[start].low == "the" {
			x.ent = d.named(t.low, s.start)
		}
		out = append(out, x)
	}
	return out
}

// named returns the organization named last before byte end whose name
// holds the word: "the department" after "the U.S. Justice Department",
// or -1.
func (d *doc) named(word string, end int) int {
	ms := d.orgWords[word] // by start (see index)
	k := sort.Search(len(ms), func(i int) bool { return ms[i].start >= end })
	if k == 0 || ms[k-1].start < 0 {
		return -1
	}
	return ms[k-1].ent
}

// speakerFeatures describes candidate x as the speaker of claim r.
func (d *doc) speakerFeatures(f *fb, r claimRef, x spk) {
	s := &d.sents[r.k]
	st := r.stance
	pass := r.t >= 0 && s.passive(r.t)
	if x.h == -1 {
		f.add("none")
		f.add("none,st", st)
		f.add("none,pass", st, boolString(pass))
		rep := false
		for _, w := range s.toks {
			if reporting[w.low] {
				rep = true
				f.add("none,rep", w.low)
			}
		}
		if !rep {
			f.add("none,norep", st)
		}
		for _, ri := range d.ruleAt[ruleKey{s.start, d.Entities[r.c.ent].ID}] {
			if d.rules[ri].Speaker == nil {
				f.add("none,rulenone")
			} else {
				f.add("none,rulesome")
			}
		}
		if d.attributed(r.k, s.toks[max(r.t, 0)].start) {
			f.add("none,attr")
		}
		return
	}
	kind := "noun"
	if x.ent >= 0 {
		kind = d.Entities[x.ent].Type
	}
	if x.from != "" {
		f.add("from", x.from)
		f.add("from,st", x.from, st)
		f.add("from,kind", x.from, kind)
	}
	if x.h == -2 {
		f.add("outside", kind)
		f.add("outside,st", st)
		return
	}
	w := s.toks[x.h]
	f.add("kind", kind)
	f.add("kind,st", kind, st)
	if x.ent < 0 {
		f.add("w", w.stem)
		f.add("w,st", w.stem, st)
	}
	if x.ent == r.c.ent {
		f.add("issubj", st)
	}
	if r.t >= 0 {
		dist := distance(x.h - r.t)
		f.add("dist", dist)
		f.add("dist,st", dist, st)
		if s.heads != nil {
			p := s.path(r.t, x.h)
			f.add("path", p)
			f.add("path,st", p, st)
			f.add("path,pass", p, boolString(pass))
			f.add("path,kind", p, kind)
		}
	}
	if documentNouns[w.low] {
		// "a release", "the complaint": the guide's speaker is who
		// issued it, when the sentence names them
		f.add("docnoun", st)
	}
	if s.heads != nil {
		dep := rel(s.deprels[x.h])
		f.add("dep", dep)
		f.add("dep,st", dep, st)
		if hh := s.heads[x.h]; hh >= 0 && documentNouns[s.toks[hh].low] && (dep == "nmod" || s.deprels[x.h] == "nmod:poss") {
			// "a release from the U.S. Attorney's office", "the
			// office's statement": the one who issued a document
			f.add("docsrc", st)
			f.add("docsrc,kind", kind)
		}
		if hh := s.heads[x.h]; hh >= 0 {
			hw := s.toks[hh].low
			f.add("head", s.toks[hh].stem, dep)
			if reporting[hw] {
				f.add("rep", dep)
				f.add("rep,kind", dep, kind)
			}
			if hh == r.t {
				f.add("oftrig", dep)
			}
		}
		for _, c := range s.children(x.h) {
			if s.deprels[c] == "case" {
				f.add("case", s.toks[c].low)
				f.add("case,st", s.toks[c].low, st)
			}
		}
	}
	for _, ri := range d.ruleAt[ruleKey{s.start, d.Entities[r.c.ent].ID}] {
		if sp := d.rules[ri].Speaker; sp != nil {
			if x.ent >= 0 && sp.Entity == d.Entities[x.ent].ID || sp.End > sp.Start && sp.Start < x.end && x.start < sp.End {
				f.add("rulespk")
				f.add("rulespk,st", st)
			}
		}
	}
	for _, ai := range d.sentAttrs[r.k] {
		a := &d.Attributions[ai]
		if r.t < 0 {
			continue
		}
		tt := s.toks[r.t]
		if a.Content.Start <= tt.start && tt.end <= a.Content.End && a.Source.Start < x.end && x.start < a.Source.End {
			f.add("attr")
			f.add("attr,kind", kind)
		}
	}
}

// documentNouns are documents that speak for whoever issued them.
var documentNouns = set("release", "statement", "statements", "complaint", "complaints", "indictment", "documents", "document",
	"filing", "filings", "affidavit", "report", "reports", "letter", "order", "ruling", "lawsuit", "suit", "papers", "notice")

// attributed reports whether an attribution's content holds byte i of
// sentence k.
func (d *doc) attributed(k, i int) bool {
	for _, ai := range d.sentAttrs[k] {
		if a := &d.Attributions[ai]; a.Content.Start <= i && i < a.Content.End {
			return true
		}
	}
	return false
}

func boolString(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// source turns a candidate speaker into a claim's speaker.
func (d *doc) source(x spk) *dossier.Source {
	if x.h == -1 {
		return nil
	}
	s := &dossier.Source{Start: x.start, End: x.end, Name: d.Text[x.start:x.end]}
	if x.ent >= 0 {
		s.Entity, s.Name = d.Entities[x.ent].ID, d.Entities[x.ent].Name
	}
	return s
}
