package coref

import (
	"context"
	"slices"

	"dossier/internal/perceptron"
)

// Candidate windows: how many sentences back a mention of each kind
// looks for an antecedent, and how many candidates it takes from that
// window at most. Beyond the window, the candidates are the earlier
// mentions that match it by string (same words, same head noun, same
// last name, an acronym) and the latest mention of every entity with a
// name or two or more mentions, up to farSentences back.
var windows = [numKinds]int{kName: 1, kPron: 3, kNominal: 8}

const (
	maxWindowCands = 40
	farSentences   = 40
	// maxBackSentences bounds how far back a mention looks for any
	// antecedent, string-matched ones too, and maxStringCands the
	// string-matched candidates it takes beyond its window (the
	// nearest). The longest GUM document has 216 sentences, and of
	// 1,292 news articles of the adverse-media set only 4, all over
	// 64 KB, come out otherwise than without the bounds; they keep a
	// document of thousands of sentences (a long text, or one without
	// paragraph breaks) linear in its length, not quadratic in its
	// mentions.
	// maxBackMentions bounds the same look-back in mentions, for a
	// "sentence" of thousands of words (a list without stops).
	maxBackSentences = 500
	maxBackMentions  = 3000
	maxStringCands   = 100
)

// scorer sums the weights of features: the trained table, or the
// weights being trained.
type scorer interface {
	score(feats []uint32) float32
}

type tableScorer struct{ t *perceptron.Table }

func (s tableScorer) score(f []uint32) float32 { return s.t.Sum(f) }

type modelScorer struct{ m *perceptron.Model }

func (s modelScorer) score(f []uint32) float32 {
	var out [1]float32
	s.m.Scores(0, f, out[:])
	return out[0]
}

// decoder clusters a document's mentions left to right: each mention
// joins the entity of its best-scoring antecedent, or starts one when
// the new-entity option scores higher (best-first mention ranking).
type decoder struct {
	// ctx, when set, stops decode between mentions once it ends
	ctx       context.Context
	f         featurizer
	feats     []uint32
	offs      []int // option k's features: feats[offs[k]:offs[k+1]]; option 0 starts an entity
	cands     []int // option k > 0 takes mention cands[k-1] as antecedent
	scores    []float32
	clusterOf []int
	clusters  []cluster
	latest    []bool // per entity: a candidate of the current mention is in it
	sizes     []int
}

func (d *decoder) reset(t *text, ments []mention, bits uint) {
	d.f.reset(t, ments, bits)
	d.clusterOf = d.clusterOf[:0]
	d.clusters = d.clusters[:0]
}

// compatible reports whether an earlier mention matches j by string.
func compatible(a, b *mention) bool {
	if b.kind == kPron || a.kind == kPron || a.clause || b.clause {
		return false
	}
	if a.key != "" && a.hKey == b.hKey || a.kind == b.kind && a.hHead == b.hHead {
		return true
	}
	if a.kind == kName && b.kind == kName && (a.hLast == b.hLast || b.first == "" && a.first != "" && b.last == a.first ||
		a.first == "" && b.first != "" && a.last == b.first) {
		return true
	}
	return a.acro != "" && a.acro == b.self || b.acro != "" && b.acro == a.self
}

// options lists mention j's options and their features.
func (d *decoder) options(j int) {
	ms := d.f.ments
	b := &ms[j]
	d.cands = d.cands[:0]
	win := windows[b.kind]
	inWindow := 0
	// d.latest is all false here: the loop over the candidates below
	// resets every entry this one sets
	for len(d.latest) < len(d.clusters) {
		d.latest = append(d.latest, false)
	}
	stringCands := 0
	bindable := b.kind == kPron && objectPronouns[b.pron]
	for i := j - 1; i >= max(0, j-maxBackMentions) && b.sent-ms[i].sent <= maxBackSentences; i-- {
		a := &ms[i]
		c := d.clusterOf[i]
		if bindable && boundWith(d.f.t, a, b) {
			continue
		}
		if b.sent-a.sent <= win && inWindow < maxWindowCands {
			inWindow++
			d.cands = append(d.cands, i)
			d.latest[c] = true
			continue
		}
		if stringCands < maxStringCands && compatible(a, b) {
			stringCands++
			d.cands = append(d.cands, i)
			d.latest[c] = true
			continue
		}
		if b.kind != kName && !d.latest[c] && b.sent-a.sent <= farSentences && (d.clusters[c].names > 0 || d.clusters[c].size > 1) && agreesWith(&d.clusters[c], b) {
			d.cands = append(d.cands, i)
			d.latest[c] = true
		}
	}
	d.f.out = d.feats[:0]
	d.offs = append(d.offs[:0], 0)
	d.f.newFeatures(j)
	d.offs = append(d.offs, len(d.f.out))
	// the sizes of the candidates' entities that agree with it, largest
	// first, to rank each entity's salience among them
	d.sizes = d.sizes[:0]
	for _, i := range d.cands {
		c := d.clusterOf[i]
		if !d.latest[c] {
			continue
		}
		d.latest[c] = false
		if cl := &d.clusters[c]; agreesWith(cl, b) {
			d.sizes = append(d.sizes, cl.size)
		}
	}
	slices.Sort(d.sizes)
	slices.Reverse(d.sizes)
	rank := 0
	for _, i := range d.cands {
		a := &ms[i]
		c := &d.clusters[d.clusterOf[i]]
		salience := 4 // disagrees
		if agreesWith(c, b) {
			salience = 0
			for salience < len(d.sizes) && d.sizes[salience] > c.size {
				salience++
			}
			salience = min(salience, 3)
		}
		d.f.pairFeatures(i, j, c, rank, salience)
		d.offs = append(d.offs, len(d.f.out))
		if agree(a.gender, b.gender) != 2 && agree(a.number, b.number) != 2 {
			rank++
		}
	}
	d.feats = d.f.out
}

func (d *decoder) optionFeats(k int) []uint32 { return d.feats[d.offs[k]:d.offs[k+1]] }

// scoreOptions scores every option of the current mention.
func (d *decoder) scoreOptions(s scorer) {
	n := len(d.offs) - 1
	d.scores = d.scores[:0]
	for k := 0; k < n; k++ {
		d.scores = append(d.scores, s.score(d.optionFeats(k)))
	}
}

// attach puts mention j in the entity of option k.
func (d *decoder) attach(j, k int) {
	m := &d.f.ments[j]
	c := len(d.clusters)
	if k > 0 {
		c = d.clusterOf[d.cands[k-1]]
	} else {
		d.clusters = append(d.clusters, cluster{})
	}
	d.clusterOf = append(d.clusterOf, c)
	cl := &d.clusters[c]
	cl.size++
	cl.members = append(cl.members, j)
	if m.kind == kName {
		if cl.names == 0 && m.typ != tNone {
			cl.typ = m.typ
		}
		cl.names++
	} else if cl.typ == tNone && m.kind == kNominal {
		cl.typ = m.typ
	}
	if m.gender != gNone && (m.kind == kPron || m.kind == kName) {
		cl.genders |= 1 << m.gender
	}
	d.f.see(j)
}

// objectPronouns are the non-reflexive pronouns that are only ever
// objects ("her" may be a possessive, "it" a subject).
var objectPronouns = map[string]bool{"him": true, "them": true, "me": true, "us": true}

// boundWith reports whether the object pronoun b cannot refer to the
// mention a before it in its sentence because a is the subject of the
// verb whose object b is: only verbs and adverbs lie between them, none
// a copula ("Judge Hartley also ordered him": him is not Hartley;
// "Smith said police arrested him", "Smith asked the court to free him"
// and "That's me" leave the pronoun free). Possessors ("Smith's lawyer
// called him") are not bound.
func boundWith(t *text, a, b *mention) bool {
	if a.End >= b.Start || a.poss || a.sent != b.sent {
		return false
	}
	for k := a.End; k < b.Start; k++ {
		x := &t.toks[k]
		if x.class != cVerb && x.class != cPart && x.class != cAdv || copulas[x.low] || x.low == "am" || x.low == "'m" || x.low == "'re" || x.low == "’s" {
			return false
		}
	}
	return true
}

// best returns the option with the highest score (the first on a tie).
func best(scores []float32) int {
	k := 0
	for i, s := range scores {
		if s > scores[k] {
			k = i
		}
	}
	return k
}

// anaphoricPronouns almost never start an entity: in GUM's training
// documents 0.8% (his, her) to 3% (she) of them do, against 19% of "it"
// and 13% of "we".
var anaphoricPronouns = map[string]bool{"he": true, "him": true, "his": true, "himself": true,
	"she": true, "her": true, "hers": true, "herself": true}

// choose returns the best option of mention j: the best-scoring one,
// except that a gendered third-person pronoun takes its best candidate
// of an agreeing entity rather than start one.
func (d *decoder) choose(j int) int {
	k := best(d.scores)
	m := &d.f.ments[j]
	if k != 0 || m.kind != kPron || !anaphoricPronouns[m.pron] {
		return k
	}
	for c, i := range d.cands {
		if agreesWith(&d.clusters[d.clusterOf[i]], m) && (k == 0 || d.scores[c+1] > d.scores[k]) {
			if t := d.f.ments[i].typ; t == tPER || t == tNone {
				k = c + 1
			}
		}
	}
	return k
}

// decode clusters the mentions of a text and returns each mention's
// entity index.
func (d *decoder) decode(t *text, ments []mention, s scorer, bits uint) []int {
	d.reset(t, ments, bits)
	for j := range ments {
		if d.ctx != nil && d.ctx.Err() != nil {
			return nil
		}
		d.options(j)
		d.scoreOptions(s)
		d.attach(j, d.choose(j))
	}
	return d.clusterOf
}

// agreesWith reports whether mention m may join entity c: no gender of
// c's pronouns and names differs from m's, and a pronoun that speaks of
// a person does not join an entity typed as something else.
func agreesWith(c *cluster, m *mention) bool {
	if m.gender != gNone && c.genders&^(1<<m.gender) != 0 {
		return false
	}
	if m.kind == kPron && m.typ == tPER && c.typ != tNone && c.typ != tPER {
		return false
	}
	return true
}
