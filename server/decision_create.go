package server

import (
	"context"
	"net/http"
	"strings"

	"dossier"
	"dossier/monitor"
)

// decisionRequest is an analyst's verdict on a hit. The subject is a
// watch (watch_id) or a screened name (subject_name, with birth_date if
// it was screened with one); the hit is a list entity, or a document
// entity.
type decisionRequest struct {
	WatchID      int64  `json:"watch_id"`
	SubjectName  string `json:"subject_name"`
	BirthDate    string `json:"birth_date"`
	ListEntityID string `json:"list_entity_id"`
	DocumentID   string `json:"document_id"`
	DocEntityID  string `json:"doc_entity_id"`
	Verdict      string `json:"verdict"` // match, false_positive or needs_review
	Note         string `json:"note"`
	Author       string `json:"author"` // the analyst; the token's name is recorded with it
}

// maxNote bounds a decision's note.
const maxNote = 4096

// handleDecisionCreate is POST /decisions: append a decision to the
// audit log. A false_positive leaves the hit out of later screens of
// the same subject. The author recorded is the analyst named in the
// body and the token that sent it.
func (s *Server) handleDecisionCreate(w http.ResponseWriter, r *http.Request) error {
	if s.Decisions == nil {
		return Errorf(CodeNotFound, "decisions are not enabled on this server")
	}
	var req decisionRequest
	if err := decodeJSON(r, &req, true); err != nil {
		return err
	}
	d, err := s.recordDecision(r.Context(), req)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/decisions/"+itoa(d.ID))
	writeJSON(w, http.StatusCreated, d)
	return nil
}

// recordDecision validates a decision request and appends it to the log:
// the one implementation behind POST /decisions and the web UI's forms.
func (s *Server) recordDecision(ctx context.Context, req decisionRequest) (*dossier.Decision, error) {
	if s.Decisions == nil {
		return nil, Errorf(CodeNotFound, "decisions are not enabled on this server")
	}
	if len(req.Note) > maxNote || len(req.Author) > maxValueLen || len(req.SubjectName) > maxValueLen {
		return nil, Errorf(CodeInvalid, "note, author or subject_name too long")
	}
	d := &dossier.Decision{WatchID: req.WatchID, SubjectName: strings.TrimSpace(req.SubjectName),
		ListEntityID: strings.TrimSpace(req.ListEntityID), DocumentID: strings.TrimSpace(req.DocumentID),
		DocEntityID: strings.TrimSpace(req.DocEntityID), Verdict: req.Verdict, Note: req.Note}
	switch {
	case req.WatchID < 0:
		return nil, Errorf(CodeInvalid, "watch_id: want a watch's ID")
	case req.WatchID > 0:
		if s.Monitor == nil || s.Monitor.Watches == nil {
			return nil, Errorf(CodeNotFound, "watches are not enabled on this server")
		}
		watch, err := s.Monitor.Watches.FindWatchByID(ctx, req.WatchID)
		if err != nil {
			return nil, err
		}
		d.SubjectKey, d.SubjectName = monitor.WatchKey(watch), watch.Name
	case d.SubjectName != "":
		d.SubjectKey = monitor.SubjectKey(0, d.SubjectName, req.BirthDate)
	default:
		return nil, Errorf(CodeInvalid, "a subject is required: watch_id, or subject_name (and birth_date if it was screened with one)")
	}
	client := ""
	if info := reqInfoFrom(ctx); info != nil {
		client = info.client
	}
	author := strings.TrimSpace(req.Author)
	switch {
	case author != "" && client != "":
		d.Author = author + " (token " + client + ")"
	case author != "":
		d.Author = author
	case client != "":
		d.Author = "token " + client
	}
	if err := d.Validate(); err != nil {
		return nil, err // wraps dossier.ErrInvalid: a 400 with its message
	}
	if err := s.Decisions.CreateDecision(ctx, d); err != nil {
		return nil, err
	}
	return d, nil
}
