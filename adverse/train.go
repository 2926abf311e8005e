package adverse

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"sync"
	"time"
)

// TrainConfig is what Train needs besides the examples.
type TrainConfig struct {
	Features Features
	// C is the inverse strength of the L2 penalty: the objective is
	// ½|w|² + C·Σ log-loss (the bias is not penalized).
	C float64
	// Folds is the number of cross-validation folds whose out-of-fold
	// predictions fit the calibration and choose the threshold.
	Folds int
	// Seed picks the assignment of examples to folds.
	Seed int64
	// MaxIter bounds the L-BFGS iterations of each fit.
	MaxIter int
	// Data names the training file in the model's Info.
	Data string
	// HeldOutSeen records in the model's Info that the examples include
	// the held-out split.
	HeldOutSeen bool
}

// DefaultConfig returns the configuration of the shipped model, chosen by
// cross-validation on the training split (see docs/model-card-adverse.md).
func DefaultConfig() TrainConfig {
	return TrainConfig{
		Features: Features{WordMin: 1, WordMax: 1, Digits: true, TF: "log", Weight: "idf", MinDF: 2},
		C:        1000,
		Folds:    5,
		Seed:     1,
		MaxIter:  1000,
	}
}

func (c TrainConfig) check() error {
	if err := c.Features.check(); err != nil {
		return err
	}
	if !(c.C > 0) || math.IsInf(c.C, 0) {
		return fmt.Errorf("adverse: C %v, want > 0", c.C)
	}
	if c.Folds < 2 {
		return fmt.Errorf("adverse: %d folds, want ≥ 2", c.Folds)
	}
	if c.MaxIter < 1 {
		return fmt.Errorf("adverse: max iterations %d, want ≥ 1", c.MaxIter)
	}
	return nil
}

// ErrTooFew is returned when the examples cannot be split into folds
// holding both classes.
var ErrTooFew = errors.New("adverse: too few examples of a class")

// corpus is the examples turned into features once.
type corpus struct {
	f    Features
	docs []docFeatures
	y    []bool
}

func newCorpus(ctx context.Context, examples []Example, f Features) (*corpus, error) {
	c := &corpus{f: f, docs: make([]docFeatures, len(examples)), y: make([]bool, len(examples))}
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				c.docs[i] = f.extractDoc(examples[i].Text)
			}
		})
	}
	for i, e := range examples {
		c.y[i] = e.Adverse
		if ctx.Err() == nil {
			next <- i
		}
	}
	close(next)
	wg.Wait()
	return c, ctx.Err()
}

// linear is a fitted model in training form.
type linear struct {
	f      Features
	keys   [][]uint64 // per block, increasing
	scale  [][]float64
	weight [][]float64
	bias   float64
	index  []map[uint64]int32
	iters  int // L-BFGS iterations of the fit
}

// sparse rows of the design matrix.
type rows struct {
	start []int // row i is entries start[i]:start[i+1]
	col   []int32
	val   []float64
}

// vocabulary builds the blocks' vocabularies and scales from docs idx.
func (c *corpus) vocabulary(idx []int) *linear {
	nb := c.f.blocks()
	l := &linear{f: c.f, keys: make([][]uint64, nb), scale: make([][]float64, nb), weight: make([][]float64, nb), index: make([]map[uint64]int32, nb)}
	npos := 0
	for _, i := range idx {
		if c.y[i] {
			npos++
		}
	}
	for b := range nb {
		type stat struct{ df, pos int32 }
		st := map[uint64]*stat{}
		for _, i := range idx {
			for _, kc := range c.docs[i][b] {
				s := st[kc.key]
				if s == nil {
					s = &stat{}
					st[kc.key] = s
				}
				s.df++
				if c.y[i] {
					s.pos++
				}
			}
		}
		keys := make([]uint64, 0, len(st))
		for k, s := range st {
			if int(s.df) >= c.f.MinDF {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		sc := make([]float64, len(keys))
		switch c.f.Weight {
		case "idf":
			n := float64(len(idx))
			for j, k := range keys {
				sc[j] = math.Log((1+n)/(1+float64(st[k].df))) + 1
			}
		case "nb":
			// log-count ratio of binarized counts, add-one smoothed
			var sp, sn float64
			for _, k := range keys {
				s := st[k]
				sp += 1 + float64(s.pos)
				sn += 1 + float64(s.df-s.pos)
			}
			for j, k := range keys {
				s := st[k]
				sc[j] = math.Log((1+float64(s.pos))/sp) - math.Log((1+float64(s.df-s.pos))/sn)
			}
		}
		l.keys[b], l.scale[b] = keys, sc
		l.weight[b] = make([]float64, len(keys))
		l.index[b] = make(map[uint64]int32, len(keys))
		for j, k := range keys {
			l.index[b][k] = int32(j)
		}
	}
	return l
}

// offsets returns the first column of each block.
func (l *linear) offsets() []int {
	off := make([]int, len(l.keys)+1)
	for b, k := range l.keys {
		off[b+1] = off[b] + len(k)
	}
	return off
}

// vector appends the normalized feature vector of d to r.
func (l *linear) vector(r *rows, d docFeatures, off []int) {
	for b := range l.keys {
		first := len(r.col)
		var norm2 float64
		for _, kc := range d[b] {
			j, ok := l.index[b][kc.key]
			if !ok {
				continue
			}
			v := tf(&l.f, kc.n) * l.scale[b][j]
			r.col = append(r.col, int32(off[b])+j)
			r.val = append(r.val, v)
			norm2 += v * v
		}
		if norm2 > 0 {
			inv := 1 / math.Sqrt(norm2)
			for k := first; k < len(r.val); k++ {
				r.val[k] *= inv
			}
		}
	}
	r.start = append(r.start, len(r.col))
}

// fit trains on docs idx.
func (c *corpus) fit(idx []int, C float64, maxIter int) *linear {
	l := c.vocabulary(idx)
	off := l.offsets()
	dim := off[len(off)-1]
	r := &rows{start: []int{0}}
	y := make([]float64, len(idx))
	for k, i := range idx {
		l.vector(r, c.docs[i], off)
		if c.y[i] {
			y[k] = 1
		}
	}
	z := make([]float64, len(idx))
	fg := func(x, g []float64) float64 {
		w, bias := x[:dim], x[dim]
		var f float64
		for i := range y {
			s := bias
			for k := r.start[i]; k < r.start[i+1]; k++ {
				s += w[r.col[k]] * r.val[k]
			}
			// log(1+exp(-s)) for y=1, log(1+exp(s)) for y=0
			m := s
			if y[i] == 1 {
				m = -s
			}
			f += softplus(m)
			z[i] = sigmoid(s) - y[i]
		}
		f *= C
		var gb float64
		copy(g[:dim], w)
		for i := range y {
			d := C * z[i]
			gb += d
			for k := r.start[i]; k < r.start[i+1]; k++ {
				g[r.col[k]] += d * r.val[k]
			}
		}
		g[dim] = gb
		return f + 0.5*dot(w, w)
	}
	x := make([]float64, dim+1)
	_, l.iters = minimize(x, fg, 10, maxIter, 1e-6)
	for b := range l.keys {
		copy(l.weight[b], x[off[b]:off[b+1]])
	}
	l.bias = x[dim]
	return l
}

// logit is the log-odds l gives document d.
func (l *linear) logit(d docFeatures) float64 {
	r := &rows{start: []int{0}}
	off := l.offsets()
	l.vector(r, d, off)
	s := l.bias
	for k, col := range r.col {
		b := 0
		for int(col) >= off[b+1] {
			b++
		}
		s += l.weight[b][int(col)-off[b]] * r.val[k]
	}
	return s
}

func softplus(x float64) float64 {
	if x > 30 {
		return x
	}
	if x < -30 {
		return math.Exp(x)
	}
	return math.Log1p(math.Exp(x))
}

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// folds assigns each example to one of k folds, stratified by label: the
// examples of each class are ordered by a hash of the seed and their text
// and dealt out in turn.
func folds(examples []Example, k int, seed int64) []int {
	type item struct {
		h uint64
		i int
	}
	var pos, neg []item
	for i, e := range examples {
		s := sha256.Sum256(fmt.Appendf(nil, "fold %d\x00%s", seed, e.Text))
		it := item{binary.BigEndian.Uint64(s[:8]), i}
		if e.Adverse {
			pos = append(pos, it)
		} else {
			neg = append(neg, it)
		}
	}
	out := make([]int, len(examples))
	for _, class := range [][]item{pos, neg} {
		slices.SortFunc(class, func(a, b item) int { return cmp.Or(cmp.Compare(a.h, b.h), cmp.Compare(a.i, b.i)) })
		for r, it := range class {
			out[it.i] = r % k
		}
	}
	return out
}

// CV is the outcome of cross-validation.
type CV struct {
	Logits    []float64 // out-of-fold log-odds, one per example
	PlattA    float64   // calibration fitted on Logits
	PlattB    float64
	Threshold float64 // calibrated probability maximizing F1 on the folds
	Metrics   Metrics // out-of-fold figures at Threshold
	AtHalf    Metrics // out-of-fold figures at calibrated probability 0.5
}

// CrossValidate trains cfg.Folds models, each on all folds but one, and
// scores the left-out fold with it.
func CrossValidate(ctx context.Context, examples []Example, cfg TrainConfig) (*CV, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	c, err := newCorpus(ctx, examples, cfg.Features)
	if err != nil {
		return nil, err
	}
	return c.crossValidate(ctx, examples, cfg)
}

func (c *corpus) crossValidate(ctx context.Context, examples []Example, cfg TrainConfig) (*CV, error) {
	fold := folds(examples, cfg.Folds, cfg.Seed)
	for k := range cfg.Folds {
		var pos, neg int
		for i, f := range fold {
			if f == k {
				if c.y[i] {
					pos++
				} else {
					neg++
				}
			}
		}
		if pos == 0 || neg == 0 {
			return nil, fmt.Errorf("%w: fold %d of %d has %d adverse and %d other", ErrTooFew, k+1, cfg.Folds, pos, neg)
		}
	}
	cv := &CV{Logits: make([]float64, len(examples))}
	for k := range cfg.Folds {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var train []int
		for i, f := range fold {
			if f != k {
				train = append(train, i)
			}
		}
		l := c.fit(train, cfg.C, cfg.MaxIter)
		for i, f := range fold {
			if f == k {
				cv.Logits[i] = l.logit(c.docs[i])
			}
		}
	}
	cv.PlattA, cv.PlattB = fitPlatt(cv.Logits, c.y)
	p := make([]float64, len(cv.Logits))
	for i, z := range cv.Logits {
		p[i] = sigmoid(cv.PlattA*z + cv.PlattB)
	}
	cv.Threshold = bestThreshold(p, c.y)
	cv.Metrics = score(p, c.y, cv.Threshold)
	cv.AtHalf = score(p, c.y, 0.5)
	return cv, nil
}

// Train fits the model on examples: cross-validation first, for the
// calibration and the threshold, then the final fit on all of them.
// Progress goes to log (may be nil). The same examples and configuration
// give the same model.
func Train(ctx context.Context, examples []Example, cfg TrainConfig, log io.Writer) (*Model, error) {
	if log == nil {
		log = io.Discard
	}
	if err := cfg.check(); err != nil {
		return nil, err
	}
	t0 := time.Now()
	c, err := newCorpus(ctx, examples, cfg.Features)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(log, "features of %d articles in %.1fs\n", len(examples), time.Since(t0).Seconds())
	cv, err := c.crossValidate(ctx, examples, cfg)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(log, "%d-fold cross-validation: f1=%.4f precision=%.4f recall=%.4f brier=%.4f at threshold %.4f (%.1fs)\n",
		cfg.Folds, cv.Metrics.F1, cv.Metrics.Precision, cv.Metrics.Recall, cv.Metrics.Brier, cv.Threshold, time.Since(t0).Seconds())
	all := make([]int, len(examples))
	for i := range all {
		all[i] = i
	}
	l := c.fit(all, cfg.C, cfg.MaxIter)
	m := &Model{
		Features:  cfg.Features,
		Threshold: cv.Threshold,
		bias:      l.bias,
		plattA:    cv.PlattA,
		plattB:    cv.PlattB,
		kinds:     cfg.Features.kinds(),
	}
	m.Info = Info{Data: cfg.Data, Examples: len(examples), HeldOutSeen: cfg.HeldOutSeen, C: cfg.C, Folds: cfg.Folds, Seed: cfg.Seed, CV: cv.Metrics}
	for _, y := range c.y {
		if y {
			m.Info.Adverse++
		}
	}
	for b := range l.keys {
		sc := make([]float32, len(l.keys[b]))
		w := make([]float32, len(l.keys[b]))
		for j := range sc {
			sc[j] = float32(l.scale[b][j])
			w[j] = float32(l.weight[b][j])
		}
		m.tables = append(m.tables, newTable(l.keys[b], sc, w))
		m.Info.Vocabulary = append(m.Info.Vocabulary, len(l.keys[b]))
	}
	fmt.Fprintf(log, "trained on %d articles (%d L-BFGS iterations) in %.1fs\n", len(examples), l.iters, time.Since(t0).Seconds())
	return m, nil
}

// fitPlatt fits P(y|z) = σ(a·z + b) by Newton's method on Platt's
// smoothed targets.
func fitPlatt(z []float64, y []bool) (a, b float64) {
	var np, nn float64
	for _, v := range y {
		if v {
			np++
		} else {
			nn++
		}
	}
	hi, lo := (np+1)/(np+2), 1/(nn+2)
	t := make([]float64, len(y))
	for i, v := range y {
		if v {
			t[i] = hi
		} else {
			t[i] = lo
		}
	}
	loss := func(a, b float64) float64 {
		var f float64
		for i := range z {
			s := a*z[i] + b
			f += t[i]*softplus(-s) + (1-t[i])*softplus(s)
		}
		return f
	}
	a, b = 1, math.Log((np+1)/(nn+1))
	f := loss(a, b)
	for range 100 {
		var ga, gb, haa, hab, hbb float64
		for i := range z {
			p := sigmoid(a*z[i] + b)
			d := p - t[i]
			w := p * (1 - p)
			ga += d * z[i]
			gb += d
			haa += w * z[i] * z[i]
			hab += w * z[i]
			hbb += w
		}
		haa += 1e-9
		hbb += 1e-9
		det := haa*hbb - hab*hab
		if math.Abs(ga)+math.Abs(gb) < 1e-10 || det <= 0 {
			break
		}
		da := (hbb*ga - hab*gb) / det
		db := (haa*gb - hab*ga) / det
		step := 1.0
		for step > 1e-10 {
			if fn := loss(a-step*da, b-step*db); fn <= f {
				a, b, f = a-step*da, b-step*db, fn
				break
			}
			step /= 2
		}
		if step <= 1e-10 {
			break
		}
	}
	return a, b
}

// bestThreshold returns the probability threshold that maximizes F1 on
// p: halfway between the lowest probability called adverse and the next
// lower one.
func bestThreshold(p []float64, y []bool) float64 {
	idx := make([]int, len(p))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(p[b], p[a]) })
	var pos int
	for _, v := range y {
		if v {
			pos++
		}
	}
	best, bestK := -1.0, 0
	tp := 0
	for k, i := range idx {
		if y[i] {
			tp++
		}
		if k+1 < len(idx) && p[idx[k+1]] == p[i] {
			continue // cannot cut between equal scores
		}
		f1 := 2 * float64(tp) / float64(k+1+pos)
		if f1 > best {
			best, bestK = f1, k
		}
	}
	if len(idx) == 0 {
		return 0.5
	}
	lo := 0.0
	if bestK+1 < len(idx) {
		lo = p[idx[bestK+1]]
	}
	return (p[idx[bestK]] + lo) / 2
}
