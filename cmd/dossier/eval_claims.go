package main

import (
	"bufio"
	"fmt"

	"github.com/spf13/cobra"

	"dossier/claimeval"
	"dossier/corpus"
)

func (m *Main) evalClaimsCommand() *cobra.Command {
	var (
		cf          corpusFlags
		split       string
		noRepair    bool
		topicClaims bool
		docs        bool
	)
	c := &cobra.Command{
		Use:   "claims [--split dev|test|train|all] [--dir corpus/annotations] [--csv PATH]",
		Short: "Score names, claims, speakers and person resolution on the annotated news corpus",
		Long: `Run the extraction pipeline over the articles of a split of the annotated
corpus (docs/annotation-guide.md) and score it against the gold records
(the adjudicated pass, else the first): mentions per type (exact span and
type), after resolution and as the recognizer found them; claims matched
one to one on subject, stance and topic family, per stance and per
family; speakers on the matched claims; and the gold persons put in
exactly one entity of their own. Optional gold claims count when matched
and are forgiven when not. See package claimeval for the rules.

The article is repaired first, as ingest does, and offsets mapped back to
the CSV text; --no-repair runs the pipeline on the CSV text as it is.
--topic-claims scores a claim naming several topic families as one claim
per family. The test split is for reporting a model once, never for
tuning. The CSV is --csv, else $DOSSIER_CORPUS_CSV, else ` + defaultCorpusCSV + `.
The last line is
"claims_f1=… persons_f1=… orgs_f1=… speaker_acc=… persons_resolved=…".`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			_, idx, err := m.corpusRows(&cf)
			if err != nil {
				return err
			}
			cp, err := corpus.LoadDir(cf.dir, idx)
			if err != nil {
				return fmt.Errorf("%w\n(the annotations must be valid to be scored: dossier corpus check)", err)
			}
			gold, err := claimeval.Select(cp.Gold(), split)
			if err != nil {
				return usageError{err}
			}
			if len(gold) == 0 {
				return fmt.Errorf("eval claims: no annotated documents in split %s of %s", split, cf.dir)
			}
			res, err := claimeval.Evaluate(c.Context(), idx, gold, claimeval.Options{NoRepair: noRepair, TopicClaims: topicClaims})
			if err != nil {
				return err
			}
			fmt.Fprintf(m.Stdout, "split %s of %s\n", split, cf.dir)
			if docs {
				w := bufio.NewWriter(m.Stdout)
				fmt.Fprintf(w, "%-16s %5s %5s %5s %6s %5s %5s %5s %8s\n", "key", "c.TP", "c.FP", "c.FN", "c.F1", "e.TP", "e.FP", "e.FN", "speakers")
				for _, d := range res.Docs {
					fmt.Fprintf(w, "%-16s %5d %5d %5d %6.3f %5d %5d %5d %4d/%-3d\n", d.Key, d.Claims.TP, d.Claims.FP, d.Claims.FN, d.Claims.F1(),
						d.Entities.TP, d.Entities.FP, d.Entities.FN, d.Right, d.Speakers)
				}
				fmt.Fprintln(w)
				if err := w.Flush(); err != nil {
					return err
				}
			}
			return res.WriteText(m.Stdout)
		},
	}
	c.Flags().StringVar(&cf.csv, "csv", "", "training CSV (default $DOSSIER_CORPUS_CSV, else "+defaultCorpusCSV+")")
	c.Flags().StringVar(&cf.dir, "dir", "corpus/annotations", "directory of annotation files (*.jsonl)")
	c.Flags().StringVar(&split, "split", corpus.Dev, "split to score: dev, test, train or all")
	c.Flags().BoolVar(&noRepair, "no-repair", false, "run the pipeline on the CSV text without repairing it")
	c.Flags().BoolVar(&topicClaims, "topic-claims", false, "score a claim with several topic families as one claim per family")
	c.Flags().BoolVar(&docs, "docs", false, "print each document's counts first")
	return c
}
