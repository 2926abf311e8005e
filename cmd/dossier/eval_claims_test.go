package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestEvalClaims scores the pipeline on the worked example of the corpus
// tests (an invented article, in the dev split), and checks the report's
// shape and the errors of bad invocations.
func TestEvalClaims(t *testing.T) {
	const csv = "../../corpus/testdata/rows.csv"
	ann := filepath.Join(t.TempDir(), "ann")
	if _, stderr, code := run(t, "", "", "corpus", "--csv", csv, "--dir", ann, "anchor", "../../corpus/testdata/vell-draft.json",
		"--out", filepath.Join(ann, "a.jsonl")); code != 0 {
		t.Fatalf("anchor: %d %s", code, stderr)
	}
	eval := func(args ...string) (string, string, int) {
		return run(t, "", "", append([]string{"eval", "claims", "--csv", csv, "--dir", ann}, args...)...)
	}

	stdout, stderr, code := eval("--docs")
	if code != 0 {
		t.Fatalf("eval claims: %d\n%s%s", code, stdout, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	last := regexp.MustCompile(`^claims_f1=[01]\.\d{4} persons_f1=[01]\.\d{4} orgs_f1=[01]\.\d{4} speaker_acc=[01]\.\d{4} persons_resolved=[01]\.\d{4}$`)
	if !last.MatchString(lines[len(lines)-1]) {
		t.Errorf("last line %q", lines[len(lines)-1])
	}
	for _, want := range []string{"split dev of ", "3c71f716df6ed617 ", "1 documents scored", "gold: 17 mentions, 10 claims (2 optional)",
		"\nPER ", "\nalleged ", "\ncrime.corrupt ", "speakers on the matched claims", "persons: 3 gold clusters", "throughput: 1 documents"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("no %q in\n%s", want, stdout)
		}
	}

	// --errors lists every unmatched claim with its cause and evidence
	stdout, stderr, code = eval("--errors")
	if code != 0 {
		t.Fatalf("eval claims --errors: %d\n%s%s", code, stdout, stderr)
	}
	n := strings.Count(stdout, "\n  missed: ") + strings.Count(stdout, "\n  spurious: ") + strings.Count(stdout, "\n  stance ") +
		strings.Count(stdout, "\n  family ")
	perfect := strings.Contains(stdout, "\nclaims_f1=1.0000 ")
	if perfect != (n == 0) || n > 0 && !strings.Contains(stdout, "== 3c71f716df6ed617\n") {
		t.Errorf("%d misses listed (claims perfect: %v):\n%s", n, perfect, stdout)
	}

	if _, stderr, code = eval("--split", "test"); code != 1 || !strings.Contains(stderr, "no annotated documents in split test") {
		t.Errorf("empty split: %d %s", code, stderr)
	}
	if _, stderr, code = eval("--split", "validation"); code != 2 || !strings.Contains(stderr, `split "validation"`) {
		t.Errorf("bad split: %d %s", code, stderr)
	}
	os.WriteFile(filepath.Join(ann, "b.jsonl"), []byte("{\"key\": 7}\n"), 0o644)
	if _, stderr, code = eval(); code != 1 || !strings.Contains(stderr, "b.jsonl:1: key") || !strings.Contains(stderr, "dossier corpus check") {
		t.Errorf("bad annotations: %d %s", code, stderr)
	}
}
