package postgres

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

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
// dossier.ErrListVersionStored, as the SQLite store's is.
var ErrListVersionStored = dossier.ErrListVersionStored

// addBatch is how many entities ListVersionWriter sends to the server
// in one round trip.
const addBatch = 500

// ListVersionWriter stores one list version as its entities arrive, for
// lists too large to hold in memory (LoadListVersion with the entities
// given one at a time): Begin, Add for each entity, then Commit; all in
// one transaction, so that a load that fails part way (Close without
// Commit) stores nothing. Entities go to the server in pipelined
// batches of addBatch; an entity whose ID comes again replaces the
// earlier one. Loads of one dataset take turns (a transaction-scoped
// advisory lock on the dataset), so that each sees the current version
// the one before it made. The version's entity and target counts are
// those of the entities added.
type ListVersionWriter struct {
	s      *ListService
	ctx    context.Context
	opts   dossier.ListLoadOptions
	tx     pgx.Tx
	begun  bool
	queued []queuedEntity // added, not yet sent
	v      *dossier.ListVersion
	vid    int64
	prevID int64
	res    *dossier.ListLoad
	count  dossier.ListCounter
	row    [2]int // the counts written in the version's row
	done   bool
}

// queuedEntity is an entity added and its hash.
type queuedEntity struct {
	e    *dossier.Entity
	hash string
}

// NewListVersionWriter returns a writer for one version.
func (s *ListService) NewListVersionWriter(ctx context.Context, opts dossier.ListLoadOptions) *ListVersionWriter {
	return &ListVersionWriter{s: s, ctx: ctx, opts: opts, res: &dossier.ListLoad{}}
}

// Load returns what the load did so far: the version current before it
// (Previous), and whether it created v.
func (w *ListVersionWriter) Load() *dossier.ListLoad { return w.res }

// lockDataset makes the transaction's loads and rollbacks of dataset
// take turns with those of other connections, until it ends.
func lockDataset(ctx context.Context, tx pgx.Tx, dataset string) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('dossier list ' || $1, 0))`, dataset)
	if err != nil {
		return fmt.Errorf("lock list %s: %w", dataset, err)
	}
	return nil
}

// Begin starts storing v (its dataset and version are required). It
// returns ErrListVersionStored, and sets v's counts to the stored
// ones, when that version is stored already.
func (w *ListVersionWriter) Begin(v *dossier.ListVersion) error {
	ctx := w.ctx
	if v.Dataset == "" || v.Version == "" {
		return fmt.Errorf("create list version: dataset and version required: %w", dossier.ErrInvalid)
	}
	if w.tx != nil || w.done {
		return errors.New("create list version: Begin called twice")
	}
	tx, err := w.s.db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("create list version %s %s: %w", v.Dataset, v.Version, err)
	}
	w.tx, w.v = tx, v
	if err := lockDataset(ctx, tx, v.Dataset); err != nil {
		return err
	}
	prevID, prev, err := currentVersion(ctx, tx, v.Dataset)
	if err != nil {
		return err
	}
	w.prevID, w.res.Previous = prevID, prev
	err = tx.QueryRow(ctx, `SELECT entities, targets FROM list_versions WHERE dataset = $1 AND version = $2`,
		v.Dataset, v.Version).Scan(&v.Entities, &v.Targets)
	if err == nil {
		v.Current = prev != nil && prev.Version == v.Version
		w.done = true
		tx.Rollback(ctx)
		return ErrListVersionStored
	} else if !isNoRows(err) {
		return err
	}
	if v.Loaded.IsZero() {
		v.Loaded = w.s.db.Now().UTC().Truncate(time.Second)
	}
	var published *string
	if !v.Published.IsZero() {
		p := v.Published.UTC().Format(time.RFC3339)
		published = &p
	}
	if _, err := tx.Exec(ctx, `UPDATE list_versions SET current = 0 WHERE dataset = $1 AND current = 1`, v.Dataset); err != nil {
		return err
	}
	err = tx.QueryRow(ctx, `
		INSERT INTO list_versions (dataset, version, title, publisher, published, loaded, source, entities, targets, current)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1) RETURNING rowid`,
		v.Dataset, v.Version, v.Title, v.Publisher, published, v.Loaded.Format(time.RFC3339), v.Source,
		v.Entities, v.Targets).Scan(&w.vid)
	if err != nil {
		return fmt.Errorf("create list version %s %s: %w", v.Dataset, v.Version, err)
	}
	w.row = [2]int{v.Entities, v.Targets}
	w.begun = true
	return nil
}

// lastChange is when e last changed, as stored with it: unchanged since
// the previous current version (same hash), its time there; new, or
// changed, the time the list states for it if it has one, else the
// load of this version. A stated time is taken for a changed entity
// only if it is later than the previous version's load, since the
// change was not in that version. (The SQLite store's rule.)
func (w *ListVersionWriter) lastChange(e *dossier.Entity, hash string, prev map[string][2]string) string {
	loaded := w.v.Loaded.UTC().Format(time.RFC3339)
	old, ok := prev[e.ID]
	switch {
	case w.prevID == 0 || !ok:
		return cmp.Or(e.LastChange, loaded)
	case old[0] == hash:
		// Stored before changes were tracked: the previous load is the
		// latest time it is known to have had these properties.
		return cmp.Or(old[1], w.res.Previous.Loaded.UTC().Format(time.RFC3339))
	case e.LastChange > w.res.Previous.Loaded.UTC().Format(time.RFC3339):
		return e.LastChange
	}
	return loaded
}

// previous reads the hash and last change of the queued entities in the
// previous current version: one query per batch.
func (w *ListVersionWriter) previous() (map[string][2]string, error) {
	if w.prevID == 0 {
		return nil, nil
	}
	ids := make([]string, len(w.queued))
	for i, q := range w.queued {
		ids[i] = q.e.ID
	}
	rows, err := w.tx.Query(w.ctx, `SELECT id, hash, coalesce(data::json ->> 'last_change', '')
		FROM list_entities WHERE version_id = $1 AND id = ANY($2)`, w.prevID, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	prev := make(map[string][2]string, len(ids))
	for rows.Next() {
		var id, hash, change string
		if err := rows.Scan(&id, &hash, &change); err != nil {
			return nil, err
		}
		prev[id] = [2]string{hash, change}
	}
	return prev, rows.Err()
}

// Add stores one entity of the version.
func (w *ListVersionWriter) Add(e *dossier.Entity) error {
	if !w.begun || w.done {
		return errors.New("create list version: Add before Begin")
	}
	// The entity is stored when its batch is sent, with its last
	// change, which needs the previous version's row.
	stored := *e
	w.queued = append(w.queued, queuedEntity{&stored, hashEntity(e)})
	w.count.Add(e) // an ID added again replaces the entity, and counts once
	if len(w.queued) >= addBatch {
		return w.flush()
	}
	return nil
}

// flush sends the queued entities.
func (w *ListVersionWriter) flush() error {
	if len(w.queued) == 0 {
		return nil
	}
	prev, err := w.previous()
	if err != nil {
		return fmt.Errorf("create list version %s %s: previous version: %w", w.v.Dataset, w.v.Version, err)
	}
	b := &pgx.Batch{}
	for _, q := range w.queued {
		q.e.LastChange = w.lastChange(q.e, q.hash, prev)
		data, err := json.Marshal(q.e)
		if err != nil {
			return fmt.Errorf("entity %s: %w", q.e.ID, err)
		}
		b.Queue(`
			INSERT INTO list_entities (version_id, id, schema, caption, data, hash) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (version_id, id) DO UPDATE SET data = excluded.data, hash = excluded.hash`,
			w.vid, q.e.ID, q.e.Schema, q.e.Caption, string(data), q.hash)
	}
	w.queued = w.queued[:0]
	if err := w.tx.SendBatch(w.ctx, b).Close(); err != nil {
		return fmt.Errorf("create list version %s %s: store entities: %w", w.v.Dataset, w.v.Version, err)
	}
	return nil
}

// Commit records the counts of the entities added on the version,
// refuses it with a *dossier.ShrinkError if it loses more than half the
// current version's entities (unless allowed), records the load in the
// dataset's history and makes the version current.
func (w *ListVersionWriter) Commit() (*dossier.ListLoad, error) {
	if !w.begun || w.done {
		return nil, errors.New("create list version: Commit without Begin")
	}
	ctx, v, prev := w.ctx, w.v, w.res.Previous
	if err := w.flush(); err != nil {
		return nil, err
	}
	v.Entities, v.Targets = w.count.Counts()
	if w.row != [2]int{v.Entities, v.Targets} {
		if _, err := w.tx.Exec(ctx, `UPDATE list_versions SET entities = $1, targets = $2 WHERE rowid = $3`,
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
	if err := w.tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("create list version %s %s: %w", v.Dataset, v.Version, err)
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
	if w.tx != nil && !w.done {
		w.done = true
		return w.tx.Rollback(context.WithoutCancel(w.ctx))
	}
	return nil
}

// currentVersion returns the current version of a dataset and its row
// ID, or nil and 0 when the dataset has no version.
func currentVersion(ctx context.Context, tx pgx.Tx, dataset string) (int64, *dossier.ListVersion, error) {
	id, v, err := scanVersion(tx.QueryRow(ctx, `SELECT `+versionColumns+` FROM list_versions
		WHERE dataset = $1 AND current = 1`, dataset))
	if isNoRows(err) {
		return 0, nil, nil
	} else if err != nil {
		return 0, nil, fmt.Errorf("current version of %s: %w", dataset, err)
	}
	return id, v, nil
}

func addEvent(ctx context.Context, tx pgx.Tx, dataset, action string, vid, prevID int64, at time.Time) error {
	var prev *int64
	if prevID != 0 {
		prev = &prevID
	}
	_, err := tx.Exec(ctx, `INSERT INTO list_events (dataset, action, version_id, previous_id, at)
		VALUES ($1, $2, $3, $4, $5)`, dataset, action, vid, prev, at.UTC().Format(time.RFC3339))
	if err != nil {
		return fmt.Errorf("record %s of %s: %w", action, dataset, err)
	}
	// Every change of a current version is an event: servers sharing
	// the database hear of it when tx commits (notify.go).
	return notifyListChange(ctx, tx, dataset)
}

// RollbackListVersion makes a stored version of dataset current again:
// version, or a unique prefix of it of at least four characters, or
// when empty the newest version loaded before the current one. The
// change is recorded as an event; no version is deleted.
func (s *ListService) RollbackListVersion(ctx context.Context, dataset, version string) (*dossier.ListEvent, error) {
	tx, err := s.db.pool.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := lockDataset(ctx, tx, dataset); err != nil {
		return nil, err
	}
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
		err := tx.QueryRow(ctx, `SELECT rowid, version FROM list_versions
			WHERE dataset = $1 AND rowid < $2 ORDER BY rowid DESC LIMIT 1`, dataset, curID).Scan(&toID, &to)
		if isNoRows(err) {
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
	if _, err := tx.Exec(ctx, `UPDATE list_versions SET current = 0 WHERE rowid = $1`, curID); err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, `UPDATE list_versions SET current = 1 WHERE rowid = $1`, toID); err != nil {
		return nil, err
	}
	ev := &dossier.ListEvent{Dataset: dataset, Action: dossier.ListRolledBack, Version: to, Previous: cur.Version,
		At: s.db.Now().UTC().Truncate(time.Second)}
	if err := addEvent(ctx, tx, dataset, ev.Action, toID, curID, ev.At); err != nil {
		return nil, err
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, err
	}
	return ev, nil
}

// findVersion finds a version of a dataset by its name or a unique
// prefix of at least four characters.
func findVersion(ctx context.Context, tx pgx.Tx, dataset, version string) (int64, string, error) {
	rows, err := tx.Query(ctx, `SELECT rowid, version FROM list_versions WHERE dataset = $1`, dataset)
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
	rows, err := s.db.pool.Query(ctx, `
		SELECT e.dataset, e.action, v.version, coalesce(p.version, ''), e.at
		FROM list_events e JOIN list_versions v ON v.rowid = e.version_id
		LEFT JOIN list_versions p ON p.rowid = e.previous_id
		WHERE $1 = '' OR e.dataset = $1 ORDER BY e.rowid DESC`, dataset)
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
// values sorted so that order does not count as a change. It is the
// SQLite store's hash, so the stores' rows compare.
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

func scanVersion(row pgx.Row) (int64, *dossier.ListVersion, error) {
	var (
		v         dossier.ListVersion
		id        int64
		published *string
		loaded    string
		current   int
	)
	if err := row.Scan(&id, &v.Dataset, &v.Version, &v.Title, &v.Publisher, &published, &loaded, &v.Source,
		&v.Entities, &v.Targets, &current); err != nil {
		return 0, nil, err
	}
	if published != nil {
		v.Published, _ = time.Parse(time.RFC3339, *published)
	}
	v.Loaded, _ = time.Parse(time.RFC3339, loaded)
	v.Current = current == 1
	return id, &v, nil
}

// FindListVersions returns stored versions, newest first.
func (s *ListService) FindListVersions(ctx context.Context, dataset string) ([]*dossier.ListVersion, error) {
	rows, err := s.db.pool.Query(ctx, `SELECT `+versionColumns+` FROM list_versions
		WHERE $1 = '' OR dataset = $1 ORDER BY rowid DESC`, dataset)
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

// CurrentEntities calls fn for each entity of each current version, in
// the SQLite store's order (by version, then ID), with its List set to
// the version's dataset and its LastChange to the load of the first
// version since which it is unchanged.
func (s *ListService) CurrentEntities(ctx context.Context, fn func(*dossier.Entity) error) error {
	rows, err := s.db.pool.Query(ctx, `
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
		if e.LastChange == "" { // as the SQLite store, which may hold rows from before changes were tracked
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
	err := s.db.pool.QueryRow(ctx, `
		SELECT e.data FROM list_entities e JOIN list_versions v ON v.rowid = e.version_id
		WHERE v.current = 1 AND e.id = $1 ORDER BY e.version_id LIMIT 1`, id).Scan(&data)
	if isNoRows(err) {
		return nil, fmt.Errorf("list entity %s: %w", id, dossier.ErrNotFound)
	} else if err != nil {
		return nil, err
	}
	var e dossier.Entity
	if err := json.Unmarshal(data, &e); err != nil {
		return nil, fmt.Errorf("list entity %s: %w", id, err)
	}
	return &e, nil
}

// DiffListVersions compares two versions of a dataset: from and to are
// versions or unique prefixes of at least four characters; empty means
// the two newest.
func (s *ListService) DiffListVersions(ctx context.Context, dataset, from, to string) (*dossier.ListDiff, error) {
	rows, err := s.db.pool.Query(ctx, `SELECT `+versionColumns+` FROM list_versions
		WHERE dataset = $1 ORDER BY rowid DESC`, dataset)
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
	if err := rows.Err(); err != nil {
		return nil, err
	}
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
	byID := func(a, b *dossier.Entity) int { return strings.Compare(a.ID, b.ID) }
	slices.SortFunc(d.Added, byID)
	slices.SortFunc(d.Removed, byID)
	slices.SortFunc(d.Changed, func(a, b dossier.Change) int { return strings.Compare(a.New.ID, b.New.ID) })
	return d, nil
}

type hashedEntity struct {
	entity *dossier.Entity
	hash   string
}

func (s *ListService) versionEntities(ctx context.Context, vid int64) (map[string]hashedEntity, error) {
	rows, err := s.db.pool.Query(ctx, `SELECT data, hash FROM list_entities WHERE version_id = $1`, vid)
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
