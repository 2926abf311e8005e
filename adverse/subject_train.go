package adverse

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
)

// SubjectExample is one subject in one article, as the subject model
// reads it, with its labels.
type SubjectExample struct {
	Features []float64 // SubjectFeatures
	// Adverse: the article is adverse media for the subject.
	Adverse bool
	// Target: the article holds the subject to a risk (for a row, its
	// article is adverse; for an entity, the annotators gave it an
	// alleged, charged, convicted or sanctioned claim). The target
	// part of the model learns it.
	Target bool
	// Entity marks an example that is not a corpus row's own subject
	// but another annotated person or organization of the row's
	// article.
	Entity bool
	// Group is the corpus row key of the article: the examples of one
	// article fall in the same cross-validation fold.
	Group string
}

// SubjectConfig is how TrainSubject fits a subject model.
type SubjectConfig struct {
	C           float64 // inverse L2 regularization strength of the target part (features standardized)
	EntityShare float64 // weight of an Entity example in the target part's loss, a row's being 1
	StackShare  float64 // weight of an Entity example in the final combination's loss
	Folds       int     // cross-validation folds for calibration and the threshold
	MaxIter     int
	Data        string // training file name, recorded in the model
	// Only, when not empty, keeps these target features and holds the
	// weights of the others at 0: for ablations.
	Only []string
}

// DefaultSubjectConfig is the configuration of the shipped subject model.
func DefaultSubjectConfig() SubjectConfig {
	return SubjectConfig{C: 0.1, EntityShare: 0.1, StackShare: 0.1, Folds: 5, MaxIter: 500}
}

// ErrSubjectConfig is returned for an unusable SubjectConfig.
var ErrSubjectConfig = errors.New("adverse: invalid subject model configuration")

func (c SubjectConfig) check() error {
	if !(c.C > 0) || c.EntityShare < 0 || c.Folds < 2 || c.MaxIter < 1 {
		return fmt.Errorf("%w: c %v, entity share %v, folds %d, iterations %d", ErrSubjectConfig, c.C, c.EntityShare, c.Folds, c.MaxIter)
	}
	for _, f := range c.Only {
		if !slices.Contains(subjectFeatures, f) {
			return fmt.Errorf("%w: no feature %q", ErrSubjectConfig, f)
		}
	}
	return nil
}

// SubjectCV is the outcome of cross-validating a subject model.
type SubjectCV struct {
	Probs     []float64 // out-of-fold calibrated probabilities, one per example
	Threshold float64   // calibrated probability maximizing F1 on the rows
	Metrics   SubjectMetrics
	// Stack is the final combination fitted on the out-of-fold parts:
	// the weights of the article log-odds and of ln P(target), and the bias.
	Stack []float64
	// Parts are the out-of-fold inputs of the combination: the article
	// log-odds and ln P(target), one pair per example.
	Parts [][2]float64
}

// SubjectFold is the cross-validation fold of a group (row key): a hash
// of the key modulo folds.
func SubjectFold(group string, folds int) int {
	s := sha256.Sum256([]byte("subject fold\x00" + group))
	return int(binary.BigEndian.Uint64(s[:8]) % uint64(folds))
}

// articleFeature reports whether feature j reads the article model's
// log-odds (the article part, not the target part, uses it).
func articleFeature(j int) bool {
	return j == featArticle
}

var featArticle = slices.Index(subjectFeatures, "article")

// articleLogit recovers the article model's (clipped) log-odds from the
// features.
func articleLogit(f []float64) float64 { return 4 * f[featArticle] }

// subjectFit is the fitted parts of a subject model.
type subjectFit struct {
	artA, artB        float64 // P(article adverse) = σ(artA·logit + artB)
	mean, std, weight []float64
	bias              float64 // P(target) = σ(bias + Σ weight·standardized feature)
}

// parts returns the two inputs of the final combination: the article
// model's log-odds and ln P(target).
func (s *subjectFit) parts(f []float64) [2]float64 {
	z := s.bias
	for i, v := range f {
		z += s.weight[i] * (v - s.mean[i]) / s.std[i]
	}
	return [2]float64{articleLogit(f), -softplus(-z)}
}

// stackInputs are the inputs of the final combination, from the two
// parts (the article log-odds, ln P(target)).
func stackInputs(u [2]float64) []float64 { return u[:] }

// fitStack fits P(adverse) = σ(Σ w·stackInputs + bias) on the
// out-of-fold parts u (weighted by wt), with a small L2 penalty; the
// bias is the last weight.
func fitStack(u [][2]float64, y []bool, wt []float64) []float64 {
	xs := make([][]float64, len(u))
	for k := range u {
		xs[k] = stackInputs(u[k])
	}
	n := len(stackInputs([2]float64{}))
	fg := func(w, g []float64) float64 {
		clear(g)
		var f float64
		for k, x := range xs {
			z := w[n]
			for j, v := range x {
				z += w[j] * v
			}
			t := 0.0
			m := z
			if y[k] {
				t, m = 1, -z
			}
			f += wt[k] * softplus(m)
			d := wt[k] * (sigmoid(z) - t)
			for j, v := range x {
				g[j] += d * v
			}
			g[n] += d
		}
		for j := range n {
			f += 0.5e-3 * w[j] * w[j]
			g[j] += 1e-3 * w[j]
		}
		return f
	}
	w := make([]float64, n+1)
	w[0], w[1] = 1, 1
	minimize(w, fg, 10, 500, 1e-9)
	return w
}

func stackProb(st []float64, u [2]float64) float64 {
	x := stackInputs(u)
	z := st[len(x)]
	for j, v := range x {
		z += st[j] * v
	}
	return sigmoid(z)
}

// fitSubject fits both parts on examples idx: the article part on the
// rows, the target part on the rows with an adverse article and on the
// entities.
func fitSubject(ex []SubjectExample, idx []int, cfg SubjectConfig) *subjectFit {
	n := len(subjectFeatures)
	s := &subjectFit{mean: make([]float64, n), std: make([]float64, n), weight: make([]float64, n)}
	var rz []float64
	var ry []bool
	var tidx []int
	for _, i := range idx {
		if !ex[i].Entity {
			rz, ry = append(rz, articleLogit(ex[i].Features)), append(ry, ex[i].Adverse)
		}
		if ex[i].Entity || ex[i].Adverse {
			tidx = append(tidx, i)
		}
	}
	s.artA, s.artB = fitPlatt(rz, ry)
	use := make([]bool, n)
	for j := range n {
		use[j] = !articleFeature(j) && (len(cfg.Only) == 0 || slices.Contains(cfg.Only, subjectFeatures[j]))
	}
	for _, i := range tidx {
		for j, v := range ex[i].Features {
			s.mean[j] += v
		}
	}
	for j := range s.mean {
		s.mean[j] /= float64(max(1, len(tidx)))
	}
	for _, i := range tidx {
		for j, v := range ex[i].Features {
			d := v - s.mean[j]
			s.std[j] += d * d
		}
	}
	for j := range s.std {
		s.std[j] = math.Sqrt(s.std[j] / float64(max(1, len(tidx))))
		if s.std[j] < 1e-9 {
			s.std[j] = 1 // a constant feature: its weight stays 0
		}
	}
	x := make([][]float64, len(tidx))
	y := make([]float64, len(tidx))
	wt := make([]float64, len(tidx))
	for k, i := range tidx {
		x[k] = make([]float64, n)
		for j, v := range ex[i].Features {
			if use[j] {
				x[k][j] = (v - s.mean[j]) / s.std[j]
			}
		}
		if ex[i].Target {
			y[k] = 1
		}
		wt[k] = 1
		if ex[i].Entity {
			wt[k] = cfg.EntityShare
		}
	}
	fg := func(w, g []float64) float64 {
		clear(g)
		var f float64
		for k := range x {
			z := w[n]
			for j, v := range x[k] {
				z += w[j] * v
			}
			m := z
			if y[k] == 1 {
				m = -z
			}
			f += cfg.C * wt[k] * softplus(m)
			d := cfg.C * wt[k] * (sigmoid(z) - y[k])
			for j, v := range x[k] {
				g[j] += d * v
			}
			g[n] += d
		}
		for j := range n {
			f += 0.5 * w[j] * w[j]
			g[j] += w[j]
		}
		return f
	}
	w := make([]float64, n+1)
	minimize(w, fg, 10, cfg.MaxIter, 1e-7)
	copy(s.weight, w[:n])
	s.bias = w[n]
	return s
}

// CrossValidateSubject fits cfg.Folds models, each on the examples of
// all groups but those of one fold, and scores the left-out fold; the
// final calibration and the threshold are fitted on the rows'
// out-of-fold scores.
func CrossValidateSubject(ex []SubjectExample, cfg SubjectConfig) (*SubjectCV, error) {
	cv, _, err := crossValidateSubject(ex, cfg)
	return cv, err
}

func crossValidateSubject(ex []SubjectExample, cfg SubjectConfig) (cv *SubjectCV, stack []float64, err error) {
	if err := cfg.check(); err != nil {
		return nil, stack, err
	}
	if err := checkSubjectExamples(ex); err != nil {
		return nil, stack, err
	}
	fold := make([]int, len(ex))
	for i, e := range ex {
		fold[i] = SubjectFold(e.Group, cfg.Folds)
	}
	u := make([][2]float64, len(ex))
	for k := range cfg.Folds {
		var train []int
		for i, f := range fold {
			if f != k {
				train = append(train, i)
			}
		}
		s := fitSubject(ex, train, cfg)
		for i, f := range fold {
			if f == k {
				u[i] = s.parts(ex[i].Features)
			}
		}
	}
	// the combination and the threshold are fitted on the rows' scores
	// (and the entities', by StackShare): the population the model is
	// for is a subject screened in an article found for it
	y := make([]bool, len(ex))
	wt := make([]float64, len(ex))
	var rp []float64
	var ry []bool
	for i, e := range ex {
		y[i], wt[i] = e.Adverse, 1
		if e.Entity {
			wt[i] = cfg.StackShare
		}
	}
	stack = fitStack(u, y, wt)
	cv = &SubjectCV{Probs: make([]float64, len(ex)), Stack: stack, Parts: u}
	for i := range u {
		cv.Probs[i] = stackProb(stack, u[i])
		if !ex[i].Entity {
			rp, ry = append(rp, cv.Probs[i]), append(ry, ex[i].Adverse)
		}
	}
	cv.Threshold = bestThreshold(rp, ry)
	cv.Metrics = SubjectFigures(ex, cv.Probs, cv.Threshold)
	return cv, stack, nil
}

// SubjectFigures scores probabilities p of examples at threshold t,
// rows and entities apart.
func SubjectFigures(ex []SubjectExample, p []float64, t float64) SubjectMetrics {
	var rp, ep []float64
	var ry, ey []bool
	for i, e := range ex {
		if e.Entity {
			ep, ey = append(ep, p[i]), append(ey, e.Adverse)
		} else {
			rp, ry = append(rp, p[i]), append(ry, e.Adverse)
		}
	}
	return SubjectMetrics{Rows: score(rp, ry, t), Entities: score(ep, ey, t)}
}

func checkSubjectExamples(ex []SubjectExample) error {
	var pos, neg int
	for i, e := range ex {
		if len(e.Features) != len(subjectFeatures) {
			return fmt.Errorf("%w: example %d has %d features, want %d", ErrSubjectConfig, i, len(e.Features), len(subjectFeatures))
		}
		if e.Adverse {
			pos++
		} else {
			neg++
		}
	}
	if pos == 0 || neg == 0 {
		return fmt.Errorf("%w: %d adverse and %d other examples", ErrTooFew, pos, neg)
	}
	return nil
}

// TrainSubject fits a subject model: cross-validation for the
// calibration and the threshold, then the final fit on all examples.
// The same examples and configuration give the same model.
func TrainSubject(ex []SubjectExample, cfg SubjectConfig) (*SubjectModel, *SubjectCV, error) {
	cv, stack, err := crossValidateSubject(ex, cfg)
	if err != nil {
		return nil, nil, err
	}
	all := make([]int, len(ex))
	for i := range all {
		all[i] = i
	}
	s := fitSubject(ex, all, cfg)
	m := &SubjectModel{Threshold: cv.Threshold, fit: *s, stack: stack}
	m.Info = SubjectInfo{Data: cfg.Data, EntityShare: cfg.EntityShare, C: cfg.C, Folds: cfg.Folds, CV: cv.Metrics}
	for _, e := range ex {
		if e.Entity {
			m.Info.Entities++
		} else {
			m.Info.Rows++
		}
		if e.Adverse {
			m.Info.Adverse++
		}
	}
	return m, cv, nil
}

// Probability is the model's calibrated probability for features f.
func (m *SubjectModel) Probability(f []float64) float64 {
	return stackProb(m.stack, m.fit.parts(f))
}

// SubjectWeight is one feature's weight in a subject model.
type SubjectWeight struct {
	Feature string
	Weight  float64 // per standard deviation of the feature
}

// Weights returns the weights of the model's target part, largest
// magnitude first.
func (m *SubjectModel) Weights() []SubjectWeight {
	out := make([]SubjectWeight, len(subjectFeatures))
	for i, f := range subjectFeatures {
		out[i] = SubjectWeight{f, m.fit.weight[i]}
	}
	slices.SortStableFunc(out, func(a, b SubjectWeight) int { return cmp.Compare(math.Abs(b.Weight), math.Abs(a.Weight)) })
	return out
}
