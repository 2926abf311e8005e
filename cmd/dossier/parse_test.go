package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestParseCommands trains a parser on the parse package's fixture (as
// both EWT files, without GUM) and scores it and the embedded model; the
// last line of a score is "upos=… uas=… las=… tokens_per_s=…".
func TestParseCommands(t *testing.T) {
	fixture, err := filepath.Abs(filepath.Join("..", "..", "parse", "testdata", "small.conllu"))
	if err != nil {
		t.Fatal(err)
	}
	ewt := t.TempDir()
	for _, name := range []string{"en_ewt-ud-train.conllu", "en_ewt-ud-dev.conllu"} {
		if err := os.Symlink(fixture, filepath.Join(ewt, name)); err != nil {
			t.Fatal(err)
		}
	}
	model := filepath.Join(t.TempDir(), "m.bin")
	clusters := filepath.Join(t.TempDir(), "c.txt")
	if err := os.WriteFile(clusters, []byte("0\twe\t5\n1\twrote\t5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := run(t, "", "", "train", "parse", "--ewt", ewt, "--gum", "", "--clusters", clusters, "--out", model,
		"--tag-epochs", "2", "--parse-epochs", "2", "--folds", "2", "--tag-bits", "12", "--kind-bits", "12", "--arc-bits", "12")
	if code != 0 || !strings.HasPrefix(out, "wrote "+model) || !strings.Contains(errs, "parser epoch 2:") {
		t.Fatalf("train: exit %d\n%s\n%s", code, out, errs)
	}
	last := regexp.MustCompile(`\nupos=[01]\.\d{4} uas=[01]\.\d{4} las=[01]\.\d{4} tokens_per_s=\d+\n$`)
	for _, args := range [][]string{
		{"eval", "parse", fixture},
		{"eval", "parse", fixture, "--model", model, "--labels"},
	} {
		out, errs, code := run(t, "", "", args...)
		if code != 0 || !last.MatchString(out) {
			t.Errorf("%s: exit %d\n%s\n%s", strings.Join(args, " "), code, out, errs)
		}
	}
	if _, errs, code := run(t, "", "", "eval", "parse", filepath.Join(ewt, "nowhere.conllu")); code == 0 || !strings.Contains(errs, "nowhere.conllu") {
		t.Errorf("eval of a missing file: exit %d, %s", code, errs)
	}
}
