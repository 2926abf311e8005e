package claims_test

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"dossier/claims"
	"dossier/pipeline"
	"dossier/segment"
)

// Invented sentences, one construction each: the subject, stance and
// topic of the claim each must yield ("" subject: no claim at all).
func TestClaimConstructions(t *testing.T) {
	tests := []struct {
		Name, Text                      string
		Subject, Stance, Topic, Speaker string
	}{
		{"active charge", "Federal prosecutors on Monday charged John Mercer with wire fraud.", "John Mercer", "charged", "crime.fraud", "prosecutors"},
		{"passive charge", "Anna Kowalski was indicted in Chicago on money laundering charges.", "Anna Kowalski", "charged", "crime.fin.launder", ""},
		{"conviction", "A federal jury convicted Peter Lang of bribery on Friday.", "Peter Lang", "convicted", "crime.corrupt", "jury"},
		{"guilty plea", "Maria Santos pleaded guilty to smuggling cocaine into Miami.", "Maria Santos", "convicted", "crime.traffick.drug", ""},
		{"sanction", "The Treasury Department designated Omar Haddad for financing terrorism.", "Omar Haddad", "sanctioned", "sanction", "Treasury Department"},
		{"acquittal", "A court in Lima acquitted Jorge Rivas of embezzlement charges.", "Jorge Rivas", "cleared", "crime.corrupt", ""},
		{"reported speech", "A former aide told investigators that Paul Brandt laundered money for the cartel.", "Paul Brandt", "alleged", "crime.traffick.drug", "A former aide"},
		{"according to", "According to court documents, Laura Chen paid bribes to customs officials.", "Laura Chen", "alleged", "crime.corrupt", "court documents"},
		{"allegedly", "Carlos Mendez allegedly paid bribes to customs officers in Guayaquil.", "Carlos Mendez", "alleged", "crime.corrupt", ""},
		{"sexual abuse", "Police arrested Daniel Kern on charges of child sexual abuse.", "Daniel Kern", "charged", "crime.sex", "Police"},
		{"object of the reported clause", "The agency alleged that the defendants fraudulently created a fake website without informing the Central Bank of Ruritania.", "", "", "", ""},
		{"negated charge", "Henrik Olsen has not been charged with any crime.", "", "", "", ""},
		{"crime without accused", "Cocaine seizures at the port rose 20 percent last year, customs officials said.", "", "", "", ""},
		{"dismissed speculation", "The finance minister, Carla Dumont, dismissed the speculation about a devaluation.", "", "", "", ""},
		{"conditional", "If convicted, Robert Vance faces up to 20 years in prison.", "", "", "", ""},
		{"studies crime", "Ricardo Ortiz, a professor who studies organized crime, said the trend was worrying.", "", "", "", ""},
	}
	p := rulesPipeline(t)
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			x, err := p.Extract(context.Background(), "", tt.Text)
			if err != nil {
				t.Fatal(err)
			}
			if tt.Subject == "" {
				if len(x.Claims) > 0 {
					c := x.Claims[0]
					t.Fatalf("want no claim, got %s %s %s", c.Stance, c.SubjectName, c.Topic)
				}
				return
			}
			for _, c := range x.Claims {
				if c.SubjectName == tt.Subject && c.Stance == tt.Stance {
					if c.Topic != tt.Topic && !slicesContains(c.Topics, tt.Topic) {
						t.Errorf("topic %s %v, want %s", c.Topic, c.Topics, tt.Topic)
					}
					if tt.Speaker != "" && (c.Speaker == nil || !strings.Contains(c.Speaker.Name, tt.Speaker)) {
						t.Errorf("speaker %+v, want %q", c.Speaker, tt.Speaker)
					}
					return
				}
			}
			var got []string
			for _, c := range x.Claims {
				got = append(got, c.Stance+" "+c.SubjectName+" "+c.Topic)
			}
			t.Errorf("no %s claim against %s; got %v", tt.Stance, tt.Subject, got)
		})
	}
}

func TestDenialLinks(t *testing.T) {
	text := "Prosecutors in Madrid accused Elena Ruiz of laundering money for a drug cartel. Ruiz denied the accusations."
	x, err := rulesPipeline(t).Extract(context.Background(), "", text)
	if err != nil {
		t.Fatal(err)
	}
	var alleged, denied string
	for _, c := range x.Claims {
		switch c.Stance {
		case "alleged":
			alleged = c.ID
		case "denied":
			denied = c.Denies
			if c.Speaker == nil || c.Speaker.Name != "Elena Ruiz" {
				t.Errorf("denial speaker %+v", c.Speaker)
			}
		}
	}
	if alleged == "" || denied != alleged {
		t.Fatalf("denial should point to the allegation %q, points to %q (%+v)", alleged, denied, x.Claims)
	}
}

func slicesContains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func TestTopicsDocumented(t *testing.T) {
	seen := map[string]bool{}
	for _, tp := range claims.Topics {
		if seen[tp.Key] {
			t.Errorf("topic %s twice", tp.Key)
		}
		seen[tp.Key] = true
		if tp.Label == "" {
			t.Errorf("topic %s has no label", tp.Key)
		}
	}
}

// FuzzExtract: any text gives claims whose spans lie inside it, with
// subjects among the document's entities.
func FuzzExtract(f *testing.F) {
	f.Add("Prosecutors accused John Smith of fraud. He denied it.")
	f.Add("According to ABC, which cited sources, X told investigators that Y leads the cartel, the paper reported.")
	f.Add("\"We deny everything,\" said Z. (Wire) — charged, denied, acquitted")
	p := rulesPipeline(f)
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) || len(text) > 4000 {
			return
		}
		x, err := p.Extract(context.Background(), "", text)
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]bool{}
		for _, e := range x.Entities {
			ids[e.ID] = true
		}
		for _, c := range x.Claims {
			if !ids[c.Subject] {
				t.Fatalf("claim subject %q not an entity", c.Subject)
			}
			for _, sp := range []struct{ a, b int }{{c.Evidence.Start, c.Evidence.End}, {c.Content.Start, c.Content.End}} {
				if sp.a < 0 || sp.b > len(text) || sp.a > sp.b {
					t.Fatalf("span %v outside the text", sp)
				}
			}
			for _, s := range c.Sources {
				if s.Start < 0 || s.End > len(text) || s.Start > s.End {
					t.Fatalf("source span %d-%d outside the text", s.Start, s.End)
				}
			}
		}
	})
}

// A quotation that runs across sentences, its speaker named only after
// it: the attribution model gives the claim its speaker.
func TestQuotedSpeaker(t *testing.T) {
	text := "Prosecutors charged Anna Berg with fraud on Monday. \"Berg laundered the money through shell companies in Panama. We have the records,\" a person familiar with the investigation said."
	x, err := rulesPipeline(t).Extract(context.Background(), "", text)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range x.Claims {
		if strings.Contains(c.Evidence.Text, "laundered") {
			if c.Stance != "alleged" || c.Speaker == nil || !strings.Contains(c.Speaker.Name, "person familiar") || !c.Speaker.Anonymous {
				t.Errorf("claim %+v speaker %+v: want alleged by an anonymous person familiar with the investigation", c, c.Speaker)
			}
			return
		}
	}
	t.Errorf("no claim from the quotation; attributions %+v, claims %+v", x.Attributions, x.Claims)
}

func TestSentenceTopics(t *testing.T) {
	text := "Police said cocaine seizures and money laundering cases rose last year."
	s := segment.Sentences(text)[0]
	got := claims.SentenceTopics(text, s)
	if len(got) != 2 || got[0] != "crime.traffick.drug" || got[1] != "crime.fin.launder" {
		t.Errorf("SentenceTopics = %v", got)
	}
}

// rulesPipeline is the default pipeline with the rules in the claims
// slot: these tests are the rules' (the learned model that fills the
// slot by default, package claimml, reads them as features).
func rulesPipeline(tb testing.TB) *pipeline.Pipeline {
	tb.Helper()
	names := make([]string, len(pipeline.DefaultNames))
	for i, n := range pipeline.DefaultNames {
		if n == "claims" {
			n = "claim-rules"
		}
		names[i] = n
	}
	p, err := pipeline.FromNames(names)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}
