package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"dossier"
)

// ExtractionService stores what the pipeline extracted from documents.
type ExtractionService struct {
	db *DB
}

// NewExtractionService returns an ExtractionService backed by db.
func NewExtractionService(db *DB) *ExtractionService { return &ExtractionService{db: db} }

// SaveExtraction replaces the stored extraction of x.DocumentID, in one
// transaction.
func (s *ExtractionService) SaveExtraction(ctx context.Context, x *dossier.Extraction) error {
	if x.DocumentID == "" {
		return fmt.Errorf("save extraction: document ID required: %w", dossier.ErrInvalid)
	}
	tx, err := s.db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, table := range []string{"claims", "mentions", "doc_entities", "extractions"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE document_id = ?`, x.DocumentID); err != nil {
			return err
		}
	}
	relations, err := json.Marshal(emptyIfNil(x.Relations))
	if err != nil {
		return err
	}
	sources, err := json.Marshal(emptyIfNil(x.Sources))
	if err != nil {
		return err
	}
	attributions, err := json.Marshal(emptyIfNil(x.Attributions))
	if err != nil {
		return err
	}
	var adverse any
	if x.Adverse != nil {
		b, err := json.Marshal(x.Adverse)
		if err != nil {
			return err
		}
		adverse = string(b)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO extractions (document_id, pipeline, version, extracted, relations, sources, adverse, attributions) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		x.DocumentID, strings.Join(x.Pipeline, " "), x.Version, s.db.Now().UTC().Format(time.RFC3339), string(relations), string(sources), adverse, string(attributions)); err != nil {
		return fmt.Errorf("save extraction %s: %w", x.DocumentID, err)
	}
	names := make(map[string]string, len(x.Entities))
	for _, e := range x.Entities {
		names[e.ID] = e.Name
	}
	for _, c := range x.Claims {
		data, err := json.Marshal(c)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO claims (document_id, claim_id, subject_id, subject_norm, topic, stance, data) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			x.DocumentID, c.ID, c.Subject, Fold(names[c.Subject]), c.Topic, c.Stance, data); err != nil {
			return fmt.Errorf("save extraction %s: claim %s: %w", x.DocumentID, c.ID, err)
		}
	}
	for _, e := range x.Entities {
		data, err := json.Marshal(e)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO doc_entities (document_id, entity_id, type, name, norm, data) VALUES (?, ?, ?, ?, ?, ?)`,
			x.DocumentID, e.ID, e.Type, e.Name, Fold(e.Name), data); err != nil {
			return fmt.Errorf("save extraction %s: entity %s: %w", x.DocumentID, e.ID, err)
		}
		for _, m := range e.Mentions {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO mentions (document_id, entity_id, start, end, text) VALUES (?, ?, ?, ?, ?)`,
				x.DocumentID, e.ID, m.Start, m.End, m.Text); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}

// FindExtraction returns the stored extraction of a document.
func (s *ExtractionService) FindExtraction(ctx context.Context, documentID string) (*dossier.Extraction, error) {
	x := &dossier.Extraction{DocumentID: documentID, Entities: []dossier.DocEntity{}, Claims: []dossier.Claim{}}
	var pipeline, relations, sources, attributions string
	var adverse sql.NullString
	err := s.db.db.QueryRowContext(ctx, `SELECT pipeline, version, relations, sources, adverse, attributions FROM extractions WHERE document_id = ?`, documentID).
		Scan(&pipeline, &x.Version, &relations, &sources, &adverse, &attributions)
	if errNoRows(err) {
		return nil, fmt.Errorf("extraction of %s: %w", documentID, dossier.ErrNotFound)
	} else if err != nil {
		return nil, err
	}
	if err := decodeExtraction(x, pipeline, relations, sources, attributions, adverse); err != nil {
		return nil, err
	}
	crows, err := s.db.db.QueryContext(ctx, `SELECT data FROM claims WHERE document_id = ?
		ORDER BY CAST(substr(claim_id, 2) AS INTEGER), claim_id`, documentID)
	if err != nil {
		return nil, err
	}
	for crows.Next() {
		var data []byte
		var c dossier.Claim
		if err := crows.Scan(&data); err != nil {
			crows.Close()
			return nil, err
		}
		if err := json.Unmarshal(data, &c); err != nil {
			crows.Close()
			return nil, err
		}
		x.Claims = append(x.Claims, c)
	}
	crows.Close()
	if err := crows.Err(); err != nil {
		return nil, err
	}
	rows, err := s.db.db.QueryContext(ctx, `SELECT data FROM doc_entities WHERE document_id = ?
		ORDER BY CAST(substr(entity_id, 2) AS INTEGER), entity_id`, documentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var data []byte
		var e dossier.DocEntity
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(data, &e); err != nil {
			return nil, err
		}
		x.Entities = append(x.Entities, e)
	}
	return x, rows.Err()
}

// decodeExtraction fills x from the columns of its extractions row.
func decodeExtraction(x *dossier.Extraction, pipeline, relations, sources, attributions string, adverse sql.NullString) error {
	x.Pipeline = strings.Fields(pipeline)
	if err := json.Unmarshal([]byte(relations), &x.Relations); err != nil {
		return fmt.Errorf("extraction of %s: relations: %w", x.DocumentID, err)
	}
	if err := json.Unmarshal([]byte(sources), &x.Sources); err != nil {
		return fmt.Errorf("extraction of %s: sources: %w", x.DocumentID, err)
	}
	if err := json.Unmarshal([]byte(attributions), &x.Attributions); err != nil {
		return fmt.Errorf("extraction of %s: attributions: %w", x.DocumentID, err)
	}
	if adverse.Valid {
		x.Adverse = &dossier.Adverse{}
		if err := json.Unmarshal([]byte(adverse.String), x.Adverse); err != nil {
			return fmt.Errorf("extraction of %s: adverse: %w", x.DocumentID, err)
		}
	}
	return nil
}

// EntityRef is a document entity and its document.
type EntityRef = dossier.EntityRef

// FindEntitiesByName returns the document entities whose canonical name
// or an alias folds to the same text as name.
func (s *ExtractionService) FindEntitiesByName(ctx context.Context, name string) ([]EntityRef, error) {
	f := Fold(name)
	rows, err := s.db.db.QueryContext(ctx, `
		SELECT document_id, data FROM doc_entities WHERE norm = ?
		UNION
		SELECT d.document_id, d.data FROM doc_entities d, json_each(d.data, '$.aliases') a
		WHERE a.value = ? COLLATE NOCASE
		ORDER BY 1`, f, name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []EntityRef
	for rows.Next() {
		var r EntityRef
		var data []byte
		if err := rows.Scan(&r.DocumentID, &data); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(data, &r.Entity); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Fold is dossier.FoldName: both stores key names alike.
func Fold(s string) string { return dossier.FoldName(s) }

// HasExtraction reports whether a document has a stored extraction.
func (s *ExtractionService) HasExtraction(ctx context.Context, documentID string) (bool, error) {
	var n int
	err := s.db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM extractions WHERE document_id = ?`, documentID).Scan(&n)
	return n > 0, err
}

func emptyIfNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
