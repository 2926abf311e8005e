package main

import (
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"dossier/parse"
)

func (m *Main) evalParseCommand() *cobra.Command {
	var (
		modelPath string
		perLabel  bool
	)
	c := &cobra.Command{
		Use:   "parse FILE.conllu [--model PATH]",
		Short: "Score the UPOS tagger and dependency parser on a CoNLL-U file",
		Long: `Tag and parse the words of a CoNLL-U file (gold tokenization) with the
embedded model, or --model, and score every word, punctuation included,
as the CoNLL 2018 shared task does: UPOS accuracy, UAS (head right) and
LAS (head and universal relation right; subtypes such as nmod:poss count
as nmod). The last line is "upos=… uas=… las=… tokens_per_s=…".`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			var model *parse.Model
			if modelPath == "" {
				model = parse.Default()
			} else {
				f, err := os.Open(modelPath)
				if err != nil {
					return err
				}
				model, err = parse.Load(f)
				f.Close()
				if err != nil {
					return fmt.Errorf("%s: %w", modelPath, err)
				}
			}
			rep, err := parse.EvaluateFile(model, args[0])
			if err != nil {
				return err
			}
			m.evalReport = rep
			fmt.Fprintf(m.evalText(), "%d sentences, %d words; LAS with full relations (subtypes) %.4f\n", rep.Sentences, rep.Words, rep.LASFull)
			if perLabel {
				tw := tabwriter.NewWriter(m.evalText(), 2, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "RELATION\tPRECISION\tRECALL\tF1\tGOLD\tPREDICTED")
				for _, l := range rep.Labels() {
					x := rep.PerLabel[l]
					fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%.4f\t%d\t%d\n", l, x.Precision, x.Recall, x.F1, x.Gold, x.Predicted)
				}
				tw.Flush()
			}
			fmt.Fprintf(m.evalText(), "upos=%.4f uas=%.4f las=%.4f tokens_per_s=%.0f\n", rep.UPOS, rep.UAS, rep.LAS, rep.TokensPerSec)
			return nil
		},
	}
	c.Flags().StringVar(&modelPath, "model", "", "model file (default: the embedded model)")
	c.Flags().BoolVar(&perLabel, "labels", false, "print precision, recall and F1 per relation")
	return c
}
