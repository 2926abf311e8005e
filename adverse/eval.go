package adverse

import (
	"context"
	"time"

	"dossier/segment"
)

// Metrics are the figures of binary predictions against labels, the
// adverse class being the positive one.
type Metrics struct {
	N         int     `json:"n"`
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	TN        int     `json:"tn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Accuracy  float64 `json:"accuracy"`
	Brier     float64 `json:"brier"` // mean squared error of the probabilities
}

// score computes Metrics of probabilities p at threshold t.
func score(p []float64, y []bool, t float64) Metrics {
	var m Metrics
	for i, v := range p {
		pred := v >= t
		switch {
		case pred && y[i]:
			m.TP++
		case pred:
			m.FP++
		case y[i]:
			m.FN++
		default:
			m.TN++
		}
		o := 0.0
		if y[i] {
			o = 1
		}
		m.Brier += (v - o) * (v - o)
	}
	m.N = len(p)
	m.finish()
	return m
}

func (m *Metrics) finish() {
	if m.N > 0 {
		m.Brier /= float64(m.N)
		m.Accuracy = float64(m.TP+m.TN) / float64(m.N)
	}
	if m.TP+m.FP > 0 {
		m.Precision = float64(m.TP) / float64(m.TP+m.FP)
	}
	if m.TP+m.FN > 0 {
		m.Recall = float64(m.TP) / float64(m.TP+m.FN)
	}
	if m.Precision+m.Recall > 0 {
		m.F1 = 2 * m.Precision * m.Recall / (m.Precision + m.Recall)
	}
}

// Bin is one bin of a reliability diagram: the examples whose probability
// is in [Lo, Hi).
type Bin struct {
	Lo, Hi    float64
	N         int
	MeanScore float64 // mean predicted probability
	Observed  float64 // share that is adverse
}

// Report is the outcome of Evaluate.
type Report struct {
	Metrics
	Threshold   float64
	Reliability []Bin // ten bins of width 0.1
	ECE         float64
	Tokens      int
	Elapsed     time.Duration // scoring time
	Errors      []Scored      // misclassified examples, most confident first
}

// Scored is an example with the model's probability.
type Scored struct {
	Example
	Score float64
}

// Evaluate scores examples with m.
func Evaluate(ctx context.Context, m *Model, examples []Example) (*Report, error) {
	p := make([]float64, len(examples))
	y := make([]bool, len(examples))
	rep := &Report{Threshold: m.Threshold}
	t0 := time.Now()
	for i, e := range examples {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		p[i] = m.Score(e.Text).Score
		y[i] = e.Adverse
	}
	rep.Elapsed = time.Since(t0)
	for _, e := range examples {
		rep.Tokens += len(segment.Tokens(e.Text))
	}
	rep.Metrics = score(p, y, m.Threshold)
	rep.Reliability = make([]Bin, 10)
	for b := range rep.Reliability {
		rep.Reliability[b].Lo, rep.Reliability[b].Hi = float64(b)/10, float64(b+1)/10
	}
	for i, v := range p {
		b := min(int(v*10), 9)
		bin := &rep.Reliability[b]
		bin.N++
		bin.MeanScore += v
		if y[i] {
			bin.Observed++
		}
		if (v >= m.Threshold) != y[i] {
			rep.Errors = append(rep.Errors, Scored{examples[i], v})
		}
	}
	for b := range rep.Reliability {
		bin := &rep.Reliability[b]
		if bin.N > 0 {
			bin.MeanScore /= float64(bin.N)
			bin.Observed /= float64(bin.N)
			d := bin.MeanScore - bin.Observed
			if d < 0 {
				d = -d
			}
			rep.ECE += d * float64(bin.N) / float64(len(p))
		}
	}
	conf := func(s Scored) float64 {
		if s.Score >= m.Threshold {
			return s.Score - m.Threshold
		}
		return m.Threshold - s.Score
	}
	slicesSortScored(rep.Errors, conf)
	return rep, nil
}
