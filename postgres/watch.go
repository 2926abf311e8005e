package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

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

// CreateWatches stores ws in one transaction. A watch with a Reference
// is inserted or, when that reference is stored, updated in one
// statement, so that processes importing the same customer file at once
// never store a reference twice.
func (s *WatchService) CreateWatches(ctx context.Context, ws []*dossier.Watch) (created, updated int, err error) {
	for _, w := range ws {
		w.Name = strings.TrimSpace(w.Name)
		w.Reference = strings.TrimSpace(w.Reference)
		if w.Name == "" {
			return 0, 0, fmt.Errorf("create watch %q: name required: %w", w.Reference, dossier.ErrInvalid)
		}
	}
	tx, err := s.db.pool.Begin(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback(ctx)
	now := s.db.Now().UTC().Truncate(time.Second)
	for _, w := range ws {
		if w.Reference == "" {
			err := tx.QueryRow(ctx, `INSERT INTO watches (name, schema, birth_date, country, reference, created, updated)
				VALUES ($1, $2, $3, $4, NULL, $5, $5) RETURNING id`,
				w.Name, w.Schema, w.BirthDate, w.Country, monTime(now)).Scan(&w.ID)
			if err != nil {
				return 0, 0, fmt.Errorf("create watch %q: %w", w.Name, err)
			}
			w.Created, w.Updated = now, now
			created++
			continue
		}
		// xmax is 0 in a row version this statement inserted, and the
		// updating transaction's ID in one it updated.
		var createdAt string
		var inserted bool
		err := tx.QueryRow(ctx, `INSERT INTO watches (name, schema, birth_date, country, reference, created, updated)
			VALUES ($1, $2, $3, $4, $5, $6, $6)
			ON CONFLICT (reference) WHERE reference IS NOT NULL DO UPDATE SET
				name = excluded.name, schema = excluded.schema, birth_date = excluded.birth_date,
				country = excluded.country, updated = excluded.updated
			RETURNING id, created, xmax = 0`,
			w.Name, w.Schema, w.BirthDate, w.Country, w.Reference, monTime(now)).Scan(&w.ID, &createdAt, &inserted)
		if err != nil {
			return 0, 0, fmt.Errorf("create watch %s: %w", w.Reference, err)
		}
		w.Created, w.Updated = monParseTime(createdAt), now
		if inserted {
			created++
		} else {
			updated++
		}
	}
	return created, updated, tx.Commit(ctx)
}

const watchColumns = `id, name, schema, birth_date, country, reference, created, updated`

func scanWatch(row pgx.Row) (*dossier.Watch, error) {
	var (
		w                dossier.Watch
		ref              *string
		created, updated string
	)
	if err := row.Scan(&w.ID, &w.Name, &w.Schema, &w.BirthDate, &w.Country, &ref, &created, &updated); err != nil {
		return nil, err
	}
	if ref != nil {
		w.Reference = *ref
	}
	w.Created, w.Updated = monParseTime(created), monParseTime(updated)
	return &w, nil
}

// FindWatchByID returns a watch.
func (s *WatchService) FindWatchByID(ctx context.Context, id int64) (*dossier.Watch, error) {
	w, err := scanWatch(s.db.pool.QueryRow(ctx, `SELECT `+watchColumns+` FROM watches WHERE id = $1`, id))
	if isNoRows(err) {
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
	if err := s.db.pool.QueryRow(ctx, `SELECT count(*) FROM watches`+w.sql(), w.args...).Scan(&n); err != nil {
		return nil, 0, fmt.Errorf("find watches: %w", err)
	}
	rows, err := s.db.pool.Query(ctx, `SELECT `+watchColumns+` FROM watches`+w.sql()+` ORDER BY id`+
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
	tx, err := s.db.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	tag, err := tx.Exec(ctx, `DELETE FROM watches WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("delete watch %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("watch %d: %w", id, dossier.ErrNotFound)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM watch_hits WHERE watch_id = $1`, id); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
