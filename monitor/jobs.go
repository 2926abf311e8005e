package monitor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"dossier"
	"dossier/screen"
)

// Jobs runs batch screening jobs in the background. Each row's result is
// stored with the job's progress in one transaction, and results are
// committed in row order, so the stored rows are always rows 1..Done: a
// job interrupted by a crash or a shutdown stays "running" and Resume
// picks it up at row Done+1 on the next start.
type Jobs struct {
	Store     dossier.JobService
	Decisions dossier.DecisionService // optional: leaves out decided false positives
	// Index returns the current list index; a job takes it once when it
	// starts or resumes.
	Index   func() *screen.Index
	Workers int // rows screened in parallel (default GOMAXPROCS)
	Logger  *slog.Logger

	mu      sync.Mutex
	base    context.Context
	running map[int64]bool
	wg      sync.WaitGroup
}

// NewJobs returns a job runner.
func NewJobs(store dossier.JobService, decisions dossier.DecisionService, index func() *screen.Index) *Jobs {
	return &Jobs{Store: store, Decisions: decisions, Index: index}
}

// Resume starts, in the background, every batch job (JobScreenBatch)
// left queued or running by an earlier process, and makes ctx the context of the jobs submitted
// from now on: cancelling it stops them, leaving them to be resumed.
// Call it once at start-up. It returns how many jobs it started.
func (j *Jobs) Resume(ctx context.Context) (int, error) {
	j.mu.Lock()
	j.base = ctx
	j.mu.Unlock()
	n := 0
	kind := dossier.JobScreenBatch // the workers of the queue run the others
	for _, state := range []string{dossier.JobRunning, dossier.JobQueued} {
		jobs, _, err := j.Store.FindJobs(ctx, dossier.JobFilter{State: &state, Kind: &kind})
		if err != nil {
			return n, fmt.Errorf("resume jobs: %w", err)
		}
		for _, job := range jobs {
			if j.start(job.ID) {
				n++
			}
		}
	}
	return n, nil
}

// Submit stores job (queued) and starts it in the background; ctx is
// for storing it only.
func (j *Jobs) Submit(ctx context.Context, job *dossier.Job) error {
	if job.Kind == "" {
		job.Kind = dossier.JobScreenBatch
	}
	if job.Kind != dossier.JobScreenBatch {
		return fmt.Errorf("submit job: kind %q: %w", job.Kind, dossier.ErrInvalid)
	}
	if job.InputName == "" {
		if job.InputPath != "" {
			job.InputName = job.InputPath
		} else {
			job.InputName = "upload"
		}
	}
	if err := j.Store.CreateJob(ctx, job); err != nil {
		return err
	}
	j.start(job.ID)
	return nil
}

// Wait blocks until the background jobs have stopped.
func (j *Jobs) Wait() { j.wg.Wait() }

func (j *Jobs) start(id int64) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.running == nil {
		j.running = map[int64]bool{}
	}
	if j.running[id] {
		return false
	}
	j.running[id] = true
	ctx := j.base
	if ctx == nil {
		ctx = context.Background()
	}
	j.wg.Add(1)
	go func() {
		defer j.wg.Done()
		defer func() {
			j.mu.Lock()
			delete(j.running, id)
			j.mu.Unlock()
		}()
		if err := j.Run(ctx, id); err != nil && ctx.Err() == nil {
			j.logger().Error("job", "id", id, "err", err)
		}
	}()
	return true
}

func (j *Jobs) logger() *slog.Logger {
	if j.Logger != nil {
		return j.Logger
	}
	return slog.Default()
}

// Run runs job id to its end in the calling goroutine, from the row
// after the last stored one. A job that is done or failed is left as it
// is. A job whose input cannot be opened, whose header cannot be read,
// or for which no lists are loaded, is marked failed with the reason.
// When ctx ends first, Run returns its error and the job stays running.
func (j *Jobs) Run(ctx context.Context, id int64) error {
	job, err := j.Store.FindJobByID(ctx, id)
	if err != nil {
		return err
	}
	if job.State == dossier.JobDone || job.State == dossier.JobFailed {
		return nil
	}
	if job.Kind != dossier.JobScreenBatch {
		return j.fail(ctx, job, fmt.Errorf("unknown job kind %q", job.Kind))
	}
	var ix *screen.Index
	if j.Index != nil {
		ix = j.Index()
	}
	if ix == nil || ix.Len() == 0 {
		return j.fail(ctx, job, errors.New("no lists loaded"))
	}
	// First pass: count the rows, and check the input can be read.
	total := 0
	if err := j.read(job, func(Subject) error { total++; return nil }); err != nil {
		return j.fail(ctx, job, err)
	}
	upd := dossier.JobUpdate{State: ptr(dossier.JobRunning), Total: &total}
	if job.Started.IsZero() {
		upd.Started = ptr(time.Now().UTC())
	}
	if job, err = j.Store.UpdateJob(ctx, id, upd); err != nil {
		return err
	}
	if err := j.screen(ctx, job, ix); err != nil {
		return err
	}
	_, err = j.Store.UpdateJob(ctx, id, dossier.JobUpdate{State: ptr(dossier.JobDone), Finished: ptr(time.Now().UTC())})
	return err
}

// read opens the job's input and reads its rows.
func (j *Jobs) read(job *dossier.Job, fn func(Subject) error) error {
	var r io.Reader
	if job.InputPath != "" {
		f, err := os.Open(job.InputPath)
		if err != nil {
			return fmt.Errorf("input: %w", err)
		}
		defer f.Close()
		r = f
	} else {
		r = strings.NewReader(job.Input)
	}
	return ReadSubjects(r, job.InputName, fn)
}

func (j *Jobs) fail(ctx context.Context, job *dossier.Job, reason error) error {
	msg := reason.Error()
	now := time.Now().UTC()
	if _, err := j.Store.UpdateJob(ctx, job.ID, dossier.JobUpdate{State: ptr(dossier.JobFailed), Error: &msg,
		Finished: &now}); err != nil {
		return err
	}
	return fmt.Errorf("job %d failed: %w", job.ID, reason)
}

// screen screens the rows after job.Done on all workers and stores the
// results in row order.
func (j *Jobs) screen(ctx context.Context, job *dossier.Job, ix *screen.Index) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := j.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	rows := make(chan Subject, 2*workers)
	type result struct {
		r   *dossier.JobResult
		err error
	}
	results := make(chan result, 2*workers)
	readErr := make(chan error, 1)
	skip := job.Done
	go func() {
		defer close(rows)
		readErr <- j.read(job, func(s Subject) error {
			if s.Row <= skip {
				return nil
			}
			select {
			case rows <- s:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range rows {
				r, err := j.screenRow(ctx, job, ix, s)
				select {
				case results <- result{r, err}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()
	pending := map[int]*dossier.JobResult{}
	next := skip + 1
	var storeErr error
	for res := range results {
		if storeErr != nil {
			continue
		}
		if res.err != nil {
			storeErr = res.err
			cancel()
			continue
		}
		pending[res.r.Row] = res.r
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			if _, err := j.Store.CreateJobResult(ctx, p); err != nil {
				storeErr = fmt.Errorf("job %d row %d: %w", job.ID, p.Row, err)
				cancel()
				break
			}
			next++
		}
	}
	if storeErr != nil {
		return storeErr
	}
	if err := <-readErr; err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return j.fail(ctx, job, err) // the input changed or vanished since the first pass
	}
	return ctx.Err()
}

// screenRow screens one row. A row that cannot be read gets its error
// in the result; a failure to read the decisions is returned, and stops
// the job (to be resumed), rather than be stored as the row's outcome.
func (j *Jobs) screenRow(ctx context.Context, job *dossier.Job, ix *screen.Index, s Subject) (*dossier.JobResult, error) {
	r := &dossier.JobResult{JobID: job.ID, Row: s.Row, Line: s.Line, Reference: s.Reference, Query: s.Name,
		Hits: []dossier.ListHit{}}
	if s.Err != nil {
		r.Error = s.Err.Error()
		return r, nil
	}
	hits, n, err := Screen(ctx, j.Decisions, ix, SubjectKey(0, s.Name, s.BirthDate), s.Query(job.Threshold, job.Limit))
	if err != nil {
		return nil, fmt.Errorf("job %d row %d: %w", job.ID, s.Row, err)
	}
	r.Hits, r.Suppressed = hits, n
	if r.Hits == nil {
		r.Hits = []dossier.ListHit{}
	}
	return r, nil
}

// AnswerRow screens one row of a JobScreenRows job, whose rows a work
// queue hands out one by one, and stores its result with the job's
// progress. The first row answered marks the job running, and whichever
// row completes it marks it done. A row stored already is left as it
// is (it reports false), so a row delivered twice is answered once; the
// rows of a failed job are dropped. A failure to read the job or the
// decisions, or to store the result, is returned: the row is to be tried
// again.
func (j *Jobs) AnswerRow(ctx context.Context, jobID int64, s Subject, q screen.Query) (bool, error) {
	job, err := j.Store.FindJobByID(ctx, jobID)
	if err != nil {
		return false, err
	}
	if job.Kind != dossier.JobScreenRows {
		return false, fmt.Errorf("job %d is a %s job, not %s: %w", jobID, job.Kind, dossier.JobScreenRows, dossier.ErrInvalid)
	}
	if job.State == dossier.JobFailed {
		return false, nil
	}
	r := &dossier.JobResult{JobID: jobID, Row: s.Row, Line: s.Line, Reference: s.Reference, Query: s.Name,
		Hits: []dossier.ListHit{}}
	if s.Err != nil {
		r.Error = s.Err.Error()
	} else {
		var ix *screen.Index
		if j.Index != nil {
			ix = j.Index()
		}
		if ix == nil || ix.Len() == 0 {
			return false, fmt.Errorf("job %d row %d: no lists loaded", jobID, s.Row)
		}
		hits, n, err := Screen(ctx, j.Decisions, ix, SubjectKey(0, s.Name, s.BirthDate), q)
		if err != nil {
			return false, fmt.Errorf("job %d row %d: %w", jobID, s.Row, err)
		}
		r.Hits, r.Suppressed = hits, n
		if r.Hits == nil {
			r.Hits = []dossier.ListHit{}
		}
	}
	if job.State == dossier.JobQueued {
		if _, err := j.Store.UpdateJob(ctx, jobID, dossier.JobUpdate{State: ptr(dossier.JobRunning),
			Started: ptr(time.Now().UTC())}); err != nil {
			return false, err
		}
	}
	created, err := j.Store.CreateJobResult(ctx, r)
	if err != nil {
		return false, fmt.Errorf("job %d row %d: %w", jobID, s.Row, err)
	}
	// Checked after every row, stored now or before: a worker that died
	// between storing the last row and marking the job leaves that to
	// the row's next delivery.
	if job, err = j.Store.FindJobByID(ctx, jobID); err != nil {
		return created, err
	}
	if job.State != dossier.JobDone && job.State != dossier.JobFailed && job.Total > 0 && job.Done >= job.Total {
		if _, err := j.Store.UpdateJob(ctx, jobID, dossier.JobUpdate{State: ptr(dossier.JobDone),
			Finished: ptr(time.Now().UTC())}); err != nil {
			return created, err
		}
	}
	return created, nil
}

func ptr[T any](v T) *T { return &v }
