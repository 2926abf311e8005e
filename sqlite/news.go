package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"dossier"
)

// What a screening server reads to keep an index of the stored news in
// memory: the documents whose extractions changed since it last looked
// (the extraction_changes table, kept by triggers), and whole
// extractions in bulk.

// LastExtractionChange returns the sequence number of the latest change
// to any stored extraction, 0 when there was none.
func (s *ExtractionService) LastExtractionChange(ctx context.Context) (int64, error) {
	var seq int64
	err := s.db.db.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM extraction_changes`).Scan(&seq)
	if err != nil {
		return 0, fmt.Errorf("last extraction change: %w", err)
	}
	return seq, nil
}

// FindExtractionChanges returns the documents whose extraction was
// saved, replaced or deleted after change number after, in change
// order, and the number of the last of those changes (after when there
// was none).
func (s *ExtractionService) FindExtractionChanges(ctx context.Context, after int64) ([]string, int64, error) {
	st, err := s.db.prepared(ctx, `SELECT document_id, seq FROM extraction_changes WHERE seq > ? ORDER BY seq`)
	if err != nil {
		return nil, after, fmt.Errorf("extraction changes: %w", err)
	}
	rows, err := st.QueryContext(ctx, after)
	if err != nil {
		return nil, after, fmt.Errorf("extraction changes: %w", err)
	}
	defer rows.Close()
	var ids []string
	last := after
	for rows.Next() {
		var id string
		if err := rows.Scan(&id, &last); err != nil {
			return nil, after, fmt.Errorf("extraction changes: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, after, fmt.Errorf("extraction changes: %w", err)
	}
	return ids, last, nil
}

// DataVersion is DB.DataVersion: a news index that finds it unchanged
// need not look for changed extractions.
func (s *ExtractionService) DataVersion(ctx context.Context) (int64, bool, error) {
	return s.db.DataVersion(ctx)
}

// NameKey is the key FindEntitiesByName compares an entity's canonical
// name by: Fold(name).
func (s *ExtractionService) NameKey(name string) string { return Fold(name) }

// AliasKey is the key FindEntitiesByName compares an entity's aliases
// by: SQLite's NOCASE, which folds the case of ASCII letters only.
func (s *ExtractionService) AliasKey(alias string) string {
	b := []byte(alias)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// extractionChunk bounds the documents one bulk query names.
const extractionChunk = 500

// FindExtractions calls fn with each stored extraction of the documents
// ids, in ID order, and its document; every document with an extraction
// when ids is nil. Unlike FindExtraction, x.Text is the document's text.
// Documents without an extraction are skipped. It reads 500 documents
// in three queries (documents with extractions, claims, entities),
// however many claims and entities they have.
func (s *ExtractionService) FindExtractions(ctx context.Context, ids []string, fn func(d *dossier.Document, x *dossier.Extraction) error) error {
	if ids == nil {
		all, err := NewLinkService(s.db).FindLinkableDocuments(ctx)
		if err != nil {
			return fmt.Errorf("find extractions: %w", err)
		}
		ids = all
	}
	for len(ids) > 0 {
		n := min(len(ids), extractionChunk)
		if err := s.findExtractions(ctx, ids[:n], fn); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

func (s *ExtractionService) findExtractions(ctx context.Context, ids []string, fn func(*dossier.Document, *dossier.Extraction) error) error {
	in := "(?" + strings.Repeat(", ?", len(ids)-1) + ")"
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	type found struct {
		d *dossier.Document
		x *dossier.Extraction
	}
	byID := map[string]found{}
	var order []string
	rows, err := s.db.db.QueryContext(ctx, `SELECT `+prefixed("d.", documentColumns)+`,
			x.pipeline, x.version, x.relations, x.sources, x.attributions, x.adverse
		FROM extractions x JOIN documents d ON d.id = x.document_id
		WHERE x.document_id IN `+in+` ORDER BY x.document_id`, args...)
	if err != nil {
		return fmt.Errorf("find extractions: %w", err)
	}
	for rows.Next() {
		x := &dossier.Extraction{Entities: []dossier.DocEntity{}, Claims: []dossier.Claim{}}
		var pipeline, relations, sources, attributions string
		var adverse sql.NullString
		d, err := scanDocument(scanTail{rows, []any{&pipeline, &x.Version, &relations, &sources, &attributions, &adverse}})
		if err == nil {
			x.DocumentID, x.Text = d.ID, d.Text
			err = decodeExtraction(x, pipeline, relations, sources, attributions, adverse)
		}
		if err != nil {
			rows.Close()
			return fmt.Errorf("find extractions: %w", err)
		}
		byID[d.ID] = found{d, x}
		order = append(order, d.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("find extractions: %w", err)
	}
	if len(order) == 0 {
		return nil
	}
	err = eachJSON(ctx, s.db.db, `SELECT document_id, data FROM claims WHERE document_id IN `+in+`
		ORDER BY document_id, CAST(substr(claim_id, 2) AS INTEGER), claim_id`, args, func(id string, data []byte) error {
		var c dossier.Claim
		if err := json.Unmarshal(data, &c); err != nil {
			return fmt.Errorf("claim of %s: %w", id, err)
		}
		if f, ok := byID[id]; ok {
			f.x.Claims = append(f.x.Claims, c)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("find extractions: %w", err)
	}
	err = eachJSON(ctx, s.db.db, `SELECT document_id, data FROM doc_entities WHERE document_id IN `+in+`
		ORDER BY document_id, CAST(substr(entity_id, 2) AS INTEGER), entity_id`, args, func(id string, data []byte) error {
		var e dossier.DocEntity
		if err := json.Unmarshal(data, &e); err != nil {
			return fmt.Errorf("entity of %s: %w", id, err)
		}
		if f, ok := byID[id]; ok {
			f.x.Entities = append(f.x.Entities, e)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("find extractions: %w", err)
	}
	for _, id := range order {
		if err := fn(byID[id].d, byID[id].x); err != nil {
			return err
		}
	}
	return nil
}

// eachJSON runs a query of (document ID, JSON) rows and calls fn with
// each.
func eachJSON(ctx context.Context, db *sql.DB, query string, args []any, fn func(id string, data []byte) error) error {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var data []byte
		if err := rows.Scan(&id, &data); err != nil {
			return err
		}
		if err := fn(id, data); err != nil {
			return err
		}
	}
	return rows.Err()
}
