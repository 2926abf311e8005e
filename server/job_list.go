package server

import (
	"net/http"

	"dossier"
)

// jobsResponse is a page of jobs.
type jobsResponse struct {
	Jobs   []*dossier.Job `json:"jobs"`
	Total  int            `json:"total"`
	Limit  int            `json:"limit"`
	Offset int            `json:"offset"`
}

// jobResultsResponse is a page of a job's results, in row order.
type jobResultsResponse struct {
	Job     *dossier.Job         `json:"job"`
	Results []*dossier.JobResult `json:"results"`
	// NextAfter is the after= of the next page; absent on the last.
	NextAfter *int `json:"next_after,omitempty"`
}

func (s *Server) jobService() (dossier.JobService, error) {
	if s.Jobs == nil || s.Jobs.Store == nil {
		return nil, Errorf(CodeNotFound, "jobs are not enabled on this server")
	}
	return s.Jobs.Store, nil
}

// handleJobList is GET /jobs, filtered by state.
func (s *Server) handleJobList(w http.ResponseWriter, r *http.Request) error {
	js, err := s.jobService()
	if err != nil {
		return err
	}
	offset, limit, err := page(r)
	if err != nil {
		return err
	}
	f := dossier.JobFilter{Offset: offset, Limit: limit}
	if st := r.URL.Query().Get("state"); st != "" {
		switch st {
		case dossier.JobQueued, dossier.JobRunning, dossier.JobDone, dossier.JobFailed:
			f.State = &st
		default:
			return Errorf(CodeInvalid, "query parameter state=%q: want queued, running, done or failed", truncate(st, 32))
		}
	}
	list, total, err := js.FindJobs(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, jobsResponse{Jobs: nonNil(list), Total: total, Limit: limit, Offset: offset})
	return nil
}

// handleJobShow is GET /jobs/{id}: the job with its progress.
func (s *Server) handleJobShow(w http.ResponseWriter, r *http.Request) error {
	js, err := s.jobService()
	if err != nil {
		return err
	}
	id, err := idParam(r, "job")
	if err != nil {
		return err
	}
	job, err := js.FindJobByID(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, job)
	return nil
}

// handleJobResults is GET /jobs/{id}/results: stored rows after the row
// ?after= (default 0), at most ?limit= (default 100).
func (s *Server) handleJobResults(w http.ResponseWriter, r *http.Request) error {
	js, err := s.jobService()
	if err != nil {
		return err
	}
	id, err := idParam(r, "job")
	if err != nil {
		return err
	}
	after, err := intParam(r, "after", 0, 0, 1<<30)
	if err != nil {
		return err
	}
	limit, err := intParam(r, "limit", defaultPageLimit, 1, maxPageLimit)
	if err != nil {
		return err
	}
	job, err := js.FindJobByID(r.Context(), id)
	if err != nil {
		return err
	}
	res, err := js.FindJobResults(r.Context(), id, after, limit)
	if err != nil {
		return err
	}
	resp := jobResultsResponse{Job: job, Results: nonNil(res)}
	if len(res) == limit {
		next := res[len(res)-1].Row
		resp.NextAfter = &next
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}
