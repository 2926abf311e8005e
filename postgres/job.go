package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"dossier"
)

var _ dossier.JobService = (*JobService)(nil)

// JobService stores jobs and their results.
type JobService struct {
	db *DB
}

// NewJobService returns a JobService backed by db.
func NewJobService(db *DB) *JobService { return &JobService{db: db} }

// CreateJob stores j as queued.
func (s *JobService) CreateJob(ctx context.Context, j *dossier.Job) error {
	if j.Kind == "" {
		return fmt.Errorf("create job: kind required: %w", dossier.ErrInvalid)
	}
	if (j.Input == "") == (j.InputPath == "") {
		return fmt.Errorf("create job: an input or an input path, not both or neither: %w", dossier.ErrInvalid)
	}
	var input *string
	if j.InputPath == "" {
		input = &j.Input
	}
	j.State, j.Done, j.Total, j.Error = dossier.JobQueued, 0, 0, ""
	j.Created = s.db.Now().UTC()
	j.Started, j.Finished = time.Time{}, time.Time{}
	err := s.db.pool.QueryRow(ctx, `INSERT INTO jobs (kind, input, input_path, input_name, threshold, hit_limit,
		state, created) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		j.Kind, input, j.InputPath, j.InputName, j.Threshold, j.Limit, j.State, monTime(j.Created)).Scan(&j.ID)
	if err != nil {
		return fmt.Errorf("create job: %w", err)
	}
	return nil
}

const jobColumns = `id, kind, input, input_path, input_name, threshold, hit_limit, state, done, total, error,
	created, started, finished`

func scanJob(row pgx.Row) (*dossier.Job, error) {
	var (
		j                 dossier.Job
		input             *string
		created           string
		started, finished *string
	)
	if err := row.Scan(&j.ID, &j.Kind, &input, &j.InputPath, &j.InputName, &j.Threshold, &j.Limit, &j.State,
		&j.Done, &j.Total, &j.Error, &created, &started, &finished); err != nil {
		return nil, err
	}
	if input != nil {
		j.Input = *input
	}
	j.Created, j.Started, j.Finished = monParseTime(created), monNullTime(started), monNullTime(finished)
	return &j, nil
}

// FindJobByID returns a job.
func (s *JobService) FindJobByID(ctx context.Context, id int64) (*dossier.Job, error) {
	j, err := scanJob(s.db.pool.QueryRow(ctx, `SELECT `+jobColumns+` FROM jobs WHERE id = $1`, id))
	if isNoRows(err) {
		return nil, fmt.Errorf("job %d: %w", id, dossier.ErrNotFound)
	}
	return j, err
}

// FindJobs returns jobs in ID order.
func (s *JobService) FindJobs(ctx context.Context, f dossier.JobFilter) ([]*dossier.Job, int, error) {
	var w monWhere
	if f.State != nil {
		w.add("state = ?", *f.State)
	}
	if f.Kind != nil {
		w.add("kind = ?", *f.Kind)
	}
	var n int
	if err := s.db.pool.QueryRow(ctx, `SELECT count(*) FROM jobs`+w.sql(), w.args...).Scan(&n); err != nil {
		return nil, 0, fmt.Errorf("find jobs: %w", err)
	}
	rows, err := s.db.pool.Query(ctx, `SELECT `+jobColumns+` FROM jobs`+w.sql()+` ORDER BY id`+
		monPage(f.Offset, f.Limit), w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find jobs: %w", err)
	}
	defer rows.Close()
	var out []*dossier.Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, j)
	}
	return out, n, rows.Err()
}

// UpdateJob applies upd.
func (s *JobService) UpdateJob(ctx context.Context, id int64, upd dossier.JobUpdate) (*dossier.Job, error) {
	var sets []string
	var args []any
	set := func(col string, v any) {
		args = append(args, v)
		sets = append(sets, col+" = $"+strconv.Itoa(len(args)))
	}
	if upd.State != nil {
		switch *upd.State {
		case dossier.JobQueued, dossier.JobRunning, dossier.JobDone, dossier.JobFailed:
		default:
			return nil, fmt.Errorf("update job %d: state %q: %w", id, *upd.State, dossier.ErrInvalid)
		}
		set("state", *upd.State)
	}
	if upd.Total != nil {
		set("total", *upd.Total)
	}
	if upd.Error != nil {
		set("error", *upd.Error)
	}
	if upd.Started != nil {
		set("started", monTime(*upd.Started))
	}
	if upd.Finished != nil {
		set("finished", monTime(*upd.Finished))
	}
	if len(sets) > 0 {
		args = append(args, id)
		tag, err := s.db.pool.Exec(ctx, `UPDATE jobs SET `+strings.Join(sets, ", ")+` WHERE id = $`+strconv.Itoa(len(args)), args...)
		if err != nil {
			return nil, fmt.Errorf("update job %d: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			return nil, fmt.Errorf("job %d: %w", id, dossier.ErrNotFound)
		}
	}
	return s.FindJobByID(ctx, id)
}

// CreateJobResult stores a row's result with the job's progress. Two
// workers storing the same row at once store it once: the second insert
// waits for the first to commit, then does nothing.
func (s *JobService) CreateJobResult(ctx context.Context, r *dossier.JobResult) (bool, error) {
	if r.Row < 1 {
		return false, fmt.Errorf("create job result: row %d: %w", r.Row, dossier.ErrInvalid)
	}
	hits := r.Hits
	if hits == nil {
		hits = []dossier.ListHit{}
	}
	data, err := json.Marshal(hits)
	if err != nil {
		return false, err
	}
	tx, err := s.db.pool.Begin(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback(ctx)
	tag, err := tx.Exec(ctx, `INSERT INTO job_results (job_id, row, line, reference, query, error, hits, suppressed)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (job_id, row) DO NOTHING`,
		r.JobID, r.Row, r.Line, r.Reference, r.Query, r.Error, string(data), r.Suppressed)
	if pgCode(err) == codeForeignKey {
		return false, fmt.Errorf("job %d: %w", r.JobID, dossier.ErrNotFound)
	} else if err != nil {
		return false, fmt.Errorf("job %d row %d: %w", r.JobID, r.Row, err)
	}
	if tag.RowsAffected() == 0 {
		return false, nil
	}
	if _, err := tx.Exec(ctx, `UPDATE jobs SET done = done + 1 WHERE id = $1`, r.JobID); err != nil {
		return false, fmt.Errorf("job %d row %d: %w", r.JobID, r.Row, err)
	}
	return true, tx.Commit(ctx)
}

// FindJobResults returns a job's results after a row, in row order.
func (s *JobService) FindJobResults(ctx context.Context, jobID int64, afterRow, limit int) ([]*dossier.JobResult, error) {
	rows, err := s.db.pool.Query(ctx, `SELECT job_id, row, line, reference, query, error, hits, suppressed
		FROM job_results WHERE job_id = $1 AND row > $2 ORDER BY row`+monPage(0, limit), jobID, afterRow)
	if err != nil {
		return nil, fmt.Errorf("find job results: %w", err)
	}
	defer rows.Close()
	var out []*dossier.JobResult
	for rows.Next() {
		var r dossier.JobResult
		var hits string
		if err := rows.Scan(&r.JobID, &r.Row, &r.Line, &r.Reference, &r.Query, &r.Error, &hits, &r.Suppressed); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(hits), &r.Hits); err != nil {
			return nil, fmt.Errorf("job %d row %d: %w", r.JobID, r.Row, err)
		}
		out = append(out, &r)
	}
	return out, rows.Err()
}
