package ingest_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"dossier"
	"dossier/ingest"
	"dossier/pipeline"
	"dossier/sqlite"
)

// capitalized is an extractor for tests: every capitalized word is a
// PER entity.
type capitalized struct{ fail bool }

func (c capitalized) Extract(_ context.Context, id, text string) (*dossier.Extraction, error) {
	if c.fail {
		return nil, errors.New("model unavailable")
	}
	x := &dossier.Extraction{DocumentID: id, Text: text, Pipeline: []string{"test"}, Version: "t"}
	for _, w := range strings.Fields(text) {
		if w[0] >= 'A' && w[0] <= 'Z' {
			x.Entities = append(x.Entities, dossier.DocEntity{ID: "e" + string(rune('0'+len(x.Entities))), Type: "PER", Name: w})
		}
	}
	return x, nil
}

func TestIngestExtracts(t *testing.T) {
	ctx := context.Background()
	dir := writeFiles(t, map[string]string{"a.txt": "Cabello denied it", "b.txt": "Maduro and Carvajal met"})
	db := sqlite.NewDB(filepath.Join(t.TempDir(), "x.db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	docs, xs := sqlite.NewDocumentService(db), sqlite.NewExtractionService(db)

	// A run whose extractor fails stores the documents and reports it.
	in := ingest.NewIngester(docs)
	in.Extractor, in.Extractions = capitalized{fail: true}, xs
	var reported []error
	in.Report = func(err error) { reported = append(reported, err) }
	st, err := in.Run(ctx, []string{dir}, nil)
	if err != nil || st.New != 2 || st.Extracted != 0 || len(reported) != 2 {
		t.Fatalf("failing extractor: %+v %v %v", st, err, reported)
	}

	// The next run extracts the documents stored without extraction.
	in = ingest.NewIngester(docs)
	in.Extractor, in.Extractions = capitalized{}, xs
	st, err = in.Run(ctx, []string{dir}, nil)
	if err != nil || st.Known != 2 || st.Extracted != 2 || st.Entities != 3 {
		t.Fatalf("second run: %+v %v", st, err)
	}
	refs, err := xs.FindEntitiesByName(ctx, "carvajal")
	if err != nil || len(refs) != 1 {
		t.Errorf("stored entities: %v %v", refs, err)
	}
	// A third run has nothing to do.
	in = ingest.NewIngester(docs)
	in.Extractor, in.Extractions = capitalized{}, xs
	st, _ = in.Run(ctx, []string{dir}, nil)
	if st.Extracted != 0 {
		t.Errorf("third run extracted %d again", st.Extracted)
	}
}

// cancelling runs the real pipeline after canceling the run's context,
// as when SIGINT arrives during an extraction.
type cancelling struct {
	cancel context.CancelFunc
	p      *pipeline.Pipeline
}

func (c cancelling) Extract(ctx context.Context, id, text string) (*dossier.Extraction, error) {
	c.cancel()
	return c.p.Extract(ctx, id, text)
}

// TestIngestStopsWhenCanceled: an extraction stopped because the run's
// context ended stops the run with ctx's error; it is not reported as a
// bad record, and the document stays stored for the next run to extract.
func TestIngestStopsWhenCanceled(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.txt": "Cabello denied it"})
	db := sqlite.NewDB(filepath.Join(t.TempDir(), "x.db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	docs, xs := sqlite.NewDocumentService(db), sqlite.NewExtractionService(db)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in := ingest.NewIngester(docs)
	in.Extractor, in.Extractions = cancelling{cancel, pipeline.Default()}, xs
	var reported []error
	in.Report = func(err error) { reported = append(reported, err) }
	st, err := in.Run(ctx, []string{dir}, nil)
	if !errors.Is(err, context.Canceled) || len(reported) != 0 || st.New != 1 || st.Extracted != 0 {
		t.Fatalf("canceled run: %+v, err %v, reported %v", st, err, reported)
	}
}
