package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"time"

	"dossier"
)

var _ dossier.ListService = (*ListService)(nil)

// ListService stores sanctions and PEP list versions.
type ListService struct {
	db *DB
}

// NewListService returns a ListService backed by db.
func NewListService(db *DB) *ListService { return &ListService{db: db} }

// CreateListVersion stores v and its entities in one transaction and
// makes v current for its dataset.
func (s *ListService) CreateListVersion(ctx context.Context, v *dossier.ListVersion, entities []*dossier.Entity) (bool, error) {
	if v.Dataset == "" || v.Version == "" {
		return false, fmt.Errorf("create list version: dataset and version required: %w", dossier.ErrInvalid)
	}
	tx, err := s.db.db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var exists int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM list_versions WHERE dataset = ? AND version = ?`,
		v.Dataset, v.Version).Scan(&exists); err != nil {
		return false, err
	}
	if exists > 0 {
		return false, nil
	}
	if v.Loaded.IsZero() {
		v.Loaded = s.db.Now().UTC().Truncate(time.Second)
	}
	var published any
	if !v.Published.IsZero() {
		published = v.Published.UTC().Format(time.RFC3339)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE list_versions SET current = 0 WHERE dataset = ?`, v.Dataset); err != nil {
		return false, err
	}
	res, err := tx.ExecContext(ctx, `
		INSERT INTO list_versions (dataset, version, title, publisher, published, loaded, source, entities, targets, current)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		v.Dataset, v.Version, v.Title, v.Publisher, published, v.Loaded.Format(time.RFC3339), v.Source,
		v.Entities, v.Targets)
	if err != nil {
		return false, fmt.Errorf("create list version %s %s: %w", v.Dataset, v.Version, err)
	}
	vid, err := res.LastInsertId()
	if err != nil {
		return false, err
	}
	stmt, err := tx.PrepareContext(ctx, `
		INSERT INTO list_entities (version_id, id, schema, caption, data, hash) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (version_id, id) DO UPDATE SET data = excluded.data, hash = excluded.hash`)
	if err != nil {
		return false, err
	}
	defer stmt.Close()
	for _, e := range entities {
		data, err := json.Marshal(e)
		if err != nil {
			return false, fmt.Errorf("entity %s: %w", e.ID, err)
		}
		if _, err := stmt.ExecContext(ctx, vid, e.ID, e.Schema, e.Caption, data, hashEntity(e)); err != nil {
			return false, fmt.Errorf("entity %s: %w", e.ID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return false, err
	}
	return true, nil
}

// hashEntity hashes what a diff compares: schema and properties, with
// values sorted so that order does not count as a change.
func hashEntity(e *dossier.Entity) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00", e.Schema)
	keys := make([]string, 0, len(e.Properties))
	for k := range e.Properties {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		vals := slices.Clone(e.Properties[k])
		sort.Strings(vals)
		fmt.Fprintf(h, "%s\x00", k)
		for _, v := range vals {
			fmt.Fprintf(h, "%s\x01", v)
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

const versionColumns = `rowid, dataset, version, title, publisher, published, loaded, source, entities, targets`

func scanVersion(row interface{ Scan(...any) error }) (int64, *dossier.ListVersion, error) {
	var (
		v         dossier.ListVersion
		id        int64
		published sql.NullString
		loaded    string
	)
	if err := row.Scan(&id, &v.Dataset, &v.Version, &v.Title, &v.Publisher, &published, &loaded, &v.Source,
		&v.Entities, &v.Targets); err != nil {
		return 0, nil, err
	}
	if published.Valid {
		v.Published, _ = time.Parse(time.RFC3339, published.String)
	}
	v.Loaded, _ = time.Parse(time.RFC3339, loaded)
	return id, &v, nil
}

// FindListVersions returns stored versions, newest first.
func (s *ListService) FindListVersions(ctx context.Context, dataset string) ([]*dossier.ListVersion, error) {
	rows, err := s.db.db.QueryContext(ctx, `SELECT `+versionColumns+` FROM list_versions
		WHERE ? = '' OR dataset = ? ORDER BY rowid DESC`, dataset, dataset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*dossier.ListVersion
	for rows.Next() {
		_, v, err := scanVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// CurrentEntities calls fn for each entity of each current version.
func (s *ListService) CurrentEntities(ctx context.Context, fn func(*dossier.Entity) error) error {
	rows, err := s.db.db.QueryContext(ctx, `
		SELECT e.data FROM list_entities e JOIN list_versions v ON v.rowid = e.version_id
		WHERE v.current = 1 ORDER BY e.version_id, e.id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var data []byte
		if err := rows.Scan(&data); err != nil {
			return err
		}
		var e dossier.Entity
		if err := json.Unmarshal(data, &e); err != nil {
			return fmt.Errorf("list entity: %w", err)
		}
		if err := fn(&e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// FindListEntityByID returns an entity of a current list version.
func (s *ListService) FindListEntityByID(ctx context.Context, id string) (*dossier.Entity, error) {
	var data []byte
	err := s.db.db.QueryRowContext(ctx, `
		SELECT e.data FROM list_entities e JOIN list_versions v ON v.rowid = e.version_id
		WHERE v.current = 1 AND e.id = ? LIMIT 1`, id).Scan(&data)
	if err == sql.ErrNoRows {
		return nil, fmt.Errorf("list entity %s: %w", id, dossier.ErrNotFound)
	} else if err != nil {
		return nil, err
	}
	var e dossier.Entity
	return &e, json.Unmarshal(data, &e)
}

// DiffListVersions compares two versions of a dataset.
func (s *ListService) DiffListVersions(ctx context.Context, dataset, from, to string) (*dossier.ListDiff, error) {
	rows, err := s.db.db.QueryContext(ctx, `SELECT `+versionColumns+` FROM list_versions
		WHERE dataset = ? ORDER BY rowid DESC`, dataset)
	if err != nil {
		return nil, err
	}
	var ids []int64
	var versions []*dossier.ListVersion
	for rows.Next() {
		id, v, err := scanVersion(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		ids, versions = append(ids, id), append(versions, v)
	}
	rows.Close()
	find := func(version string, nth int) (int64, string, error) {
		for i, v := range versions {
			if (version == "" && i == nth) || (version != "" && (v.Version == version || len(version) >= 4 && len(v.Version) > len(version) && v.Version[:len(version)] == version)) {
				return ids[i], v.Version, nil
			}
		}
		if version == "" {
			return 0, "", fmt.Errorf("list %s: fewer than two versions stored: %w", dataset, dossier.ErrNotFound)
		}
		return 0, "", fmt.Errorf("list %s version %s: %w", dataset, version, dossier.ErrNotFound)
	}
	toID, toV, err := find(to, 0)
	if err != nil {
		return nil, err
	}
	fromID, fromV, err := find(from, 1)
	if err != nil {
		return nil, err
	}
	old, err := s.versionEntities(ctx, fromID)
	if err != nil {
		return nil, err
	}
	cur, err := s.versionEntities(ctx, toID)
	if err != nil {
		return nil, err
	}
	d := &dossier.ListDiff{Dataset: dataset, From: fromV, To: toV,
		Added: []*dossier.Entity{}, Removed: []*dossier.Entity{}, Changed: []dossier.Change{}}
	for id, n := range cur {
		o, ok := old[id]
		switch {
		case !ok:
			d.Added = append(d.Added, n.entity)
		case o.hash != n.hash:
			d.Changed = append(d.Changed, dossier.Change{Old: o.entity, New: n.entity, Fields: changedFields(o.entity, n.entity)})
		}
	}
	for id, o := range old {
		if _, ok := cur[id]; !ok {
			d.Removed = append(d.Removed, o.entity)
		}
	}
	byID := func(a, b *dossier.Entity) int { return cmpString(a.ID, b.ID) }
	slices.SortFunc(d.Added, byID)
	slices.SortFunc(d.Removed, byID)
	slices.SortFunc(d.Changed, func(a, b dossier.Change) int { return cmpString(a.New.ID, b.New.ID) })
	return d, nil
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

type hashedEntity struct {
	entity *dossier.Entity
	hash   string
}

func (s *ListService) versionEntities(ctx context.Context, vid int64) (map[string]hashedEntity, error) {
	rows, err := s.db.db.QueryContext(ctx, `SELECT data, hash FROM list_entities WHERE version_id = ?`, vid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]hashedEntity{}
	for rows.Next() {
		var data []byte
		var h hashedEntity
		if err := rows.Scan(&data, &h.hash); err != nil {
			return nil, err
		}
		h.entity = new(dossier.Entity)
		if err := json.Unmarshal(data, h.entity); err != nil {
			return nil, err
		}
		out[h.entity.ID] = h
	}
	return out, rows.Err()
}

func changedFields(a, b *dossier.Entity) []string {
	var out []string
	if a.Schema != b.Schema {
		out = append(out, "schema")
	}
	seen := map[string]bool{}
	for _, props := range []map[string][]string{a.Properties, b.Properties} {
		for k := range props {
			if seen[k] {
				continue
			}
			seen[k] = true
			x, y := slices.Clone(a.Properties[k]), slices.Clone(b.Properties[k])
			sort.Strings(x)
			sort.Strings(y)
			if !slices.Equal(x, y) {
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}
