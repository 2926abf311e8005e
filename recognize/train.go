package recognize

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"time"

	"dossier/internal/perceptron"
)

// TrainConfig configures Train.
type TrainConfig struct {
	Train []string // CoNLL-2003 files (.conllu files are read as GUM)
	Dev   []string // CoNLL files scored after each epoch; the best epoch is kept
	// Epochs is the number of passes over the training data (default 20).
	Epochs int
	// Seed orders the sentences of each epoch; the same data and seed
	// give the same model, byte for byte.
	Seed int64
	// Checkpoint is a directory where the training state is written after
	// each epoch; a run with the same configuration resumes from it.
	Checkpoint string
	// Clusters is a word-cluster paths file (see ReadClusters), optional.
	Clusters string
	// Gazetteers is the shared data folder whose name lists (countries,
	// given names, OFAC and UN sanctions lists) become gazetteers, optional.
	Gazetteers string
	// Scheme is "bilou" (default) or "bio".
	Scheme string
	// Bits is the log2 of the number of feature buckets (default 21).
	Bits uint
	// Stacked adds the second stage; Folds is the number of folds of the
	// training documents for its jackknifed inputs (default 5).
	Stacked bool
	Folds   int
	// MaxSentences, if positive, trains on the first so many sentences
	// of the Train files.
	MaxSentences int

	// News are labelled documents added to the training files (the
	// annotated news corpus's train split, read by the caller), each
	// seen NewsRepeat times per epoch (default 1). Copies of a document
	// stay in one fold of the second stage's jackknifing.
	News       []Document
	NewsRepeat int
	// NewsDev, when not empty, chooses the epoch of each stage in place
	// of Dev: the epoch with the best mean of the PER and ORG F1 on
	// these documents (NewsScore). Dev is still scored and logged.
	NewsDev []Document
}

// NewsScore is the figure epochs are chosen by on news documents: the
// mean of the PER and ORG F1, the types claims and screening act on.
func NewsScore(r *EvalReport) float64 { return (r.PerType["PER"].F1 + r.PerType["ORG"].F1) / 2 }

func (c *TrainConfig) defaults() {
	if c.Epochs <= 0 {
		c.Epochs = 20
	}
	if c.Scheme == "" {
		c.Scheme = "bilou"
	}
	if c.Bits == 0 {
		c.Bits = 21
	}
	if c.Folds < 2 {
		c.Folds = 5
	}
	if c.NewsRepeat < 1 {
		c.NewsRepeat = 1
	}
}

// fingerprint identifies a configuration, so a checkpoint of another run
// is not resumed.
func (c *TrainConfig) fingerprint() string {
	b, _ := json.Marshal(struct {
		Train, Dev    []string
		Seed          int64
		Clusters, Gaz string
		Scheme        string
		Bits          uint
		Max           int
	}{c.Train, c.Dev, c.Seed, c.Clusters, c.Gazetteers, c.Scheme, c.Bits, c.MaxSentences})
	h := sha256.New()
	h.Write(b)
	if len(c.News) > 0 || len(c.NewsDev) > 0 {
		// the documents themselves, so other news data is not resumed
		fmt.Fprintf(h, "news %d\n", c.NewsRepeat)
		for _, docs := range [][]Document{c.News, c.NewsDev} {
			for _, d := range docs {
				for _, s := range d {
					fmt.Fprintf(h, "%q %q\n", s.Tokens, s.Labels)
				}
				h.Write([]byte("\n"))
			}
			h.Write([]byte("--\n"))
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// readCorpus reads CoNLL or GUM files.
func readCorpus(files []string) ([]Document, error) {
	var docs []Document
	for _, f := range files {
		var (
			d   []Document
			err error
		)
		if strings.HasSuffix(f, ".conllu") {
			d, err = ReadGUMFile(f)
		} else {
			d, err = ReadCoNLLFile(f)
		}
		if err != nil {
			return nil, err
		}
		docs = append(docs, d...)
	}
	return docs, nil
}

// trainSent is a training sentence: its tokens' features are
// ex.feats[off[t0+i]:off[t0+i+1]] of its document's extraction.
type trainSent struct {
	feats []uint32
	off   []int32 // len(gold)+1, relative to feats
	gold  []int
}

// trainer holds the perceptron's state.
type trainer struct {
	nl       int
	w, trans []float32
	u, ut    []float64 // update sums weighted by time, for averaging
	c        float64   // updates so far + 1
}

// Train trains a model with the averaged structured perceptron (Collins
// 2002) and returns the epoch that scored best on the dev files (the
// last epoch without dev files). With Stacked, a second stage is trained
// on the first stage's labels of each document, which for the training
// data come from models trained on the other folds (jackknifing), so the
// second stage learns how far to trust them. Progress goes to log.
func Train(ctx context.Context, cfg TrainConfig, log io.Writer) (*Model, error) {
	cfg.defaults()
	if cfg.Scheme != "bio" && cfg.Scheme != "bilou" {
		return nil, fmt.Errorf("recognize: unknown scheme %q", cfg.Scheme)
	}
	if cfg.Bits < 10 || cfg.Bits > maxBits {
		return nil, fmt.Errorf("recognize: bits %d outside 10-%d", cfg.Bits, maxBits)
	}
	start := time.Now()
	docs, err := readCorpus(cfg.Train)
	if err != nil {
		return nil, err
	}
	dev, err := readCorpus(cfg.Dev)
	if err != nil {
		return nil, err
	}
	if cfg.MaxSentences > 0 {
		docs = firstSentences(docs, cfg.MaxSentences)
	}
	// copies[d]: how many times document d is seen per epoch
	copies := make([]int, len(docs), len(docs)+len(cfg.News))
	for d := range copies {
		copies[d] = 1
	}
	for _, d := range cfg.News {
		if err := checkDocument(d); err != nil {
			return nil, err
		}
		docs = append(docs, d)
		copies = append(copies, cfg.NewsRepeat)
	}
	lx := newLexicon()
	if cfg.Clusters != "" {
		f, err := os.Open(cfg.Clusters)
		if err != nil {
			return nil, err
		}
		paths, err := ReadClusters(f, cfg.Clusters)
		f.Close()
		if err != nil {
			return nil, err
		}
		for w, p := range paths {
			lx.clusters[w] = packPath(p)
		}
	}
	if cfg.Gazetteers != "" {
		if err := buildGazetteers(lx, cfg.Gazetteers); err != nil {
			return nil, err
		}
	}
	lx.index()
	if cfg.Checkpoint != "" {
		if err := os.MkdirAll(cfg.Checkpoint, 0o755); err != nil {
			return nil, err
		}
	}

	labels := schemeLabels(cfg.Scheme)
	m := &Model{info: ModelInfo{Scheme: cfg.Scheme, Seed: cfg.Seed, Clusters: len(lx.clusters), Phrases: len(lx.phrases)},
		labels: labels, bits: cfg.Bits, lx: lx, scale: 1}
	m.setup()
	index := make(map[string]int, len(labels))
	for i, l := range labels {
		index[l] = i
	}
	gold := make([][][]int, len(docs))
	toks := make([][][]string, len(docs))
	for d, doc := range docs {
		for _, s := range doc {
			g := make([]int, len(s.Tokens))
			for i, l := range encodeLabels(s.Labels, cfg.Scheme) {
				g[i] = index[l]
			}
			gold[d] = append(gold[d], g)
			toks[d] = append(toks[d], s.Tokens)
		}
	}

	// first stage: features of every training sentence, computed once
	ex := newExtractor(lx, cfg.Bits)
	var sents []trainSent
	sentDoc := []int{}
	tokens := 0
	for d := range docs {
		ex.extract(toks[d])
		sents = appendCopies(sents, ex.feats, ex.off, gold[d], copies[d])
		for range copies[d] * len(docs[d]) {
			sentDoc = append(sentDoc, d)
		}
		tokens += int(len(ex.off)-1) * copies[d]
	}
	m.info.Sentences = len(sents)
	m.info.NewsDocuments, m.info.NewsRepeat = len(cfg.News), cfg.NewsRepeat
	if len(cfg.News) == 0 {
		m.info.NewsRepeat = 0
	}
	fmt.Fprintf(log, "train: %d documents (%d news, each %d times), %d sentences, %d tokens; %d clusters, %d gazetteer phrases, %d name words; features in %s\n",
		len(docs), len(cfg.News), cfg.NewsRepeat, len(sents), tokens, len(lx.clusters), len(lx.phrases), len(lx.words), time.Since(start).Round(time.Millisecond))

	fp := cfg.fingerprint()
	eval := devScorer(dev, cfg.NewsDev)
	var eval1 func(r *stageResult) (float64, string)
	if eval != nil {
		eval1 = func(r *stageResult) (float64, string) { return eval(m.withStage1(r)) }
	}
	s1, err := runStage(ctx, &cfg, fp, "stage1", sents, m, cfg.Epochs, eval1, log)
	if err != nil {
		return nil, err
	}
	m1 := m.withStage1(s1)
	m1.info.Epoch, m1.info.DevF1 = s1.epoch, s1.f1
	if len(cfg.NewsDev) > 0 {
		m1.info.SelectedBy = "news PER+ORG F1"
	}
	if !cfg.Stacked {
		fmt.Fprintf(log, "kept epoch %d (dev score %.4f); %s in all\n", s1.epoch, s1.f1, time.Since(start).Round(time.Second))
		return m1, nil
	}

	// jackknifed first-stage labels of the training documents
	folds := cfg.Folds
	pred := make([][]int, len(docs)) // flat labels per document
	for k := 0; k < folds; k++ {
		var sub []trainSent
		for i, s := range sents {
			if sentDoc[i]%folds != k {
				sub = append(sub, s)
			}
		}
		r, err := runStage(ctx, &cfg, fp, fmt.Sprintf("fold%d", k), sub, m, s1.epoch, nil, log)
		if err != nil {
			return nil, err
		}
		mk := m.withStage1(r)
		tg := &tagger{ex: newExtractor(lx, cfg.Bits)}
		for d := k; d < len(docs); d += folds {
			mk.tagIndices(tg, toks[d], func(_ int, labels []int) { pred[d] = append(pred[d], labels...) })
		}
	}
	var sents2 []trainSent
	for d := range docs {
		ex.extract(toks[d])
		ex.extend(pred[d], m.ltype, m.lbegin)
		sents2 = appendCopies(sents2, ex.feats2, ex.off2, gold[d], copies[d])
	}
	var eval2 func(r *stageResult) (float64, string)
	if eval != nil {
		eval2 = func(r *stageResult) (float64, string) { return eval(m1.withStage2(r)) }
	}
	s2, err := runStage(ctx, &cfg, fp, "stage2", sents2, m, cfg.Epochs, eval2, log)
	if err != nil {
		return nil, err
	}
	m2 := m1.withStage2(s2)
	m2.info.Stage1F1, m2.info.Epoch, m2.info.DevF1 = s1.f1, s2.epoch, s2.f1
	fmt.Fprintf(log, "kept stage 1 epoch %d (dev score %.4f), stage 2 epoch %d (dev score %.4f); %s in all\n",
		s1.epoch, s1.f1, s2.epoch, s2.f1, time.Since(start).Round(time.Second))
	return m2, nil
}

// devScorer returns the function that scores a model after each epoch:
// the news score when there are news dev documents, else the dev F1;
// nil when there is neither. Its string lists the figures for the log.
func devScorer(dev, news []Document) func(*Model) (float64, string) {
	if len(dev) == 0 && len(news) == 0 {
		return nil
	}
	return func(m *Model) (float64, string) {
		var (
			score float64
			line  []string
		)
		if len(dev) > 0 {
			r := evaluateDocs(m, dev)
			score = r.Overall.F1
			line = append(line, fmt.Sprintf("dev F1 %.4f", score))
		}
		if len(news) > 0 {
			r := evaluateDocs(m, news)
			score = NewsScore(r)
			line = append(line, fmt.Sprintf("news PER %.4f ORG %.4f LOC %.4f MISC %.4f all %.4f, score %.4f",
				r.PerType["PER"].F1, r.PerType["ORG"].F1, r.PerType["LOC"].F1, r.PerType["MISC"].F1, r.Overall.F1, score))
		}
		return score, strings.Join(line, ", ")
	}
}

// checkDocument rejects a document with a sentence whose labels are not
// one per token, or not IOB2 labels of the model's entity types.
func checkDocument(d Document) error {
	for i, s := range d {
		if len(s.Labels) != len(s.Tokens) {
			return fmt.Errorf("recognize: news document sentence %d: %d tokens, %d labels", i+1, len(s.Tokens), len(s.Labels))
		}
		for _, l := range s.Labels {
			if !validLabel(l) || l != "O" && !slices.Contains(entityTypes, l[2:]) {
				return fmt.Errorf("recognize: news document sentence %d: bad label %q", i+1, l)
			}
		}
	}
	return nil
}

// appendCopies appends a document's training sentences n times; the
// copies share their features.
func appendCopies(sents []trainSent, feats []uint32, off []int32, gold [][]int, n int) []trainSent {
	lo := len(sents)
	sents = appendSents(sents, feats, off, gold)
	hi := len(sents)
	for k := 1; k < n; k++ {
		sents = append(sents, sents[lo:hi]...)
	}
	return sents
}

// appendSents cuts a document's features into training sentences.
func appendSents(sents []trainSent, feats []uint32, off []int32, gold [][]int) []trainSent {
	t := 0
	for _, g := range gold {
		n := len(g)
		base := off[t]
		ts := trainSent{feats: append([]uint32(nil), feats[base:off[t+n]]...), off: make([]int32, n+1), gold: g}
		for i := 0; i <= n; i++ {
			ts.off[i] = off[t+i] - base
		}
		sents = append(sents, ts)
		t += n
	}
	return sents
}

// stageResult is one trained stage: quantized weights and where they
// came from.
type stageResult struct {
	w     *perceptron.Table // emissions
	trans []int16           // transitions, times scale
	scale float32
	epoch int
	f1    float64
}

// stageOf reads a stage from the trainer's averaged tables: emissions,
// then transitions ((labels+1) × labels, the last row from the start).
func stageOf(tables []*perceptron.Table) *stageResult {
	em, tt := tables[0], tables[1]
	r := &stageResult{w: em, trans: make([]int16, tt.Buckets*tt.Classes), scale: tt.Scale}
	for b := 0; b < tt.Buckets; b++ {
		if row := tt.Row(uint32(b)); row != nil {
			copy(r.trans[b*tt.Classes:], row)
		}
	}
	return r
}

func (m *Model) withStage1(r *stageResult) *Model {
	c := &Model{info: m.info, labels: m.labels, bits: m.bits, lx: m.lx, w: r.w, trans: r.trans, scale: r.scale}
	c.info.Stacked = false
	c.setup()
	return c
}

func (m *Model) withStage2(r *stageResult) *Model {
	c := &Model{info: m.info, labels: m.labels, bits: m.bits, lx: m.lx, w: m.w, trans: m.trans, scale: m.scale,
		w2: r.w, trans2: r.trans, scale2: r.scale}
	c.info.Stacked = true
	c.setup()
	return c
}

// runStage trains one perceptron (package internal/perceptron) for
// epochs passes over sents, keeping the epoch that eval scores best (the
// last when eval is nil). With a checkpoint directory the loop saves its
// state after each epoch as NAME.state and its best tables as NAME.best,
// and resumes from them.
func runStage(ctx context.Context, cfg *TrainConfig, fp, name string, sents []trainSent, m *Model, epochs int,
	eval func(*stageResult) (float64, string), log io.Writer) (*stageResult, error) {
	nl := len(m.labels)
	pm := perceptron.New(perceptron.Shape{Buckets: 1 << cfg.Bits, Classes: nl}, perceptron.Shape{Buckets: nl + 1, Classes: nl})
	tg := &tagger{}
	var pred []int
	trans := make([]float32, (nl+1)*nl)
	step := func(_, i int, _ *rand.Rand) (int, int) {
		s := &sents[i]
		n := len(s.gold)
		tg.em = grow(tg.em, n*nl)
		clear(tg.em)
		for t := range n {
			pm.Scores(0, s.feats[s.off[t]:s.off[t+1]], tg.em[t*nl:(t+1)*nl])
		}
		clear(trans)
		for p := 0; p <= nl; p++ {
			pm.Scores(1, []uint32{uint32(p)}, trans[p*nl:(p+1)*nl])
		}
		if cap(pred) < n {
			pred = make([]int, n)
		}
		pred = pred[:n]
		viterbi(tg, nl, n, tg.em, trans, 1, m.allowed, m.final, pred)
		wrong := update(pm, nl, s, pred)
		pm.Tick()
		return wrong, 1
	}
	var ev perceptron.Eval
	if eval != nil {
		ev = func(tables []*perceptron.Table) (float64, string, error) {
			score, figures := eval(stageOf(tables))
			return score, strings.TrimPrefix(figures, "dev "), nil
		}
	}
	loop := perceptron.Loop{Name: name, Epochs: epochs, Seed: cfg.Seed, Checkpoint: cfg.Checkpoint, Fingerprint: fp + " " + name, Log: log}
	best, err := loop.Run(ctx, pm, len(sents), step, ev)
	if err != nil {
		return nil, fmt.Errorf("recognize: %w", err)
	}
	r := stageOf(best.Tables)
	r.epoch, r.f1 = best.Epoch, best.Score
	return r, nil
}

func firstSentences(docs []Document, n int) []Document {
	var out []Document
	for _, d := range docs {
		if n <= 0 {
			break
		}
		if len(d) > n {
			d = d[:n]
		}
		out = append(out, d)
		n -= len(d)
	}
	return out
}

// encodeLabels converts IOB2 labels to the scheme's.
func encodeLabels(iob2 []string, scheme string) []string {
	out := make([]string, len(iob2))
	for i, l := range iob2 {
		out[i] = l
		if scheme != "bilou" || l == "O" {
			continue
		}
		cont := i+1 < len(iob2) && iob2[i+1] == "I-"+l[2:]
		switch {
		case l[0] == 'B' && !cont:
			out[i] = "U-" + l[2:]
		case l[0] == 'I' && !cont:
			out[i] = "L-" + l[2:]
		}
	}
	return out
}

// update makes the perceptron update for one sentence: towards the gold
// labels, away from the predicted ones, emissions (table 0) and
// transitions (table 1). It returns 1 when the prediction was wrong.
func update(pm *perceptron.Model, nl int, s *trainSent, pred []int) int {
	wrong := 0
	pg, pp := nl, nl // start row
	for t, g := range s.gold {
		p := pred[t]
		if g != p {
			wrong = 1
			f := s.feats[s.off[t]:s.off[t+1]]
			pm.Update(0, f, g, +1)
			pm.Update(0, f, p, -1)
		}
		if g != p || pg != pp {
			pm.Add(1, uint32(pg), g, +1)
			pm.Add(1, uint32(pp), p, -1)
		}
		pg, pp = g, p
	}
	return wrong
}
