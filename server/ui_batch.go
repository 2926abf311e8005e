package server

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"

	"dossier"
	"dossier/monitor"
)

// The batch screening pages: upload a CSV of subjects (the same file
// POST /jobs takes), watch the job's progress (the page reloads itself
// with a Refresh header while the job runs: no script), browse its
// results a page at a time and download them as CSV.

const (
	uiJobsPage    = 20      // jobs listed on the batch page
	uiResultsPage = 50      // result rows per page of a job
	batchMaxMem   = 1 << 20 // multipart bytes held in memory; the rest spill to a temporary file
)

// batchView is the upload form with the recent jobs.
type batchView struct {
	CSRF      string
	Problem   string
	Threshold string
	Limit     string
	Jobs      []*dossier.Job
	Total     int
	Pages     uiPager
}

// uiPager links the pages of a list.
type uiPager struct {
	Prev, Next string // URLs, "" when there is none
	From, To   int    // 1-based positions shown
	Total      int
	Open       bool // Total is a lower bound: more follow
}

// handleUIBatch is GET /ui/batch: the upload form and the jobs, newest
// first, ?page= (from 1).
func (s *Server) handleUIBatch(w http.ResponseWriter, r *http.Request) error {
	return s.renderBatch(w, r, http.StatusOK, batchView{})
}

func (s *Server) renderBatch(w http.ResponseWriter, r *http.Request, status int, v batchView) error {
	js, err := s.jobService()
	if err != nil {
		return err
	}
	pg, err := intParam(r, "page", 1, 1, 1<<20)
	if err != nil {
		return err
	}
	_, total, err := js.FindJobs(r.Context(), dossier.JobFilter{Limit: 1})
	if err != nil {
		return err
	}
	// Jobs are stored in ID order: the newest page is the end of the list.
	end := total - (pg-1)*uiJobsPage
	start := max(0, end-uiJobsPage)
	if end > 0 {
		list, _, err := js.FindJobs(r.Context(), dossier.JobFilter{Offset: start, Limit: end - start})
		if err != nil {
			return err
		}
		for i := len(list) - 1; i >= 0; i-- {
			v.Jobs = append(v.Jobs, list[i])
		}
	}
	v.Total = total
	v.Pages = uiPager{From: total - end + 1, To: total - start, Total: total}
	if pg > 1 {
		v.Pages.Prev = uiPrefix + "batch?page=" + strconv.Itoa(pg-1)
	}
	if start > 0 {
		v.Pages.Next = uiPrefix + "batch?page=" + strconv.Itoa(pg+1)
	}
	v.CSRF = csrfToken(r)
	if v.Threshold == "" {
		v.Threshold = "0"
	}
	if v.Limit == "" {
		v.Limit = strconv.Itoa(defaultScreenLimit)
	}
	return s.renderPage(w, r, status, "batch", "Batch screening", v)
}

// handleUIBatchCreate is POST /ui/batch (multipart: file, threshold,
// limit, csrf_token): check the CSV, start a job and go to its page. A
// file that cannot be read comes back with the problem (its line) and
// no job.
func (s *Server) handleUIBatchCreate(w http.ResponseWriter, r *http.Request) error {
	if s.Jobs == nil {
		return Errorf(CodeNotFound, "jobs are not enabled on this server")
	}
	if err := r.ParseMultipartForm(batchMaxMem); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return err
		}
		return Errorf(CodeInvalid, "the form is not a multipart upload: %v", err)
	}
	defer r.MultipartForm.RemoveAll()
	if err := checkCSRF(r); err != nil {
		return err
	}
	v := batchView{Threshold: strings.TrimSpace(r.PostFormValue("threshold")), Limit: strings.TrimSpace(r.PostFormValue("limit"))}
	problem := func(msg string) error {
		v.Problem = msg
		return s.renderBatch(w, r, http.StatusBadRequest, v)
	}
	threshold, err := strconv.ParseFloat(cmpOr(v.Threshold, "0"), 64)
	if err != nil || threshold < 0 || threshold > 1 {
		return problem("Threshold: a number from 0 to 1 (0: the engine's default).")
	}
	limit, err := strconv.Atoi(cmpOr(v.Limit, strconv.Itoa(defaultScreenLimit)))
	if err != nil || limit < 1 || limit > maxMatchLimit {
		return problem(fmt.Sprintf("Hits per row: a whole number from 1 to %d.", maxMatchLimit))
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return problem("Choose a CSV file to upload.")
	}
	defer f.Close()
	body, err := io.ReadAll(f)
	if err != nil {
		return err
	}
	name := path.Base(strings.ReplaceAll(strings.TrimSpace(hdr.Filename), `\`, "/"))
	if name == "." || name == "/" || name == "" {
		name = "upload"
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return problem(name + ": the file is empty; want a CSV file with a header row (name, and optionally id, type, date_of_birth, nationality).")
	}
	rows := 0
	if err := monitor.ReadSubjects(bytes.NewReader(body), name, func(monitor.Subject) error { rows++; return nil }); err != nil {
		return problem(err.Error())
	}
	if rows == 0 {
		return problem(name + ": no rows under the header.")
	}
	if _, err := s.snapshotOrUnavailable(); err != nil {
		return err
	}
	if !s.resumed.Load() {
		return Errorf(CodeUnavailable, "jobs are being resumed after a restart; retry shortly")
	}
	job := &dossier.Job{Kind: dossier.JobScreenBatch, Input: string(body), InputName: name, Threshold: threshold, Limit: limit}
	if err := s.Jobs.Submit(r.Context(), job); err != nil {
		return err
	}
	http.Redirect(w, r, uiBatchURL(job.ID), http.StatusSeeOther)
	return nil
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func uiBatchURL(id int64) string { return uiPrefix + "batch/" + itoa(id) }

// batchJobView is a job's page.
type batchJobView struct {
	Job      *dossier.Job
	Running  bool
	Percent  int
	Results  []batchRow
	Pages    uiPager
	Download string
}

// batchRow is one input row's result.
type batchRow struct {
	*dossier.JobResult
	Top *dossier.ListHit // the best hit, if any
}

// handleUIBatchJob is GET /ui/batch/{id}?after=ROW: the job's state and
// progress, and a page of its results after that row. While the job is
// queued or running the page asks the browser to reload it every two
// seconds.
func (s *Server) handleUIBatchJob(w http.ResponseWriter, r *http.Request) error {
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
	job, err := js.FindJobByID(r.Context(), id)
	if err != nil {
		return err
	}
	res, err := js.FindJobResults(r.Context(), id, after, uiResultsPage)
	if err != nil {
		return err
	}
	v := batchJobView{Job: job, Running: job.State == dossier.JobQueued || job.State == dossier.JobRunning,
		Download: uiBatchURL(id) + "/results.csv"}
	if job.Total > 0 {
		v.Percent = job.Done * 100 / job.Total
	}
	for _, x := range res {
		row := batchRow{JobResult: x}
		if len(x.Hits) > 0 {
			row.Top = &x.Hits[0]
		}
		v.Results = append(v.Results, row)
	}
	if len(res) > 0 {
		v.Pages = uiPager{From: res[0].Row, To: res[len(res)-1].Row, Total: job.Done}
		if len(res) == uiResultsPage && res[len(res)-1].Row < job.Done {
			v.Pages.Next = uiBatchURL(id) + "?after=" + strconv.Itoa(res[len(res)-1].Row)
		}
	}
	if after > 0 {
		v.Pages.Prev = uiBatchURL(id) + "?after=" + strconv.Itoa(max(0, after-uiResultsPage))
	}
	if v.Running {
		w.Header().Set("Refresh", "2")
	}
	return s.renderPage(w, r, http.StatusOK, "batch_job", fmt.Sprintf("Batch job %d: %s", job.ID, job.InputName), v)
}

// batchCSVHeader: one row per hit of each input row; an input row with
// no hit (or an error) has one row with the hit columns empty.
var batchCSVHeader = []string{"row", "line", "id", "query", "error", "suppressed", "rank", "entity_id", "caption",
	"schema", "datasets", "score", "match", "matched_name"}

// handleUIBatchResults is GET /ui/batch/{id}/results.csv: every stored
// result of the job as CSV, read a page at a time.
func (s *Server) handleUIBatchResults(w http.ResponseWriter, r *http.Request) error {
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
	// Read the first page before sending anything, so that an error is
	// still an error page.
	res, err := js.FindJobResults(r.Context(), id, 0, maxPageLimit)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="batch-%d-results.csv"`, job.ID))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	cw := csv.NewWriter(w)
	cw.Write(batchCSVHeader)
	for len(res) > 0 {
		for _, x := range res {
			base := []string{strconv.Itoa(x.Row), strconv.Itoa(x.Line), csvCell(x.Reference), csvCell(x.Query), csvCell(x.Error),
				strconv.Itoa(x.Suppressed)}
			if len(x.Hits) == 0 {
				cw.Write(append(base, "", "", "", "", "", "", "", ""))
			}
			for i, hit := range x.Hits {
				cw.Write(append(slicesClone(base), strconv.Itoa(i+1), csvCell(hit.EntityID), csvCell(hit.Caption), hit.Schema,
					csvCell(strings.Join(hit.Datasets, " ")), fmt.Sprintf("%.4f", hit.Score), strconv.FormatBool(hit.Match),
					csvCell(hit.MatchedName)))
			}
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return nil // the client went away; the status is sent
		}
		if len(res) < maxPageLimit {
			break
		}
		if res, err = js.FindJobResults(r.Context(), id, res[len(res)-1].Row, maxPageLimit); err != nil {
			// The status is sent: break the connection, so that the
			// client sees a failed download, not a short file.
			s.logger().Error("batch results csv", "job", id, "error", err.Error())
			panic(http.ErrAbortHandler)
		}
	}
	return nil
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }
