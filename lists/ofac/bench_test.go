package ofac_test

import (
	"context"
	"testing"

	"dossier/lists/internal/build"
	"dossier/lists/internal/listtest"
	"dossier/lists/ofac"
)

// BenchmarkLoadOFACSDN decodes the July 2021 SDN CSV files (8,976
// entries; read into memory once, outside the timing).
func BenchmarkLoadOFACSDN(b *testing.B) {
	files, err := build.ReadFiles(listtest.DataDir(b, "ofac", "sdn-2021-07"))
	if err != nil {
		b.Fatal(err)
	}
	var n int64
	for _, f := range files {
		n += int64(len(f.Data))
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ofac.Decode(context.Background(), files...); err != nil {
			b.Fatal(err)
		}
	}
}
