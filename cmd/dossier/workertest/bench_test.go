package workertest

import (
	"bytes"
	"context"
	"dossier/internal/benchload"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"dossier"
	"dossier/postgres"
	"dossier/postgres/pgtest"
)

// benchArticles is the number of real articles each ingest benchmark
// op ingests.
const benchArticles = 200

// BenchmarkIngestThroughput compares ingest with extraction of real
// articles by one process into SQLite, and by one process into
// PostgreSQL, with the same through the queue by one and by two worker
// processes into one SQLite file and into one PostgreSQL database. Each
// op ingests benchArticles articles into a new database; articles/s is
// the figure to read, the median over -count runs (each run logs the
// load average):
//
//	go test -run '^$' -bench BenchmarkIngestThroughput -benchtime 1x -count 5 ./cmd/dossier/workertest
//
// A worker op is timed from the workers' start until every document has
// its extraction stored; publishing is not timed.
func BenchmarkIngestThroughput(b *testing.B) {
	needNATS(b, testNATS)
	articles, _ := realArticles(b, benchArticles)
	bin := buildDossier(b)
	stores := []struct {
		name string
		db   func(b *testing.B) string
	}{
		{"sqlite", func(b *testing.B) string { return filepath.Join(b.TempDir(), "dossier.db") }},
		{"postgres", func(b *testing.B) string { return pgtest.MustDatabase(b) }},
	}
	for _, st := range stores {
		b.Run(st.name+"-one-process", func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				db := st.db(b)
				extracted(b, db) // the schema, made before the clock starts
				b.StartTimer()
				start := time.Now()
				out, err := exec.Command(bin, "ingest", "--db", db, articles).CombinedOutput()
				if err != nil {
					b.Fatalf("ingest: %v\n%s", err, out)
				}
				reportIngest(b, time.Since(start))
			}
		})
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s-queue-%d-workers", st.name, workers), func(b *testing.B) {
				for range b.N {
					b.StopTimer()
					db := st.db(b)
					// the schema first, so the workers don't race to make it
					count := extracted(b, db)
					q := testStream(b, testNATS)
					out, err := exec.Command(bin, "ingest", "--queue", testNATS, "--stream", q.Config().Stream, articles).CombinedOutput()
					if err != nil {
						b.Fatalf("ingest --queue: %v\n%s", err, out)
					}
					b.StartTimer()
					start := time.Now()
					var cmds []*exec.Cmd
					var stderr bytes.Buffer
					for range workers {
						cmd := exec.Command(bin, "worker", "--db", db, "--nats", testNATS, "--stream", q.Config().Stream)
						cmd.Stderr = &stderr
						if err := cmd.Start(); err != nil {
							b.Fatal(err)
						}
						b.Cleanup(func() {
							if cmd.ProcessState == nil {
								cmd.Process.Kill()
								cmd.Wait()
							}
						})
						cmds = append(cmds, cmd)
					}
					deadline := time.Now().Add(10 * time.Minute)
					for count() < benchArticles {
						if time.Now().After(deadline) {
							b.Fatalf("%d of %d articles extracted after 10 minutes\n%s", count(), benchArticles, &stderr)
						}
						time.Sleep(20 * time.Millisecond)
					}
					elapsed := time.Since(start)
					b.StopTimer()
					for _, cmd := range cmds {
						cmd.Process.Kill()
						cmd.Wait()
					}
					reportIngest(b, elapsed)
					b.StartTimer()
				}
			})
		}
	}
}

// extracted opens db (making its schema) and returns a count of the
// documents with their extraction stored: the work is done when both are.
func extracted(b *testing.B, db string) func() int {
	b.Helper()
	st := openTestDB(b, db)
	return func() int {
		n, err := st.count(context.Background(), `SELECT count(*) FROM extractions`)
		if err != nil {
			b.Fatal(err)
		}
		return n
	}
}

func reportIngest(b *testing.B, elapsed time.Duration) {
	b.ReportMetric(benchArticles/elapsed.Seconds(), "articles/s")
	b.Logf("%d articles in %s: %.1f articles/s; load average %s", benchArticles, elapsed.Round(time.Millisecond),
		benchArticles/elapsed.Seconds(), benchload.LoadAverage())
}

// sharedLists are the lists the /match benchmark loads, under the
// shared data directory.
var sharedLists = []string{"ofac/sdn-2021-07", "ofac/cons", "un/consolidated-2026-02-27.xml"}

// BenchmarkMatchServers: POST /match over loopback HTTP to dossier
// serve processes over one PostgreSQL database holding OFAC SDN, OFAC
// non-SDN and the UN list, with auth on, from 16 concurrent clients that
// spread their requests over the servers in turn; one server, then two.
// It runs only when DOSSIER_LOAD=1 (it loads the full lists):
//
//	DOSSIER_LOAD=1 go test -run '^$' -bench BenchmarkMatchServers -benchtime 20s -count 3 ./cmd/dossier/workertest
//
// It reports requests per second, latency percentiles and errors (any
// transport error or non-200 answer), and logs the load average.
// Clients, servers and PostgreSQL share the machine's cores.
func BenchmarkMatchServers(b *testing.B) {
	if os.Getenv("DOSSIER_LOAD") == "" {
		b.Skip("load test: set DOSSIER_LOAD=1 to run it")
	}
	data := filepath.Join(root, "..", "shared", "data")
	var paths []string
	for _, p := range sharedLists {
		path := filepath.Join(data, p)
		if _, err := os.Stat(path); err != nil {
			b.Skipf("no %s (the shared data): %v", path, err)
		}
		paths = append(paths, path)
	}
	bin := buildDossier(b)
	db := pgtest.MustDatabase(b)
	if out, err := exec.Command(bin, append([]string{"--db", db, "lists", "load"}, paths...)...).CombinedOutput(); err != nil {
		b.Fatalf("lists load: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--db", db, "serve", "token", "create", "load", "--scope", "read", "--json").Output()
	if err != nil {
		b.Fatalf("token create: %v", err)
	}
	var tok struct{ Secret string }
	if err := json.Unmarshal(out, &tok); err != nil || tok.Secret == "" {
		b.Fatalf("token create: %q %v", out, err)
	}
	bodies, entities := matchQueries(b, db, 4096)
	var urls []string
	for range 2 {
		urls = append(urls, startServer(b, bin, db, tok.Secret))
	}
	for _, n := range []int{1, 2} {
		b.Run(fmt.Sprintf("%d-servers", n), func(b *testing.B) {
			var targets []string
			for _, u := range urls[:n] {
				targets = append(targets, u+"/match/default")
			}
			matchLoad(b, targets, tok.Secret, bodies, fmt.Sprintf("%d server(s) over one PostgreSQL, %d list entities", n, entities))
		})
	}
}

// startServer starts dossier serve over db on a free loopback port and
// returns its URL once it is ready.
func startServer(b *testing.B, bin, db, token string) string {
	b.Helper()
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(b))
	cmd := exec.Command(bin, "--db", db, "serve", "--addr", addr, "--key-dir", filepath.Join(b.TempDir(), "keys"),
		"--log-level", "error")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	url := "http://" + addr
	for deadline := time.Now().Add(5 * time.Minute); ; time.Sleep(100 * time.Millisecond) {
		req, _ := http.NewRequest("GET", url+"/readyz", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return url
			}
		}
		if time.Now().After(deadline) || cmd.ProcessState != nil {
			b.Fatalf("dossier serve on %s not ready\n%s", addr, &stderr)
		}
	}
}

// matchQueries are what a screening desk sends: half list names as
// customers write them (given names first), half names on no list, a
// quarter with a birth year and a quarter with a nationality.
func matchQueries(b *testing.B, db string, n int) ([][]byte, int) {
	b.Helper()
	pg := postgres.NewDB(db)
	if err := pg.Open(); err != nil {
		b.Fatal(err)
	}
	defer pg.Close()
	var names []string
	entities := 0
	err := postgres.NewListService(pg).CurrentEntities(context.Background(), func(e *dossier.Entity) error {
		entities++
		if dossier.IsThing(e.Schema) && e.Caption != "" {
			names = append(names, e.Caption)
		}
		return nil
	})
	if err != nil || len(names) == 0 {
		b.Fatalf("list names: %d, %v", len(names), err)
	}
	return benchload.MatchBodies(names, n), entities
}

// matchLoad posts bodies in turn from 16 clients (8 per core on two),
// each request to the next of targets, and reports requests per second,
// latency percentiles and errors.
func matchLoad(b *testing.B, targets []string, token string, bodies [][]byte, what string) {
	b.Helper()
	r := benchload.Post(b, targets, token, bodies)
	b.Logf("to %s: %s", what, r)
	if r.Errors > 0 {
		b.Errorf("%d requests failed", r.Errors)
	}
}
