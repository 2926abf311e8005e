package attribute

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"time"

	"dossier/internal/perceptron"
	"dossier/segment"
)

// TrainConfig configures Train.
type TrainConfig struct {
	Train string // folder in PolNeAR's layout (see ReadDir)
	Dev   string // folder scored after each epoch (content overlap F1); the best epoch is kept
	// Epochs is the number of passes over the training paragraphs
	// (default 15).
	Epochs int
	// Seed orders the paragraphs of each epoch; the same data and seed
	// give the same model, byte for byte.
	Seed int64
	// Bits is the log2 of the number of feature buckets (default 15).
	Bits uint
	// MinWeight drops quantized weights of smaller magnitude (out of
	// 32767 for the largest), which keeps the model file small at no
	// cost in accuracy (default 256; negative keeps all).
	MinWeight int
	// Checkpoint, if set, is a folder where the training state is saved
	// after every epoch; a rerun with the same data and settings resumes
	// from it.
	Checkpoint string
}

func (c *TrainConfig) defaults() {
	if c.Epochs <= 0 {
		c.Epochs = 15
	}
	if c.Bits == 0 {
		c.Bits = 21
	}
	if c.MinWeight == 0 {
		c.MinWeight = 256
	}
}

// trainPara is a training paragraph: its tokens' features and gold
// labels.
type trainPara struct {
	feats []uint32
	gold  []uint8
}

// goldLabels labels the tokens of a paragraph from the gold
// attributions: cues first, then sources, then content, each token
// taking the first role that covers it; a piece of a span starts a new
// span.
func goldLabels(toks []tokInfo, golds []Gold, out []uint8) []uint8 {
	n := len(toks)
	role := make([]int8, n)
	begin := make([]bool, n)
	for i := range role {
		role[i] = -1
	}
	cover := func(s Span) (int, int) {
		a := sort.Search(n, func(i int) bool { return toks[i].end > s.Start })
		b := sort.Search(n, func(i int) bool { return toks[i].start >= s.End })
		return a, max(a, b)
	}
	for _, r := range []int{roleCue, roleSource, roleContent} {
		for _, g := range golds {
			pieces := g.Content
			switch r {
			case roleCue:
				pieces = g.Cue
			case roleSource:
				pieces = g.Source
			}
			for _, p := range pieces {
				a, b := cover(p)
				first := true
				for i := a; i < b; i++ {
					if role[i] >= 0 {
						continue
					}
					role[i] = int8(r)
					if first {
						begin[i] = true
						first = false
					}
				}
			}
		}
	}
	out = out[:0]
	for i := 0; i < n; i++ {
		if role[i] < 0 {
			out = append(out, 0)
			continue
		}
		r := int(role[i])
		first := begin[i] || i == 0 || role[i-1] != role[i]
		last := i+1 == n || begin[i+1] || role[i+1] != role[i]
		switch {
		case first && last:
			out = append(out, uint8(label(r, partU)))
		case first:
			out = append(out, uint8(label(r, partB)))
		case last:
			out = append(out, uint8(label(r, partL)))
		default:
			out = append(out, uint8(label(r, partI)))
		}
	}
	return out
}

// trainingParagraphs cuts documents into paragraphs with features and
// gold labels.
func trainingParagraphs(docs []Document, bits uint) ([]trainPara, int) {
	w := &worker{}
	var paras []trainPara
	tokens := 0
	for i := range docs {
		d := &docs[i]
		w.scan(d.Text, segment.Sentences(d.Text), bits, func() {
			tokens += len(w.toks)
			paras = append(paras, trainPara{
				feats: append([]uint32(nil), w.feats...),
				gold:  goldLabels(w.toks, d.Attributions, nil),
			})
		})
	}
	return paras, tokens
}

// Train trains a model with the averaged structured perceptron (Collins
// 2002; package internal/perceptron) over the paragraphs of the training
// folder and returns the epoch that scores best on the dev folder (the
// last one without a dev folder). Progress goes to log. With a
// Checkpoint folder, a run that was stopped resumes after its last epoch.
func Train(ctx context.Context, cfg TrainConfig, log io.Writer) (*Model, error) {
	cfg.defaults()
	if cfg.Bits < minBits || cfg.Bits > maxBits {
		return nil, fmt.Errorf("attribute: bits %d outside %d-%d", cfg.Bits, minBits, maxBits)
	}
	start := time.Now()
	docs, err := ReadDir(cfg.Train)
	if err != nil {
		return nil, err
	}
	var dev []Document
	if cfg.Dev != "" {
		if dev, err = ReadDir(cfg.Dev); err != nil {
			return nil, err
		}
	}
	paras, tokens := trainingParagraphs(docs, cfg.Bits)
	fmt.Fprintf(log, "train: %d documents, %d paragraphs, %d tokens; features in %s\n",
		len(docs), len(paras), tokens, time.Since(start).Round(time.Millisecond))

	const nl = numLabels
	pm := perceptron.New(perceptron.Shape{Buckets: 1 << cfg.Bits, Classes: nl}, perceptron.Shape{Buckets: nl + 1, Classes: nl})
	info := ModelInfo{Epochs: cfg.Epochs, Seed: cfg.Seed, Documents: len(docs), Tokens: tokens}
	w := &worker{}
	tr := make([]float32, (nl+1)*nl)
	step := func(epoch, i int, _ *rand.Rand) (int, int) {
		p := &paras[i]
		n := len(p.gold)
		w.toks = w.toks[:0]
		for range n {
			w.toks = append(w.toks, tokInfo{})
		}
		w.feats = p.feats
		w.em = growF(w.em, n*nl)
		clear(w.em)
		for t := 0; t < n; t++ {
			pm.Scores(0, p.feats[t*numTemplates:(t+1)*numTemplates], w.em[t*nl:(t+1)*nl])
		}
		clear(tr)
		for q := 0; q <= nl; q++ {
			pm.Scores(1, []uint32{uint32(q)}, tr[q*nl:(q+1)*nl])
		}
		viterbi(w, tr)
		wrong := update(pm, p, w.labels)
		pm.Tick()
		return wrong, 1
	}
	var eval perceptron.Eval
	if len(dev) > 0 {
		eval = func(tables []*perceptron.Table) (float64, string, error) {
			m := &Model{bits: cfg.Bits, w: tables[0], trans: tables[1]}
			m.initTrans()
			r := Evaluate(m.Find, dev)
			return r.Content.Overlap.F1, fmt.Sprintf("content overlap F1 %.4f (exact %.4f, source %.4f, cue %.4f)",
				r.Content.Overlap.F1, r.Content.Exact.F1, r.Source.Overlap.F1, r.Cue.Overlap.F1), nil
		}
	}
	loop := perceptron.Loop{Name: "attribution", Epochs: cfg.Epochs, Seed: cfg.Seed, Checkpoint: cfg.Checkpoint,
		Fingerprint: fmt.Sprintf("%s/%d/%d/%d/%d", fingerprint(), cfg.Bits, len(paras), tokens, cfg.MinWeight),
		MinWeight:   cfg.MinWeight, Log: log}
	best, err := loop.Run(ctx, pm, len(paras), step, eval)
	if err != nil {
		return nil, err
	}
	info.Epoch, info.DevF1 = best.Epoch, max(best.Score, 0)
	m := &Model{info: info, bits: cfg.Bits, w: best.Tables[0], trans: best.Tables[1]}
	m.initTrans()
	fmt.Fprintf(log, "kept epoch %d (dev content overlap F1 %.4f); %d weight rows; %s in all\n",
		info.Epoch, info.DevF1, m.w.Rows(), time.Since(start).Round(time.Second))
	return m, nil
}

// update makes the perceptron update for one paragraph and reports
// whether the prediction was wrong (1) or not (0).
func update(pm *perceptron.Model, p *trainPara, pred []int) int {
	const nl = numLabels
	wrong := 0
	pg, pp := nl, nl
	for t, g8 := range p.gold {
		g, q := int(g8), pred[t]
		if g != q {
			wrong = 1
			f := p.feats[t*numTemplates : (t+1)*numTemplates]
			pm.Update(0, f, g, +1)
			pm.Update(0, f, q, -1)
		}
		if g != q || pg != pp {
			pm.Add(1, uint32(pg), g, +1)
			pm.Add(1, uint32(pp), q, -1)
		}
		pg, pp = g, q
	}
	return wrong
}
