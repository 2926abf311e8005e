package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"time"

	"github.com/jackc/pgx/v5"

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
// changed. Processes replacing one document's links at once take turns.
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
	tx, err := s.db.pool.Begin(ctx)
	if err != nil {
		return c, err
	}
	defer tx.Rollback(ctx)
	if err := lockKey(ctx, tx, "links "+documentID); err != nil {
		return c, err
	}
	have, err := scanLinks(tx.Query(ctx, `SELECT `+linkColumns+` FROM links WHERE document_id = $1`, documentID))
	if err != nil {
		return c, fmt.Errorf("replace links of %s: %w", documentID, err)
	}
	now := s.db.Now().UTC().Truncate(time.Second)
	old := map[linkKey]*dossier.Link{}
	for _, o := range have {
		k := linkKey{o.DocEntityID, o.ListEntityID}
		old[k] = o
		if _, ok := want[k]; ok {
			continue
		}
		if _, err := tx.Exec(ctx, `DELETE FROM links WHERE document_id = $1 AND doc_entity_id = $2 AND list_entity_id = $3`,
			documentID, k.docEntity, k.listEntity); err != nil {
			return c, fmt.Errorf("replace links of %s: %w", documentID, err)
		}
		c.Removed++
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
		if _, err := tx.Exec(ctx, `
			INSERT INTO links (document_id, doc_entity_id, list_entity_id, doc_entity_name, doc_entity_type,
				caption, schema, dataset, list_version, score, matched_name, explanations, linked)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
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
	return c, tx.Commit(ctx)
}

// sameLink reports whether a stored link says what a new one says; the
// list version alone does not make a link change.
func sameLink(a, b *dossier.Link) bool {
	return a.DocEntityName == b.DocEntityName && a.DocEntityType == b.DocEntityType && a.Caption == b.Caption &&
		a.Schema == b.Schema && a.Dataset == b.Dataset && a.Score == b.Score && a.MatchedName == b.MatchedName &&
		maps.Equal(nonNilExplanations(a.Explanations), nonNilExplanations(b.Explanations))
}

const linkColumns = `document_id, doc_entity_id, list_entity_id, doc_entity_name, doc_entity_type, caption, schema,
	dataset, list_version, score, matched_name, explanations, linked`

func scanLinks(rows pgx.Rows, err error) ([]*dossier.Link, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*dossier.Link
	for rows.Next() {
		var (
			l            dossier.Link
			expl, linked string
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
	var n int
	if err := s.db.pool.QueryRow(ctx, `SELECT count(*) FROM links`+w.sql(), w.args...).Scan(&n); err != nil {
		return nil, 0, fmt.Errorf("find links: %w", err)
	}
	// COLLATE "C" orders the ties byte by byte, as SQLite does.
	links, err := scanLinks(s.db.pool.Query(ctx, `SELECT `+linkColumns+` FROM links`+w.sql()+
		` ORDER BY score DESC, document_id COLLATE "C", doc_entity_id COLLATE "C", list_entity_id COLLATE "C"`+
		monPage(f.Offset, f.Limit), w.args...))
	if err != nil {
		return nil, 0, fmt.Errorf("find links: %w", err)
	}
	return links, n, nil
}

// FindLinkableDocuments returns the IDs of the documents that have a
// stored extraction, in ID order: what a re-link walks.
func (s *LinkService) FindLinkableDocuments(ctx context.Context) ([]string, error) {
	rows, err := s.db.pool.Query(ctx, `SELECT document_id FROM extractions ORDER BY document_id COLLATE "C"`)
	if err != nil {
		return nil, fmt.Errorf("find linkable documents: %w", err)
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
// one of types (e.g. PER, ORG), in entity order (e2 before e10).
func (s *LinkService) FindLinkableEntities(ctx context.Context, documentID string, types ...string) ([]dossier.DocEntity, error) {
	if len(types) == 0 {
		return nil, nil
	}
	rows, err := s.db.pool.Query(ctx, `SELECT data FROM doc_entities WHERE document_id = $1 AND type = ANY($2::text[])
		ORDER BY length(entity_id), entity_id COLLATE "C"`, documentID, types)
	if err != nil {
		return nil, fmt.Errorf("find entities of %s: %w", documentID, err)
	}
	defer rows.Close()
	var out []dossier.DocEntity
	for rows.Next() {
		var data string
		var e dossier.DocEntity
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(data), &e); err != nil {
			return nil, fmt.Errorf("entity of %s: %w", documentID, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// FindCurrentListVersions returns the current version of each dataset,
// by dataset.
func (s *LinkService) FindCurrentListVersions(ctx context.Context) (map[string]string, error) {
	rows, err := s.db.pool.Query(ctx, `SELECT dataset, version FROM list_versions WHERE current = 1`)
	if err != nil {
		return nil, fmt.Errorf("find current list versions: %w", err)
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
