package sqlite_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"dossier"
	"dossier/sqlite"
)

func TestJobResultsCountOnce(t *testing.T) {
	ctx := context.Background()
	s := sqlite.NewJobService(MustOpenDB(t))
	j := &dossier.Job{Kind: dossier.JobScreenBatch, Input: "name\nA\nB\n", InputName: "upload", Limit: 3}
	if err := s.CreateJob(ctx, j); err != nil {
		t.Fatal(err)
	}
	if j.ID == 0 || j.State != dossier.JobQueued {
		t.Fatalf("created %+v", j)
	}
	started := time.Date(2026, 1, 1, 0, 0, 0, 5, time.UTC)
	running, total := dossier.JobRunning, 2
	got, err := s.UpdateJob(ctx, j.ID, dossier.JobUpdate{State: &running, Total: &total, Started: &started})
	if err != nil || got.State != running || got.Total != 2 || !got.Started.Equal(started) || got.Input != j.Input || got.Limit != 3 {
		t.Fatalf("update: %+v %v", got, err)
	}
	hits := []dossier.ListHit{{EntityID: "ofac-1", Score: 0.9, Explanations: map[string]dossier.Explanation{"name": {Score: 0.9, Detail: "a ~ b"}}}}
	for i, r := range []*dossier.JobResult{
		{JobID: j.ID, Row: 1, Line: 2, Query: "A", Hits: hits},
		{JobID: j.ID, Row: 1, Line: 2, Query: "A again"}, // a resumed job: not stored twice
		{JobID: j.ID, Row: 2, Line: 3, Query: "B", Error: "x"},
	} {
		created, err := s.CreateJobResult(ctx, r)
		if err != nil || created != (i != 1) {
			t.Errorf("result %d: created %v, %v", i, created, err)
		}
	}
	got, _ = s.FindJobByID(ctx, j.ID)
	if got.Done != 2 {
		t.Errorf("done = %d, want 2", got.Done)
	}
	rs, err := s.FindJobResults(ctx, j.ID, 0, 0)
	if err != nil || len(rs) != 2 || rs[0].Query != "A" || rs[0].Hits[0].Explanations["name"].Detail != "a ~ b" || rs[1].Hits == nil {
		t.Errorf("results: %+v %v", rs, err)
	}
	if rs, _ := s.FindJobResults(ctx, j.ID, 1, 5); len(rs) != 1 || rs[0].Row != 2 {
		t.Errorf("results after row 1: %+v", rs)
	}
	bad := "paused"
	if _, err := s.UpdateJob(ctx, j.ID, dossier.JobUpdate{State: &bad}); !errors.Is(err, dossier.ErrInvalid) {
		t.Errorf("bad state: %v", err)
	}
	if _, err := s.UpdateJob(ctx, 99, dossier.JobUpdate{State: &running}); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("missing job: %v", err)
	}
	if err := s.CreateJob(ctx, &dossier.Job{Kind: "x"}); !errors.Is(err, dossier.ErrInvalid) {
		t.Errorf("no input: %v", err)
	}
	st := dossier.JobRunning
	if js, n, err := s.FindJobs(ctx, dossier.JobFilter{State: &st}); err != nil || n != 1 || js[0].ID != j.ID {
		t.Errorf("find running: %v %d %v", js, n, err)
	}
}
