package corpus

import (
	"strings"
	"testing"
)

// mustRows loads testdata/rows.csv, articles written for these tests.
func mustRows(tb testing.TB) ([]Row, map[string]*Row) {
	tb.Helper()
	rows, err := LoadRows("testdata/rows.csv")
	if err != nil {
		tb.Fatal(err)
	}
	return rows, Index(rows)
}

const roeKey = "72efc6d55f353884" // Key("https://example.org/roe", "Jane Roe")

// at returns the span of the n-th (from 1) occurrence of sub in text.
func at(tb testing.TB, text, sub string, n int) Span {
	tb.Helper()
	from := 0
	for k := 1; ; k++ {
		i := strings.Index(text[from:], sub)
		if i < 0 {
			tb.Fatalf("%q: occurrence %d not in the text", sub, n)
		}
		if k == n {
			return Span{from + i, from + i + len(sub)}
		}
		from += i + len(sub)
	}
}

// roeRecord is a valid record of the Roe article.
func roeRecord(tb testing.TB, text string) *Record {
	tb.Helper()
	ent := func(sub string, n int, typ, cluster string) Entity {
		s := at(tb, text, sub, n)
		return Entity{Start: s.Start, End: s.End, Type: typ, Cluster: cluster}
	}
	sent := Sentences(text)
	prosecutors := at(tb, text, "Prosecutors", 1)
	lawyer := at(tb, text, "her lawyer", 1)
	return &Record{
		Key: roeKey, ArticleHash: ArticleHash(text), Annotator: "t1", Pass: PassFirst, Guide: 1, Status: StatusDone,
		Entities: []Entity{
			ent("LISBON", 1, LOC, ""),
			ent("Harbour Wire", 1, ORG, "k1"),
			ent("Jane Roe", 1, PER, "k2"),
			ent("Acme Shipping Ltd", 1, ORG, "k3"),
			ent("Roe", 2, PER, "k2"),
			ent("Acme Shipping", 2, ORG, "k3"),
			ent("Roe", 3, PER, "k2"),
			ent("Portuguese", 1, MISC, ""),
			ent("CMVM", 1, ORG, "k4"),
			ent("Roe", 4, PER, "k2"),
			ent("Roe", 5, PER, "k2"),
		},
		Claims: []Claim{
			{ID: "c1", Subject: "k2", Stance: Charged, Topic: "crime.fin.launder", Trigger: at(tb, text, "charged", 1),
				Evidence: sent[0], Speaker: &Agent{Span: &prosecutors}, Via: []Agent{{Cluster: "k1"}}},
			{ID: "c2", Subject: "k2", Stance: Denied, Topic: "crime.fin.launder", Trigger: at(tb, text, "denied", 1),
				Evidence: sent[1], Speaker: &Agent{Span: &lawyer}},
			{ID: "c3", Subject: "k2", Stance: Sanctioned, Topic: "crime.fin.market", Trigger: at(tb, text, "fined", 1),
				Evidence: sent[3], Speaker: &Agent{Cluster: "k4"}},
			{ID: "c4", Subject: "k2", Stance: Charged, Topic: "crime.fin.launder", Trigger: at(tb, text, "trial", 1),
				Evidence: sent[4], Optional: Redundant},
		},
	}
}
