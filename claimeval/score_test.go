package claimeval

import (
	"fmt"
	"maps"
	"strings"
	"testing"

	"dossier"
	"dossier/corpus"
)

// text is an article written for these tests.
const text = "LISBON (Harbour Wire) - Prosecutors charged Jane Roe with money laundering. " +
	"Roe denied the charges, her lawyer said. " +
	"The CMVM fined Acme Shipping for insider trading. " +
	"Tom Vell met Roe in Porto. Vell said Roe was his friend."

// at returns the span of the n-th (from 1) occurrence of sub in text.
func at(tb testing.TB, sub string, n int) corpus.Span {
	tb.Helper()
	from := 0
	for k := 1; ; k++ {
		i := strings.Index(text[from:], sub)
		if i < 0 {
			tb.Fatalf("%q: occurrence %d not in the text", sub, n)
		}
		if k == n {
			return corpus.Span{Start: from + i, End: from + i + len(sub)}
		}
		from += i + len(sub)
	}
}

func sentence(tb testing.TB, n int) corpus.Span {
	tb.Helper()
	return corpus.Sentences(text)[n-1]
}

// goldRecord is the gold annotation of text: Roe k2, Acme k3, CMVM k4,
// Vell k5, Harbour Wire k1.
func goldRecord(tb testing.TB) *corpus.Record {
	tb.Helper()
	ent := func(sub string, n int, typ, cluster string) corpus.Entity {
		s := at(tb, sub, n)
		return corpus.Entity{Start: s.Start, End: s.End, Type: typ, Cluster: cluster}
	}
	prosecutors, lawyer := at(tb, "Prosecutors", 1), at(tb, "her lawyer", 1)
	return &corpus.Record{Key: "0000000000000001", Status: corpus.StatusDone,
		Entities: []corpus.Entity{
			ent("LISBON", 1, corpus.LOC, ""),
			ent("Harbour Wire", 1, corpus.ORG, "k1"),
			ent("Jane Roe", 1, corpus.PER, "k2"),
			ent("Roe", 2, corpus.PER, "k2"),
			ent("CMVM", 1, corpus.ORG, "k4"),
			ent("Acme Shipping", 1, corpus.ORG, "k3"),
			ent("Tom Vell", 1, corpus.PER, "k5"),
			ent("Roe", 3, corpus.PER, "k2"),
			ent("Porto", 1, corpus.LOC, ""),
			ent("Vell", 2, corpus.PER, "k5"),
			ent("Roe", 4, corpus.PER, "k2"),
		},
		Claims: []corpus.Claim{
			{ID: "c1", Subject: "k2", Stance: corpus.Charged, Topic: "crime.fin.launder", Evidence: sentence(tb, 1),
				Speaker: &corpus.Agent{Span: &prosecutors}},
			{ID: "c2", Subject: "k2", Stance: corpus.Denied, Topic: "crime.fin.launder", Evidence: sentence(tb, 2),
				Speaker: &corpus.Agent{Span: &lawyer}},
			{ID: "c3", Subject: "k2", Stance: corpus.Alleged, Topic: "crime.fin.launder", Evidence: sentence(tb, 2),
				Optional: corpus.Redundant},
			{ID: "c4", Subject: "k3", Stance: corpus.Sanctioned, Topic: "crime.fin.market", Evidence: sentence(tb, 3),
				Speaker: &corpus.Agent{Cluster: "k4"}},
		},
	}
}

// entity builds a predicted entity from occurrences of strings.
func entity(tb testing.TB, id, typ string, occ ...any) dossier.DocEntity {
	tb.Helper()
	e := dossier.DocEntity{ID: id, Type: typ}
	for k := 0; k < len(occ); k += 2 {
		s := at(tb, occ[k].(string), occ[k+1].(int))
		e.Mentions = append(e.Mentions, dossier.Mention{Start: s.Start, End: s.End, Text: text[s.Start:s.End]})
	}
	return e
}

// perfectEntities are the gold mentions as resolved entities.
func perfectEntities(tb testing.TB) []dossier.DocEntity {
	return []dossier.DocEntity{
		entity(tb, "e1", "LOC", "LISBON", 1),
		entity(tb, "e2", "ORG", "Harbour Wire", 1),
		entity(tb, "e3", "PER", "Jane Roe", 1, "Roe", 2, "Roe", 3, "Roe", 4),
		entity(tb, "e4", "ORG", "CMVM", 1),
		entity(tb, "e5", "ORG", "Acme Shipping", 1),
		entity(tb, "e6", "PER", "Tom Vell", 1, "Vell", 2),
		entity(tb, "e7", "LOC", "Porto", 1),
	}
}

func source(tb testing.TB, entityID, sub string, n int) *dossier.Source {
	s := at(tb, sub, n)
	return &dossier.Source{Entity: entityID, Name: sub, Start: s.Start, End: s.End}
}

func claim(tb testing.TB, subject, stance, topic string, sent int, speaker *dossier.Source) dossier.Claim {
	s := sentence(tb, sent)
	return dossier.Claim{Subject: subject, Stance: stance, Topic: topic, Speaker: speaker,
		Evidence: dossier.Evidence{Start: s.Start, End: s.End}}
}

func TestScoreClaims(t *testing.T) {
	type want struct {
		claims             corpus.Counts
		optional           int
		speakers, right    int
		errors             map[string]int
		speakerErrors      map[string]int
		stanceTP, stanceFP map[string]int
	}
	tests := []struct {
		name string
		pred func(t *testing.T) []dossier.Claim
		want want
	}{
		{
			name: "every required claim, right speakers",
			pred: func(t *testing.T) []dossier.Claim {
				return []dossier.Claim{
					claim(t, "e3", "charged", "crime.fin.launder", 1, source(t, "", "Prosecutors charged", 1)),
					claim(t, "e3", "denied", "crime.fin.launder", 2, source(t, "", "lawyer", 1)),
					claim(t, "e5", "sanctioned", "crime.fin.market", 3, source(t, "e4", "CMVM", 1)),
				}
			},
			want: want{claims: corpus.Counts{TP: 3}, speakers: 3, right: 3, stanceTP: map[string]int{"charged": 1, "denied": 1, "sanctioned": 1}},
		},
		{
			name: "nothing predicted: required claims missed, the optional one forgiven",
			pred: func(t *testing.T) []dossier.Claim { return nil },
			want: want{claims: corpus.Counts{FN: 3}, errors: map[string]int{"missed: no claim on the subject": 3}},
		},
		{
			name: "an optional claim found counts, and is no false positive",
			pred: func(t *testing.T) []dossier.Claim {
				return []dossier.Claim{claim(t, "e3", "alleged", "crime.fin.launder", 2, nil)}
			},
			want: want{claims: corpus.Counts{TP: 1, FN: 3}, optional: 1, speakers: 1, right: 1, stanceTP: map[string]int{"alleged": 1},
				errors: map[string]int{"missed: other claims on the subject": 2, "missed: no claim on the subject": 1}},
		},
		{
			name: "reported is alleged; same family, other topic",
			pred: func(t *testing.T) []dossier.Claim {
				return []dossier.Claim{
					claim(t, "e3", "reported", "crime.fin.market", 2, nil), // crime.fin, as crime.fin.launder
					claim(t, "e5", "sanctioned", "crime.fin.launder", 3, nil),
				}
			},
			want: want{claims: corpus.Counts{TP: 2, FN: 2}, optional: 1, speakers: 2, right: 1,
				speakerErrors: map[string]int{"some>none": 1}, stanceTP: map[string]int{"alleged": 1, "sanctioned": 1},
				errors: map[string]int{"missed: other claims on the subject": 2}},
		},
		{
			name: "wrong stance, wrong family, wrong subject",
			pred: func(t *testing.T) []dossier.Claim {
				return []dossier.Claim{
					claim(t, "e3", "convicted", "crime.fin.launder", 1, nil),
					claim(t, "e5", "sanctioned", "crime.fraud", 3, nil),
					claim(t, "e6", "denied", "crime.fin.launder", 2, nil),
					claim(t, "e7", "alleged", "crime", 4, nil),
				}
			},
			want: want{claims: corpus.Counts{FP: 4, FN: 3},
				stanceFP: map[string]int{"convicted": 1, "sanctioned": 1, "denied": 1, "alleged": 1},
				errors: map[string]int{"stance charged>convicted": 1, "family crime.fin>crime.fraud": 1,
					"missed: other claims on the subject": 1, "spurious: subject with no gold claim": 1,
					"spurious: subject not an annotated person or organization": 1}},
		},
		{
			name: "a restatement beyond the gold is a false positive",
			pred: func(t *testing.T) []dossier.Claim {
				return []dossier.Claim{
					claim(t, "e3", "charged", "crime.fin.launder", 1, nil),
					claim(t, "e3", "charged", "crime.fin.launder", 4, nil),
				}
			},
			want: want{claims: corpus.Counts{TP: 1, FP: 1, FN: 2}, speakers: 1, speakerErrors: map[string]int{"some>none": 1},
				stanceTP: map[string]int{"charged": 1}, stanceFP: map[string]int{"charged": 1},
				errors: map[string]int{"stance denied>charged": 1, "missed: no claim on the subject": 1}},
		},
		{
			name: "speakers: a wrong entity, some for none, a descriptor naming the cluster",
			pred: func(t *testing.T) []dossier.Claim {
				return []dossier.Claim{
					claim(t, "e3", "charged", "crime.fin.launder", 1, source(t, "e2", "Harbour Wire", 1)),
					claim(t, "e3", "alleged", "crime.fin.launder", 2, source(t, "", "her lawyer", 1)),
					claim(t, "e5", "sanctioned", "crime.fin.market", 3, source(t, "", "The CMVM", 1)),
				}
			},
			want: want{claims: corpus.Counts{TP: 3, FN: 1}, optional: 1, speakers: 3, right: 1,
				speakerErrors: map[string]int{"wrong": 1, "none>some": 1}, stanceTP: map[string]int{"charged": 1, "alleged": 1, "sanctioned": 1},
				errors: map[string]int{"missed: other claims on the subject": 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewResult()
			r.Score(goldRecord(t), &Prediction{Entities: perfectEntities(t), Claims: tt.pred(t)})
			w := tt.want
			if r.Claims != w.claims || r.OptionalMatched != w.optional {
				t.Errorf("claims %+v, optional %d; want %+v, %d", r.Claims, r.OptionalMatched, w.claims, w.optional)
			}
			if r.SpeakerMatched != w.speakers || r.SpeakerRight != w.right {
				t.Errorf("speakers %d of %d right, want %d of %d", r.SpeakerRight, r.SpeakerMatched, w.right, w.speakers)
			}
			eq := func(name string, got, want map[string]int) {
				if len(got) == 0 && len(want) == 0 {
					return
				}
				if !maps.Equal(got, want) {
					t.Errorf("%s = %v, want %v", name, got, want)
				}
			}
			eq("claim errors", r.ClaimErrors, w.errors)
			eq("speaker errors", r.SpeakerErrors, w.speakerErrors)
			tp, fp := map[string]int{}, map[string]int{}
			for k, c := range r.ByStance {
				if c.TP > 0 {
					tp[k] = c.TP
				}
				if c.FP > 0 {
					fp[k] = c.FP
				}
			}
			eq("stance TP", tp, w.stanceTP)
			eq("stance FP", fp, w.stanceFP)
		})
	}
}

func TestScoreEntities(t *testing.T) {
	tests := []struct {
		name    string
		ents    func(t *testing.T) []dossier.DocEntity
		per     corpus.Counts
		org     corpus.Counts
		errors  map[string]int
		persons Persons
	}{
		{
			name:    "perfect",
			ents:    func(t *testing.T) []dossier.DocEntity { return perfectEntities(t) },
			per:     corpus.Counts{TP: 6},
			org:     corpus.Counts{TP: 3},
			persons: Persons{Gold: 2, Resolved: 2, Complete: 2},
		},
		{
			name: "a type confused, a boundary off, a name missed, one spurious, values ignored",
			ents: func(t *testing.T) []dossier.DocEntity {
				return []dossier.DocEntity{
					entity(t, "e1", "LOC", "LISBON", 1),
					entity(t, "e2", "PER", "Harbour Wire", 1),                      // ORG>PER
					entity(t, "e3", "PER", "Roe", 1, "Roe", 2, "Roe", 3, "Roe", 4), // boundary on Jane Roe
					entity(t, "e4", "ORG", "CMVM", 1),
					entity(t, "e6", "PER", "Tom Vell", 1, "Vell", 2),
					entity(t, "e7", "LOC", "Porto", 1),
					entity(t, "e8", "MISC", "Prosecutors", 1), // spurious
					entity(t, "e9", "MONEY", "money", 1),      // not scored
				}
			},
			per:     corpus.Counts{TP: 5, FP: 2, FN: 1},
			org:     corpus.Counts{TP: 1, FN: 2},
			errors:  map[string]int{"type ORG>PER": 1, "boundary PER": 1, "missed ORG": 1, "spurious MISC": 1},
			persons: Persons{Gold: 2, Resolved: 2, Complete: 2},
		},
		{
			name: "persons split, merged, missed",
			ents: func(t *testing.T) []dossier.DocEntity {
				return []dossier.DocEntity{
					entity(t, "e3", "PER", "Jane Roe", 1, "Roe", 2),
					entity(t, "e4", "PER", "Roe", 3, "Roe", 4),
				}
			},
			per:     corpus.Counts{TP: 4, FN: 2},
			org:     corpus.Counts{FN: 3},
			errors:  map[string]int{"missed PER": 2, "missed ORG": 3, "missed LOC": 2},
			persons: Persons{Gold: 2, Split: 1, Missed: 1},
		},
		{
			name: "two people in one entity",
			ents: func(t *testing.T) []dossier.DocEntity {
				return []dossier.DocEntity{entity(t, "e3", "PER", "Jane Roe", 1, "Roe", 2, "Roe", 3, "Roe", 4, "Tom Vell", 1, "Vell", 2)}
			},
			per:     corpus.Counts{TP: 6},
			org:     corpus.Counts{FN: 3},
			errors:  map[string]int{"missed ORG": 3, "missed LOC": 2},
			persons: Persons{Gold: 2, Merged: 2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewResult()
			r.Score(goldRecord(t), &Prediction{Entities: tt.ents(t)})
			if r.Entities[corpus.PER] != tt.per || r.Entities[corpus.ORG] != tt.org {
				t.Errorf("PER %+v ORG %+v, want %+v %+v", r.Entities[corpus.PER], r.Entities[corpus.ORG], tt.per, tt.org)
			}
			if len(r.EntityErrors)+len(tt.errors) > 0 && !maps.Equal(r.EntityErrors, tt.errors) {
				t.Errorf("errors = %v, want %v", r.EntityErrors, tt.errors)
			}
			if r.Persons != tt.persons {
				t.Errorf("persons = %+v, want %+v", r.Persons, tt.persons)
			}
		})
	}
}

func TestScoreRecognizedAndSkipped(t *testing.T) {
	r := NewResult()
	s := at(t, "Jane Roe", 1)
	v := at(t, "Tom", 1)
	r.Score(goldRecord(t), &Prediction{Recognized: []dossier.Mention{
		{Start: s.Start, End: s.End, Label: "PER"},
		{Start: v.Start, End: v.End, Label: "PER"},
		{Start: s.Start, End: s.End, Label: "DATE"},
	}})
	if got := r.Recognized[corpus.PER]; got != (corpus.Counts{TP: 1, FP: 1, FN: 5}) {
		t.Errorf("recognized PER = %+v", got)
	}
	r.Score(&corpus.Record{Key: "0000000000000002", Status: corpus.StatusSkipped, Reason: corpus.ReasonNotArticle}, &Prediction{})
	if r.Documents != 1 || r.Skipped != 1 {
		t.Errorf("documents %d, skipped %d", r.Documents, r.Skipped)
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		name     string
		ng, np   int
		optional []bool
		edges    [][2]int
		prefer   [][2]int
		want     []int
	}{
		{"augmenting path", 2, 2, []bool{false, false}, [][2]int{{0, 0}, {0, 1}, {1, 0}}, nil, []int{1, 0}},
		{"optional yields to required", 2, 1, []bool{true, false}, [][2]int{{0, 0}, {1, 0}}, nil, []int{-1, 0}},
		{"optional takes what is left", 2, 2, []bool{true, false}, [][2]int{{0, 0}, {0, 1}, {1, 0}}, nil, []int{1, 0}},
		{"preferred pairs first", 1, 2, []bool{false}, [][2]int{{0, 0}, {0, 1}}, [][2]int{{0, 1}}, []int{1}},
		{"preference never costs a match", 2, 2, []bool{false, false}, [][2]int{{0, 0}, {0, 1}, {1, 1}}, [][2]int{{0, 1}}, []int{0, 1}},
		{"nothing", 1, 0, []bool{false}, nil, nil, []int{-1}},
	}
	has := func(es [][2]int, i, j int) bool {
		for _, e := range es {
			if e == [2]int{i, j} {
				return true
			}
		}
		return false
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mg, mp := match(tt.ng, tt.np, func(i int) bool { return tt.optional[i] },
				func(i, j int) bool { return has(tt.edges, i, j) }, func(i, j int) bool { return has(tt.prefer, i, j) })
			if fmt.Sprint(mg) != fmt.Sprint(tt.want) {
				t.Errorf("match = %v, want %v", mg, tt.want)
			}
			for i, j := range mg {
				if j >= 0 && mp[j] != i {
					t.Errorf("gold %d → %d but prediction %d → %d", i, j, j, mp[j])
				}
			}
		})
	}
}
