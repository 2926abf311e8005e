package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

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
	var adverse *string
	if x.Adverse != nil {
		b, err := json.Marshal(x.Adverse)
		if err != nil {
			return err
		}
		a := string(b)
		adverse = &a
	}
	// Every statement of the save goes to the server in one round trip,
	// in one transaction.
	b := &pgx.Batch{}
	for _, table := range []string{"claims", "mentions", "doc_entities", "extractions"} {
		b.Queue(`DELETE FROM `+table+` WHERE document_id = $1`, x.DocumentID)
	}
	b.Queue(`INSERT INTO extractions (document_id, pipeline, version, extracted, relations, sources, adverse, attributions)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		x.DocumentID, strings.Join(x.Pipeline, " "), x.Version, s.db.Now().UTC().Format(time.RFC3339),
		string(relations), string(sources), adverse, string(attributions))
	names := make(map[string]string, len(x.Entities))
	for _, e := range x.Entities {
		names[e.ID] = e.Name
	}
	for _, c := range x.Claims {
		data, err := json.Marshal(c)
		if err != nil {
			return err
		}
		b.Queue(`INSERT INTO claims (document_id, claim_id, subject_id, subject_norm, topic, stance, data)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			x.DocumentID, c.ID, c.Subject, Fold(names[c.Subject]), c.Topic, c.Stance, string(data))
	}
	for _, e := range x.Entities {
		data, err := json.Marshal(e)
		if err != nil {
			return err
		}
		b.Queue(`INSERT INTO doc_entities (document_id, entity_id, type, name, norm, data) VALUES ($1, $2, $3, $4, $5, $6)`,
			x.DocumentID, e.ID, e.Type, e.Name, Fold(e.Name), string(data))
		for _, m := range e.Mentions {
			b.Queue(`INSERT INTO mentions (document_id, entity_id, start, "end", text) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT DO NOTHING`, x.DocumentID, e.ID, m.Start, m.End, m.Text)
		}
	}
	tx, err := s.db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("save extraction %s: %w", x.DocumentID, err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("save extraction %s: %w", x.DocumentID, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("save extraction %s: %w", x.DocumentID, err)
	}
	return nil
}

// idNumber orders IDs such as c2 and e10 by their number, as the SQLite
// store's CAST(substr(id, 2) AS INTEGER) does: the digits after the
// first character, 0 when there are none.
func idNumber(col string) string {
	return `coalesce(substring(` + col + ` from '^.([0-9]{1,18})')::bigint, 0), ` + col + ` COLLATE "C"`
}

// FindExtraction returns the stored extraction of a document.
func (s *ExtractionService) FindExtraction(ctx context.Context, documentID string) (*dossier.Extraction, error) {
	x := &dossier.Extraction{DocumentID: documentID, Entities: []dossier.DocEntity{}, Claims: []dossier.Claim{}}
	var pipeline, relations, sources, attributions string
	var adverse *string
	err := s.db.pool.QueryRow(ctx, `SELECT pipeline, version, relations, sources, adverse, attributions
		FROM extractions WHERE document_id = $1`, documentID).
		Scan(&pipeline, &x.Version, &relations, &sources, &adverse, &attributions)
	if isNoRows(err) {
		return nil, fmt.Errorf("extraction of %s: %w", documentID, dossier.ErrNotFound)
	} else if err != nil {
		return nil, fmt.Errorf("extraction of %s: %w", documentID, err)
	}
	if err := decodeExtraction(x, pipeline, relations, sources, attributions, adverse); err != nil {
		return nil, err
	}
	err = eachJSON(ctx, s.db, `SELECT document_id, data FROM claims WHERE document_id = $1
		ORDER BY `+idNumber("claim_id"), []any{documentID}, func(_ string, data []byte) error {
		var c dossier.Claim
		if err := json.Unmarshal(data, &c); err != nil {
			return fmt.Errorf("claim: %w", err)
		}
		x.Claims = append(x.Claims, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("extraction of %s: %w", documentID, err)
	}
	err = eachJSON(ctx, s.db, `SELECT document_id, data FROM doc_entities WHERE document_id = $1
		ORDER BY `+idNumber("entity_id"), []any{documentID}, func(_ string, data []byte) error {
		var e dossier.DocEntity
		if err := json.Unmarshal(data, &e); err != nil {
			return fmt.Errorf("entity: %w", err)
		}
		x.Entities = append(x.Entities, e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("extraction of %s: %w", documentID, err)
	}
	return x, nil
}

// decodeExtraction fills x from the columns of its extractions row.
func decodeExtraction(x *dossier.Extraction, pipeline, relations, sources, attributions string, adverse *string) error {
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
	if adverse != nil {
		x.Adverse = &dossier.Adverse{}
		if err := json.Unmarshal([]byte(*adverse), x.Adverse); err != nil {
			return fmt.Errorf("extraction of %s: adverse: %w", x.DocumentID, err)
		}
	}
	return nil
}

// EntityRef is a document entity and its document.
type EntityRef = dossier.EntityRef

// asciiLower folds the case of ASCII letters only, as SQLite's NOCASE
// collation does (AliasKey).
const asciiLower = `translate(%s, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`

// FindEntitiesByName returns the document entities whose canonical name
// folds to the same text as name (Fold), or one of whose aliases equals
// name but for the case of ASCII letters, as the SQLite store compares
// them; by document ID, then by the entity's JSON.
func (s *ExtractionService) FindEntitiesByName(ctx context.Context, name string) ([]EntityRef, error) {
	rows, err := s.db.pool.Query(ctx, `
		SELECT document_id, data FROM (
			SELECT document_id, data FROM doc_entities WHERE norm = $1
			UNION
			SELECT d.document_id, d.data FROM doc_entities d,
				json_array_elements_text(CASE WHEN json_typeof(d.data::json -> 'aliases') = 'array'
					THEN d.data::json -> 'aliases' ELSE '[]'::json END) AS a(alias)
			WHERE `+fmt.Sprintf(asciiLower, "a.alias")+` = `+fmt.Sprintf(asciiLower, "$2")+`
		) found
		ORDER BY document_id COLLATE "C", data COLLATE "C"`, Fold(name), name)
	if err != nil {
		return nil, fmt.Errorf("find entities named %q: %w", name, err)
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
			return nil, fmt.Errorf("entity of %s: %w", r.DocumentID, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Fold is dossier.FoldName: both stores key names alike.
func Fold(s string) string { return dossier.FoldName(s) }

// HasExtraction reports whether a document has a stored extraction.
func (s *ExtractionService) HasExtraction(ctx context.Context, documentID string) (bool, error) {
	var ok bool
	err := s.db.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM extractions WHERE document_id = $1)`, documentID).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("has extraction %s: %w", documentID, err)
	}
	return ok, nil
}

func emptyIfNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
