package sqlite_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"dossier"
	"dossier/sqlite"
)

// MustOpenDB opens a database in a temporary directory.
func MustOpenDB(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db := sqlite.NewDB(filepath.Join(tb.TempDir(), "test.db"))
	if err := db.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestOpenTwiceMigratesOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "dir", "x.db")
	for i := 0; i < 2; i++ {
		db := sqlite.NewDB(path)
		if err := db.Open(); err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		var n int
		if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM migrations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Fatal("no migration recorded")
		}
		var mode string
		db.SQL().QueryRow(`PRAGMA journal_mode`).Scan(&mode)
		if mode != "wal" {
			t.Errorf("journal_mode = %q, want wal", mode)
		}
		if err := db.IntegrityCheck(context.Background()); err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
}

func TestOpenMemory(t *testing.T) {
	db := sqlite.NewDB(":memory:")
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := sqlite.NewDocumentService(db)
	if _, err := s.CreateDocument(context.Background(), &dossier.Document{Text: "x", Format: "text", Origin: "t"}); err != nil {
		t.Fatal(err)
	}
}

func TestCreateDocumentDeduplicates(t *testing.T) {
	ctx := context.Background()
	s := sqlite.NewDocumentService(MustOpenDB(t))
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
		len(got.Repairs) != 1 || got.Ingested.IsZero() {
		t.Errorf("round trip mismatch: %+v", got)
	}
}

func TestFindDocumentByIDErrors(t *testing.T) {
	ctx := context.Background()
	s := sqlite.NewDocumentService(MustOpenDB(t))
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
	s := sqlite.NewDocumentService(MustOpenDB(t))
	docs := []*dossier.Document{
		{Title: "Defector accuses official", Text: "A former bodyguard told U.S. investigators that the official runs the Cartel of the Suns.", Format: "text", Origin: "1"},
		{Title: "Markets", Text: "Oil prices rose 3 percent on Tuesday after the central bank's decision.", Format: "text", Origin: "2"},
		{Title: "Sanciones", Text: "El Tesoro anunció sanciones contra el general Cabello.", Format: "text", Origin: "3"},
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
		{"cartel", []int{0}},
		{"bodyguard investigators", []int{0}},
		{"U.S. investigators", []int{0}}, // not valid FTS5 syntax: retried with quoted terms
		{`"central bank's"`, []int{1}},
		{"anuncio", []int{2}}, // diacritics removed on both sides
		{"defector OR oil", []int{0, 1}},
		{"nothinghere", nil},
		{"((", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			hits, err := s.SearchDocuments(ctx, tt.query, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) != len(tt.want) {
				t.Fatalf("got %d hits, want %d", len(hits), len(tt.want))
			}
			for i, w := range tt.want {
				if hits[i].Document.ID != docs[w].ID {
					t.Errorf("hit %d = %q, want %q", i, hits[i].Document.Title, docs[w].Title)
				}
				if !strings.Contains(hits[i].Snippet, sqlite.MarkStart) {
					t.Errorf("snippet %q has no highlight", hits[i].Snippet)
				}
			}
		})
	}
	if _, err := s.SearchDocuments(ctx, "  ", 10); !errors.Is(err, dossier.ErrInvalid) {
		t.Errorf("empty query: err = %v, want ErrInvalid", err)
	}
}

// Several processes opening one new database at once must all succeed:
// the migrations are applied once, by whichever gets the write lock
// first, and the others wait for it instead of failing with "database
// is locked". The processes are this test binary run again with
// DOSSIER_TEST_OPEN set.
func TestConcurrentOpenOfNewDatabase(t *testing.T) {
	if path := os.Getenv("DOSSIER_TEST_OPEN"); path != "" {
		db := sqlite.NewDB(path)
		if err := db.Open(); err != nil {
			fmt.Fprintln(os.Stderr, "open:", err)
			os.Exit(3)
		}
		db.Close()
		return
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 3; round++ {
		path := filepath.Join(t.TempDir(), "new.db")
		const n = 6
		cmds := make([]*exec.Cmd, n)
		outs := make([]*bytes.Buffer, n)
		for i := range cmds {
			cmds[i] = exec.Command(exe, "-test.run=^TestConcurrentOpenOfNewDatabase$", "-test.count=1")
			cmds[i].Env = append(os.Environ(), "DOSSIER_TEST_OPEN="+path)
			outs[i] = &bytes.Buffer{}
			cmds[i].Stdout, cmds[i].Stderr = outs[i], outs[i]
		}
		for _, c := range cmds {
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
		}
		for i, c := range cmds {
			if err := c.Wait(); err != nil {
				t.Errorf("round %d, process %d: %v\n%s", round, i, err, outs[i])
			}
		}
		// And several handles in this process at once.
		path = filepath.Join(t.TempDir(), "new2.db")
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				db := sqlite.NewDB(path)
				if errs[i] = db.Open(); errs[i] == nil {
					db.Close()
				}
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("round %d, handle %d: %v", round, i, err)
			}
		}
		db := sqlite.NewDB(path)
		if err := db.Open(); err != nil {
			t.Fatal(err)
		}
		var applied int
		if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM migrations`).Scan(&applied); err != nil {
			t.Fatal(err)
		}
		names, _ := filepath.Glob("migration/*.sql")
		if applied != len(names) {
			t.Errorf("%d migrations recorded, want %d", applied, len(names))
		}
		db.Close()
	}
}
