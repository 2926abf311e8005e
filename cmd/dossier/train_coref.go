package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"dossier/coref"
)

func (m *Main) trainCorefCommand() *cobra.Command {
	var (
		cfg coref.TrainConfig
		out string
	)
	c := &cobra.Command{
		Use:   "coref [--gum DIR] [--checkpoint DIR] [--out PATH]",
		Short: "Train the coreference model (mention ranking, averaged perceptron) on GUM's coreference layer",
		Long: `Train the coreference model on the train part of the GUM documents (a fixed
split by a hash of each document's name: 65% train, 15% dev, 20% held
out), scoring each epoch on the dev part (CoNLL F1 over all chains and
over chains of a named person or organization, with gold mentions) and
keeping the best. The held-out part is neither trained nor tuned on;
'dossier eval coref' scores it. The same data and seed give the same
model byte for byte; with --checkpoint the state is saved after every
epoch and rerunning the same command resumes. The model in the binary
is made, from the repository root, by

  dossier train coref --checkpoint /tmp/coref-ckpt --out coref/model.bin

See docs/model-card-coref.md.`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			model, err := coref.Train(c.Context(), cfg, m.Stderr)
			if err != nil {
				return err
			}
			if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
				return err
			}
			if err := model.SaveFile(out); err != nil {
				return err
			}
			st, err := os.Stat(out)
			if err != nil {
				return err
			}
			info := model.Info()
			m.trainReport = map[string]any{"model": out, "bytes": st.Size(), "info": info}
			fmt.Fprintf(m.trainOut(), "wrote %s (%d bytes; epoch %d, dev CoNLL F1 %.4f, named %.4f)\n",
				out, st.Size(), info.Epoch, info.DevCoNLL, info.DevNamed)
			return nil
		},
	}
	fl := c.Flags()
	fl.StringVar(&cfg.Data, "gum", "../shared/data/ner/gum", "folder of GUM .conllu files")
	fl.StringVar(&cfg.GivenNames, "given-names", "../shared/data/names/nicknames.csv", "CSV of given names and their nicknames (empty: none)")
	fl.StringVar(&cfg.GivenGenders, "given-genders", "", "CSV of given names and their usual gender, such as coref/given-genders.csv (empty: none; see the model card for why the shipped model uses none)")
	fl.StringVar(&cfg.Checkpoint, "checkpoint", "", "directory for per-epoch checkpoints; rerun to resume")
	fl.StringVar(&out, "out", "coref/model.bin", "where to write the model")
	fl.IntVar(&cfg.Epochs, "epochs", 20, "most passes over the training documents")
	fl.IntVar(&cfg.Patience, "patience", 5, "stop after so many epochs without a better dev score")
	fl.Int64Var(&cfg.Seed, "seed", 1, "seed for the order of the documents and exploration")
	fl.IntVar(&cfg.Seeds, "seeds", 3, "rankers trained from seeds seed, seed+1, …; the model is the mean of their weights")
	fl.UintVar(&cfg.Bits, "bits", 20, "log2 of the feature buckets")
	fl.Float64Var(&cfg.Explore, "explore", 0.5, "probability that a training mention joins the predicted entity rather than the right one")
	fl.Float64Var(&cfg.Costs[0], "cost-new", 1, "training cost of a false new entity")
	fl.Float64Var(&cfg.Costs[1], "cost-link", 1, "training cost of linking a mention that starts an entity")
	fl.Float64Var(&cfg.Costs[2], "cost-wrong", 1, "training cost of linking to the wrong entity")
	return c
}
