package main

import (
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"dossier/coref"
)

func (m *Main) evalCorefCommand() *cobra.Command {
	var (
		modelPath, gum, part, mentions, genre string
	)
	c := &cobra.Command{
		Use:   "coref [--gum DIR] [--part heldout|dev|train] [--genre G] [--mentions gold|predicted] [--model PATH]",
		Short: "Score the coreference model on GUM's coreference layer (MUC, B³, CEAFe, CoNLL F1)",
		Long: `Resolve the GUM documents of one part of the fixed split (default: the
held-out part, which training never sees) with the embedded model, or
--model, and score the chains (entities of two or more mentions) with
MUC, B³ and CEAFe as the CoNLL-2012 scorer computes them, and their mean,
the CoNLL F1: over all chains, and over the chains of a named person or
organization (a GUM person or organization entity with a mention headed
by a proper noun, against the predicted chains that share a mention with
one). Twice: clustering GUM's gold mentions, and resolving the raw text
from scratch (segment, recognize, detect mentions, cluster), matching
predicted mentions to gold ones by exact extent and by head. The last
line gives the figures of --mentions (default gold):
"muc=… b3=… ceafe=… conll=… conll_named=…".`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			if mentions != "gold" && mentions != "predicted" {
				return usageError{fmt.Errorf("%s: --mentions is gold or predicted, not %q", c.CommandPath(), mentions)}
			}
			if part != coref.PartHeldOut && part != coref.PartDev && part != coref.PartTrain {
				return usageError{fmt.Errorf("%s: --part is heldout, dev or train, not %q", c.CommandPath(), part)}
			}
			var model *coref.Model
			if modelPath == "" {
				model = coref.Default()
			} else {
				f, err := os.Open(modelPath)
				if err != nil {
					return err
				}
				model, err = coref.Load(f)
				f.Close()
				if err != nil {
					return fmt.Errorf("%s: %w", modelPath, err)
				}
			}
			docs, err := coref.ReadGUMDir(gum)
			if err != nil {
				return err
			}
			docs = coref.SplitDocuments(docs, part)
			if genre != "" {
				var keep []*coref.Document
				for _, d := range docs {
					if strings.Contains(d.Name, "_"+genre+"_") {
						keep = append(keep, d)
					}
				}
				docs = keep
			}
			if len(docs) == 0 {
				return fmt.Errorf("%s: no %s documents of genre %q in %s", c.CommandPath(), part, genre, gum)
			}
			rep, err := model.Evaluate(docs)
			if err != nil {
				return err
			}
			m.evalReport = rep
			fmt.Fprintf(m.evalText(), "%s: %d documents, %d words\n", part, rep.Docs, rep.Tokens)
			tw := tabwriter.NewWriter(m.evalText(), 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "MENTIONS\tCHAINS\tMUC R/P/F1\tB3 R/P/F1\tCEAFe R/P/F1\tCoNLL F1")
			row := func(ms, ch string, s coref.Score) {
				f := func(c coref.Counts) string {
					return fmt.Sprintf("%.4f/%.4f/%.4f", c.Recall(), c.Precision(), c.F1())
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%.4f\n", ms, ch, f(s.MUC), f(s.B3), f(s.CEAFe), s.CoNLL())
			}
			row("gold", "all", rep.GoldAll)
			row("gold", "named", rep.GoldNamed)
			row("gold", "named, strict", rep.GoldNamedStrict)
			row("predicted, exact", "all", rep.PredAll)
			row("predicted, exact", "named", rep.PredNamed)
			row("predicted, exact", "named, strict", rep.PredNamedStrict)
			row("predicted, head", "all", rep.PredHeadAll)
			row("predicted, head", "named", rep.PredHeadNamed)
			tw.Flush()
			fmt.Fprintf(m.evalText(), "detected %d mentions: %d match a gold mention exactly, %d by head; of the %d gold mentions in chains %d are found (head), of the %d in named chains %d\n",
				rep.Found, rep.Matched, rep.HeadMatched, rep.GoldInChains, rep.RecalledInChains, rep.GoldInNamed, rep.RecalledInNamed)
			if rep.Seconds > 0 {
				fmt.Fprintf(m.evalText(), "raw text: %.0f words/s (detection and clustering, one core)\n", float64(rep.Tokens)/rep.Seconds)
			}
			all, named := rep.GoldAll, rep.GoldNamed
			if mentions == "predicted" {
				all, named = rep.PredAll, rep.PredNamed
			}
			fmt.Fprintf(m.evalText(), "muc=%.4f b3=%.4f ceafe=%.4f conll=%.4f conll_named=%.4f\n",
				all.MUC.F1(), all.B3.F1(), all.CEAFe.F1(), all.CoNLL(), named.CoNLL())
			return nil
		},
	}
	fl := c.Flags()
	fl.StringVar(&modelPath, "model", "", "model file (default: the embedded model)")
	fl.StringVar(&gum, "gum", "../shared/data/ner/gum", "folder of GUM .conllu files")
	fl.StringVar(&part, "part", coref.PartHeldOut, "part of the split to score: heldout, dev or train")
	fl.StringVar(&mentions, "mentions", "gold", "whose figures the last line gives: gold or predicted mentions")
	fl.StringVar(&genre, "genre", "", "only documents of this GUM genre (news, bio, interview, …)")
	return c
}
