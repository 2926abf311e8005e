package attribute_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"dossier/attribute"
)

// TestTrainDeterministic trains twice on the small fixture corpus: the
// models must be the same byte for byte and must have learnt their
// training data.
func TestTrainDeterministic(t *testing.T) {
	dir := filepath.Join("testdata", "polnear-mini")
	cfg := attribute.TrainConfig{Train: dir, Epochs: 10, Seed: 7, Bits: 16, MinWeight: -1}
	var files [2][]byte
	for i := range files {
		m, err := attribute.Train(context.Background(), cfg, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := m.Save(&buf); err != nil {
			t.Fatal(err)
		}
		files[i] = buf.Bytes()
		if i == 0 {
			r, err := attribute.EvaluateDir(m.Find, dir)
			if err != nil {
				t.Fatal(err)
			}
			// a quotation across a paragraph break is found in two
			// pieces, so the tokens are the measure here
			if r.Content.Tokens.F1 < 0.95 || r.Cue.Overlap.F1 < 0.95 {
				t.Errorf("on its training data: content token F1 %.4f, cue overlap F1 %.4f; want at least 0.95",
					r.Content.Tokens.F1, r.Cue.Overlap.F1)
			}
		}
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Fatal("two runs with the same seed gave different models")
	}
	if _, err := attribute.Train(context.Background(), attribute.TrainConfig{Train: "testdata/missing"}, io.Discard); err == nil {
		t.Fatal("no error for a missing corpus")
	}
}

// TestTrainReproducesEmbedded retrains the model from PolNeAR as
// 'dossier train attribution' does and compares it with the embedded
// model.bin byte for byte. It takes a minute or more, so it runs only
// when DOSSIER_TRAIN_ATTRIBUTION=1.
func TestTrainReproducesEmbedded(t *testing.T) {
	if os.Getenv("DOSSIER_TRAIN_ATTRIBUTION") != "1" {
		t.Skip("set DOSSIER_TRAIN_ATTRIBUTION=1 to retrain the attribution model")
	}
	data := polnearDir(t)
	m, err := attribute.Train(context.Background(), attribute.TrainConfig{
		Train: filepath.Join(data, "train"), Dev: filepath.Join(data, "dev"), Seed: 1,
	}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("model.bin")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("retrained model (%d bytes) differs from model.bin (%d bytes)", buf.Len(), len(want))
	}
}
