// Package sqlite stores dossier's data in an embedded SQLite database
// through modernc.org/sqlite (pure Go, no cgo).
//
// The database runs in WAL mode; every write is one transaction, so a
// process killed mid-ingest leaves only whole documents behind. Every
// transaction begins IMMEDIATE and waits up to 10 s (busy_timeout) for
// another process's write lock; processes opening a new database at once
// take turns to migrate it. The
// schema is a list of SQL files embedded in the binary (migration/),
// applied in name order, each in its own transaction, and recorded in
// the migrations table.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	sqlitedrv "modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migration/*.sql
var migrationFS embed.FS

// maxIdleConns is how many connections the pool keeps open between
// uses: as many as the server's concurrent requests commonly are.
const maxIdleConns = 16

// DB is an open dossier database.
type DB struct {
	db   *sql.DB
	Path string // file path, or ":memory:"

	// Now returns the current time; tests may replace it.
	Now func() time.Time

	stmts sync.Map // query text → *sql.Stmt: see DB.prepared

	dvMu    sync.Mutex // DataVersion's connection
	dvConn  *sql.Conn
	dvStmt  *sql.Stmt
	dvEpoch int64 // connections DataVersion opened before dvConn

	tokMu sync.Mutex // DocumentTerms' tokenizing database
	tok   *sql.DB
}

// NewDB returns a DB for the file at path; call Open before use.
func NewDB(path string) *DB {
	return &DB{Path: path, Now: time.Now}
}

// Open opens the database, creating the file and its directory if
// needed, and applies pending migrations.
func (db *DB) Open() (err error) {
	if db.Path == "" {
		return errors.New("sqlite: database path required")
	}
	dsn := db.Path
	if db.Path != ":memory:" {
		if err := os.MkdirAll(filepath.Dir(db.Path), 0o700); err != nil {
			return fmt.Errorf("sqlite: create database directory: %w", err)
		}
		dsn = "file:" + (&url.URL{Path: db.Path}).EscapedPath()
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// Every transaction is BEGIN IMMEDIATE: it takes the write lock at
	// once, waiting up to the busy timeout, rather than failing when it
	// tries to write after another connection has.
	q.Set("_txlock", "immediate")
	if db.db, err = sql.Open("sqlite", dsn+"?"+q.Encode()); err != nil {
		return fmt.Errorf("sqlite: open %s: %w", db.Path, err)
	}
	if db.Path == ":memory:" {
		// Every connection to :memory: is a separate database.
		db.db.SetMaxOpenConns(1)
	} else {
		// database/sql keeps 2 idle connections by default: under
		// concurrent requests it closes and opens connections all the
		// time, and each new one runs the pragmas above and compiles
		// its statements again.
		db.db.SetMaxIdleConns(maxIdleConns)
	}
	if err := db.db.Ping(); err != nil {
		db.db.Close()
		return fmt.Errorf("sqlite: open %s: %w", db.Path, err)
	}
	if db.Path != ":memory:" {
		if err := db.walMode(context.Background()); err != nil {
			db.db.Close()
			return fmt.Errorf("sqlite: open %s: %w", db.Path, err)
		}
	}
	if err := db.migrate(context.Background()); err != nil {
		db.db.Close()
		return fmt.Errorf("sqlite: %s: %w", db.Path, err)
	}
	return nil
}

// busyWait bounds how long Open retries a database another process holds
// locked; it matches the busy_timeout pragma.
const busyWait = 10 * time.Second

// walMode switches the database to WAL, which the file then keeps. SQLite
// answers SQLITE_BUSY at once, without calling the busy handler, when
// another connection is switching a new database's journal mode at the
// same moment, so this retries until busyWait has passed.
func (db *DB) walMode(ctx context.Context) error {
	deadline := time.Now().Add(busyWait)
	for wait := time.Millisecond; ; wait = min(2*wait, 100*time.Millisecond) {
		var mode string
		err := db.db.QueryRowContext(ctx, `PRAGMA journal_mode = WAL`).Scan(&mode)
		switch {
		case err == nil && strings.EqualFold(mode, "wal"):
			return nil
		case err == nil:
			return fmt.Errorf("set WAL journal mode: the database stays in %q mode", mode)
		case !isBusy(err) || time.Now().After(deadline):
			return fmt.Errorf("set WAL journal mode: %w", err)
		}
		time.Sleep(wait)
	}
}

// isBusy reports whether err is SQLite's SQLITE_BUSY (or an extended
// code of it).
func isBusy(err error) bool {
	var se *sqlitedrv.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY
}

// Close closes the database.
func (db *DB) Close() error {
	if db.db == nil {
		return nil
	}
	db.stmts.Range(func(k, v any) bool {
		v.(*sql.Stmt).Close()
		db.stmts.Delete(k)
		return true
	})
	db.dvMu.Lock()
	db.closeDataVersion()
	db.dvMu.Unlock()
	db.tokMu.Lock()
	if db.tok != nil {
		db.tok.Close()
		db.tok = nil
	}
	db.tokMu.Unlock()
	return db.db.Close()
}

// DataVersion returns a number that changes whenever a connection other
// than the one it reads, in this process or another, commits to the
// database: SQLite's PRAGMA data_version on a connection that DB keeps
// for it alone and that never writes. Should that connection fail, the
// next call opens another and numbers its versions above the old one's
// (data_version is 32 bits), so that equal numbers still mean that
// nothing was committed in between. ok is false for a :memory:
// database, whose single connection every write uses.
func (db *DB) DataVersion(ctx context.Context) (v int64, ok bool, err error) {
	if db.Path == ":memory:" {
		return 0, false, nil
	}
	// A cancelled request must not break the kept connection midway.
	ctx = context.WithoutCancel(ctx)
	db.dvMu.Lock()
	defer db.dvMu.Unlock()
	if db.dvConn == nil {
		c, err := db.db.Conn(ctx)
		if err != nil {
			return 0, false, fmt.Errorf("data version: %w", err)
		}
		st, err := c.PrepareContext(ctx, `PRAGMA data_version`)
		if err != nil {
			c.Close()
			return 0, false, fmt.Errorf("data version: %w", err)
		}
		db.dvConn, db.dvStmt = c, st
		db.dvEpoch++
	}
	if err := db.dvStmt.QueryRowContext(ctx).Scan(&v); err != nil {
		db.closeDataVersion()
		return 0, false, fmt.Errorf("data version: %w", err)
	}
	return db.dvEpoch<<32 | v&(1<<32-1), true, nil
}

// closeDataVersion closes DataVersion's connection; dvMu is held.
func (db *DB) closeDataVersion() {
	if db.dvConn != nil {
		db.dvStmt.Close()
		db.dvConn.Close()
		db.dvConn, db.dvStmt = nil, nil
	}
}

// prepared returns the statement of query, prepared on first use and
// kept until Close: for the queries every screening request runs, which
// SQLite would otherwise compile each time.
func (db *DB) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := db.stmts.Load(query); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := db.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if old, loaded := db.stmts.LoadOrStore(query, st); loaded {
		st.Close()
		return old.(*sql.Stmt), nil
	}
	return st, nil
}

// SQL returns the underlying handle, for checks such as
// PRAGMA integrity_check.
func (db *DB) SQL() *sql.DB { return db.db }

func (db *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	// Read what is applied without a write lock, so that opening a
	// database another process is writing to does not wait for it.
	applied := map[string]bool{}
	if rows, err := db.db.QueryContext(ctx, `SELECT name FROM migrations`); err == nil {
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return err
			}
			applied[n] = true
		}
		rows.Close()
	}
	if len(applied) == len(names) {
		return nil
	}
	// Each pending file is applied in its own BEGIN IMMEDIATE
	// transaction (the _txlock of every transaction here), which
	// creates the migrations table if needed and re-checks that no
	// other process applied the file meanwhile: processes opening a new
	// database at once take turns, and each file runs once.
	for _, name := range names {
		if applied[name] {
			continue
		}
		if err := db.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("migrate %s: %w", name, err)
		}
	}
	return nil
}

func (db *DB) migrateFile(ctx context.Context, name string) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx,
		`CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil // applied by another process meanwhile
	}
	body, err := fs.ReadFile(migrationFS, name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (name, applied) VALUES (?, ?)`,
		name, db.Now().UTC().Format(time.RFC3339)); err != nil {
		return err
	}
	return tx.Commit()
}

// IntegrityCheck runs PRAGMA integrity_check and returns an error unless
// SQLite answers "ok".
func (db *DB) IntegrityCheck(ctx context.Context) error {
	rows, err := db.db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("sqlite: integrity check: %v", problems)
	}
	return nil
}
