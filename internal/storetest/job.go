package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"dossier"
)

func testJobResultsCountOnce(t *testing.T, st Store) {
	ctx := context.Background()
	svc, _ := open(t, st)
	s := svc.Jobs
	j := &dossier.Job{Kind: dossier.JobScreenBatch, Input: "name\nA\nB\n", InputName: "upload", Limit: 3, Threshold: 0.7}
	if err := s.CreateJob(ctx, j); err != nil {
		t.Fatal(err)
	}
	if j.ID == 0 || j.State != dossier.JobQueued {
		t.Fatalf("created %+v", j)
	}
	started := time.Date(2026, 1, 1, 0, 0, 0, 5, time.UTC)
	running, total := dossier.JobRunning, 2
	got, err := s.UpdateJob(ctx, j.ID, dossier.JobUpdate{State: &running, Total: &total, Started: &started})
	if err != nil || got.State != running || got.Total != 2 || !got.Started.Equal(started) || got.Input != j.Input || got.Limit != 3 ||
		got.Threshold != 0.7 || !got.Finished.IsZero() || !got.Created.Equal(j.Created) {
		t.Fatalf("update: %+v %v", got, err)
	}
	hits := []dossier.ListHit{{EntityID: "ofac-1", Score: 0.9, Explanations: map[string]dossier.Explanation{"name": {Score: 0.9, Detail: "a ~ b"}}}}
	for i, r := range []*dossier.JobResult{
		{JobID: j.ID, Row: 1, Line: 2, Query: "A", Hits: hits},
		{JobID: j.ID, Row: 1, Line: 2, Query: "A again"}, // a resumed job: not stored twice
		{JobID: j.ID, Row: 2, Line: 3, Query: "B", Error: "x", Suppressed: 2},
	} {
		created, err := s.CreateJobResult(ctx, r)
		if err != nil || created != (i != 1) {
			t.Errorf("result %d: created %v, %v", i, created, err)
		}
	}
	if _, err := s.CreateJobResult(ctx, &dossier.JobResult{JobID: j.ID, Row: 0}); !errors.Is(err, dossier.ErrInvalid) {
		t.Errorf("row 0: %v", err)
	}
	got, _ = s.FindJobByID(ctx, j.ID)
	if got.Done != 2 {
		t.Errorf("done = %d, want 2", got.Done)
	}
	rs, err := s.FindJobResults(ctx, j.ID, 0, 0)
	if err != nil || len(rs) != 2 || rs[0].Query != "A" || rs[0].Hits[0].Explanations["name"].Detail != "a ~ b" || rs[1].Hits == nil ||
		rs[1].Error != "x" || rs[1].Suppressed != 2 || rs[1].Line != 3 {
		t.Errorf("results: %+v %v", rs, err)
	}
	if rs, _ := s.FindJobResults(ctx, j.ID, 1, 5); len(rs) != 1 || rs[0].Row != 2 {
		t.Errorf("results after row 1: %+v", rs)
	}
	if rs, _ := s.FindJobResults(ctx, j.ID, 0, 1); len(rs) != 1 || rs[0].Row != 1 {
		t.Errorf("first result: %+v", rs)
	}
	bad := "paused"
	if _, err := s.UpdateJob(ctx, j.ID, dossier.JobUpdate{State: &bad}); !errors.Is(err, dossier.ErrInvalid) {
		t.Errorf("bad state: %v", err)
	}
	if _, err := s.UpdateJob(ctx, 99, dossier.JobUpdate{State: &running}); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("missing job: %v", err)
	}
	if _, err := s.FindJobByID(ctx, 99); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("find missing job: %v", err)
	}
	if err := s.CreateJob(ctx, &dossier.Job{Kind: "x"}); !errors.Is(err, dossier.ErrInvalid) {
		t.Errorf("no input: %v", err)
	}
	st2 := dossier.JobRunning
	if js, n, err := s.FindJobs(ctx, dossier.JobFilter{State: &st2}); err != nil || n != 1 || js[0].ID != j.ID {
		t.Errorf("find running: %v %d %v", js, n, err)
	}
	done, msg, finished := dossier.JobFailed, "input vanished", started.Add(time.Hour)
	got, err = s.UpdateJob(ctx, j.ID, dossier.JobUpdate{State: &done, Error: &msg, Finished: &finished})
	if err != nil || got.State != done || got.Error != msg || !got.Finished.Equal(finished) || !got.Started.Equal(started) {
		t.Errorf("finish: %+v %v", got, err)
	}
}

func testJobsFilterAndPage(t *testing.T, st Store) {
	ctx := context.Background()
	svc, _ := open(t, st)
	s := svc.Jobs
	var ids []int64
	for i := range 5 {
		j := &dossier.Job{Kind: dossier.JobScreenBatch, InputPath: "/data/customers.csv", InputName: "customers.csv"}
		if i == 4 {
			j.Kind = "other"
		}
		if err := s.CreateJob(ctx, j); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, j.ID)
	}
	got, err := s.FindJobByID(ctx, ids[0])
	if err != nil || got.Input != "" || got.InputPath != "/data/customers.csv" || got.InputName != "customers.csv" {
		t.Errorf("job read from a path: %+v %v", got, err)
	}
	kind := dossier.JobScreenBatch
	js, n, err := s.FindJobs(ctx, dossier.JobFilter{Kind: &kind, Offset: 1, Limit: 2})
	if err != nil || n != 4 || len(js) != 2 || js[0].ID != ids[1] || js[1].ID != ids[2] {
		t.Errorf("page of batch jobs: %v %d %v", js, n, err)
	}
	queued := dossier.JobQueued
	if _, n, _ := s.FindJobs(ctx, dossier.JobFilter{State: &queued}); n != 5 {
		t.Errorf("queued: %d", n)
	}
}
