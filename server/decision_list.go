package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"dossier"
)

// decisionsResponse is a page of the audit log, in log order.
type decisionsResponse struct {
	Decisions []*dossier.Decision `json:"decisions"`
	Total     int                 `json:"total"`
	Limit     int                 `json:"limit"`
	Offset    int                 `json:"offset"`
}

// verifyResponse is the outcome of checking the audit log.
type verifyResponse struct {
	OK       bool   `json:"ok"`
	Verified int    `json:"verified"`            // decisions whose hash verified
	BrokenAt int64  `json:"broken_at,omitempty"` // the first decision that does not, when it is one
	Reason   string `json:"reason,omitempty"`
}

func (s *Server) decisionService() (dossier.DecisionService, error) {
	if s.Decisions == nil {
		return nil, Errorf(CodeNotFound, "decisions are not enabled on this server")
	}
	return s.Decisions, nil
}

// handleDecisionList is GET /decisions: the audit log in order, filtered
// by subject_key, watch_id, list_entity_id, document_id and verdict.
func (s *Server) handleDecisionList(w http.ResponseWriter, r *http.Request) error {
	ds, err := s.decisionService()
	if err != nil {
		return err
	}
	offset, limit, err := page(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := dossier.DecisionFilter{Offset: offset, Limit: limit}
	for _, p := range []struct {
		name string
		dst  **string
	}{{"subject_key", &f.SubjectKey}, {"list_entity_id", &f.ListEntityID}, {"document_id", &f.DocumentID}, {"verdict", &f.Verdict}} {
		if v := q.Get(p.name); v != "" {
			*p.dst = &v
		}
	}
	if f.Verdict != nil && !dossier.ValidVerdict(*f.Verdict) {
		return Errorf(CodeInvalid, "query parameter verdict=%q: want match, false_positive or needs_review", truncate(*f.Verdict, 32))
	}
	if v := strings.TrimSpace(q.Get("watch_id")); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return Errorf(CodeInvalid, "query parameter watch_id=%q: want a watch's ID", truncate(v, 32))
		}
		f.WatchID = &n
	}
	list, total, err := ds.FindDecisions(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, decisionsResponse{Decisions: nonNil(list), Total: total, Limit: limit, Offset: offset})
	return nil
}

// handleDecisionShow is GET /decisions/{id}.
func (s *Server) handleDecisionShow(w http.ResponseWriter, r *http.Request) error {
	ds, err := s.decisionService()
	if err != nil {
		return err
	}
	id, err := idParam(r, "decision")
	if err != nil {
		return err
	}
	d, err := ds.FindDecisionByID(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// handleDecisionVerify is GET /decisions/verify: recompute the audit
// log's hash and HMAC chains and check them against its signed
// checkpoints. A problem is reported in the body (200): the request
// worked, the log did not.
func (s *Server) handleDecisionVerify(w http.ResponseWriter, r *http.Request) error {
	ds, err := s.decisionService()
	if err != nil {
		return err
	}
	n, err := ds.VerifyDecisions(r.Context())
	var ce *dossier.ChainError
	switch {
	case errors.As(err, &ce):
		writeJSON(w, http.StatusOK, verifyResponse{OK: false, Verified: n, BrokenAt: ce.ID, Reason: ce.Reason})
	case err != nil:
		return err
	default:
		writeJSON(w, http.StatusOK, verifyResponse{OK: true, Verified: n})
	}
	return nil
}
