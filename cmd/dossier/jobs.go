package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"dossier"
	"dossier/monitor"
	"dossier/queue"
)

// runScreenQueue makes the batch file a job whose rows go to the work
// queue.
func (m *Main) runScreenQueue(ctx context.Context, f screenFlags) error {
	if _, err := f.query(""); err != nil {
		return err
	}
	schema, _ := schemaFor(f.typ)
	file, err := os.Open(f.batch)
	if err != nil {
		return err
	}
	defer file.Close()
	var rows []*queue.Row
	err = monitor.ReadSubjects(file, f.batch, func(s monitor.Subject) error {
		r := &queue.Row{Row: s.Row, Line: s.Line, Reference: s.Reference, Name: s.Name, Schema: s.Schema,
			BirthDate: s.BirthDate, Country: s.Country, Gender: f.gender, Threshold: f.threshold, Limit: f.limit}
		if s.Err != nil {
			r.Error = s.Err.Error()
		}
		// the flags stand in for what the row leaves empty
		if r.Schema == "" {
			r.Schema = schema
		}
		if r.BirthDate == "" {
			r.BirthDate = f.dob
		}
		if r.Country == "" {
			r.Country = f.country
		}
		rows = append(rows, r)
		return nil
	})
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return fmt.Errorf("%s: no rows to screen", f.batch)
	}
	q, err := f.queue.open(ctx)
	if err != nil {
		return err
	}
	defer q.Close()
	st, err := m.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	jobs := st.Jobs
	path, err := filepath.Abs(f.batch)
	if err != nil {
		return err
	}
	job := &dossier.Job{Kind: dossier.JobScreenRows, InputPath: path, InputName: f.batch, Threshold: f.threshold, Limit: f.limit}
	if err := jobs.CreateJob(ctx, job); err != nil {
		return err
	}
	total := len(rows)
	if job, err = jobs.UpdateJob(ctx, job.ID, dossier.JobUpdate{Total: &total}); err != nil {
		return err
	}
	_, err = q.PublishRows(ctx, func(yield func(*queue.Row) bool) error {
		for _, r := range rows {
			r.JobID = job.ID
			if !yield(r) {
				break
			}
		}
		return nil
	})
	if err != nil {
		// the rows published already are dropped by the workers
		msg, now, failed := "publishing: "+err.Error(), time.Now().UTC(), dossier.JobFailed
		if _, uerr := jobs.UpdateJob(context.WithoutCancel(ctx), job.ID, dossier.JobUpdate{State: &failed,
			Error: &msg, Finished: &now}); uerr != nil {
			return errors.Join(err, uerr)
		}
		return fmt.Errorf("job %d failed: %w", job.ID, err)
	}
	if f.asJSON {
		return writeJSON(m.Stdout, job)
	}
	fmt.Fprintf(m.Stdout, "job %d: %d rows of %s published to %s; follow it with 'dossier jobs %d'\n",
		job.ID, total, f.batch, q.Config().Stream, job.ID)
	return nil
}

func (m *Main) jobsCommand() *cobra.Command {
	var (
		asJSON bool
		state  string
	)
	c := &cobra.Command{
		Use:   "jobs [ID]",
		Short: "List batch screening jobs and their progress, or show one",
		Long: `List the batch screening jobs of the database, newest last, with their
state (queued, running, done, failed) and progress (rows answered of rows
in all), or show one job. Jobs come from POST /jobs and from
"dossier screen --batch FILE --queue nats://…"; GET /jobs/{id} shows the
same.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			ctx := c.Context()
			st, err := m.openStore()
			if err != nil {
				return err
			}
			defer st.Close()
			js := st.Jobs
			if len(args) == 1 {
				id, err := strconv.ParseInt(args[0], 10, 64)
				if err != nil || id < 1 {
					return usageError{fmt.Errorf("jobs: job ID %q: want a positive number", args[0])}
				}
				job, err := js.FindJobByID(ctx, id)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(m.Stdout, job)
				}
				return writeJobs(m, []*dossier.Job{job})
			}
			f := dossier.JobFilter{}
			if state != "" {
				switch state {
				case dossier.JobQueued, dossier.JobRunning, dossier.JobDone, dossier.JobFailed:
					f.State = &state
				default:
					return usageError{fmt.Errorf("jobs: --state %q: want queued, running, done or failed", state)}
				}
			}
			list, _, err := js.FindJobs(ctx, f)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(m.Stdout, map[string]any{"jobs": nonNilSlice(list)})
			}
			if len(list) == 0 {
				fmt.Fprintln(m.Stdout, "no jobs")
				return nil
			}
			return writeJobs(m, list)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().StringVar(&state, "state", "", "only jobs in this state: queued, running, done or failed")
	return c
}

func writeJobs(m *Main, jobs []*dossier.Job) error {
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tSTATE\tDONE\tTOTAL\tINPUT\tCREATED\tERROR")
	for _, j := range jobs {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%s\t%s\t%s\n", j.ID, j.Kind, j.State, j.Done, j.Total, j.InputName,
			j.Created.Format(time.RFC3339), j.Error)
	}
	return tw.Flush()
}
