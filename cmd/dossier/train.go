package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"dossier/recognize"
)

func (m *Main) trainCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "train",
		Short: "Train models: the named-entity recognizer and its word clusters, attribution, adverse media, name scoring, parser",
	}
	c.AddCommand(m.trainNERCommand(), m.trainClustersCommand(), m.trainAttributionCommand(), m.trainAdverseCommand(), m.trainNamesCommand(),
		m.trainParseCommand(), m.trainCorefCommand(), m.trainClaimsCommand())
	return c
}

func (m *Main) trainNERCommand() *cobra.Command {
	var (
		cfg       recognize.TrainConfig
		data, dev string
		out       string
	)
	c := &cobra.Command{
		Use:   "ner --data FILE[,FILE] [--dev FILE] [--clusters PATH] [--gazetteers DIR] [--out PATH]",
		Short: "Train the named-entity recognizer (averaged perceptron) on CoNLL-2003 files",
		Long: `Train the named-entity recognizer on CoNLL-2003 files (and GUM .conllu
files), printing each epoch's dev F1 and keeping the best epoch. The same
data and seed give the same model byte for byte. With --checkpoint, the
state is saved after every epoch and a rerun of the same command resumes.

The model that ships in the binary is made by (from the repository root):

  dossier train clusters --out /tmp/clusters.txt ../shared/data/ner/conll2003/train.txt \
      ../shared/data/ner/conll2003/valid.txt ../shared/data/ner/gum \
      ../shared/data/attribution/polnear ../shared/data/adverse/training.csv
  dossier train ner --data ../shared/data/ner/conll2003/train.txt \
      --dev ../shared/data/ner/conll2003/valid.txt --clusters /tmp/clusters.txt \
      --gazetteers ../shared/data --checkpoint /tmp/ner-ckpt --out recognize/model.bin

See docs/model-card-ner.md.`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			if data == "" {
				return usageError{fmt.Errorf("%s: --data is required", c.CommandPath())}
			}
			cfg.Train = splitList(data)
			cfg.Dev = splitList(dev)
			model, err := recognize.Train(c.Context(), cfg, m.Stderr)
			if err != nil {
				return err
			}
			if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
				return err
			}
			f, err := os.Create(out)
			if err != nil {
				return err
			}
			if err := model.Save(f); err != nil {
				f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return err
			}
			fmt.Fprintf(m.Stdout, "wrote %s (epoch %d, dev F1 %.4f)\n", out, model.Info().Epoch, model.Info().DevF1)
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
	return c
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
			fmt.Fprintf(m.Stdout, "wrote %s (%d words)\n", out, len(paths))
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
