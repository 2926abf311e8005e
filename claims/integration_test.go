package claims_test

import (
	"context"
	"dossier/internal/samples"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"dossier"
)

type article = samples.Article

func mustArticles(tb testing.TB) []article {
	tb.Helper()
	arts, err := samples.Load("../testdata/articles")
	if err != nil {
		tb.Skip(err)
	}
	return arts
}

// expectedClaim is one claim testdata/expected.json requires: the
// subject's canonical name, the stance, the topic, the speaker (a
// substring of its name; "-" for none required), a substring of the
// evidence sentence, for a denial or acquittal the stance and topic of
// the claim it answers, and source-chain links (substrings, in order).
type expectedClaim struct {
	Subject  string   `json:"subject"`
	Stance   string   `json:"stance"`
	Topic    string   `json:"topic"`
	Speaker  string   `json:"speaker,omitempty"`
	Evidence string   `json:"evidence"`
	Denies   string   `json:"denies,omitempty"` // "stance topic" of the answered claim
	Chain    []string `json:"chain,omitempty"`
	Anon     bool     `json:"anonymous_source,omitempty"` // some link of the chain is anonymous
}

type expectation struct {
	Doc    string          `json:"doc"`
	Claims []expectedClaim `json:"claims"`
	// NoClaims lists names that must be the subject of no claim.
	NoClaims []string `json:"no_claims"`
	// MaxClaims bounds the number of claims, to catch noise; None
	// requires that there be none.
	MaxClaims int  `json:"max_claims"`
	None      bool `json:"none"`
}

func TestSampleClaims(t *testing.T) {
	arts := mustArticles(t)
	b, err := os.ReadFile("testdata/expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var exps []expectation
	if err := json.Unmarshal(b, &exps); err != nil {
		t.Fatalf("testdata/expected.json: %v", err)
	}
	byDoc := map[string]expectation{}
	for _, e := range exps {
		byDoc[e.Doc] = e
	}
	p := rulesPipeline(t)
	for _, a := range arts {
		x, err := p.Extract(context.Background(), "", a.Text)
		if err != nil {
			t.Fatal(err)
		}
		if os.Getenv("DOSSIER_DUMP_CLAIMS") != "" {
			dump(t, a.Key, x)
		}
		e, ok := byDoc[a.Key]
		if !ok {
			t.Errorf("%s: no expectation in testdata/expected.json", a.Key)
			continue
		}
		check(t, a.Key, x, e)
	}
}

func dump(t *testing.T, key string, x *dossier.Extraction) {
	t.Logf("== %s", key)
	for _, c := range x.Claims {
		sp := ""
		if c.Speaker != nil {
			sp = c.Speaker.Name
		}
		var chain []string
		for _, s := range c.Sources {
			n := s.Name
			if s.Anonymous {
				n += "(anon)"
			}
			chain = append(chain, n)
		}
		t.Logf("%s %-10s %-24s %-20s sp=%q denies=%s cue=%q\n    chain: %s\n    ev: %.140s", c.ID, c.Stance, c.SubjectName, c.Topic, sp, c.Denies, c.Cue,
			strings.Join(chain, " → "), c.Evidence.Text)
	}
}

func check(t *testing.T, key string, x *dossier.Extraction, e expectation) {
	t.Helper()
	byID := map[string]dossier.Claim{}
	for _, c := range x.Claims {
		byID[c.ID] = c
	}
	for _, want := range e.Claims {
		found := false
		var near []string
		for _, c := range x.Claims {
			if c.SubjectName != want.Subject || c.Stance != want.Stance || !strings.Contains(c.Evidence.Text, want.Evidence) {
				continue
			}
			var bad []string
			if c.Topic != want.Topic && !contains(c.Topics, want.Topic) {
				bad = append(bad, "topic "+c.Topic)
			}
			if want.Speaker != "" && want.Speaker != "-" && (c.Speaker == nil || !strings.Contains(c.Speaker.Name, want.Speaker)) {
				bad = append(bad, fmt.Sprintf("speaker %v", c.Speaker))
			}
			if want.Denies != "" {
				d, ok := byID[c.Denies]
				if !ok || d.Stance+" "+d.Topic != want.Denies {
					bad = append(bad, fmt.Sprintf("denies %q (%s %s)", c.Denies, d.Stance, d.Topic))
				}
			}
			if len(want.Chain) > 0 && !chainHas(c.Sources, want.Chain) {
				bad = append(bad, "chain "+chainString(c.Sources))
			}
			if want.Anon {
				anon := false
				for _, s := range c.Sources {
					anon = anon || s.Anonymous
				}
				if !anon {
					bad = append(bad, "no anonymous source")
				}
			}
			if len(bad) == 0 {
				found = true
				break
			}
			near = append(near, strings.Join(bad, ", "))
		}
		if !found {
			t.Errorf("%s: missing claim %s %s %s (speaker %q) in %q; near misses: %v", key, want.Stance, want.Subject, want.Topic, want.Speaker, want.Evidence, near)
		}
	}
	for _, n := range e.NoClaims {
		for _, c := range x.Claims {
			if c.SubjectName == n {
				t.Errorf("%s: %s should be the subject of no claim, got %s %s in %.80q", key, n, c.Stance, c.Topic, c.Evidence.Text)
			}
		}
	}
	if e.None && len(x.Claims) > 0 {
		t.Errorf("%s: want no claims, got %d (first: %s %s %s)", key, len(x.Claims), x.Claims[0].Stance, x.Claims[0].SubjectName, x.Claims[0].Topic)
	}
	if e.MaxClaims > 0 && len(x.Claims) > e.MaxClaims {
		t.Errorf("%s: %d claims, want at most %d", key, len(x.Claims), e.MaxClaims)
	}
	for _, c := range x.Claims {
		if c.Evidence.Start < 0 || c.Evidence.End > len(x.Text) || x.Text[c.Evidence.Start:c.Evidence.End] != c.Evidence.Text {
			t.Errorf("%s: %s evidence span does not match the text", key, c.ID)
		}
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// chainHas reports whether links appear in the chain in order.
func chainHas(chain []dossier.Source, links []string) bool {
	i := 0
	for _, s := range chain {
		if i < len(links) && strings.Contains(s.Name, links[i]) {
			i++
		}
	}
	return i == len(links)
}

func chainString(chain []dossier.Source) string {
	var out []string
	for _, s := range chain {
		out = append(out, s.Name)
	}
	return strings.Join(out, " → ")
}
