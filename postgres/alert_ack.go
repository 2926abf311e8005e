package postgres

import (
	"context"
	"fmt"
	"strings"

	"dossier"
)

// AlertAckService stores acknowledgements of alerts.
type AlertAckService struct {
	db *DB
}

var _ dossier.AlertAckService = (*AlertAckService)(nil)

// NewAlertAckService returns an AlertAckService backed by db.
func NewAlertAckService(db *DB) *AlertAckService { return &AlertAckService{db: db} }

// AcknowledgeAlert stores a unless the alert is acknowledged already,
// in one transaction; of two at once, the first to insert stands.
func (s *AlertAckService) AcknowledgeAlert(ctx context.Context, a *dossier.AlertAck) (*dossier.AlertAck, bool, error) {
	if strings.TrimSpace(a.Author) == "" {
		return nil, false, fmt.Errorf("acknowledge alert %d: author required: %w", a.AlertID, dossier.ErrInvalid)
	}
	tx, err := s.db.pool.Begin(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("acknowledge alert %d: %w", a.AlertID, err)
	}
	defer tx.Rollback(ctx)
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM alerts WHERE id = $1`, a.AlertID).Scan(&n); err != nil {
		return nil, false, fmt.Errorf("acknowledge alert %d: %w", a.AlertID, err)
	}
	if n == 0 {
		return nil, false, fmt.Errorf("alert %d: %w", a.AlertID, dossier.ErrNotFound)
	}
	if a.Created.IsZero() {
		a.Created = s.db.Now().UTC()
	}
	tag, err := tx.Exec(ctx, `INSERT INTO alert_acks (alert_id, author, note, created) VALUES ($1, $2, $3, $4)
		ON CONFLICT (alert_id) DO NOTHING`, a.AlertID, a.Author, a.Note, monTime(a.Created))
	if err != nil {
		return nil, false, fmt.Errorf("acknowledge alert %d: %w", a.AlertID, err)
	}
	if tag.RowsAffected() == 0 {
		old := &dossier.AlertAck{AlertID: a.AlertID}
		var created string
		if err := tx.QueryRow(ctx, `SELECT author, note, created FROM alert_acks WHERE alert_id = $1`, a.AlertID).
			Scan(&old.Author, &old.Note, &created); err != nil {
			return nil, false, fmt.Errorf("acknowledge alert %d: %w", a.AlertID, err)
		}
		old.Created = monParseTime(created)
		return old, false, nil
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, false, fmt.Errorf("acknowledge alert %d: %w", a.AlertID, err)
	}
	return a, true, nil
}

// FindAlertAcks returns the acknowledgements of the given alerts.
func (s *AlertAckService) FindAlertAcks(ctx context.Context, ids []int64) (map[int64]*dossier.AlertAck, error) {
	out := map[int64]*dossier.AlertAck{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.db.pool.Query(ctx, `SELECT alert_id, author, note, created FROM alert_acks WHERE alert_id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("find alert acknowledgements: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		a := &dossier.AlertAck{}
		var created string
		if err := rows.Scan(&a.AlertID, &a.Author, &a.Note, &created); err != nil {
			return nil, fmt.Errorf("find alert acknowledgements: %w", err)
		}
		a.Created = monParseTime(created)
		out[a.AlertID] = a
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find alert acknowledgements: %w", err)
	}
	return out, nil
}
