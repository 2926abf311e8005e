package claimml

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"strconv"

	"dossier/claims"
	"dossier/corpus"
	"dossier/internal/featurehash"
	"dossier/internal/perceptron"
	"dossier/parse"
	"dossier/segment"
)

// Example is one annotated document: what the pipeline read before the
// claims (on the corpus's text, so that offsets agree) and its gold
// record.
type Example struct {
	Doc  Doc
	Gold *corpus.Record
}

// TrainConfig sets what Train learns from.
type TrainConfig struct {
	Train, Dev []Example
	// Epochs bounds each classifier's training; the best epoch on dev is
	// kept. Default 12.
	Epochs int
	// Patience stops a classifier after so many epochs without a better
	// dev score (default 4).
	Patience int
	Seed     int64
	// MinTrigger is how often a stem must be an annotated trigger in the
	// train split to be a candidate trigger (default 1); the rules'
	// lexicon words are candidates too if they trigger at MinRate.
	MinTrigger int
	// MinRate is the share of its occurrences in the train articles in
	// which a stem must be an annotated trigger (default 0.02).
	MinRate float64
	// GateRecall is the share of the positive dev pairs whose
	// sentence the gate must let through to the parse (default 0.7).
	GateRecall                         float64
	StanceBits, TopicBits, SpeakerBits uint // default 20, 20, 16
	// Checkpoint is a directory for the training state; a rerun resumes.
	Checkpoint string
	// Eval, when set, scores a whole model on dev (higher is better) to
	// choose the stance classifier's epoch; otherwise the pairs' F1 does.
	Eval func(*Model) (float64, string, error)
	// Data names the data, for the model's Info.
	Data []string
	// Parser parses the sentences; parse.Default() when nil.
	Parser *parse.Model
}

func (c *TrainConfig) defaults() {
	if c.Epochs <= 0 {
		c.Epochs = 12
	}
	if c.Patience <= 0 {
		c.Patience = 4
	}
	if c.MinTrigger <= 0 {
		c.MinTrigger = 1
	}
	if c.MinRate <= 0 {
		c.MinRate = 0.02
	}
	if c.GateRecall <= 0 || c.GateRecall > 1 {
		c.GateRecall = 0.7
	}
	if c.StanceBits == 0 {
		c.StanceBits = 20
	}
	if c.TopicBits == 0 {
		c.TopicBits = 20
	}
	if c.SpeakerBits == 0 {
		c.SpeakerBits = 16
	}
	if c.Parser == nil {
		c.Parser = parse.Default()
	}
}

// stance priority when one trigger carries several stances on one
// subject ("acquitted": cleared, and charged by 5.3): the answer or the
// furthest step is learned, the presupposed one follows by rule.
var priority = []string{"cleared", "denied", "convicted", "sanctioned", "charged", "alleged"}

// Vocab collects the candidate trigger stems: every word of an
// annotated trigger of the train examples seen at least min times, and
// the rules' lexicon words, each with the stance it triggered most; of
// those, the stems that are a trigger in at least minRate of their
// occurrences in the train articles (so that frequent words that rarely
// trigger, "said", "case", cost no parsing).
func Vocab(train []Example, min int, minRate float64) map[string]uint8 {
	count := map[string]map[string]int{}
	occur := map[string]int{}
	for _, ex := range train {
		g := ex.Gold
		if g == nil || g.Status != corpus.StatusDone {
			continue
		}
		text := ex.Doc.Text
		for _, s := range ex.Doc.Sentences {
			for _, t := range s.Tokens {
				if t.Kind == segment.Word && t.Start >= 0 && t.End <= len(text) && t.Start < t.End {
					occur[stem(fold(text[t.Start:t.End]))]++
				}
			}
		}
		for _, c := range g.Claims {
			if c.Trigger.End > len(text) || c.Trigger.Start >= c.Trigger.End {
				continue
			}
			for _, w := range words(text[c.Trigger.Start:c.Trigger.End]) {
				s := stem(w)
				if stop[w] || len(w) < 3 {
					continue
				}
				if count[s] == nil {
					count[s] = map[string]int{}
				}
				count[s][c.Stance]++
			}
		}
	}
	v := map[string]uint8{}
	for s, by := range count {
		n, best, bestN := 0, "", 0
		for _, st := range Stances {
			n += by[st]
			if by[st] > bestN {
				best, bestN = st, by[st]
			}
		}
		if n >= min && float64(n) >= minRate*float64(occur[s]) {
			v[s] = uint8(stanceIndex(best))
		}
	}
	for _, w := range claims.LexiconWords() {
		s := stem(w)
		if _, ok := v[s]; !ok && len(w) >= 3 && !stop[w] && float64(len(count[s])) > 0 && sum(count[s]) >= int(minRate*float64(occur[s])) {
			v[s] = 0
		}
	}
	return v
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// words splits text into folded words at non-letters.
func words(text string) []string {
	var out []string
	cur := []rune{}
	for _, r := range fold(text) {
		if r == '-' || r == '\'' || r >= 'a' && r <= 'z' || r > 127 {
			cur = append(cur, r)
			continue
		}
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	if len(cur) > 0 {
		out = append(out, string(cur))
	}
	return out
}

// instances are a document's training decisions.
type instances struct {
	pairs  []pairInst
	topics []topicInst
	spk    []spkInst
	// recall: required gold claims, and those with a candidate pair
	// (trigger and subject) among the candidates
	required, covered int
	// why the others are not: no candidate trigger, no candidate subject, neither
	noTrigger, noSubject, neither int
	missed                        map[string]int // triggers missed, folded
}

type pairInst struct {
	feats []uint32 // with the parse
	gate  []uint32 // without it
	label int
	sent  int // the sentence, numbered over the examples
	size  int // its tokens
}

type topicInst struct {
	feats  [][]uint32 // per key
	gold   []bool     // per key
	insent []bool     // per key: named in the sentence
}

type spkInst struct {
	feats   [][]uint32 // per candidate
	correct []bool
}

// goldDoc maps a document's entities to the gold clusters they overlap.
func entClusters(d *doc, g *corpus.Record) []map[string]bool {
	out := make([]map[string]bool, len(d.Entities))
	for i, e := range d.Entities {
		out[i] = map[string]bool{}
		for _, m := range e.Mentions {
			for _, ge := range g.Entities {
				if ge.Cluster != "" && m.Start < ge.End && ge.Start < m.End {
					out[i][ge.Cluster] = true
				}
			}
		}
	}
	return out
}

// sentenceOf returns the sentence holding byte i, or -1.
func (d *doc) sentenceOf(i int) int {
	k := sort.Search(len(d.sents), func(k int) bool { return d.sents[k].end > i })
	if k < len(d.sents) && d.sents[k].start <= i {
		return k
	}
	return -1
}

// build turns one example into training decisions.
func build(ex Example, vocab map[string]uint8, cfg *TrainConfig) instances {
	var in instances
	g := ex.Gold
	if g == nil || g.Status != corpus.StatusDone {
		return in
	}
	d := analyze(ex.Doc, vocab)
	tc := d.topicContext()
	ec := entClusters(d, g)
	byK := map[int][]int{} // sentence → gold claims
	for i, c := range g.Claims {
		k := d.sentenceOf(c.Trigger.Start)
		if k < 0 {
			k = d.sentenceOf(c.Evidence.Start)
		}
		if k >= 0 {
			byK[k] = append(byK[k], i)
		}
	}
	overlaps := func(t tok, s corpus.Span) bool { return t.start < s.End && s.Start < t.end }
	// stance pairs
	for k := range d.sents {
		s := &d.sents[k]
		if len(s.trig) == 0 || len(s.subj) == 0 {
			if len(byK[k]) == 0 {
				continue
			}
		}
		// the gate's features, before the parse
		var gate [][]uint32
		for _, t := range s.trig {
			for _, sc := range s.subj {
				f := fb{bits: cfg.StanceBits}
				d.stanceFeatures(&f, k, t, sc, vocab)
				gate = append(gate, f.out)
			}
		}
		if len(gate) > 0 {
			d.parsed(k, cfg.Parser)
		}
		for _, gi := range byK[k] {
			c := g.Claims[gi]
			if c.Optional != "" {
				continue
			}
			in.required++
			okT, okS := false, false
			for _, t := range s.trig {
				okT = okT || overlaps(s.toks[t], c.Trigger)
			}
			for _, sc := range s.subj {
				okS = okS || ec[sc.ent][c.Subject]
			}
			switch {
			case okT && okS:
				in.covered++
			case okS:
				in.noTrigger++
				if in.missed == nil {
					in.missed = map[string]int{}
				}
				in.missed[fold(ex.Doc.Text[c.Trigger.Start:c.Trigger.End])]++
			case okT:
				in.noSubject++
			default:
				in.neither++
			}
		}
		if len(s.trig) == 0 || len(s.subj) == 0 {
			continue
		}
		n := -1
		for _, t := range s.trig {
			for _, sc := range s.subj {
				n++
				label, skip := 0, false
				var hit []string
				for _, gi := range byK[k] {
					c := g.Claims[gi]
					if !ec[sc.ent][c.Subject] {
						continue
					}
					if overlaps(s.toks[t], c.Trigger) {
						if c.Optional == corpus.Borderline {
							skip = true
						}
						hit = append(hit, c.Stance)
					} else if m := vocab[s.toks[t].stem]; m > 0 && Stances[m-1] == c.Stance {
						skip = true
					}
				}
				if len(hit) > 0 {
					skip = false
					for _, p := range priority {
						if contains(hit, p) {
							label = stanceIndex(p)
							break
						}
					}
				}
				if skip && label == 0 {
					continue
				}
				f := fb{bits: cfg.StanceBits}
				d.stanceFeatures(&f, k, t, sc, vocab)
				in.pairs = append(in.pairs, pairInst{feats: f.out, gate: gate[n], label: label, sent: k, size: len(s.toks)})
			}
		}
	}
	// topics and speakers of the gold claims, with the topics of the
	// subject's latest earlier claims (as extraction has its own)
	type group struct {
		k       int
		subject string
		stance  string
	}
	done := map[group]bool{}
	latest := map[string][]string{} // cluster → topics of its latest sentence's claims
	before := map[string][]string{} // cluster → those of the sentence before that
	latestK := map[string]int{}
	order := make([]int, 0, len(g.Claims))
	for k := range d.sents {
		order = append(order, byK[k]...)
	}
	for _, gi := range order {
		c := g.Claims[gi]
		if c.Optional == corpus.Borderline {
			continue
		}
		k := d.sentenceOf(c.Trigger.Start)
		if k < 0 {
			continue
		}
		s := &d.sents[k]
		sc := cand{ent: -1, i: -1, j: -1}
		for _, x := range s.subj {
			if ec[x.ent][c.Subject] && (sc.ent < 0 || sc.pron != "" && x.pron == "") {
				sc = x
			}
		}
		if sc.ent < 0 {
			for ei := range d.Entities {
				if d.party(ei) && ec[ei][c.Subject] {
					sc = cand{ent: ei, i: -1, j: -1}
					break
				}
			}
		}
		if sc.ent < 0 {
			continue
		}
		t := -1
		for q, w := range s.toks {
			if overlaps(w, c.Trigger) {
				t = q
				break
			}
		}
		r := claimRef{k: k, t: t, c: sc, stance: c.Stance}
		gr := group{k, c.Subject, c.Stance}
		prev := latest[c.Subject]
		if lk, ok := latestK[c.Subject]; ok && lk == k {
			prev = before[c.Subject]
		}
		if !done[gr] {
			done[gr] = true
			gold := make([]bool, len(Keys))
			for _, gj := range byK[k] {
				o := g.Claims[gj]
				if o.Subject == c.Subject && o.Stance == c.Stance && o.Optional != corpus.Borderline {
					for ki, key := range Keys {
						if key == o.Topic {
							gold[ki] = true
						}
					}
				}
			}
			fs, insent := d.topicFeatures(tc, r, prev, cfg.TopicBits)
			in.topics = append(in.topics, topicInst{feats: fs, gold: gold, insent: insent})
		}
		// speaker
		d.parsed(k, cfg.Parser)
		{
			cs := d.speakerCands(k)
			si := spkInst{}
			anyOK := false
			for _, x := range cs {
				f := fb{bits: cfg.SpeakerBits}
				d.speakerFeatures(&f, r, x)
				si.feats = append(si.feats, f.out)
				ok := speakerRight(d, g, ec, c, x)
				si.correct = append(si.correct, ok)
				anyOK = anyOK || ok
			}
			if anyOK {
				in.spk = append(in.spk, si)
			}
		}
		if c.Stance != corpus.Denied && c.Stance != corpus.Cleared {
			if lk, ok := latestK[c.Subject]; !ok || lk != k {
				before[c.Subject] = latest[c.Subject]
				latest[c.Subject] = nil
				latestK[c.Subject] = k
			}
			if !contains(latest[c.Subject], c.Topic) {
				latest[c.Subject] = append(latest[c.Subject], c.Topic)
			}
		}
	}
	return in
}

// speakerRight judges a candidate speaker as claimeval does.
func speakerRight(d *doc, g *corpus.Record, ec []map[string]bool, c corpus.Claim, x spk) bool {
	if c.Speaker == nil {
		return x.h == -1
	}
	if x.h == -1 {
		return false
	}
	var ps []corpus.Span
	if x.end > x.start {
		ps = append(ps, corpus.Span{Start: x.start, End: x.end})
	}
	if x.ent >= 0 {
		for _, m := range d.Entities[x.ent].Mentions {
			ps = append(ps, corpus.Span{Start: m.Start, End: m.End})
		}
	}
	var gs []corpus.Span
	if c.Speaker.Cluster != "" {
		for _, e := range g.Entities {
			if e.Cluster == c.Speaker.Cluster {
				gs = append(gs, e.Span())
			}
		}
	} else if c.Speaker.Span != nil {
		gs = append(gs, *c.Speaker.Span)
	}
	for _, a := range ps {
		for _, b := range gs {
			if a.Start < b.End && b.Start < a.End {
				return true
			}
		}
	}
	return false
}

// Candidates reports how the required gold claims of exs fare in
// candidate generation: Covered have their trigger and subject among
// the candidates; the others lack the trigger, the subject, or both.
type Candidates struct {
	Required, Covered, NoTrigger, NoSubject, Neither int
	Missed                                           map[string]int // the triggers missed when the subject was found
}

// Recall is Covered/Required.
func (c Candidates) Recall() float64 { return ratio(c.Covered, c.Required) }

// CandidateRecall measures candidate generation on exs with the
// vocabulary of model m (or, when m is nil, one collected from train).
func CandidateRecall(exs []Example, m *Model, train []Example, p *parse.Model) Candidates {
	cfg := &TrainConfig{Parser: p}
	cfg.defaults()
	vocab := Vocab(train, cfg.MinTrigger, cfg.MinRate)
	if m != nil {
		vocab = m.vocab
	}
	out := Candidates{Missed: map[string]int{}}
	for _, ex := range exs {
		in := build(ex, vocab, cfg)
		out.Required += in.required
		out.Covered += in.covered
		out.NoTrigger += in.noTrigger
		out.NoSubject += in.noSubject
		out.Neither += in.neither
		for k, v := range in.missed {
			out.Missed[k] += v
		}
	}
	return out
}

// Train learns a model: the vocabulary, then the topic and speaker
// classifiers on the gold claims, then the stance classifier on the
// candidate pairs, each keeping its best epoch on dev.
func Train(ctx context.Context, cfg TrainConfig, log io.Writer) (*Model, error) {
	cfg.defaults()
	if log == nil {
		log = io.Discard
	}
	if len(cfg.Train) == 0 {
		return nil, fmt.Errorf("claimml: no training examples")
	}
	vocab := Vocab(cfg.Train, cfg.MinTrigger, cfg.MinRate)
	var tr, dv instances
	nclaims := 0
	for _, ex := range cfg.Train {
		in := build(ex, vocab, &cfg)
		tr.pairs = append(tr.pairs, in.pairs...)
		tr.topics = append(tr.topics, in.topics...)
		tr.spk = append(tr.spk, in.spk...)
		tr.required += in.required
		tr.covered += in.covered
		if ex.Gold != nil {
			nclaims += len(ex.Gold.Claims)
		}
	}
	for i, ex := range cfg.Dev {
		in := build(ex, vocab, &cfg)
		for j := range in.pairs {
			in.pairs[j].sent += i << 16
		}
		dv.pairs = append(dv.pairs, in.pairs...)
		dv.topics = append(dv.topics, in.topics...)
		dv.spk = append(dv.spk, in.spk...)
		dv.required += in.required
		dv.covered += in.covered
	}
	fmt.Fprintf(log, "claims: %d stems; train %d pairs, %d topic and %d speaker decisions, candidate recall %.4f (%d/%d); dev %d pairs, recall %.4f (%d/%d)\n",
		len(vocab), len(tr.pairs), len(tr.topics), len(tr.spk), ratio(tr.covered, tr.required), tr.covered, tr.required,
		len(dv.pairs), ratio(dv.covered, dv.required), dv.covered, dv.required)
	fp := fingerprint(&cfg, vocab, tr)
	info := Info{StanceBits: cfg.StanceBits, TopicBits: cfg.TopicBits, SpeakerBits: cfg.SpeakerBits, Seed: cfg.Seed,
		MinTrigger: cfg.MinTrigger, MinRate: cfg.MinRate, Vocab: len(vocab), TrainDocs: len(cfg.Train), TrainClaims: nclaims, Data: cfg.Data}
	loop := func(name string) perceptron.Loop {
		return perceptron.Loop{Name: name, Epochs: cfg.Epochs, Seed: cfg.Seed, Patience: cfg.Patience, Checkpoint: cfg.Checkpoint,
			Fingerprint: fp, Log: log}
	}

	// topics
	tm := perceptron.New(perceptron.Shape{Buckets: 1 << cfg.TopicBits, Classes: 2})
	l := loop("claims-topic")
	best, err := l.Run(ctx, tm, len(tr.topics), func(epoch, i int, rng *rand.Rand) (int, int) {
		x := tr.topics[i]
		errs := 0
		for ki := range Keys {
			var s [2]float32
			tm.Scores(0, x.feats[ki], s[:])
			y := 0
			if x.gold[ki] {
				y = 1
			}
			if p := argmax(s[:]); p != y {
				tm.Update(0, x.feats[ki], y, 1)
				tm.Update(0, x.feats[ki], p, -1)
				errs++
			}
		}
		tm.Tick()
		if errs > 0 {
			return 1, 1
		}
		return 0, 1
	}, func(ts []*perceptron.Table) (float64, string, error) {
		f := topicScore(ts[0], nil, dv.topics)
		return f, fmt.Sprintf("topic family F1 %.4f", f), nil
	})
	if err != nil {
		return nil, err
	}
	topic := best.Tables[0]
	// the first key: a ranking over the keys
	rm := perceptron.New(perceptron.Shape{Buckets: 1 << cfg.TopicBits, Classes: 1})
	l = loop("claims-topic-rank")
	best, err = l.Run(ctx, rm, len(tr.topics), func(epoch, i int, rng *rand.Rand) (int, int) {
		x := tr.topics[i]
		p, g := -1, -1
		var ps, gs float32
		for ki := range Keys {
			var s [1]float32
			rm.Scores(0, x.feats[ki], s[:])
			if p < 0 || s[0] > ps {
				p, ps = ki, s[0]
			}
			if x.gold[ki] && (g < 0 || s[0] > gs) {
				g, gs = ki, s[0]
			}
		}
		rm.Tick()
		if g < 0 || x.gold[p] {
			return 0, 1
		}
		rm.Update(0, x.feats[g], 0, 1)
		rm.Update(0, x.feats[p], 0, -1)
		return 1, 1
	}, func(ts []*perceptron.Table) (float64, string, error) {
		f := topicScore(topic, ts[0], dv.topics)
		return f, fmt.Sprintf("topic family F1 %.4f", f), nil
	})
	if err != nil {
		return nil, err
	}
	rank := best.Tables[0]
	info.TopicEpoch, info.DevTopic = best.Epoch, best.Score

	// speakers
	sm := perceptron.New(perceptron.Shape{Buckets: 1 << cfg.SpeakerBits, Classes: 1})
	l = loop("claims-speaker")
	best, err = l.Run(ctx, sm, len(tr.spk), func(epoch, i int, rng *rand.Rand) (int, int) {
		x := tr.spk[i]
		p, g := -1, -1
		var ps, gs float32
		for c, fs := range x.feats {
			var s [1]float32
			sm.Scores(0, fs, s[:])
			if p < 0 || s[0] > ps {
				p, ps = c, s[0]
			}
			if x.correct[c] && (g < 0 || s[0] > gs) {
				g, gs = c, s[0]
			}
		}
		sm.Tick()
		if x.correct[p] {
			return 0, 1
		}
		sm.Update(0, x.feats[g], 0, 1)
		sm.Update(0, x.feats[p], 0, -1)
		return 1, 1
	}, func(ts []*perceptron.Table) (float64, string, error) {
		a := speakerScore(ts[0], dv.spk)
		return a, fmt.Sprintf("speaker accuracy %.4f", a), nil
	})
	if err != nil {
		return nil, err
	}
	speaker := best.Tables[0]
	info.SpeakerEpoch, info.DevSpeaker = best.Epoch, best.Score

	// the gate: a stance classifier without the parse, which decides
	// which sentences are worth parsing
	nc := len(Stances) + 1
	gm := perceptron.New(perceptron.Shape{Buckets: 1 << cfg.StanceBits, Classes: nc})
	l = loop("claims-gate")
	best, err = l.Run(ctx, gm, len(tr.pairs), func(epoch, i int, rng *rand.Rand) (int, int) {
		x := tr.pairs[i]
		s := make([]float32, nc)
		gm.Scores(0, x.gate, s)
		p := argmax(s)
		if p != x.label {
			gm.Update(0, x.gate, x.label, 1)
			gm.Update(0, x.gate, p, -1)
		}
		gm.Tick()
		if p != x.label {
			return 1, 1
		}
		return 0, 1
	}, func(ts []*perceptron.Table) (float64, string, error) {
		pf := gateScore(ts[0], dv.pairs)
		return pf, fmt.Sprintf("gate pair F1 %.4f", pf), nil
	})
	if err != nil {
		return nil, err
	}
	gate := best.Tables[0]
	info.GateEpoch = best.Epoch
	info.Gate, info.GateRecall = gateThreshold(gate, dv.pairs, cfg.GateRecall)

	// stances
	pm := perceptron.New(perceptron.Shape{Buckets: 1 << cfg.StanceBits, Classes: nc})
	l = loop("claims-stance")
	model := func(ts []*perceptron.Table) *Model {
		m := &Model{info: info, vocab: vocab, stance: ts[0], gate: gate, topic: topic, rank: rank, speaker: speaker, Parser: cfg.Parser}
		return m
	}
	best, err = l.Run(ctx, pm, len(tr.pairs), func(epoch, i int, rng *rand.Rand) (int, int) {
		x := tr.pairs[i]
		s := make([]float32, nc)
		pm.Scores(0, x.feats, s)
		p := argmax(s)
		if p != x.label {
			pm.Update(0, x.feats, x.label, 1)
			pm.Update(0, x.feats, p, -1)
		}
		pm.Tick()
		if p != x.label {
			return 1, 1
		}
		return 0, 1
	}, func(ts []*perceptron.Table) (float64, string, error) {
		pf := pairScore(ts[0], dv.pairs)
		if cfg.Eval == nil {
			return pf, fmt.Sprintf("pair F1 %.4f", pf), nil
		}
		score, rep, err := cfg.Eval(model(ts))
		return score, fmt.Sprintf("pair F1 %.4f, %s", pf, rep), err
	})
	if err != nil {
		return nil, err
	}
	info.StanceEpoch, info.DevStance = best.Epoch, best.Score
	return model(best.Tables), nil
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// fingerprint identifies the training configuration and data.
func fingerprint(cfg *TrainConfig, vocab map[string]uint8, tr instances) string {
	stems := make([]string, 0, len(vocab))
	for s := range vocab {
		stems = append(stems, s+"="+strconv.Itoa(int(vocab[s])))
	}
	sort.Strings(stems)
	h := featurehash.String(fmt.Sprintf("v%d %d %d %d %d %g %d %d %d %d", fileVersion, cfg.StanceBits, cfg.TopicBits, cfg.SpeakerBits,
		cfg.MinTrigger, cfg.MinRate, cfg.Seed, len(tr.pairs), len(tr.topics), len(tr.spk)))
	for _, s := range stems {
		h = featurehash.Mix(h ^ featurehash.String(s))
	}
	for _, ex := range cfg.Train {
		if ex.Gold != nil {
			h = featurehash.Mix(h ^ featurehash.String(ex.Gold.Key+ex.Gold.ArticleHash))
		}
	}
	return strconv.FormatUint(h, 16)
}

// topicScore is the micro F1 of the decided topic families on dev; with
// no ranker, the binary model's best key comes first.
func topicScore(binary, rank *perceptron.Table, xs []topicInst) float64 {
	tp, fp, fn := 0, 0, 0
	for _, x := range xs {
		r := marginOf(binary, x.feats)
		if rank != nil {
			r = rankOf(rank, x.feats)
		}
		keys := decideTopics(r, yesOf(binary, x.feats), x.insent)
		pred := map[string]bool{}
		for _, k := range keys {
			pred[family(k)] = true
		}
		gold := map[string]bool{}
		for ki, g := range x.gold {
			if g {
				gold[family(Keys[ki])] = true
			}
		}
		for f := range pred {
			if gold[f] {
				tp++
			} else {
				fp++
			}
		}
		for f := range gold {
			if !pred[f] {
				fn++
			}
		}
	}
	return f1(tp, fp, fn)
}

func f1(tp, fp, fn int) float64 {
	if tp == 0 {
		return 0
	}
	p := float64(tp) / float64(tp+fp)
	r := float64(tp) / float64(tp+fn)
	return 2 * p * r / (p + r)
}

// speakerScore is the share of dev claims whose best-scored speaker is
// right.
func speakerScore(t *perceptron.Table, xs []spkInst) float64 {
	ok := 0
	for _, x := range xs {
		b, bs := 0, float32(0)
		for c, fs := range x.feats {
			var s [1]float32
			t.Scores(fs, s[:])
			if c == 0 || s[0] > bs {
				b, bs = c, s[0]
			}
		}
		if x.correct[b] {
			ok++
		}
	}
	return ratio(ok, len(xs))
}

// pairScore is the micro F1 of the stances of dev pairs.
func pairScore(t *perceptron.Table, xs []pairInst) float64 {
	tp, fp, fn := 0, 0, 0
	s := make([]float32, len(Stances)+1)
	for _, x := range xs {
		clear(s)
		t.Scores(x.feats, s)
		p := argmax(s)
		switch {
		case p != 0 && p == x.label:
			tp++
		case p != 0:
			fp++
			if x.label != 0 {
				fn++
			}
		case x.label != 0:
			fn++
		}
	}
	return f1(tp, fp, fn)
}

// gateMargin is the margin of a pair's best stance over none.
func gateMargin(t *perceptron.Table, feats []uint32, s []float32) float32 {
	clear(s)
	t.Scores(feats, s)
	y := argmax(s[1:]) + 1
	return s[y] - s[0]
}

// gateScore is the micro F1 of the gate's stances on pairs.
func gateScore(t *perceptron.Table, xs []pairInst) float64 {
	g := make([]pairInst, len(xs))
	for i, x := range xs {
		g[i] = pairInst{feats: x.gate, label: x.label}
	}
	return pairScore(t, g)
}

// gateThreshold returns the margin above which the gate opens a
// sentence (when one of its pairs scores above it) so that the
// sentences holding share recall of the positive pairs xs open, and the
// share of the positive pairs whose sentence opens.
func gateThreshold(t *perceptron.Table, xs []pairInst, recall float64) (float32, float64) {
	type sent struct {
		top float32
		pos int
	}
	s := make([]float32, len(Stances)+1)
	by := map[int]*sent{}
	var keys []int
	total := 0
	for _, x := range xs {
		m := gateMargin(t, x.gate, s)
		st := by[x.sent]
		if st == nil {
			st = &sent{top: m}
			by[x.sent] = st
			keys = append(keys, x.sent)
		}
		st.top = max(st.top, m)
		if x.label != 0 {
			st.pos++
			total++
		}
	}
	if total == 0 {
		return 0, 0
	}
	// the sentences with positive pairs, by their best margin
	var ss []*sent
	for _, k := range keys {
		if by[k].pos > 0 {
			ss = append(ss, by[k])
		}
	}
	sort.Slice(ss, func(a, b int) bool { return ss[a].top > ss[b].top })
	kept := 0
	th := ss[len(ss)-1].top - 1e-3
	for _, x := range ss {
		kept += x.pos
		if float64(kept) >= recall*float64(total) {
			th = x.top - 1e-3
			break
		}
	}
	pass := 0
	for _, x := range ss {
		if x.top > th {
			pass += x.pos
		}
	}
	return th, float64(pass) / float64(total)
}
