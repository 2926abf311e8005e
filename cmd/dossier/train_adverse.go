package main

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"dossier/adverse"
)

func (m *Main) trainAdverseCommand() *cobra.Command {
	var (
		cfg          = adverse.DefaultConfig()
		data, out    string
		words, chars string
		all, cvOnly  bool
		subject      bool
		st           = subjectTraining{cfg: adverse.DefaultSubjectConfig()}
	)
	c := &cobra.Command{
		Use:   "adverse [--data FILE] [--out PATH] [--all] [--cv]",
		Short: "Train the adverse-media article classifier (logistic regression on TF-IDF words)",
		Long: `Train the adverse-media classifier on the training CSV (collected_as,
review, article, …), cleaned as docs/model-card-adverse.md describes. The
articles of the held-out split (see 'dossier eval adverse --heldout') are
left out unless --all is given. Cross-validation on the training articles
fits the calibration and the threshold; then the model is fitted on all of
them. The same data and flags give the same model byte for byte (about 5
seconds on one core).

The model that ships in the binary is made by (from the repository root):

  dossier train adverse --data ../shared/data/adverse/training.csv --out adverse/model.bin

With --cv, only the cross-validation figures of the chosen features are
printed (no model is written); the feature flags are how the shipped
configuration was chosen.

With --subject, the subject-level model (is the article adverse for the
row's entity_name?) is trained instead, on the train and dev rows of the
annotated corpus and the other annotated people and organizations of
their articles (--annotations); the pipeline runs over every article
(--cache keeps the extractions: a rerun takes seconds and an interrupted
run resumes), and the embedded article model gives the test rows their
article scores, so train that first. The shipped subject model is made by

  dossier train adverse --subject --cache /tmp/dossier-extractions --out adverse/subject.bin

and --subject --cv prints the cross-validation figures on the rows and on
the other entities (docs/model-card-adverse.md).`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			if subject {
				st.data, st.out, st.cvOnly = data, out, cvOnly
				if !c.Flags().Changed("out") {
					st.out = "adverse-subject.model"
				}
				return m.trainAdverseSubject(c.Context(), st)
			}
			var err error
			if cfg.Features.WordMin, cfg.Features.WordMax, err = orders(words); err != nil {
				return usageError{fmt.Errorf("--words: %w", err)}
			}
			if cfg.Features.CharMin, cfg.Features.CharMax, err = orders(chars); err != nil {
				return usageError{fmt.Errorf("--chars: %w", err)}
			}
			examples, st, err := adverse.LoadTraining(data)
			if err != nil {
				return err
			}
			fmt.Fprintf(m.Stderr, "%s: %d rows; kept %d (%d adverse); left out %d unusable, %d doubtful, %d duplicates, %d with conflicting labels, %d empty; %d labels set by review\n",
				data, st.Rows, st.Kept, st.Adverse, st.Unusable, st.Doubt, st.Duplicates, st.Conflicts, st.Empty, st.Overridden)
			train, held := adverse.Split(examples)
			note := "left out"
			if all {
				train, note = examples, "included by --all"
			}
			fmt.Fprintf(m.Stderr, "training on %d articles (held-out split: %d articles, %s)\n", len(train), len(held), note)
			cfg.Data = filepath.Base(data)
			cfg.HeldOutSeen = all
			if cvOnly {
				cv, err := adverse.CrossValidate(c.Context(), train, cfg)
				if err != nil {
					return err
				}
				m.trainReport = map[string]any{"folds": cfg.Folds, "seed": cfg.Seed, "at_half": cv.AtHalf, "cv": cv.Metrics, "threshold": cv.Threshold}
				fmt.Fprintf(m.trainOut(), "at 0.5: f1=%.4f precision=%.4f recall=%.4f\n", cv.AtHalf.F1, cv.AtHalf.Precision, cv.AtHalf.Recall)
				mt := cv.Metrics
				fmt.Fprintf(m.trainOut(), "%d-fold cv (seed %d): f1=%.4f precision=%.4f recall=%.4f accuracy=%.4f brier=%.4f threshold=%.4f\n",
					cfg.Folds, cfg.Seed, mt.F1, mt.Precision, mt.Recall, mt.Accuracy, mt.Brier, cv.Threshold)
				return nil
			}
			model, err := adverse.Train(c.Context(), train, cfg, m.Stderr)
			if err != nil {
				return err
			}
			if _, err := writeModel(out, model.Save); err != nil {
				return err
			}
			info := model.Info
			m.trainReport = map[string]any{"model": out, "info": info, "threshold": model.Threshold}
			fmt.Fprintf(m.trainOut(), "wrote %s (%d features; %d-fold cv f1=%.4f precision=%.4f recall=%.4f brier=%.4f; threshold %.4f)\n",
				out, info.Vocabulary[0], info.Folds, info.CV.F1, info.CV.Precision, info.CV.Recall, info.CV.Brier, model.Threshold)
			return nil
		},
	}
	fl := c.Flags()
	fl.StringVar(&data, "data", "../shared/data/adverse/training.csv", "training CSV")
	fl.StringVar(&out, "out", "adverse.model", "where to write the model")
	fl.BoolVar(&all, "all", false, "train on the held-out split too (its figures then mean nothing)")
	fl.BoolVar(&cvOnly, "cv", false, "print cross-validation figures only, write no model")
	f := &cfg.Features
	fl.StringVar(&words, "words", fmt.Sprintf("%d,%d", f.WordMin, f.WordMax), "orders of word n-grams: MIN,MAX")
	fl.StringVar(&chars, "chars", "0,0", "orders of character n-grams inside words: MIN,MAX (0,0: none)")
	fl.IntVar(&f.Phrases, "phrases", f.Phrases, "add a separately normalized block of word n-grams of orders 2..N (0: none)")
	fl.IntVar(&f.Lead, "lead", f.Lead, "add a block of the n-grams of the first N words (0: none)")
	fl.BoolVar(&f.Digits, "digits", f.Digits, "map digits to 0")
	fl.StringVar(&f.TF, "tf", f.TF, "term-frequency weighting: log or binary")
	fl.StringVar(&f.Weight, "weight", f.Weight, "feature scale: idf or nb (naive-Bayes log-count ratio)")
	fl.IntVar(&f.MinDF, "min-df", f.MinDF, "keep features seen in at least this many training articles")
	fl.Float64Var(&cfg.C, "c", cfg.C, "inverse L2 regularization strength")
	fl.IntVar(&cfg.Folds, "folds", cfg.Folds, "cross-validation folds")
	fl.Int64Var(&cfg.Seed, "seed", cfg.Seed, "seed of the assignment of articles to folds")
	fl.BoolVar(&subject, "subject", false, "train the subject-level model (see above) instead of the article model")
	fl.StringVar(&st.annotations, "annotations", "corpus/annotations", "with --subject: the corpus's annotation files")
	fl.StringVar(&st.cache, "cache", "", "with --subject: directory to cache the pipeline's extractions in (resumable; delete it when the pipeline changes)")
	fl.Float64Var(&st.cfg.C, "subject-c", st.cfg.C, "with --subject: inverse L2 regularization strength")
	fl.Float64Var(&st.cfg.EntityShare, "entity-share", st.cfg.EntityShare, "with --subject: weight of an annotated entity's example, a row's being 1")
	fl.Float64Var(&st.cfg.StackShare, "stack-share", st.cfg.StackShare, "with --subject: weight of an annotated entity's example in the final combination")
	fl.StringVar(&st.dump, "dump", "", "with --subject: write every example's features to this TSV file")
	fl.StringSliceVar(&st.cfg.Only, "subject-features", nil, "with --subject: use only these features (for ablations)")
	return c
}

// orders parses "MIN,MAX" (or a single order).
func orders(s string) (lo, hi int, err error) {
	a, b, ok := strings.Cut(s, ",")
	if !ok {
		b = a
	}
	if lo, err = strconv.Atoi(strings.TrimSpace(a)); err != nil {
		return 0, 0, err
	}
	if hi, err = strconv.Atoi(strings.TrimSpace(b)); err != nil {
		return 0, 0, err
	}
	return lo, hi, nil
}
