package fts_test

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"dossier/fts"

	_ "modernc.org/sqlite"
)

// sqliteFTS is an FTS5 table as dossier's documents_fts, in memory,
// with the documents' IDs beside it.
type sqliteFTS struct {
	db *sql.DB
}

func newSQLiteFTS(tb testing.TB) *sqliteFTS {
	tb.Helper()
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		tb.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	tb.Cleanup(func() { db.Close() })
	_, err = db.Exec(`
		CREATE TABLE documents (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT NOT NULL, text TEXT NOT NULL);
		CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content = 'documents', content_rowid = 'rowid',
			tokenize = 'unicode61 remove_diacritics 2');
		CREATE VIRTUAL TABLE v USING fts5vocab(documents_fts, 'instance');
		CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
			INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
		END;
		CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
			INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
		END;`)
	if err != nil {
		tb.Fatal(err)
	}
	return &sqliteFTS{db}
}

func (s *sqliteFTS) add(tb testing.TB, id, title, text string) {
	tb.Helper()
	if _, err := s.db.Exec(`INSERT INTO documents (id, title, text) VALUES (?, ?, ?)`, id, title, text); err != nil {
		tb.Fatal(err)
	}
}

func (s *sqliteFTS) remove(tb testing.TB, id string) {
	tb.Helper()
	if _, err := s.db.Exec(`DELETE FROM documents WHERE id = ?`, id); err != nil {
		tb.Fatal(err)
	}
}

// terms reads the tokens FTS5 holds of document id, by column.
func (s *sqliteFTS) terms(tb testing.TB, id string) (title, text map[string]int) {
	tb.Helper()
	rows, err := s.db.Query(`SELECT v.term, v.col FROM v JOIN documents d ON d.rowid = v.doc WHERE d.id = ?`, id)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	title, text = map[string]int{}, map[string]int{}
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			tb.Fatal(err)
		}
		if c == "title" {
			title[t]++
		} else {
			text[t]++
		}
	}
	return title, text
}

func (s *sqliteFTS) search(tb testing.TB, words []string, limit int) []string {
	tb.Helper()
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = `"` + w + `"`
	}
	rows, err := s.db.Query(`
		SELECT d.id FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid
		WHERE documents_fts MATCH ?
		ORDER BY bm25(documents_fts, 2.0, 1.0), d.id
		LIMIT ?`, strings.Join(q, " OR "), limit)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			tb.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// TestSearchAgreesWithSQLite: over documents drawn from a small
// vocabulary (so that many scores tie and the IDs decide), with
// documents added and removed, Search finds the documents SQLite's FTS5
// query finds, in the same order, for a few hundred queries.
func TestSearchAgreesWithSQLite(t *testing.T) {
	vocab := strings.Fields("anna berg tom reed maduro cabello bank trading caracas oslo the and of charged fraud 2021 x1 ab")
	r := rand.New(rand.NewPCG(3, 5))
	sentence := func(n int) string {
		ws := make([]string, n)
		for i := range ws {
			ws[i] = vocab[r.IntN(len(vocab))]
			if r.IntN(5) == 0 {
				ws[i] = strings.ToUpper(ws[i][:1]) + ws[i][1:] + ","
			}
		}
		return strings.Join(ws, " ")
	}
	s := newSQLiteFTS(t)
	ix := fts.New(2)
	var ids []string
	compared := 0
	for round := range 6 {
		for range 40 {
			id := fmt.Sprintf("%04x", r.IntN(1<<16))
			if slices.Contains(ids, id) {
				continue
			}
			ids = append(ids, id)
			s.add(t, id, sentence(r.IntN(4)), sentence(r.IntN(40)))
			title, text := s.terms(t, id)
			ix.Put(id, title, text)
		}
		for range 8 { // some documents go
			k := r.IntN(len(ids))
			s.remove(t, ids[k])
			ix.Remove(ids[k])
			ids = slices.Delete(ids, k, k+1)
		}
		if ix.Len() != len(ids) {
			t.Fatalf("round %d: %d documents indexed, %d stored", round, ix.Len(), len(ids))
		}
		for range 60 {
			var words []string
			for range 1 + r.IntN(4) {
				w := vocab[r.IntN(len(vocab))]
				if r.IntN(8) == 0 {
					w = "absent"
				}
				if !slices.Contains(words, w) {
					words = append(words, w)
				}
			}
			limit := []int{1, 5, 50, 1000}[r.IntN(4)]
			got, ok := ix.Search(words, []float64{2.0, 1.0}, limit)
			if !ok {
				t.Fatalf("%q: not searchable", words)
			}
			want := s.search(t, words, limit)
			if !slices.Equal(got, want) {
				t.Fatalf("round %d, %q limit %d:\nindex  %v\nsqlite %v", round, words, limit, got, want)
			}
			compared++
		}
	}
	t.Logf("%d queries over %d documents", compared, len(ids))
}

func TestSearchable(t *testing.T) {
	for _, tt := range []struct {
		word string
		ok   bool
	}{
		{"maduro", true}, {"2021", true}, {"x1", true},
		{"", false}, {"Maduro", false}, {"nicolás", false}, {"a-b", false}, {"ab c", false},
	} {
		if got := fts.Searchable(tt.word); got != tt.ok {
			t.Errorf("Searchable(%q) = %v", tt.word, got)
		}
		if _, ok := fts.New(2).Search([]string{"bank", tt.word}, nil, 10); ok != tt.ok {
			t.Errorf("Search with %q: ok %v", tt.word, ok)
		}
	}
}
