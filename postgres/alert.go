package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"dossier"
)

var _ dossier.AlertService = (*AlertService)(nil)

// AlertService stores alerts, the hit state they are deduplicated
// against, and webhook deliveries.
type AlertService struct {
	db *DB
}

// NewAlertService returns an AlertService backed by db.
func NewAlertService(db *DB) *AlertService { return &AlertService{db: db} }

// CreateAlert stores a unless its hit was last seen with the same
// fingerprint. Processes checking the same hit at once take turns on a
// lock of the hit, so it alerts once.
func (s *AlertService) CreateAlert(ctx context.Context, a *dossier.Alert) (bool, error) {
	if a.Kind != dossier.AlertListHit && a.Kind != dossier.AlertNewsHit {
		return false, fmt.Errorf("create alert: kind %q: %w", a.Kind, dossier.ErrInvalid)
	}
	if a.Target == "" {
		a.Target = dossier.HitTarget(a.ListEntityID, a.DocumentID, a.DocEntityID)
	}
	if a.WatchID == 0 || a.Fingerprint == "" {
		return false, fmt.Errorf("create alert: watch and fingerprint required: %w", dossier.ErrInvalid)
	}
	const seenQuery = `SELECT fingerprint FROM watch_hits WHERE watch_id = $1 AND kind = $2 AND target = $3`
	// The common case, a hit seen before and unchanged, takes no lock:
	// read first, and check again under the lock.
	var seen string
	err := s.db.pool.QueryRow(ctx, seenQuery, a.WatchID, a.Kind, a.Target).Scan(&seen)
	if err == nil && seen == a.Fingerprint {
		return false, nil
	} else if err != nil && !isNoRows(err) {
		return false, fmt.Errorf("create alert: %w", err)
	}
	expl, err := json.Marshal(nonNilExplanations(a.Explanations))
	if err != nil {
		return false, err
	}
	tx, err := s.db.pool.Begin(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback(ctx)
	if err := lockKey(ctx, tx, "hit "+strconv.FormatInt(a.WatchID, 10)+" "+a.Kind+" "+a.Target); err != nil {
		return false, err
	}
	var last string
	err = tx.QueryRow(ctx, seenQuery, a.WatchID, a.Kind, a.Target).Scan(&last)
	switch {
	case err == nil && last == a.Fingerprint:
		return false, nil
	case err == nil:
		a.Change = dossier.AlertChanged
	case isNoRows(err):
		a.Change = dossier.AlertNew
	default:
		return false, fmt.Errorf("create alert: %w", err)
	}
	a.Created = s.db.Now().UTC()
	a.Delivery = ""
	if err := tx.QueryRow(ctx, `INSERT INTO alerts (watch_id, watch_name, kind, change, target, list_entity_id,
			dataset, list_version, document_id, doc_entity_id, caption, schema, score, matched_name, explanations,
			fingerprint, created)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
		a.WatchID, a.WatchName, a.Kind, a.Change, a.Target, a.ListEntityID, a.Dataset, a.ListVersion, a.DocumentID,
		a.DocEntityID, a.Caption, a.Schema, a.Score, a.MatchedName, string(expl), a.Fingerprint, monTime(a.Created)).Scan(&a.ID); err != nil {
		return false, fmt.Errorf("create alert: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO watch_hits (watch_id, kind, target, fingerprint, alert_id)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (watch_id, kind, target) DO UPDATE SET
		fingerprint = excluded.fingerprint, alert_id = excluded.alert_id`,
		a.WatchID, a.Kind, a.Target, a.Fingerprint, a.ID); err != nil {
		return false, fmt.Errorf("create alert: %w", err)
	}
	return true, tx.Commit(ctx)
}

// DeleteHits forgets a watch's hits of one kind whose targets are not in
// keep, in one statement.
func (s *AlertService) DeleteHits(ctx context.Context, watchID int64, kind string, keep []string) (int, error) {
	// A nil slice would be a NULL array, which no target is "not in".
	tag, err := s.db.pool.Exec(ctx, `DELETE FROM watch_hits WHERE watch_id = $1 AND kind = $2 AND NOT (target = ANY($3::text[]))`,
		watchID, kind, append([]string{}, keep...))
	if err != nil {
		return 0, fmt.Errorf("delete hits of watch %d: %w", watchID, err)
	}
	return int(tag.RowsAffected()), nil
}

const alertColumns = `id, watch_id, watch_name, kind, change, target, list_entity_id, dataset, list_version,
	document_id, doc_entity_id, caption, schema, score, matched_name, explanations, fingerprint, delivery, created`

func scanAlert(row pgx.Row) (*dossier.Alert, error) {
	var (
		a             dossier.Alert
		expl, created string
	)
	if err := row.Scan(&a.ID, &a.WatchID, &a.WatchName, &a.Kind, &a.Change, &a.Target, &a.ListEntityID, &a.Dataset,
		&a.ListVersion, &a.DocumentID, &a.DocEntityID, &a.Caption, &a.Schema, &a.Score, &a.MatchedName, &expl,
		&a.Fingerprint, &a.Delivery, &created); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(expl), &a.Explanations); err != nil {
		return nil, fmt.Errorf("alert %d: explanations: %w", a.ID, err)
	}
	a.Created = monParseTime(created)
	return &a, nil
}

// FindAlertByID returns an alert.
func (s *AlertService) FindAlertByID(ctx context.Context, id int64) (*dossier.Alert, error) {
	a, err := scanAlert(s.db.pool.QueryRow(ctx, `SELECT `+alertColumns+` FROM alerts WHERE id = $1`, id))
	if isNoRows(err) {
		return nil, fmt.Errorf("alert %d: %w", id, dossier.ErrNotFound)
	}
	return a, err
}

// FindAlerts returns alerts newest first.
func (s *AlertService) FindAlerts(ctx context.Context, f dossier.AlertFilter) ([]*dossier.Alert, int, error) {
	var w monWhere
	if f.WatchID != nil {
		w.add("watch_id = ?", *f.WatchID)
	}
	if f.Kind != nil {
		w.add("kind = ?", *f.Kind)
	}
	if f.AfterID != nil {
		w.add("id > ?", *f.AfterID)
	}
	if f.Delivery != nil {
		w.add("delivery = ?", *f.Delivery)
	}
	if f.Acknowledged != nil {
		w.add("EXISTS (SELECT 1 FROM alert_acks k WHERE k.alert_id = alerts.id) = ?", *f.Acknowledged)
	}
	var n int
	if err := s.db.pool.QueryRow(ctx, `SELECT count(*) FROM alerts`+w.sql(), w.args...).Scan(&n); err != nil {
		return nil, 0, fmt.Errorf("find alerts: %w", err)
	}
	rows, err := s.db.pool.Query(ctx, `SELECT `+alertColumns+` FROM alerts`+w.sql()+` ORDER BY id DESC`+
		monPage(f.Offset, f.Limit), w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find alerts: %w", err)
	}
	defer rows.Close()
	var out []*dossier.Alert
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	return out, n, rows.Err()
}

// CreateDelivery records a delivery attempt.
func (s *AlertService) CreateDelivery(ctx context.Context, d *dossier.Delivery) error {
	switch d.Status {
	case dossier.DeliveryOK, dossier.DeliveryFailed, dossier.DeliveryRetry:
	default:
		return fmt.Errorf("create delivery: status %q: %w", d.Status, dossier.ErrInvalid)
	}
	tx, err := s.db.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	d.Created = s.db.Now().UTC()
	err = tx.QueryRow(ctx, `INSERT INTO deliveries (alert_id, url, attempt, status, http_status, error, created)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		d.AlertID, d.URL, d.Attempt, d.Status, d.HTTPStatus, d.Error, monTime(d.Created)).Scan(&d.ID)
	if pgCode(err) == codeForeignKey {
		return fmt.Errorf("alert %d: %w", d.AlertID, dossier.ErrNotFound)
	} else if err != nil {
		return fmt.Errorf("create delivery: %w", err)
	}
	if d.Status != dossier.DeliveryRetry {
		if _, err := tx.Exec(ctx, `UPDATE alerts SET delivery = $1 WHERE id = $2`, d.Status, d.AlertID); err != nil {
			return fmt.Errorf("create delivery: %w", err)
		}
	}
	return tx.Commit(ctx)
}

// FindDeliveries returns an alert's delivery attempts in order.
func (s *AlertService) FindDeliveries(ctx context.Context, alertID int64) ([]*dossier.Delivery, error) {
	rows, err := s.db.pool.Query(ctx, `SELECT id, alert_id, url, attempt, status, http_status, error, created
		FROM deliveries WHERE alert_id = $1 ORDER BY id`, alertID)
	if err != nil {
		return nil, fmt.Errorf("find deliveries: %w", err)
	}
	defer rows.Close()
	var out []*dossier.Delivery
	for rows.Next() {
		var d dossier.Delivery
		var created string
		if err := rows.Scan(&d.ID, &d.AlertID, &d.URL, &d.Attempt, &d.Status, &d.HTTPStatus, &d.Error, &created); err != nil {
			return nil, err
		}
		d.Created = monParseTime(created)
		out = append(out, &d)
	}
	return out, rows.Err()
}
