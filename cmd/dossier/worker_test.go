package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/postgres"
	"dossier/postgres/pgtest"
	"dossier/queue"
)

// The worker's crash and restart tests, which run dossier processes, are
// in the package workertest, with a time budget of their own.

// testNATS is the machine's NATS JetStream. Tests that need it fail when
// it does not answer, unless DOSSIER_TEST_NO_NATS=1 says to skip them.
const testNATS = "nats://127.0.0.1:4222"

func needNATS(tb testing.TB, url string) {
	tb.Helper()
	if os.Getenv("DOSSIER_TEST_NO_NATS") == "1" {
		tb.Skip("DOSSIER_TEST_NO_NATS=1: skipping a test that needs NATS JetStream")
	}
	c, err := net.DialTimeout("tcp", strings.TrimPrefix(url, "nats://"), 2*time.Second)
	if err != nil {
		tb.Fatalf("NATS JetStream does not answer at %s (%v): start it (README, Development), or set DOSSIER_TEST_NO_NATS=1 to skip", url, err)
	}
	c.Close()
}

// testStream opens the queue on a stream of the test's own, deleted when
// the test ends.
func testStream(tb testing.TB, url string) *queue.Queue {
	tb.Helper()
	cfg := queue.NewConfig(url)
	cfg.Stream = fmt.Sprintf("test-%d", time.Now().UnixNano())
	q, err := queue.Open(context.Background(), cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := q.Delete(context.Background()); err != nil {
			tb.Error(err)
		}
		q.Close()
	})
	return q
}

// freePort returns a loopback port nothing listens on.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// TestQueueErrors: NATS down, or a database that refuses, is a clear
// error and a non-zero exit, with nothing written.
func TestQueueErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "dossier.db")
	down := fmt.Sprintf("nats://127.0.0.1:%d", freePort(t))
	article := filepath.Join(dir, "a.txt")
	os.WriteFile(article, []byte("An article about nothing in particular."), 0o644)
	batch := filepath.Join(dir, "b.csv")
	os.WriteFile(batch, []byte("name\nJohn Smith\n"), 0o644)
	for _, args := range [][]string{
		{"ingest", "--queue", down, article},
		{"screen", "--batch", batch, "--queue", down},
		{"worker", "--nats", down},
	} {
		_, errOut, code := run(t, db, "", args...)
		if code != 1 || !strings.Contains(errOut, "NATS server unavailable") || !strings.Contains(errOut, down) {
			t.Errorf("%v with NATS down: exit %d, %q", args, code, errOut)
		}
	}
	if out, errOut, code := run(t, db, "", "jobs"); code != 0 || out != "no jobs\n" {
		t.Errorf("jobs after NATS was down: %d %q %s; want no jobs", code, out, errOut)
	}
	// a database that is not one
	bad := filepath.Join(dir, "bad.db")
	os.WriteFile(bad, []byte("not a database"), 0o644)
	needNATS(t, testNATS)
	q := testStream(t, testNATS)
	for _, args := range [][]string{
		{"screen", "--batch", batch, "--queue", testNATS, "--stream", q.Config().Stream},
		{"worker", "--nats", testNATS, "--stream", q.Config().Stream},
	} {
		_, errOut, code := run(t, bad, "", args...)
		if code != 1 || !strings.Contains(errOut, "not a database") {
			t.Errorf("%v with a bad database: exit %d, %q", args, code, errOut)
		}
	}
	if _, left, err := q.Stats(context.Background()); err != nil || left != 0 {
		t.Errorf("%d messages published although the database refused (%v)", left, err)
	}
	// usage errors
	for _, args := range [][]string{{"worker"}, {"screen", "--queue", testNATS, "John"}, {"jobs", "x"}} {
		if _, errOut, code := run(t, db, "", args...); code != 2 {
			t.Errorf("%v: exit %d, %q; want 2", args, code, errOut)
		}
	}
}

// TestQueueErrorsOnPostgres: with --db postgres://…, a server that
// refuses the connection, or NATS down, is a clear error and exit status
// 1 for every command of the queue and the store, and nothing is written:
// no job, no document, no message.
func TestQueueErrorsOnPostgres(t *testing.T) {
	dir := t.TempDir()
	article := filepath.Join(dir, "a.txt")
	os.WriteFile(article, []byte("An article about nothing in particular."), 0o644)
	batch := filepath.Join(dir, "b.csv")
	os.WriteFile(batch, []byte("name\nJohn Smith\n"), 0o644)
	needNATS(t, testNATS)
	q := testStream(t, testNATS)
	stream := q.Config().Stream

	// PostgreSQL refuses: a port nothing listens on
	refused := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/dossier?sslmode=disable", freePort(t))
	for _, args := range [][]string{
		{"ingest", article},
		{"screen", "--batch", batch, "--queue", testNATS, "--stream", stream},
		{"screen", "--batch", batch},
		{"screen", "John Smith"},
		{"worker", "--nats", testNATS, "--stream", stream},
		{"jobs"},
		{"lists", "load", filepath.Join("..", "..", "lists", "ofac", "testdata", "sdn")},
		{"serve", "--addr", "127.0.0.1:0"},
	} {
		_, errOut, code := run(t, refused, "", args...)
		if code != 1 || !strings.Contains(errOut, "connection refused") || strings.Count(errOut, "\n") > 2 {
			t.Errorf("%v with PostgreSQL refusing: exit %d, %q", args, code, errOut)
		}
	}
	if _, left, err := q.Stats(context.Background()); err != nil || left != 0 {
		t.Errorf("%d messages published although the database refused (%v)", left, err)
	}

	// NATS down, PostgreSQL up: nothing stored
	pg := pgtest.MustDatabase(t)
	down := fmt.Sprintf("nats://127.0.0.1:%d", freePort(t))
	for _, args := range [][]string{
		{"ingest", "--queue", down, article},
		{"screen", "--batch", batch, "--queue", down},
		{"worker", "--nats", down},
	} {
		_, errOut, code := run(t, pg, "", args...)
		if code != 1 || !strings.Contains(errOut, "NATS server unavailable") || !strings.Contains(errOut, down) {
			t.Errorf("%v with NATS down: exit %d, %q", args, code, errOut)
		}
	}
	if out, errOut, code := run(t, pg, "", "jobs"); code != 0 || out != "no jobs\n" {
		t.Errorf("jobs after NATS was down: %d %q %s; want no jobs", code, out, errOut)
	}
	db := postgres.NewDB(pg)
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, err := postgres.NewDocumentService(db).CountDocuments(context.Background()); err != nil || n != 0 {
		t.Errorf("%d documents stored with NATS down (%v)", n, err)
	}
}
