package server

import (
	"io"
	"net/http"
	"path"
	"strings"

	"dossier"
)

// handleJobCreate is POST /jobs: screen every row of a CSV of subjects
// (a name or full_name column, and optionally id, type, date_of_birth,
// nationality) as a background job; ?threshold= and ?limit= (hits per
// row) as for /screen, ?name= names the file in error messages. The job
// survives a restart: it resumes after the last stored row. Answers 202
// with the job; poll GET /jobs/{id} for progress.
func (s *Server) handleJobCreate(w http.ResponseWriter, r *http.Request) error {
	if s.Jobs == nil {
		return Errorf(CodeNotFound, "jobs are not enabled on this server")
	}
	threshold, _, err := floatParam(r, "threshold", 0, 1)
	if err != nil {
		return err
	}
	limit, err := intParam(r, "limit", defaultScreenLimit, 1, maxMatchLimit)
	if err != nil {
		return err
	}
	if _, err := s.snapshotOrUnavailable(); err != nil {
		return err // a job started now would find no lists
	}
	if !s.resumed.Load() {
		return Errorf(CodeUnavailable, "jobs are being resumed after a restart; retry shortly")
	}
	name := path.Base(strings.TrimSpace(r.URL.Query().Get("name")))
	if name == "." || name == "/" {
		name = "upload"
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		return Errorf(CodeInvalid, "request body is empty: want a CSV file with a header row")
	}
	job := &dossier.Job{Kind: dossier.JobScreenBatch, Input: string(body), InputName: name, Threshold: threshold, Limit: limit}
	if err := s.Jobs.Submit(r.Context(), job); err != nil {
		return err
	}
	w.Header().Set("Location", "/jobs/"+itoa(job.ID))
	writeJSON(w, http.StatusAccepted, job)
	return nil
}
