package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"dossier/claimeval"
	"dossier/claimml"
	"dossier/corpus"
	"dossier/pipeline"
)

// claimPrefix is the pipeline up to the claims: what the claim model reads.
func claimPrefix() (*pipeline.Pipeline, error) {
	return pipeline.New(pipeline.Segment{}, pipeline.Recognize{}, pipeline.Resolve{}, pipeline.Roles{}, pipeline.Attribute{})
}

// claimExamples runs the pipeline up to the claims over the articles of
// the gold records, on the corpus's text (so offsets agree).
func claimExamples(ctx context.Context, p *pipeline.Pipeline, rows map[string]*corpus.Row, gold []*corpus.Record) ([]claimml.Example, error) {
	var out []claimml.Example
	for _, g := range gold {
		if g.Status != corpus.StatusDone {
			continue
		}
		row, ok := rows[g.Key]
		if !ok {
			return nil, fmt.Errorf("train claims: %s:%d: no row of the CSV has key %s", g.File, g.Line, g.Key)
		}
		if h := corpus.ArticleHash(row.Article); h != g.ArticleHash {
			return nil, fmt.Errorf("train claims: %s:%d: the article of %s has hash %s, the record was made on %s", g.File, g.Line, g.Key, h, g.ArticleHash)
		}
		d := &pipeline.Doc{Text: row.Article}
		if err := p.Run(ctx, d); err != nil {
			return nil, fmt.Errorf("train claims: %s: %w", g.Key, err)
		}
		out = append(out, claimml.Example{Doc: claimml.Doc{Text: d.Text, Sentences: d.Sentences, Entities: d.Entities, Attributions: d.Attributions, Syntax: d.Syntax.Func()}, Gold: g})
	}
	return out, nil
}

// claimPipeline is the default pipeline with the given claim model.
func claimPipeline(model *claimml.Model) (*pipeline.Pipeline, error) {
	var cs []pipeline.Component
	known := pipeline.Components()
	for _, n := range pipeline.DefaultNames {
		c := known[n]
		if n == "claims" {
			c = pipeline.Claims{Model: model}
		}
		cs = append(cs, c)
	}
	return pipeline.New(cs...)
}

func (m *Main) trainClaimsCommand() *cobra.Command {
	var (
		cf    corpusFlags
		cfg   claimml.TrainConfig
		out   string
		folds int
	)
	c := &cobra.Command{
		Use:   "claims [--checkpoint DIR] [--out PATH]",
		Short: "Train the claim model (averaged perceptrons) on the annotated corpus's train split",
		Long: `Train the learned claim model (package claimml) on the train split of the
annotated corpus (docs/annotation-guide.md): the candidate trigger
vocabulary, then the topic and speaker classifiers on the gold claims,
then the stance classifier on the (trigger, subject) candidate pairs.
Each keeps its best epoch on the dev split: topic family F1, speaker
accuracy, and for the stances the claims F1 of the whole pipeline on dev
(dossier eval claims). The test split is never read. The same data and
seed give the same model byte for byte; after every epoch the state is
saved in --checkpoint, and rerunning the same command resumes. The model
in the binary is made, from the repository root, by

  dossier train claims --checkpoint /tmp/claims-ckpt --out claimml/model.bin

See docs/model-card-claims.md.`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			_, idx, err := m.corpusRows(&cf)
			if err != nil {
				return err
			}
			cp, err := corpus.LoadDir(cf.dir, idx)
			if err != nil {
				return fmt.Errorf("%w\n(the annotations must be valid to train on: dossier corpus check)", err)
			}
			trainGold, err := claimeval.Select(cp.Gold(), corpus.Train)
			if err != nil {
				return err
			}
			devGold, err := claimeval.Select(cp.Gold(), corpus.Dev)
			if err != nil {
				return err
			}
			prefix, err := claimPrefix()
			if err != nil {
				return err
			}
			if cfg.Train, err = claimExamples(c.Context(), prefix, idx, trainGold); err != nil {
				return err
			}
			if cfg.Dev, err = claimExamples(c.Context(), prefix, idx, devGold); err != nil {
				return err
			}
			if folds > 1 {
				return m.crossValidateClaims(c.Context(), cfg, idx, trainGold, folds)
			}
			cfg.Data = []string{fmt.Sprintf("%s: train split, %d documents", cf.dir, len(cfg.Train))}
			cfg.Eval = func(model *claimml.Model) (float64, string, error) {
				p, err := claimPipeline(model)
				if err != nil {
					return 0, "", err
				}
				res, err := claimeval.Evaluate(c.Context(), idx, devGold, claimeval.Options{Pipeline: p})
				if err != nil {
					return 0, "", err
				}
				return res.Claims.F1(), fmt.Sprintf("claims F1 %.4f (P %.4f R %.4f) speaker %.4f", res.Claims.F1(), res.Claims.Precision(),
					res.Claims.Recall(), res.SpeakerAccuracy()), nil
			}
			model, err := claimml.Train(c.Context(), cfg, m.Stderr)
			if err != nil {
				return err
			}
			size, err := writeModel(out, model.Save)
			if err != nil {
				return err
			}
			info := model.Info()
			m.trainReport = map[string]any{"model": out, "bytes": size, "info": info}
			fmt.Fprintf(m.trainOut(), "wrote %s (%d bytes; %d trigger stems; topic epoch %d, dev family F1 %.4f; speaker epoch %d, dev accuracy %.4f; stance epoch %d, dev claims F1 %.4f)\n",
				out, size, info.Vocab, info.TopicEpoch, info.DevTopic, info.SpeakerEpoch, info.DevSpeaker, info.StanceEpoch, info.DevStance)
			return nil
		},
	}
	fl := c.Flags()
	fl.StringVar(&cf.csv, "csv", "", "training CSV (default $DOSSIER_CORPUS_CSV, else "+defaultCorpusCSV+")")
	fl.StringVar(&cf.dir, "dir", "corpus/annotations", "directory of annotation files (*.jsonl)")
	fl.StringVar(&cfg.Checkpoint, "checkpoint", "", "directory for per-epoch checkpoints; rerun to resume")
	fl.StringVar(&out, "out", "claimml/model.bin", "where to write the model")
	fl.IntVar(&cfg.Epochs, "epochs", 12, "most passes of each classifier")
	fl.IntVar(&cfg.Patience, "patience", 4, "stop a classifier after so many epochs without a better dev score")
	fl.Int64Var(&cfg.Seed, "seed", 1, "seed for the order of the examples")
	fl.IntVar(&cfg.MinTrigger, "min-trigger", 1, "times a stem must be an annotated trigger in train to be a candidate")
	fl.IntVar(&folds, "folds", 0, "cross-validate on the train split in so many folds (by key) instead, and print each fold's dev claims F1")
	fl.Float64Var(&cfg.MinRate, "min-rate", 0.02, "share of its occurrences in train in which a stem must be an annotated trigger")
	fl.Float64Var(&cfg.GateRecall, "gate-recall", 0.7, "share of the positive dev pairs whose sentence the parse gate lets through")
	fl.UintVar(&cfg.StanceBits, "stance-bits", 20, "log2 of the stance classifier's feature buckets")
	fl.UintVar(&cfg.TopicBits, "topic-bits", 20, "log2 of the topic classifier's feature buckets")
	fl.UintVar(&cfg.SpeakerBits, "speaker-bits", 16, "log2 of the speaker ranker's feature buckets")
	return c
}

// crossValidateClaims trains on all folds of the train split but one and
// scores the held-out fold, for each fold, and prints the claims F1 of
// each and their mean: a steadier figure than the small dev split for
// choosing features.
func (m *Main) crossValidateClaims(ctx context.Context, cfg claimml.TrainConfig, idx map[string]*corpus.Row, gold []*corpus.Record, folds int) error {
	all := cfg.Train
	byKey := map[string]claimml.Example{}
	for _, ex := range all {
		byKey[ex.Gold.Key] = ex
	}
	sum, sumSpk := 0.0, 0.0
	var foldReports []map[string]any
	for f := 0; f < folds; f++ {
		var tr, dv []claimml.Example
		var dvGold []*corpus.Record
		for i, g := range gold {
			ex, ok := byKey[g.Key]
			if i%folds == f {
				dvGold = append(dvGold, g)
				if ok {
					dv = append(dv, ex)
				}
			} else if ok {
				tr = append(tr, ex)
			}
		}
		c := cfg
		c.Train, c.Dev, c.Checkpoint = tr, dv, ""
		var spk float64
		var spkErr map[string]int
		c.Eval = func(model *claimml.Model) (float64, string, error) {
			p, err := claimPipeline(model)
			if err != nil {
				return 0, "", err
			}
			res, err := claimeval.Evaluate(ctx, idx, dvGold, claimeval.Options{Pipeline: p, NoRepair: true})
			if err != nil {
				return 0, "", err
			}
			spk, spkErr = res.SpeakerAccuracy(), res.SpeakerErrors
			return res.Claims.F1(), fmt.Sprintf("claims F1 %.4f speaker %.4f", res.Claims.F1(), spk), nil
		}
		model, err := claimml.Train(ctx, c, nil)
		if err != nil {
			return err
		}
		// the speaker accuracy of the kept epoch
		if _, _, err := c.Eval(model); err != nil {
			return err
		}
		info := model.Info()
		foldReports = append(foldReports, map[string]any{"train": len(tr), "held_out": len(dv), "claims_f1": info.DevStance,
			"stance_epoch": info.StanceEpoch, "speaker": spk, "speaker_errors": spkErr})
		fmt.Fprintf(m.trainOut(), "fold %d: %d train, %d held out: claims F1 %.4f (stance epoch %d), speaker %.4f (errors: some>none %d, none>some %d, wrong %d)\n",
			f+1, len(tr), len(dv), info.DevStance, info.StanceEpoch, spk, spkErr["some>none"], spkErr["none>some"], spkErr["wrong"])
		sum += info.DevStance
		sumSpk += spk
	}
	m.trainReport = map[string]any{"folds": foldReports, "mean_claims_f1": sum / float64(folds), "mean_speaker": sumSpk / float64(folds)}
	fmt.Fprintf(m.trainOut(), "mean over %d folds: claims F1 %.4f, speaker %.4f\n", folds, sum/float64(folds), sumSpk/float64(folds))
	return nil
}
