package read

import (
	"bytes"
	"context"
	"fmt"
	"testing"
)

// benchmark reads data as name b.N times and reports documents per
// second.
func benchmark(b *testing.B, name string, data []byte) {
	b.Helper()
	r := NewReader()
	docs := 0
	count := func(Item) error {
		docs++
		return nil
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if err := r.Stream(context.Background(), name, bytes.NewReader(data), count); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(docs)/b.Elapsed().Seconds(), "docs/s")
}

func BenchmarkHTML(b *testing.B) {
	for _, name := range []string{"testdata/article-utf8.html", "testdata/article-cp1252.html"} {
		b.Run(name[len("testdata/"):], func(b *testing.B) {
			benchmark(b, name, fixture(b, name))
		})
	}
}

func BenchmarkJSONL(b *testing.B) {
	var buf bytes.Buffer
	for i := range 1000 {
		fmt.Fprintf(&buf, `{"text": "Line %d: the Halden Bay Port Authority suspended the licence of Veloran Shipping Ltd after an audit found that three of its vessels had declared cargo that did not match customs records. Port director Miriam Okafor said the suspension would last at least 90 days.", "title": "Port authority suspends licence", "url": "https://wire.example/%d", "published": "2024-03-04T10:00:00Z", "source": "Northwind Wire", "author": "Ada Brennan"}`+"\n", i, i)
	}
	benchmark(b, "bench.jsonl", buf.Bytes())
}

// BenchmarkWARC reads 100 copies of the crawl fixture's five records,
// plain and gzip per record: 200 pages.
func BenchmarkWARC(b *testing.B) {
	warc, _ := MustWARC(b)
	plain := mustGunzip(b, warc)
	b.Run("plain", func(b *testing.B) {
		benchmark(b, "bench.warc", bytes.Repeat(plain, 100))
	})
	b.Run("gzip", func(b *testing.B) {
		benchmark(b, "bench.warc.gz", bytes.Repeat(warc, 100))
	})
}
