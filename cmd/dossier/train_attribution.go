package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"dossier/attribute"
)

func (m *Main) trainAttributionCommand() *cobra.Command {
	var (
		cfg  attribute.TrainConfig
		data string
		out  string
	)
	c := &cobra.Command{
		Use:   "attribution [--data DIR] [--out PATH]",
		Short: "Train the attribution model (averaged perceptron) on PolNeAR",
		Long: `Train the attribution model on DIR/train of a PolNeAR-layout corpus,
scoring each epoch on DIR/dev (content overlap F1) and keeping the best.
The same data and seed give the same model byte for byte; the model in the
binary is made, from the repository root, by

  dossier train attribution --data ../shared/data/attribution/polnear --out attribute/model.bin

With --checkpoint DIR, the state is saved after every epoch and a rerun of
the same command resumes from it.

See docs/model-card-attribution.md.`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			cfg.Train = filepath.Join(data, "train")
			cfg.Dev = filepath.Join(data, "dev")
			if _, err := os.Stat(cfg.Dev); err != nil {
				cfg.Dev = ""
			}
			model, err := attribute.Train(c.Context(), cfg, m.Stderr)
			if err != nil {
				return err
			}
			size, err := writeModel(out, model.Save)
			if err != nil {
				return err
			}
			info := model.Info()
			m.trainReport = map[string]any{"model": out, "bytes": size, "info": info}
			fmt.Fprintf(m.trainOut(), "wrote %s (%d bytes; epoch %d, dev content overlap F1 %.4f)\n", out, size, info.Epoch, info.DevF1)
			return nil
		},
	}
	fl := c.Flags()
	fl.StringVar(&data, "data", "../shared/data/attribution/polnear", "PolNeAR folder with train/ and dev/")
	fl.StringVar(&out, "out", "attribute/model.bin", "where to write the model")
	fl.IntVar(&cfg.Epochs, "epochs", 15, "passes over the training paragraphs")
	fl.Int64Var(&cfg.Seed, "seed", 1, "seed for the order of the paragraphs")
	fl.UintVar(&cfg.Bits, "bits", 21, "log2 of the number of feature buckets")
	fl.IntVar(&cfg.MinWeight, "min-weight", 256, "drop quantized weights below this magnitude (of 32767)")
	fl.StringVar(&cfg.Checkpoint, "checkpoint", "", "folder for the state after each epoch; a rerun resumes from it")
	return c
}
