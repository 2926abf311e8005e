package main

import (
	"context"
	"fmt"
	"os"

	"dossier/adverse"
	"dossier/adverse/subjects"
	"dossier/corpus"
)

// subjectEval is what the subject-level section of 'dossier eval
// adverse --heldout' needs.
type subjectEval struct {
	model, annotations, cache string
}

// subjectReport is the subject-level model and the article-level model
// on the corpus's test rows, and on the other annotated entities of
// their articles.
type subjectReport struct {
	Rows, ArticleRows         adverse.Metrics
	Entities, ArticleEntities adverse.Metrics
}

func (m *Main) evalSubjects(ctx context.Context, data string, article *adverse.Model, se subjectEval) (*subjectReport, error) {
	sm := adverse.DefaultSubject()
	if se.model != "" {
		f, err := os.Open(se.model)
		if err != nil {
			return nil, err
		}
		sm, err = adverse.LoadSubject(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", se.model, err)
		}
	}
	set, err := subjects.Build(ctx, subjects.Options{Data: data, Annotations: se.annotations, Cache: se.cache,
		Article: article, Splits: []string{corpus.Test}, Log: m.Stderr})
	if err != nil {
		return nil, err
	}
	test := set.Of(true, corpus.Test)
	ex := make([]adverse.SubjectExample, len(test))
	p := make([]float64, len(test))
	pa := make([]float64, len(test))
	for i, e := range test {
		ex[i] = e.SubjectExample
		p[i] = sm.Probability(e.Features)
		pa[i] = e.Article
	}
	sub := adverse.SubjectFigures(ex, p, sm.Threshold)
	art := adverse.SubjectFigures(ex, pa, article.Threshold)
	r := &subjectReport{Rows: sub.Rows, ArticleRows: art.Rows, Entities: sub.Entities, ArticleEntities: art.Entities}
	w := m.evalText()
	fmt.Fprintf(w, "subject-level, corpus test split: %d rows (%d adverse for their subject), %d other annotated entities (%d adverse for them)\n",
		r.Rows.N, r.Rows.TP+r.Rows.FN, r.Entities.N, r.Entities.TP+r.Entities.FN)
	line := func(what string, mt adverse.Metrics) {
		fmt.Fprintf(w, "  %-26s f1=%.4f precision=%.4f recall=%.4f (%d TP, %d FP, %d FN, %d TN) brier=%.4f\n",
			what, mt.F1, mt.Precision, mt.Recall, mt.TP, mt.FP, mt.FN, mt.TN, mt.Brier)
	}
	line("rows, subject model", r.Rows)
	line("rows, article model", r.ArticleRows)
	line("entities, subject model", r.Entities)
	line("entities, article model", r.ArticleEntities)
	return r, nil
}
