package subjects_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"dossier"
	"dossier/adverse"
	"dossier/adverse/subjects"
	"dossier/corpus"
	"dossier/names"
	"dossier/pipeline"
)

const (
	sharedTraining = "../../../shared/data/adverse/training.csv"
	annotations    = "../../corpus/annotations"
)

// testSet builds the examples of the corpus's test rows once (the
// pipeline over 269 articles: some seconds).
var testSet = sync.OnceValues(func() (*subjects.Set, error) {
	return subjects.Build(context.Background(), subjects.Options{Data: sharedTraining, Annotations: annotations,
		Splits: []string{corpus.Test}})
})

func mustTestSet(t *testing.T) *subjects.Set {
	t.Helper()
	if _, err := os.Stat(sharedTraining); err != nil {
		t.Skipf("%s absent (the shared data folder ../shared/data next to the repository): %v", sharedTraining, err)
	}
	if testing.Short() {
		t.Skip("runs the pipeline over the test articles")
	}
	set, err := testSet()
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestSubjectHeldOut is the acceptance test of the embedded subject
// model on the corpus's test split, which neither it nor the article
// model saw: on the rows (the subject each article was collected for)
// it must stay close to the article model, and on the other annotated
// people and organizations of the same articles it must beat it.
func TestSubjectHeldOut(t *testing.T) {
	set := mustTestSet(t)
	m := adverse.DefaultSubject()
	test := set.Of(true, corpus.Test)
	ex := make([]adverse.SubjectExample, len(test))
	p, pa := make([]float64, len(test)), make([]float64, len(test))
	for i, e := range test {
		ex[i], p[i], pa[i] = e.SubjectExample, m.Probability(e.Features), e.Article
	}
	sub := adverse.SubjectFigures(ex, p, m.Threshold)
	art := adverse.SubjectFigures(ex, pa, set.Article.Threshold)
	t.Logf("rows: subject f1=%.4f, article f1=%.4f (%d); entities: subject f1=%.4f, article f1=%.4f (%d)",
		sub.Rows.F1, art.Rows.F1, sub.Rows.N, sub.Entities.F1, art.Entities.F1, sub.Entities.N)
	if sub.Rows.N < 250 || sub.Entities.N < 500 {
		t.Errorf("%d test rows and %d entities, want about 269 and 745", sub.Rows.N, sub.Entities.N)
	}
	// A floor that catches a collapse: the embedded model scores 0.886
	// (the one fitted on the pipeline before the coref stage and the
	// round-5 recognizer: 0.906); the 0.93 is reported by
	// 'dossier eval adverse', not asserted.
	if sub.Rows.F1 < 0.87 {
		t.Errorf("rows: subject-level F1 %.4f, want ≥ 0.87", sub.Rows.F1)
	}
	if sub.Entities.F1 < art.Entities.F1+0.05 {
		t.Errorf("entities: subject-level F1 %.4f, want ≥ the article model's %.4f + 0.05", sub.Entities.F1, art.Entities.F1)
	}
}

// TestPassingMentions: in the test articles the article model calls
// adverse, the people the pipeline finds once, with no claim about
// them, who are not the article's subject, are mostly not adverse for
// the subject model.
func TestPassingMentions(t *testing.T) {
	set := mustTestSet(t)
	m := adverse.DefaultSubject()
	rows, err := corpus.LoadRows(sharedTraining)
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]*corpus.Row{}
	for i := range rows {
		byKey[rows[i].Key] = &rows[i]
	}
	var n, low int
	for _, e := range set.Of(false, corpus.Test) {
		if e.Article < 0.9 {
			continue
		}
		row := byKey[e.Key]
		for _, c := range passingMentions(t, row) {
			n++
			r := m.Score(c.x, adverse.Query{Names: []string{c.name}, Schema: "Person"}, set.Article)
			if !r.Adverse {
				low++
			}
		}
	}
	t.Logf("%d of %d people mentioned once in passing in adverse test articles judged not adverse for them", low, n)
	if n < 20 {
		t.Fatalf("only %d passing mentions", n)
	}
	if float64(low) < 0.70*float64(n) {
		t.Errorf("%d of %d passing mentions judged not adverse, want ≥ 70%% (the model card gives 74%%)", low, n)
	}
}

type passing struct {
	x    *dossier.Extraction
	name string
}

// passingMentions runs the pipeline over the row's article and returns
// the people it finds once, with a name of two words or more, no claim
// about them, who do not bear the row's entity_name.
func passingMentions(t *testing.T, row *corpus.Row) []passing {
	x, err := pipeline.Default().Extract(context.Background(), "", row.Article)
	if err != nil {
		t.Fatal(err)
	}
	return passingIn(x, subjects.RowNames(row.EntityName))
}

func passingIn(x *dossier.Extraction, rowNames []string) []passing {
	claimed := map[string]bool{}
	for _, c := range x.Claims {
		claimed[c.Subject] = true
	}
	m := names.NewMatcher()
	var out []passing
	for _, e := range x.Entities {
		if e.Type != "PER" || len(e.Mentions) != 1 || claimed[e.ID] || len(strings.Fields(e.Name)) < 2 {
			continue
		}
		isRow := slices.ContainsFunc(rowNames, func(n string) bool {
			return m.CompareNames(n, e.Name, "Person").Score >= m.Threshold
		})
		if !isRow {
			out = append(out, passing{x, e.Name})
		}
	}
	return out
}

// BenchmarkJudgeTestRows judges the first 50 test articles for their
// rows' subjects, from their extractions (the pipeline runs once, before
// the timing): the cost /screen adds per news item.
func BenchmarkJudgeTestRows(b *testing.B) {
	if _, err := os.Stat(sharedTraining); err != nil {
		b.Skipf("%s absent: %v", sharedTraining, err)
	}
	rows, err := corpus.LoadRows(sharedTraining)
	if err != nil {
		b.Fatal(err)
	}
	type item struct {
		x     *dossier.Extraction
		names []string
	}
	var items []item
	for i := range rows {
		r := &rows[i]
		if r.Status != corpus.StatusUsable || corpus.Split(r.Key) != corpus.Test {
			continue
		}
		x, err := pipeline.Default().Extract(context.Background(), "", r.Article)
		if err != nil {
			b.Fatal(err)
		}
		items = append(items, item{x, subjects.RowNames(r.EntityName)})
		if len(items) == 50 {
			break
		}
	}
	j := adverse.Judge{}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, it := range items {
			j.JudgeSubject(it.x, it.names, "")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(items)), "µs/item")
}
