package coref

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestScore(t *testing.T) {
	// mentions a…i are 1…9
	const a, b, c, d, e, f, g, h, i = 1, 2, 3, 4, 5, 6, 7, 8, 9
	tests := []struct {
		Name          string
		Key, Response [][]int
		// recall, precision of MUC, B³, CEAFe
		MUC, B3, CEAFe [2]float64
	}{
		{
			// the worked example of Pradhan et al. (2014), "Scoring
			// coreference partitions of predicted mentions: a reference
			// implementation", which the CoNLL scorer v8 reproduces
			Name:     "pradhan2014",
			Key:      [][]int{{a, b, c}, {d, e, f, g}},
			Response: [][]int{{a, b}, {c, d}, {f, g, h, i}},
			MUC:      [2]float64{0.4, 0.4},
			B3:       [2]float64{35.0 / 84, 0.5},
			CEAFe:    [2]float64{0.65, 1.3 / 3},
		},
		{
			Name:     "identical",
			Key:      [][]int{{a, b, c}, {d, e}},
			Response: [][]int{{d, e}, {c, b, a}},
			MUC:      [2]float64{1, 1},
			B3:       [2]float64{1, 1},
			CEAFe:    [2]float64{1, 1},
		},
		{
			Name:     "two singletons merged",
			Key:      [][]int{{a}, {b}},
			Response: [][]int{{a, b}},
			MUC:      [2]float64{0, 0}, // no links to recall; the one answered is wrong
			B3:       [2]float64{1, 0.5},
			CEAFe:    [2]float64{1.0 / 3, 2.0 / 3},
		},
		{
			Name:     "empty response",
			Key:      [][]int{{a, b}},
			Response: nil,
			MUC:      [2]float64{0, 0},
			B3:       [2]float64{0, 0},
			CEAFe:    [2]float64{0, 0},
		},
		{
			// one entity split in two: MUC recall 2 of 3 links, B³
			// recall (2²+2²)/4/4, CEAFe aligns the key with one half
			Name:     "split",
			Key:      [][]int{{a, b, c, d}},
			Response: [][]int{{a, b}, {c, d}},
			MUC:      [2]float64{2.0 / 3, 1},
			B3:       [2]float64{0.5, 1},
			CEAFe:    [2]float64{2.0 / 3, 1.0 / 3},
		},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			var s Score
			if err := s.Add(tt.Key, tt.Response); err != nil {
				t.Fatal(err)
			}
			for _, x := range []struct {
				name string
				c    Counts
				want [2]float64
			}{{"MUC", s.MUC, tt.MUC}, {"B3", s.B3, tt.B3}, {"CEAFe", s.CEAFe, tt.CEAFe}} {
				if !near(x.c.Recall(), x.want[0]) || !near(x.c.Precision(), x.want[1]) {
					t.Errorf("%s: R %.4f P %.4f, want R %.4f P %.4f", x.name, x.c.Recall(), x.c.Precision(), x.want[0], x.want[1])
				}
			}
		})
	}
}

func TestScoreCoNLLAndMerge(t *testing.T) {
	var s1, s2, both Score
	k1, r1 := [][]int{{1, 2, 3}, {4, 5, 6, 7}}, [][]int{{1, 2}, {3, 4}, {6, 7, 8, 9}}
	k2, r2 := [][]int{{1, 2}}, [][]int{{1, 2}}
	if err := s1.Add(k1, r1); err != nil {
		t.Fatal(err)
	}
	if err := s2.Add(k2, r2); err != nil {
		t.Fatal(err)
	}
	both.Merge(s1)
	both.Merge(s2)
	// micro-averaged: MUC recall (2+1)/(5+1)
	if !near(both.MUC.Recall(), 0.5) || both.Docs != 2 {
		t.Errorf("merged MUC recall %.4f over %d docs, want 0.5 over 2", both.MUC.Recall(), both.Docs)
	}
	f := func(r, p float64) float64 { return 2 * r * p / (r + p) }
	want := (f(0.4, 0.4) + f(35.0/84, 0.5) + f(0.65, 1.3/3)) / 3
	if !near(s1.CoNLL(), want) {
		t.Errorf("CoNLL %.6f, want %.6f", s1.CoNLL(), want)
	}
}

func TestScorePartitionErrors(t *testing.T) {
	for _, tt := range []struct {
		Name          string
		Key, Response [][]int
	}{
		{"mention twice in key", [][]int{{1, 2}, {2, 3}}, [][]int{{1}}},
		{"mention twice in one response entity", [][]int{{1, 2}}, [][]int{{1, 1}}},
		{"empty entity", [][]int{{1, 2}, {}}, [][]int{{1, 2}}},
	} {
		var s Score
		if err := s.Add(tt.Key, tt.Response); !errors.Is(err, ErrPartition) {
			t.Errorf("%s: error %v, want ErrPartition", tt.Name, err)
		}
	}
}

// TestMaxAssignment checks the Hungarian method against trying every
// assignment on small random matrices, square and not.
func TestMaxAssignment(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 300; trial++ {
		n, m := 1+rng.IntN(5), 1+rng.IntN(5)
		w := make([][]float64, n)
		for i := range w {
			w[i] = make([]float64, m)
			for j := range w[i] {
				if rng.IntN(3) > 0 {
					w[i][j] = float64(rng.IntN(10)) / 7
				}
			}
		}
		got := maxAssignment(w)
		used := map[int]bool{}
		sum := 0.0
		for i, j := range got {
			if j < 0 {
				continue
			}
			if used[j] {
				t.Fatalf("column %d used twice", j)
			}
			used[j] = true
			sum += w[i][j]
		}
		if best := bruteAssignment(w, 0, map[int]bool{}); !near(sum, best) {
			t.Fatalf("%v: sum %.4f, best %.4f", w, sum, best)
		}
	}
}

func bruteAssignment(w [][]float64, i int, used map[int]bool) float64 {
	if i == len(w) {
		return 0
	}
	best := bruteAssignment(w, i+1, used) // row i unassigned
	for j := range w[i] {
		if !used[j] {
			used[j] = true
			best = math.Max(best, w[i][j]+bruteAssignment(w, i+1, used))
			used[j] = false
		}
	}
	return best
}
