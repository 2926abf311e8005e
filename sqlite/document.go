package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"

	"dossier"
)

var _ dossier.DocumentService = (*DocumentService)(nil)

// DocumentService stores documents in the database.
type DocumentService struct {
	db *DB
}

// NewDocumentService returns a DocumentService backed by db.
func NewDocumentService(db *DB) *DocumentService {
	return &DocumentService{db: db}
}

// CreateDocument stores d in one transaction unless a document with the
// same ID is already stored. On insert it sets d.Ingested.
func (s *DocumentService) CreateDocument(ctx context.Context, d *dossier.Document) (bool, error) {
	if d.ID == "" {
		d.ID = dossier.DocumentID(d.Text)
	}
	repairs, err := json.Marshal(nonNil(d.Repairs))
	if err != nil {
		return false, err
	}
	var published any
	if !d.Published.IsZero() {
		published = d.Published.UTC().Format(time.RFC3339)
	}
	now := s.db.Now().UTC().Truncate(time.Second)
	tx, err := s.db.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("create document %s: %w", d.ID, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `
		INSERT INTO documents (id, text, title, byline, url, source, published, format, origin, repairs, ingested)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO NOTHING`,
		d.ID, d.Text, d.Title, d.Byline, d.URL, d.Source, published, d.Format, d.Origin, string(repairs),
		now.Format(time.RFC3339))
	if err != nil {
		return false, fmt.Errorf("create document %s: %w", d.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, err
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("create document %s: %w", d.ID, err)
	}
	if n > 0 {
		d.Ingested = now
	}
	return n > 0, nil
}

const documentColumns = `id, text, title, byline, url, source, published, format, origin, repairs, ingested`

func scanDocument(row interface{ Scan(...any) error }) (*dossier.Document, error) {
	var (
		d                 dossier.Document
		published         sql.NullString
		repairs, ingested string
	)
	if err := row.Scan(&d.ID, &d.Text, &d.Title, &d.Byline, &d.URL, &d.Source, &published,
		&d.Format, &d.Origin, &repairs, &ingested); err != nil {
		return nil, err
	}
	if published.Valid {
		d.Published, _ = time.Parse(time.RFC3339, published.String)
	}
	d.Ingested, _ = time.Parse(time.RFC3339, ingested)
	if err := json.Unmarshal([]byte(repairs), &d.Repairs); err != nil {
		return nil, fmt.Errorf("document %s: repairs: %w", d.ID, err)
	}
	return &d, nil
}

// FindDocumentByID returns the document with the given ID, or with the
// given unique prefix of at least 4 hex digits.
func (s *DocumentService) FindDocumentByID(ctx context.Context, id string) (*dossier.Document, error) {
	id = strings.ToLower(strings.TrimSpace(id))
	if len(id) < 4 || strings.Trim(id, "0123456789abcdef") != "" {
		return nil, fmt.Errorf("document %q: %w", id, dossier.ErrNotFound)
	}
	found, err := s.queryDocuments(ctx, "find document "+id,
		`SELECT `+documentColumns+` FROM documents WHERE id >= ? AND id < ? ORDER BY id LIMIT 2`, id, id+"g")
	if err != nil {
		return nil, err
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("document %s: %w", id, dossier.ErrNotFound)
	case 1:
		return found[0], nil
	}
	return nil, fmt.Errorf("document %s: %w", id, dossier.ErrAmbiguous)
}

// FindDocuments returns stored documents, the most recently ingested
// first (then by ID), past the first offset, at most limit (20 when
// limit ≤ 0).
func (s *DocumentService) FindDocuments(ctx context.Context, offset, limit int) ([]*dossier.Document, error) {
	if limit <= 0 {
		limit = 20
	}
	return s.queryDocuments(ctx, "find documents", `SELECT `+documentColumns+` FROM documents ORDER BY ingested DESC, id LIMIT ? OFFSET ?`, limit, max(offset, 0))
}

// queryDocuments runs a query of documentColumns and reads its
// documents; errors name what was done.
func (s *DocumentService) queryDocuments(ctx context.Context, what, query string, args ...any) ([]*dossier.Document, error) {
	rows, err := s.db.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []*dossier.Document
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// CountDocuments returns the number of stored documents.
func (s *DocumentService) CountDocuments(ctx context.Context) (int, error) {
	var n int
	err := s.db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM documents`).Scan(&n)
	return n, err
}

// Snippet markers; callers replace them with terminal or HTML highlighting.
const (
	MarkStart = "\x02"
	MarkEnd   = "\x03"
)

// SearchDocuments runs an FTS5 query over titles and texts, best match
// first. Snippets mark matched terms with MarkStart and MarkEnd. A query
// that is not valid FTS5 syntax is retried with every word quoted, so
// "U.S. sanctions" or "Cabello's" work as a user expects.
func (s *DocumentService) SearchDocuments(ctx context.Context, query string, limit int) ([]dossier.SearchHit, error) {
	if strings.TrimSpace(query) == "" {
		return nil, fmt.Errorf("search: empty query: %w", dossier.ErrInvalid)
	}
	if limit <= 0 {
		limit = 20
	}
	hits, err := s.search(ctx, query, limit)
	if err != nil && isFTSSyntaxError(err) {
		q := quoteTerms(query)
		if q == "" {
			return nil, nil
		}
		hits, err = s.search(ctx, q, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	return hits, nil
}

func (s *DocumentService) search(ctx context.Context, query string, limit int) ([]dossier.SearchHit, error) {
	rows, err := s.db.db.QueryContext(ctx, `
		SELECT `+prefixed("d.", documentColumns)+`,
			snippet(documents_fts, -1, ?, ?, '…', 16), bm25(documents_fts, 2.0, 1.0)
		FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid
		WHERE documents_fts MATCH ?
		ORDER BY bm25(documents_fts, 2.0, 1.0), d.id
		LIMIT ?`, MarkStart, MarkEnd, query, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var hits []dossier.SearchHit
	for rows.Next() {
		var h dossier.SearchHit
		h.Document, err = scanDocument(scanTail{rows, []any{&h.Snippet, &h.Rank}})
		if err != nil {
			return nil, err
		}
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

// SearchDocumentIDs is SearchDocuments without snippets and texts: the
// IDs of the documents that match, best first, in the same order and
// with the same retry.
func (s *DocumentService) SearchDocumentIDs(ctx context.Context, query string, limit int) ([]string, error) {
	if strings.TrimSpace(query) == "" {
		return nil, fmt.Errorf("search: empty query: %w", dossier.ErrInvalid)
	}
	if limit <= 0 {
		limit = 20
	}
	ids, err := s.searchIDs(ctx, query, limit)
	if err != nil && isFTSSyntaxError(err) {
		q := quoteTerms(query)
		if q == "" {
			return nil, nil
		}
		ids, err = s.searchIDs(ctx, q, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	return ids, nil
}

func (s *DocumentService) searchIDs(ctx context.Context, query string, limit int) ([]string, error) {
	st, err := s.db.prepared(ctx, `
		SELECT d.id FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid
		WHERE documents_fts MATCH ?
		ORDER BY bm25(documents_fts, 2.0, 1.0), d.id
		LIMIT ?`)
	if err != nil {
		return nil, err
	}
	return scanIDs(st.QueryContext(ctx, query, limit))
}

// scanIDs reads rows of one text column, as a query returns them.
func scanIDs(rows *sql.Rows, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// scanTail scans a row whose leading columns are a document and whose
// trailing ones go to tail.
type scanTail struct {
	rows *sql.Rows
	tail []any
}

func (s scanTail) Scan(dest ...any) error { return s.rows.Scan(append(dest, s.tail...)...) }

func prefixed(p, cols string) string {
	parts := strings.Split(cols, ", ")
	for i := range parts {
		parts[i] = p + parts[i]
	}
	return strings.Join(parts, ", ")
}

func isFTSSyntaxError(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "fts5: syntax error") || strings.Contains(msg, "no such column") ||
		strings.Contains(msg, "unterminated string") || strings.Contains(msg, "unknown special query")
}

// quoteTerms turns free text into an FTS5 query of quoted words, all of
// which must match.
func quoteTerms(q string) string {
	words := strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, w := range words {
		words[i] = `"` + w + `"`
	}
	return strings.Join(words, " ")
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func errNoRows(err error) bool { return err == sql.ErrNoRows }
