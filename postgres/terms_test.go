package postgres_test

import (
	"context"
	"maps"
	"testing"

	"dossier"
	"dossier/postgres"
	"dossier/sqlite"
)

// DocumentTerms gives the tokens the SQLite store's full-text index
// holds of the same documents, for the server's in-memory search: the
// same IDs in the same order, with the same counts per column.
func TestDocumentTermsAsSQLite(t *testing.T) {
	ctx := context.Background()
	pg := postgres.NewDocumentService(MustOpenDB(t))
	ldb := sqlite.NewDB(":memory:")
	if err := ldb.Open(); err != nil {
		t.Fatal(err)
	}
	defer ldb.Close()
	lite := sqlite.NewDocumentService(ldb)
	docs := []*dossier.Document{
		{Title: "U.S. co-founder charged", Text: "The co-founder of Acme-Global, reachable at boss@example.org, moved $3.5m (3,5 %) via https://example.org/a?b=c.", Format: "text", Origin: "1"},
		{Title: "Sanciones", Text: "El Tesoro anunció sanciones contra la señora Núñez; ÉLITE, Straße, İstanbul, Ǆ, ﬁne.", Format: "text", Origin: "2"},
		{Title: "", Text: "…", Format: "text", Origin: "3"}, // no tokens at all
		{Title: "Москва и 北京", Text: "Ελληνικά — ١٢٣ O'Brien's rock'n'roll", Format: "text", Origin: "4"},
	}
	for _, d := range docs {
		for _, s := range []dossier.DocumentService{pg, lite} {
			c := *d
			if _, err := s.CreateDocument(ctx, &c); err != nil {
				t.Fatal(err)
			}
		}
	}
	type terms struct {
		id          string
		title, text map[string]int
	}
	read := func(ts interface {
		DocumentTerms(context.Context, []string, func(string, map[string]int, map[string]int) error) error
	}, ids []string) []terms {
		var out []terms
		if err := ts.DocumentTerms(ctx, ids, func(id string, title, text map[string]int) error {
			out = append(out, terms{id, title, text})
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, ids := range [][]string{nil, {dossier.DocumentID(docs[1].Text), "0000", dossier.DocumentID(docs[0].Text)}} {
		got, want := read(pg, ids), read(lite, ids)
		if len(got) != len(want) {
			t.Fatalf("ids %v: %d documents, SQLite %d", ids, len(got), len(want))
		}
		for i := range want {
			if got[i].id != want[i].id || !maps.Equal(got[i].title, want[i].title) || !maps.Equal(got[i].text, want[i].text) {
				t.Errorf("document %d:\npostgres %v\nsqlite   %v", i, got[i], want[i])
			}
		}
	}
}
