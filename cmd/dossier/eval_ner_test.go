package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestNERCorpus trains a tiny recognizer with the annotated corpus (the
// invented worked example of the corpus tests, in the dev split) chosen
// by its dev figures, and scores it and the embedded model with eval ner
// --corpus.
func TestNERCorpus(t *testing.T) {
	const csv = "../../corpus/testdata/rows.csv"
	dir := t.TempDir()
	ann := filepath.Join(dir, "ann")
	if _, stderr, code := run(t, "", "", "corpus", "--csv", csv, "--dir", ann, "anchor", "../../corpus/testdata/vell-draft.json",
		"--out", filepath.Join(ann, "a.jsonl")); code != 0 {
		t.Fatalf("anchor: %d %s", code, stderr)
	}
	conll := filepath.Join(dir, "train.txt")
	if err := os.WriteFile(conll, []byte("-DOCSTART- O\n\nAna NNP I-PER\nRuiz NNP I-PER\nvisited VBD O\nLisbon NNP I-LOC\n. . O\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	model := filepath.Join(dir, "ner.model")
	stdout, stderr, code := run(t, "", "", "train", "ner", "--data", conll, "--corpus", ann, "--csv", csv, "--epochs", "2",
		"--folds", "2", "--bits", "12", "--news-repeat", "2", "--out", model)
	if code != 0 {
		t.Fatalf("train ner: %d\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{"corpus train: 0 documents", "corpus dev: 1 documents", "17 of 17 mentions labelled", "news PER "} {
		if !strings.Contains(stderr, want) {
			t.Errorf("no %q in\n%s", want, stderr)
		}
	}

	last := regexp.MustCompile(`^f1=[01]\.\d{4} per_f1=[01]\.\d{4} org_f1=[01]\.\d{4} loc_f1=[01]\.\d{4} misc_f1=[01]\.\d{4} tokens_per_s=\d+$`)
	for _, m := range []string{"", model} {
		args := []string{"eval", "ner", "--corpus", "dev", "--csv", csv, "--dir", ann}
		if m != "" {
			args = append(args, "--model", m)
		}
		stdout, stderr, code := run(t, "", "", args...)
		if code != 0 {
			t.Fatalf("eval ner %q: %d\n%s%s", m, code, stdout, stderr)
		}
		lines := strings.Split(strings.TrimSpace(stdout), "\n")
		if !last.MatchString(lines[len(lines)-1]) {
			t.Errorf("last line %q", lines[len(lines)-1])
		}
		for _, want := range []string{"split dev of ", "1 documents", "17 mentions; 0 no token boundary reaches", "\nPER ", "\nMISC ", "\nall "} {
			if !strings.Contains(stdout, want) {
				t.Errorf("no %q in\n%s", want, stdout)
			}
		}
	}

	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"eval", "ner"}, 2, "give CoNLL files or --corpus"},
		{[]string{"eval", "ner", "--corpus", "dev", conll}, 2, "exclude each other"},
		{[]string{"eval", "ner", "--corpus", "validation", "--csv", csv, "--dir", ann}, 2, `split "validation"`},
		{[]string{"eval", "ner", "--corpus", "test", "--csv", csv, "--dir", ann}, 1, "no annotated documents in split test"},
		{[]string{"train", "ner", "--data", conll, "--corpus", ann, "--csv", csv, "--select", "best"}, 2, `--select "best"`},
	} {
		if _, stderr, code := run(t, "", "", tt.args...); code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("%q: %d %s", tt.args, code, stderr)
		}
	}
}
