// Package workertest tests dossier worker processes against the real
// NATS JetStream: killed with SIGKILL in the middle of the work, and with
// the NATS server restarted under them. It holds tests only, in a package
// of their own so that they have a time budget of their own.
package workertest

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"dossier"
	"dossier/corpus"
	"dossier/postgres"
	"dossier/postgres/pgtest"
	"dossier/queue"
	"dossier/sqlite"
)

// defaultCorpusCSV is the adverse-media training CSV, from the repository root.
const defaultCorpusCSV = "../shared/data/adverse/training.csv"

// root is the repository root, from this package.
const root = "../../.."

// dossierCmd runs the built command and returns its output and exit code.
func dossierCmd(t *testing.T, bin, db string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	cmd := exec.Command(bin, append([]string{"--db", db}, args...)...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if err != nil && cmd.ProcessState == nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), cmd.ProcessState.ExitCode()
}

// The worker tests need NATS JetStream: the machine's at 127.0.0.1:4222,
// or a server they start themselves. They fail when it does not answer,
// unless DOSSIER_TEST_NO_NATS=1 says to skip them.
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

// buildDossier builds the command from the tree.
func buildDossier(tb testing.TB) string {
	tb.Helper()
	bin := filepath.Join(tb.TempDir(), "dossier")
	out, err := exec.Command("go", "build", "-o", bin, "..").CombinedOutput()
	if err != nil {
		tb.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// realArticles writes n distinct articles of the adverse-media training
// CSV as JSON lines, and returns the file and the entity names of the CSV.
func realArticles(tb testing.TB, n int) (string, []string) {
	tb.Helper()
	path := filepath.Join(root, defaultCorpusCSV)
	if _, err := os.Stat(path); err != nil {
		tb.Skipf("no %s (the shared data): %v", path, err)
	}
	rows, err := corpus.LoadRows(path)
	if err != nil {
		tb.Fatal(err)
	}
	seen := map[string]bool{}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	var names []string
	for _, r := range rows {
		if r.EntityName != "" {
			names = append(names, r.EntityName)
		}
		if len(seen) == n || strings.TrimSpace(r.Article) == "" || seen[r.Article] {
			continue
		}
		seen[r.Article] = true
		enc.Encode(map[string]string{"text": r.Article, "url": r.URL})
	}
	if len(seen) < n {
		tb.Fatalf("%s: %d distinct articles, want %d", path, len(seen), n)
	}
	file := filepath.Join(tb.TempDir(), "articles.jsonl")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
	return file, names
}

// batchFile writes a batch CSV of n rows with the given names; every
// 997th row has no name, an error for its answer.
func batchFile(tb testing.TB, n int, names []string) string {
	tb.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"id", "name", "date_of_birth"})
	for i := 1; i <= n; i++ {
		name, dob := names[i%len(names)], ""
		if i%997 == 0 {
			name = ""
		}
		if i%3 == 0 {
			dob = fmt.Sprint(1940 + i%60)
		}
		w.Write([]string{fmt.Sprintf("C%05d", i), name, dob})
	}
	w.Flush()
	file := filepath.Join(tb.TempDir(), "batch.csv")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
	return file
}

// testDB is a dossier database as the tests read it: a SQLite file or
// a PostgreSQL database, through the store's own services.
type testDB struct {
	docs interface {
		CountDocuments(context.Context) (int, error)
	}
	jobs  dossier.JobService
	count func(ctx context.Context, query string) (int, error) // one count(*) in SQL both dialects read alike
}

// openTestDB opens db, a SQLite path or a postgres:// URL, until the
// test ends.
func openTestDB(tb testing.TB, db string) *testDB {
	tb.Helper()
	if strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://") {
		pg := postgres.NewDB(db)
		if err := pg.Open(); err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { pg.Close() })
		return &testDB{docs: postgres.NewDocumentService(pg), jobs: postgres.NewJobService(pg),
			count: func(ctx context.Context, query string) (n int, err error) {
				err = pg.Pool().QueryRow(ctx, query).Scan(&n)
				return n, err
			}}
	}
	lite := sqlite.NewDB(db)
	if err := lite.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { lite.Close() })
	return &testDB{docs: sqlite.NewDocumentService(lite), jobs: sqlite.NewJobService(lite),
		count: func(ctx context.Context, query string) (n int, err error) {
			err = lite.SQL().QueryRowContext(ctx, query).Scan(&n)
			return n, err
		}}
}

// workload is what a test published: documents and one batch job.
type workload struct {
	db        string // --db of the commands
	q         *queue.Queue
	published int   // documents the server kept
	job       int64 // the batch job
	rows      int
	store     *testDB
}

// publish loads a list into db (a SQLite path or a postgres:// URL) and
// publishes the articles and the batch to q's stream.
func publish(t *testing.T, bin string, q *queue.Queue, db, articles, batch string, rows int) *workload {
	t.Helper()
	if _, errOut, code := dossierCmd(t, bin, db, "lists", "load", filepath.Join(root, "lists", "ofac", "testdata", "sdn")); code != 0 {
		t.Fatalf("lists load: %s", errOut)
	}
	url, stream := q.Config().URL, q.Config().Stream
	wl := &workload{db: db, q: q, rows: rows, store: openTestDB(t, db)}
	if articles != "" {
		out, errOut, code := dossierCmd(t, bin, db, "ingest", "--json", "--queue", url, "--stream", stream, articles)
		if code != 0 {
			t.Fatalf("ingest --queue: %d %s", code, errOut)
		}
		var sum struct{ Published int }
		if err := json.Unmarshal([]byte(out), &sum); err != nil {
			t.Fatal(err)
		}
		wl.published = sum.Published
	}
	out, errOut, code := dossierCmd(t, bin, db, "screen", "--json", "--batch", batch, "--queue", url, "--stream", stream)
	if code != 0 {
		t.Fatalf("screen --batch --queue: %d %s", code, errOut)
	}
	var job dossier.Job
	if err := json.Unmarshal([]byte(out), &job); err != nil {
		t.Fatal(err)
	}
	if job.Total != rows || job.State != dossier.JobQueued || job.Kind != dossier.JobScreenRows {
		t.Fatalf("job as published: %+v", job)
	}
	// what "dossier jobs" shows of it, from the same database
	out, errOut, code = dossierCmd(t, bin, db, "jobs", "--json", fmt.Sprint(job.ID))
	var shown dossier.Job
	if code != 0 || json.Unmarshal([]byte(out), &shown) != nil || shown.ID != job.ID || shown.Total != rows {
		t.Fatalf("jobs %d: %d %s %s", job.ID, code, out, errOut)
	}
	wl.job = job.ID
	return wl
}

// progress returns the documents stored and the job.
func (wl *workload) progress(t *testing.T) (int, *dossier.Job) {
	t.Helper()
	ctx := context.Background()
	n, err := wl.store.docs.CountDocuments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	job, err := wl.store.jobs.FindJobByID(ctx, wl.job)
	if err != nil {
		t.Fatal(err)
	}
	return n, job
}

// startWorker starts a dossier worker process.
func startWorker(t *testing.T, bin string, wl *workload, url string, stderr *bytes.Buffer) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, "worker", "--db", wl.db, "--nats", url, "--stream", wl.q.Config().Stream,
		"--ack-wait", "2s", "--max-deliver", "20")
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { // a test that fails leaves no worker behind
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return cmd
}

// waitDone waits for every document and row to be stored, then checks
// each is stored once and nothing is left in the queue.
func (wl *workload) waitDone(t *testing.T, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	if d, ok := t.Deadline(); ok && d.Add(-30*time.Second).Before(deadline) {
		deadline = d.Add(-30 * time.Second) // fail with the counts, not a timeout panic
	}
	for {
		n, job := wl.progress(t)
		if n == wl.published && job.State == dossier.JobDone {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %d of %d documents stored, job %+v", timeout, n, wl.published, job)
		}
		time.Sleep(100 * time.Millisecond)
	}
	n, job := wl.progress(t)
	if n != wl.published {
		t.Errorf("%d documents stored, %d published", n, wl.published)
	}
	if job.Done != wl.rows || job.Total != wl.rows {
		t.Errorf("job done %d of %d, want %d of %d", job.Done, job.Total, wl.rows, wl.rows)
	}
	// each row answered once: rows 1..N, each once, the rows without a
	// name with their error
	res, err := wl.store.jobs.FindJobResults(context.Background(), wl.job, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != wl.rows {
		t.Errorf("%d results, want %d", len(res), wl.rows)
	}
	for i, r := range res {
		if r.Row != i+1 {
			t.Fatalf("result %d is row %d", i, r.Row)
		}
		if (r.Row%997 == 0) != (r.Error != "") {
			t.Fatalf("row %d: error %q", r.Row, r.Error)
		}
		if r.Reference != fmt.Sprintf("C%05d", r.Row) {
			t.Fatalf("row %d: reference %q", r.Row, r.Reference)
		}
	}
	if wl.published > 0 {
		missing, err := wl.store.count(context.Background(), `SELECT count(*) FROM documents d
			WHERE NOT EXISTS (SELECT 1 FROM extractions x WHERE x.document_id = d.id)`)
		if err != nil {
			t.Fatal(err)
		}
		if missing != 0 {
			t.Errorf("%d documents stored without their extraction", missing)
		}
	}
	// nothing left unacknowledged, nothing given up
	deadline = time.Now().Add(10 * time.Second)
	for {
		st, left, err := wl.q.Stats(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		ok := left == 0
		for _, s := range st {
			ok = ok && s.AckPending == 0 && s.Pending == 0
			if s.Dead != 0 {
				t.Errorf("%s: %d dead letters", s.Kind, s.Dead)
			}
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("queue not empty: %d messages left, %+v", left, st)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// stopWorker stops a worker with SIGTERM and checks it exits cleanly.
func stopWorker(t *testing.T, cmd *exec.Cmd, stderr *bytes.Buffer) {
	t.Helper()
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Errorf("worker after SIGTERM: %v\n%s", err, stderr)
	}
}

// TestWorkerKilled kills a worker with SIGKILL at five random points of
// an ingest of 1,000 real articles and at five of a 10,000-row batch
// screen into SQLite, each time starting it again: in the end every document is
// stored once with its extraction, every row is answered once, and the
// queue is empty.
func TestWorkerKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the worker crash test takes a minute or more")
	}
	needNATS(t, testNATS)
	crashTest(t, filepath.Join(t.TempDir(), "dossier.db"), 1)
}

// TestWorkerKilledOnPostgres is TestWorkerKilled with two workers
// sharing one PostgreSQL database: at each of the ten random kill
// points one of them, in turn, is killed with SIGKILL and started again.
func TestWorkerKilledOnPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the worker crash test takes a minute or more")
	}
	needNATS(t, testNATS)
	crashTest(t, pgtest.MustDatabase(t), 2)
}

// crashTest publishes 1,000 real articles and a 10,000-row batch job
// for db, runs workers on them, and kills one with SIGKILL at five
// random points of each, starting it again each time; then checks that every
// document is stored once with its extraction, every row answered once,
// and nothing is left in the queue, unacknowledged or dead.
func crashTest(t *testing.T, db string, workers int) {
	t.Helper()
	articles, names := realArticles(t, 1000)
	batch := batchFile(t, 10000, names)
	bin := buildDossier(t)
	q := testStream(t, testNATS)
	wl := publish(t, bin, q, db, articles, batch, 10000)
	if wl.published < 990 {
		t.Fatalf("%d documents published, want about 1,000", wl.published)
	}
	// Five kill points among the rows and five among the documents, each
	// between 5% and 90% of its kind: both kinds are consumed at once, so
	// a kill lands with some of both in hand while both last, and each
	// kind is cut five times in its middle whichever ends first.
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	type point struct{ docs, rows int }
	var points []point
	for range 5 {
		points = append(points, point{rows: wl.rows/20 + rng.IntN(wl.rows*17/20)})
		points = append(points, point{docs: wl.published/20 + rng.IntN(wl.published*17/20)})
	}
	t.Logf("seed %d: kill points %+v", seed, points)
	cmds := make([]*exec.Cmd, workers)
	stderr := make([]*bytes.Buffer, workers)
	for i := range cmds {
		stderr[i] = new(bytes.Buffer)
		cmds[i] = startWorker(t, bin, wl, testNATS, stderr[i])
	}
	for kill := 0; len(points) > 0; {
		n, job := wl.progress(t)
		i := slices.IndexFunc(points, func(p point) bool {
			return (p.docs > 0 && n >= p.docs) || (p.rows > 0 && job.Done >= p.rows)
		})
		if i < 0 {
			for w, cmd := range cmds {
				if cmd.ProcessState != nil {
					t.Fatalf("worker %d exited: %v\n%s", w, cmd.ProcessState, stderr[w])
				}
			}
			time.Sleep(20 * time.Millisecond)
			continue
		}
		points = slices.Delete(points, i, i+1)
		w := kill % workers
		kill++
		cmds[w].Process.Kill()
		cmds[w].Wait()
		n, job = wl.progress(t)
		t.Logf("killed worker %d at %d documents and %d rows", w, n, job.Done)
		cmds[w] = startWorker(t, bin, wl, testNATS, stderr[w])
	}
	wl.waitDone(t, 20*time.Minute)
	for w, cmd := range cmds {
		stopWorker(t, cmd, stderr[w])
	}
}

// freePort returns a loopback port nothing listens on.
func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// natsServer runs a NATS server of the test's own.
type natsServer struct {
	t    *testing.T
	args []string
	cmd  *exec.Cmd
	url  string
}

const natsServerBin = "/usr/sbin/nats-server"

func startNATS(t *testing.T) *natsServer {
	t.Helper()
	if _, err := os.Stat(natsServerBin); err != nil {
		if os.Getenv("DOSSIER_TEST_NO_NATS") == "1" {
			t.Skip("DOSSIER_TEST_NO_NATS=1: skipping a test that needs a NATS server")
		}
		t.Fatalf("%s: %v (install Debian's nats-server, or set DOSSIER_TEST_NO_NATS=1 to skip)", natsServerBin, err)
	}
	port := freePort(t)
	s := &natsServer{t: t, url: fmt.Sprintf("nats://127.0.0.1:%d", port),
		args: []string{"-a", "127.0.0.1", "-p", fmt.Sprint(port), "-js", "-sd", t.TempDir()}}
	s.start()
	t.Cleanup(s.stop)
	return s
}

func (s *natsServer) start() {
	s.t.Helper()
	s.cmd = exec.Command(natsServerBin, s.args...)
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", strings.TrimPrefix(s.url, "nats://"), time.Second)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("nats-server %v does not answer: %v", s.args, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *natsServer) stop() { s.signal(syscall.SIGKILL) }

// signal stops the server with sig and waits for it to exit.
func (s *natsServer) signal(sig os.Signal) {
	if s.cmd != nil && s.cmd.ProcessState == nil {
		s.cmd.Process.Signal(sig)
		s.cmd.Wait()
	}
}

// TestNATSRestartDuringJob stops the NATS server (its own, not the
// machine's) while a worker answers a batch job, and starts it again on
// the same port and storage: the job completes, each row answered once,
// and nothing is left in the stream; with a SQLite file, and with a
// PostgreSQL database. The server is stopped cleanly
// (SIGTERM), then killed (SIGKILL): a killed nats-server 2.9 comes back
// with messages its consumer had acknowledged still in the work stream
// (the consumer's state was on disk, the stream's removals not yet), so
// "nothing left" holds there only because workers sweep such messages
// away (queue.Sweep) once they reconnect.
func TestNATSRestartDuringJob(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the NATS restart test takes half a minute")
	}
	_, names := realArticles(t, 10)
	batch := batchFile(t, 3000, names)
	bin := buildDossier(t)
	stores := []struct {
		name string
		db   func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "dossier.db") }},
		{"postgres", func(t *testing.T) string { return pgtest.MustDatabase(t) }},
	}
	for _, st := range stores {
		for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGKILL} {
			t.Run(st.name+"/"+sig.String(), func(t *testing.T) {
				natsRestart(t, bin, st.db(t), batch, sig)
			})
		}
	}
}

// natsRestart publishes a 3,000-row job for db to a NATS server of the
// test's own, stops that server with sig after 300 rows, starts it
// again, and checks the job completes as it should.
func natsRestart(t *testing.T, bin, db, batch string, sig syscall.Signal) {
	t.Helper()
	srv := startNATS(t)
	q := testStream(t, srv.url)
	wl := publish(t, bin, q, db, "", batch, 3000)
	var stderr bytes.Buffer
	cmd := startWorker(t, bin, wl, srv.url, &stderr)
	for {
		_, job := wl.progress(t)
		if job.Done >= 300 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	srv.signal(sig)
	_, job := wl.progress(t)
	t.Logf("NATS stopped (%s) at %d rows", sig, job.Done)
	time.Sleep(2 * time.Second)
	if cmd.ProcessState != nil {
		t.Fatalf("worker exited while NATS was down: %v\n%s", cmd.ProcessState, &stderr)
	}
	srv.start()
	wl.waitDone(t, 5*time.Minute)
	stopWorker(t, cmd, &stderr)
	t.Logf("worker log:\n%s", &stderr)
}
