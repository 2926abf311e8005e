package postgres_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"dossier"
	"dossier/postgres"
)

func TestCreateDocumentDeduplicates(t *testing.T) {
	ctx := context.Background()
	s := postgres.NewDocumentService(MustOpenDB(t))
	pub := time.Date(2021, 7, 15, 9, 30, 0, 0, time.UTC)
	d := &dossier.Document{
		Text: "The general was arrested in Madrid on a U.S. drug warrant.", Title: "General arrested",
		URL: "https://example.org/a", Source: "Example Wire", Published: pub, Format: "text",
		Origin: "a.txt", Repairs: []string{"mojibake: 1 fixed"},
	}
	created, err := s.CreateDocument(ctx, d)
	if err != nil || !created {
		t.Fatalf("first create = %v, %v; want true, nil", created, err)
	}
	if d.ID != dossier.DocumentID(d.Text) {
		t.Errorf("ID = %s, want hash of text", d.ID)
	}
	again := *d
	again.Origin = "copy.txt"
	created, err = s.CreateDocument(ctx, &again)
	if err != nil || created {
		t.Fatalf("second create = %v, %v; want false, nil", created, err)
	}
	if n, _ := s.CountDocuments(ctx); n != 1 {
		t.Fatalf("count = %d, want 1", n)
	}
	got, err := s.FindDocumentByID(ctx, d.ID[:8])
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != d.Text || got.Title != d.Title || !got.Published.Equal(pub) || got.Origin != "a.txt" ||
		len(got.Repairs) != 1 || got.Ingested.IsZero() || got.URL != d.URL || got.Source != d.Source {
		t.Errorf("round trip mismatch: %+v", got)
	}
}

func TestFindDocumentByIDErrors(t *testing.T) {
	ctx := context.Background()
	s := postgres.NewDocumentService(MustOpenDB(t))
	for _, id := range []string{"", "abc", "zzzzzzzz", "0123456789abcdef"} {
		if _, err := s.FindDocumentByID(ctx, id); !errors.Is(err, dossier.ErrNotFound) {
			t.Errorf("FindDocumentByID(%q) = %v, want ErrNotFound", id, err)
		}
	}
	// Two documents whose IDs share a 4-digit prefix make that prefix
	// ambiguous; by the birthday bound a few hundred documents suffice.
	seen := map[string]bool{}
	for i := 0; i < 5000; i++ {
		d := &dossier.Document{Text: strings.Repeat("x", i+1), Format: "text", Origin: "t"}
		if _, err := s.CreateDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
		if p := d.ID[:4]; seen[p] {
			if _, err := s.FindDocumentByID(ctx, p); !errors.Is(err, dossier.ErrAmbiguous) {
				t.Errorf("prefix %s: err = %v, want ErrAmbiguous", p, err)
			}
			return
		}
		seen[d.ID[:4]] = true
	}
	t.Fatal("no shared prefix found")
}

func TestSearchDocuments(t *testing.T) {
	ctx := context.Background()
	s := postgres.NewDocumentService(MustOpenDB(t))
	docs := []*dossier.Document{
		{Title: "Defector accuses official", Text: "A former bodyguard told U.S. investigators that the official runs the Cartel of the Suns.", Format: "text", Origin: "1"},
		{Title: "Markets", Text: "Oil prices rose 3 percent on Tuesday after the central bank's decision.", Format: "text", Origin: "2"},
		{Title: "Sanciones", Text: "El Tesoro anunció sanciones contra el general Cabello.", Format: "text", Origin: "3"},
		{Title: "Cartel leader named", Text: "Prosecutors named the leader of a second group.", Format: "text", Origin: "4"},
	}
	for _, d := range docs {
		if _, err := s.CreateDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		query string
		want  []int // indexes into docs, best first
	}{
		{"cartel", []int{3, 0}}, // in the title, which weighs more, then in the text
		{"bodyguard investigators", []int{0}},
		{"U.S. investigators", []int{0}},
		{`"central bank's"`, []int{1}},
		{"anuncio", []int{2}}, // accents removed from the text
		{"ANUNCIÓ", []int{2}}, // and from the query, case folded
		{"Tésoro", []int{2}},  // an accent the text does not have
		{"defector OR oil", []int{0, 1}},
		{"cartel -suns", []int{3}},
		{`"runs the cartel"`, []int{0}},
		{`"the cartel runs"`, nil}, // a phrase in another order
		{"nothinghere", nil},
		{"((", nil},
		{`"unterminated`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			hits, err := s.SearchDocuments(ctx, tt.query, 10)
			if err != nil {
				t.Fatal(err)
			}
			ids, err := s.SearchDocumentIDs(ctx, tt.query, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) != len(tt.want) || len(ids) != len(tt.want) {
				t.Fatalf("got %d hits and %d IDs, want %d", len(hits), len(ids), len(tt.want))
			}
			for i, w := range tt.want {
				if hits[i].Document.ID != docs[w].ID {
					t.Errorf("hit %d = %q, want %q", i, hits[i].Document.Title, docs[w].Title)
				}
				if ids[i] != docs[w].ID {
					t.Errorf("ID %d = %s, want %s", i, ids[i], docs[w].ID)
				}
				if !strings.Contains(hits[i].Snippet, postgres.MarkStart) {
					t.Errorf("snippet %q has no highlight", hits[i].Snippet)
				}
				if i > 0 && hits[i].Rank < hits[i-1].Rank {
					t.Errorf("hit %d ranks %v, better than hit %d's %v", i, hits[i].Rank, i-1, hits[i-1].Rank)
				}
			}
		})
	}
	if _, err := s.SearchDocuments(ctx, "  ", 10); !errors.Is(err, dossier.ErrInvalid) {
		t.Errorf("empty query: err = %v, want ErrInvalid", err)
	}
	if _, err := s.SearchDocumentIDs(ctx, "", 10); !errors.Is(err, dossier.ErrInvalid) {
		t.Errorf("empty query: err = %v, want ErrInvalid", err)
	}
}

// A snippet is a window of the matching column with the matched words
// marked, and an ellipsis at each end that is not the column's.
func TestSearchSnippets(t *testing.T) {
	ctx := context.Background()
	s := postgres.NewDocumentService(MustOpenDB(t))
	long := "One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " +
		"sixteen seventeen eighteen nineteen twenty the Ministry of Finance froze the accounts of the company " +
		"on Monday and said more measures would follow within weeks if the board did not answer to regulators " +
		"alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau."
	docs := []*dossier.Document{
		{Title: "Accounts frozen", Text: long, Format: "text", Origin: "1"},
		{Title: "Finanzministerium", Text: "Short text.", Format: "text", Origin: "2"},
	}
	for _, d := range docs {
		if _, err := s.CreateDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	mark := func(s string) string {
		return strings.NewReplacer(postgres.MarkStart, "[", postgres.MarkEnd, "]").Replace(s)
	}
	hits, err := s.SearchDocuments(ctx, "froze", 10)
	if err != nil || len(hits) != 1 {
		t.Fatalf("hits = %v, %v", hits, err)
	}
	got := mark(hits[0].Snippet)
	t.Logf("snippet: %s", got)
	if !strings.Contains(got, "[froze]") || !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") ||
		len(strings.Fields(got)) > 20 {
		t.Errorf("snippet %q: want a marked window of about 16 words with an ellipsis at both ends", got)
	}
	// A match in the title only: the title is the snippet, whole.
	hits, err = s.SearchDocuments(ctx, "finanzministerium", 10)
	if err != nil || len(hits) != 1 {
		t.Fatalf("hits = %v, %v", hits, err)
	}
	if got := mark(hits[0].Snippet); got != "[Finanzministerium]" {
		t.Errorf("title snippet = %q", got)
	}
	// A match at the start of the text: no leading ellipsis.
	hits, err = s.SearchDocuments(ctx, "one", 10)
	if err != nil || len(hits) != 1 {
		t.Fatalf("hits = %v, %v", hits, err)
	}
	if got := mark(hits[0].Snippet); !strings.HasPrefix(got, "[One] two") || !strings.HasSuffix(got, "…") {
		t.Errorf("snippet at the start = %q", got)
	}
}

// Text PostgreSQL cannot store is refused with ErrInvalid, naming the
// field; nothing is stored.
func TestCreateDocumentRefusesUnstorableText(t *testing.T) {
	ctx := context.Background()
	s := postgres.NewDocumentService(MustOpenDB(t))
	for _, tt := range []struct {
		Name  string
		Doc   dossier.Document
		Field string
	}{
		{"NUL in text", dossier.Document{Text: "a\x00b", Format: "text", Origin: "t"}, "text: NUL byte at offset 1"},
		{"invalid UTF-8 in title", dossier.Document{Text: "ok", Title: "\xff", Format: "text", Origin: "t"}, "title: invalid UTF-8"},
	} {
		t.Run(tt.Name, func(t *testing.T) {
			d := tt.Doc
			created, err := s.CreateDocument(ctx, &d)
			if created || !errors.Is(err, dossier.ErrInvalid) || !strings.Contains(err.Error(), tt.Field) {
				t.Errorf("created %v, err %v; want ErrInvalid naming %q", created, err, tt.Field)
			}
		})
	}
	if n, err := s.CountDocuments(ctx); err != nil || n != 0 {
		t.Errorf("%d documents stored, %v", n, err)
	}
}
