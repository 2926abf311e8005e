package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestAttributionCommands trains a model on the attribute package's
// fixture corpus, and scores it, the embedded model and the baseline;
// the last line of each score is the content overlap figure.
func TestAttributionCommands(t *testing.T) {
	fixture, err := filepath.Abs(filepath.Join("..", "..", "attribute", "testdata", "polnear-mini"))
	if err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	for _, split := range []string{"train", "dev"} {
		if err := os.Symlink(fixture, filepath.Join(data, split)); err != nil {
			t.Fatal(err)
		}
	}
	model := filepath.Join(t.TempDir(), "m.bin")
	out, errs, code := run(t, "", "", "train", "attribution", "--data", data, "--out", model, "--epochs", "3", "--bits", "16")
	if code != 0 || !strings.HasPrefix(out, "wrote "+model) || !strings.Contains(errs, "epoch 3:") {
		t.Fatalf("train: exit %d\n%s\n%s", code, out, errs)
	}
	// --json: the model written and its figures, as one object.
	out, errs, code = run(t, "", "", "train", "attribution", "--json", "--data", data, "--out", model+".2", "--epochs", "3", "--bits", "16")
	var trained struct {
		Command string `json:"command"`
		Report  struct {
			Model string `json:"model"`
			Bytes int64  `json:"bytes"`
			Info  struct {
				Epoch int     `json:"Epoch"`
				DevF1 float64 `json:"DevF1"`
			} `json:"info"`
		} `json:"report"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &trained) != nil || trained.Command != "dossier train attribution" ||
		trained.Report.Model != model+".2" || trained.Report.Bytes == 0 || trained.Report.Info.Epoch == 0 {
		t.Fatalf("train --json: exit %d\n%s\n%s", code, out, errs)
	}
	last := regexp.MustCompile(`\nf1=[01]\.\d{4} precision=[01]\.\d{4} recall=[01]\.\d{4}\n$`)
	for _, args := range [][]string{
		{"eval", "attribution", fixture},
		{"eval", "attribution", fixture, "--baseline"},
		{"eval", "attribution", fixture, "--model", model},
	} {
		out, errs, code := run(t, "", "", args...)
		if code != 0 || !last.MatchString(out) || !strings.Contains(out, "content      overlap") {
			t.Errorf("%s: exit %d\n%s\n%s", strings.Join(args, " "), code, out, errs)
		}
	}
	if _, _, code := run(t, "", "", "eval", "attribution", filepath.Join(data, "nowhere")); code == 0 {
		t.Error("eval of a missing folder succeeded")
	}
}
