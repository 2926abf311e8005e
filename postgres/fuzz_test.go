package postgres_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"dossier"
	"dossier/postgres"
)

// FuzzSearchDocuments: any query is answered, never with an error but
// for an empty one (ErrInvalid); every snippet's marks pair up, start
// before end; hits are ranked best first; and SearchDocumentIDs finds
// the same documents in the same order.
func FuzzSearchDocuments(f *testing.F) {
	for _, q := range []string{"cartel", "U.S. investigators", `"central bank's"`, "anunció OR oil", "-cartel suns",
		"((", `"`, "a\x00b", "\xff\xfe", "ÁNNA", "or or", "--", "!&|:*", "'", "\\", "cartel:*", "ñ", "  "} {
		f.Add(q)
	}
	ctx := context.Background()
	s := postgres.NewDocumentService(MustOpenDB(f))
	for _, d := range []*dossier.Document{
		{Title: "Defector accuses official", Text: "A former bodyguard told U.S. investigators that the official runs the Cartel of the Suns.", Format: "text", Origin: "1"},
		{Title: "Markets", Text: "Oil prices rose 3 percent on Tuesday after the central bank's decision.", Format: "text", Origin: "2"},
		{Title: "Sanciones", Text: "El Tesoro anunció sanciones contra el general Cabello; la señora Núñez no respondió.", Format: "text", Origin: "3"},
		{Title: "Cartel leader named", Text: "Prosecutors named the leader (a.k.a. \"El Jefe\") of a second group: co-founder, e-mail boss@example.org.", Format: "text", Origin: "4"},
	} {
		if _, err := s.CreateDocument(ctx, d); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, q string) {
		hits, err := s.SearchDocuments(ctx, q, 3)
		if strings.TrimSpace(q) == "" {
			if !errors.Is(err, dossier.ErrInvalid) {
				t.Fatalf("empty query %q: %v, want ErrInvalid", q, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("query %q: %v", q, err)
		}
		if len(hits) > 3 {
			t.Fatalf("query %q: %d hits, limit 3", q, len(hits))
		}
		var hitIDs []string
		for i, h := range hits {
			hitIDs = append(hitIDs, h.Document.ID)
			if i > 0 && h.Rank < hits[i-1].Rank {
				t.Errorf("query %q: hit %d ranks %v before %v", q, i, hits[i-1].Rank, h.Rank)
			}
			open := false
			for _, r := range h.Snippet {
				switch string(r) {
				case postgres.MarkStart:
					if open {
						t.Fatalf("query %q: snippet %q opens a mark twice", q, h.Snippet)
					}
					open = true
				case postgres.MarkEnd:
					if !open {
						t.Fatalf("query %q: snippet %q closes a mark not open", q, h.Snippet)
					}
					open = false
				}
			}
			if open {
				t.Fatalf("query %q: snippet %q leaves a mark open", q, h.Snippet)
			}
		}
		ids, err := s.SearchDocumentIDs(ctx, q, 3)
		if err != nil {
			t.Fatalf("query %q: IDs: %v", q, err)
		}
		if !slices.Equal(ids, hitIDs) {
			t.Errorf("query %q: SearchDocumentIDs %v, SearchDocuments %v", q, ids, hitIDs)
		}
	})
}
