package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"dossier/claimeval"
	"dossier/corpus"
	"dossier/recognize"
)

func (m *Main) evalCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "eval",
		Short: "Score a pipeline stage against labelled data",
		Long: `Score a pipeline stage against labelled data. Each evaluation prints a
report whose last line holds its headline figures as key=value pairs.
With --json it prints instead one JSON object: "summary", those figures
by key, and "report", the evaluation's whole report.`,
		PersistentPostRunE: func(c *cobra.Command, args []string) error {
			if !m.evalJSON || c.HasSubCommands() {
				return nil // the group itself shows its help
			}
			return writeJSON(m.Stdout, map[string]any{"command": c.CommandPath(),
				"summary": lastFigures(m.evalBuf.String()), "report": m.evalReport})
		},
	}
	c.PersistentFlags().BoolVar(&m.evalJSON, "json", false, "print the figures and the report as JSON")
	c.AddCommand(m.evalNERCommand(), m.evalNamesCommand(), m.evalAttributionCommand(), m.evalAdverseCommand(),
		m.evalScreeningCommand(), m.evalClaimsCommand(), m.evalParseCommand(), m.evalCorefCommand())
	return c
}

func (m *Main) evalNERCommand() *cobra.Command {
	var (
		modelPath string
		split     string
		cf        corpusFlags
	)
	c := &cobra.Command{
		Use:   "ner FILE... [--model PATH] | ner --corpus dev|test [--model PATH]",
		Short: "Score the named-entity recognizer on CoNLL-2003 files (or GUM .conllu files) or on the annotated news corpus",
		Long: `Tag CoNLL-2003 files (GUM .conllu files, their mentions mapped to PER,
ORG, LOC and MISC) with the recognizer (the embedded model, or --model)
and score it as conlleval does: an entity is correct when its span and type
both match. Prints precision, recall and F1 per type; the last line is
"f1=… precision=… recall=… tokens_per_s=…".

With --corpus SPLIT, score it instead on a split of the annotated news
corpus (--dir, the CSV --csv, else $DOSSIER_CORPUS_CSV, else
` + defaultCorpusCSV + `): each article repaired and segmented as the
pipeline does, the recognizer's PER, ORG, LOC and MISC mentions mapped
back to the CSV text and matched to the gold ones by exact span and type.
Gold mentions no token boundary reaches count as missed; how many there
are is printed. The test split is for reporting a model once.`,
		RunE: func(c *cobra.Command, args []string) error {
			switch {
			case split == "" && len(args) == 0:
				return usageError{fmt.Errorf("%s: give CoNLL files or --corpus dev|test", c.CommandPath())}
			case split != "" && len(args) > 0:
				return usageError{fmt.Errorf("%s: --corpus and files exclude each other", c.CommandPath())}
			}
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
			if split != "" {
				return m.evalNERCorpus(model, &cf, split)
			}
			rep, err := recognize.EvaluateFiles(model, args...)
			if err != nil {
				return err
			}
			m.evalReport = rep
			fmt.Fprintf(m.evalText(), "%d sentences, %d tokens, %d entities\n", rep.Sentences, rep.Tokens, rep.Overall.Gold)
			fmt.Fprintf(m.evalText(), "%-6s %9s %9s %9s %7s %7s\n", "type", "precision", "recall", "f1", "gold", "found")
			for _, t := range rep.Types() {
				p := rep.PerType[t]
				fmt.Fprintf(m.evalText(), "%-6s %9.4f %9.4f %9.4f %7d %7d\n", t, p.Precision, p.Recall, p.F1, p.Gold, p.Predicted)
			}
			o := rep.Overall
			fmt.Fprintf(m.evalText(), "f1=%.4f precision=%.4f recall=%.4f tokens_per_s=%.0f\n", o.F1, o.Precision, o.Recall, rep.TokensPerSec)
			return nil
		},
	}
	c.Flags().StringVar(&modelPath, "model", "", "model file (default: the embedded model)")
	c.Flags().StringVar(&split, "corpus", "", "score on this split of the annotated news corpus: dev, test, train or all")
	c.Flags().StringVar(&cf.dir, "dir", "corpus/annotations", "with --corpus: directory of annotation files (*.jsonl)")
	c.Flags().StringVar(&cf.csv, "csv", "", "with --corpus: the corpus's CSV (default $DOSSIER_CORPUS_CSV, else "+defaultCorpusCSV+")")
	return c
}

// evalNERCorpus scores model on a split of the annotated corpus.
func (m *Main) evalNERCorpus(model *recognize.Model, cf *corpusFlags, split string) error {
	idx, gold, err := m.corpusGold(cf, split, "eval ner")
	if err != nil {
		return err
	}
	_, st, err := claimeval.NERDocuments(idx, gold, claimeval.NEROptions{})
	if err != nil {
		return err
	}
	start := time.Now()
	res, err := claimeval.EvaluateNER(model, idx, gold, claimeval.NEROptions{})
	if err != nil {
		return err
	}
	m.evalReport = map[string]any{"result": res, "mentions": st}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(m.evalText(), "split %s of %s: %d documents, %d tokens, %d mentions; %d no token boundary reaches (inside a token %d, cutting a token %d, across sentences %d, overlapping %d)\n",
		split, cf.dir, res.Documents, res.Tokens, st.Mentions, st.Unlabelled(), st.InsideToken, st.Cut, st.Crossing, st.Overlapping)
	fmt.Fprintf(m.evalText(), "%-6s %9s %9s %9s %7s %7s\n", "type", "precision", "recall", "f1", "gold", "found")
	for _, t := range claimeval.Types {
		x := res.Counts[t]
		fmt.Fprintf(m.evalText(), "%-6s %9.4f %9.4f %9.4f %7d %7d\n", t, x.Precision(), x.Recall(), x.F1(), x.TP+x.FN, x.TP+x.FP)
	}
	o := res.Total()
	fmt.Fprintf(m.evalText(), "%-6s %9.4f %9.4f %9.4f %7d %7d\n", "all", o.Precision(), o.Recall(), o.F1(), o.TP+o.FN, o.TP+o.FP)
	tps := 0.0
	if secs > 0 {
		tps = float64(res.Tokens) / secs
	}
	fmt.Fprintf(m.evalText(), "f1=%.4f per_f1=%.4f org_f1=%.4f loc_f1=%.4f misc_f1=%.4f tokens_per_s=%.0f\n", o.F1(),
		res.Counts[corpus.PER].F1(), res.Counts[corpus.ORG].F1(), res.Counts[corpus.LOC].F1(), res.Counts[corpus.MISC].F1(), tps)
	return nil
}

// corpusGold loads the CSV rows and the gold records of a split of the
// annotated corpus for the command what, or says why it cannot.
func (m *Main) corpusGold(cf *corpusFlags, split, what string) (map[string]*corpus.Row, []*corpus.Record, error) {
	_, idx, err := m.corpusRows(cf)
	if err != nil {
		return nil, nil, err
	}
	cp, err := corpus.LoadDir(cf.dir, idx)
	if err != nil {
		return nil, nil, fmt.Errorf("%w\n(the annotations must be valid to be scored: dossier corpus check)", err)
	}
	gold, err := claimeval.Select(cp.Gold(), split)
	if err != nil {
		return nil, nil, usageError{err}
	}
	if len(gold) == 0 {
		return nil, nil, fmt.Errorf("%s: no annotated documents in split %s of %s", what, split, cf.dir)
	}
	return idx, gold, nil
}

// evalText is where an eval command writes its text report: standard
// output, or with --json a buffer whose last line gives the summary.
func (m *Main) evalText() io.Writer {
	if m.evalJSON {
		return &m.evalBuf
	}
	return m.Stdout
}

// lastFigures reads the figures of a report's last line, "f1=0.8123
// precision=0.8 …"; a pair whose value is not a number is left out.
func lastFigures(text string) map[string]float64 {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	out := map[string]float64{}
	for _, f := range strings.Fields(lines[len(lines)-1]) {
		k, v, ok := strings.Cut(f, "=")
		if !ok || k == "" {
			continue
		}
		if x, err := strconv.ParseFloat(v, 64); err == nil && !math.IsNaN(x) && !math.IsInf(x, 0) {
			out[k] = x
		}
	}
	return out
}
