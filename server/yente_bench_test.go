package server

import (
	"context"
	"os"
	"testing"

	"dossier/sqlite"
)

// mustRealSnapshot builds a snapshot of the real OFAC SDN and UN lists
// in ../shared/data, skipping when they are absent.
func mustRealSnapshot(b *testing.B) *snapshot {
	b.Helper()
	paths := []string{"../../shared/data/ofac/sdn-2021-07", "../../shared/data/un/consolidated-2026-02-27.xml"}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			b.Skipf("real lists not found (%v): the benchmark needs ../shared/data", err)
		}
	}
	db := MustOpenDB(b)
	svc := sqlite.NewListService(db)
	for _, p := range paths {
		MustLoadList(b, svc, p)
	}
	snap, err := buildSnapshot(context.Background(), svc)
	if err != nil {
		b.Fatal(err)
	}
	return snap
}

// BenchmarkTextIndex is the cost /search's text index adds to each
// index build, with OFAC SDN and UN loaded.
func BenchmarkTextIndex(b *testing.B) {
	snap := mustRealSnapshot(b)
	b.ReportAllocs()
	b.ResetTimer()
	var ti textIndex
	for b.Loop() {
		ti = buildTextIndex(snap)
	}
	b.ReportMetric(float64(len(ti.words)), "words")
	b.ReportMetric(float64(len(snap.things)), "entities")
}

// BenchmarkTextSearch is one text query's look-up in that index.
func BenchmarkTextSearch(b *testing.B) {
	snap := mustRealSnapshot(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		snap.text.search("Caracas Venezuela")
	}
}
