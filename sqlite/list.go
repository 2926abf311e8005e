package sqlite

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
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
// makes v current for its dataset, refusing a version that shrinks the
// dataset by more than half (see LoadListVersion).
func (s *ListService) CreateListVersion(ctx context.Context, v *dossier.ListVersion, entities []*dossier.Entity) (bool, error) {
	r, err := s.LoadListVersion(ctx, v, entities, dossier.ListLoadOptions{})
	if err != nil {
		return false, err
	}
	return r.Created, nil
}

// LoadListVersion stores v and its entities in one transaction, makes v
// current for its dataset and records the load in the dataset's history.
// A version with fewer than half the entities of the current one is
// refused with a *dossier.ShrinkError unless opts.AllowShrink; nothing
// is stored then.
func (s *ListService) LoadListVersion(ctx context.Context, v *dossier.ListVersion, entities []*dossier.Entity, opts dossier.ListLoadOptions) (*dossier.ListLoad, error) {
	w := s.NewListVersionWriter(ctx, opts)
	defer w.Close()
	if err := w.Begin(v); errors.Is(err, ErrListVersionStored) {
		return w.Load(), nil
	} else if err != nil {
		return nil, err
	}
	for _, e := range entities {
		if err := w.Add(e); err != nil {
			return nil, err
		}
	}
	return w.Commit()
}

// ErrListVersionStored is what ListVersionWriter.Begin returns for a
// version that is stored already; nothing is written then. It is
// dossier.ErrListVersionStored, which every store returns.
var ErrListVersionStored = dossier.ErrListVersionStored

// ListVersionWriter stores one list version as its entities arrive, for
// lists too large to hold in memory (LoadListVersion with the entities
// given one at a time): Begin, Add for each entity, then Commit; all in
// one transaction, so that a load that fails part way (Close without
// Commit) stores nothing. The version's entity and target counts are
// those of the entities added.
type ListVersionWriter struct {
	s      *ListService
	ctx    context.Context
	opts   dossier.ListLoadOptions
	tx     *sql.Tx
	stmt   *sql.Stmt
	v      *dossier.ListVersion
	vid    int64
	prevID int64
	prev   *sql.Stmt // the hash and last change of an entity in the previous current version
	res    *dossier.ListLoad
	count  dossier.ListCounter
	row    [2]int // the counts written in the version's row
	done   bool
}

// NewListVersionWriter returns a writer for one version.
func (s *ListService) NewListVersionWriter(ctx context.Context, opts dossier.ListLoadOptions) *ListVersionWriter {
	return &ListVersionWriter{s: s, ctx: ctx, opts: opts, res: &dossier.ListLoad{}}
}

// Load returns what the load did so far: the version current before it
// (Previous), and whether it created v.
func (w *ListVersionWriter) Load() *dossier.ListLoad { return w.res }

// Begin starts storing v (its dataset and version are required). It
// returns ErrListVersionStored, and sets v's counts to the stored
// ones, when that version is stored already.
func (w *ListVersionWriter) Begin(v *dossier.ListVersion) error {
	ctx := w.ctx
	if v.Dataset == "" || v.Version == "" {
		return fmt.Errorf("create list version: dataset and version required: %w", dossier.ErrInvalid)
	}
	if w.tx != nil {
		return errors.New("create list version: Begin called twice")
	}
	tx, err := w.s.db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	w.tx, w.v = tx, v
	prevID, prev, err := currentVersion(ctx, tx, v.Dataset)
	if err != nil {
		return err
	}
	w.prevID, w.res.Previous = prevID, prev
	var exists int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM list_versions WHERE dataset = ? AND version = ?`,
		v.Dataset, v.Version).Scan(&exists); err != nil {
		return err
	}
	if exists > 0 {
		v.Current = prev != nil && prev.Version == v.Version
		if err := tx.QueryRowContext(ctx, `SELECT entities, targets FROM list_versions WHERE dataset = ? AND version = ?`,
			v.Dataset, v.Version).Scan(&v.Entities, &v.Targets); err != nil {
			return err
		}
		w.done = true
		tx.Rollback()
		return ErrListVersionStored
	}
	if v.Loaded.IsZero() {
		v.Loaded = w.s.db.Now().UTC().Truncate(time.Second)
	}
	var published any
	if !v.Published.IsZero() {
		published = v.Published.UTC().Format(time.RFC3339)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE list_versions SET current = 0 WHERE dataset = ?`, v.Dataset); err != nil {
		return err
	}
	ins, err := tx.ExecContext(ctx, `
		INSERT INTO list_versions (dataset, version, title, publisher, published, loaded, source, entities, targets, current)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		v.Dataset, v.Version, v.Title, v.Publisher, published, v.Loaded.Format(time.RFC3339), v.Source,
		v.Entities, v.Targets)
	if err != nil {
		return fmt.Errorf("create list version %s %s: %w", v.Dataset, v.Version, err)
	}
	w.row = [2]int{v.Entities, v.Targets}
	if w.vid, err = ins.LastInsertId(); err != nil {
		return err
	}
	w.stmt, err = tx.PrepareContext(ctx, `
		INSERT INTO list_entities (version_id, id, schema, caption, data, hash) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (version_id, id) DO UPDATE SET data = excluded.data, hash = excluded.hash`)
	if err != nil || prevID == 0 {
		return err
	}
	w.prev, err = tx.PrepareContext(ctx, `
		SELECT hash, coalesce(json_extract(data, '$.last_change'), '') FROM list_entities WHERE version_id = ? AND id = ?`)
	return err
}

// lastChange is when e last changed, as stored with it: unchanged since
// the previous current version (same hash), its time there; new, or
// changed, the time the list states for it if it has one, else the
// load of this version. A stated time is taken for a changed entity
// only if it is later than the previous version's load, since the
// change was not in that version.
func (w *ListVersionWriter) lastChange(e *dossier.Entity, hash string) (string, error) {
	loaded := w.v.Loaded.UTC().Format(time.RFC3339)
	if w.prev == nil {
		return cmp.Or(e.LastChange, loaded), nil
	}
	var oldHash, oldChange string
	err := w.prev.QueryRowContext(w.ctx, w.prevID, e.ID).Scan(&oldHash, &oldChange)
	switch {
	case err == sql.ErrNoRows:
		return cmp.Or(e.LastChange, loaded), nil
	case err != nil:
		return "", err
	case oldHash == hash:
		// Stored before changes were tracked: the previous load is the
		// latest time it is known to have had these properties.
		return cmp.Or(oldChange, w.res.Previous.Loaded.UTC().Format(time.RFC3339)), nil
	case e.LastChange > w.res.Previous.Loaded.UTC().Format(time.RFC3339):
		return e.LastChange, nil
	}
	return loaded, nil
}

// Add stores one entity of the version.
func (w *ListVersionWriter) Add(e *dossier.Entity) error {
	if w.stmt == nil {
		return errors.New("create list version: Add before Begin")
	}
	hash := hashEntity(e)
	changed, err := w.lastChange(e, hash)
	if err != nil {
		return fmt.Errorf("entity %s: last change: %w", e.ID, err)
	}
	stored := *e
	stored.LastChange = changed
	data, err := json.Marshal(&stored)
	if err != nil {
		return fmt.Errorf("entity %s: %w", e.ID, err)
	}
	if _, err := w.stmt.ExecContext(w.ctx, w.vid, e.ID, e.Schema, e.Caption, data, hash); err != nil {
		return fmt.Errorf("entity %s: %w", e.ID, err)
	}
	w.count.Add(e) // an ID added again replaces the entity, and counts once
	return nil
}

// Commit records the counts of the entities added on the version,
// refuses it with a *dossier.ShrinkError if it loses more than half the
// current version's entities (unless allowed), records the load in the
// dataset's history and makes the version current.
func (w *ListVersionWriter) Commit() (*dossier.ListLoad, error) {
	if w.stmt == nil || w.done {
		return nil, errors.New("create list version: Commit without Begin")
	}
	ctx, v, prev := w.ctx, w.v, w.res.Previous
	v.Entities, v.Targets = w.count.Counts()
	if w.row != [2]int{v.Entities, v.Targets} {
		if _, err := w.tx.ExecContext(ctx, `UPDATE list_versions SET entities = ?, targets = ? WHERE rowid = ?`,
			v.Entities, v.Targets, w.vid); err != nil {
			return nil, err
		}
	}
	if prev != nil && !w.opts.AllowShrink && dossier.Shrinks(prev.Entities, v.Entities) {
		return nil, &dossier.ShrinkError{Dataset: v.Dataset, Old: prev, New: v}
	}
	if err := addEvent(ctx, w.tx, v.Dataset, dossier.ListLoaded, w.vid, w.prevID, v.Loaded); err != nil {
		return nil, err
	}
	w.stmt.Close()
	if w.prev != nil {
		w.prev.Close()
	}
	if err := w.tx.Commit(); err != nil {
		return nil, err
	}
	w.done = true
	v.Current = true
	if prev != nil {
		prev.Current = false
	}
	w.res.Created = true
	return w.res, nil
}

// Close ends the writer; without Commit, nothing is stored.
func (w *ListVersionWriter) Close() error {
	if w.stmt != nil {
		w.stmt.Close()
	}
	if w.prev != nil {
		w.prev.Close()
	}
	if w.tx != nil && !w.done {
		w.done = true
		return w.tx.Rollback()
	}
	return nil
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// currentVersion returns the current version of a dataset and its row
// ID, or nil and 0 when the dataset has no version.
func currentVersion(ctx context.Context, q queryer, dataset string) (int64, *dossier.ListVersion, error) {
	id, v, err := scanVersion(q.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM list_versions
		WHERE dataset = ? AND current = 1`, dataset))
	if err == sql.ErrNoRows {
		return 0, nil, nil
	} else if err != nil {
		return 0, nil, fmt.Errorf("current version of %s: %w", dataset, err)
	}
	return id, v, nil
}

func addEvent(ctx context.Context, tx *sql.Tx, dataset, action string, vid, prevID int64, at time.Time) error {
	var prev any
	if prevID != 0 {
		prev = prevID
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO list_events (dataset, action, version_id, previous_id, at)
		VALUES (?, ?, ?, ?, ?)`, dataset, action, vid, prev, at.UTC().Format(time.RFC3339))
	if err != nil {
		return fmt.Errorf("record %s of %s: %w", action, dataset, err)
	}
	return nil
}

// RollbackListVersion makes a stored version of dataset current again:
// version, or a unique prefix of it of at least four characters, or
// when empty the newest version loaded before the current one. The
// change is recorded as an event; no version is deleted.
func (s *ListService) RollbackListVersion(ctx context.Context, dataset, version string) (*dossier.ListEvent, error) {
	tx, err := s.db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	curID, cur, err := currentVersion(ctx, tx, dataset)
	if err != nil {
		return nil, err
	}
	if cur == nil {
		return nil, fmt.Errorf("list %s: no version stored: %w", dataset, dossier.ErrNotFound)
	}
	var (
		toID int64
		to   string
	)
	if version == "" {
		err := tx.QueryRowContext(ctx, `SELECT rowid, version FROM list_versions
			WHERE dataset = ? AND rowid < ? ORDER BY rowid DESC LIMIT 1`, dataset, curID).Scan(&toID, &to)
		if err == sql.ErrNoRows {
			return nil, fmt.Errorf("list %s: no version older than the current one (%s): %w",
				dataset, short(cur.Version), dossier.ErrNotFound)
		} else if err != nil {
			return nil, err
		}
	} else {
		toID, to, err = findVersion(ctx, tx, dataset, version)
		if err != nil {
			return nil, err
		}
	}
	if toID == curID {
		return nil, fmt.Errorf("list %s: version %s is already current: %w", dataset, short(to), dossier.ErrInvalid)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE list_versions SET current = 0 WHERE dataset = ?`, dataset); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE list_versions SET current = 1 WHERE rowid = ?`, toID); err != nil {
		return nil, err
	}
	ev := &dossier.ListEvent{Dataset: dataset, Action: dossier.ListRolledBack, Version: to, Previous: cur.Version,
		At: s.db.Now().UTC().Truncate(time.Second)}
	if err := addEvent(ctx, tx, dataset, ev.Action, toID, curID, ev.At); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return ev, nil
}

// findVersion finds a version of a dataset by its name or a unique
// prefix of at least four characters.
func findVersion(ctx context.Context, tx *sql.Tx, dataset, version string) (int64, string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT rowid, version FROM list_versions WHERE dataset = ?`, dataset)
	if err != nil {
		return 0, "", err
	}
	defer rows.Close()
	var ids []int64
	var names []string
	for rows.Next() {
		var id int64
		var v string
		if err := rows.Scan(&id, &v); err != nil {
			return 0, "", err
		}
		if v == version {
			return id, v, nil
		}
		if len(version) >= 4 && strings.HasPrefix(v, version) {
			ids, names = append(ids, id), append(names, v)
		}
	}
	if err := rows.Err(); err != nil {
		return 0, "", err
	}
	switch len(ids) {
	case 1:
		return ids[0], names[0], nil
	case 0:
		return 0, "", fmt.Errorf("list %s version %s: %w", dataset, version, dossier.ErrNotFound)
	}
	return 0, "", fmt.Errorf("list %s version %s: %d versions start so: %w", dataset, version, len(ids), dossier.ErrAmbiguous)
}

// FindListEvents returns the history of a dataset ("" for all), newest
// first.
func (s *ListService) FindListEvents(ctx context.Context, dataset string) ([]*dossier.ListEvent, error) {
	rows, err := s.db.db.QueryContext(ctx, `
		SELECT e.dataset, e.action, v.version, coalesce(p.version, ''), e.at
		FROM list_events e JOIN list_versions v ON v.rowid = e.version_id
		LEFT JOIN list_versions p ON p.rowid = e.previous_id
		WHERE ? = '' OR e.dataset = ? ORDER BY e.rowid DESC`, dataset, dataset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*dossier.ListEvent
	for rows.Next() {
		var ev dossier.ListEvent
		var at string
		if err := rows.Scan(&ev.Dataset, &ev.Action, &ev.Version, &ev.Previous, &at); err != nil {
			return nil, err
		}
		ev.At, _ = time.Parse(time.RFC3339, at)
		out = append(out, &ev)
	}
	return out, rows.Err()
}

func short(v string) string { return v[:min(12, len(v))] }

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

const versionColumns = `rowid, dataset, version, title, publisher, published, loaded, source, entities, targets, current`

func scanVersion(row interface{ Scan(...any) error }) (int64, *dossier.ListVersion, error) {
	var (
		v         dossier.ListVersion
		id        int64
		published sql.NullString
		loaded    string
	)
	if err := row.Scan(&id, &v.Dataset, &v.Version, &v.Title, &v.Publisher, &published, &loaded, &v.Source,
		&v.Entities, &v.Targets, &v.Current); err != nil {
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
		SELECT e.data, v.dataset, v.loaded FROM list_entities e JOIN list_versions v ON v.rowid = e.version_id
		WHERE v.current = 1 ORDER BY e.version_id, e.id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			data            []byte
			dataset, loaded string
		)
		if err := rows.Scan(&data, &dataset, &loaded); err != nil {
			return err
		}
		var e dossier.Entity
		if err := json.Unmarshal(data, &e); err != nil {
			return fmt.Errorf("list entity: %w", err)
		}
		e.List = dataset
		if e.LastChange == "" { // stored before changes were tracked
			e.LastChange = loaded
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
