package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"dossier"
)

func testSaveExtraction(t *testing.T, st Store) {
	ctx := context.Background()
	svc, _ := open(t, st)
	docs := svc.Documents
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
	es := svc.Extractions
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
		refs, err := svc.FindEntitiesByName(ctx, q)
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
	if got := svc.Fold("  Nicolás   MADURO "); got != "nicolas maduro" {
		t.Errorf("Fold = %q", got)
	}
}

// TestExtractionChanges: storing a document, saving, saving again and
// deleting a document's extraction each give it the next change number; FindExtractions reads
// what FindExtraction reads, with the text, for many documents at once.
func testExtractionChanges(t *testing.T, st Store) {
	ctx := context.Background()
	svc, _ := open(t, st)
	docs, es := svc.Documents, svc.Extractions
	if last, err := es.LastExtractionChange(ctx); err != nil || last != 0 {
		t.Fatalf("empty database: last change %d, %v", last, err)
	}
	var ids []string
	for _, text := range []string{"Anna Berg was charged in Oslo.", "Tom Reed denied it.", "Stored without extraction."} {
		d := &dossier.Document{Text: text, Format: "text", Origin: "t"}
		if _, err := docs.CreateDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	save := func(id, name string) {
		t.Helper()
		x := &dossier.Extraction{DocumentID: id, Pipeline: []string{"test"}, Version: "test",
			Entities: []dossier.DocEntity{{ID: "e1", Type: "PER", Name: name, Aliases: []string{"Alias"}}},
			Claims:   []dossier.Claim{{ID: "c1", Subject: "e1", Topic: "crime", Stance: dossier.StanceCharged}}}
		if err := es.SaveExtraction(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	// Storing a document is a change (migration 0011), with or
	// without an extraction.
	changed, stored, err := es.FindExtractionChanges(ctx, 0)
	if err != nil || len(changed) != 3 || stored != 3 {
		t.Fatalf("after storing three documents: %v, last %d, %v", changed, stored, err)
	}
	save(ids[0], "Anna Berg")
	save(ids[1], "Tom Reed")
	changed, last, err := es.FindExtractionChanges(ctx, stored)
	if err != nil || !slices.Equal(changed, ids[:2]) || last != stored+2 {
		t.Fatalf("after two saves: %v, last %d, %v", changed, last, err)
	}
	if changed, again, err := es.FindExtractionChanges(ctx, last); err != nil || len(changed) != 0 || again != last {
		t.Fatalf("nothing new: %v, last %d, %v", changed, again, err)
	}
	save(ids[0], "Anna Berg") // a save deletes and inserts: two changes
	changed, next, err := es.FindExtractionChanges(ctx, last)
	if err != nil || !slices.Equal(changed, ids[:1]) || next != last+2 {
		t.Fatalf("after saving again: %v, last %d, %v", changed, next, err)
	}
	mustExec(t, svc, fmt.Sprintf(`DELETE FROM documents WHERE id = '%s'`, ids[1])) // a hex digest
	changed, final, err := es.FindExtractionChanges(ctx, next)
	// The document's deletion and its extraction's: two changes.
	if err != nil || !slices.Equal(changed, ids[1:2]) || final != next+2 {
		t.Fatalf("after deleting a document: %v, last %d, %v", changed, final, err)
	}
	if l, err := es.LastExtractionChange(ctx); err != nil || l != final {
		t.Errorf("last change %d, %v; want %d", l, err, final)
	}

	// Bulk reads: the one document left with an extraction, as
	// FindExtraction reads it plus the text; none for the others.
	var got []*dossier.Extraction
	for _, want := range [][]string{nil, ids} {
		got = got[:0]
		err := es.FindExtractions(ctx, want, func(d *dossier.Document, x *dossier.Extraction) error {
			if d.ID != x.DocumentID || x.Text != d.Text {
				t.Errorf("document %s with extraction of %s, text %q", d.ID, x.DocumentID, x.Text)
			}
			got = append(got, x)
			return nil
		})
		if err != nil || len(got) != 1 || got[0].DocumentID != ids[0] {
			t.Fatalf("FindExtractions(%v): %d, %v", want, len(got), err)
		}
		one, err := es.FindExtraction(ctx, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		one.Text = got[0].Text
		if !reflect.DeepEqual(one, got[0]) {
			t.Errorf("FindExtractions %+v, FindExtraction %+v", got[0], one)
		}
	}
	if es.NameKey("ÁNNA  Berg") != "anna berg" || es.AliasKey("ÁLias") != "Álias" {
		t.Errorf("keys: %q %q", es.NameKey("ÁNNA  Berg"), es.AliasKey("ÁLias"))
	}
	hits, err := docs.SearchDocumentIDs(ctx, `"berg" OR "reed"`, 10)
	if err != nil || !slices.Equal(hits, ids[:1]) {
		t.Errorf("SearchDocumentIDs: %v, %v", hits, err)
	}
	full, err := docs.SearchDocuments(ctx, "U.S. (berg", 10)
	ids2, err2 := docs.SearchDocumentIDs(ctx, "U.S. (berg", 10)
	if err != nil || err2 != nil || len(full) != len(ids2) {
		t.Errorf("a query retried quoted: %d hits %v, %d IDs %v", len(full), err, len(ids2), err2)
	}
}

// Change numbers follow commit order: writers on several connections
// at once never commit a number below one a reader has already seen, so
// a reader that polls FindExtractionChanges and reads again what
// changed, as the server's news index does, misses no extraction (each
// document is stored, then extracted, in two transactions: a missed
// second change leaves it without one).
func testExtractionChangesConcurrentWriters(t *testing.T, st Store) {
	ctx := context.Background()
	svc, reopen := open(t, st)
	es := svc.Extractions
	const writers, each = 4, 40
	done := make(chan error, writers)
	others := make([]*Services, writers) // each as another process would open the database
	for w := range others {
		others[w] = reopen(t)
	}
	for w := range writers {
		go func() {
			docs, xs := others[w].Documents, others[w].Extractions
			for i := range each {
				d := &dossier.Document{Text: fmt.Sprintf("writer %d document %d", w, i), Format: "text", Origin: "t"}
				if _, err := docs.CreateDocument(ctx, d); err != nil {
					done <- err
					return
				}
				x := &dossier.Extraction{DocumentID: d.ID, Pipeline: []string{"test"}, Version: "test",
					Entities: []dossier.DocEntity{{ID: "e1", Type: "PER", Name: fmt.Sprintf("Person %d %d", w, i)}}}
				if err := xs.SaveExtraction(ctx, x); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	seen := map[string]bool{}
	var last int64
	poll := func() {
		t.Helper()
		ids, next, err := es.FindExtractionChanges(ctx, last)
		if err != nil {
			t.Fatal(err)
		}
		if next < last {
			t.Fatalf("last change went back from %d to %d", last, next)
		}
		for _, id := range ids {
			if seen[id], err = es.HasExtraction(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
		last = next
	}
	for finished := 0; finished < writers; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			finished++
		default:
			poll()
		}
	}
	poll()
	var stored int
	if err := es.FindExtractions(ctx, nil, func(*dossier.Document, *dossier.Extraction) error { stored++; return nil }); err != nil {
		t.Fatal(err)
	}
	extracted := 0
	for _, ok := range seen {
		if ok {
			extracted++
		}
	}
	if stored != writers*each || extracted != stored {
		t.Errorf("%d extractions stored, %d seen by polling; want %d", stored, extracted, writers*each)
	}
}

// testDataVersion: the data version stays put while nothing is written
// and changes after a commit through the same database handle and
// through another (as another process writes).
func testDataVersion(t *testing.T, st Store) {
	ctx := context.Background()
	svc, reopen := open(t, st)
	version := func() int64 {
		t.Helper()
		v, ok, err := svc.Extractions.DataVersion(ctx)
		if err != nil || !ok {
			t.Fatalf("data version: %d, %v, %v", v, ok, err)
		}
		return v
	}
	v0 := version()
	mustExec(t, svc, `SELECT count(*) FROM documents`)
	if v := version(); v != v0 {
		t.Fatalf("no write: version %d, then %d", v0, v)
	}
	if _, err := svc.Documents.CreateDocument(ctx, &dossier.Document{Text: "Anna Berg was charged.", Format: "text", Origin: "t"}); err != nil {
		t.Fatal(err)
	}
	v1 := version()
	if v1 == v0 {
		t.Fatalf("a document stored through the same handle: version still %d", v1)
	}
	if _, err := reopen(t).Documents.CreateDocument(ctx, &dossier.Document{Text: "Tom Reed denied it.", Format: "text", Origin: "t"}); err != nil {
		t.Fatal(err)
	}
	if v := version(); v == v1 {
		t.Fatalf("a document stored through another handle: version still %d", v)
	}
}

// testFindDocuments: the stored documents, the most recently ingested
// first, paged by offset and limit.
func testFindDocuments(t *testing.T, st Store) {
	ctx := context.Background()
	svc, _ := open(t, st)
	var ids []string
	for i, text := range []string{"Anna Berg was charged.", "Tom Reed denied it.", "Ivo Lund was cleared."} {
		svc.SetNow(func() time.Time { return time.Date(2026, 3, 1+i, 9, 0, 0, 0, time.UTC) })
		d := &dossier.Document{Text: text, Format: "text", Origin: "t"}
		if _, err := svc.Documents.CreateDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	page := func(offset, limit int) []string {
		t.Helper()
		ds, err := svc.Documents.FindDocuments(ctx, offset, limit)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range ds {
			if d.Text == "" {
				t.Errorf("document %s without its text", d.ID)
			}
			got = append(got, d.ID)
		}
		return got
	}
	if got, want := page(0, 2), []string{ids[2], ids[1]}; !slices.Equal(got, want) {
		t.Errorf("first page %v, want %v (newest first)", got, want)
	}
	if got := page(2, 2); !slices.Equal(got, ids[:1]) {
		t.Errorf("second page %v, want %v", got, ids[:1])
	}
	if got := page(3, 2); len(got) != 0 {
		t.Errorf("past the end: %v", got)
	}
	if got := page(-1, 0); len(got) != 3 {
		t.Errorf("offset -1, limit 0: %v, want all three", got)
	}
}
