package server

import (
	"context"
	"errors"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"

	"dossier"
)

// watchRequest is a subject to watch.
type watchRequest struct {
	Name      string `json:"name"`
	Schema    string `json:"schema"`     // person, organization, company, vessel, or an FtM schema; "" for any
	BirthDate string `json:"birth_date"` // ISO prefix
	Country   string `json:"country"`
	Reference string `json:"reference"` // the customer's own ID: a watch with the same one is updated
}

// handleWatchCreate is POST /watches: watch one subject. It is screened
// against the lists now, in the background, and again at every index
// build; every ingested document is checked against it.
func (s *Server) handleWatchCreate(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.watchService(); err != nil {
		return err
	}
	var req watchRequest
	if err := decodeJSON(r, &req, true); err != nil {
		return err
	}
	req.Name = strings.Join(strings.Fields(req.Name), " ")
	switch {
	case req.Name == "":
		return Errorf(CodeInvalid, "name: required")
	case utf8.RuneCountInString(req.Name) > maxValueLen || len(req.Reference) > maxValueLen:
		return Errorf(CodeInvalid, "name or reference: longer than %d characters", maxValueLen)
	}
	watch := &dossier.Watch{Name: req.Name, Schema: req.Schema, BirthDate: strings.TrimSpace(req.BirthDate),
		Country: strings.TrimSpace(req.Country), Reference: strings.TrimSpace(req.Reference)}
	if err := s.Monitor.CreateWatch(r.Context(), watch); err != nil {
		return err
	}
	if snap := s.index.current(); snap != nil {
		s.background("screen new watch", func(ctx context.Context) error {
			_, err := s.Monitor.ScreenWatch(ctx, snap.index, watch)
			return err
		})
	}
	w.Header().Set("Location", "/watches/"+itoa(watch.ID))
	writeJSON(w, http.StatusCreated, watch)
	return nil
}

// importResponse counts an import.
type importResponse struct {
	Created int `json:"created"`
	Updated int `json:"updated"`
}

// handleWatchImport is POST /watches/import: a customer file (CSV with a
// name or full_name column, and optionally id, type, date_of_birth,
// nationality) stored as watches, all or nothing; ?name= names the file
// in error messages. The watches are screened in the background.
func (s *Server) handleWatchImport(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.watchService(); err != nil {
		return err
	}
	name := path.Base(strings.TrimSpace(r.URL.Query().Get("name")))
	if name == "." || name == "/" {
		name = "upload"
	}
	created, updated, err := s.Monitor.ImportWatches(r.Context(), r.Body, name)
	if err != nil {
		var ie *dossier.InputError
		if errors.As(err, &ie) {
			return &Error{Code: CodeInvalid, Message: ie.Error()}
		}
		return err
	}
	if snap := s.index.current(); snap != nil && created+updated > 0 {
		s.background("screen imported watches", func(ctx context.Context) error {
			_, err := s.Monitor.ScreenWatches(ctx, snap.index)
			return err
		})
	}
	writeJSON(w, http.StatusOK, importResponse{created, updated})
	return nil
}

// handleWatchDelete is DELETE /watches/{id}; its alerts and decisions
// stay on record.
func (s *Server) handleWatchDelete(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.watchService(); err != nil {
		return err
	}
	id, err := idParam(r, "watch")
	if err != nil {
		return err
	}
	if err := s.Monitor.DeleteWatch(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
