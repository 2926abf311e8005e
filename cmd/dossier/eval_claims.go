package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"dossier/claimeval"
	"dossier/claimml"
	"dossier/corpus"
	"dossier/pipeline"
)

func (m *Main) evalClaimsCommand() *cobra.Command {
	var (
		cf          corpusFlags
		split       string
		noRepair    bool
		topicClaims bool
		docs        bool
		errs        bool
		rules       bool
		modelPath   string
		candidates  bool
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
			idx, gold, err := m.corpusGold(&cf, split, "eval claims")
			if err != nil {
				return err
			}
			var model *claimml.Model
			if modelPath != "" {
				f, err := os.Open(modelPath)
				if err != nil {
					return err
				}
				model, err = claimml.Load(f)
				f.Close()
				if err != nil {
					return fmt.Errorf("eval claims: %s: %w", modelPath, err)
				}
			}
			if candidates {
				prefix, err := claimPrefix()
				if err != nil {
					return err
				}
				exs, err := claimExamples(c.Context(), prefix, idx, gold)
				if err != nil {
					return err
				}
				if model == nil {
					model = claimml.Default()
				}
				cr := claimml.CandidateRecall(exs, model, nil, nil)
				m.evalReport = cr
				fmt.Fprintf(m.evalText(), "candidates: %d required claims of split %s, trigger and subject among the candidates %d (%.4f); no trigger %d, no subject %d, neither %d\n",
					cr.Required, split, cr.Covered, cr.Recall(), cr.NoTrigger, cr.NoSubject, cr.Neither)
				type kv struct {
					k string
					v int
				}
				var kvs []kv
				for k, v := range cr.Missed {
					kvs = append(kvs, kv{k, v})
				}
				sort.Slice(kvs, func(a, b int) bool { return kvs[a].v > kvs[b].v || kvs[a].v == kvs[b].v && kvs[a].k < kvs[b].k })
				fmt.Fprint(m.evalText(), "triggers missed:")
				for i, x := range kvs {
					if i == 40 {
						break
					}
					fmt.Fprintf(m.evalText(), " %q %d", x.k, x.v)
				}
				fmt.Fprintln(m.evalText())
				return nil
			}
			p := pipeline.Default()
			switch {
			case rules && model != nil:
				return usageError{fmt.Errorf("eval claims: --rules and --model exclude each other")}
			case rules:
				names := make([]string, len(pipeline.DefaultNames))
				for i, n := range pipeline.DefaultNames {
					if n == "claims" {
						n = "claim-rules"
					}
					names[i] = n
				}
				if p, err = pipeline.FromNames(names); err != nil {
					return err
				}
			case model != nil:
				if p, err = claimPipeline(model); err != nil {
					return err
				}
			}
			res, err := claimeval.Evaluate(c.Context(), idx, gold, claimeval.Options{Pipeline: p, NoRepair: noRepair, TopicClaims: topicClaims})
			if err != nil {
				return err
			}
			m.evalReport = res
			fmt.Fprintf(m.evalText(), "split %s of %s\n", split, cf.dir)
			if docs {
				w := bufio.NewWriter(m.evalText())
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
			if errs {
				if err := writeMisses(m.evalText(), res.Misses, idx); err != nil {
					return err
				}
			}
			return res.WriteText(m.evalText())
		},
	}
	c.Flags().StringVar(&cf.csv, "csv", "", "training CSV (default $DOSSIER_CORPUS_CSV, else "+defaultCorpusCSV+")")
	c.Flags().StringVar(&cf.dir, "dir", "corpus/annotations", "directory of annotation files (*.jsonl)")
	c.Flags().StringVar(&split, "split", corpus.Dev, "split to score: dev, test, train or all")
	c.Flags().BoolVar(&noRepair, "no-repair", false, "run the pipeline on the CSV text without repairing it")
	c.Flags().BoolVar(&topicClaims, "topic-claims", false, "score a claim with several topic families as one claim per family")
	c.Flags().BoolVar(&docs, "docs", false, "print each document's counts first")
	c.Flags().BoolVar(&errs, "errors", false, "print each missed and spurious claim first, with its evidence sentence")
	c.Flags().BoolVar(&rules, "rules", false, "score the rule-based claims (package claims) instead of the learned model")
	c.Flags().StringVar(&modelPath, "model", "", "claim model file to score (default: the one in the binary)")
	c.Flags().BoolVar(&candidates, "candidates", false, "only measure candidate generation: required claims whose trigger and subject are candidates")
	return c
}

// writeMisses prints the unmatched claims document by document: the
// cause, subject, stance, topic and trigger or cue, and the evidence
// sentence from the article (the corpus stores offsets only).
func writeMisses(out io.Writer, ms []claimeval.Miss, rows map[string]*corpus.Row) error {
	w := bufio.NewWriter(out)
	text := func(key string, sp corpus.Span) string {
		r := rows[key]
		if r == nil || sp.Start < 0 || sp.End > len(r.Article) || sp.Start >= sp.End {
			return ""
		}
		return strings.Join(strings.Fields(r.Article[sp.Start:sp.End]), " ")
	}
	last := ""
	for _, x := range ms {
		if x.Key != last {
			fmt.Fprintf(w, "== %s\n", x.Key)
			last = x.Key
		}
		cue := x.Cue
		if x.Gold {
			cue = text(x.Key, x.Trigger)
		}
		fmt.Fprintf(w, "  %s | %s %s %s %q\n", x.Why, x.Subject, x.Stance, x.Topic, cue)
		if strings.HasPrefix(x.Why, "speaker ") {
			gold := x.GoldSpeaker
			if t := text(x.Key, x.GoldSpeakerSpan); t != "" {
				gold = strings.TrimSpace(gold + " " + strconv.Quote(t))
			}
			if gold == "" {
				gold = "none"
			}
			fmt.Fprintf(w, "      speaker: gold %s, predicted %q\n", gold, x.Speaker)
		}
		fmt.Fprintf(w, "      %s\n", text(x.Key, x.Span))
	}
	fmt.Fprintln(w)
	return w.Flush()
}
