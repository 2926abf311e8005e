package ingest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/ingest"
)

// BenchmarkIngest measures documents/s for read → repair → store of a
// JSON-lines file of 1,000 news-sized documents into a fresh database.
func BenchmarkIngest(b *testing.B) {
	const n = 1000
	dir := b.TempDir()
	input := filepath.Join(dir, "docs.jsonl")
	var sb strings.Builder
	var size int64
	for i := 0; i < n; i++ {
		text := fmt.Sprintf("Officials in Caracas denied report %d. ", i) + strings.Repeat(
			"The former intelligence chief told investigators that senior officials protected shipments worth $10 million, "+
				"according to two people familiar with the case â€” a claim the government dismissed. ", 12)
		line, _ := json.Marshal(map[string]string{"title": fmt.Sprintf("Report %d", i), "text": text,
			"url": fmt.Sprintf("https://news.example/%d", i), "published": "2015-05-19T08:00:00Z"})
		sb.Write(line)
		sb.WriteByte('\n')
		size += int64(len(text))
	}
	if err := os.WriteFile(input, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		store := mustStore(b)
		b.StartTimer()
		st, err := ingest.NewIngester(store).Run(context.Background(), []string{input}, nil)
		if err != nil || st.New != n {
			b.Fatalf("%v %+v", err, st)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "docs/s")
}
