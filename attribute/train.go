package attribute

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sort"
	"time"

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

// trainer holds the perceptron's weights and, for averaging, the sums
// of its updates weighted by when they were made.
type trainer struct {
	w, trans []float32
	u, ut    []float64
	c        float64
}

// Train trains a model with the averaged structured perceptron (Collins
// 2002) over the paragraphs of the training folder and returns the
// epoch that scores best on the dev folder (the last one without a dev
// folder). Progress goes to log.
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
	nb := 1 << cfg.Bits
	tr := &trainer{w: make([]float32, nb*nl), trans: make([]float32, (nl+1)*nl),
		u: make([]float64, nb*nl), ut: make([]float64, (nl+1)*nl), c: 1}
	info := ModelInfo{Epochs: cfg.Epochs, Seed: cfg.Seed, Documents: len(docs), Tokens: tokens}
	var best []byte
	bestF1 := -1.0
	w := &worker{}
	for epoch := 1; epoch <= cfg.Epochs; epoch++ {
		t0 := time.Now()
		rng := rand.New(rand.NewPCG(uint64(cfg.Seed), uint64(epoch)))
		wrong := 0
		for k, pi := range rng.Perm(len(paras)) {
			if k%1024 == 0 && ctx.Err() != nil {
				return nil, ctx.Err()
			}
			p := &paras[pi]
			n := len(p.gold)
			w.toks = w.toks[:0]
			for range n {
				w.toks = append(w.toks, tokInfo{})
			}
			w.feats = p.feats
			denseEmissions(w, tr.w)
			viterbi(w, tr.trans, 1)
			if tr.update(p, w.labels) {
				wrong++
			}
			tr.c++
		}
		m := tr.model(cfg.Bits, cfg.MinWeight)
		info.Epoch = epoch
		line := fmt.Sprintf("epoch %d: %d/%d paragraphs wrong, %s", epoch, wrong, len(paras), time.Since(t0).Round(time.Millisecond))
		keep := len(dev) == 0
		if len(dev) > 0 {
			r := Evaluate(m.Find, dev)
			info.DevF1 = r.Content.Overlap.F1
			line += fmt.Sprintf(", dev content overlap F1 %.4f (exact %.4f, source %.4f, cue %.4f)",
				r.Content.Overlap.F1, r.Content.Exact.F1, r.Source.Overlap.F1, r.Cue.Overlap.F1)
			if info.DevF1 > bestF1 {
				bestF1, keep = info.DevF1, true
				line += " best"
			}
		}
		fmt.Fprintln(log, line)
		if keep {
			m.info = info
			var buf bytes.Buffer
			if err := m.Save(&buf); err != nil {
				return nil, err
			}
			best = buf.Bytes()
		}
	}
	m, err := Load(bytes.NewReader(best))
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(log, "kept epoch %d (dev content overlap F1 %.4f); %d weight rows; %s in all\n",
		m.info.Epoch, m.info.DevF1, len(m.w.rows)/numLabels, time.Since(start).Round(time.Second))
	return m, nil
}

// denseEmissions fills w.em from dense float weights.
func denseEmissions(w *worker, weights []float32) {
	n := len(w.toks)
	w.em = growF(w.em, n*numLabels)
	clear(w.em)
	for t := 0; t < n; t++ {
		em := w.em[t*numLabels : t*numLabels+numLabels]
		for _, b := range w.feats[t*numTemplates : (t+1)*numTemplates] {
			row := weights[int(b)*numLabels : int(b)*numLabels+numLabels]
			for l := range em {
				em[l] += row[l]
			}
		}
	}
}

// update makes the perceptron update for one paragraph and reports
// whether the prediction was wrong.
func (tr *trainer) update(p *trainPara, pred []int) bool {
	const nl = numLabels
	wrong := false
	pg, pp := nl, nl
	for t, g8 := range p.gold {
		g, q := int(g8), pred[t]
		if g != q {
			wrong = true
			for _, b := range p.feats[t*numTemplates : (t+1)*numTemplates] {
				i, j := int(b)*nl+g, int(b)*nl+q
				tr.w[i]++
				tr.w[j]--
				tr.u[i] += tr.c
				tr.u[j] -= tr.c
			}
		}
		if g != q || pg != pp {
			i, j := pg*nl+g, pp*nl+q
			tr.trans[i]++
			tr.trans[j]--
			tr.ut[i] += tr.c
			tr.ut[j] -= tr.c
		}
		pg, pp = g, q
	}
	return wrong
}

// model returns the averaged weights as a model, quantized to int16
// with one scale, dropping weights below minWeight.
func (tr *trainer) model(bits uint, minWeight int) *Model {
	avg := func(w float32, u float64) float64 { return float64(w) - u/tr.c }
	maxAbs := 0.0
	for i, w := range tr.w {
		if w != 0 || tr.u[i] != 0 {
			maxAbs = max(maxAbs, math.Abs(avg(w, tr.u[i])))
		}
	}
	for i, w := range tr.trans {
		maxAbs = max(maxAbs, math.Abs(avg(w, tr.ut[i])))
	}
	scale := maxAbs / 32767
	if scale == 0 {
		scale = 1
	}
	q := func(x float64) int16 { return int16(math.Round(x / scale)) }
	dense := make([]int16, len(tr.w))
	for i, w := range tr.w {
		if w != 0 || tr.u[i] != 0 {
			if v := q(avg(w, tr.u[i])); int(v) >= minWeight || int(v) <= -minWeight {
				dense[i] = v
			}
		}
	}
	m := &Model{bits: bits, scale: float32(scale), trans: make([]int16, len(tr.trans))}
	for i, w := range tr.trans {
		m.trans[i] = q(avg(w, tr.ut[i]))
	}
	m.w = newTable(numLabels, 1<<bits, dense)
	return m
}
