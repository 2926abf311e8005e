package lists_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"testing"

	"dossier/lists"
	"dossier/lists/internal/listtest"
)

// BenchmarkLoadLargeEU is BenchmarkLoadLargeUN for the EU list, XML
// and CSV, each a file generated from the fixture's entities repeated
// (listtest.WriteLargeEU).
func BenchmarkLoadLargeEU(b *testing.B) {
	size := int64(200)
	if s := os.Getenv("DOSSIER_LARGE_MB"); s != "" {
		fmt.Sscan(s, &size)
	}
	for _, format := range []string{"xml", "csv"} {
		b.Run(format, func(b *testing.B) {
			p, n := listtest.WriteLargeEU(b, b.TempDir(), "eu/testdata/fsf."+format, size<<20)
			fi, _ := os.Stat(p)
			for _, sink := range []bool{false, true} {
				name := "whole"
				if sink {
					name = "sink"
				}
				b.Run(name, func(b *testing.B) {
					b.SetBytes(fi.Size())
					b.ReportAllocs()
					for b.Loop() {
						runtime.GC()
						var opts lists.Options
						c := &counter{}
						if sink {
							opts.Sink = c
						}
						stop := heapPeak()
						l, err := lists.LoadOptions(context.Background(), opts, p)
						if err != nil {
							b.Fatal(err)
						}
						peak := stop()
						if l.Version.Targets != n || sink && c.n != 2*n {
							b.Fatalf("%d targets (%d handed over), want %d", l.Version.Targets, c.n, n)
						}
						runtime.GC()
						var m runtime.MemStats
						runtime.ReadMemStats(&m)
						b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
						b.ReportMetric(float64(m.HeapAlloc)/(1<<20), "live-MB")
						runtime.KeepAlive(l)
					}
				})
			}
		})
	}
}
