package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"dossier"
)

// What a screening server reads to keep an index of the stored news in
// memory: the documents whose extractions changed since it last looked
// (the extraction_changes table, kept by triggers in commit order,
// migrations 0010 and 0011), and whole extractions in bulk.

// LastExtractionChange returns the number of the latest change to any
// stored document or extraction, 0 when there was none.
func (s *ExtractionService) LastExtractionChange(ctx context.Context) (int64, error) {
	var seq int64
	err := s.db.pool.QueryRow(ctx, `SELECT coalesce(max(seq), 0) FROM extraction_changes`).Scan(&seq)
	if err != nil {
		return 0, fmt.Errorf("last extraction change: %w", err)
	}
	return seq, nil
}

// FindExtractionChanges returns the documents whose extraction was
// saved, replaced or deleted (or that were stored, changed or deleted)
// after change number after, in change order, and the number of the
// last of those changes (after when there was none).
func (s *ExtractionService) FindExtractionChanges(ctx context.Context, after int64) ([]string, int64, error) {
	rows, err := s.db.pool.Query(ctx, `SELECT document_id, seq FROM extraction_changes WHERE seq > $1 ORDER BY seq`, after)
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

// DataVersion returns the change counter (migration 0010): it grows
// with every committed change to a document or an extraction, by any
// process on the database, and with nothing else. A news index that
// finds it unchanged need not look for changed extractions. ok is
// always true.
func (s *ExtractionService) DataVersion(ctx context.Context) (int64, bool, error) {
	var n int64
	if err := s.db.pool.QueryRow(ctx, `SELECT n FROM change_counter WHERE id = 1`).Scan(&n); err != nil {
		return 0, false, fmt.Errorf("data version: %w", err)
	}
	return n, true, nil
}

// NameKey is the key FindEntitiesByName compares an entity's canonical
// name by: Fold(name).
func (s *ExtractionService) NameKey(name string) string { return Fold(name) }

// AliasKey is the key FindEntitiesByName compares an entity's aliases
// by: the case of ASCII letters folded, as SQLite's NOCASE does.
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
		all, err := scanStrings(s.db.pool.Query(ctx, `SELECT document_id FROM extractions ORDER BY document_id COLLATE "C"`))
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
	type found struct {
		d *dossier.Document
		x *dossier.Extraction
	}
	byID := map[string]found{}
	var order []string
	rows, err := s.db.pool.Query(ctx, `SELECT `+prefixed("d.", documentColumns)+`,
			x.pipeline, x.version, x.relations, x.sources, x.attributions, x.adverse
		FROM extractions x JOIN documents d ON d.id = x.document_id
		WHERE x.document_id = ANY($1) ORDER BY x.document_id COLLATE "C"`, ids)
	if err != nil {
		return fmt.Errorf("find extractions: %w", err)
	}
	for rows.Next() {
		x := &dossier.Extraction{Entities: []dossier.DocEntity{}, Claims: []dossier.Claim{}}
		var pipeline, relations, sources, attributions string
		var adverse *string
		d, err := scanDocument(rows, &pipeline, &x.Version, &relations, &sources, &attributions, &adverse)
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
	err = eachJSON(ctx, s.db, `SELECT document_id, data FROM claims WHERE document_id = ANY($1)
		ORDER BY document_id COLLATE "C", `+idNumber("claim_id"), []any{order}, func(id string, data []byte) error {
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
	err = eachJSON(ctx, s.db, `SELECT document_id, data FROM doc_entities WHERE document_id = ANY($1)
		ORDER BY document_id COLLATE "C", `+idNumber("entity_id"), []any{order}, func(id string, data []byte) error {
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
func eachJSON(ctx context.Context, db *DB, query string, args []any, fn func(id string, data []byte) error) error {
	rows, err := db.pool.Query(ctx, query, args...)
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
