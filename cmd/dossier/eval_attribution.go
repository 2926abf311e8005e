package main

import (
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"dossier/attribute"
)

func (m *Main) evalAttributionCommand() *cobra.Command {
	var (
		modelPath string
		baseline  bool
	)
	c := &cobra.Command{
		Use:   "attribution DIR [--model PATH] [--baseline]",
		Short: "Score attribution finding (source, cue, content) on a PolNeAR-layout folder",
		Long: `Find the attributions in the articles of DIR (text/*.txt, with brat
annotations in attributions/*.ann) with the attribution model (the
embedded model, or --model), or with --baseline the cue-lexicon baseline,
and score sources, cues and contents: exact (same tokens), overlap (at
least one token shared, each span matched once) and token-level
precision, recall and F1, and whole attributions (content and cue overlap
one gold attribution's). The last line is the content overlap score:
"f1=… precision=… recall=…".`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			find := attribute.Baseline
			name := "baseline"
			switch {
			case baseline:
			case modelPath != "":
				f, err := os.Open(modelPath)
				if err != nil {
					return err
				}
				model, err := attribute.Load(f)
				f.Close()
				if err != nil {
					return fmt.Errorf("%s: %w", modelPath, err)
				}
				find, name = model.Find, "model "+modelPath
			default:
				find, name = attribute.Default().Find, "model (embedded)"
			}
			rep, err := attribute.EvaluateDir(find, args[0])
			if err != nil {
				return err
			}
			m.evalReport = rep
			printAttributionReport(m.evalText(), name, rep)
			o := rep.Content.Overlap
			fmt.Fprintf(m.evalText(), "f1=%.4f precision=%.4f recall=%.4f\n", o.F1, o.Precision, o.Recall)
			return nil
		},
	}
	c.Flags().StringVar(&modelPath, "model", "", "model file (default: the embedded model)")
	c.Flags().BoolVar(&baseline, "baseline", false, "score the cue-lexicon baseline instead of the model")
	return c
}

func printAttributionReport(w io.Writer, name string, rep attribute.Report) {
	fmt.Fprintf(w, "%s: %d documents, %d tokens, %.0f tokens/s\n", name, rep.Documents, rep.Tokens, rep.TokensPerSec)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ROLE\tMATCH\tPRECISION\tRECALL\tF1\tGOLD\tPREDICTED")
	for _, role := range []string{"source", "cue", "content"} {
		s := rep.Role(role)
		for _, x := range []struct {
			match string
			p     attribute.PRF
		}{{"exact", s.Exact}, {"overlap", s.Overlap}, {"tokens", s.Tokens}} {
			fmt.Fprintf(tw, "%s\t%s\t%.4f\t%.4f\t%.4f\t%d\t%d\n", role, x.match, x.p.Precision, x.p.Recall, x.p.F1, x.p.Gold, x.p.Predicted)
		}
	}
	a := rep.Attributions
	fmt.Fprintf(tw, "attribution\tcue+content\t%.4f\t%.4f\t%.4f\t%d\t%d\n", a.Precision, a.Recall, a.F1, a.Gold, a.Predicted)
	tw.Flush()
}
