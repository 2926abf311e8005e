package monitor_test

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"dossier"
	"dossier/monitor"
	"dossier/screen"
	"dossier/sqlite"

	_ "modernc.org/sqlite"
)

// The kill test re-runs this test binary as a server process that
// resumes jobs (and, in "decide" mode, writes decisions meanwhile).
const (
	childDB   = "DOSSIER_MONITOR_CHILD_DB"
	childMode = "DOSSIER_MONITOR_CHILD_MODE"
)

func TestMain(m *testing.M) {
	if db := os.Getenv(childDB); db != "" {
		os.Exit(runChild(db, os.Getenv(childMode)))
	}
	os.Exit(m.Run())
}

// runChild resumes the jobs of the database and waits for them. In
// "decide" mode it also appends decisions to the audit log, printing
// "decision ID HASH" after each one commits.
func runChild(path, mode string) int {
	ctx := context.Background()
	db := sqlite.NewDB(path)
	if err := db.Open(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer db.Close()
	ix, err := screen.Build(ctx, sqlite.NewListService(db))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	decisions := sqlite.NewDecisionService(db)
	jobs := monitor.NewJobs(sqlite.NewJobService(db), decisions, func() *screen.Index { return ix })
	jobs.Workers = 2
	if mode == "decide" {
		go func() {
			for i := 0; ; i++ {
				d := &dossier.Decision{SubjectKey: fmt.Sprintf("name:child subject %d", i), ListEntityID: "ofac-24424",
					Verdict: dossier.VerdictNeedsReview, Author: "child", Note: "written while a job runs"}
				if err := decisions.CreateDecision(ctx, d); err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(1)
				}
				fmt.Fprintf(os.Stdout, "decision %d %s\n", d.ID, d.Hash)
				time.Sleep(2 * time.Millisecond)
			}
		}()
	}
	if _, err := jobs.Resume(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	jobs.Wait()
	return 0
}

// batchCSV is a customer file of n rows cycling through names, with a
// row without a name every 250 rows.
func batchCSV(n int) string {
	names := []string{"Diosdado Cabello", "Nicolás Maduro", "Hugo Carvajal", "Tareck El Aissami", "Ana María Pérez",
		"Banco Nacional de Cuba", "José David Cabello", "Jesús Carvajalino", "Carlos Malpica", "John Smith"}
	var b strings.Builder
	b.WriteString("id,full_name,date_of_birth,nationality\n")
	for i := 1; i <= n; i++ {
		name := names[i%len(names)]
		if i%250 == 0 {
			name = ""
		}
		fmt.Fprintf(&b, "R%05d,%s,%s,%s\n", i, name, []string{"", "1963", "1960-04-01"}[i%3], []string{"", "VE"}[i%2])
	}
	return b.String()
}

func newJobs(db *sqlite.DB, ix *screen.Index) *monitor.Jobs {
	j := monitor.NewJobs(sqlite.NewJobService(db), sqlite.NewDecisionService(db), func() *screen.Index { return ix })
	j.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	return j
}

func TestJobScreensEveryRow(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	ix := MustLoadList(t, db, "v1", readFixture(t))
	decisions := sqlite.NewDecisionService(db)
	// Jose David Cabello is a known false positive for "Diosdado Cabello".
	if err := decisions.CreateDecision(ctx, &dossier.Decision{SubjectKey: monitor.SubjectKey(0, "Diosdado Cabello", ""),
		ListEntityID: "ofac-24424", Verdict: dossier.VerdictFalsePositive, Author: "ana"}); err != nil {
		t.Fatal(err)
	}
	jobs := newJobs(db, ix)
	job := &dossier.Job{Input: batchCSV(500)}
	if err := jobs.Submit(ctx, job); err != nil {
		t.Fatal(err)
	}
	jobs.Wait()
	store := sqlite.NewJobService(db)
	got, err := store.FindJobByID(ctx, job.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != dossier.JobDone || got.Done != 500 || got.Total != 500 || got.Started.IsZero() || got.Finished.IsZero() || got.InputName != "upload" {
		t.Fatalf("job %+v", got)
	}
	rs, err := store.FindJobResults(ctx, job.ID, 0, 0)
	if err != nil || len(rs) != 500 {
		t.Fatalf("%d results, %v", len(rs), err)
	}
	for i, r := range rs {
		if r.Row != i+1 || r.Reference != fmt.Sprintf("R%05d", i+1) || r.Line != i+2 {
			t.Fatalf("result %d: row %d line %d id %s", i, r.Row, r.Line, r.Reference)
		}
	}
	check := func(row int, wantTop string, wantSuppressed int, wantErr string) {
		t.Helper()
		r := rs[row-1]
		top := ""
		if len(r.Hits) > 0 {
			top = r.Hits[0].EntityID
		}
		if top != wantTop || r.Suppressed != wantSuppressed || r.Error != wantErr {
			t.Errorf("row %d (%q): top %q suppressed %d error %q; want %q %d %q", row, r.Query, top, r.Suppressed, r.Error,
				wantTop, wantSuppressed, wantErr)
		}
	}
	check(30, "", 1, "")                                 // Diosdado Cabello, no birth date: the decided false positive
	check(10, "ofac-24424", 0, "")                       // Diosdado Cabello born 1963: another subject
	check(20, "", 0, "")                                 // Diosdado Cabello born 1960-04-01: not him
	check(21, "ofac-22790", 0, "")                       // Nicolás Maduro
	check(2, "ofac-11186", 0, "")                        // Hugo Carvajal born 1960-04-01
	check(3, "ofac-20250", 0, "")                        // Tareck El Aissami
	check(4, "", 0, "")                                  // Ana María Pérez: no hit
	check(5, "", 0, "")                                  // Banco Nacional de Cuba born 1960-04-01: a person, not the bank
	check(15, "ofac-306", 0, "")                         // Banco Nacional de Cuba
	check(250, "", 0, "upload:251: no name in this row") // the file's line 251
	// Running a finished job again does nothing.
	if err := jobs.Run(ctx, job.ID); err != nil {
		t.Fatal(err)
	}
	if again, _ := store.FindJobByID(ctx, job.ID); again.Done != 500 || !again.Finished.Equal(got.Finished) {
		t.Errorf("re-run changed the job: %+v", again)
	}
}

func TestJobFailsWithReason(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	ix := MustLoadList(t, db, "v1", readFixture(t))
	dir := t.TempDir()
	gone := filepath.Join(dir, "customers.csv")
	if err := os.WriteFile(gone, []byte(batchCSV(10)), 0o644); err != nil {
		t.Fatal(err)
	}
	store := sqlite.NewJobService(db)
	for _, tt := range []struct {
		Name  string
		Job   *dossier.Job
		Index *screen.Index
		Error string
	}{
		{"input gone", &dossier.Job{Kind: dossier.JobScreenBatch, InputPath: gone, InputName: gone}, ix, "input: open " + gone + ": no such file or directory"},
		{"no name column", &dossier.Job{Kind: dossier.JobScreenBatch, Input: "id,dob\n1,1960\n", InputName: "upload"}, ix, "upload:1: header has no full_name, name or last_name column"},
		{"no lists", &dossier.Job{Kind: dossier.JobScreenBatch, Input: "name\nx\n", InputName: "upload"}, nil, "no lists loaded"},
	} {
		t.Run(tt.Name, func(t *testing.T) {
			if err := store.CreateJob(ctx, tt.Job); err != nil {
				t.Fatal(err)
			}
			if tt.Job.InputPath != "" {
				os.Remove(tt.Job.InputPath)
			}
			// As at start-up: the job is picked up by Resume.
			jobs := newJobs(db, tt.Index)
			if n, err := jobs.Resume(ctx); err != nil || n != 1 {
				t.Fatalf("resumed %d, %v", n, err)
			}
			jobs.Wait()
			got, err := store.FindJobByID(ctx, tt.Job.ID)
			if err != nil || got.State != dossier.JobFailed || got.Error != tt.Error || got.Finished.IsZero() {
				t.Errorf("job %+v, %v; want failed with %q", got, err, tt.Error)
			}
		})
	}
}

// TestSIGKILLDuringJob kills a process running a batch job and writing
// decisions, restarts it, and checks that the job completes with every
// row stored exactly once, the same results as an uninterrupted run,
// and every decision committed before the kill still in a verified log.
func TestSIGKILLDuringJob(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns subprocesses")
	}
	const n = 2000
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "kill.db")
	db := sqlite.NewDB(dbPath)
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	ix := MustLoadList(t, db, "v1", readFixture(t))
	store := sqlite.NewJobService(db)
	input := batchCSV(n)
	job := &dossier.Job{Kind: dossier.JobScreenBatch, Input: input, InputName: "customers.csv"}
	if err := store.CreateJob(ctx, job); err != nil {
		t.Fatal(err)
	}
	db.Close()

	child := func(mode string) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childDB+"="+dbPath, childMode+"="+mode)
		cmd.Stderr = os.Stderr
		return cmd
	}
	cmd := child("decide")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var (
		mu      sync.Mutex
		decided = map[int64]string{} // committed before the kill, as the child reported
	)
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			var id int64
			var hash string
			if _, err := fmt.Sscanf(sc.Text(), "decision %d %s", &id, &hash); err == nil {
				mu.Lock()
				decided[id] = hash
				mu.Unlock()
			}
		}
	}()
	deadline := time.Now().Add(time.Minute)
	for {
		done, _ := jobProgress(t, dbPath, job.ID)
		mu.Lock()
		nd := len(decided)
		mu.Unlock()
		if done >= n/5 && nd >= 5 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("child made no progress in a minute: %d rows, %d decisions", done, nd)
		}
		time.Sleep(2 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-readDone
	cmd.Wait()
	killedAt, state := jobProgress(t, dbPath, job.ID)
	if state != dossier.JobRunning || killedAt >= n {
		t.Fatalf("after the kill: %d of %d rows, state %s; the test proves nothing", killedAt, n, state)
	}
	t.Logf("killed after %d of %d rows and %d decisions", killedAt, n, len(decided))

	// Restart: the job resumes and completes.
	if err := child("").Run(); err != nil {
		t.Fatalf("restart: %v", err)
	}
	db = sqlite.NewDB(dbPath)
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	store = sqlite.NewJobService(db)
	got, err := store.FindJobByID(ctx, job.ID)
	if err != nil || got.State != dossier.JobDone || got.Done != n || got.Total != n {
		t.Fatalf("after restart: %+v %v", got, err)
	}
	var count, distinct, lo, hi int
	if err := db.SQL().QueryRow(`SELECT COUNT(*), COUNT(DISTINCT row), MIN(row), MAX(row) FROM job_results WHERE job_id = ?`,
		job.ID).Scan(&count, &distinct, &lo, &hi); err != nil {
		t.Fatal(err)
	}
	if count != n || distinct != n || lo != 1 || hi != n {
		t.Fatalf("results: %d rows (%d distinct, %d..%d), want each of 1..%d once", count, distinct, lo, hi, n)
	}

	// The same results as an uninterrupted run of the same input.
	ref := &dossier.Job{Kind: dossier.JobScreenBatch, Input: input, InputName: "customers.csv"}
	if err := store.CreateJob(ctx, ref); err != nil {
		t.Fatal(err)
	}
	if err := newJobs(db, ix).Run(ctx, ref.ID); err != nil {
		t.Fatal(err)
	}
	resumed, _ := store.FindJobResults(ctx, job.ID, 0, 0)
	whole, _ := store.FindJobResults(ctx, ref.ID, 0, 0)
	if len(resumed) != n || len(whole) != n {
		t.Fatalf("%d and %d results", len(resumed), len(whole))
	}
	for i := range resumed {
		a, b := *resumed[i], *whole[i]
		a.JobID, b.JobID = 0, 0
		if !reflect.DeepEqual(a, b) {
			ja, _ := json.Marshal(a)
			jb, _ := json.Marshal(b)
			t.Fatalf("row %d differs from an uninterrupted run:\n%s\n%s", i+1, ja, jb)
		}
	}

	// No decision committed before the kill is lost, and the log verifies.
	decisions := sqlite.NewDecisionService(db)
	for id, hash := range decided {
		d, err := decisions.FindDecisionByID(ctx, id)
		if err != nil || d.Hash != hash {
			t.Errorf("decision %d: %v, %v", id, d, err)
		}
	}
	if m, err := decisions.VerifyDecisions(ctx); err != nil || m < len(decided) {
		t.Errorf("verify: %d decisions, %v; want at least %d", m, err, len(decided))
	}
}

// jobProgress reads a job's progress through a read-only connection,
// which never takes the write lock the child needs.
func jobProgress(t *testing.T, path string, id int64) (int, string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return 0, ""
	}
	defer db.Close()
	var done int
	var state string
	if err := db.QueryRow(`SELECT done, state FROM jobs WHERE id = ?`, id).Scan(&done, &state); err != nil {
		return 0, ""
	}
	return done, state
}

// AnswerRow answers the rows of a queued job one by one, in any order
// and any number of times: each is stored once, the job runs from the
// first and is done at the last; a resumed server leaves it alone.
func TestAnswerRow(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	ix := MustLoadList(t, db, "v1", readFixture(t))
	jobs := newJobs(db, ix)
	store := sqlite.NewJobService(db)
	job := &dossier.Job{Kind: dossier.JobScreenRows, InputPath: "/customers.csv", InputName: "customers.csv"}
	if err := store.CreateJob(ctx, job); err != nil {
		t.Fatal(err)
	}
	total := 3
	if _, err := store.UpdateJob(ctx, job.ID, dossier.JobUpdate{Total: &total}); err != nil {
		t.Fatal(err)
	}
	if n, err := jobs.Resume(ctx); err != nil || n != 0 {
		t.Fatalf("Resume started %d jobs (%v): a queue's job is the workers'", n, err)
	}
	rows := []monitor.Subject{
		{Row: 2, Line: 3, Name: "Nicolas Maduro Moros"},
		{Row: 1, Line: 2, Name: "Hugo Carvajal", BirthDate: "1960-04-01"},
		{Row: 2, Line: 3, Name: "Nicolas Maduro Moros"}, // delivered again
		{Row: 3, Line: 4, Err: errors.New("customers.csv:4: no name")},
	}
	want := []bool{true, true, false, true}
	for i, s := range rows {
		created, err := jobs.AnswerRow(ctx, job.ID, s, s.Query(0, 5))
		if err != nil || created != want[i] {
			t.Fatalf("row %d: created %v, %v; want %v", s.Row, created, err, want[i])
		}
		got, _ := store.FindJobByID(ctx, job.ID)
		if i == 0 && (got.State != dossier.JobRunning || got.Started.IsZero()) {
			t.Fatalf("after the first row: %+v", got)
		}
	}
	got, err := store.FindJobByID(ctx, job.ID)
	if err != nil || got.State != dossier.JobDone || got.Done != 3 || got.Finished.IsZero() {
		t.Fatalf("job %+v, %v", got, err)
	}
	rs, err := store.FindJobResults(ctx, job.ID, 0, 0)
	if err != nil || len(rs) != 3 {
		t.Fatalf("%d results, %v", len(rs), err)
	}
	if len(rs[1].Hits) == 0 || rs[1].Hits[0].EntityID != "ofac-22790" || rs[2].Error != "customers.csv:4: no name" {
		t.Errorf("results %+v", rs)
	}
	// a row of a failed job is dropped; a batch job's rows are not this
	failed := &dossier.Job{Kind: dossier.JobScreenRows, InputPath: "/x.csv"}
	store.CreateJob(ctx, failed)
	st := dossier.JobFailed
	store.UpdateJob(ctx, failed.ID, dossier.JobUpdate{State: &st})
	if created, err := jobs.AnswerRow(ctx, failed.ID, rows[0], rows[0].Query(0, 5)); created || err != nil {
		t.Errorf("row of a failed job: %v, %v", created, err)
	}
	batch := &dossier.Job{Kind: dossier.JobScreenBatch, InputPath: "/x.csv"}
	store.CreateJob(ctx, batch)
	if _, err := jobs.AnswerRow(ctx, batch.ID, rows[0], rows[0].Query(0, 5)); !errors.Is(err, dossier.ErrInvalid) {
		t.Errorf("row of a batch job: %v", err)
	}
	if _, err := jobs.AnswerRow(ctx, 999, rows[0], rows[0].Query(0, 5)); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("row of no job: %v", err)
	}
}
