package claimeval

import (
	"dossier"
	"dossier/corpus"
)

// Types are the entity types scored; the recognizer's MONEY, DATE and
// PERCENT have no counterpart in the corpus and are left out.
var Types = []string{corpus.PER, corpus.ORG, corpus.LOC, corpus.MISC}

// Prediction is what a system found in one article. Every offset is a
// byte offset of the article as the corpus has it (the CSV text, not the
// repaired one: see Offsets).
type Prediction struct {
	// Recognized are the recognizer's mentions before resolution, with
	// their labels; nil when the system has no such stage.
	Recognized []dossier.Mention
	// Entities are the resolved entities: their mentions, typed by the
	// entity's Type, are the mentions scored, and they group mentions
	// for subjects, speakers and person resolution.
	Entities []dossier.DocEntity
	Claims   []dossier.Claim
}

// Result accumulates the scores of the documents passed to Score.
type Result struct {
	Documents int // documents scored
	Skipped   int // gold records the annotators skipped (not articles): not scored
	Repaired  int // documents whose text repair changed (offsets mapped)

	// Entities are the resolved mentions against the gold mentions (same
	// start, end and type), per type; Recognized the recognizer's
	// mentions before resolution.
	Entities, Recognized map[string]corpus.Counts
	// EntityErrors counts why resolved mentions miss: "type ORG>PER"
	// (gold ORG, found with the same span as PER), "boundary PER" (a
	// found PER overlaps but differs in span), "missed PER" (nothing
	// found there), "spurious ORG" (a found ORG overlaps no gold mention).
	EntityErrors map[string]int

	// Claims match one to one as in corpus.Agree: equal stance (the
	// pipeline's "reported" counts as alleged), topics of one
	// corpus.Family, and a mention of the predicted subject entity
	// overlapping a mention of the gold subject cluster. Required gold
	// claims are matched first. A gold optional claim (redundant or
	// borderline) is a true positive when a prediction matches it and
	// counts nowhere when none does, so predicting it is never a false
	// positive and missing it never a false negative.
	Claims corpus.Counts
	// GoldClaims and GoldOptional count the gold claims, PredClaims the
	// predicted ones; OptionalMatched is how many of Claims.TP matched
	// optional gold claims.
	GoldClaims, GoldOptional, PredClaims int
	OptionalMatched                      int
	// Reported is how many predicted claims had the stance "reported".
	Reported int
	// ByStance and ByFamily split Claims by the gold stance or family
	// (TP, FN) and the predicted one (FP).
	ByStance, ByFamily map[string]corpus.Counts
	// ClaimErrors explains each unmatched required gold claim ("missed:
	// …", "stance charged>alleged", "family crime.fraud>crime.corrupt",
	// gold first) and each unmatched prediction ("spurious: …").
	ClaimErrors map[string]int

	// SpeakerMatched are the matched claim pairs (of the pairings with
	// the most matches, one that pairs claims with overlapping evidence
	// where it can), SpeakerRight those
	// whose speakers agree: both none; the gold speaker a cluster and the
	// predicted speaker an entity with a mention overlapping one of the
	// cluster's, or a descriptor span overlapping one; the gold speaker a
	// descriptor and the predicted speaker's span, or a mention of its
	// entity, overlapping it.
	SpeakerMatched, SpeakerRight int
	// SpeakerErrors: "none>some" (gold none), "some>none", "wrong".
	SpeakerErrors map[string]int

	// Persons is person resolution over the gold PER clusters.
	Persons Persons

	// Misses lists the unmatched claims, gold and predicted, in document
	// order, with the cause ClaimErrors counts.
	Misses []Miss

	// Throughput of Evaluate: article bytes and tokens processed, and
	// the seconds spent extracting and scoring.
	Bytes, Tokens int
	Seconds       float64

	// Docs has one line per document scored, in order.
	Docs []DocScore
}

// Miss is one unmatched claim: a required gold claim the prediction
// lacks (Gold) or a predicted claim no gold claim takes.
type Miss struct {
	Key     string      // the document's row key
	Gold    bool        // a gold claim missed; else a spurious prediction
	Why     string      // the cause, as counted in ClaimErrors
	Subject string      // the gold cluster label, or the predicted subject's name
	Stance  string      // the corpus's stance
	Topic   string      // topic key
	Trigger corpus.Span // the gold trigger, in CSV bytes
	Cue     string      // the predicted claim's cue as written
	Span    corpus.Span // the evidence sentence, in CSV bytes
	// For a speaker error on a matched claim: the gold speaker's cluster
	// or span, and the predicted speaker's name.
	GoldSpeaker     string
	GoldSpeakerSpan corpus.Span
	Speaker         string
}

// Persons counts the gold PER clusters by what the system made of them,
// looking at the entities that have a mention overlapping one of the
// cluster's: exactly one entity that overlaps no other gold cluster
// (Resolved), none (Missed), several (Split), or one shared with another
// gold person or organization (Merged). Complete counts the resolved
// clusters all of whose mentions the entity covers.
type Persons struct {
	Gold, Resolved, Missed, Split, Merged, Complete int
}

// Rate is Resolved/Gold, 0 when there are no gold persons.
func (p Persons) Rate() float64 { return ratio(p.Resolved, p.Gold) }

// DocScore is one document's counts.
type DocScore struct {
	Key              string
	Claims, Entities corpus.Counts
	Speakers, Right  int
}

// NewResult returns an empty Result.
func NewResult() *Result {
	return &Result{
		Entities: map[string]corpus.Counts{}, Recognized: map[string]corpus.Counts{}, EntityErrors: map[string]int{},
		ByStance: map[string]corpus.Counts{}, ByFamily: map[string]corpus.Counts{}, ClaimErrors: map[string]int{},
		SpeakerErrors: map[string]int{},
	}
}

// EntityTotal sums Entities (or Recognized) over the types.
func EntityTotal(m map[string]corpus.Counts) corpus.Counts {
	var c corpus.Counts
	for _, t := range Types {
		c.Add(m[t])
	}
	return c
}

// SpeakerAccuracy is SpeakerRight/SpeakerMatched, 0 when nothing matched.
func (r *Result) SpeakerAccuracy() float64 { return ratio(r.SpeakerRight, r.SpeakerMatched) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Score adds one document: gold, a gold record, against p, the
// prediction on the same article. A skipped gold record is only counted
// in Skipped.
func (r *Result) Score(gold *corpus.Record, p *Prediction) {
	if gold.Status == corpus.StatusSkipped {
		r.Skipped++
		return
	}
	r.Documents++
	d := DocScore{Key: gold.Key}
	s := newScorer(gold, p)
	d.Entities = r.entities(s)
	r.recognized(s)
	r.persons(s)
	d.Claims, d.Speakers, d.Right = r.claims(s)
	r.Docs = append(r.Docs, d)
}

// scorer holds one document's gold and prediction with the overlaps
// between gold clusters and predicted entities.
type scorer struct {
	gold *corpus.Record
	p    *Prediction
	// mentions of each gold cluster, and of each predicted entity by ID
	cluster map[string][]corpus.Span
	entity  map[string][]corpus.Span
	// entClusters: for each predicted entity ID, the gold clusters it
	// overlaps
	entClusters map[string]map[string]bool
}

func newScorer(gold *corpus.Record, p *Prediction) *scorer {
	s := &scorer{gold: gold, p: p, cluster: map[string][]corpus.Span{}, entity: map[string][]corpus.Span{},
		entClusters: map[string]map[string]bool{}}
	for _, e := range gold.Entities {
		if e.Cluster != "" {
			s.cluster[e.Cluster] = append(s.cluster[e.Cluster], e.Span())
		}
	}
	for _, e := range p.Entities {
		if !scored(e.Type) {
			continue
		}
		for _, m := range e.Mentions {
			if !named(m) {
				continue
			}
			s.entity[e.ID] = append(s.entity[e.ID], corpus.Span{Start: m.Start, End: m.End})
		}
	}
	for id, ms := range s.entity {
		for k, cs := range s.cluster {
			if anyOverlap(ms, cs) {
				if s.entClusters[id] == nil {
					s.entClusters[id] = map[string]bool{}
				}
				s.entClusters[id][k] = true
			}
		}
	}
	return s
}

// named reports whether a mention is a name: the gold records annotate
// names only, so the pronouns and descriptions the coref stage adds are
// not scored as mentions.
func named(m dossier.Mention) bool { return m.Kind == "" || m.Kind == "name" }

func scored(t string) bool {
	for _, x := range Types {
		if t == x {
			return true
		}
	}
	return false
}

func overlaps(a, b corpus.Span) bool { return a.Start < b.End && b.Start < a.End }

func anyOverlap(as, bs []corpus.Span) bool {
	for _, a := range as {
		for _, b := range bs {
			if overlaps(a, b) {
				return true
			}
		}
	}
	return false
}

type typed struct {
	corpus.Span
	Type string
}

// entities scores the resolved mentions and explains the misses.
func (r *Result) entities(s *scorer) corpus.Counts {
	var pred []typed
	for _, e := range s.p.Entities {
		if !scored(e.Type) {
			continue
		}
		for _, m := range e.Mentions {
			if !named(m) {
				continue
			}
			pred = append(pred, typed{corpus.Span{Start: m.Start, End: m.End}, e.Type})
		}
	}
	gold := goldTyped(s.gold)
	total := count(gold, pred, r.Entities)
	for _, g := range gold {
		if contains(pred, g) {
			continue
		}
		why := "missed " + g.Type
		for _, x := range pred {
			if x.Span == g.Span {
				why = "type " + g.Type + ">" + x.Type
				break
			}
			if x.Type == g.Type && overlaps(x.Span, g.Span) {
				why = "boundary " + g.Type
			}
		}
		r.EntityErrors[why]++
	}
	for _, x := range pred {
		lone := true
		for _, g := range gold {
			lone = lone && !overlaps(x.Span, g.Span)
		}
		if lone {
			r.EntityErrors["spurious "+x.Type]++
		}
	}
	return total
}

// recognized scores the recognizer's mentions.
func (r *Result) recognized(s *scorer) {
	var pred []typed
	for _, m := range s.p.Recognized {
		if scored(m.Label) {
			pred = append(pred, typed{corpus.Span{Start: m.Start, End: m.End}, m.Label})
		}
	}
	count(goldTyped(s.gold), pred, r.Recognized)
}

func goldTyped(rec *corpus.Record) []typed {
	out := make([]typed, 0, len(rec.Entities))
	for _, e := range rec.Entities {
		out = append(out, typed{e.Span(), e.Type})
	}
	return out
}

func contains(xs []typed, x typed) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// count adds exact span-and-type matches per type to by, each distinct
// mention counted once, and returns the document's totals.
func count(gold, pred []typed, by map[string]corpus.Counts) corpus.Counts {
	g, p := map[typed]bool{}, map[typed]bool{}
	for _, x := range gold {
		g[x] = true
	}
	for _, x := range pred {
		p[x] = true
	}
	var total corpus.Counts
	add := func(t string, c corpus.Counts) {
		old := by[t]
		old.Add(c)
		by[t] = old
		total.Add(c)
	}
	for x := range g {
		if p[x] {
			add(x.Type, corpus.Counts{TP: 1})
		} else {
			add(x.Type, corpus.Counts{FN: 1})
		}
	}
	for x := range p {
		if !g[x] {
			add(x.Type, corpus.Counts{FP: 1})
		}
	}
	return total
}

// persons classifies each gold PER cluster.
func (r *Result) persons(s *scorer) {
	seen := map[string]bool{}
	for _, e := range s.gold.Entities {
		if e.Type != corpus.PER || e.Cluster == "" || seen[e.Cluster] {
			continue
		}
		seen[e.Cluster] = true
		r.Persons.Gold++
		var ids []string
		for id, ks := range s.entClusters {
			if ks[e.Cluster] {
				ids = append(ids, id)
			}
		}
		switch {
		case len(ids) == 0:
			r.Persons.Missed++
		case len(ids) > 1:
			r.Persons.Split++
		case len(s.entClusters[ids[0]]) > 1:
			r.Persons.Merged++
		default:
			r.Persons.Resolved++
			complete := true
			for _, m := range s.cluster[e.Cluster] {
				complete = complete && anyOverlap([]corpus.Span{m}, s.entity[ids[0]])
			}
			if complete {
				r.Persons.Complete++
			}
		}
	}
}

// stance is the predicted stance in the corpus's terms: an unattributed
// deed ("reported") is an allegation in the publisher's voice.
func stance(c dossier.Claim) string {
	if c.Stance == dossier.StanceReported {
		return corpus.Alleged
	}
	return c.Stance
}

// claims matches the claims, scores the speakers of the matched pairs
// and explains the rest.
func (r *Result) claims(s *scorer) (total corpus.Counts, speakers, right int) {
	gold, pred := s.gold.Claims, s.p.Claims
	r.GoldClaims += len(gold)
	r.PredClaims += len(pred)
	for _, c := range gold {
		if c.Optional != "" {
			r.GoldOptional++
		}
	}
	for _, c := range pred {
		if c.Stance == dossier.StanceReported {
			r.Reported++
		}
	}
	subj := func(g corpus.Claim, p dossier.Claim) bool { return s.entClusters[p.Subject][g.Subject] }
	ok := func(i, j int) bool {
		g, p := gold[i], pred[j]
		return g.Stance == stance(p) && corpus.Family(g.Topic) == corpus.Family(p.Topic) && subj(g, p)
	}
	located := func(i, j int) bool {
		return overlaps(gold[i].Evidence, corpus.Span{Start: pred[j].Evidence.Start, End: pred[j].Evidence.End})
	}
	mg, mp := match(len(gold), len(pred), func(i int) bool { return gold[i].Optional != "" }, ok, located)
	add := func(st, fam string, c corpus.Counts) {
		for _, kv := range []struct {
			m map[string]corpus.Counts
			k string
		}{{r.ByStance, st}, {r.ByFamily, fam}} {
			old := kv.m[kv.k]
			old.Add(c)
			kv.m[kv.k] = old
		}
		total.Add(c)
	}
	for i, j := range mg {
		g := gold[i]
		switch {
		case j >= 0:
			add(g.Stance, corpus.Family(g.Topic), corpus.Counts{TP: 1})
			if g.Optional != "" {
				r.OptionalMatched++
			}
			speakers++
			if why := s.speaker(g, pred[j]); why == "" {
				right++
			} else {
				r.SpeakerErrors[why]++
				m := Miss{Key: s.gold.Key, Gold: true, Why: "speaker " + why, Subject: g.Subject, Stance: g.Stance, Topic: g.Topic,
					Trigger: g.Trigger, Span: g.Evidence}
				if sp := g.Speaker; sp != nil {
					m.GoldSpeaker = sp.Cluster
					if sp.Span != nil {
						m.GoldSpeakerSpan = *sp.Span
					}
				}
				if sp := pred[j].Speaker; sp != nil {
					m.Speaker = sp.Name
				}
				r.Misses = append(r.Misses, m)
			}
		case g.Optional == "":
			add(g.Stance, corpus.Family(g.Topic), corpus.Counts{FN: 1})
		}
	}
	for j, i := range mp {
		if i < 0 {
			add(stance(pred[j]), corpus.Family(pred[j].Topic), corpus.Counts{FP: 1})
		}
	}
	r.Claims.Add(total)
	r.SpeakerMatched += speakers
	r.SpeakerRight += right
	r.explain(s, mg, mp, subj)
	return total, speakers, right
}

// explain sorts the unmatched claims into ClaimErrors. A missed gold
// claim is paired with an unmatched prediction on the same subject that
// differs only in stance or only in family, each prediction used once.
func (r *Result) explain(s *scorer, mg, mp []int, subj func(corpus.Claim, dossier.Claim) bool) {
	gold, pred := s.gold.Claims, s.p.Claims
	used := map[int]bool{}
	for i, g := range gold {
		if mg[i] >= 0 || g.Optional != "" {
			continue
		}
		found := false
		for _, ks := range s.entClusters {
			found = found || ks[g.Subject]
		}
		miss := Miss{Key: s.gold.Key, Gold: true, Subject: g.Subject, Stance: g.Stance, Topic: g.Topic, Trigger: g.Trigger, Span: g.Evidence}
		if !found {
			r.ClaimErrors["missed: subject not found"]++
			miss.Why = "missed: subject not found"
			r.Misses = append(r.Misses, miss)
			continue
		}
		why, any := "", false
		for j, p := range pred {
			if !subj(g, p) {
				continue
			}
			any = true
			if mp[j] >= 0 || used[j] {
				continue
			}
			switch {
			case corpus.Family(g.Topic) == corpus.Family(p.Topic) && g.Stance != stance(p):
				why = "stance " + g.Stance + ">" + stance(p)
			case g.Stance == stance(p) && corpus.Family(g.Topic) != corpus.Family(p.Topic):
				why = "family " + corpus.Family(g.Topic) + ">" + corpus.Family(p.Topic)
			default:
				continue
			}
			used[j] = true
			break
		}
		switch {
		case why != "":
		case any:
			why = "missed: other claims on the subject"
		default:
			why = "missed: no claim on the subject"
		}
		r.ClaimErrors[why]++
		miss.Why = why
		r.Misses = append(r.Misses, miss)
	}
	accused := map[string]bool{}
	for _, g := range gold {
		accused[g.Subject] = true
	}
	for j, p := range pred {
		if mp[j] >= 0 || used[j] {
			continue
		}
		ks := s.entClusters[p.Subject]
		acc := false
		for k := range ks {
			acc = acc || accused[k]
		}
		why := "spurious: extra claim on an accused subject"
		switch {
		case repeats(pred, mp, j):
			why = "spurious: repeat of a matched claim"
		case len(ks) == 0:
			why = "spurious: subject not an annotated person or organization"
		case !acc:
			why = "spurious: subject with no gold claim"
		}
		r.ClaimErrors[why]++
		r.Misses = append(r.Misses, Miss{Key: s.gold.Key, Why: why, Subject: p.SubjectName, Stance: stance(p), Topic: p.Topic,
			Cue: p.Cue, Span: corpus.Span{Start: p.Evidence.Start, End: p.Evidence.End}})
	}
}

// speaker returns "" when the speakers of a matched pair agree, else the
// kind of error.
func (s *scorer) speaker(g corpus.Claim, p dossier.Claim) string {
	switch {
	case g.Speaker == nil && p.Speaker == nil:
		return ""
	case g.Speaker == nil:
		return "none>some"
	case p.Speaker == nil:
		return "some>none"
	}
	var ps []corpus.Span
	if p.Speaker.End > p.Speaker.Start {
		ps = append(ps, corpus.Span{Start: p.Speaker.Start, End: p.Speaker.End})
	}
	if p.Speaker.Entity != "" {
		ps = append(ps, s.entity[p.Speaker.Entity]...)
	}
	var gs []corpus.Span
	switch {
	case g.Speaker.Cluster != "":
		gs = s.cluster[g.Speaker.Cluster]
	case g.Speaker.Span != nil:
		gs = []corpus.Span{*g.Speaker.Span}
	}
	if anyOverlap(ps, gs) {
		return ""
	}
	return "wrong"
}

// match pairs gold and predicted items one to one under ok (Kuhn's
// augmenting paths): first a maximum matching of the required gold
// items, then one of all items that keeps those matched, so that an
// optional item never takes a prediction a required one could have.
// Within each of the two steps, edges where prefer holds are tried
// first, so that of the pairings with the most matches one with many
// preferred pairs is chosen (not always the most). It returns each gold
// item's prediction and each prediction's gold item, or -1.
func match(ng, np int, optional func(i int) bool, ok, prefer func(i, j int) bool) (mg, mp []int) {
	mg, mp = make([]int, ng), make([]int, np)
	for i := range mg {
		mg[i] = -1
	}
	for j := range mp {
		mp[j] = -1
	}
	var augment func(i int, seen []bool, edge func(i, j int) bool) bool
	augment = func(i int, seen []bool, edge func(i, j int) bool) bool {
		for j := 0; j < np; j++ {
			if seen[j] || !edge(i, j) {
				continue
			}
			seen[j] = true
			if mp[j] < 0 || augment(mp[j], seen, edge) {
				mg[i], mp[j] = j, i
				return true
			}
		}
		return false
	}
	for _, required := range []bool{true, false} {
		for _, preferred := range []bool{true, false} {
			edge := func(i, j int) bool {
				return (!required || !optional(i)) && ok(i, j) && (!preferred || prefer(i, j))
			}
			for i := 0; i < ng; i++ {
				if mg[i] < 0 && (!required || !optional(i)) {
					augment(i, make([]bool, np), edge)
				}
			}
		}
	}
	return mg, mp
}

// repeats reports whether an unmatched prediction j says again what a
// matched prediction of the document says (the same subject, stance and
// topic family, in another sentence) where the gold has no optional
// repeat for it.
func repeats(pred []dossier.Claim, mp []int, j int) bool {
	p := pred[j]
	for i, q := range pred {
		if i != j && mp[i] >= 0 && q.Subject == p.Subject && stance(q) == stance(p) && corpus.Family(q.Topic) == corpus.Family(p.Topic) {
			return true
		}
	}
	return false
}
