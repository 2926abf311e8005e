package claimml

import (
	"slices"
	"testing"

	"dossier"
)

func TestStem(t *testing.T) {
	tests := []struct{ In, Out string }{
		{"charged", "charg"}, {"charges", "charg"}, {"charge", "charg"},
		{"allegedly", "alleg"}, {"alleged", "alleg"}, {"allegations", "alleg"},
		{"arrested", "arrest"}, {"arrests", "arrest"}, {"arrest", "arrest"},
		{"denies", "deny"}, {"denied", "deny"}, {"was", "was"}, {"his", "his"},
	}
	for _, tt := range tests {
		if got := stem(tt.In); got != tt.Out {
			t.Errorf("stem(%q) = %q, want %q", tt.In, got, tt.Out)
		}
	}
}

// A hand-made tree: "Roe(0) was(1) charged(2) by(3) police(4)".
func TestPath(t *testing.T) {
	s := &sentence{
		heads:   []int{2, 2, -1, 4, 2},
		deprels: []string{"nsubj:pass", "aux:pass", "root", "case", "obl:agent"},
	}
	tests := []struct {
		A, B int
		Path string
		Arcs int
	}{
		{2, 0, "vnsubj:pass", 1},
		{0, 2, "^nsubj:pass", 1},
		{0, 4, "^nsubj:passvobl:agent", 2},
		{3, 0, "^case^obl:agentvnsubj:pass", 3},
		{1, 1, "self", 0},
	}
	for _, tt := range tests {
		if got := s.path(tt.A, tt.B); got != tt.Path {
			t.Errorf("path(%d, %d) = %q, want %q", tt.A, tt.B, got, tt.Path)
		}
		if got := s.arcs(tt.A, tt.B); got != tt.Arcs {
			t.Errorf("arcs(%d, %d) = %d, want %d", tt.A, tt.B, got, tt.Arcs)
		}
	}
	if got := (&sentence{}).path(0, 1); got != "none" {
		t.Errorf("path without a parse = %q", got)
	}
}

func TestAbsorb(t *testing.T) {
	c := func(subj, stance, topic string) dossier.Claim {
		return dossier.Claim{Subject: subj, Stance: stance, Topic: topic}
	}
	in := []dossier.Claim{
		c("e1", "alleged", "crime.fin.launder"),   // absorbed by the charge of the same family
		c("e1", "charged", "crime.fin.market"),    // absorbed by the conviction
		c("e1", "convicted", "crime.fin.launder"), // kept
		c("e1", "alleged", "crime.corrupt"),       // another family: kept
		c("e2", "alleged", "crime.fin.launder"),   // another subject: kept
		c("e1", "denied", "crime.fin.launder"),    // answers absorb nothing: kept
	}
	var got []string
	for _, x := range absorb(in) {
		got = append(got, x.Subject+" "+x.Stance+" "+x.Topic)
	}
	want := []string{"e1 convicted crime.fin.launder", "e1 alleged crime.corrupt", "e2 alleged crime.fin.launder", "e1 denied crime.fin.launder"}
	if !slices.Equal(got, want) {
		t.Errorf("absorb = %v, want %v", got, want)
	}
}

func TestDecideTopics(t *testing.T) {
	idx := func(key string) int { return slices.Index(Keys, key) }
	tests := []struct {
		Name   string
		Rank   map[string]float32
		Yes    []string
		Insent []string
		Want   []string
	}{
		{"best ranked alone", map[string]float32{"crime.fraud": 3, "crime.corrupt": 1}, nil, []string{"crime.corrupt"}, []string{"crime.fraud"}},
		{"a second family the sentence names", map[string]float32{"crime.fraud": 3}, []string{"crime.fin.launder"}, []string{"crime.fin.launder"}, []string{"crime.fraud", "crime.fin.launder"}},
		{"accepted but not named", map[string]float32{"crime.fraud": 3}, []string{"crime.tax"}, nil, []string{"crime.fraud"}},
		{"one claim per family", map[string]float32{"crime.traffick.drug": 3}, []string{"crime.traffick.arms"}, []string{"crime.traffick.arms"}, []string{"crime.traffick.drug"}},
		{"crime only alone", map[string]float32{"crime": 3}, []string{"crime.tax"}, []string{"crime.tax"}, []string{"crime.tax"}},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			insent := make([]bool, len(Keys))
			for _, k := range tt.Insent {
				insent[idx(k)] = true
			}
			got := decideTopics(func(ki int) float32 { return tt.Rank[Keys[ki]] }, func(ki int) bool { return slices.Contains(tt.Yes, Keys[ki]) }, insent)
			if !slices.Equal(got, tt.Want) {
				t.Errorf("got %v, want %v", got, tt.Want)
			}
		})
	}
}

func TestLink(t *testing.T) {
	cs := []dossier.Claim{
		{Subject: "e1", Stance: "charged", Topic: "crime.fraud"},
		{Subject: "e2", Stance: "alleged", Topic: "crime.fraud"},
		{Subject: "e1", Stance: "denied", Topic: "crime.fraud"},
		{Subject: "e3", Stance: "cleared", Topic: "crime.fraud"},
	}
	link(cs)
	if cs[2].Denies != "c1" || cs[3].Denies != "" || cs[0].ID != "c1" || cs[3].ID != "c4" {
		t.Errorf("link: %+v", cs)
	}
}
