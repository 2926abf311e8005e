package perceptron

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"dossier/internal/atomicfile"
	"dossier/internal/featurehash"
	"dossier/internal/modelfile"
)

// Loop is the training loop. Each epoch visits the examples in an order
// drawn from Seed, Name and the epoch number, so the same inputs give the
// same model byte for byte, resumed or not.
type Loop struct {
	// Name names the checkpoint files (NAME.state, NAME.best) and the
	// progress lines.
	Name   string
	Epochs int
	Seed   int64
	// Patience, if positive, stops after so many epochs without a better
	// dev score.
	Patience int
	// Checkpoint is a directory where the state is written after every
	// epoch and the best epoch's tables whenever it improves; a run with
	// the same Name and Fingerprint resumes from them, and a finished one
	// returns its best at once.
	Checkpoint string
	// Fingerprint identifies the configuration (data, features, sizes);
	// a checkpoint made under another is refused.
	Fingerprint string
	// MinWeight is passed to Average.
	MinWeight int
	// Log receives one line per epoch.
	Log io.Writer
}

// Step trains on example i of the epoch (i is the example's index, not
// its place in the order) and returns how many of its decisions were
// wrong out of how many. rng is the epoch's, for exploration.
type Step func(epoch, i int, rng *rand.Rand) (errs, units int)

// Eval scores averaged tables on dev data, higher being better, and
// returns a short report for the progress line.
type Eval func(tables []*Table) (score float64, report string, err error)

// Result is the epoch Run kept.
type Result struct {
	Epoch  int
	Score  float64
	Tables []*Table
}

type stateMeta struct {
	Name        string  `json:"name"`
	Fingerprint string  `json:"fingerprint"`
	Epoch       int     `json:"epoch"`
	BestEpoch   int     `json:"best_epoch"`
	BestScore   float64 `json:"best_score"`
	Stale       int     `json:"stale"` // epochs since the best
}

const (
	stateKind = "perceptron-state"
	bestKind  = "perceptron-best"
)

// Run trains m for up to Epochs passes over n examples and returns the
// epoch whose averaged tables eval scores best (the last if eval is nil).
func (l *Loop) Run(ctx context.Context, m *Model, n int, step Step, eval Eval) (*Result, error) {
	if l.Epochs <= 0 {
		return nil, fmt.Errorf("perceptron: %s: %d epochs", l.Name, l.Epochs)
	}
	log := l.Log
	if log == nil {
		log = io.Discard
	}
	st := stateMeta{Name: l.Name, Fingerprint: l.Fingerprint, BestScore: -1}
	var best *Result
	statePath, bestPath := "", ""
	if l.Checkpoint != "" {
		if err := os.MkdirAll(l.Checkpoint, 0o755); err != nil {
			return nil, fmt.Errorf("perceptron: %w", err)
		}
		statePath = filepath.Join(l.Checkpoint, l.Name+".state")
		bestPath = filepath.Join(l.Checkpoint, l.Name+".best")
		s, err := l.loadState(statePath, m)
		switch {
		case errors.Is(err, os.ErrNotExist):
		case err != nil:
			return nil, err
		default:
			if best, err = loadBest(bestPath); err != nil {
				return nil, err
			}
			st = *s
			if st.Epoch < l.Epochs && !l.stop(st) {
				fmt.Fprintf(log, "%s: resuming after epoch %d (best epoch %d, %.4f)\n", l.Name, st.Epoch, best.Epoch, best.Score)
			}
		}
	}
	salt := featurehash.String(l.Name)
	for epoch := st.Epoch + 1; epoch <= l.Epochs && !l.stop(st); epoch++ {
		t0 := time.Now()
		rng := rand.New(rand.NewPCG(uint64(l.Seed), uint64(epoch)^salt))
		errs, units := 0, 0
		for k, i := range rng.Perm(n) {
			if k%256 == 0 && ctx.Err() != nil {
				return nil, ctx.Err()
			}
			e, u := step(epoch, i, rng)
			errs += e
			units += u
		}
		tables := m.Average(l.MinWeight)
		line := fmt.Sprintf("%s epoch %d: %d/%d wrong (%.2f%%), %s", l.Name, epoch, errs, units,
			100*float64(errs)/float64(max(units, 1)), time.Since(t0).Round(time.Millisecond))
		keep := eval == nil
		st.Epoch = epoch
		st.Stale++
		if eval != nil {
			score, rep, err := eval(tables)
			if err != nil {
				return nil, err
			}
			line += ", dev " + rep
			if score > st.BestScore {
				keep = true
				line += " best"
				st.BestScore = score
			}
		}
		fmt.Fprintln(log, line)
		if keep {
			best = &Result{Epoch: epoch, Score: st.BestScore, Tables: tables}
			st.BestEpoch, st.Stale = epoch, 0
			if bestPath != "" {
				if err := writeAtomic(bestPath, func(w io.Writer) error { return encodeBest(w, best) }); err != nil {
					return nil, err
				}
			}
		}
		if statePath != "" {
			if err := writeAtomic(statePath, func(w io.Writer) error { return encodeState(w, st, m) }); err != nil {
				return nil, err
			}
		}
	}
	if best == nil {
		return nil, fmt.Errorf("perceptron: %s: no epoch trained", l.Name)
	}
	return best, nil
}

func (l *Loop) stop(st stateMeta) bool {
	return l.Patience > 0 && st.Stale >= l.Patience
}

// encodeState writes the touched weights of each table: the number of
// entries, then for each its index as the gap from the previous one,
// its weight and its averaging sum.
func encodeState(w io.Writer, st stateMeta, m *Model) error {
	meta, err := json.Marshal(st)
	if err != nil {
		return err
	}
	f := &modelfile.File{Kind: stateKind, Version: 1, Meta: meta}
	var e modelfile.Encoder
	e.Float64(m.c)
	f.Add("clock", e.Bytes(), false)
	for k, tb := range m.tables {
		var e modelfile.Encoder
		e.Uvarint(uint64(tb.Buckets))
		e.Uvarint(uint64(tb.Classes))
		n := 0
		for i := range tb.w {
			if tb.w[i] != 0 || tb.u[i] != 0 {
				n++
			}
		}
		e.Uvarint(uint64(n))
		last := -1
		for i := range tb.w {
			if tb.w[i] != 0 || tb.u[i] != 0 {
				e.Uvarint(uint64(i - last - 1))
				last = i
				e.Float32(tb.w[i])
				e.Float64(tb.u[i])
			}
		}
		f.Add(fmt.Sprintf("table%d", k), e.Bytes(), false)
	}
	return f.Encode(w)
}

func (l *Loop) loadState(path string, m *Model) (*stateMeta, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	bad := func(err error) error { return fmt.Errorf("perceptron: resume from %s: %w", path, err) }
	f, err := modelfile.Decode(bufio.NewReaderSize(fh, 1<<20), stateKind)
	if err != nil {
		return nil, bad(err)
	}
	var st stateMeta
	if err := json.Unmarshal(f.Meta, &st); err != nil {
		return nil, bad(err)
	}
	if st.Name != l.Name || st.Fingerprint != l.Fingerprint {
		return nil, fmt.Errorf("perceptron: %s is from another configuration; remove it to start afresh", path)
	}
	data, err := f.Section("clock")
	if err != nil {
		return nil, bad(err)
	}
	d := modelfile.NewDecoder("clock", data)
	c := d.Float64()
	if err := d.Finish(); err != nil {
		return nil, bad(err)
	}
	for k, tb := range m.tables {
		name := fmt.Sprintf("table%d", k)
		data, err := f.Section(name)
		if err != nil {
			return nil, bad(err)
		}
		d := modelfile.NewDecoder(name, data)
		if int(d.Uvarint(MaxBuckets)) != tb.Buckets || int(d.Uvarint(MaxClasses)) != tb.Classes {
			return nil, bad(errors.New("table shapes differ"))
		}
		n := int(d.Uvarint(uint64(len(tb.w))))
		clear(tb.w)
		clear(tb.u)
		i := -1
		for range n {
			i += int(d.Uvarint(uint64(len(tb.w)))) + 1
			if i >= len(tb.w) {
				d.Fail("index")
			}
			w, u := d.Float32(), d.Float64()
			if d.Err() != nil {
				break
			}
			tb.w[i], tb.u[i] = w, u
		}
		if err := d.Finish(); err != nil {
			return nil, bad(err)
		}
	}
	m.c = c
	return &st, nil
}

func encodeBest(w io.Writer, r *Result) error {
	meta, err := json.Marshal(struct {
		Epoch int     `json:"epoch"`
		Score float64 `json:"score"`
	}{r.Epoch, r.Score})
	if err != nil {
		return err
	}
	f := &modelfile.File{Kind: bestKind, Version: 1, Meta: meta}
	for k, t := range r.Tables {
		var e modelfile.Encoder
		t.Encode(&e)
		f.Add(fmt.Sprintf("table%d", k), e.Bytes(), false)
	}
	return f.Encode(w)
}

func loadBest(path string) (*Result, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("perceptron: resume: %w", err)
	}
	defer fh.Close()
	bad := func(err error) error { return fmt.Errorf("perceptron: resume from %s: %w", path, err) }
	f, err := modelfile.Decode(bufio.NewReaderSize(fh, 1<<20), bestKind)
	if err != nil {
		return nil, bad(err)
	}
	r := &Result{}
	var meta struct {
		Epoch int     `json:"epoch"`
		Score float64 `json:"score"`
	}
	if err := json.Unmarshal(f.Meta, &meta); err != nil {
		return nil, bad(err)
	}
	r.Epoch, r.Score = meta.Epoch, meta.Score
	for _, s := range f.Sections {
		d := modelfile.NewDecoder(s.Name, s.Data)
		t := DecodeTable(d)
		if err := d.Finish(); err != nil {
			return nil, bad(err)
		}
		r.Tables = append(r.Tables, t)
	}
	return r, nil
}

// writeAtomic writes a file all at once (package atomicfile), so a
// killed run leaves the old file or the new one.
func writeAtomic(path string, write func(io.Writer) error) error {
	if err := atomicfile.Write(path, write); err != nil {
		return fmt.Errorf("perceptron: write %s: %w", path, err)
	}
	return nil
}
