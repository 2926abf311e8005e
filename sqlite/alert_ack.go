package sqlite

import (
	"context"
	"fmt"
	"strings"
	"time"

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
// in one transaction.
func (s *AlertAckService) AcknowledgeAlert(ctx context.Context, a *dossier.AlertAck) (*dossier.AlertAck, bool, error) {
	if strings.TrimSpace(a.Author) == "" {
		return nil, false, fmt.Errorf("acknowledge alert %d: author required: %w", a.AlertID, dossier.ErrInvalid)
	}
	tx, err := s.db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, false, fmt.Errorf("acknowledge alert %d: %w", a.AlertID, err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM alerts WHERE id = ?`, a.AlertID).Scan(&n); err != nil {
		return nil, false, fmt.Errorf("acknowledge alert %d: %w", a.AlertID, err)
	}
	if n == 0 {
		return nil, false, fmt.Errorf("alert %d: %w", a.AlertID, dossier.ErrNotFound)
	}
	old := &dossier.AlertAck{AlertID: a.AlertID}
	var created string
	err = tx.QueryRowContext(ctx, `SELECT author, note, created FROM alert_acks WHERE alert_id = ?`, a.AlertID).
		Scan(&old.Author, &old.Note, &created)
	switch {
	case err == nil:
		old.Created = monParseTime(created)
		return old, false, nil
	case !errNoRows(err):
		return nil, false, fmt.Errorf("acknowledge alert %d: %w", a.AlertID, err)
	}
	if a.Created.IsZero() {
		a.Created = time.Now().UTC()
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO alert_acks (alert_id, author, note, created) VALUES (?, ?, ?, ?)`,
		a.AlertID, a.Author, a.Note, monTime(a.Created)); err != nil {
		return nil, false, fmt.Errorf("acknowledge alert %d: %w", a.AlertID, err)
	}
	if err := tx.Commit(); err != nil {
		return nil, false, fmt.Errorf("acknowledge alert %d: %w", a.AlertID, err)
	}
	return a, true, nil
}

// FindAlertAcks returns the acknowledgements of the given alerts.
func (s *AlertAckService) FindAlertAcks(ctx context.Context, ids []int64) (map[int64]*dossier.AlertAck, error) {
	out := map[int64]*dossier.AlertAck{}
	for len(ids) > 0 {
		batch := ids[:min(len(ids), 500)]
		ids = ids[len(batch):]
		args := make([]any, len(batch))
		for i, id := range batch {
			args[i] = id
		}
		rows, err := s.db.db.QueryContext(ctx, `SELECT alert_id, author, note, created FROM alert_acks WHERE alert_id IN (?`+
			strings.Repeat(", ?", len(batch)-1)+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("find alert acknowledgements: %w", err)
		}
		for rows.Next() {
			a := &dossier.AlertAck{}
			var created string
			if err := rows.Scan(&a.AlertID, &a.Author, &a.Note, &created); err != nil {
				rows.Close()
				return nil, fmt.Errorf("find alert acknowledgements: %w", err)
			}
			a.Created = monParseTime(created)
			out[a.AlertID] = a
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("find alert acknowledgements: %w", err)
		}
	}
	return out, nil
}
