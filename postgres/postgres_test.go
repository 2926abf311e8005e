package postgres_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"syscall"
	"testing"

	"dossier/postgres"
	"dossier/postgres/pgtest"
)

// MustOpenDB opens a fresh, migrated database for tb and closes it in
// tb.Cleanup (before pgtest drops it).
func MustOpenDB(tb testing.TB) *postgres.DB {
	tb.Helper()
	db := postgres.NewDB(pgtest.MustDatabase(tb))
	if err := db.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestOpenMigrates(t *testing.T) {
	db := MustOpenDB(t)
	names, err := postgres.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM migrations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != len(names) || n == 0 {
		t.Fatalf("migrations table has %d rows, want %d", n, len(names))
	}
	// Opening again applies nothing and keeps the rows.
	again := postgres.NewDB(db.DSN)
	if err := again.Open(); err != nil {
		t.Fatal(err)
	}
	again.Close()
}

// Every SQLite migration has a PostgreSQL twin of the same name, so the
// two schemas stay one set.
func TestMigrationsMatchSQLite(t *testing.T) {
	pg, err := postgres.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	lite, err := filepathGlob("../sqlite/migration/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(pg, "\n") != strings.Join(lite, "\n") {
		t.Errorf("postgres migrations\n%s\nsqlite migrations\n%s", strings.Join(pg, "\n"), strings.Join(lite, "\n"))
	}
}

// Several processes opening one new database at once take turns to
// migrate it; each file runs once.
func TestOpenConcurrent(t *testing.T) {
	dsn := pgtest.MustDatabase(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db := postgres.NewDB(dsn)
			errs[i] = db.Open()
			db.Close()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpenRefused(t *testing.T) {
	// A port nothing listens on: bind one, note it, close it.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().(*net.TCPAddr)
	l.Close()
	db := postgres.NewDB("postgres://nobody:secret@127.0.0.1:" + itoa(addr.Port) + "/dossier?sslmode=disable")
	err = db.Open()
	if err == nil {
		t.Fatal("Open succeeded against a closed port")
	}
	msg := err.Error()
	t.Logf("refused: %s", msg)
	for _, want := range []string{"connection refused", "127.0.0.1:" + itoa(addr.Port), "dossier"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not say %q", msg, want)
		}
	}
	if strings.Contains(msg, "secret") {
		t.Errorf("error %q shows the password", msg)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("error %v is not ECONNREFUSED", err)
	}
}

func TestOpenBadDSN(t *testing.T) {
	for _, dsn := range []string{"", "postgres://127.0.0.1:notaport/x", "host=127.0.0.1 port=5432 sslmode=bogus"} {
		if err := postgres.NewDB(dsn).Open(); err == nil || !strings.HasPrefix(err.Error(), "postgres: ") {
			t.Errorf("Open(%q) = %v, want a postgres: error", dsn, err)
		}
	}
}

func TestOpenUnknownDatabase(t *testing.T) {
	if pgtest.Disabled() {
		t.Skip("DOSSIER_TEST_NO_POSTGRES is set")
	}
	db := postgres.NewDB(pgtest.WithDatabase(pgtest.Server(), "dossier_no_such_database"))
	err := db.Open()
	if err == nil {
		db.Close()
		t.Fatal("Open succeeded on a database that does not exist")
	}
	if !strings.Contains(err.Error(), "dossier_no_such_database") || !strings.Contains(err.Error(), "3D000") {
		t.Errorf("error %q does not name the missing database", err)
	}
}
