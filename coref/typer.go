package coref

import (
	"strings"

	"dossier/internal/featurehash"
	"dossier/internal/perceptron"
)

// typerClasses are the entity types the typer tells apart: GUM's ten.
var typerClasses = [...]uint8{tPER, tORG, tLOC, tEvent, tAbstract, tObject, tTime, tSubstance, tAnimal, tPlant}

const numTyperClasses = len(typerClasses)

// typerClass returns a type's class index, −1 if the typer has none.
func typerClass(t uint8) int {
	for i, c := range typerClasses {
		if c == t {
			return i
		}
	}
	return -1
}

// Templates of the typer's features.
const (
	tyBias = iota + 1
	tyHead
	tyHeadClass
	tySuffix
	tyShape
	tyNER
	tyNERs
	tyFirst
	tyLast
	tyPrev
	tyNext
	tyWord
	tyLen
	tyGender
	tyGiven
	tySem
	tyPron
	tyTitle
	tyHeadPrev
)

// typerFeatures appends the features of a mention for the typer: its
// head word, affix, shape and class, the recognizer's label, its first
// and last words, the words around it, its other words, and what the
// lexicon knows of its words.
func typerFeatures(t *text, lx *lexicon, s Span, head int, bits uint, out []uint32) []uint32 {
	toks := t.toks
	add := func(h uint64) { out = append(out, perceptron.Bucket(h, bits)) }
	h := toks[head]
	add(key1(tyBias, 0))
	add(key1(tyHead, hashLow(h.low)))
	add(key2(tyHeadClass, uint64(h.class), uint64(h.ner)))
	suf := h.low
	if len(suf) > 3 {
		suf = suf[len(suf)-3:]
	}
	add(key1(tySuffix, hashLow(suf)))
	add(key2(tyShape, b2u(h.cap), b2u(isAllCaps(h.form))))
	add(key1(tyNER, uint64(h.ner)))
	ners := uint64(0)
	title := false
	given := false
	for k := s.Start; k < s.End; k++ {
		x := toks[k]
		ners |= 1 << x.ner
		if k-s.Start < 10 {
			add(key1(tyWord, hashLow(x.low)))
		}
		title = title || x.cap && honorifics[strings.TrimSuffix(x.low, ".")]
		given = given || x.cap && (lx.given[x.low] != 0 || lx.gender[x.low] == gMale || lx.gender[x.low] == gFemale)
	}
	add(key1(tyNERs, ners))
	add(key1(tyFirst, hashLow(toks[s.Start].low)))
	add(key1(tyLast, hashLow(toks[s.End-1].low)))
	prev, next := uint64(0), uint64(0)
	if s.Start > 0 && toks[s.Start-1].sent == h.sent {
		prev = hashLow(toks[s.Start-1].low)
	}
	if s.End < len(toks) && toks[s.End].sent == h.sent {
		next = hashLow(toks[s.End].low)
	}
	add(key1(tyPrev, prev))
	add(key1(tyNext, next))
	add(key2(tyHeadPrev, hashLow(h.low), prev))
	add(key1(tyLen, uint64(min(s.End-s.Start, 6))))
	add(key1(tyGender, uint64(lx.gender[h.low])))
	add(key1(tyGiven, b2u(given)))
	add(key1(tyTitle, b2u(title)))
	add(key1(tySem, uint64(lx.sem[h.low])))
	if s.End-s.Start == 1 {
		if _, ok := pronouns[h.low]; ok {
			add(key1(tyPron, hashLow(h.low)))
		}
	}
	return out
}

// typer scores the types of mentions.
type typer struct {
	table *perceptron.Table // trained, or nil while training
	pm    *perceptron.Model // being trained
	bits  uint
	lx    *lexicon
	feats []uint32
}

// scores fills out with the scores of the classes of a mention.
func (ty *typer) scores(t *text, s Span, head int, out *[numTyperClasses]float32) {
	ty.feats = typerFeatures(t, ty.lx, s, head, ty.bits, ty.feats[:0])
	*out = [numTyperClasses]float32{}
	if ty.table != nil {
		ty.table.Scores(ty.feats, out[:])
	} else {
		ty.pm.Scores(0, ty.feats, out[:])
	}
}

// typeOf returns the most likely type of a mention.
func (ty *typer) typeOf(t *text, s Span, head int) uint8 {
	var sc [numTyperClasses]float32
	ty.scores(t, s, head, &sc)
	b := 0
	for c := range sc {
		if sc[c] > sc[b] {
			b = c
		}
	}
	return typerClasses[b]
}

// typerDoc is a document's gold mentions for training the typer.
type typerDoc struct {
	t     *text
	spans []Span
	heads []int
	gold  []int // class indexes
}

func newTyperDoc(d *Document, t *text) *typerDoc {
	td := &typerDoc{t: t}
	for _, m := range d.Mentions {
		c := typerClass(typeOfGUM(m.Type))
		if c < 0 {
			continue
		}
		td.spans = append(td.spans, m.Span)
		td.heads = append(td.heads, findHead(t.toks, m.Span))
		td.gold = append(td.gold, c)
	}
	return td
}

// trainStep trains the typer on one document's mentions.
func (ty *typer) trainStep(td *typerDoc) (errs, units int) {
	var sc [numTyperClasses]float32
	for i, s := range td.spans {
		ty.scores(td.t, s, td.heads[i], &sc)
		b := 0
		for c := range sc {
			if sc[c] > sc[b] {
				b = c
			}
		}
		units++
		if b != td.gold[i] {
			errs++
			ty.pm.Update(0, ty.feats, td.gold[i], 1)
			ty.pm.Update(0, ty.feats, b, -1)
		}
		ty.pm.Tick()
	}
	return errs, units
}

// accuracy is the share of mentions typed right, and of those that are
// people or organizations, the F1 of those two types.
func (ty *typer) accuracy(docs []*typerDoc) (acc, perOrgF1 float64) {
	n, ok := 0, 0
	tp, fp, fn := 0, 0, 0
	for _, td := range docs {
		for i, s := range td.spans {
			p := typerClass(ty.typeOf(td.t, s, td.heads[i]))
			g := td.gold[i]
			n++
			if p == g {
				ok++
			}
			pg, pp := g <= 1, p <= 1 // PER or ORG
			switch {
			case pp && pg && p == g:
				tp++
			case pp && pg:
				fp++
				fn++
			case pp:
				fp++
			case pg:
				fn++
			}
		}
	}
	if n == 0 {
		return 0, 0
	}
	return float64(ok) / float64(n), 2 * float64(tp) / float64(max(2*tp+fp+fn, 1))
}

// fold returns the jackknife fold of a document.
func fold(name string, k int) int {
	return int(featurehash.Mix(featurehash.String(name)^0x5bd1e995) % uint64(k))
}
