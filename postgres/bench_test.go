package postgres_test

import (
	"context"
	"fmt"
	"testing"

	"dossier"
	"dossier/postgres"
)

// BenchmarkListVersionWriter streams a version of 5,000 entities into
// the database per iteration, in one transaction; entities/s is the
// load rate.
func BenchmarkListVersionWriter(b *testing.B) {
	ctx := context.Background()
	s := postgres.NewListService(MustOpenDB(b))
	const n = 5000
	es := people("p", n)
	for _, e := range es {
		e.Add("birthDate", "1960-01-01")
		e.Add("nationality", "ve")
	}
	b.ReportAllocs()
	i := 0
	for ; b.Loop(); i++ {
		w := s.NewListVersionWriter(ctx, dossier.ListLoadOptions{AllowShrink: true})
		if err := w.Begin(&dossier.ListVersion{Dataset: "bench", Version: fmt.Sprint(i)}); err != nil {
			b.Fatal(err)
		}
		for _, e := range es {
			if err := w.Add(e); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := w.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*i)/b.Elapsed().Seconds(), "entities/s")
}

// BenchmarkSearchDocuments runs a two-word search with snippets over
// 2,000 short documents.
func BenchmarkSearchDocuments(b *testing.B) {
	ctx := context.Background()
	s := postgres.NewDocumentService(MustOpenDB(b))
	for i := range 2000 {
		d := &dossier.Document{Title: fmt.Sprintf("Report %d", i), Format: "text", Origin: "b",
			Text: fmt.Sprintf("Document %d says the ministry froze accounts of company %d after a court ruling on fraud number %d.", i, i%97, i%13)}
		if _, err := s.CreateDocument(ctx, d); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		hits, err := s.SearchDocuments(ctx, "fraud ministry", 20)
		if err != nil || len(hits) != 20 {
			b.Fatalf("%d hits, %v", len(hits), err)
		}
	}
}

// people returns n Person entities with IDs prefix-0 … prefix-(n-1).
func people(prefix string, n int) []*dossier.Entity {
	out := make([]*dossier.Entity, n)
	for i := range out {
		e := dossier.NewEntity("Person", fmt.Sprintf("%s-%d", prefix, i))
		e.Caption = fmt.Sprintf("PERSON %s %d", prefix, i)
		e.Add("name", e.Caption)
		out[i] = e
	}
	return out
}
