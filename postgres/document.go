package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

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
	if err := storable(d); err != nil {
		return false, fmt.Errorf("create document %s: %w", d.ID, err)
	}
	repairs, err := json.Marshal(nonNil(d.Repairs))
	if err != nil {
		return false, err
	}
	var published *string
	if !d.Published.IsZero() {
		p := d.Published.UTC().Format(time.RFC3339)
		published = &p
	}
	now := s.db.Now().UTC().Truncate(time.Second)
	// One statement is one transaction.
	tag, err := s.db.pool.Exec(ctx, `
		INSERT INTO documents (id, text, title, byline, url, source, published, format, origin, repairs, ingested)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (id) DO NOTHING`,
		d.ID, d.Text, d.Title, d.Byline, d.URL, d.Source, published, d.Format, d.Origin, string(repairs),
		now.Format(time.RFC3339))
	if err != nil {
		return false, fmt.Errorf("create document %s: %w", d.ID, err)
	}
	if tag.RowsAffected() > 0 {
		d.Ingested = now
	}
	return tag.RowsAffected() > 0, nil
}

// storable checks that PostgreSQL can store d's text fields: valid
// UTF-8 without NUL bytes (repaired text always is).
func storable(d *dossier.Document) error {
	for _, f := range []struct{ name, value string }{
		{"id", d.ID}, {"text", d.Text}, {"title", d.Title}, {"byline", d.Byline}, {"url", d.URL},
		{"source", d.Source}, {"format", d.Format}, {"origin", d.Origin},
	} {
		if i := strings.IndexByte(f.value, 0); i >= 0 {
			return fmt.Errorf("%s: NUL byte at offset %d: %w", f.name, i, dossier.ErrInvalid)
		}
		if !utf8.ValidString(f.value) {
			return fmt.Errorf("%s: invalid UTF-8: %w", f.name, dossier.ErrInvalid)
		}
	}
	return nil
}

// queryText makes a query storable as PostgreSQL text: NUL bytes and
// invalid UTF-8, which match nothing, become spaces.
func queryText(q string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(q, " "), "\x00", " ")
}

const documentColumns = `id, text, title, byline, url, source, published, format, origin, repairs, ingested`

func scanDocument(row pgx.Row, tail ...any) (*dossier.Document, error) {
	var (
		d                 dossier.Document
		published         *string
		repairs, ingested string
	)
	dest := append([]any{&d.ID, &d.Text, &d.Title, &d.Byline, &d.URL, &d.Source, &published,
		&d.Format, &d.Origin, &repairs, &ingested}, tail...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	if published != nil {
		d.Published, _ = time.Parse(time.RFC3339, *published)
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
	// IDs are lower-case hex: under any collation the IDs that start
	// with id sort from id up to id followed by "g".
	found, err := s.queryDocuments(ctx, "find document "+id,
		`SELECT `+documentColumns+` FROM documents WHERE id >= $1 AND id < $2 ORDER BY id LIMIT 2`, id, id+"g")
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
	return s.queryDocuments(ctx, "find documents", `SELECT `+documentColumns+` FROM documents ORDER BY ingested DESC, id LIMIT $1 OFFSET $2`, limit, max(offset, 0))
}

// queryDocuments runs a query of documentColumns and reads its
// documents; errors name what was done.
func (s *DocumentService) queryDocuments(ctx context.Context, what, query string, args ...any) ([]*dossier.Document, error) {
	rows, err := s.db.pool.Query(ctx, query, args...)
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
	err := s.db.pool.QueryRow(ctx, `SELECT count(*) FROM documents`).Scan(&n)
	return n, err
}

// Snippet markers, the same as package sqlite's; callers replace them
// with terminal or HTML highlighting.
const (
	MarkStart = "\x02"
	MarkEnd   = "\x03"
)

// Ellipsis marks a snippet that starts or ends inside its column.
const Ellipsis = "…"

// headlineOptions make ts_headline return one fragment of at most 16
// words around the best match, the size of the SQLite store's
// snippet(documents_fts, -1, …, 16).
const headlineOptions = `StartSel="` + MarkStart + `", StopSel="` + MarkEnd + `", ` +
	`MaxWords=16, MinWords=6, ShortWord=0, MaxFragments=1, FragmentDelimiter="` + Ellipsis + `"`

// rankWeights are ts_rank's weights for the labels {D, C, B, A}: the
// text is D and the title A (migration 0001), and the title counts
// twice, as in the SQLite store's bm25(documents_fts, 2.0, 1.0).
const rankWeights = `'{0.5, 0, 0, 1.0}'`

// matchQuery is the query of SearchDocuments and SearchDocumentIDs:
// documents matching websearch_to_tsquery($1) best first (by ts_rank,
// normalised by the log of the document's length), then by ID.
const matchQuery = `
	SELECT d.rowid, ts_rank(` + rankWeights + `, d.fts, q.q, 1) AS rank
	FROM documents d, websearch_to_tsquery('dossier', $1) AS q(q)
	WHERE d.fts @@ q.q
	ORDER BY rank DESC, d.id
	LIMIT $2`

// SearchDocuments runs a full-text query over titles and texts, best
// match first. The query is web-search syntax (websearch_to_tsquery):
// words must all match, "quoted words" match as a phrase, "or" between
// words matches either, and -word excludes; any text is a valid query.
// Matching ignores case and accents. Snippets mark matched words with
// MarkStart and MarkEnd, and start or end with Ellipsis when cut. Rank
// is the negated ts_rank, so that, as with the SQLite store, lower is
// better.
func (s *DocumentService) SearchDocuments(ctx context.Context, query string, limit int) ([]dossier.SearchHit, error) {
	if strings.TrimSpace(query) == "" {
		return nil, fmt.Errorf("search: empty query: %w", dossier.ErrInvalid)
	}
	if limit <= 0 {
		limit = 20
	}
	// Headlines only for the rows kept: ts_headline reads the whole text.
	rows, err := s.db.pool.Query(ctx, `
		SELECT `+prefixed("d.", documentColumns)+`,
			ts_headline('dossier', d.title, q.q, $3), ts_headline('dossier', d.text, q.q, $3), m.rank
		FROM (`+matchQuery+`) m
		JOIN documents d ON d.rowid = m.rowid, websearch_to_tsquery('dossier', $1) AS q(q)
		ORDER BY m.rank DESC, d.id`, queryText(query), limit, headlineOptions)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	defer rows.Close()
	var hits []dossier.SearchHit
	for rows.Next() {
		var (
			h                   dossier.SearchHit
			titleSnip, textSnip string
			rank                float32
		)
		h.Document, err = scanDocument(rows, &titleSnip, &textSnip, &rank)
		if err != nil {
			return nil, fmt.Errorf("search %q: %w", query, err)
		}
		h.Rank = -float64(rank)
		h.Snippet = snippet(h.Document, titleSnip, textSnip)
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	return hits, nil
}

// snippet picks the headline of the column that matched, the text's
// before the title's, and marks with Ellipsis the ends that are not the
// column's.
func snippet(d *dossier.Document, title, text string) string {
	col, snip := d.Text, text
	if !strings.Contains(text, MarkStart) && strings.Contains(title, MarkStart) {
		col, snip = d.Title, title
	}
	plain := strings.TrimSpace(strings.NewReplacer(MarkStart, "", MarkEnd, "").Replace(snip))
	if plain == "" {
		return snip
	}
	if !strings.HasPrefix(strings.TrimSpace(col), plain) && !strings.HasPrefix(snip, Ellipsis) {
		snip = Ellipsis + snip
	}
	if !strings.HasSuffix(strings.TrimSpace(col), plain) && !strings.HasSuffix(snip, Ellipsis) {
		snip += Ellipsis
	}
	return snip
}

// SearchDocumentIDs is SearchDocuments without snippets and texts: the
// IDs of the documents that match, best first, in the same order.
func (s *DocumentService) SearchDocumentIDs(ctx context.Context, query string, limit int) ([]string, error) {
	if strings.TrimSpace(query) == "" {
		return nil, fmt.Errorf("search: empty query: %w", dossier.ErrInvalid)
	}
	if limit <= 0 {
		limit = 20
	}
	rows, err := s.db.pool.Query(ctx, `
		SELECT d.id FROM (`+matchQuery+`) m JOIN documents d ON d.rowid = m.rowid
		ORDER BY m.rank DESC, d.id`, queryText(query), limit)
	ids, err := scanStrings(rows, err)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	return ids, nil
}

// scanStrings reads rows of one text column, as a query returns them.
func scanStrings(rows pgx.Rows, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func prefixed(p, cols string) string {
	parts := strings.Split(cols, ", ")
	for i := range parts {
		parts[i] = p + parts[i]
	}
	return strings.Join(parts, ", ")
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func isNoRows(err error) bool { return errors.Is(err, pgx.ErrNoRows) }
