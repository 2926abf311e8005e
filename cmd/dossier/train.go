package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"dossier/claimeval"
	"dossier/corpus"
	"dossier/recognize"
)

func (m *Main) trainCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "train",
		Short: "Train models: the named-entity recognizer and its word clusters, attribution, adverse media, name scoring, parser",
		Long: `Train a model and write it. Progress goes to standard error; the result
(the file written and its figures) to standard output, or with --json as
one JSON object: "command", and "report", the model written and its
figures.`,
		PersistentPostRunE: func(c *cobra.Command, args []string) error {
			if !m.trainJSON || c.HasSubCommands() {
				return nil // the group itself shows its help
			}
			return writeJSON(m.Stdout, map[string]any{"command": c.CommandPath(), "report": m.trainReport})
		},
	}
	c.PersistentFlags().BoolVar(&m.trainJSON, "json", false, "print the result as JSON")
	c.AddCommand(m.trainNERCommand(), m.trainClustersCommand(), m.trainAttributionCommand(), m.trainAdverseCommand(), m.trainNamesCommand(),
		m.trainParseCommand(), m.trainCorefCommand(), m.trainClaimsCommand())
	return c
}

func (m *Main) trainNERCommand() *cobra.Command {
	var (
		cfg       recognize.TrainConfig
		data, dev string
		out       string
		cf        corpusFlags
		sel       string
	)
	c := &cobra.Command{
		Use:   "ner --data FILE[,FILE] [--dev FILE] [--clusters PATH] [--gazetteers DIR] [--out PATH]",
		Short: "Train the named-entity recognizer (averaged perceptron) on CoNLL-2003 files",
		Long: `Train the named-entity recognizer on CoNLL-2003 files (and GUM .conllu
files), printing each epoch's dev F1 and keeping the best epoch. The same
data and seed give the same model byte for byte. With --checkpoint, the
state is saved after every epoch and a rerun of the same command resumes.

The model that ships in the binary is made by scripts/train-ner (from
the repository root), which runs:

  dossier train clusters --out /tmp/clusters.txt ../shared/data/ner/conll2003/train.txt \
      ../shared/data/ner/conll2003/valid.txt ../shared/data/ner/gum \
      ../shared/data/attribution/polnear ../shared/data/adverse/training.csv
  dossier train ner --data ../shared/data/ner/conll2003/train.txt \
      --dev ../shared/data/ner/conll2003/valid.txt --clusters /tmp/clusters.txt \
      --gazetteers ../shared/data --corpus corpus/annotations --news-repeat 3 \
      --checkpoint /tmp/ner-ckpt --out recognize/model.bin

With --corpus, the gold records of the annotated news corpus's train
split (docs/corpus.md) are added to the training files, each article
repaired, segmented and tokenized as the pipeline does (gold mentions no
token boundary reaches stay O and are counted), and each seen
--news-repeat times per epoch; with --select news (the default), the
epoch of each stage is the one with the best mean of PER and ORG F1 on
the corpus's dev split. The test split is never read.

See docs/model-card-ner.md.`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			if data == "" {
				return usageError{fmt.Errorf("%s: --data is required", c.CommandPath())}
			}
			cfg.Train = splitList(data)
			cfg.Dev = splitList(dev)
			if cf.dir != "" {
				if err := m.newsDocuments(&cfg, &cf, sel); err != nil {
					return err
				}
			}
			model, err := recognize.Train(c.Context(), cfg, m.Stderr)
			if err != nil {
				return err
			}
			if _, err := writeModel(out, model.Save); err != nil {
				return err
			}
			m.trainReport = map[string]any{"model": out, "info": model.Info()}
			fmt.Fprintf(m.trainOut(), "wrote %s (epoch %d, dev F1 %.4f)\n", out, model.Info().Epoch, model.Info().DevF1)
			return nil
		},
	}
	fl := c.Flags()
	fl.StringVar(&data, "data", "", "training files, comma-separated (CoNLL-2003; .conllu is read as GUM)")
	fl.StringVar(&dev, "dev", "", "dev files, comma-separated, scored after each epoch")
	fl.IntVar(&cfg.Epochs, "epochs", 20, "passes over the training data")
	fl.Int64Var(&cfg.Seed, "seed", 1, "seed for the order of the sentences")
	fl.StringVar(&cfg.Clusters, "clusters", "", "word-cluster paths file (from 'dossier train clusters')")
	fl.StringVar(&cfg.Gazetteers, "gazetteers", "", "shared data folder whose name lists become gazetteers")
	fl.StringVar(&cfg.Checkpoint, "checkpoint", "", "directory for per-epoch checkpoints; rerun to resume")
	fl.StringVar(&cfg.Scheme, "scheme", "bilou", "tag scheme: bilou or bio")
	fl.UintVar(&cfg.Bits, "bits", 21, "log2 of the number of feature buckets")
	fl.BoolVar(&cfg.Stacked, "stacked", true, "train a second stage on the first stage's labels (jackknifed over --folds)")
	fl.IntVar(&cfg.Folds, "folds", 5, "folds of the training documents for the second stage")
	fl.StringVar(&out, "out", "ner.model", "where to write the model")
	fl.StringVar(&cf.dir, "corpus", "", "annotated news corpus (e.g. corpus/annotations): add its train split")
	fl.StringVar(&cf.csv, "csv", "", "the corpus's CSV (default $DOSSIER_CORPUS_CSV, else "+defaultCorpusCSV+")")
	fl.IntVar(&cfg.NewsRepeat, "news-repeat", 1, "times each corpus document is seen per epoch")
	fl.StringVar(&sel, "select", "news", "with --corpus, choose epochs by: news (PER and ORG F1 on the corpus's dev split) or dev (F1 on --dev)")
	return c
}

// newsDocuments reads the annotated corpus's train split into cfg.News
// and, to select by, its dev split into cfg.NewsDev.
func (m *Main) newsDocuments(cfg *recognize.TrainConfig, cf *corpusFlags, sel string) error {
	if sel != "news" && sel != "dev" {
		return usageError{fmt.Errorf("train ner: --select %q, want news or dev", sel)}
	}
	_, idx, err := m.corpusRows(cf)
	if err != nil {
		return err
	}
	cp, err := corpus.LoadDir(cf.dir, idx)
	if err != nil {
		return fmt.Errorf("%w\n(the annotations must be valid to train on: dossier corpus check)", err)
	}
	split := func(name string) ([]recognize.Document, error) {
		gold, err := claimeval.Select(cp.Gold(), name)
		if err != nil {
			return nil, err
		}
		docs, st, err := claimeval.NERDocuments(idx, gold, claimeval.NEROptions{})
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(m.Stderr, "corpus %s: %d documents, %d sentences, %d tokens; %d of %d mentions labelled, %d left out (inside a token %d, cutting a token %d, across sentences %d, overlapping %d)\n",
			name, st.Documents, st.Sentences, st.Tokens, st.Labelled, st.Mentions, st.Unlabelled(), st.InsideToken, st.Cut, st.Crossing, st.Overlapping)
		return docs, nil
	}
	if cfg.News, err = split(corpus.Train); err != nil {
		return err
	}
	if sel == "news" {
		if cfg.NewsDev, err = split(corpus.Dev); err != nil {
			return err
		}
	}
	return nil
}

func (m *Main) trainClustersCommand() *cobra.Command {
	var (
		cfg recognize.ClusterConfig
		out string
	)
	c := &cobra.Command{
		Use:   "clusters --out PATH DIR|FILE...",
		Short: "Induce word clusters (bit paths, as Brown clustering writes them) from unlabelled text",
		Long: `Induce hierarchical word clusters from text: plain-text files, CoNLL files
(first column), GUM .conllu files and CSV files with an "article" column;
directories are read recursively. Words are split into two groups again
and again by spherical 2-means over their PPMI left/right context vectors,
and each word's path of 0s and 1s is written as Brown clustering's
"paths" file.`,
		Args: minArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			paths, counts, err := recognize.InduceClusters(c.Context(), args, cfg, m.Stderr)
			if err != nil {
				return err
			}
			f, err := os.Create(out)
			if err != nil {
				return err
			}
			if err := recognize.WriteClusters(f, paths, counts); err != nil {
				f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return err
			}
			m.trainReport = map[string]any{"model": out, "words": len(paths)}
			fmt.Fprintf(m.trainOut(), "wrote %s (%d words)\n", out, len(paths))
			return nil
		},
	}
	fl := c.Flags()
	fl.StringVar(&out, "out", "clusters.txt", "where to write the paths file")
	fl.IntVar(&cfg.MinCount, "min-count", 3, "cluster words seen at least this often")
	fl.IntVar(&cfg.MaxWords, "max-words", 100000, "cluster at most this many words (the most frequent)")
	fl.IntVar(&cfg.Depth, "depth", 16, "maximum path length")
	fl.IntVar(&cfg.Contexts, "contexts", 1000, "neighbours used as context features (the most frequent words)")
	return c
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// trainOut is where a train command writes its text result: standard
// output, or nothing with --json (the result is trainReport).
func (m *Main) trainOut() io.Writer {
	if m.trainJSON {
		return io.Discard
	}
	return m.Stdout
}
