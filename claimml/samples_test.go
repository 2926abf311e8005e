package claimml_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"dossier/corpus"
	"dossier/internal/samples"
	"dossier/pipeline"
)

// expected is the part of claims/testdata/expected.json the model is
// held to: the subject, stance, topic and a piece of the evidence of
// each claim the sample articles must yield. The file is the rules'
// regression suite (package claims); the model is scored on it by
// subject, stance and topic family, as the corpus scores claims.
type expected struct {
	Doc    string `json:"doc"`
	Claims []struct {
		Subject  string `json:"subject"`
		Stance   string `json:"stance"`
		Topic    string `json:"topic"`
		Evidence string `json:"evidence"`
	} `json:"claims"`
}

// minSampleClaims is a floor on the expected claims of the sample
// articles the embedded model finds. The model is chosen on the corpus's
// dev split, not on these samples, so the floor sits a little below what
// it finds (19 of 46 for the model retrained on the round-5 corpus, dev
// claims F1 0.549; 20 for the one before, 0.519 on the same dev split):
// a model that loses the samples' constructions fails here, and the
// test log lists what it misses.
const minSampleClaims = 18

func TestSampleArticles(t *testing.T) {
	arts, err := samples.Load("../testdata/articles")
	if err != nil {
		t.Skip(err)
	}
	b, err := os.ReadFile("../claims/testdata/expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var exps []expected
	if err := json.Unmarshal(b, &exps); err != nil {
		t.Fatalf("claims/testdata/expected.json: %v", err)
	}
	byDoc := map[string]expected{}
	for _, e := range exps {
		byDoc[e.Doc] = e
	}
	p := pipeline.Default()
	found, total := 0, 0
	for _, a := range arts {
		x, err := p.Extract(context.Background(), "", a.Text)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range x.Claims {
			if c.Evidence.Start < 0 || c.Evidence.End > len(x.Text) || x.Text[c.Evidence.Start:c.Evidence.End] != c.Evidence.Text {
				t.Errorf("%s: %s evidence span does not match the text", a.Key, c.ID)
			}
		}
		for _, want := range byDoc[a.Key].Claims {
			total++
			ok := false
			var near []string
			for _, c := range x.Claims {
				if c.SubjectName == want.Subject && strings.Contains(c.Evidence.Text, want.Evidence) {
					near = append(near, c.Stance+" "+c.Topic)
				}
				if c.SubjectName == want.Subject && c.Stance == want.Stance && corpus.Family(c.Topic) == corpus.Family(want.Topic) &&
					strings.Contains(c.Evidence.Text, want.Evidence) {
					ok = true
					break
				}
			}
			if ok {
				found++
			} else {
				t.Logf("%s: the model misses %s %s %s in %q (it reads %v there)", a.Key, want.Stance, want.Subject, want.Topic, want.Evidence, near)
			}
		}
	}
	t.Logf("the model finds %d of the %d expected claims of the sample articles", found, total)
	if found < minSampleClaims {
		t.Errorf("the model finds %d of the %d expected claims of the sample articles, want at least %d", found, total, minSampleClaims)
	}
}
