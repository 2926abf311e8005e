package perceptron

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/internal/modelfile"
)

// toy is a learnable problem: each example has one informative feature
// (buckets 0-31, its class the bucket mod 3) and five noise features
// (buckets 32-63).
type toy struct {
	feats [][]uint32
	gold  []int
}

func newToy(n int, seed uint64) *toy {
	r := rand.New(rand.NewPCG(seed, 1))
	t := &toy{}
	for range n {
		f := make([]uint32, 6)
		f[0] = uint32(r.IntN(32))
		for k := 1; k < len(f); k++ {
			f[k] = 32 + uint32(r.IntN(32))
		}
		t.feats = append(t.feats, f)
		t.gold = append(t.gold, int(f[0]%3))
	}
	return t
}

func argmax(s []float32) int {
	b := 0
	for i := range s {
		if s[i] > s[b] {
			b = i
		}
	}
	return b
}

func (t *toy) step(m *Model) Step {
	return func(epoch, i int, rng *rand.Rand) (int, int) {
		var s [3]float32
		m.Scores(0, t.feats[i], s[:])
		p := argmax(s[:])
		m.Tick()
		if p == t.gold[i] {
			return 0, 1
		}
		m.Update(0, t.feats[i], t.gold[i], 1)
		m.Update(0, t.feats[i], p, -1)
		return 1, 1
	}
}

func (t *toy) accuracy(tables []*Table) float64 {
	ok := 0
	for i, f := range t.feats {
		var s [3]float32
		tables[0].Scores(f, s[:])
		if argmax(s[:]) == t.gold[i] {
			ok++
		}
	}
	return float64(ok) / float64(len(t.feats))
}

func (t *toy) eval(tables []*Table) (float64, string, error) {
	a := t.accuracy(tables)
	return a, "ok", nil
}

func encodeTables(tb testing.TB, r *Result) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := encodeBest(&b, r); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

func TestLoopLearns(t *testing.T) {
	train, dev := newToy(2000, 1), newToy(500, 2)
	m := New(Shape{Buckets: 64, Classes: 3})
	loop := Loop{Name: "toy", Epochs: 5, Seed: 7}
	r, err := loop.Run(context.Background(), m, len(train.gold), train.step(m), dev.eval)
	if err != nil {
		t.Fatal(err)
	}
	if r.Score < 0.95 {
		t.Fatalf("dev accuracy %.3f, want ≥ 0.95", r.Score)
	}
	if got := dev.accuracy(r.Tables); got != r.Score {
		t.Fatalf("kept tables score %.4f, reported %.4f", got, r.Score)
	}
}

// TestLoopResume checks that a run stopped after two epochs and resumed
// gives the same tables as one uninterrupted run, and that a finished
// run returns its best without training.
func TestLoopResume(t *testing.T) {
	train, dev := newToy(1000, 3), newToy(300, 4)
	run := func(dir string, epochs int) *Result {
		t.Helper()
		m := New(Shape{Buckets: 64, Classes: 3})
		loop := Loop{Name: "toy", Epochs: epochs, Seed: 1, Checkpoint: dir, Fingerprint: "fp"}
		r, err := loop.Run(context.Background(), m, len(train.gold), train.step(m), dev.eval)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	whole := encodeTables(t, run("", 4))
	dir := t.TempDir()
	run(dir, 2)
	resumed := encodeTables(t, run(dir, 4))
	if !bytes.Equal(whole, resumed) {
		t.Fatal("resumed run differs from an uninterrupted one")
	}
	if again := encodeTables(t, run(dir, 4)); !bytes.Equal(whole, again) {
		t.Fatal("finished run differs when rerun")
	}
	m := New(Shape{Buckets: 64, Classes: 3})
	loop := Loop{Name: "toy", Epochs: 4, Seed: 1, Checkpoint: dir, Fingerprint: "other"}
	if _, err := loop.Run(context.Background(), m, 1, train.step(m), nil); err == nil || !strings.Contains(err.Error(), "another configuration") {
		t.Fatalf("foreign checkpoint: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "toy.state"), []byte("garbage"), 0o644)
	loop.Fingerprint = "fp"
	if _, err := loop.Run(context.Background(), m, 1, train.step(m), nil); !modelfile.IsFormat(err) {
		t.Fatalf("corrupt checkpoint: %v", err)
	}
}

func TestPatience(t *testing.T) {
	train := newToy(200, 5)
	m := New(Shape{Buckets: 64, Classes: 3})
	calls := 0
	loop := Loop{Name: "toy", Epochs: 50, Patience: 2}
	_, err := loop.Run(context.Background(), m, len(train.gold), train.step(m), func([]*Table) (float64, string, error) {
		calls++
		return 1, "flat", nil // never improves after the first epoch
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 3 {
		t.Fatalf("%d epochs, want 3", calls)
	}
}

func TestTableRoundTrip(t *testing.T) {
	train := newToy(500, 6)
	m := New(Shape{Buckets: 64, Classes: 3}, Shape{Buckets: 200, Classes: 1})
	loop := Loop{Name: "toy", Epochs: 2}
	m.Add(1, 150, 0, 3)
	r, err := loop.Run(context.Background(), m, len(train.gold), train.step(m), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range r.Tables {
		var e modelfile.Encoder
		tb.Encode(&e)
		d := modelfile.NewDecoder("t", e.Bytes())
		got := DecodeTable(d)
		if err := d.Finish(); err != nil {
			t.Fatal(err)
		}
		var e2 modelfile.Encoder
		got.Encode(&e2)
		if !bytes.Equal(e.Bytes(), e2.Bytes()) || got.Rows() != tb.Rows() {
			t.Fatal("table round trip differs")
		}
		for b := uint32(0); b < uint32(tb.Buckets); b++ {
			if !equalRows(tb.Row(b), got.Row(b)) {
				t.Fatalf("row %d differs", b)
			}
		}
	}
	if r.Tables[1].Row(150) == nil || r.Tables[1].Row(149) != nil {
		t.Fatal("second table rows wrong")
	}
}

func equalRows(a, b []int16) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestAverageMinWeight(t *testing.T) {
	m := New(Shape{Buckets: 4, Classes: 2})
	m.Add(0, 0, 0, 100)
	m.Add(0, 1, 1, 1)
	m.Tick()
	if tb := m.Average(1)[0]; tb.Rows() != 2 {
		t.Fatalf("%d rows, want 2", tb.Rows())
	}
	if tb := m.Average(1000)[0]; tb.Rows() != 1 || tb.Row(1) != nil {
		t.Fatalf("min weight kept %d rows", tb.Rows())
	}
}

// FuzzDecodeTable checks that DecodeTable never panics and that a table
// it accepts encodes back to the same bytes.
func FuzzDecodeTable(f *testing.F) {
	m := New(Shape{Buckets: 100, Classes: 3})
	m.Add(0, 5, 1, 2)
	m.Add(0, 70, 2, -1)
	m.Tick()
	var e modelfile.Encoder
	m.Average(1)[0].Encode(&e)
	f.Add(e.Bytes())
	f.Add([]byte{1, 1, 0, 0, 128, 63, 1, 0, 2})
	f.Fuzz(func(t *testing.T, data []byte) {
		d := modelfile.NewDecoder("t", data)
		tb := DecodeTable(d)
		if d.Finish() != nil {
			return
		}
		var e modelfile.Encoder
		tb.Encode(&e)
		if !bytes.Equal(e.Bytes(), data) {
			t.Fatal("decode-encode differs")
		}
		out := make([]float32, tb.Classes)
		tb.Scores([]uint32{0, uint32(tb.Buckets - 1)}, out)
	})
}

// TestSparseRows checks that a table stored as (class, weight) pairs
// scores as its dense rows say.
func TestSparseRows(t *testing.T) {
	m := New(Shape{Buckets: 256, Classes: 40})
	r := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		m.Add(0, uint32(r.IntN(256)), r.IntN(40), float32(r.IntN(9)-4))
	}
	m.Tick()
	tb := m.Average(1)[0]
	if tb.pairs == nil {
		t.Fatal("table not sparse")
	}
	feats := []uint32{1, 7, 7, 200, 255, 30}
	got := make([]float32, 40)
	tb.Scores(feats, got)
	want := make([]float32, 40)
	for _, f := range feats {
		if row := tb.Row(f); row != nil {
			for c, x := range row {
				want[c] += float32(x)
			}
		}
	}
	for c := range want {
		if d := got[c] - want[c]*tb.Scale; d > 1e-4 || d < -1e-4 {
			t.Fatalf("class %d: %v, want %v", c, got[c], want[c]*tb.Scale)
		}
	}
}

func TestPrune(t *testing.T) {
	m := New(Shape{Buckets: 64, Classes: 5})
	r := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		m.Add(0, uint32(r.IntN(64)), r.IntN(5), float32(r.IntN(21)-10))
	}
	m.Tick()
	for _, k := range []int{1, 3000, 20000} {
		var a, b modelfile.Encoder
		m.Average(1)[0].Prune(k).Encode(&a)
		m.Average(k)[0].Encode(&b)
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("Prune(%d) differs from Average(%d)", k, k)
		}
	}
}

// TestSum checks that Sum equals Scores on tables of one class (dense)
// and of several (class 0), for features seen and unseen.
func TestSum(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, classes := range []int{1, 3} {
		m := New(Shape{Buckets: 256, Classes: classes})
		for range 300 {
			m.Add(0, uint32(r.IntN(256)), r.IntN(classes), float32(r.IntN(21)-10))
		}
		m.Tick()
		tb := m.Average(1)[0]
		for range 50 {
			feats := make([]uint32, r.IntN(40))
			for i := range feats {
				feats[i] = uint32(r.IntN(256))
			}
			out := make([]float32, classes)
			tb.Scores(feats, out)
			if got := tb.Sum(feats); got != out[0] {
				t.Fatalf("%d classes: Sum %v, Scores %v", classes, got, out[0])
			}
		}
	}
}

// TestAddReadTable writes a table into a model file and reads it back,
// and checks that a shape other than the written one is refused.
func TestAddReadTable(t *testing.T) {
	m := New(Shape{Buckets: 128, Classes: 3})
	r := rand.New(rand.NewPCG(7, 8))
	for range 300 {
		m.Add(0, uint32(r.IntN(128)), r.IntN(3), float32(r.IntN(9)-4))
	}
	m.Tick()
	tb := m.Average(1)[0]
	f := &modelfile.File{Kind: "test", Version: 1}
	AddTable(f, "w", tb)
	var buf bytes.Buffer
	if err := f.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	g, err := modelfile.Decode(&buf, "test")
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadTable(g, "w", tb.Shape)
	if err != nil {
		t.Fatal(err)
	}
	var a, b modelfile.Encoder
	tb.Encode(&a)
	got.Encode(&b)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("table read back differs")
	}
	if _, err := ReadTable(g, "w", Shape{Buckets: 64, Classes: 3}); !errors.Is(err, ErrShape) {
		t.Errorf("other shape: %v, want ErrShape", err)
	}
	if _, err := ReadTable(g, "missing", tb.Shape); err == nil {
		t.Error("missing section read without error")
	}
}

func TestMean(t *testing.T) {
	s := Shape{Buckets: 4, Classes: 2}
	// weights 0.5×[2 0 | 0 0 | 4 -2 | 0 0] and 2×[1 0 | 0 3 | 0 0 | 0 0]
	a := TableFromDense(s, 0.5, []int16{2, 0, 0, 0, 4, -2, 0, 0})
	b := TableFromDense(s, 2, []int16{1, 0, 0, 3, 0, 0, 0, 0})
	m, err := Mean(a, b)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float32{{1.5, 0}, {0, 3}, {1, -0.5}, {0, 0}}
	for bk, w := range want {
		out := make([]float32, 2)
		m.Scores([]uint32{uint32(bk)}, out)
		for c := range w {
			if d := out[c] - w[c]; d > 1e-3 || d < -1e-3 {
				t.Errorf("bucket %d class %d: %g, want %g", bk, c, out[c], w[c])
			}
		}
	}
	if m.Rows() != 3 {
		t.Errorf("%d rows, want 3 (the all-zero one left out)", m.Rows())
	}
	if one, err := Mean(a); err != nil || one != a {
		t.Errorf("mean of one table: %p, %v; want the table itself", one, err)
	}
	if _, err := Mean(a, TableFromDense(Shape{Buckets: 4, Classes: 1}, 1, make([]int16, 4))); !errors.Is(err, ErrShape) {
		t.Errorf("tables of two shapes: %v, want ErrShape", err)
	}
}
