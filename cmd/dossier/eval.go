package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"dossier/recognize"
)

func (m *Main) evalCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "eval",
		Short: "Score a pipeline stage against labelled data",
	}
	c.AddCommand(m.evalNERCommand(), m.evalNamesCommand(), m.evalAttributionCommand(), m.evalAdverseCommand(),
		m.evalScreeningCommand(), m.evalClaimsCommand(), m.evalParseCommand(), m.evalCorefCommand())
	return c
}

func (m *Main) evalNERCommand() *cobra.Command {
	var modelPath string
	c := &cobra.Command{
		Use:   "ner FILE... [--model PATH]",
		Short: "Score the named-entity recognizer on CoNLL-2003 files (or GUM .conllu files)",
		Long: `Tag CoNLL-2003 files (GUM .conllu files, their mentions mapped to PER,
ORG, LOC and MISC) with the recognizer (the embedded model, or --model)
and score it as conlleval does: an entity is correct when its span and type
both match. Prints precision, recall and F1 per type; the last line is
"f1=… precision=… recall=… tokens_per_s=…".`,
		Args: minArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			model := recognize.Default()
			if modelPath != "" {
				f, err := os.Open(modelPath)
				if err != nil {
					return err
				}
				model, err = recognize.Load(f)
				f.Close()
				if err != nil {
					return fmt.Errorf("%s: %w", modelPath, err)
				}
			}
			rep, err := recognize.EvaluateFiles(model, args...)
			if err != nil {
				return err
			}
			fmt.Fprintf(m.Stdout, "%d sentences, %d tokens, %d entities\n", rep.Sentences, rep.Tokens, rep.Overall.Gold)
			fmt.Fprintf(m.Stdout, "%-6s %9s %9s %9s %7s %7s\n", "type", "precision", "recall", "f1", "gold", "found")
			for _, t := range rep.Types() {
				p := rep.PerType[t]
				fmt.Fprintf(m.Stdout, "%-6s %9.4f %9.4f %9.4f %7d %7d\n", t, p.Precision, p.Recall, p.F1, p.Gold, p.Predicted)
			}
			o := rep.Overall
			fmt.Fprintf(m.Stdout, "f1=%.4f precision=%.4f recall=%.4f tokens_per_s=%.0f\n", o.F1, o.Precision, o.Recall, rep.TokensPerSec)
			return nil
		},
	}
	c.Flags().StringVar(&modelPath, "model", "", "model file (default: the embedded model)")
	return c
}
