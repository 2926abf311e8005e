package names

import "testing"

// normBenchNames mixes the scripts lists write names in, Latin first and
// most often, as lists do.
var normBenchNames = []string{
	"Vladimir Vladimirovich Putin", "CABELLO RONDON, Diosdado", "Mohammed bin Salman Al Saud",
	"TACTICAL MISSILES CORPORATION JOINT STOCK COMPANY", "Bowne Global Solutions II, Inc.",
	"Владимир Путин", "معمر القذافي", "习近平", "김정은", "安倍晋三", "ทักษิณ ชินวัตร",
	"Κυριάκος Μητσοτάκης", "नरेन्द्र मोदी",
}

// BenchmarkNormalize measures Normalize over names in several scripts.
func BenchmarkNormalize(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Normalize(normBenchNames[i%len(normBenchNames)])
	}
}

// BenchmarkPrepare measures preparing a subject with a few aliases, as an
// index does for every list entry.
func BenchmarkPrepare(b *testing.B) {
	subjects := []Subject{
		{Schema: "Person", Names: []string{"Vladimir Vladimirovich Putin", "PUTIN, Vladimir", "Владимир Путин"}},
		{Schema: "Company", Names: []string{"Rosneft Oil Company", "OAO Rosneft"}},
		{Schema: "Person", Names: []string{"习近平", "Xi Jinping"}},
		{Schema: "Person", Names: []string{"安倍晋三", "Shinzo Abe"}},
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Prepare(subjects[i%len(subjects)])
	}
}
