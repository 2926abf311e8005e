package postgres_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"dossier"
	"dossier/postgres"
)

// TestExtractionChanges: storing a document, saving, saving again and
// deleting a document's extraction each give it the next change number; FindExtractions reads
// what FindExtraction reads, with the text, for many documents at once.
func TestExtractionChanges(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	docs, es := postgres.NewDocumentService(db), postgres.NewExtractionService(db)
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
	if _, err := db.Pool().Exec(ctx, `DELETE FROM documents WHERE id = $1`, ids[1]); err != nil {
		t.Fatal(err)
	}
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

// TestDataVersion: the data version stays put while nothing is written

// TestDataVersion: the data version stays put while nothing is written
// and changes after a commit through the same DB and through another DB
// on the same database (as another process writes).
func TestDataVersion(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	es := postgres.NewExtractionService(db)
	version := func() int64 {
		t.Helper()
		v, ok, err := es.DataVersion(ctx)
		if err != nil || !ok {
			t.Fatalf("data version: %d, %v, %v", v, ok, err)
		}
		return v
	}
	v0 := version()
	if _, err := db.Pool().Exec(ctx, `SELECT count(*) FROM documents`); err != nil {
		t.Fatal(err)
	}
	if v := version(); v != v0 {
		t.Fatalf("no write: version %d, then %d", v0, v)
	}
	docs := postgres.NewDocumentService(db)
	if _, err := docs.CreateDocument(ctx, &dossier.Document{Text: "Anna Berg was charged.", Format: "text", Origin: "t"}); err != nil {
		t.Fatal(err)
	}
	v1 := version()
	if v1 == v0 {
		t.Fatalf("a document stored through the same DB: version still %d", v1)
	}
	other := postgres.NewDB(db.DSN)
	if err := other.Open(); err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := postgres.NewDocumentService(other).CreateDocument(ctx, &dossier.Document{Text: "Tom Reed denied it.", Format: "text", Origin: "t"}); err != nil {
		t.Fatal(err)
	}
	if v := version(); v == v1 {
		t.Fatalf("a document stored by another DB: version still %d", v)
	}
	// A transaction rolled back leaves no change behind.
	v2 := version()
	tx, err := db.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO documents (id, text, format, origin, ingested) VALUES ('ffff', 'x', 'text', 't', 'now')`); err != nil {
		t.Fatal(err)
	}
	tx.Rollback(ctx)
	if v := version(); v != v2 {
		t.Errorf("a rolled-back insert moved the version from %d to %d", v2, v)
	}
}

// Change numbers follow commit order: writers on several connections
// at once never commit a number below one a reader has already seen, so
// a reader that polls FindExtractionChanges and reads again what
// changed, as the server's news index does, misses no extraction (each
// document is stored, then extracted, in two transactions: a missed
// second change leaves it without one).
func TestExtractionChangesConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	es := postgres.NewExtractionService(db)
	const writers, each = 4, 40
	done := make(chan error, writers)
	for w := range writers {
		go func() {
			other := postgres.NewDB(db.DSN)
			if err := other.Open(); err != nil {
				done <- err
				return
			}
			defer other.Close()
			docs, xs := postgres.NewDocumentService(other), postgres.NewExtractionService(other)
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
	if err := db.Pool().QueryRow(ctx, `SELECT count(*) FROM extractions`).Scan(&stored); err != nil {
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
	// Every change is counted once: the counter is the last number.
	if v, _, err := es.DataVersion(ctx); err != nil || v != last {
		t.Errorf("counter %d, last change %d, %v", v, last, err)
	}
}
