package parse

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

// sharedPath returns a path under ../shared/data, or skips.
func sharedPath(tb testing.TB, rel string) string {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	p := filepath.Join(filepath.Dir(file), "..", "..", "shared", "data", rel)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("shared data absent: %v", err)
	}
	return p
}

func smallConfig(dir string) TrainConfig {
	return TrainConfig{Train: []string{"testdata/small.conllu"}, Dev: "testdata/small.conllu",
		TagEpochs: 2, ParseEpochs: 3, Folds: 1, TagBits: 10, KindBits: 10, ArcBits: 10, Checkpoint: dir, Seed: 3}
}

var testModel = func() func(testing.TB) *Model {
	var once sync.Once
	var m *Model
	var err error
	return func(tb testing.TB) *Model {
		tb.Helper()
		once.Do(func() { m, err = Train(context.Background(), smallConfig(""), io.Discard) })
		if err != nil {
			tb.Fatal(err)
		}
		return m
	}
}()

func saved(tb testing.TB, m *Model) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := m.Save(&b); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// TestTrainResume checks that training is deterministic and that a run
// resumed from its checkpoints gives the same file as an uninterrupted
// one.
func TestTrainResume(t *testing.T) {
	whole := saved(t, testModel(t))
	dir := t.TempDir()
	cfg := smallConfig(dir)
	cfg.ParseEpochs = 1
	if _, err := Train(context.Background(), cfg, io.Discard); err != nil {
		t.Fatal(err)
	}
	resumed, err := Train(context.Background(), smallConfig(dir), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(whole, saved(t, resumed)) {
		t.Fatal("a resumed run differs from an uninterrupted one")
	}
	m, err := Load(bytes.NewReader(whole))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(whole, saved(t, m)) {
		t.Fatal("save-load-save differs")
	}
}

// TestOracle checks the dynamic oracle: from the start, always taking a
// zero-cost transition rebuilds every projective gold tree exactly, and
// on the rest loses no more arcs than the costs promised.
func TestOracle(t *testing.T) {
	sents, err := ReadFile(sharedPath(t, "syntax/ud-english-ewt/en_ewt-ud-dev.conllu"))
	if err != nil {
		t.Skip(err)
	}
	labels := map[string]int16{}
	var names []string
	for _, s := range sents {
		for _, w := range s.Words {
			if _, ok := labels[w.Deprel]; !ok {
				labels[w.Deprel] = int16(len(names))
				names = append(names, w.Deprel)
			}
		}
	}
	root := labels["root"]
	var p parser
	p.lab[0] = make([]float32, len(names))
	p.lab[1] = make([]float32, len(names))
	projective, exact := 0, 0
	for _, s := range sents[:600] {
		n := len(s.Words)
		ex := &example{heads: make([]int32, n+1), labels: make([]int16, n+1), gold: make([]int, n)}
		for i, w := range s.Words {
			ex.heads[i+1], ex.labels[i+1] = int32(w.Head), labels[w.Deprel]
		}
		p.st.reset(n)
		for !p.st.done() {
			gold, _ := p.oracle(ex, action{kind: actShift}, root)
			p.st.apply(gold.kind, gold.label)
		}
		ok := true
		for i := 1; i <= n; i++ {
			if p.st.head[i] != ex.heads[i] || p.st.label[i] != ex.labels[i] {
				ok = false
			}
		}
		if isProjective(ex.heads) {
			projective++
			if !ok {
				t.Errorf("sentence %s: oracle does not rebuild a projective tree", s.ID)
			}
		}
		if ok {
			exact++
		}
	}
	t.Logf("%d of 600 sentences projective; %d rebuilt exactly", projective, exact)
}

func isProjective(heads []int32) bool {
	for d := 1; d < len(heads); d++ {
		h := int(heads[d])
		if h == 0 {
			continue
		}
		lo, hi := min(h, d), max(h, d)
		for k := lo + 1; k < hi; k++ {
			// every word between must descend from h
			x := k
			for x != 0 && x != h {
				x = int(heads[x])
			}
			if x != h {
				return false
			}
		}
	}
	return true
}

// TestLabelAfter checks that a model choosing kinds then labels trains
// and parses into trees.
func TestLabelAfter(t *testing.T) {
	cfg := smallConfig("")
	cfg.LabelAfter = true
	m, err := Train(context.Background(), cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !m.Info().LabelAfter {
		t.Fatal("LabelAfter not recorded")
	}
	sents, err := ReadFile("testdata/small.conllu")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sents {
		forms := make([]string, len(s.Words))
		for i, w := range s.Words {
			forms[i] = w.Form
		}
		checkTree(t, m.Parse(forms))
	}
	if r := Evaluate(m, sents); r.UAS < 0.5 {
		t.Fatalf("UAS %.2f on its own training data", r.UAS)
	}
}
