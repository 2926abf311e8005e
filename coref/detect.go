package coref

import "sort"

// headSpan is a mention found in raw text before it is described.
type headSpan struct {
	Span
	head int
	typ  uint8 // the typer's type when the detector asked it, else tNone
}

// Pronouns the detector takes as mentions: personal, possessive and
// reflexive ones. Demonstratives and relatives mostly refer to events
// and clauses, or to the noun they follow, and are left out.
var detectPronouns = func() map[string]bool {
	out := map[string]bool{}
	for p := range pronouns {
		switch p {
		case "this", "that", "these", "those", "who", "whom", "whose", "which", "em":
		default:
			out[p] = true
		}
	}
	return out
}()

// detect finds the mentions of a text without a parse: the recognized
// names of people, organizations, places and other things, with the
// titles and determiner before them and a possessive 's after (as GUM
// marks them: "U.S. President Donald Trump's"); personal, possessive and
// reflexive pronouns; and noun phrases headed by a noun that names
// people or organizations ("the veteran officer", "the newspaper's
// reporter", "his lawyer", "the head of the central bank"), definite
// ones anywhere and indefinite ones after a comma or a form of "be"
// (appositions and predicates: ", a former general").
func detect(t *text, ty *typer) []headSpan {
	var d detector
	return d.detect(t, ty, nil)
}

// detector keeps detect's set of spans between calls.
type detector struct{ seen map[Span]bool }

// detect appends the mentions of t to out.
func (d *detector) detect(t *text, ty *typer, out []headSpan) []headSpan {
	toks := t.toks
	if d.seen == nil {
		d.seen = map[Span]bool{}
	}
	clear(d.seen)
	seen := d.seen
	emit := func(s Span, head int, typ uint8) {
		if s.Start < s.End && !seen[s] {
			seen[s] = true
			out = append(out, headSpan{s, head, typ})
		}
	}
	// names
	for i := 0; i < len(toks); {
		if toks[i].ner == tNone {
			i++
			continue
		}
		a, b := i, i+1
		for b < len(toks) && toks[b].ner == toks[a].ner && !toks[b].nerBegin {
			b++
		}
		i = b
		typ := toks[a].ner
		if typ == tTime {
			continue
		}
		head := findHead(toks, Span{a, b})
		s := Span{a, b}
		// titles and modifiers written in capitals before a person's name
		for s.Start > 0 && toks[s.Start-1].sent == toks[a].sent && toks[s.Start-1].cap && toks[s.Start-1].ner == tNone &&
			(nounLike(toks[s.Start-1].class) || toks[s.Start-1].class == cAdj) {
			s.Start--
		}
		// and a place or organization before the title: "U.S. President …"
		for s.Start < a && s.Start > 0 && toks[s.Start-1].sent == toks[a].sent && (toks[s.Start-1].ner == tLOC || toks[s.Start-1].ner == tORG || toks[s.Start-1].ner == tMISC) {
			s.Start--
		}
		if s.Start > 0 && toks[s.Start-1].sent == toks[a].sent && toks[s.Start-1].low == "the" && (typ != tPER || s.Start < a) {
			s.Start--
		}
		if s.End < len(toks) && toks[s.End].class == cPoss {
			s.End++
		}
		emit(s, head, tNone)
	}
	// pronouns
	for i, x := range toks {
		if detectPronouns[x.low] && (x.low != "us" || !x.cap) {
			emit(Span{i, i + 1}, i, tNone)
		}
	}
	// noun phrases headed by person and organization nouns
	for k := range toks {
		x := toks[k]
		definite := x.low == "the" || x.low == "this" || x.low == "that" || x.low == "these" || x.low == "those" || possessivePronouns[x.low]
		indefinite := x.low == "a" || x.low == "an"
		if indefinite && k > 0 && toks[k-1].sent == x.sent && (toks[k-1].form == "," || copulas[toks[k-1].low]) {
			definite = true
		}
		if !definite {
			continue
		}
		start := k
		for from := k + 1; ; {
			end, head := nounRun(toks, from)
			if head < 0 {
				break
			}
			s := Span{start, end}
			possessor := end < len(toks) && toks[end].class == cPoss
			if possessor {
				s.End++ // GUM's possessor mentions keep their 's
			}
			if toks[head].class != cProp && toks[head].class != cProps {
				// "the head of the central bank": the of-phrase belongs to it
				if !possessor && end+1 < len(toks) && toks[end].low == "of" && toks[end].sent == x.sent {
					f := end + 1
					if determiners[toks[f].low] || possessivePronouns[toks[f].low] {
						f++
					}
					if e2, h2 := nounRun(toks, f); h2 >= 0 {
						if e2 < len(toks) && toks[e2].class == cPoss {
							e2++
						}
						s.End = e2
					}
				}
				if typ := ty.typeOf(t, s, head); typ == tPER || typ == tORG || typ == tLOC {
					emit(s, head, typ)
				}
			}
			// a possessor: "the newspaper's reporter" goes on after 's
			if possessor {
				from = end + 1
				continue
			}
			break
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].End > out[j].End
	})
	return out
}

// nounRun scans pre-modifiers from token k to the head noun of a simple
// noun phrase: adjectives, participles, numbers, nouns and names, ending
// at the last noun. It returns the end of the run and its head, or −1
// when there is no noun.
func nounRun(toks []tok, k int) (end, head int) {
	head = -1
	sent := -1
	if k < len(toks) {
		sent = toks[k].sent
	}
	for i := k; i < len(toks) && i < k+8 && toks[i].sent == sent; i++ {
		x := toks[i]
		switch {
		case x.ner == tTime && head >= 0:
			return head + 1, head // "the bank yesterday"
		case nounLike(x.class):
			head = i
		case x.class == cAdj, x.class == cPart, x.class == cNum:
			if head >= 0 {
				return head + 1, head // a noun ended the run: "the bank told"
			}
		case x.class == cAdv && i+1 < len(toks) && (toks[i+1].class == cAdj || toks[i+1].class == cPart):
		case x.form == "-" && head >= 0:
		default:
			if head < 0 {
				return i, -1
			}
			return head + 1, head
		}
	}
	if head < 0 {
		return k, -1
	}
	return head + 1, head
}
