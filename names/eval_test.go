package names

import (
	"bytes"
	"encoding/csv"
	"errors"
	"hash/fnv"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"dossier"
)

// sharedData returns <module root>/../shared/data, or skips the test.
func sharedData(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("module root not found")
		}
		dir = parent
	}
	data := filepath.Join(dir, "..", "shared", "data")
	if _, err := os.Stat(filepath.Join(data, "namepairs")); err != nil {
		tb.Skipf("shared data absent (%s): skipping evaluation on the labelled name pairs", data)
	}
	return data
}

func TestEvaluateSharedPairs(t *testing.T) {
	data := sharedData(t)
	f, err := os.Open(filepath.Join(data, "namepairs", "nomenklatura_cases.csv"))
	if err != nil {
		t.Skipf("pair file absent: %v", err)
	}
	defer f.Close()
	rep, err := EvaluatePairs(f, NewMatcher())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d pairs at threshold %.2f: precision %.3f recall %.3f F1 %.3f (TP %d FP %d FN %d TN %d); best F1 %.3f at %.2f",
		rep.N, rep.Threshold, rep.Precision, rep.Recall, rep.F1, rep.TP, rep.FP, rep.FN, rep.TN, rep.BestF1, rep.BestThreshold)
	for _, s := range slices.Sorted(maps.Keys(rep.PerSchema)) {
		c := rep.PerSchema[s]
		t.Logf("  %-12s n=%3d P %.3f R %.3f F1 %.3f", s, c.N, c.Precision, c.Recall, c.F1)
	}
	if lv2, n, ok := logicV2F1(t, filepath.Join(data, "namepairs", "nomenklatura_logicv2_scores.csv"), 0.7); ok {
		t.Logf("logic-v2 (its scores file, %d pairs) at 0.70: F1 %.3f", n, lv2)
	}
	if rep.F1 < 0.90 {
		t.Errorf("F1 %.3f at the default threshold, want ≥ 0.90", rep.F1)
	}
	// The development split: rows by the parity of FNV-1a(name1|name2),
	// which spreads every case group over both halves. The threshold and
	// the scoring constants were set on half 0; half 1 is the check.
	if _, err := f.Seek(0, 0); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var halves [2]bytes.Buffer
	for i := range halves {
		w := csv.NewWriter(&halves[i])
		w.Write(recs[0])
		for _, r := range recs[1:] {
			h := fnv.New32a()
			h.Write([]byte(r[2] + "|" + r[3]))
			if int(h.Sum32()%2) == i {
				w.Write(r)
			}
		}
		w.Flush()
		hr, err := EvaluatePairs(&halves[i], NewMatcher())
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("half %d (%s): %d pairs, P %.3f R %.3f F1 %.3f; best F1 %.3f at %.2f", i, []string{"development", "check"}[i],
			hr.N, hr.Precision, hr.Recall, hr.F1, hr.BestF1, hr.BestThreshold)
	}
}

// logicV2F1 computes F1 from the reference matcher's own scores.
func logicV2F1(t *testing.T, path string, th float64) (float64, int, bool) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, false
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) < 2 {
		return 0, 0, false
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	var c Counts
	for _, r := range recs[1:] {
		s, err := strconv.ParseFloat(r[col["score"]], 64)
		if err != nil {
			t.Errorf("logic-v2 score %q: %v", r[col["score"]], err)
			return 0, 0, false
		}
		c.add(r[col["is_match"]] == "true", s >= th)
	}
	c.finish()
	return c.F1, c.N, true
}

func TestEvaluatePairs(t *testing.T) {
	in := "case_group,schema,name1,name2,is_match\n" +
		"g,Person,Vladimir Putin,Владимир Путин,true\n" +
		"g,Person,George Bush,George Habbash,false\n" +
		"g,Company,Company 1 Ltd,Company 2 Ltd,true\n"
	rep, err := EvaluatePairs(strings.NewReader(in), NewMatcher())
	if err != nil {
		t.Fatal(err)
	}
	if rep.N != 3 || rep.TP != 1 || rep.TN != 1 || rep.FN != 1 || rep.FP != 0 {
		t.Errorf("counts %+v", rep)
	}
	if rep.Precision != 1 || rep.Recall != 0.5 || rep.F1 < 0.666 || rep.F1 > 0.667 {
		t.Errorf("P %.3f R %.3f F1 %.3f", rep.Precision, rep.Recall, rep.F1)
	}
	if len(rep.Errors) != 1 || rep.Errors[0].Line != 4 || rep.Errors[0].Detail == "" {
		t.Errorf("errors %+v", rep.Errors)
	}
	if rep.PerSchema["Company"] == nil || rep.PerSchema["Company"].FN != 1 {
		t.Errorf("per schema %+v", rep.PerSchema)
	}
	if rep.BestF1 < rep.F1 {
		t.Errorf("best F1 %.3f below F1 %.3f", rep.BestF1, rep.F1)
	}
}

func TestEvaluatePairsErrors(t *testing.T) {
	tests := []struct {
		Name  string
		Input string
		Line  int
	}{
		{"empty", "", 1},
		{"no is_match column", "name1,name2\na,b\n", 1},
		{"bad label", "name1,name2,is_match\na,b,true\nc,d,maybe\n", 3},
		{"short row", "name1,name2,is_match\na,b\n", 2},
		{"bad quoting", "name1,name2,is_match\na,b,true\n\"c,d,true\n", 3},
		{"no rows", "name1,name2,is_match\n", 2},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			_, err := EvaluatePairs(strings.NewReader(tt.Input), NewMatcher())
			var ie *dossier.InputError
			if !errors.As(err, &ie) || !errors.Is(err, dossier.ErrInvalid) {
				t.Fatalf("err = %v, want *dossier.InputError wrapping ErrInvalid", err)
			}
			if ie.Line != tt.Line {
				t.Errorf("line %d, want %d (%v)", ie.Line, tt.Line, err)
			}
		})
	}
}
