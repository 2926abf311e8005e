// Package postgres stores dossier's data in PostgreSQL through pgx, for
// deployments where several servers and workers share one store. It
// implements the same service interfaces as package sqlite, over the same
// schema in PostgreSQL's dialect.
//
// The schema is a list of SQL files embedded in the binary (migration/),
// the twins of sqlite/migration/ with the same numbers, applied in name
// order, each in its own transaction, and recorded in the migrations
// table. A transaction-scoped advisory lock makes processes that open a
// new database at once take turns, so each file runs once.
//
// Full-text search uses the "dossier" text search configuration that
// migration 0001 creates: words are folded to lower case without accents
// (the unaccent extension) and not stemmed, as SQLite's unicode61
// tokenizer does.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"sort"
	"strconv"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migration/*.sql
var migrationFS embed.FS

// migrationLock is the key of the advisory lock that migrations take:
// any constant that other applications on the database are unlikely to
// use ("dossier" in ASCII).
const migrationLock int64 = 0x646f7373696572

// DefaultConnectTimeout bounds how long Open waits for the server when
// the connection string sets no connect_timeout.
const DefaultConnectTimeout = 10 * time.Second

// DB is an open dossier database on a PostgreSQL server.
type DB struct {
	pool *pgxpool.Pool

	// DSN is the connection string: a postgres:// URL or key=value
	// pairs, as libpq takes them.
	DSN string

	// MaxConns is the size of the connection pool; 0 means pgx's
	// default (the larger of 4 and the number of CPUs).
	MaxConns int32

	// Now returns the current time; tests may replace it.
	Now func() time.Time

	tok tokenizer // DocumentTerms'
}

// NewDB returns a DB for the connection string dsn; call Open before use.
func NewDB(dsn string) *DB {
	return &DB{DSN: dsn, Now: time.Now}
}

// Open connects to the server and applies pending migrations. A server
// that cannot be reached gives an error that names its address and, when
// the connection was refused, says so.
func (db *DB) Open() error {
	return db.OpenContext(context.Background())
}

// OpenContext is Open with a context that bounds connecting and
// migrating.
func (db *DB) OpenContext(ctx context.Context) error {
	if db.DSN == "" {
		return errors.New("postgres: connection string required")
	}
	cfg, err := pgxpool.ParseConfig(db.DSN)
	if err != nil {
		// pgx's message quotes no password, only what is wrong.
		return fmt.Errorf("postgres: connection string: %w", err)
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = DefaultConnectTimeout
	}
	if db.MaxConns > 0 {
		cfg.MaxConns = db.MaxConns
	}
	where := Address(cfg.ConnConfig)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("postgres: %s: %w", where, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return connectError(where, err)
	}
	db.pool = pool
	if err := db.migrate(ctx); err != nil {
		pool.Close()
		db.pool = nil
		return fmt.Errorf("postgres: %s: %w", where, err)
	}
	return nil
}

// Address names the server and database of cfg for messages, without
// the user or password: "127.0.0.1:5432/test".
func Address(cfg *pgx.ConnConfig) string {
	host := cfg.Host
	if len(host) > 0 && host[0] == '/' {
		host = "unix socket " + host
	} else {
		host = net.JoinHostPort(host, strconv.Itoa(int(cfg.Port)))
	}
	return host + "/" + cfg.Database
}

// connectError words a failed first connection: refused, timed out, or
// refused by the server (unknown database, authentication). The message
// is one line; err stays in the chain (errors.Is(err,
// syscall.ECONNREFUSED) holds for a refused connection).
func connectError(where string, err error) error {
	var pgErr *pgconn.PgError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return &OpenError{fmt.Sprintf("postgres: connect to %s: connection refused; is PostgreSQL running and listening there?", where), err}
	case errors.As(err, &pgErr):
		return &OpenError{fmt.Sprintf("postgres: connect to %s: %s (SQLSTATE %s)", where, pgErr.Message, pgErr.Code), err}
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return &OpenError{fmt.Sprintf("postgres: connect to %s: timed out; is the host reachable?", where), err}
	}
	return fmt.Errorf("postgres: connect to %s: %w", where, err)
}

// OpenError is a failed connection, worded for the user; Err is the
// driver's error.
type OpenError struct {
	Msg string
	Err error
}

func (e *OpenError) Error() string { return e.Msg }
func (e *OpenError) Unwrap() error { return e.Err }

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// Close closes the connection pool.
func (db *DB) Close() error {
	db.tok.close()
	if db.pool != nil {
		db.pool.Close()
		db.pool = nil
	}
	return nil
}

// Address names the server and database of db.DSN for messages,
// without the user or password; the DSN itself when it does not parse.
func (db *DB) Address() string {
	cfg, err := pgx.ParseConfig(db.DSN)
	if err != nil {
		return "(connection string does not parse)"
	}
	return Address(cfg)
}

// Pool returns the connection pool, for checks and tests.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// Migrations returns the names of the embedded migration files, in the
// order they apply.
func Migrations() ([]string, error) {
	names, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	return names, nil
}

func (db *DB) migrate(ctx context.Context) error {
	names, err := Migrations()
	if err != nil {
		return err
	}
	// Read what is applied without the lock, so that opening an
	// up-to-date database never waits for another process.
	applied := map[string]bool{}
	if rows, err := db.pool.Query(ctx, `SELECT name FROM migrations`); err == nil {
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
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	// Held until commit: another process migrating the same database
	// waits here, then finds the file applied.
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
		return fmt.Errorf("take migration lock: %w", err)
	}
	if _, err := tx.Exec(ctx,
		`CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM migrations WHERE name = $1`, name).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil // applied by another process meanwhile
	}
	body, err := fs.ReadFile(migrationFS, name)
	if err != nil {
		return err
	}
	// Without arguments, Exec sends the file in the simple protocol,
	// which runs several statements.
	if _, err := tx.Exec(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO migrations (name, applied) VALUES ($1, $2)`,
		name, db.Now().UTC().Format(time.RFC3339)); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
