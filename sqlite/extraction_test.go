package sqlite_test

import (
	"context"
	"errors"
	"testing"

	"dossier"
	"dossier/sqlite"
)

func TestSaveExtraction(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	docs := sqlite.NewDocumentService(db)
	text := "Gen. Hugo Carvajal was arrested. Carvajal denied it."
	d := &dossier.Document{Text: text, Format: "text", Origin: "t"}
	if _, err := docs.CreateDocument(ctx, d); err != nil {
		t.Fatal(err)
	}
	x := &dossier.Extraction{DocumentID: d.ID, Pipeline: []string{"segment", "recognize"}, Version: "test",
		Entities: []dossier.DocEntity{{ID: "e1", Type: "PER", Name: "Hugo Carvajal", Aliases: []string{"El Pollo"},
			Mentions: []dossier.Mention{{Start: 5, End: 18, Text: "Hugo Carvajal"}, {Start: 33, End: 41, Text: "Carvajal"}}}}}
	es := sqlite.NewExtractionService(db)
	for i := 0; i < 2; i++ { // saving twice replaces
		if err := es.SaveExtraction(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	got, err := es.FindExtraction(ctx, d.ID)
	if err != nil || len(got.Entities) != 1 || got.Entities[0].Name != "Hugo Carvajal" || len(got.Pipeline) != 2 {
		t.Fatalf("FindExtraction: %v %+v", err, got)
	}
	for _, q := range []string{"hugo carvajal", "HUGO CARVAJAL", "el pollo"} {
		refs, err := es.FindEntitiesByName(ctx, q)
		if err != nil || len(refs) != 1 || refs[0].DocumentID != d.ID {
			t.Errorf("FindEntitiesByName(%q) = %v, %v", q, refs, err)
		}
	}
	if _, err := es.FindExtraction(ctx, "nope"); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("missing: %v", err)
	}
	if err := es.SaveExtraction(ctx, &dossier.Extraction{DocumentID: "unknown-doc"}); err == nil {
		t.Error("extraction of an unknown document accepted")
	}
	if got := sqlite.Fold("  Nicolás   MADURO "); got != "nicolas maduro" {
		t.Errorf("Fold = %q", got)
	}
}
