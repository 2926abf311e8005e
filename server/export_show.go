package server

import (
	"net/http"

	"dossier/export"
)

// exportWriter passes an export's bytes to the response and remembers
// whether any went out, after which an error can no longer be answered
// with an error response.
type exportWriter struct {
	w       http.ResponseWriter
	written bool
}

func (e *exportWriter) Write(p []byte) (int, error) {
	e.written = true
	return e.w.Write(p)
}

// handleExport is GET /export.ftm.jsonl: the entities of the current list
// versions (?dataset= one of them) as FollowTheMoney JSON lines, and with
// ?news=true the stored news (docs/ftm-export.md), streamed. An error
// after the first bytes breaks the connection, so that a client never
// takes a cut export for a whole one.
func (s *Server) handleExport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	dataset := r.URL.Query().Get("dataset")
	news, _, err := boolParam(r, "news")
	if err != nil {
		return err
	}
	if dataset != "" {
		vs, err := s.Lists.FindListVersions(ctx, dataset)
		if err != nil {
			return err
		}
		if len(vs) == 0 {
			return Errorf(CodeNotFound, "no dataset %q is loaded (see GET /lists)", dataset)
		}
	}
	x := &export.Exporter{Lists: s.Lists, Dataset: dataset, IncludeNews: news}
	if news {
		src, ok := s.Extractions.(export.NewsSource)
		if !ok {
			return Errorf(CodeNotFound, "this server's store cannot export the news")
		}
		x.News = src
	}
	w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="dossier.ftm.jsonl"`)
	ew := &exportWriter{w: w}
	if _, err := x.Export(ctx, ew); err != nil {
		if !ew.written {
			return err
		}
		s.Logger.Error("export cut short", "request_id", requestID(ctx), "error", err.Error())
		panic(http.ErrAbortHandler)
	}
	return nil
}
