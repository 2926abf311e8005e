package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	_ "modernc.org/sqlite" // the "sqlite" driver, for the tokenizer only
)

// The server's in-memory news index (package fts) ranks full-text
// matches exactly as SQLite's FTS5 does, from the tokens FTS5's
// unicode61 tokenizer makes of each document. DocumentTerms gives it the
// same tokens from PostgreSQL, so that a server over either store finds
// the same documents in the same order: the texts are tokenized by that
// tokenizer itself, in a private in-memory SQLite database (pure Go, no
// file), not by PostgreSQL's parser, whose words differ (it keeps
// hyphenated words whole as well as their parts, and e-mail addresses
// and URLs whole).

// ftsTokenize is the tokenizer of the SQLite store's documents_fts.
const ftsTokenize = "unicode61 remove_diacritics 2"

// termsChunk bounds the documents DocumentTerms reads and tokenizes at
// once.
const termsChunk = 200

// tokenizer is an in-memory SQLite database with an FTS5 table t
// (title, text) and an fts5vocab table v of its token instances.
type tokenizer struct {
	mu sync.Mutex
	db *sql.DB
}

func (tk *tokenizer) close() {
	tk.mu.Lock()
	defer tk.mu.Unlock()
	if tk.db != nil {
		tk.db.Close()
		tk.db = nil
	}
}

// count returns, for each document, the count of each token of its
// title and of its text.
func (tk *tokenizer) count(ctx context.Context, titles, texts []string) (title, text []map[string]int, err error) {
	tk.mu.Lock()
	defer tk.mu.Unlock()
	if tk.db == nil {
		db, err := sql.Open("sqlite", ":memory:")
		if err != nil {
			return nil, nil, err
		}
		db.SetMaxOpenConns(1) // every connection to :memory: is another database
		if _, err := db.ExecContext(ctx, `
			CREATE VIRTUAL TABLE t USING fts5(title, text, tokenize = '`+ftsTokenize+`');
			CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');`); err != nil {
			db.Close()
			return nil, nil, fmt.Errorf("tokenizer: %w", err)
		}
		tk.db = db
	}
	// The rows live only in this transaction, which rolls back.
	tx, err := tk.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, nil, err
	}
	defer tx.Rollback()
	title, text = make([]map[string]int, len(titles)), make([]map[string]int, len(titles))
	for k := range titles {
		title[k], text[k] = map[string]int{}, map[string]int{}
		if _, err := tx.ExecContext(ctx, `INSERT INTO t (rowid, title, text) VALUES (?, ?, ?)`, k+1, titles[k], texts[k]); err != nil {
			return nil, nil, err
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT term, doc, col FROM v`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var term, col string
		var k int
		if err := rows.Scan(&term, &k, &col); err != nil {
			return nil, nil, err
		}
		if k < 1 || k > len(titles) {
			return nil, nil, fmt.Errorf("tokenizer: token of row %d of %d", k, len(titles))
		}
		switch col {
		case "title":
			title[k-1][term]++
		case "text":
			text[k-1][term]++
		default:
			return nil, nil, fmt.Errorf("tokenizer: token of column %q", col)
		}
	}
	return title, text, rows.Err()
}

// DocumentTerms calls fn, in ID order, with each stored document of ids
// (every stored document when ids is nil) and the tokens FTS5's
// unicode61 tokenizer makes of its title and of its text, each with its
// number of occurrences (server.TermSource). Documents not stored are
// skipped; a document without tokens is still passed, with empty maps.
func (s *DocumentService) DocumentTerms(ctx context.Context, ids []string, fn func(id string, title, text map[string]int) error) error {
	if ids == nil {
		all, err := scanStrings(s.db.pool.Query(ctx, `SELECT id FROM documents ORDER BY id`))
		if err != nil {
			return fmt.Errorf("document terms: %w", err)
		}
		ids = all
	}
	for len(ids) > 0 {
		n := min(len(ids), termsChunk)
		if err := s.documentTerms(ctx, ids[:n], fn); err != nil {
			return fmt.Errorf("document terms: %w", err)
		}
		ids = ids[n:]
	}
	return nil
}

func (s *DocumentService) documentTerms(ctx context.Context, ids []string, fn func(id string, title, text map[string]int) error) error {
	rows, err := s.db.pool.Query(ctx, `SELECT id, title, text FROM documents WHERE id = ANY($1) ORDER BY id`, ids)
	if err != nil {
		return err
	}
	var docIDs, titles, texts []string
	for rows.Next() {
		var id, title, text string
		if err := rows.Scan(&id, &title, &text); err != nil {
			rows.Close()
			return err
		}
		docIDs, titles, texts = append(docIDs, id), append(titles, title), append(texts, text)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(docIDs) == 0 {
		return nil
	}
	title, text, err := s.db.tok.count(ctx, titles, texts)
	if err != nil {
		return err
	}
	for k, id := range docIDs {
		if err := fn(id, title[k], text[k]); err != nil {
			return err
		}
	}
	return nil
}
