// Package pgtest gives each test a fresh PostgreSQL database of its own.
//
// It connects to DOSSIER_TEST_POSTGRES (default
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable), creates
// a database named test_ plus random hex, and drops it when the test
// ends. When the server cannot be reached the test fails with a message
// that says so, unless DOSSIER_TEST_NO_POSTGRES=1, which skips it
// instead: PostgreSQL tests never skip silently.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// DefaultServer is the maintenance database tests connect to when
// DOSSIER_TEST_POSTGRES is unset.
const DefaultServer = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Server returns the connection string of the maintenance database
// tests create their databases from.
func Server() string {
	if s := os.Getenv("DOSSIER_TEST_POSTGRES"); s != "" {
		return s
	}
	return DefaultServer
}

// Disabled reports whether DOSSIER_TEST_NO_POSTGRES opts out of the
// PostgreSQL tests.
func Disabled() bool {
	v := os.Getenv("DOSSIER_TEST_NO_POSTGRES")
	return v != "" && v != "0"
}

// MustDatabase creates an empty database for tb and returns its
// connection string; the database is dropped in tb.Cleanup.
func MustDatabase(tb testing.TB) string {
	tb.Helper()
	if Disabled() {
		tb.Skip("DOSSIER_TEST_NO_POSTGRES is set: PostgreSQL tests skipped")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cfg, err := pgx.ParseConfig(Server())
	if err != nil {
		tb.Fatalf("pgtest: DOSSIER_TEST_POSTGRES: %v", err)
	}
	cfg.ConnectTimeout = 5 * time.Second
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		tb.Fatalf("pgtest: PostgreSQL is not answering at %s:%d (%v); start it, point DOSSIER_TEST_POSTGRES at a server, "+
			"or set DOSSIER_TEST_NO_POSTGRES=1 to skip the PostgreSQL tests", cfg.Host, cfg.Port, err)
	}
	defer conn.Close(ctx)
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		tb.Fatal(err)
	}
	name := "test_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("pgtest: create database %s: %v", name, err)
	}
	tb.Cleanup(func() { drop(tb, cfg, name) })
	return WithDatabase(Server(), name)
}

// drop removes a test database, closing connections a test left open.
func drop(tb testing.TB, cfg *pgx.ConnConfig, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		tb.Errorf("pgtest: drop database %s: %v", name, err)
		return
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		tb.Errorf("pgtest: drop database %s: %v", name, err)
	}
}

// WithDatabase returns the connection string server with its database
// replaced by name; server is a postgres:// URL or key=value pairs.
func WithDatabase(server, name string) string {
	if strings.HasPrefix(server, "postgres://") || strings.HasPrefix(server, "postgresql://") {
		if u, err := url.Parse(server); err == nil {
			u.Path = "/" + name
			u.RawPath = ""
			return u.String()
		}
	}
	// In key=value form the last of a repeated key wins.
	return server + " dbname=" + name
}
