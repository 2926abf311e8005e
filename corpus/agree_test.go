package corpus

import (
	"math"
	"testing"
)

func TestFamily(t *testing.T) {
	tests := []struct{ Topic, Family string }{
		{"crime.traffick.drug", "crime.traffick"},
		{"crime.traffick.human", "crime.traffick"},
		{"crime.fin.launder", "crime.fin"},
		{"crime.fraud", "crime.fraud"},
		{"crime", "crime"},
		{"sanction", "sanction"},
		{"sanction.evade", "sanction.evade"},
	}
	for _, tt := range tests {
		if got := Family(tt.Topic); got != tt.Family {
			t.Errorf("Family(%s) = %s, want %s", tt.Topic, got, tt.Family)
		}
	}
}

func TestCounts(t *testing.T) {
	tests := []struct {
		C       Counts
		P, R, F float64
	}{
		{Counts{TP: 1, FP: 2, FN: 2}, 1.0 / 3, 1.0 / 3, 1.0 / 3},
		{Counts{TP: 2, FP: 1, FN: 0}, 2.0 / 3, 1, 0.8},
		{Counts{TP: 0, FP: 3, FN: 1}, 0, 0, 0},
		{Counts{}, 0, 0, 1}, // both passes empty: full agreement
	}
	for _, tt := range tests {
		if !near(tt.C.Precision(), tt.P) || !near(tt.C.Recall(), tt.R) || !near(tt.C.F1(), tt.F) {
			t.Errorf("%+v: P %.4f R %.4f F1 %.4f, want %.4f %.4f %.4f", tt.C, tt.C.Precision(), tt.C.Recall(), tt.C.F1(), tt.P, tt.R, tt.F)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func claim(subject, stance, topic string, ev Span, optional string) Claim {
	return Claim{Subject: subject, Stance: stance, Topic: topic, Evidence: ev, Trigger: ev, Optional: optional}
}

func TestAgree(t *testing.T) {
	s1, s2 := Span{0, 20}, Span{30, 40}
	a := &Record{Key: "a", Status: StatusDone,
		Entities: []Entity{{0, 3, PER, "k1"}, {5, 8, ORG, "k2"}, {10, 12, LOC, ""}},
		Claims: []Claim{
			claim("k1", Charged, "crime.fraud", s1, ""),
			claim("k1", Alleged, "crime.traffick.drug", s1, ""),
			claim("k2", Denied, "crime.fraud", s2, Redundant),
		}}
	b := &Record{Key: "a", Status: StatusDone,
		Entities: []Entity{{0, 3, PER, "k1"}, {5, 8, PER, "k3"}, {14, 16, MISC, ""}},
		Claims: []Claim{
			claim("k1", Charged, "crime.fraud", s2, ""),
			claim("k1", Alleged, "crime.traffick.human", s1, ""),
			claim("k1", Convicted, "crime.corrupt", s2, ""),
		}}
	ag, diffs := Agree([][2]*Record{{a, b}})
	check := func(name string, got Counts, want Counts) {
		t.Helper()
		if got != want {
			t.Errorf("%s: %+v, want %+v", name, got, want)
		}
	}
	check("entities", ag.Entities, Counts{TP: 1, FP: 2, FN: 2})
	check("spans", ag.Spans, Counts{TP: 2, FP: 1, FN: 1})
	check("PER", ag.ByType[PER], Counts{TP: 1, FP: 1})
	check("ORG", ag.ByType[ORG], Counts{FN: 1})
	check("LOC", ag.ByType[LOC], Counts{FN: 1})
	check("MISC", ag.ByType[MISC], Counts{FP: 1})
	// drug and human trafficking are one family; the optional denial
	// unmatched is forgiven; the conviction only pass 2 has counts
	check("claims", ag.Claims, Counts{TP: 2, FP: 1})
	check("claims exact topic", ag.ClaimsTopic, Counts{TP: 1, FP: 2, FN: 1})
	check("claims located", ag.ClaimsLocated, Counts{TP: 1, FP: 2, FN: 1})
	if !near(ag.Claims.F1(), 0.8) || !near(ag.Entities.F1(), 1.0/3) {
		t.Errorf("F1 claims %.4f entities %.4f", ag.Claims.F1(), ag.Entities.F1())
	}
	if len(diffs) != 1 || len(diffs[0].EntitiesA) != 2 || len(diffs[0].EntitiesB) != 2 || len(diffs[0].ClaimsA) != 0 || len(diffs[0].ClaimsB) != 1 {
		t.Errorf("diff %+v", diffs)
	}
}

// TestAgreeOptionalPriority: a required claim is matched before an
// optional one takes its partner.
func TestAgreeOptionalPriority(t *testing.T) {
	ev := Span{0, 10}
	ents := []Entity{{0, 3, PER, "k1"}}
	a := &Record{Entities: ents, Claims: []Claim{
		claim("k1", Charged, "crime.fraud", Span{20, 30}, Redundant),
		claim("k1", Charged, "crime.fraud", ev, ""),
	}}
	b := &Record{Entities: ents, Claims: []Claim{claim("k1", Charged, "crime.fraud", ev, "")}}
	ag, _ := Agree([][2]*Record{{a, b}})
	if ag.Claims != (Counts{TP: 1}) {
		t.Errorf("claims %+v, want one match and nothing else", ag.Claims)
	}
	// subjects whose clusters share no mention never match
	c := &Record{Entities: []Entity{{4, 7, PER, "k1"}}, Claims: b.Claims}
	ag, _ = Agree([][2]*Record{{a, c}})
	if ag.Claims != (Counts{FN: 1, FP: 1}) {
		t.Errorf("claims %+v, want no match", ag.Claims)
	}
}

func TestAgreeConfusions(t *testing.T) {
	ents := []Entity{{0, 3, PER, "k1"}}
	a := &Record{Entities: ents, Claims: []Claim{
		claim("k1", Charged, "crime.fraud", Span{0, 10}, ""),
		claim("k1", Alleged, "crime.corrupt", Span{0, 10}, ""),
	}}
	b := &Record{Entities: ents, Claims: []Claim{
		claim("k1", Alleged, "crime.fraud", Span{0, 10}, ""),
		claim("k1", Charged, "crime.tax", Span{0, 10}, ""),
	}}
	ag, _ := Agree([][2]*Record{{a, b}})
	// charged fraud against alleged fraud is a stance confusion; alleged
	// corruption against charged tax crime shares neither stance nor family
	if ag.Confusions["charged>alleged"] != 1 || len(ag.Confusions) != 1 {
		t.Errorf("confusions %v", ag.Confusions)
	}
	if ag.Claims != (Counts{FN: 2, FP: 2}) {
		t.Errorf("claims %+v", ag.Claims)
	}
}

func TestBCubed(t *testing.T) {
	m1, m2, m3 := Span{0, 2}, Span{3, 5}, Span{6, 8}
	a := &Record{Entities: []Entity{{m1.Start, m1.End, PER, "k1"}, {m2.Start, m2.End, PER, "k1"}, {m3.Start, m3.End, PER, "k2"}}}
	b := &Record{Entities: []Entity{{m1.Start, m1.End, PER, "k1"}, {m2.Start, m2.End, PER, "k2"}, {m3.Start, m3.End, PER, "k2"}, {9, 10, PER, "k3"}}}
	ag, _ := Agree([][2]*Record{{a, b}})
	if ag.Mentions != 3 || !near(ag.ClusterP, 2.0/3) || !near(ag.ClusterR, 2.0/3) || !near(ag.ClusterF1(), 2.0/3) {
		t.Errorf("B-cubed P %.4f R %.4f over %d mentions, want 2/3, 2/3 over 3", ag.ClusterP, ag.ClusterR, ag.Mentions)
	}
	ag, _ = Agree([][2]*Record{{a, a}})
	if !near(ag.ClusterF1(), 1) || ag.Entities.F1() != 1 {
		t.Errorf("a record against itself: %+v", ag)
	}
}
