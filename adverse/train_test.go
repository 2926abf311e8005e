package adverse

import (
	"bytes"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"dossier/internal/modelfile"
	"dossier/segment"
)

// mustFixture loads the invented training fixture.
func mustFixture(tb testing.TB) []Example {
	tb.Helper()
	ex, _, err := LoadTraining("testdata/training.csv")
	if err != nil {
		tb.Fatal(err)
	}
	return ex
}

func fixtureConfig() TrainConfig {
	cfg := DefaultConfig()
	cfg.Folds = 3
	cfg.C = 10
	return cfg
}

// mustSave returns the bytes of the model file of m.
func mustSave(tb testing.TB, m *Model) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := m.Save(&b); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

func TestTrainDeterministic(t *testing.T) {
	ex := mustFixture(t)
	cfg := fixtureConfig()
	cfg.Features.WordMax = 2
	m1, err := Train(context.Background(), ex, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	m2, err := Train(context.Background(), ex, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	b1, b2 := mustSave(t, m1), mustSave(t, m2)
	if !bytes.Equal(b1, b2) {
		t.Fatal("two trainings on the same data give different model files")
	}
	// A loaded model saves to the same bytes and scores the same.
	m3, err := Load(bytes.NewReader(b1))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(mustSave(t, m3), b1) {
		t.Error("load then save changes the model file")
	}
	for _, e := range ex {
		if a, b := m1.Score(e.Text), m3.Score(e.Text); a.Score != b.Score {
			t.Errorf("line %d: %v before saving, %v after", e.Line, a.Score, b.Score)
		}
	}
	// The fixture is easy: the model must learn it.
	correct := 0
	for _, e := range ex {
		if m1.Score(e.Text).Adverse == e.Adverse {
			correct++
		}
	}
	if correct < len(ex)-1 {
		t.Errorf("%d of %d training articles right", correct, len(ex))
	}
}

// TestScoreMatchesTraining checks, for every kind of feature, that the
// model's log-odds equals the training code's, and that the sentence
// weights add up to it.
func TestScoreMatchesTraining(t *testing.T) {
	ex := mustFixture(t)
	variants := map[string]func(*Features){
		"unigrams":      func(f *Features) {},
		"bigrams":       func(f *Features) { f.WordMax = 2 },
		"chars":         func(f *Features) { f.CharMin, f.CharMax = 2, 4 },
		"phrases+lead":  func(f *Features) { f.Phrases, f.Lead = 3, 12 },
		"nb binary":     func(f *Features) { f.WordMax, f.Weight, f.TF = 2, "nb", "binary" },
		"min_df 1":      func(f *Features) { f.MinDF = 1; f.Digits = false },
		"all the above": func(f *Features) { f.WordMax, f.CharMin, f.CharMax, f.Phrases, f.Lead = 2, 3, 5, 3, 7 },
	}
	for name, v := range variants {
		t.Run(name, func(t *testing.T) {
			cfg := fixtureConfig()
			v(&cfg.Features)
			c, err := newCorpus(context.Background(), ex, cfg.Features)
			if err != nil {
				t.Fatal(err)
			}
			all := make([]int, len(ex))
			for i := range all {
				all[i] = i
			}
			l := c.fit(all, cfg.C, cfg.MaxIter)
			m, err := Train(context.Background(), ex, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			for i, e := range ex {
				sents := segment.Sentences(e.Text)
				sc := m.scratch()
				got := m.weigh(e.Text, sents, sc)
				sum := m.bias
				for _, w := range sc.sentW {
					sum += w
				}
				m.reset(sc)
				want := l.logit(c.docs[i])
				if math.Abs(got-want) > 1e-4*math.Max(1, math.Abs(want)) {
					t.Errorf("line %d: log-odds %v, training code says %v", e.Line, got, want)
				}
				if math.Abs(sum-got) > 1e-9*math.Max(1, math.Abs(got)) {
					t.Errorf("line %d: bias + sentence weights = %v, log-odds %v", e.Line, sum, got)
				}
				r := m.Score(e.Text)
				if p := m.calibrate(got); p != r.Score {
					t.Errorf("line %d: Score %v, calibrated log-odds %v", e.Line, r.Score, p)
				}
				for _, d := range r.Sentences {
					if len(d.Terms) == 0 {
						t.Errorf("line %d: driver %+v without terms", e.Line, d)
					}
				}
			}
		})
	}
}

func TestTrainErrors(t *testing.T) {
	ex := mustFixture(t)
	cfg := fixtureConfig()
	cfg.Folds = 30
	if _, err := Train(context.Background(), ex, cfg, nil); !errors.Is(err, ErrTooFew) {
		t.Errorf("30 folds of 22 articles: %v, want ErrTooFew", err)
	}
	bad := []func(*TrainConfig){
		func(c *TrainConfig) { c.C = 0 },
		func(c *TrainConfig) { c.Folds = 1 },
		func(c *TrainConfig) { c.Features.WordMin = 0 },
		func(c *TrainConfig) { c.Features.TF = "raw" },
		func(c *TrainConfig) { c.Features.Weight = "bm25" },
		func(c *TrainConfig) { c.Features.CharMax = 3 },
		func(c *TrainConfig) { c.Features.Phrases = 1 },
		func(c *TrainConfig) { c.Features.MinDF = 0 },
	}
	for i, f := range bad {
		cfg := fixtureConfig()
		f(&cfg)
		if _, err := Train(context.Background(), ex, cfg, nil); err == nil {
			t.Errorf("bad config %d accepted", i)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Train(ctx, ex, fixtureConfig(), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestFitPlatt(t *testing.T) {
	// Labels drawn from σ(2z - 1) with a seeded generator: the fit must
	// come close to a=2, b=-1.
	rng := rand.New(rand.NewPCG(1, 2))
	var z []float64
	var y []bool
	for range 20000 {
		v := -4 + 8*rng.Float64()
		z = append(z, v)
		y = append(y, rng.Float64() < sigmoid(2*v-1))
	}
	a, b := fitPlatt(z, y)
	if math.Abs(a-2) > 0.1 || math.Abs(b+1) > 0.1 {
		t.Errorf("a=%v b=%v, want about 2 and -1", a, b)
	}
}

func TestBestThreshold(t *testing.T) {
	p := []float64{0.9, 0.8, 0.7, 0.6, 0.4, 0.3}
	y := []bool{true, true, false, true, false, false}
	// cutting below 0.6 gives 3 TP, 1 FP: F1 6/7, the best
	if got := bestThreshold(p, y); got != 0.5 {
		t.Errorf("threshold %v, want 0.5", got)
	}
	m := score(p, y, 0.5)
	if m.TP != 3 || m.FP != 1 || m.FN != 0 || m.TN != 2 || math.Abs(m.F1-6.0/7) > 1e-12 {
		t.Errorf("metrics %+v", m)
	}
}

func TestLoadRejects(t *testing.T) {
	m, err := Train(context.Background(), mustFixture(t), fixtureConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	good := mustSave(t, m)
	flipped := append([]byte(nil), good...)
	flipped[len(flipped)/2] ^= 0x40
	// another kind of model in the same container
	var other bytes.Buffer
	f := &modelfile.File{Kind: "parse", Version: 1, Meta: []byte("{}")}
	if err := f.Encode(&other); err != nil {
		t.Fatal(err)
	}
	cases := map[string][]byte{
		"empty":      nil,
		"other kind": other.Bytes(),
		"truncated":  good[:len(good)-10],
		"flipped":    flipped,
		"garbage":    append([]byte(modelfile.Magic), "not a model"...),
	}
	for name, b := range cases {
		if _, err := Load(bytes.NewReader(b)); !errors.Is(err, ErrModel) {
			t.Errorf("%s: %v, want ErrModel", name, err)
		}
	}
}
