package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"dossier"
)

var _ dossier.WatchService = (*WatchService)(nil)

// WatchService stores watched subjects.
type WatchService struct {
	db *DB
}

// NewWatchService returns a WatchService backed by db.
func NewWatchService(db *DB) *WatchService { return &WatchService{db: db} }

// CreateWatch stores w, or updates the watch with w's Reference.
func (s *WatchService) CreateWatch(ctx context.Context, w *dossier.Watch) error {
	_, _, err := s.CreateWatches(ctx, []*dossier.Watch{w})
	return err
}

// CreateWatches stores ws in one transaction.
func (s *WatchService) CreateWatches(ctx context.Context, ws []*dossier.Watch) (created, updated int, err error) {
	for _, w := range ws {
		w.Name = strings.TrimSpace(w.Name)
		w.Reference = strings.TrimSpace(w.Reference)
		if w.Name == "" {
			return 0, 0, fmt.Errorf("create watch %q: name required: %w", w.Reference, dossier.ErrInvalid)
		}
	}
	tx, err := s.db.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()
	now := s.db.Now().UTC().Truncate(time.Second)
	for _, w := range ws {
		var ref any
		if w.Reference != "" {
			ref = w.Reference
			var id int64
			var createdAt string
			err := tx.QueryRowContext(ctx, `SELECT id, created FROM watches WHERE reference = ?`, w.Reference).Scan(&id, &createdAt)
			if err == nil {
				if _, err := tx.ExecContext(ctx, `UPDATE watches SET name = ?, schema = ?, birth_date = ?, country = ?, updated = ?
					WHERE id = ?`, w.Name, w.Schema, w.BirthDate, w.Country, monTime(now), id); err != nil {
					return 0, 0, fmt.Errorf("update watch %s: %w", w.Reference, err)
				}
				w.ID, w.Created, w.Updated = id, monParseTime(createdAt), now
				updated++
				continue
			} else if !errNoRows(err) {
				return 0, 0, err
			}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO watches (name, schema, birth_date, country, reference, created, updated)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, w.Name, w.Schema, w.BirthDate, w.Country, ref, monTime(now), monTime(now))
		if err != nil {
			return 0, 0, fmt.Errorf("create watch %q: %w", w.Name, err)
		}
		if w.ID, err = res.LastInsertId(); err != nil {
			return 0, 0, err
		}
		w.Created, w.Updated = now, now
		created++
	}
	return created, updated, tx.Commit()
}

const watchColumns = `id, name, schema, birth_date, country, reference, created, updated`

func scanWatch(row interface{ Scan(...any) error }) (*dossier.Watch, error) {
	var (
		w                dossier.Watch
		ref              sql.NullString
		created, updated string
	)
	if err := row.Scan(&w.ID, &w.Name, &w.Schema, &w.BirthDate, &w.Country, &ref, &created, &updated); err != nil {
		return nil, err
	}
	w.Reference = ref.String
	w.Created, w.Updated = monParseTime(created), monParseTime(updated)
	return &w, nil
}

// FindWatchByID returns a watch.
func (s *WatchService) FindWatchByID(ctx context.Context, id int64) (*dossier.Watch, error) {
	w, err := scanWatch(s.db.db.QueryRowContext(ctx, `SELECT `+watchColumns+` FROM watches WHERE id = ?`, id))
	if errNoRows(err) {
		return nil, fmt.Errorf("watch %d: %w", id, dossier.ErrNotFound)
	}
	return w, err
}

// FindWatches returns watches in ID order.
func (s *WatchService) FindWatches(ctx context.Context, f dossier.WatchFilter) ([]*dossier.Watch, int, error) {
	var w monWhere
	if f.ID != nil {
		w.add("id = ?", *f.ID)
	}
	if f.Reference != nil {
		w.add("reference = ?", *f.Reference)
	}
	var n int
	if err := s.db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM watches`+w.sql(), w.args...).Scan(&n); err != nil {
		return nil, 0, fmt.Errorf("find watches: %w", err)
	}
	rows, err := s.db.db.QueryContext(ctx, `SELECT `+watchColumns+` FROM watches`+w.sql()+` ORDER BY id`+
		monPage(f.Offset, f.Limit), w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find watches: %w", err)
	}
	defer rows.Close()
	var out []*dossier.Watch
	for rows.Next() {
		wt, err := scanWatch(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, wt)
	}
	return out, n, rows.Err()
}

// DeleteWatch removes a watch and its hit state; its alerts stay.
func (s *WatchService) DeleteWatch(ctx context.Context, id int64) error {
	tx, err := s.db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM watches WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete watch %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("watch %d: %w", id, dossier.ErrNotFound)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM watch_hits WHERE watch_id = ?`, id); err != nil {
		return err
	}
	return tx.Commit()
}
