package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"dossier/adverse"
)

func (m *Main) evalAdverseCommand() *cobra.Command {
	var (
		modelPath string
		heldout   bool
		errors    int
		subj      = subjectEval{}
	)
	c := &cobra.Command{
		Use:   "adverse FILE.csv [--model PATH] [--heldout]",
		Short: "Score the adverse-media classifier on labelled articles",
		Long: `Classify the articles of a CSV file with a header naming the columns
article and label (1 adverse, 0 not; other columns are ignored) with the
adverse-media classifier (the embedded model, or --model), and print
precision, recall, F1, accuracy and Brier score of the adverse class, and
a reliability table. With --heldout, FILE is the training CSV
(collected_as, review, article, …): it is cleaned as for training and
only the articles of the held-out split are scored: the test split of
the annotated corpus (docs/corpus.md).

With --heldout, a second section scores the subject-level model (is the
article adverse for the row's entity_name?) on the corpus's test rows,
beside the article-level model on the same rows, and on the other
annotated people and organizations of those articles; the pipeline runs
over each test article (--cache keeps its extractions).

The last line is "f1=… precision=… recall=…" (the article-level figures),
followed with --heldout by subject_f1=…, subject_precision=…,
subject_recall=… and article_rows_f1=… (the article model on the
subject rows).`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			var model *adverse.Model
			if modelPath == "" {
				model = adverse.Default()
			} else {
				f, err := os.Open(modelPath)
				if err != nil {
					return err
				}
				model, err = adverse.Load(f)
				f.Close()
				if err != nil {
					return fmt.Errorf("%s: %w", modelPath, err)
				}
			}
			var examples []adverse.Example
			var err error
			if heldout {
				examples, _, err = adverse.LoadTraining(args[0])
				if err != nil {
					return err
				}
				_, examples = adverse.Split(examples)
				if model.Info.HeldOutSeen {
					fmt.Fprintln(m.Stderr, "warning: the model was trained on the held-out split too (--all): these figures are not a test")
				}
			} else {
				examples, err = adverse.LoadLabelled(args[0])
				if err != nil {
					return err
				}
			}
			rep, err := adverse.Evaluate(c.Context(), model, examples)
			if err != nil {
				return err
			}
			m.evalReport = rep
			w := m.evalText()
			fmt.Fprintf(w, "%d articles (%d adverse): %d TP, %d FP, %d FN, %d TN at threshold %.4f\n",
				rep.N, rep.TP+rep.FN, rep.TP, rep.FP, rep.FN, rep.TN, rep.Threshold)
			secs := rep.Elapsed.Seconds()
			if secs > 0 {
				fmt.Fprintf(w, "%d tokens in %.2fs: %.0f articles/s, %.0f tokens/s\n", rep.Tokens, secs, float64(rep.N)/secs, float64(rep.Tokens)/secs)
			}
			fmt.Fprintln(w, "reliability (calibrated score bins):")
			fmt.Fprintf(w, "  %-9s %5s %7s %8s\n", "bin", "n", "mean", "observed")
			for _, b := range rep.Reliability {
				if b.N > 0 {
					fmt.Fprintf(w, "  %.1f–%.1f %5d %7.3f %8.3f\n", b.Lo, b.Hi, b.N, b.MeanScore, b.Observed)
				}
			}
			for i, e := range rep.Errors {
				if i == errors {
					break
				}
				if i == 0 {
					fmt.Fprintln(w, "most confident errors:")
				}
				kind := "false positive"
				if e.Adverse {
					kind = "false negative"
				}
				fmt.Fprintf(w, "  line %d %s score %.3f: %s\n", e.Line, kind, e.Score, snippet(e.Text, 70))
			}
			fmt.Fprintf(w, "accuracy=%.4f brier=%.4f ece=%.4f\n", rep.Accuracy, rep.Brier, rep.ECE)
			if !heldout {
				fmt.Fprintf(w, "f1=%.4f precision=%.4f recall=%.4f\n", rep.F1, rep.Precision, rep.Recall)
				return nil
			}
			sr, err := m.evalSubjects(c.Context(), args[0], model, subj)
			if err != nil {
				return err
			}
			m.evalReport = map[string]any{"articles": rep, "subjects": sr}
			fmt.Fprintf(w, "f1=%.4f precision=%.4f recall=%.4f subject_f1=%.4f subject_precision=%.4f subject_recall=%.4f article_rows_f1=%.4f\n",
				rep.F1, rep.Precision, rep.Recall, sr.Rows.F1, sr.Rows.Precision, sr.Rows.Recall, sr.ArticleRows.F1)
			return nil
		},
	}
	c.Flags().StringVar(&modelPath, "model", "", "model file (default: the embedded model)")
	c.Flags().BoolVar(&heldout, "heldout", false, "FILE is the training CSV: score its held-out split only")
	c.Flags().StringVar(&subj.model, "subject-model", "", "with --heldout: subject model file (default: the embedded model)")
	c.Flags().StringVar(&subj.annotations, "annotations", "corpus/annotations", "with --heldout: the corpus's annotation files")
	c.Flags().StringVar(&subj.cache, "cache", "", "with --heldout: directory to cache the pipeline's extractions in")
	c.Flags().IntVar(&errors, "errors", 0, "show this many of the most confident misclassified articles")
	return c
}

// snippet is the start of s on one line, at most n runes.
func snippet(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
