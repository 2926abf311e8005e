package names

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"dossier"
)

// PairReport is the evaluation of a matcher on labelled name pairs.
type PairReport struct {
	N, TP, FP, FN, TN int
	Precision         float64
	Recall            float64
	F1                float64
	Threshold         float64 // the matcher's threshold, at which the counts above are taken
	BestF1            float64 // best F1 over thresholds 0.00, 0.01, …, 1.00
	BestThreshold     float64 // lowest threshold reaching BestF1
	PerSchema         map[string]*Counts
	Errors            []PairError // misclassified pairs, worst first (at most MaxPairErrors)
}

// Counts is a confusion matrix with its derived figures.
type Counts struct {
	N, TP, FP, FN, TN int
	Precision         float64
	Recall            float64
	F1                float64
}

// PairError is a pair the matcher got wrong.
type PairError struct {
	Line    int // 1-based line of the row in the file
	Schema  string
	Name1   string
	Name2   string
	IsMatch bool
	Score   float64
	Detail  string // the name_parts explanation
}

// MaxPairErrors bounds PairReport.Errors.
const MaxPairErrors = 25

// EvaluatePairs reads labelled pairs in the layout of nomenklatura's
// name-matching cases — a header naming at least name1, name2 and
// is_match (true/false), optionally schema; other columns are ignored —
// scores each pair with m and reports precision, recall and F1 at
// m.Threshold, and the best F1 over a sweep of thresholds. A malformed
// row is an error naming its line (a *dossier.InputError wrapping
// dossier.ErrInvalid).
func EvaluatePairs(r io.Reader, m *Matcher) (*PairReport, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			return nil, &dossier.InputError{Line: 1, Offset: -1, Err: fmt.Errorf("names: empty pair file: %w", dossier.ErrInvalid)}
		}
		return nil, inputErr(err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		col[strings.ToLower(h)] = i
	}
	for _, need := range []string{"name1", "name2", "is_match"} {
		if _, ok := col[need]; !ok {
			return nil, &dossier.InputError{Line: 1, Offset: -1, Err: fmt.Errorf("names: header has no %q column: %w", need, dossier.ErrInvalid)}
		}
	}
	schemaCol, hasSchema := col["schema"]
	type row struct {
		line    int
		schema  string
		a, b    string
		isMatch bool
		score   float64
	}
	var rows []row
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, inputErr(err)
		}
		line, _ := cr.FieldPos(0)
		get := func(name string) (string, error) {
			i := col[name]
			if i >= len(rec) {
				return "", &dossier.InputError{Line: line, Offset: -1, Err: fmt.Errorf("names: row has %d fields, no %s: %w", len(rec), name, dossier.ErrInvalid)}
			}
			return rec[i], nil
		}
		a, err := get("name1")
		if err != nil {
			return nil, err
		}
		b, err := get("name2")
		if err != nil {
			return nil, err
		}
		lab, err := get("is_match")
		if err != nil {
			return nil, err
		}
		var isMatch bool
		switch strings.ToLower(strings.TrimSpace(lab)) {
		case "true", "1", "yes", "t":
			isMatch = true
		case "false", "0", "no", "f":
		default:
			return nil, &dossier.InputError{Line: line, Offset: -1, Err: fmt.Errorf("names: is_match %q is not true or false: %w", lab, dossier.ErrInvalid)}
		}
		schema := ""
		if hasSchema && schemaCol < len(rec) {
			schema = strings.TrimSpace(rec[schemaCol])
		}
		rows = append(rows, row{line: line, schema: schema, a: a, b: b, isMatch: isMatch})
	}
	if len(rows) == 0 {
		return nil, &dossier.InputError{Line: 2, Offset: -1, Err: fmt.Errorf("names: no pairs: %w", dossier.ErrInvalid)}
	}
	for i := range rows {
		na, nb := Parse(rows[i].a, rows[i].schema), Parse(rows[i].b, rows[i].schema)
		rows[i].score = m.Score(&na, &nb)
	}
	rep := &PairReport{Threshold: m.Threshold, PerSchema: map[string]*Counts{}}
	var all Counts
	for _, r := range rows {
		pred := r.score >= m.Threshold
		all.add(r.isMatch, pred)
		c := rep.PerSchema[r.schema]
		if c == nil {
			c = &Counts{}
			rep.PerSchema[r.schema] = c
		}
		c.add(r.isMatch, pred)
		if pred != r.isMatch {
			rep.Errors = append(rep.Errors, PairError{Line: r.line, Schema: r.schema, Name1: r.a, Name2: r.b, IsMatch: r.isMatch, Score: r.score})
		}
	}
	all.finish()
	for _, c := range rep.PerSchema {
		c.finish()
	}
	rep.N, rep.TP, rep.FP, rep.FN, rep.TN = all.N, all.TP, all.FP, all.FN, all.TN
	rep.Precision, rep.Recall, rep.F1 = all.Precision, all.Recall, all.F1
	for t := 0; t <= 100; t++ {
		th := float64(t) / 100
		var c Counts
		for _, r := range rows {
			c.add(r.isMatch, r.score >= th-1e-9)
		}
		c.finish()
		if c.F1 > rep.BestF1+1e-12 {
			rep.BestF1, rep.BestThreshold = c.F1, th
		}
	}
	slices.SortStableFunc(rep.Errors, func(x, y PairError) int {
		dx, dy := math.Abs(x.Score-m.Threshold), math.Abs(y.Score-m.Threshold)
		switch {
		case dx > dy:
			return -1
		case dx < dy:
			return 1
		}
		return x.Line - y.Line
	})
	if len(rep.Errors) > MaxPairErrors {
		rep.Errors = rep.Errors[:MaxPairErrors]
	}
	for i := range rep.Errors {
		e := &rep.Errors[i]
		e.Detail = m.CompareNames(e.Name1, e.Name2, e.Schema).Explanations["name_parts"].Detail
	}
	return rep, nil
}

func inputErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &dossier.InputError{Line: pe.Line, Offset: -1, Err: fmt.Errorf("names: %v: %w", pe.Err, dossier.ErrInvalid)}
	}
	return &dossier.InputError{Offset: -1, Err: fmt.Errorf("names: read pairs: %w", err)}
}

func (c *Counts) add(truth, pred bool) {
	c.N++
	switch {
	case truth && pred:
		c.TP++
	case !truth && pred:
		c.FP++
	case truth && !pred:
		c.FN++
	default:
		c.TN++
	}
}

func (c *Counts) finish() {
	if c.TP+c.FP > 0 {
		c.Precision = float64(c.TP) / float64(c.TP+c.FP)
	}
	if c.TP+c.FN > 0 {
		c.Recall = float64(c.TP) / float64(c.TP+c.FN)
	}
	if c.Precision+c.Recall > 0 {
		c.F1 = 2 * c.Precision * c.Recall / (c.Precision + c.Recall)
	}
}
