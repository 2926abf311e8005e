package claimeval

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier"
	"dossier/corpus"
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
	if _, err := os.Stat(filepath.Join(data, "adverse", "training.csv")); err != nil {
		tb.Skipf("shared data absent (%s): skipping the evaluation on the annotated corpus", data)
	}
	return data
}

// checkRanges fails unless every figure of r lies in [0, 1].
func checkRanges(t *testing.T, r *Result) {
	t.Helper()
	figures := map[string]float64{
		"claims F1": r.Claims.F1(), "claims P": r.Claims.Precision(), "claims R": r.Claims.Recall(),
		"speakers": r.SpeakerAccuracy(), "persons resolved": r.Persons.Rate(),
		"entities F1": EntityTotal(r.Entities).F1(), "recognized F1": EntityTotal(r.Recognized).F1(),
	}
	for _, typ := range Types {
		figures[typ+" F1"] = r.Entities[typ].F1()
	}
	for k, c := range r.ByStance {
		figures["stance "+k] = c.F1()
	}
	for k, v := range figures {
		if v < 0 || v > 1 || v != v {
			t.Errorf("%s = %v, outside [0, 1]", k, v)
		}
	}
	var b bytes.Buffer
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if last := lines[len(lines)-1]; last != r.Summary() || !strings.HasPrefix(last, "claims_f1=") {
		t.Errorf("last line %q", last)
	}
}

// TestEvaluateCorpus runs the pipeline on the dev split of the annotated
// corpus. It checks that it runs and that the figures are proportions;
// what they are is for `dossier eval claims` to report.
func TestEvaluateCorpus(t *testing.T) {
	idx, gold := mustCorpus(t)
	dev, err := Select(gold, corpus.Dev)
	if err != nil {
		t.Fatal(err)
	}
	if testing.Short() && len(dev) > 10 {
		dev = dev[:10]
	}
	if len(dev) == 0 {
		t.Skip("no annotated document in the dev split yet")
	}
	r, err := Evaluate(context.Background(), idx, dev, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Documents+r.Skipped != len(dev) || r.Tokens == 0 {
		t.Errorf("%d documents + %d skipped of %d, %d tokens", r.Documents, r.Skipped, len(dev), r.Tokens)
	}
	checkRanges(t, r)
	if testing.Short() {
		return
	}
	// Floors on the whole dev split, well below what the embedded models
	// score (docs/model-card-claims.md, docs/model-card-ner.md): they
	// catch a stage that stops finding the subjects, speakers or names
	// of real news, not a change of a point.
	for _, f := range []struct {
		what       string
		got, floor float64
	}{
		{"claims F1", r.Claims.F1(), 0.45},
		{"speaker accuracy", r.SpeakerAccuracy(), 0.60},
		{"persons F1", r.Entities[corpus.PER].F1(), 0.80},
		{"organizations F1", r.Entities[corpus.ORG].F1(), 0.60},
		{"persons resolved", r.Persons.Rate(), 0.75},
	} {
		if f.got < f.floor {
			t.Errorf("dev %s %.4f, below the floor %.2f", f.what, f.got, f.floor)
		}
	}
}

// mustVell anchors the worked example draft of the corpus tests to its
// invented article and returns the rows and the record.
func mustVell(tb testing.TB) (map[string]*corpus.Row, *corpus.Record) {
	tb.Helper()
	rows, err := corpus.LoadRows("../corpus/testdata/rows.csv")
	if err != nil {
		tb.Fatal(err)
	}
	idx := corpus.Index(rows)
	f, err := os.Open("../corpus/testdata/vell-draft.json")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	d, err := corpus.ReadDraft(f, "vell-draft.json")
	if err != nil {
		tb.Fatal(err)
	}
	rec, err := d.Resolve(idx[d.Key].Article)
	if err != nil {
		tb.Fatal(err)
	}
	return idx, rec
}

func TestEvaluateWritten(t *testing.T) {
	idx, rec := mustVell(t)
	for _, opt := range []Options{{}, {NoRepair: true}, {TopicClaims: true}} {
		r, err := Evaluate(context.Background(), idx, []*corpus.Record{rec}, opt)
		if err != nil {
			t.Fatal(err)
		}
		if r.Documents != 1 || r.GoldClaims != len(rec.Claims) || r.PredClaims == 0 {
			t.Errorf("%+v: documents %d, gold claims %d, predicted %d", opt, r.Documents, r.GoldClaims, r.PredClaims)
		}
		checkRanges(t, r)
	}
}

// TestEvaluateRepaired damages the article with characters repair
// removes and checks that what the pipeline finds maps back onto the
// damaged text: the mentions found in the clean article are found at
// the same words of the damaged one.
func TestEvaluateRepaired(t *testing.T) {
	idx, rec := mustVell(t)
	clean := idx[rec.Key].Article
	damaged := strings.ReplaceAll(clean, " ", "\u200b ")
	p, _, err := Extract(context.Background(), nil, clean, Options{})
	if err != nil {
		t.Fatal(err)
	}
	q, st, err := Extract(context.Background(), nil, damaged, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !st.Repaired {
		t.Fatal("the damaged article was not repaired")
	}
	words := func(text string, x *Prediction) []string {
		var out []string
		for _, e := range x.Entities {
			for _, m := range e.Mentions {
				out = append(out, strings.ReplaceAll(text[m.Start:m.End], "\u200b", ""))
			}
		}
		return out
	}
	if a, b := fmt.Sprint(words(clean, p)), fmt.Sprint(words(damaged, q)); a != b || a == "[]" {
		t.Errorf("clean article: %s\ndamaged article, mapped back: %s", a, b)
	}
}

func TestEvaluateErrors(t *testing.T) {
	idx, rec := mustVell(t)
	if _, err := Select([]*corpus.Record{rec}, "validation"); err == nil || !strings.Contains(err.Error(), `split "validation"`) {
		t.Errorf("Select: %v", err)
	}
	stale := *rec
	stale.ArticleHash = "0123456789abcdef"
	stale.File, stale.Line = "a1-p1.jsonl", 3
	if _, err := Evaluate(context.Background(), idx, []*corpus.Record{&stale}, Options{}); err == nil ||
		!strings.Contains(err.Error(), "a1-p1.jsonl:3: the article of 3c71f716df6ed617 has hash") {
		t.Errorf("stale hash: %v", err)
	}
	gone := *rec
	gone.Key = "0000000000000000"
	if _, err := Evaluate(context.Background(), idx, []*corpus.Record{&gone}, Options{}); err == nil ||
		!strings.Contains(err.Error(), "no row of the CSV has key 0000000000000000") {
		t.Errorf("missing row: %v", err)
	}
}

func ExampleResult_Score() {
	text := "Prosecutors charged Jane Roe with fraud."
	gold := &corpus.Record{Key: "0000000000000001", Status: corpus.StatusDone,
		Entities: []corpus.Entity{{Start: 20, End: 28, Type: corpus.PER, Cluster: "k1"}},
		Claims: []corpus.Claim{{ID: "c1", Subject: "k1", Stance: corpus.Charged, Topic: "crime.fraud",
			Evidence: corpus.Span{Start: 0, End: len(text)}, Speaker: &corpus.Agent{Span: &corpus.Span{Start: 0, End: 11}}}},
	}
	pred := &Prediction{
		Entities: []dossier.DocEntity{{ID: "e1", Type: "PER", Mentions: []dossier.Mention{{Start: 20, End: 28}}}},
		Claims: []dossier.Claim{{Subject: "e1", Stance: "charged", Topic: "crime.fraud",
			Evidence: dossier.Evidence{Start: 0, End: len(text)}}},
	}
	r := NewResult()
	r.Score(gold, pred)
	fmt.Println(r.Summary())
	// Output: claims_f1=1.0000 persons_f1=1.0000 orgs_f1=1.0000 speaker_acc=0.0000 persons_resolved=1.0000
}
