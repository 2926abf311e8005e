package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"dossier/adverse"
	"dossier/adverse/subjects"
	"dossier/corpus"
)

// subjectTraining is what 'dossier train adverse --subject' needs.
type subjectTraining struct {
	data, out, annotations, cache string
	cfg                           adverse.SubjectConfig
	cvOnly                        bool
	dump                          string
}

// dumpSubjects writes the examples as tab-separated values.
func dumpSubjects(path string, set *subjects.Set) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	fmt.Fprintf(f, "key\tsplit\tline\tentity\tadverse\tarticle\tname\t%s\n", strings.Join(adverse.SubjectFeatureNames(), "\t"))
	for _, e := range set.Examples {
		fmt.Fprintf(f, "%s\t%s\t%d\t%v\t%v\t%.4f\t%s", e.Key, e.Split, e.Line, e.Entity, e.Adverse, e.Article, e.Name)
		for _, v := range e.Features {
			fmt.Fprintf(f, "\t%.4f", v)
		}
		fmt.Fprintln(f)
	}
	return f.Close()
}

// trainAdverseSubject builds the subject examples of the corpus's train
// and dev rows and trains (or, with cvOnly, cross-validates) the
// subject-level model.
func (m *Main) trainAdverseSubject(ctx context.Context, st subjectTraining) error {
	set, err := subjects.Build(ctx, subjects.Options{Data: st.data, Annotations: st.annotations, Cache: st.cache, Log: m.Stderr})
	if err != nil {
		return err
	}
	if st.dump != "" {
		if err := dumpSubjects(st.dump, set); err != nil {
			return err
		}
	}
	train := set.Train()
	var rows, ents int
	for _, e := range train {
		if e.Entity {
			ents++
		} else {
			rows++
		}
	}
	fmt.Fprintf(m.Stderr, "training on %d rows and %d annotated entities of the train and dev splits (c %v, entity share %v)\n", rows, ents, st.cfg.C, st.cfg.EntityShare)
	st.cfg.Data = filepath.Base(st.data)
	if st.cvOnly {
		cv, err := adverse.CrossValidateSubject(train, st.cfg)
		if err != nil {
			return err
		}
		if st.dump != "" {
			f, err := os.Create(st.dump + ".cv")
			if err != nil {
				return err
			}
			for i, e := range set.Of(true, corpus.Train, corpus.Dev) {
				fmt.Fprintf(f, "%s\t%v\t%v\t%.4f\t%.4f\t%.4f\t%s\n", e.Key, e.Entity, e.Adverse, e.Article, cv.Probs[i], cv.Parts[i][1], e.Name)
			}
			f.Close()
		}
		r, e := cv.Metrics.Rows, cv.Metrics.Entities
		m.trainReport = map[string]any{"folds": st.cfg.Folds, "cv": cv.Metrics, "threshold": cv.Threshold, "combination": cv.Stack}
		fmt.Fprintf(m.trainOut(), "%d-fold cv: rows f1=%.4f precision=%.4f recall=%.4f brier=%.4f; entities f1=%.4f precision=%.4f recall=%.4f; threshold=%.4f; combination %.3f\n",
			st.cfg.Folds, r.F1, r.Precision, r.Recall, r.Brier, e.F1, e.Precision, e.Recall, cv.Threshold, cv.Stack)
		return nil
	}
	model, cv, err := adverse.TrainSubject(train, st.cfg)
	if err != nil {
		return err
	}
	for _, w := range model.Weights() {
		fmt.Fprintf(m.Stderr, "  %-18s %+.3f\n", w.Feature, w.Weight)
	}
	if _, err := writeModel(st.out, model.Save); err != nil {
		return err
	}
	r, e := cv.Metrics.Rows, cv.Metrics.Entities
	m.trainReport = map[string]any{"model": st.out, "folds": st.cfg.Folds, "cv": cv.Metrics, "threshold": model.Threshold}
	fmt.Fprintf(m.trainOut(), "wrote %s (%d-fold cv: rows f1=%.4f precision=%.4f recall=%.4f; entities f1=%.4f precision=%.4f recall=%.4f; threshold %.4f)\n",
		st.out, st.cfg.Folds, r.F1, r.Precision, r.Recall, e.F1, e.Precision, e.Recall, model.Threshold)
	return nil
}
