package main

import (
	"fmt"
	"os"
	"sort"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"dossier/names"
)

func (m *Main) evalNamesCommand() *cobra.Command {
	var (
		threshold float64
		errors    int
	)
	c := &cobra.Command{
		Use:   "names FILE.csv",
		Short: "Score labelled name pairs: precision, recall and F1 of the name engine",
		Long: `Score each pair of a labelled file in nomenklatura's layout (a header with
name1, name2, is_match and optionally schema; other columns are ignored)
and report precision, recall and F1 at the default threshold (or
--threshold), per schema, and the best F1 over a sweep of thresholds. The
last line is: f1=… precision=… recall=… threshold=…`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			matcher := names.NewMatcher()
			if threshold > 0 {
				matcher.Threshold = threshold
			}
			rep, err := names.EvaluatePairs(f, matcher)
			if err != nil {
				return err
			}
			m.evalReport = rep
			w := m.evalText()
			fmt.Fprintf(w, "%d pairs: %d TP, %d FP, %d FN, %d TN\n", rep.N, rep.TP, rep.FP, rep.FN, rep.TN)
			tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "SCHEMA\tPAIRS\tPRECISION\tRECALL\tF1")
			schemas := sortedKeys(rep.PerSchema)
			sort.Strings(schemas)
			for _, s := range schemas {
				c := rep.PerSchema[s]
				fmt.Fprintf(tw, "%s\t%d\t%.4f\t%.4f\t%.4f\n", s, c.N, c.Precision, c.Recall, c.F1)
			}
			tw.Flush()
			if errors > 0 && len(rep.Errors) > 0 {
				fmt.Fprintln(w, "\nworst errors:")
				for i, e := range rep.Errors {
					if i == errors {
						break
					}
					kind := "false positive"
					if e.IsMatch {
						kind = "false negative"
					}
					fmt.Fprintf(w, "  line %d %s %s: %q ~ %q score %.3f (%s)\n", e.Line, e.Schema, kind, e.Name1, e.Name2, e.Score, e.Detail)
				}
			}
			fmt.Fprintf(w, "best: f1=%.4f at threshold=%.2f\n", rep.BestF1, rep.BestThreshold)
			fmt.Fprintf(w, "f1=%.4f precision=%.4f recall=%.4f threshold=%.2f\n", rep.F1, rep.Precision, rep.Recall, rep.Threshold)
			return nil
		},
	}
	c.Flags().Float64Var(&threshold, "threshold", 0, "score at or above which a pair matches (default: the engine's)")
	c.Flags().IntVar(&errors, "errors", 10, "show this many of the worst misclassified pairs")
	return c
}
