package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// ftsTokenize is the tokenizer of documents_fts (migration 0001);
// DocumentTerms tokenizes with the same.
const ftsTokenize = "unicode61 remove_diacritics 2"

// termsChunk bounds the documents DocumentTerms tokenizes at once.
const termsChunk = 200

// DocumentTerms calls fn, in ID order, with each stored document of ids
// (every stored document when ids is nil) and the tokens that
// documents_fts indexes of its title and of its text, each with its
// number of occurrences: the tokens SQLite's own tokenizer makes of
// them, read back through an fts5vocab table of a private in-memory
// database. Documents not stored are skipped; a document without
// tokens is still passed, with empty maps (it counts in bm25's
// averages).
func (s *DocumentService) DocumentTerms(ctx context.Context, ids []string, fn func(id string, title, text map[string]int) error) error {
	if ids == nil {
		all, err := s.allIDs(ctx)
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

func (s *DocumentService) allIDs(ctx context.Context) ([]string, error) {
	return scanIDs(s.db.db.QueryContext(ctx, `SELECT id FROM documents ORDER BY id`))
}

func (s *DocumentService) documentTerms(ctx context.Context, ids []string, fn func(id string, title, text map[string]int) error) error {
	in := "(?" + strings.Repeat(", ?", len(ids)-1) + ")"
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	type doc struct{ id, title, text string }
	var docs []doc
	rows, err := s.db.db.QueryContext(ctx, `SELECT id, title, text FROM documents WHERE id IN `+in+` ORDER BY id`, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var d doc
		if err := rows.Scan(&d.id, &d.title, &d.text); err != nil {
			rows.Close()
			return err
		}
		docs = append(docs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(docs) == 0 {
		return nil
	}
	title, text := make([]map[string]int, len(docs)), make([]map[string]int, len(docs))
	for k := range docs {
		title[k], text[k] = map[string]int{}, map[string]int{}
	}
	err = s.db.tokenize(ctx, func(tx *sql.Tx) error {
		for k, d := range docs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO t (rowid, title, text) VALUES (?, ?, ?)`, k+1, d.title, d.text); err != nil {
				return err
			}
		}
		rows, err := tx.QueryContext(ctx, `SELECT term, doc, col FROM v`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var term, col string
			var k int
			if err := rows.Scan(&term, &k, &col); err != nil {
				return err
			}
			if k < 1 || k > len(docs) {
				return fmt.Errorf("tokens of row %d of %d", k, len(docs))
			}
			switch col {
			case "title":
				title[k-1][term]++
			case "text":
				text[k-1][term]++
			default:
				return fmt.Errorf("tokens of column %q", col)
			}
		}
		return rows.Err()
	})
	if err != nil {
		return err
	}
	for k, d := range docs {
		if err := fn(d.id, title[k], text[k]); err != nil {
			return err
		}
	}
	return nil
}

// tokenize runs fn in a transaction of the tokenizing database, a
// private in-memory one with an FTS5 table t (title, text) tokenized as
// documents_fts and an fts5vocab table v of its token instances; t is
// emptied afterwards (the transaction rolls back).
func (db *DB) tokenize(ctx context.Context, fn func(tx *sql.Tx) error) error {
	db.tokMu.Lock()
	defer db.tokMu.Unlock()
	if db.tok == nil {
		tok, err := sql.Open("sqlite", ":memory:")
		if err != nil {
			return err
		}
		tok.SetMaxOpenConns(1) // every connection to :memory: is another database
		_, err = tok.ExecContext(ctx, `
			CREATE VIRTUAL TABLE t USING fts5(title, text, tokenize = '`+ftsTokenize+`');
			CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');`)
		if err != nil {
			tok.Close()
			return fmt.Errorf("tokenizer: %w", err)
		}
		db.tok = tok
	}
	tx, err := db.tok.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}
