package workertest

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"dossier/sqlite"
)

// benchArticles is the number of real articles each benchmark run ingests.
const benchArticles = 200

// BenchmarkIngestThroughput compares ingest with extraction of real
// articles by one process into SQLite with the same through the queue
// by one and by two worker processes (into one SQLite file). Each op
// ingests benchArticles articles; articles/s is the figure to read.
// Run with -benchtime=1x -count=N: each op builds a database anew.
func BenchmarkIngestThroughput(b *testing.B) {
	needNATS(b, testNATS)
	articles, _ := realArticles(b, benchArticles)
	bin := buildDossier(b)
	b.Run("sqlite-one-process", func(b *testing.B) {
		for range b.N {
			db := filepath.Join(b.TempDir(), "dossier.db")
			start := time.Now()
			out, err := exec.Command(bin, "ingest", "--db", db, articles).CombinedOutput()
			if err != nil {
				b.Fatalf("ingest: %v\n%s", err, out)
			}
			b.ReportMetric(benchArticles/time.Since(start).Seconds(), "articles/s")
		}
	})
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("queue-%d-workers", workers), func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				db := filepath.Join(b.TempDir(), "dossier.db")
				// the schema first, so the workers don't race to make it
				countDocuments(b, db)
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
				for {
					n := countDocuments(b, db)
					if n >= benchArticles {
						break
					}
					time.Sleep(20 * time.Millisecond)
				}
				elapsed := time.Since(start)
				b.StopTimer()
				for _, cmd := range cmds {
					cmd.Process.Kill()
					cmd.Wait()
				}
				b.ReportMetric(benchArticles/elapsed.Seconds(), "articles/s")
				b.StartTimer()
			}
		})
	}
}

func countDocuments(tb testing.TB, path string) int {
	tb.Helper()
	db := sqlite.NewDB(path)
	if err := db.Open(); err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	var n int
	// documents with their extraction: the work is done when both are
	if err := db.SQL().QueryRowContext(context.Background(), `SELECT count(*) FROM extractions`).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}
