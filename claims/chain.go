package claims

import (
	"strings"

	"dossier"
	"dossier/segment"
)

// chain is what a sentence says about where its content came from.
type chain struct {
	basis  []dossier.Source // what the speaker's account draws on: "draws on anonymous sources"
	recips []dossier.Source // outlets told: "those sources told the Journal"
	relays []dossier.Source // from the innermost to the outermost: citing … according to … reported
}

// chainOf reads the sourcing phrases of a sentence.
func (r *reader) chainOf(w []tok, hits []hit) chain {
	var ch chain
	var group []dossier.Source // according to A, citing B, which cited C: A, B, C
	var trailing []dossier.Source
	for q := 0; q < len(w); q++ {
		l := w[q].low
		switch {
		case l == "according" && q+1 < len(w) && w[q+1].low == "to":
			if a := r.phraseAfter(w, q+2); a.ok() {
				group = append(group, r.source(a, "according to"))
			}
		case l == "citing" || l == "cited" && q > 0 && (w[q-1].low == "which" || w[q-1].low == "who"):
			if a := r.phraseAfter(w, q+1); a.ok() {
				group = append(group, r.source(a, "citing"))
			}
		case (l == "draws" || l == "drew" || l == "based" || l == "relies" || l == "relied") && q+1 < len(w) && w[q+1].low == "on":
			if a := r.phraseAfter(w, q+2); a.ok() {
				ch.basis = append(ch.basis, r.source(a, "drawn on"))
			}
		case (l == "reported" || l == "said" || l == "says" || l == "reports") && q > 0:
			// trailing ", the Spanish newspaper ABC reported"
			if a := r.phraseBefore(w, q); a.ok() && q+1 < len(w) && trailingEnd(w, q+1) && startsAfterComma(w, a) {
				trailing = append(trailing, r.source(a, l))
			}
		}
	}
	var sayers []actor // of the cues with a clause, outermost first
	for _, h := range hits {
		if h.t.mode != clause || h.t.prefix {
			continue
		}
		if hasThat(w, h.j) {
			if a := r.left(w, h.i); a.ok() {
				sayers = append(sayers, a)
			}
		}
		if h.t.words[0] == "told" || h.t.words[0] == "tells" {
			if h.j < len(w) {
				if a := r.phraseAfter(w, h.j); a.ent >= 0 && r.ents[a.ent].Type == "ORG" {
					ch.recips = append(ch.recips, r.source(a, "told"))
				}
			}
		}
	}
	for i := len(group) - 1; i >= 0; i-- {
		ch.relays = append(ch.relays, group[i])
	}
	// "ABC reported that Salazar … told investigators that …": Salazar
	// speaks, ABC relays
	for i := len(sayers) - 2; i >= 0; i-- {
		ch.relays = append(ch.relays, r.source(sayers[i], "reported"))
	}
	ch.relays = append(ch.relays, trailing...)
	return ch
}

// trailingEnd reports whether only punctuation, a date or a place
// follows token q to the sentence end: "… reported on Jan. 27, 2015."
func trailingEnd(w []tok, q int) bool {
	for ; q < len(w); q++ {
		if w[q].kind == segment.Punct || w[q].kind == segment.Number || w[q].ent >= 0 || w[q].low == "on" || w[q].low == "in" || w[q].low == "last" || w[q].low == "jan" || w[q].low == "." {
			continue
		}
		return false
	}
	return true
}

// startsAfterComma reports whether descriptor a starts right after a
// comma, so it is a trailing attribution and not the clause's subject.
func startsAfterComma(w []tok, a actor) bool {
	for q := 1; q < len(w); q++ {
		if w[q].start == a.start {
			for z := q - 1; z >= 0 && z >= q-5; z-- {
				if w[z].low == "," {
					return true
				}
				if w[z].kind != segment.Word {
					return false
				}
			}
			return false
		}
	}
	return false
}

// chainFor builds a claim's source chain, from the origin to the
// publisher.
func (r *reader) chainFor(speaker *dossier.Source, ch chain) []dossier.Source {
	var out []dossier.Source
	add := func(s dossier.Source) {
		for _, o := range out {
			if sameSource(o, s) {
				return
			}
		}
		out = append(out, s)
	}
	for _, s := range ch.basis {
		add(s)
	}
	if speaker != nil {
		// "those sources": continue the chain of the sentence that named them
		if prev, rest, ok := r.earlier(*speaker); ok {
			add(prev)
			for _, s := range ch.recips {
				add(s)
			}
			for _, s := range rest {
				add(s)
			}
		} else {
			add(*speaker)
		}
	}
	for _, s := range ch.recips {
		add(s)
	}
	for _, s := range ch.relays {
		add(s)
	}
	// a reporter's outlet follows the reporter
	for i := 0; i < len(out); i++ {
		if out[i].Entity == "" {
			continue
		}
		for _, e := range r.ents {
			if e.ID != out[i].Entity {
				continue
			}
			for _, ro := range e.Roles {
				if (ro.Title == "reporter" || ro.Title == "correspondent" || ro.Title == "editor" || ro.Title == "journalist") && ro.OfEntity != "" {
					for _, o := range r.ents {
						if o.ID == ro.OfEntity {
							s := dossier.Source{Entity: o.ID, Name: o.Name, Cue: "employs"}
							if i+1 >= len(out) || !sameSource(out[i+1], s) {
								dup := false
								for _, x := range out {
									dup = dup || sameSource(x, s)
								}
								if !dup {
									out = append(out[:i+1], append([]dossier.Source{s}, out[i+1:]...)...)
								}
							}
						}
					}
				}
			}
		}
	}
	if r.publisher != nil {
		add(*r.publisher)
	}
	return out
}

// earlier finds, for a descriptor such as "those sources" or "the
// newspaper", the link of an earlier sentence's chain it refers to, and
// the links that followed it there.
func (r *reader) earlier(s dossier.Source) (dossier.Source, []dossier.Source, bool) {
	if s.Entity != "" {
		return s, nil, false
	}
	f := strings.Fields(fold(s.Name))
	if len(f) < 2 || (f[0] != "those" && f[0] != "these" && f[0] != "the" && f[0] != "such") {
		return s, nil, false
	}
	head := f[len(f)-1]
	for c := len(r.chains) - 2; c >= 0 && c >= len(r.chains)-4; c-- {
		links := append(append([]dossier.Source{}, r.chains[c].basis...), r.chains[c].relays...)
		for i, l := range links {
			if l.Entity != "" {
				continue
			}
			lf := strings.Fields(fold(l.Name))
			for _, x := range lf {
				if x == head {
					return l, links[i+1:], true
				}
			}
		}
	}
	return s, nil, false
}

func sameSource(a, b dossier.Source) bool {
	if a.Entity != "" || b.Entity != "" {
		return a.Entity == b.Entity
	}
	return fold(a.Name) == fold(b.Name)
}

// findPublisher reads the outlet of a dateline in the first sentences:
// "CARACAS, Venezuela (Andean Wire) —".
func (r *reader) findPublisher() *dossier.Source {
	for k := 0; k < len(r.sents) && k < 4; k++ {
		w := r.tokens(k)
		for q := 0; q+2 < len(w) && q < 12; q++ {
			if w[q].low != "(" {
				continue
			}
			z := q + 1
			for z < len(w) && w[z].low != ")" && z < q+6 {
				z++
			}
			if z >= len(w) || w[z].low != ")" || z == q+1 {
				continue
			}
			// "(Andean Wire) —", or a document that opens "(CNN) …"
			if z+1 < len(w) && (w[z+1].low == "—" || w[z+1].low == "-" || w[z+1].low == "--" || w[z+1].low == "–") || k == 0 && q == 0 {
				a := actor{ent: -1, start: w[q+1].start, end: w[z-1].end}
				if e := w[q+1].ent; e >= 0 && w[z-1].ent == e {
					a.ent = e
				}
				s := r.source(a, "published")
				s.Anonymous = false
				return &s
			}
		}
	}
	return nil
}
