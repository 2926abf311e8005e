package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"dossier/parse"
	"dossier/recognize"
)

func (m *Main) trainParseCommand() *cobra.Command {
	var (
		cfg         parse.TrainConfig
		ewt, gum    string
		clusters    string
		clusterText string
		out         string
	)
	c := &cobra.Command{
		Use:   "parse [--ewt DIR] [--gum DIR] [--checkpoint DIR] [--out PATH]",
		Short: "Train the UPOS tagger and dependency parser (averaged perceptrons) on UD English-EWT and GUM",
		Long: `Train the tagger and the labelled dependency parser on the train split of
UD English-EWT (DIR/en_ewt-ud-train.conllu) and the GUM .conllu files,
scoring each epoch on EWT dev (DIR/en_ewt-ud-dev.conllu) and keeping the
best epoch of each. Word clusters are induced first from the training
text and --cluster-text (unless --clusters names a paths file) and kept
in the checkpoint directory. The same data and seed give the same model
byte for byte; after every epoch the state is saved in --checkpoint, and
rerunning the same command resumes. The model in the binary is made,
from the repository root, by

  dossier train parse --checkpoint /tmp/parse-ckpt --out parse/model.bin

See docs/model-card-parse.md.`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			cfg.Train = []string{filepath.Join(ewt, "en_ewt-ud-train.conllu")}
			if gum != "" {
				cfg.Train = append(cfg.Train, gum)
			}
			cfg.Dev = filepath.Join(ewt, "en_ewt-ud-dev.conllu")
			if clusters == "" && cfg.Checkpoint != "" {
				clusters = filepath.Join(cfg.Checkpoint, "clusters.txt")
				if _, err := os.Stat(clusters); err != nil {
					inputs := append(append([]string(nil), cfg.Train...), splitList(clusterText)...)
					paths, counts, err := recognize.InduceClusters(c.Context(), inputs, recognize.ClusterConfig{}, m.Stderr)
					if err != nil {
						return err
					}
					if err := os.MkdirAll(cfg.Checkpoint, 0o755); err != nil {
						return err
					}
					var buf bytes.Buffer
					if err := recognize.WriteClusters(&buf, paths, counts); err != nil {
						return err
					}
					if err := os.WriteFile(clusters, buf.Bytes(), 0o644); err != nil {
						return err
					}
				}
			}
			if clusters != "" {
				f, err := os.Open(clusters)
				if err != nil {
					return err
				}
				cfg.Clusters, err = recognize.ReadClusters(f, clusters)
				f.Close()
				if err != nil {
					return err
				}
			}
			model, err := parse.Train(c.Context(), cfg, m.Stderr)
			if err != nil {
				return err
			}
			size, err := writeModel(out, model.Save)
			if err != nil {
				return err
			}
			info := model.Info()
			m.trainReport = map[string]any{"model": out, "bytes": size, "info": info}
			fmt.Fprintf(m.trainOut(), "wrote %s (%d bytes; tagger epoch %d, dev UPOS %.4f; parser epoch %d, dev LAS %.4f)\n",
				out, size, info.TagEpoch, info.DevUPOS, info.ParseEpoch, info.DevLAS)
			return nil
		},
	}
	fl := c.Flags()
	fl.StringVar(&ewt, "ewt", "../shared/data/syntax/ud-english-ewt", "UD English-EWT folder (train and dev files)")
	fl.StringVar(&gum, "gum", "../shared/data/ner/gum", "folder of GUM .conllu files to train on too (empty: none)")
	fl.StringVar(&clusters, "clusters", "", "word-cluster paths file (default: induce into the checkpoint folder)")
	fl.StringVar(&clusterText, "cluster-text", "../shared/data/ner/conll2003/train.txt,../shared/data/attribution/polnear/train,../shared/data/adverse/training.csv",
		"more unlabelled text for the clusters, comma-separated files or folders")
	fl.StringVar(&cfg.Checkpoint, "checkpoint", "", "directory for per-epoch checkpoints; rerun to resume")
	fl.StringVar(&out, "out", "parse/model.bin", "where to write the model")
	fl.IntVar(&cfg.TagEpochs, "tag-epochs", 15, "most passes of the tagger")
	fl.IntVar(&cfg.ParseEpochs, "parse-epochs", 20, "most passes of the parser")
	fl.IntVar(&cfg.Patience, "patience", 4, "stop the parser after so many epochs without a better dev score")
	fl.IntVar(&cfg.Folds, "folds", 5, "jackknife folds for the parser's training tags (1: gold tags)")
	fl.Float64Var(&cfg.Explore, "explore", 0.9, "probability of following the parser's own transition while training (negative: never)")
	fl.Int64Var(&cfg.Seed, "seed", 1, "seed for the order of the sentences and exploration")
	fl.UintVar(&cfg.TagBits, "tag-bits", 21, "log2 of the tagger's feature buckets")
	fl.UintVar(&cfg.KindBits, "kind-bits", 22, "log2 of the parser's transition feature buckets")
	fl.UintVar(&cfg.ArcBits, "arc-bits", 20, "log2 of the parser's label feature buckets")
	fl.IntVar(&cfg.MinWeight, "min-weight", 0, "drop quantized weights below this magnitude (of 32767)")
	fl.BoolVar(&cfg.LabelAfter, "label-after", true, "choose each transition's kind, then its label (faster, as accurate); false scores both together")
	fl.BoolVar(&cfg.TwoPass, "two-pass", false, "add a second tagging pass that sees the first pass's tags to the right")
	fl.IntVar(&cfg.MaxSentences, "max-sentences", 0, "train on the first so many sentences (0: all)")
	return c
}
