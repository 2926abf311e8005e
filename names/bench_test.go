package names

import (
	"testing"
)

var benchPairs = [][3]string{
	{"Vladimir Vladimirovich Putin", "PUTIN, Vladimir", "Person"},
	{"Mohammed bin Salman Al Saud", "Muhammad ibn Salman", "Person"},
	{"Diosdado Cabello Rondón", "CABELLO RONDON, Diosdado", "Person"},
	{"George Bush", "George Habbash", "Person"},
	{"Kim Jong Un", "김정은", "Person"},
	{"Rosneft Oil Company", "OAO Rosneft", "Company"},
	{"Bowne Global Solutions II, Inc.", "Bowne Global Solutions, Inc.", "Company"},
	{"TACTICAL MISSILES CORPORATION JOINT STOCK COMPANY", "JSC TACTICAL MISSILES CORPORATION", "Company"},
}

// BenchmarkCompareNames measures comparisons of names parsed in advance,
// as an index holding parsed candidates does; it reports pairs/s.
func BenchmarkCompareNames(b *testing.B) {
	m := NewMatcher()
	type pair struct{ a, b Name }
	var ps []pair
	for _, p := range benchPairs {
		ps = append(ps, pair{Parse(p[0], p[2]), Parse(p[1], p[2])})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := &ps[i%len(ps)]
		m.Score(&p.a, &p.b)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pairs/s")
}

// BenchmarkCompareParsedExplained includes building the explanation.
func BenchmarkCompareParsedExplained(b *testing.B) {
	m := NewMatcher()
	a, c := Parse(benchPairs[0][0], "Person"), Parse(benchPairs[0][1], "Person")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		m.CompareParsed(a, c)
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		p := benchPairs[i%len(benchPairs)]
		Parse(p[i%2], p[2])
	}
}
