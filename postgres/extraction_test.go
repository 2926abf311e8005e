package postgres_test

import (
	"context"
	"errors"
	"testing"

	"dossier"
	"dossier/postgres"
)

func TestSaveExtraction(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	docs := postgres.NewDocumentService(db)
	text := "Gen. Hugo Carvajal was arrested. Carvajal denied it."
	d := &dossier.Document{Text: text, Format: "text", Origin: "t"}
	if _, err := docs.CreateDocument(ctx, d); err != nil {
		t.Fatal(err)
	}
	x := &dossier.Extraction{DocumentID: d.ID, Pipeline: []string{"segment", "recognize"}, Version: "test",
		Entities: []dossier.DocEntity{{ID: "e1", Type: "PER", Name: "Hugo Carvajal", Aliases: []string{"El Pollo"},
			Mentions: []dossier.Mention{{Start: 5, End: 18, Text: "Hugo Carvajal"}, {Start: 33, End: 41, Text: "Carvajal"}}}},
		Claims: []dossier.Claim{
			{ID: "c1", Subject: "e1", SubjectName: "Hugo Carvajal", Topic: "crime", Stance: dossier.StanceCharged, Evidence: dossier.Evidence{Start: 0, End: 32, Text: text[:32]}},
			{ID: "c2", Subject: "e1", SubjectName: "Hugo Carvajal", Topic: "crime", Stance: dossier.StanceDenied, Denies: "c1",
				Speaker: &dossier.Source{Entity: "e1", Name: "Hugo Carvajal"}, Evidence: dossier.Evidence{Start: 33, End: 52, Text: text[33:52]}}},
		Relations:    []dossier.Relation{{Schema: "Associate", Subject: "e1", Object: "e1"}},
		Sources:      []dossier.Source{{Name: "people close to the case", Anonymous: true}},
		Attributions: []dossier.Attribution{{Cue: dossier.Evidence{Start: 42, End: 48, Text: "denied"}}},
		Adverse:      &dossier.Adverse{Score: 0.9, Adverse: true, Topics: []string{"crime"}}}
	es := postgres.NewExtractionService(db)
	for i := 0; i < 2; i++ { // saving twice replaces
		if err := es.SaveExtraction(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	got, err := es.FindExtraction(ctx, d.ID)
	if err != nil || len(got.Entities) != 1 || got.Entities[0].Name != "Hugo Carvajal" || len(got.Pipeline) != 2 {
		t.Fatalf("FindExtraction: %v %+v", err, got)
	}
	if len(got.Claims) != 2 || got.Claims[1].Denies != "c1" || got.Claims[1].Speaker == nil || len(got.Relations) != 1 ||
		len(got.Sources) != 1 || !got.Sources[0].Anonymous || len(got.Attributions) != 1 || got.Adverse == nil || got.Adverse.Score != 0.9 {
		t.Errorf("claims, relations, sources, attributions or adverse lost: %+v", got)
	}
	dos, err := es.FindDossier(ctx, "hugo carvajal")
	if err != nil || len(dos.Entries) != 1 || len(dos.Entries[0].Claims) != 2 {
		t.Errorf("FindDossier: %v %+v", err, dos)
	}
	if _, err := es.FindDossier(ctx, "Nobody Atall"); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("FindDossier of an unknown name: %v", err)
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
	if got := postgres.Fold("  Nicolás   MADURO "); got != "nicolas maduro" {
		t.Errorf("Fold = %q", got)
	}
}
