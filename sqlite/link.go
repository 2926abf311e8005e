package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"time"

	"dossier"
)

var _ dossier.LinkService = (*LinkService)(nil)

// LinkService stores links between document entities and list entities.
type LinkService struct {
	db *DB
}

// NewLinkService returns a LinkService backed by db.
func NewLinkService(db *DB) *LinkService { return &LinkService{db: db} }

type linkKey struct{ docEntity, listEntity string }

// ReplaceLinks makes links the links of documentID, writing only what
// changed.
func (s *LinkService) ReplaceLinks(ctx context.Context, documentID string, links []*dossier.Link) (dossier.LinkCounts, error) {
	var c dossier.LinkCounts
	if documentID == "" {
		return c, fmt.Errorf("replace links: document ID required: %w", dossier.ErrInvalid)
	}
	want := map[linkKey]*dossier.Link{}
	for _, l := range links {
		if l.DocumentID != documentID {
			return c, fmt.Errorf("replace links of %s: link of document %q: %w", documentID, l.DocumentID, dossier.ErrInvalid)
		}
		want[linkKey{l.DocEntityID, l.ListEntityID}] = l
	}
	tx, err := s.db.db.BeginTx(ctx, nil)
	if err != nil {
		return c, err
	}
	defer tx.Rollback()
	have, err := scanLinks(tx.QueryContext(ctx, `SELECT `+linkColumns+` FROM links WHERE document_id = ?`, documentID))
	if err != nil {
		return c, fmt.Errorf("replace links of %s: %w", documentID, err)
	}
	now := s.db.Now().UTC().Truncate(time.Second)
	for _, old := range have {
		k := linkKey{old.DocEntityID, old.ListEntityID}
		if _, ok := want[k]; ok {
			continue
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM links WHERE document_id = ? AND doc_entity_id = ? AND list_entity_id = ?`,
			documentID, k.docEntity, k.listEntity); err != nil {
			return c, err
		}
		c.Removed++
	}
	old := map[linkKey]*dossier.Link{}
	for _, l := range have {
		old[linkKey{l.DocEntityID, l.ListEntityID}] = l
	}
	for k, l := range want {
		o, ok := old[k]
		if ok && sameLink(o, l) {
			*l = *o
			c.Unchanged++
			continue
		}
		if ok {
			c.Changed++
		} else {
			c.Added++
		}
		l.Linked = now
		expl, err := json.Marshal(nonNilExplanations(l.Explanations))
		if err != nil {
			return c, err
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO links (document_id, doc_entity_id, list_entity_id, doc_entity_name, doc_entity_type,
				caption, schema, dataset, list_version, score, matched_name, explanations, linked)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (document_id, doc_entity_id, list_entity_id) DO UPDATE SET
				doc_entity_name = excluded.doc_entity_name, doc_entity_type = excluded.doc_entity_type,
				caption = excluded.caption, schema = excluded.schema, dataset = excluded.dataset,
				list_version = excluded.list_version, score = excluded.score, matched_name = excluded.matched_name,
				explanations = excluded.explanations, linked = excluded.linked`,
			documentID, l.DocEntityID, l.ListEntityID, l.DocEntityName, l.DocEntityType, l.Caption, l.Schema,
			l.Dataset, l.ListVersion, l.Score, l.MatchedName, string(expl), monTime(now)); err != nil {
			return c, fmt.Errorf("replace links of %s: %w", documentID, err)
		}
	}
	return c, tx.Commit()
}

// sameLink reports whether a stored link says what a new one says; the
// list version alone does not make a link change.
func sameLink(a, b *dossier.Link) bool {
	return a.DocEntityName == b.DocEntityName && a.DocEntityType == b.DocEntityType && a.Caption == b.Caption &&
		a.Schema == b.Schema && a.Dataset == b.Dataset && a.Score == b.Score && a.MatchedName == b.MatchedName &&
		maps.Equal(nonNilExplanations(a.Explanations), nonNilExplanations(b.Explanations))
}

func nonNilExplanations(m map[string]dossier.Explanation) map[string]dossier.Explanation {
	if m == nil {
		return map[string]dossier.Explanation{}
	}
	return m
}

const linkColumns = `document_id, doc_entity_id, list_entity_id, doc_entity_name, doc_entity_type, caption, schema,
	dataset, list_version, score, matched_name, explanations, linked`

func scanLinks(rows *sql.Rows, err error) ([]*dossier.Link, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*dossier.Link
	for rows.Next() {
		var (
			l      dossier.Link
			expl   string
			linked string
		)
		if err := rows.Scan(&l.DocumentID, &l.DocEntityID, &l.ListEntityID, &l.DocEntityName, &l.DocEntityType,
			&l.Caption, &l.Schema, &l.Dataset, &l.ListVersion, &l.Score, &l.MatchedName, &expl, &linked); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(expl), &l.Explanations); err != nil {
			return nil, fmt.Errorf("link %s/%s → %s: explanations: %w", l.DocumentID, l.DocEntityID, l.ListEntityID, err)
		}
		l.Linked = monParseTime(linked)
		out = append(out, &l)
	}
	return out, rows.Err()
}

// FindLinks returns links best score first.
func (s *LinkService) FindLinks(ctx context.Context, f dossier.LinkFilter) ([]*dossier.Link, int, error) {
	var w monWhere
	if f.DocumentID != nil {
		w.add("document_id = ?", *f.DocumentID)
	}
	if f.DocEntityID != nil {
		w.add("doc_entity_id = ?", *f.DocEntityID)
	}
	if f.ListEntityID != nil {
		w.add("list_entity_id = ?", *f.ListEntityID)
	}
	if f.Dataset != nil {
		w.add("dataset = ?", *f.Dataset)
	}
	if f.MinScore != nil {
		w.add("score >= ?", *f.MinScore)
	}
	// Screening asks for the links of each list hit: the statements are
	// prepared once for each combination of filters (the page goes in
	// as arguments), which SQLite would otherwise parse every time.
	count, err := s.db.prepared(ctx, `SELECT COUNT(*) FROM links`+w.sql())
	if err != nil {
		return nil, 0, fmt.Errorf("find links: %w", err)
	}
	var n int
	if err := count.QueryRowContext(ctx, w.args...).Scan(&n); err != nil {
		return nil, 0, fmt.Errorf("find links: %w", err)
	}
	list, err := s.db.prepared(ctx, `SELECT `+linkColumns+` FROM links`+w.sql()+
		` ORDER BY score DESC, document_id, doc_entity_id, list_entity_id LIMIT ? OFFSET ?`)
	if err != nil {
		return nil, 0, fmt.Errorf("find links: %w", err)
	}
	limit := int64(f.Limit)
	if limit <= 0 {
		limit = -1 // no limit
	}
	links, err := scanLinks(list.QueryContext(ctx, append(w.args, limit, max(f.Offset, 0))...))
	if err != nil {
		return nil, 0, fmt.Errorf("find links: %w", err)
	}
	return links, n, nil
}

// FindLinkableDocuments returns the IDs of the documents that have a
// stored extraction, in ID order: what a re-link walks.
func (s *LinkService) FindLinkableDocuments(ctx context.Context) ([]string, error) {
	rows, err := s.db.db.QueryContext(ctx, `SELECT document_id FROM extractions ORDER BY document_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// FindLinkableEntities returns the entities of a document whose type is
// one of types (e.g. PER, ORG), in entity order.
func (s *LinkService) FindLinkableEntities(ctx context.Context, documentID string, types ...string) ([]dossier.DocEntity, error) {
	if len(types) == 0 {
		return nil, nil
	}
	args := []any{documentID}
	for _, t := range types {
		args = append(args, t)
	}
	rows, err := s.db.db.QueryContext(ctx, `SELECT data FROM doc_entities WHERE document_id = ? AND type IN (?`+
		strings.Repeat(", ?", len(types)-1)+`) ORDER BY CAST(substr(entity_id, 2) AS INTEGER), entity_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dossier.DocEntity
	for rows.Next() {
		var data []byte
		var e dossier.DocEntity
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(data, &e); err != nil {
			return nil, fmt.Errorf("entity of %s: %w", documentID, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// FindCurrentListVersions returns the current version of each dataset,
// by dataset.
func (s *LinkService) FindCurrentListVersions(ctx context.Context) (map[string]string, error) {
	rows, err := s.db.db.QueryContext(ctx, `SELECT dataset, version FROM list_versions WHERE current = 1`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var d, v string
		if err := rows.Scan(&d, &v); err != nil {
			return nil, err
		}
		out[d] = v
	}
	return out, rows.Err()
}

// monWhere builds a WHERE clause from conditions joined by AND.
type monWhere struct {
	conds []string
	args  []any
}

func (w *monWhere) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *monWhere) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// monPage is the LIMIT/OFFSET clause; limit 0 means none.
func monPage(offset, limit int) string {
	switch {
	case limit > 0 && offset > 0:
		return fmt.Sprintf(" LIMIT %d OFFSET %d", limit, offset)
	case limit > 0:
		return fmt.Sprintf(" LIMIT %d", limit)
	case offset > 0:
		return fmt.Sprintf(" LIMIT -1 OFFSET %d", offset)
	}
	return ""
}

// monTime formats a time for storage: RFC 3339 with nanoseconds, UTC,
// so that it reads back equal.
func monTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// monParseTime reads a stored time; "" and NULL read as the zero time.
func monParseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func monNullTime(s sql.NullString) time.Time {
	if !s.Valid {
		return time.Time{}
	}
	return monParseTime(s.String)
}
