package coref

import (
	"errors"
	"fmt"
	"math"
)

// Counts are a metric's recall and precision as numerators and
// denominators, summed over documents as the CoNLL-2012 reference
// scorer sums them (micro-averaged).
type Counts struct {
	RecallNum, RecallDen       float64
	PrecisionNum, PrecisionDen float64
}

// Recall is RecallNum/RecallDen, 0 when there is nothing to recall.
func (c Counts) Recall() float64 { return ratio(c.RecallNum, c.RecallDen) }

// Precision is PrecisionNum/PrecisionDen, 0 when nothing was answered.
func (c Counts) Precision() float64 { return ratio(c.PrecisionNum, c.PrecisionDen) }

// F1 is the harmonic mean of recall and precision.
func (c Counts) F1() float64 {
	r, p := c.Recall(), c.Precision()
	if r+p == 0 {
		return 0
	}
	return 2 * r * p / (r + p)
}

func (c *Counts) add(o Counts) {
	c.RecallNum += o.RecallNum
	c.RecallDen += o.RecallDen
	c.PrecisionNum += o.PrecisionNum
	c.PrecisionDen += o.PrecisionDen
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// Score accumulates the coreference metrics over documents: MUC (Vilain
// et al. 1995), B³ (Bagga and Baldwin 1998) and the entity-based CEAF,
// CEAFe (Luo 2005), each computed as the CoNLL-2012 reference scorer
// (v8) computes them, including for mentions that are in the key but not
// the response or the other way round.
type Score struct {
	MUC, B3, CEAFe Counts
	Docs           int
}

// CoNLL is the CoNLL-2012 F1: the mean of the three F1s.
func (s Score) CoNLL() float64 { return (s.MUC.F1() + s.B3.F1() + s.CEAFe.F1()) / 3 }

// Merge adds another score's counts.
func (s *Score) Merge(o Score) {
	s.MUC.add(o.MUC)
	s.B3.add(o.B3)
	s.CEAFe.add(o.CEAFe)
	s.Docs += o.Docs
}

// ErrPartition is returned for a key or response in which a mention
// lies in two entities or an entity is empty.
var ErrPartition = errors.New("coref: not a partition")

// Add scores one document: key and response are its gold and predicted
// entities, each a list of mention IDs (any ints that name the same
// mention the same way on both sides). Singletons count as given: a
// caller scoring only chains drops them first.
func (s *Score) Add(key, response [][]int) error {
	kOf, err := entityOf(key)
	if err != nil {
		return fmt.Errorf("%w: key: %v", ErrPartition, err)
	}
	rOf, err := entityOf(response)
	if err != nil {
		return fmt.Errorf("%w: response: %v", ErrPartition, err)
	}
	s.MUC.add(muc(key, response, kOf, rOf))
	s.B3.add(bcubed(key, response, kOf, rOf))
	s.CEAFe.add(ceafe(key, response, rOf))
	s.Docs++
	return nil
}

// entityOf maps each mention to the index of its entity.
func entityOf(es [][]int) (map[int]int, error) {
	of := map[int]int{}
	for i, e := range es {
		if len(e) == 0 {
			return nil, fmt.Errorf("entity %d is empty", i)
		}
		for _, m := range e {
			if j, ok := of[m]; ok {
				return nil, fmt.Errorf("mention %d is in entities %d and %d", m, j, i)
			}
			of[m] = i
		}
	}
	return of, nil
}

// mucSide is Σ (|e| − |partitions of e by other|) and Σ (|e| − 1): a
// mention missing from the other side is a partition of its own.
func mucSide(es [][]int, otherOf map[int]int) (num, den float64) {
	for _, e := range es {
		parts := map[int]bool{}
		missing := 0
		for _, m := range e {
			if j, ok := otherOf[m]; ok {
				parts[j] = true
			} else {
				missing++
			}
		}
		num += float64(len(e) - len(parts) - missing)
		den += float64(len(e) - 1)
	}
	return num, den
}

func muc(key, resp [][]int, kOf, rOf map[int]int) Counts {
	var c Counts
	c.RecallNum, c.RecallDen = mucSide(key, rOf)
	c.PrecisionNum, c.PrecisionDen = mucSide(resp, kOf)
	return c
}

// bcubedSide is Σ over entities e, Σ over the other side's entities o,
// |e∩o|²/|e|, and Σ |e|.
func bcubedSide(es [][]int, otherOf map[int]int) (num, den float64) {
	for _, e := range es {
		overlap := map[int]int{}
		for _, m := range e {
			if j, ok := otherOf[m]; ok {
				overlap[j]++
			}
		}
		for _, n := range overlap {
			num += float64(n*n) / float64(len(e))
		}
		den += float64(len(e))
	}
	return num, den
}

func bcubed(key, resp [][]int, kOf, rOf map[int]int) Counts {
	var c Counts
	c.RecallNum, c.RecallDen = bcubedSide(key, rOf)
	c.PrecisionNum, c.PrecisionDen = bcubedSide(resp, kOf)
	return c
}

// ceafe aligns key and response entities one to one so that the sum of
// φ4(K, R) = 2|K∩R| / (|K|+|R|) is largest (Kuhn–Munkres); recall is
// that sum over the number of key entities, precision over the number of
// response entities.
func ceafe(key, resp [][]int, rOf map[int]int) Counts {
	c := Counts{RecallDen: float64(len(key)), PrecisionDen: float64(len(resp))}
	if len(key) == 0 || len(resp) == 0 {
		return c
	}
	sim := make([][]float64, len(key))
	for i, k := range key {
		sim[i] = make([]float64, len(resp))
		overlap := map[int]int{}
		for _, m := range k {
			if j, ok := rOf[m]; ok {
				overlap[j]++
			}
		}
		for j, n := range overlap {
			sim[i][j] = 2 * float64(n) / float64(len(k)+len(resp[j]))
		}
	}
	total := 0.0
	for i, j := range maxAssignment(sim) {
		if j >= 0 {
			total += sim[i][j]
		}
	}
	c.RecallNum, c.PrecisionNum = total, total
	return c
}

// maxAssignment returns, for each row of w (n rows × m columns, weights
// ≥ 0), the column assigned to it (−1 for none) so that each column is
// used at most once and the sum of the chosen weights is largest. It is
// the Hungarian method with potentials, O(k³) for k = max(n, m), on
// costs max−w over a square matrix padded with zero-weight cells.
func maxAssignment(w [][]float64) []int {
	n := len(w)
	m := 0
	if n > 0 {
		m = len(w[0])
	}
	k := max(n, m)
	top := 0.0
	for _, row := range w {
		for _, x := range row {
			top = math.Max(top, x)
		}
	}
	cost := func(i, j int) float64 { // 1-based
		if i <= n && j <= m {
			return top - w[i-1][j-1]
		}
		return top
	}
	u := make([]float64, k+1) // row potentials
	v := make([]float64, k+1) // column potentials
	p := make([]int, k+1)     // p[j]: row matched to column j, 0 for none
	way := make([]int, k+1)
	minv := make([]float64, k+1)
	used := make([]bool, k+1)
	for i := 1; i <= k; i++ {
		p[0] = i
		j0 := 0
		for j := range minv {
			minv[j] = math.Inf(1)
			used[j] = false
		}
		for {
			used[j0] = true
			i0, delta, j1 := p[j0], math.Inf(1), 0
			for j := 1; j <= k; j++ {
				if used[j] {
					continue
				}
				if cur := cost(i0, j) - u[i0] - v[j]; cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= k; j++ {
				if used[j] {
					u[p[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if p[j0] == 0 {
				break
			}
		}
		for j0 != 0 {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
		}
	}
	out := make([]int, n)
	for i := range out {
		out[i] = -1
	}
	for j := 1; j <= m; j++ {
		if i := p[j]; i >= 1 && i <= n {
			out[i-1] = j - 1
		}
	}
	return out
}
