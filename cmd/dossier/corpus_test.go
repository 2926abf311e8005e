package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCorpusCommands runs the annotation workflow on the invented
// articles of corpus/testdata: anchor two passes, check, agree, show,
// list, and a failing draft.
func TestCorpusCommands(t *testing.T) {
	const csv = "../../corpus/testdata/rows.csv"
	draft, err := os.ReadFile("../../corpus/testdata/vell-draft.json")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ann := filepath.Join(dir, "ann")
	out := filepath.Join(ann, "a.jsonl")
	first := filepath.Join(dir, "first.json")
	os.WriteFile(first, draft, 0o644)
	corpus := func(args ...string) (string, string, int) {
		return run(t, "", "", append([]string{"corpus", "--csv", csv, "--dir", ann}, args...)...)
	}

	stdout, stderr, code := corpus("anchor", first, "--out", out)
	if code != 0 || !strings.Contains(stderr, "8 claims + 2 optional") {
		t.Fatalf("anchor: status %d\n%s%s", code, stdout, stderr)
	}
	// again: the record is replaced, not appended
	if _, stderr, code = corpus("anchor", first, "--out", out); code != 0 {
		t.Fatalf("anchor again: %d %s", code, stderr)
	}
	// a second pass that misses a name and a claim and calls the
	// laundering a fraud
	second := strings.Replace(string(draft), `"annotator": "a1",
  "pass": "1",`, `"annotator": "a2",
  "pass": "2",`, 1)
	second = strings.Replace(second, `    {"text": "Alcora Holdings", "type": "ORG", "cluster": "holdings"}`+"\n", "", 1)
	second = strings.Replace(second, `    {"text": "El Diario", "type": "ORG", "cluster": "diario"},`, `    {"text": "El Diario", "type": "ORG", "cluster": "diario"}`, 1)
	second = strings.Replace(second, `"topic": "crime.fin.launder", "sentence": 8`, `"topic": "crime.fraud", "sentence": 8`, 1)
	if second == string(draft) || strings.Count(second, "a2") != 1 {
		t.Fatal("the second pass was not derived from the example draft")
	}
	secondPath := filepath.Join(dir, "second.json")
	os.WriteFile(secondPath, []byte(second), 0o644)
	if _, stderr, code = corpus("anchor", secondPath, "--out", out); code != 0 {
		t.Fatalf("anchor second: %d %s", code, stderr)
	}
	data, _ := os.ReadFile(out)
	if n := strings.Count(string(data), "\n"); n != 2 || strings.Contains(string(data), "Vell") {
		t.Fatalf("annotation file has %d lines (want 2) or article text:\n%s", n, data)
	}

	stdout, stderr, code = corpus("check")
	if code != 0 || !strings.Contains(stdout, "records: 2 valid (pass 1: 1, pass 2: 1, adjudicated: 0), 1 double-annotated") {
		t.Fatalf("check: %d\n%s%s", code, stdout, stderr)
	}
	// 17 mentions against 16, 16 shared: F1 = 32/33; claims: the
	// laundering claim differs in family, the 9 others (2 of them optional)
	// match: F1 = 18/20
	stdout, stderr, code = corpus("agree", "--diff")
	if code != 0 || !strings.Contains(stdout, "entity_f1=0.9697 claim_f1=0.9000") ||
		!strings.Contains(stdout, `only 1: [8] "Alcora Holdings" ORG`) || !strings.Contains(stdout, "topic crime.fin>crime.fraud") {
		t.Fatalf("agree: %d\n%s%s", code, stdout, stderr)
	}

	stdout, _, code = corpus("show", "3c71", "--pass", "2")
	if code != 0 || !strings.Contains(stdout, "[8] Sources close to the investigation told the newspaper [El Diario|ORG k8]") {
		t.Fatalf("show: %d\n%s", code, stdout)
	}
	stdout, _, code = corpus("list")
	if code != 0 || !strings.Contains(stdout, "3c71f716df6ed617\tdev\t857\t1,2\tam\tTomas Vell") || strings.Contains(stdout, "7f05a748499d47ce") {
		t.Fatalf("list: %d\n%s", code, stdout)
	}
	stdout, _, code = corpus("list", "--todo", "--split", "dev")
	if code != 0 || strings.TrimSpace(stdout) != "72efc6d55f353884\tdev\t424\t-\tam\tJane Roe" {
		t.Fatalf("list --todo: %d\n%q", code, stdout)
	}

	// --json: the same answers as JSON
	corpusJSON := func(v any, args ...string) {
		t.Helper()
		stdout, stderr, code := corpus(append(args, "--json")...)
		if code != 0 {
			t.Fatalf("%v --json: %d %s", args, code, stderr)
		}
		if err := json.Unmarshal([]byte(stdout), v); err != nil {
			t.Fatalf("%v --json: %v\n%s", args, err, stdout)
		}
	}
	var listed []corpusListRow
	corpusJSON(&listed, "list")
	if len(listed) != 3 || listed[1].Key != "3c71f716df6ed617" || listed[1].Split != "dev" || listed[1].Bytes != 857 ||
		!slices.Equal(listed[1].Passes, []string{"1", "2"}) || listed[1].Subject != "Tomas Vell" || listed[1].Status != "usable" ||
		listed[0].Passes == nil {
		t.Errorf("list --json: %+v", listed)
	}
	var shown corpusShown
	corpusJSON(&shown, "show", "3c71", "--pass", "2")
	if shown.Key != "3c71f716df6ed617" || len(shown.Sentences) < 8 || shown.Record == nil || shown.Record.Pass != "2" ||
		!strings.HasPrefix(shown.Sentences[7].Text, "Sources close to the investigation") || shown.Sentences[7].N != 8 {
		t.Errorf("show --json: %+v", shown)
	}
	var checked corpusCheckReport
	corpusJSON(&checked, "check")
	if checked.Records != 2 || checked.Passes["1"] != 1 || checked.Passes["2"] != 1 || checked.DoubleAnnotated != 1 ||
		checked.Gold["all"].Documents == 0 || len(checked.Problems) != 0 {
		t.Errorf("check --json: %+v", checked)
	}
	var agreed agreementReport
	corpusJSON(&agreed, "agree")
	if agreed.Documents != 1 || math.Abs(agreed.Entities.F1-32.0/33) > 1e-9 || math.Abs(agreed.Claims.F1-0.9) > 1e-9 ||
		agreed.Confusions["topic crime.fin>crime.fraud"] != 1 {
		t.Errorf("agree --json: %+v", agreed)
	}
	if _, stderr, code := corpus("agree", "--json", "--diff"); code != 2 {
		t.Errorf("agree --json --diff: %d %s, want a usage error", code, stderr)
	}

	// a draft with a span that is not in the article fails and writes nothing
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(strings.Replace(string(draft), `"Luis Serra"`, `"Luis Sierra"`, 1)), 0o644)
	_, stderr, code = corpus("anchor", bad, "--out", out)
	if code != 1 || !strings.Contains(stderr, `bad.json: entities[11]: corpus: not found: "Luis Sierra" not found in the article`) || !strings.Contains(stderr, "nothing written") {
		t.Fatalf("bad draft: %d\n%s", code, stderr)
	}
	if after, _ := os.ReadFile(out); string(after) != string(data) {
		t.Fatal("a failed anchor changed the annotation file")
	}

	// a corrupted record makes check fail, naming file, line and field
	os.WriteFile(out, []byte(strings.Replace(string(data), `"stance":"denied"`, `"stance":"refuted"`, 1)), 0o644)
	_, stderr, code = corpus("check")
	if code != 1 || !strings.Contains(stderr, "a.jsonl:1: claims[2].stance: corpus: invalid value") {
		t.Fatalf("check of a bad file: %d\n%s", code, stderr)
	}
}
