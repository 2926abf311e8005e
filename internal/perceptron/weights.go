// Package perceptron is dossier's one trainer of linear models: the
// averaged perceptron (Collins 2002; Daumé's averaging trick) over hashed
// features, with one training loop (epochs in a seeded order, the best
// epoch on dev kept, a checkpoint after every epoch that a rerun resumes
// from) and one compact, quantized form for inference.
//
// A model is one or more weight tables, each of Buckets feature buckets ×
// Classes classes, sharing one clock for averaging. A model defines its
// features (hashed to buckets with dossier/internal/featurehash and
// Bucket) and its decoding; the package supplies the rest:
//
//	m := perceptron.New(perceptron.Shape{Buckets: 1 << 20, Classes: 17})
//	loop := perceptron.Loop{Name: "tagger", Epochs: 10, Seed: 1, Checkpoint: dir, Log: os.Stderr}
//	best, err := loop.Run(ctx, m, len(sents), func(epoch, i int, rng *rand.Rand) (errs, units int) {
//		… m.Scores(0, feats, scores) … m.Update(0, feats, gold, +1); m.Update(0, feats, pred, -1) …
//		m.Tick()
//		return errs, len(sent)
//	}, func(tables []*perceptron.Table) (float64, string, error) { … score dev … })
//
// best.Tables are int16 tables with one scale each, stored behind a
// bitmap of non-zero rows; Table.Encode and DecodeTable put them in a
// dossier/internal/modelfile section.
package perceptron

import (
	"fmt"
	"math"
)

// Shape is a table's size.
type Shape struct {
	Buckets int
	Classes int
}

// weights is one table in training: the current weights and, for
// averaging, the sum of each update times the clock when it was made.
type weights struct {
	Shape
	w []float32
	u []float64
}

// Model is the training state of a linear model: its tables and the
// clock. It is not safe for concurrent use.
type Model struct {
	tables []*weights
	c      float64 // Ticks so far + 1
}

// New returns a model of zero weights with tables of the given shapes.
func New(shapes ...Shape) *Model {
	m := &Model{c: 1}
	for _, s := range shapes {
		if s.Buckets <= 0 || s.Classes <= 0 {
			panic(fmt.Sprintf("perceptron: bad shape %+v", s))
		}
		n := s.Buckets * s.Classes
		m.tables = append(m.tables, &weights{Shape: s, w: make([]float32, n), u: make([]float64, n)})
	}
	return m
}

// Shapes returns the tables' shapes.
func (m *Model) Shapes() []Shape {
	out := make([]Shape, len(m.tables))
	for i, t := range m.tables {
		out[i] = t.Shape
	}
	return out
}

// Bucket maps a feature hash to one of 2^bits buckets.
func Bucket(h uint64, bits uint) uint32 { return uint32(h >> (64 - bits)) }

// Scores adds to out (one per class) the current weights of the buckets
// feats of table t.
func (m *Model) Scores(t int, feats []uint32, out []float32) {
	tb := m.tables[t]
	nc := tb.Classes
	out = out[:nc]
	for _, f := range feats {
		row := tb.w[int(f)*nc : int(f)*nc+nc]
		for c := range out {
			out[c] += row[c]
		}
	}
}

// Update adds delta to the weight of class for every bucket of feats in
// table t.
func (m *Model) Update(t int, feats []uint32, class int, delta float32) {
	tb := m.tables[t]
	nc := tb.Classes
	d := float64(delta) * m.c
	for _, f := range feats {
		i := int(f)*nc + class
		tb.w[i] += delta
		tb.u[i] += d
	}
}

// Add adds delta to one weight: bucket b, class c of table t.
func (m *Model) Add(t int, b uint32, class int, delta float32) {
	tb := m.tables[t]
	i := int(b)*tb.Classes + class
	tb.w[i] += delta
	tb.u[i] += float64(delta) * m.c
}

// Tick advances the clock: call it once per training example (or per
// decision), after its updates. Averaging weighs each weight by how
// many ticks it stood.
func (m *Model) Tick() { m.c++ }

// Average returns the averaged weights quantized to int16, one scale per
// table (the largest magnitude maps to 32767). Weights whose quantized
// magnitude is below minWeight are dropped, which shrinks the tables at
// little cost; minWeight ≤ 1 keeps every non-zero weight.
func (m *Model) Average(minWeight int) []*Table {
	out := make([]*Table, len(m.tables))
	for k, tb := range m.tables {
		avg := func(i int) float64 { return float64(tb.w[i]) - tb.u[i]/m.c }
		maxAbs := 0.0
		for i := range tb.w {
			if tb.w[i] != 0 || tb.u[i] != 0 {
				maxAbs = max(maxAbs, math.Abs(avg(i)))
			}
		}
		scale := maxAbs / 32767
		if scale == 0 {
			scale = 1
		}
		nc := tb.Classes
		bld := newBuilder(tb.Shape, float32(scale))
		row := make([]int16, nc)
		for b := 0; b < tb.Buckets; b++ {
			nz := false
			for c := 0; c < nc; c++ {
				i := b*nc + c
				row[c] = 0
				if tb.w[i] == 0 && tb.u[i] == 0 {
					continue
				}
				q := math.Round(avg(i) / scale)
				if math.Abs(q) >= float64(max(minWeight, 1)) {
					row[c] = int16(q)
					nz = true
				}
			}
			if nz {
				bld.add(b, row)
			}
		}
		out[k] = bld.table()
	}
	return out
}
