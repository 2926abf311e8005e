package adverse_test

import (
	"reflect"
	"sync"
	"testing"

	"dossier/adverse"
)

// TestDocJudgementAgrees: a document's judgement, shared between
// subjects and goroutines, judges every subject as JudgeSubject does.
func TestDocJudgementAgrees(t *testing.T) {
	x := extraction()
	j := adverse.Judge{}
	judge := j.JudgeDocument(x)
	queries := []struct {
		names  []string
		schema string
	}{
		{[]string{"Anna Berg"}, ""}, {[]string{"Anna Berg"}, "Person"}, {[]string{"Anna Berg"}, "Organization"},
		{[]string{"Mia Lund"}, "Person"}, {[]string{"Tom Reed"}, ""}, {[]string{"Carl Lund"}, ""},
		{[]string{"BERG, Anna", "A. Berg"}, "Person"}, {[]string{"Nobody Here"}, ""}, {nil, ""},
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, q := range queries {
				got, want := judge(q.names, q.schema), j.JudgeSubject(x, q.names, q.schema)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%v as %q: document judgement %+v, JudgeSubject %+v", q.names, q.schema, got, want)
				}
			}
		}()
	}
	wg.Wait()
}
