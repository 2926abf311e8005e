package parse

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"dossier/internal/featurehash"
	"dossier/internal/perceptron"
)

// TrainConfig configures Train.
type TrainConfig struct {
	// Train are CoNLL-U files, or directories whose *.conllu files are
	// read in name order. Each input is a treebank whose conventions the
	// model learns apart where they differ (a few features are paired
	// with the input's index); new text is tagged and parsed as the
	// first input annotates.
	Train []string
	// Dev is a CoNLL-U file scored after every epoch (UPOS for the
	// tagger, LAS for the parser); the best epoch of each is kept.
	Dev string
	// Clusters maps words to cluster paths of 0s and 1s (see
	// recognize.ReadClusters), optional.
	Clusters map[string]string
	// TagEpochs and ParseEpochs bound the passes over the training data
	// (defaults 15 and 20); Patience stops the parser after so many
	// epochs without a better dev score (default 4). The tagger, whose
	// epochs take a second, runs all its epochs and keeps the best.
	TagEpochs, ParseEpochs, Patience int
	// Seed orders the examples of each epoch and drives exploration;
	// the same data and seed give the same model, byte for byte.
	Seed int64
	// Folds is the number of folds for jackknifed tags: the parser is
	// trained on tags each predicted by a tagger that did not see the
	// sentence (default 5; 1 trains it on gold tags).
	Folds int
	// Explore is the probability of following the model's own
	// transition rather than the oracle's from the second epoch on
	// (default 0.9; negative: never).
	Explore float64
	// TagBits, KindBits and ArcBits are the log2 of the feature buckets
	// of the tagger, the transition-kind and the label tables (defaults
	// 21, 22, 20).
	TagBits, KindBits, ArcBits uint
	// MinWeight drops quantized weights below it (of 32767).
	MinWeight int
	// Checkpoint is a directory for per-epoch checkpoints; rerunning
	// with the same configuration resumes.
	Checkpoint string
	// MaxSentences, if positive, trains on the first so many sentences.
	MaxSentences int
	// LabelAfter chooses each transition's kind first and then its
	// label, which is faster; else kind and label are scored together.
	LabelAfter bool
	// TwoPass adds a second tagging pass that sees the first pass's tags
	// of the words to the right, trained on the jackknifed first-pass
	// tags (needs Folds ≥ 2).
	TwoPass bool
}

func (c *TrainConfig) defaults() {
	if c.TagEpochs <= 0 {
		c.TagEpochs = 15
	}
	if c.ParseEpochs <= 0 {
		c.ParseEpochs = 20
	}
	if c.Patience <= 0 {
		c.Patience = 4
	}
	if c.Folds <= 0 {
		c.Folds = 5
	}
	if c.Explore == 0 {
		c.Explore = 0.9
	}
	if c.TagBits == 0 {
		c.TagBits = 21
	}
	if c.KindBits == 0 {
		c.KindBits = 22
	}
	if c.ArcBits == 0 {
		c.ArcBits = 20
	}
}

// UPOS are the Universal POS tags in the tagger's class order.
var UPOS = []string{"ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"}

// expand lists the CoNLL-U files of the inputs, and the index of the
// input each came from.
func expand(inputs []string) ([]string, []int, error) {
	var out []string
	var src []int
	for k, in := range inputs {
		st, err := os.Stat(in)
		if err != nil {
			return nil, nil, fmt.Errorf("parse: %w", err)
		}
		if !st.IsDir() {
			out = append(out, in)
			src = append(src, k)
			continue
		}
		m, err := filepath.Glob(filepath.Join(in, "*.conllu"))
		if err != nil {
			return nil, nil, fmt.Errorf("parse: %w", err)
		}
		if len(m) == 0 {
			return nil, nil, fmt.Errorf("parse: %s: no .conllu files", in)
		}
		sort.Strings(m)
		out = append(out, m...)
		for range m {
			src = append(src, k)
		}
	}
	return out, src, nil
}

// readAll reads files and returns their sentences, the source of each
// (srcs[i] for file i; 0 when srcs is nil) and a digest of their bytes.
func readAll(files []string, srcs []int) ([]Sentence, []int, string, error) {
	h := sha256.New()
	var out []Sentence
	var from []int
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, "", fmt.Errorf("parse: %w", err)
		}
		h.Write(data)
		s, err := Read(strings.NewReader(string(data)), f)
		if err != nil {
			return nil, nil, "", err
		}
		out = append(out, s...)
		for range s {
			if srcs != nil {
				from = append(from, srcs[i])
			} else {
				from = append(from, 0)
			}
		}
	}
	return out, from, hex.EncodeToString(h.Sum(nil)[:8]), nil
}

// example is a training sentence, described once.
type example struct {
	info   []wordInfo // index 0 is the root
	gold   []int      // UPOS per word (from index 0 = word 1)
	heads  []int32    // gold head per index, heads[0] unused
	labels []int16
	src    int // index of the training input it came from
}

// Train trains the tagger, then the parser on jackknifed tags, each with
// the averaged perceptron, keeping the epoch of each that scores best on
// Dev. Progress goes to log.
func Train(ctx context.Context, cfg TrainConfig, log io.Writer) (*Model, error) {
	cfg.defaults()
	start := time.Now()
	files, srcs, err := expand(cfg.Train)
	if err != nil {
		return nil, err
	}
	sents, from, digest, err := readAll(files, srcs)
	if err != nil {
		return nil, err
	}
	if cfg.MaxSentences > 0 && len(sents) > cfg.MaxSentences {
		sents = sents[:cfg.MaxSentences]
	}
	dev, _, devDigest, err := readAll([]string{cfg.Dev}, nil)
	if err != nil {
		return nil, err
	}
	// labels: every relation of the training data, sorted
	seen := map[string]bool{}
	words := 0
	for _, s := range sents {
		for i, w := range s.Words {
			if w.Head < 0 || w.Deprel == "" {
				return nil, fmt.Errorf("parse: training sentence %q word %d has no head or relation", s.ID, i+1)
			}
			if !slices.Contains(UPOS, w.UPOS) {
				return nil, fmt.Errorf("parse: training sentence %q word %d: UPOS %q", s.ID, i+1, w.UPOS)
			}
			seen[w.Deprel] = true
		}
		words += len(s.Words)
	}
	labels := make([]string, 0, len(seen))
	for l := range seen {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	info := ModelInfo{Tags: UPOS, Labels: labels, TagBits: cfg.TagBits, KindBits: cfg.KindBits, ArcBits: cfg.ArcBits,
		Seed: cfg.Seed, Sentences: len(sents), Words: words, Folds: cfg.Folds, LabelAfter: cfg.LabelAfter}
	if cfg.TwoPass && cfg.Folds < 2 {
		return nil, fmt.Errorf("parse: a second tagging pass needs jackknifed tags: folds %d, want ≥ 2", cfg.Folds)
	}
	for _, f := range files {
		info.Data = append(info.Data, filepath.Base(f))
	}
	if len(info.Data) > 20 {
		info.Data = append(info.Data[:19], fmt.Sprintf("… %d files in all", len(files)))
	}
	m, err := newModel(info)
	if err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	m.clusters = make(map[string]uint32, len(cfg.Clusters))
	for w, p := range cfg.Clusters {
		if p != "" && strings.Trim(p, "01") == "" {
			m.clusters[w] = packPath(p)
		}
	}
	m.info.Clusters = len(m.clusters)
	m.lexicon = buildLexicon(sents)
	m.info.Lexicon = len(m.lexicon)
	// what the checkpoints depend on: not the epochs, patience or folder,
	// so a run may be resumed with more epochs
	fp, _ := json.Marshal(struct {
		Data, Dev                  string
		Seed                       int64
		Folds                      int
		Explore                    float64
		TagBits, KindBits, ArcBits uint
		MinWeight, MaxSentences    int
		LabelAfter, TwoPass        bool
		Clusters                   uint64
		Labels                     []string
		Version                    int
	}{digest, devDigest, cfg.Seed, cfg.Folds, cfg.Explore, cfg.TagBits, cfg.KindBits, cfg.ArcBits,
		cfg.MinWeight, cfg.MaxSentences, cfg.LabelAfter, cfg.TwoPass, clusterDigest(m.clusters) ^ clusterDigest(m.lexicon), labels, fileVersion})
	sum := sha256.Sum256(fp)
	fingerprint := hex.EncodeToString(sum[:8])

	labelIndex := make(map[string]int16, len(labels))
	for i, l := range labels {
		labelIndex[l] = int16(i)
	}
	exs := make([]example, len(sents))
	for k, s := range sents {
		n := len(s.Words)
		ex := example{info: make([]wordInfo, n+1), gold: make([]int, n), heads: make([]int32, n+1), labels: make([]int16, n+1), src: from[k]}
		forms := make([]string, n)
		for i, w := range s.Words {
			forms[i] = w.Form
			ex.gold[i] = slices.Index(UPOS, w.UPOS)
			ex.heads[i+1] = int32(w.Head)
			ex.labels[i+1] = labelIndex[w.Deprel]
		}
		m.describe(forms, ex.info[1:])
		exs[k] = ex
	}
	fmt.Fprintf(log, "train: %d files, %d sentences, %d words, %d labels, %d clusters; read in %s\n",
		len(files), len(sents), words, len(labels), len(m.clusters), time.Since(start).Round(time.Millisecond))

	loop := func(name string, epochs int) perceptron.Loop {
		return perceptron.Loop{Name: name, Epochs: epochs, Seed: cfg.Seed, Patience: cfg.Patience,
			Checkpoint: cfg.Checkpoint, Fingerprint: fingerprint, MinWeight: cfg.MinWeight, Log: log}
	}

	// the tagger
	tagEval := func(tables []*perceptron.Table) (float64, string, error) {
		mm := m.clone()
		mm.tagger = tables[0]
		r := evaluateTags(mm, dev)
		return r, fmt.Sprintf("UPOS %.4f", r), nil
	}
	l := loop("tagger", cfg.TagEpochs)
	l.Patience = 0
	res, err := trainTagger(ctx, &l, m, exs, nil, nil, tagEval)
	if err != nil {
		return nil, err
	}
	m.tagger = res.Tables[0]
	m.info.TagEpoch, m.info.DevUPOS = res.Epoch, res.Score

	// tags for the parser's training data
	if cfg.Folds >= 2 {
		for k := 0; k < cfg.Folds; k++ {
			var in []int
			for i := range exs {
				if i%cfg.Folds != k {
					in = append(in, i)
				}
			}
			l := loop(fmt.Sprintf("tagger-fold%d", k), res.Epoch)
			l.Patience = 0
			r, err := trainTagger(ctx, &l, m, exs, in, nil, nil)
			if err != nil {
				return nil, err
			}
			mk := m.clone()
			mk.tagger = r.Tables[0]
			w := mk.newWorker()
			for i := k; i < len(exs); i += cfg.Folds {
				mk.tag(w, exs[i].info[1:], exs[i].src)
			}
		}
	} else {
		for _, ex := range exs {
			for i, g := range ex.gold {
				ex.info[i+1].tag = g
			}
		}
	}

	if cfg.TwoPass {
		first := make([][]int, len(exs))
		for i, ex := range exs {
			for _, x := range ex.info[1:] {
				first[i] = append(first[i], x.tag)
			}
		}
		tag2Eval := func(tables []*perceptron.Table) (float64, string, error) {
			mm := m.clone()
			mm.tagger2 = tables[0]
			r := evaluateTags(mm, dev)
			return r, fmt.Sprintf("UPOS %.4f", r), nil
		}
		l := loop("tagger2", cfg.TagEpochs)
		l.Patience = 0
		r, err := trainTagger(ctx, &l, m, exs, nil, first, tag2Eval)
		if err != nil {
			return nil, err
		}
		m.tagger2 = r.Tables[0]
		m.info.TwoPass, m.info.Tag2Epoch, m.info.DevUPOS1, m.info.DevUPOS = true, r.Epoch, m.info.DevUPOS, r.Score
		// the parser trains on the jackknifed first-pass tags
		for i, ex := range exs {
			for j := range first[i] {
				ex.info[j+1].tag = first[i][j]
			}
		}
	}

	// the parser
	parseEval := func(tables []*perceptron.Table) (float64, string, error) {
		mm := m.clone()
		mm.kinds, mm.arcs = tables[0], tables[1]
		r := Evaluate(mm, dev)
		return r.LAS, fmt.Sprintf("UAS %.4f LAS %.4f", r.UAS, r.LAS), nil
	}
	l = loop("parser", cfg.ParseEpochs)
	pres, err := trainParser(ctx, &l, m, exs, cfg.Explore, parseEval)
	if err != nil {
		return nil, err
	}
	m.kinds, m.arcs = pres.Tables[0], pres.Tables[1]
	m.info.ParseEpoch, m.info.DevLAS = pres.Epoch, pres.Score
	fmt.Fprintf(log, "kept tagger epoch %d (dev UPOS %.4f), parser epoch %d (dev LAS %.4f); %d+%d+%d weight rows; %s in all\n",
		res.Epoch, res.Score, pres.Epoch, pres.Score, m.tagger.Rows(), m.kinds.Rows(), m.arcs.Rows(), time.Since(start).Round(time.Second))
	return m, nil
}

// Words seen at least lexiconMin times enter the tag lexicon, with the
// tags they had at least lexiconShare of the time.
const (
	lexiconMin   = 5
	lexiconShare = 0.05
)

// buildLexicon returns the tags each frequent (lowercased) word had.
func buildLexicon(sents []Sentence) map[string]uint32 {
	counts := map[string]*[32]int{}
	for _, s := range sents {
		for _, w := range s.Words {
			k := lowerDigits(normalize(w.Form))
			c := counts[k]
			if c == nil {
				c = new([32]int)
				counts[k] = c
			}
			c[slices.Index(UPOS, w.UPOS)]++
		}
	}
	out := map[string]uint32{}
	for k, c := range counts {
		total := 0
		for _, x := range c {
			total += x
		}
		if total < lexiconMin {
			continue
		}
		var mask uint32
		for t, x := range c {
			if float64(x) >= lexiconShare*float64(total) {
				mask |= 1 << t
			}
		}
		out[k] = mask
	}
	return out
}

// clusterDigest hashes the clusters in word order.
func clusterDigest(c map[string]uint32) uint64 {
	words := make([]string, 0, len(c))
	for w := range c {
		words = append(words, w)
	}
	sort.Strings(words)
	h := uint64(featurehash.Offset)
	for _, w := range words {
		h = featurehash.Feat2(h, featurehash.String(w), uint64(c[w]))
	}
	return h
}

// trainTagger trains a tagger on the examples idx (all when nil); with
// first, a second pass that sees first[k], example k's first-pass tags.
func trainTagger(ctx context.Context, l *perceptron.Loop, m *Model, exs []example, idx []int, first [][]int, eval perceptron.Eval) (*perceptron.Result, error) {
	nt := len(m.tags)
	pm := perceptron.New(perceptron.Shape{Buckets: 1 << m.info.TagBits, Classes: nt})
	var feats []uint32
	var tags []int
	scores := make([]float32, nt)
	n := len(exs)
	if idx != nil {
		n = len(idx)
	}
	step := func(epoch, k int, rng *rand.Rand) (int, int) {
		if idx != nil {
			k = idx[k]
		}
		ex := &exs[k]
		info := ex.info[1:]
		tags = tags[:0]
		errs := 0
		for i := range info {
			feats = tagFeatures(info, i, tags, ex.src, m.info.TagBits, feats[:0])
			if first != nil {
				p1 := uint64(padStart)
				if i > 0 {
					p1 = uint64(tags[i-1]) + 1
				}
				feats = secondFeatures(first[k], i, p1, info[i].lower, m.info.TagBits, feats)
			}
			clear(scores)
			pm.Scores(0, feats, scores)
			best := 0
			for c := 1; c < nt; c++ {
				if scores[c] > scores[best] {
					best = c
				}
			}
			if g := ex.gold[i]; best != g {
				pm.Update(0, feats, g, 1)
				pm.Update(0, feats, best, -1)
				errs++
			}
			pm.Tick()
			tags = append(tags, best)
		}
		return errs, len(info)
	}
	return l.Run(ctx, pm, n, step, eval)
}

// denseScorer scores with the weights in training.
type denseScorer struct{ pm *perceptron.Model }

func (d denseScorer) kindScores(f []uint32, out []float32) { d.pm.Scores(0, f, out) }
func (d denseScorer) arcScores(f []uint32, out []float32)  { d.pm.Scores(1, f, out) }

// trainParser trains the parser with the dynamic oracle: at each
// configuration the best-scoring transition among those that lose the
// fewest gold arcs is the target; from the second epoch on, the parser
// follows its own prediction with probability explore, so it learns to
// recover from its mistakes (Goldberg and Nivre 2012).
func trainParser(ctx context.Context, l *perceptron.Loop, m *Model, exs []example, explore float64, eval perceptron.Eval) (*perceptron.Result, error) {
	nl := len(m.labels)
	pm := perceptron.New(perceptron.Shape{Buckets: 1 << m.info.KindBits, Classes: numKinds},
		perceptron.Shape{Buckets: 1 << m.info.ArcBits, Classes: nl})
	w := m.newWorker()
	p := &w.p
	sc := denseScorer{pm}
	root := m.rootLabel
	if m.info.LabelAfter {
		return l.Run(ctx, pm, len(exs), labelAfterStep(pm, m, exs, explore), eval)
	}
	step := func(epoch, k int, rng *rand.Rand) (int, int) {
		ex := &exs[k]
		n := len(ex.gold)
		p.st.reset(n)
		p.src = uint64(ex.src)
		errs, units := 0, 0
		for !p.st.done() {
			p.score(ex.info, sc, m.info.KindBits, m.info.ArcBits)
			pred := p.best(root)
			gold, predCost := p.oracle(ex, pred, root)
			if predCost > 0 {
				errs++
				if gold.kind != pred.kind {
					pm.Update(0, p.feats, gold.kind, 1)
					pm.Update(0, p.feats, pred.kind, -1)
				}
				if gold.kind != actShift {
					pm.Update(1, p.arcFeats(gold.kind), int(gold.label), 1)
				}
				if pred.kind != actShift {
					pm.Update(1, p.arcFeats(pred.kind), int(pred.label), -1)
				}
			}
			pm.Tick()
			units++
			next := gold
			if epoch > 1 && explore > 0 && rng.Float64() < explore {
				next = pred
			}
			p.st.apply(next.kind, next.label)
		}
		return errs, units
	}
	return l.Run(ctx, pm, len(exs), step, eval)
}

// labelAfterStep trains a parser that chooses the kind of transition
// first and then the label: the kind table learns from the dynamic
// oracle's costs of the kinds, the label table from every arc whose head
// is right, towards its gold label.
func labelAfterStep(pm *perceptron.Model, m *Model, exs []example, explore float64) perceptron.Step {
	w := m.newWorker()
	p := &w.p
	sc := denseScorer{pm}
	root := m.rootLabel
	return func(epoch, k int, rng *rand.Rand) (int, int) {
		ex := &exs[k]
		s := &p.st
		s.reset(len(ex.gold))
		p.src = uint64(ex.src)
		errs, units := 0, 0
		for !s.done() {
			p.features(ex.info, m.info.KindBits)
			p.kind = [numKinds]float32{}
			sc.kindScores(p.feats, p.kind[:])
			pred := p.bestKind()
			costs := [numKinds]int{}
			costs[actShift], costs[actLeft], costs[actRight] = s.costs(ex.heads)
			minCost, gold := -1, -1
			for k, c := range costs {
				if c >= 0 && (minCost < 0 || c < minCost || c == minCost && p.kind[k] > p.kind[gold]) {
					minCost, gold = c, k
				}
			}
			wrong := false
			if costs[pred] > minCost {
				pm.Update(0, p.feats, gold, 1)
				pm.Update(0, p.feats, pred, -1)
				wrong = true
			}
			next := gold
			if epoch > 1 && explore > 0 && rng.Float64() < explore {
				next = pred
			}
			a := action{kind: next, label: -1}
			if next != actShift {
				feats := p.arcLabels(ex.info, sc, next, m.info.ArcBits)
				l, _ := p.bestLabel(next, root)
				a.label = l
				d := s.stackAt(0)
				h := s.b0()
				if next == actRight {
					h = s.stackAt(1)
				}
				if ex.heads[d] == h {
					if g := ex.labels[d]; g != l && p.legalLabel(next, g, root) {
						pm.Update(1, feats, int(g), 1)
						pm.Update(1, feats, int(l), -1)
						wrong = true
						if next == gold {
							a.label = g
						}
					}
				}
			}
			if wrong {
				errs++
			}
			pm.Tick()
			units++
			s.apply(a.kind, a.label)
		}
		return errs, units
	}
}

func (p *parser) arcFeats(kind int) []uint32 {
	if kind == actLeft {
		return p.lfeats
	}
	return p.rfeats
}

// oracle returns the best-scoring transition among those of least cost,
// and how much more pred costs than it.
func (p *parser) oracle(ex *example, pred action, root int16) (action, int) {
	s := &p.st
	cs, cl, cr := s.costs(ex.heads)
	s0, s1, b0 := s.stackAt(0), s.stackAt(1), s.b0()
	// the cost of a LEFT or RIGHT with label l
	cost := func(a action) int {
		switch a.kind {
		case actShift:
			return cs
		case actLeft:
			if ex.heads[s0] == b0 && ex.labels[s0] != a.label && (b0 != 0 || a.label != root) {
				return cl + 1
			}
			return cl
		}
		if ex.heads[s0] == s1 && ex.labels[s0] != a.label {
			return cr + 1
		}
		return cr
	}
	minCost := -1
	for _, c := range [...]int{cs, cl, cr} {
		if c >= 0 && (minCost < 0 || c < minCost) {
			minCost = c
		}
	}
	var gold action
	found := false
	var bs float32
	consider := func(a action, score float32) {
		if cost(a) == minCost && (!found || score > bs) {
			gold, bs, found = a, score, true
		}
	}
	if cs == minCost {
		consider(action{kind: actShift, label: -1}, p.kind[actShift])
	}
	for _, k := range [...]int{actLeft, actRight} {
		c := cl
		if k == actRight {
			c = cr
		}
		if c != minCost {
			continue
		}
		for l, x := range p.lab[k-actLeft] {
			if p.legalLabel(k, int16(l), root) {
				consider(action{kind: k, label: int16(l)}, p.kind[k]+x)
			}
		}
	}
	if !found {
		// every least-cost LEFT or RIGHT needs a label it may not have
		// (a gold root label off the root): take the least-cost kind
		// with its best label
		for _, k := range [...]int{actLeft, actRight} {
			if (k == actLeft && cl == minCost) || (k == actRight && cr == minCost) {
				l, _ := p.bestLabel(k, root)
				return action{kind: k, label: l}, max(cost(pred)-minCost-1, 0)
			}
		}
	}
	return gold, cost(pred) - minCost
}
