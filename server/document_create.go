package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"dossier"
	"dossier/ingest"
	"dossier/read"
)

// documentRequest is one article to ingest: its text or its HTML page,
// and what is known about it. It is the JSON Lines record that
// "dossier ingest" reads.
type documentRequest struct {
	Text      string          `json:"text"`
	HTML      string          `json:"html"`
	URL       string          `json:"url"`
	Title     string          `json:"title"`
	Source    string          `json:"source"`
	Byline    json.RawMessage `json:"byline,omitempty"` // a name, {"name": …}, or a list of either
	Author    json.RawMessage `json:"author,omitempty"`
	Published json.RawMessage `json:"published,omitempty"` // a date string or a Unix time
}

// documentResponse reports an ingest.
type documentResponse struct {
	ID         string              `json:"id"`
	Created    bool                `json:"created"` // false: the same text was stored before
	Document   documentJSON        `json:"document"`
	Extraction *extractionSummary  `json:"extraction"` // null when not extracted
	Links      *dossier.LinkCounts `json:"links,omitempty"`
	Warnings   []string            `json:"warnings"`
}

// extractionSummary counts what extraction found.
type extractionSummary struct {
	Entities  int              `json:"entities"`
	Claims    int              `json:"claims"`
	Relations int              `json:"relations"`
	Adverse   *dossier.Adverse `json:"adverse"`
	Pipeline  []string         `json:"pipeline"`
}

// handleDocumentCreate is POST /documents: read, repair, store and
// extract one article, as "dossier ingest" does for a JSON line; then
// link its people and organizations to the lists and check it against
// the watches. 201 for a new document, 200 for one stored before.
func (s *Server) handleDocumentCreate(w http.ResponseWriter, r *http.Request) error {
	var req documentRequest
	if err := decodeJSON(r, &req, true); err != nil {
		return err
	}
	if strings.TrimSpace(req.Text) == "" && strings.TrimSpace(req.HTML) == "" {
		return Errorf(CodeInvalid, `want "text" or "html" with the article`)
	}
	client := ""
	if info := reqInfoFrom(r.Context()); info != nil {
		client = info.client
	}
	resp, err := s.ingestOne(r.Context(), &req, client)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if resp.Created {
		status = http.StatusCreated
		w.Header().Set("Location", resp.Document.Href)
	}
	writeJSON(w, status, resp)
	return nil
}

// ingestOne runs one document through the ingest stages: the JSON
// Lines reader (which turns HTML into the article's text), repair,
// storage and extraction. A document stored before without its
// extraction is extracted now.
func (s *Server) ingestOne(ctx context.Context, req *documentRequest, client string) (*documentResponse, error) {
	line, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	rd := read.NewReader()
	// The body is bounded already; JSON escaping may make the line
	// longer than the body was.
	rd.MaxDocument = 6*max(s.MaxDocumentBody, 1) + 1024
	var items []read.Item
	err = rd.Stream(ctx, "request.jsonl", bytes.NewReader(line), func(it read.Item) error {
		items = append(items, it)
		return nil
	})
	if err != nil || len(items) != 1 {
		var ie *dossier.InputError
		if errors.As(err, &ie) {
			return nil, &Error{Code: CodeInvalid, Message: "document: " + ie.Err.Error()}
		}
		if err == nil {
			err = errors.New("no document read")
		}
		return nil, err
	}
	it := items[0]
	it.Record = ""
	origin := "api"
	if client != "" {
		origin += ":" + client
	}
	d, problems := ingest.Document(origin, it)
	resp := &documentResponse{Warnings: []string{}}
	for _, p := range problems {
		var w *ingest.Warning
		if errors.As(p, &w) {
			var ie *dossier.InputError
			if errors.As(w.Err, &ie) {
				resp.Warnings = append(resp.Warnings, ie.Err.Error())
			} else {
				resp.Warnings = append(resp.Warnings, w.Err.Error())
			}
		}
	}
	if d == nil {
		return nil, Errorf(CodeInvalid, "document: no text left after repair")
	}
	// Extract before storing, so that a document refused for its size
	// or its cost, or whose client went away, leaves nothing behind.
	x, err := s.Extractions.FindExtraction(ctx, d.ID)
	extracted := false
	switch {
	case err == nil:
	case errors.Is(err, dossier.ErrNotFound) && s.Extractor != nil:
		if s.MaxExtractBytes > 0 && len(d.Text) > s.MaxExtractBytes {
			return nil, Errorf(CodeTooLarge, "document: text of %d bytes is over the extraction limit of %d bytes", len(d.Text), s.MaxExtractBytes)
		}
		x, err = s.extract(ctx, d.ID, d.Text)
		var e *Error
		switch {
		case err == nil:
			extracted = true
		case errors.As(err, &e), ctx.Err() != nil:
			return nil, err
		default:
			// The document is stored; a later ingest extracts it again.
			resp.Warnings = append(resp.Warnings, "extraction failed: "+err.Error())
			s.logger().Warn("extraction failed", "request_id", requestID(ctx), "document", d.ID, "error", err.Error())
			x = nil
		}
	case errors.Is(err, dossier.ErrNotFound):
		x = nil
	default:
		return nil, err
	}
	created, err := s.Documents.CreateDocument(ctx, d)
	if err != nil {
		return nil, err
	}
	stored, err := s.Documents.FindDocumentByID(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	resp.ID, resp.Created, resp.Document = d.ID, created, documentView(stored, false)
	fresh := created || extracted // new to the store, or extracted now: to link and check
	if extracted {
		if err := s.Extractions.SaveExtraction(ctx, x); err != nil {
			return nil, err
		}
	}
	if x != nil {
		resp.Extraction = &extractionSummary{Entities: len(x.Entities), Claims: len(x.Claims), Relations: len(x.Relations),
			Adverse: x.Adverse, Pipeline: nonNil(x.Pipeline)}
		if fresh {
			s.afterIngest(ctx, d.ID, resp)
		}
	}
	return resp, nil
}

// errExtractBudget is the cause of an extraction stopped by
// ExtractTimeout.
var errExtractBudget = errors.New("extraction time budget spent")

// extract runs the extractor within the time budget ExtractTimeout.
// Past it the extraction stops and extract returns a too_expensive
// error; when ctx ends first (the client went away, or the server is
// shutting down), it returns ctx's error.
func (s *Server) extract(ctx context.Context, id, text string) (*dossier.Extraction, error) {
	ectx := ctx
	if s.ExtractTimeout > 0 {
		var cancel context.CancelFunc
		ectx, cancel = context.WithTimeoutCause(ctx, s.ExtractTimeout, errExtractBudget)
		defer cancel()
	}
	x, err := s.Extractor.Extract(ectx, id, text)
	if err != nil && ctx.Err() == nil && errors.Is(context.Cause(ectx), errExtractBudget) {
		return nil, &Error{Code: CodeTooExpensive, Err: err, Message: fmt.Sprintf(
			"document: too expensive to extract: %d bytes of text not extracted within the budget of %s", len(text), s.ExtractTimeout)}
	}
	return x, err
}
