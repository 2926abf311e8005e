package server

import (
	"net/http"
)

// screenView is the screening page: the query, the list hits and the
// news about the name.
type screenView struct {
	Form       uiForm
	Types      []uiOption
	Schema     string
	Hits       []uiHit
	Total      int
	News       []uiNews
	NewsTotal  int
	Suppressed int
	IndexBuilt string
	// ReportPDF and ReportCSV are the URLs of the report downloads.
	ReportPDF, ReportCSV string
}

// handleUIScreen is GET /ui/screen?name=…&dob=…&country=…&type=…: the
// screening page, from the same call as POST /screen. A bad form comes
// back as the search page with the problem, status 400.
func (s *Server) handleUIScreen(w http.ResponseWriter, r *http.Request) error {
	form, req, msg := uiScreenQuery(r.URL.Query())
	problem := func(msg string) error {
		return s.renderPage(w, r, http.StatusBadRequest, "home", "Screen a name: "+msg,
			homeView{Form: form, Problem: msg, Types: uiTypes})
	}
	if msg != "" {
		return problem(msg)
	}
	resp, err := s.screenWithNews(r.Context(), req)
	if e := asError(err); err != nil && e.Code == CodeInvalid {
		return problem(e.Message)
	} else if err != nil {
		return err
	}
	v := screenView{Form: form, Types: uiTypes, Schema: req.Schema, ReportPDF: uiReportURL("pdf", form), ReportCSV: uiReportURL("csv", form), Total: resp.Total, News: uiNewsOf(resp.News),
		NewsTotal: resp.NewsTotal, Suppressed: resp.Suppressed, IndexBuilt: resp.IndexBuilt}
	for _, h := range resp.Hits {
		v.Hits = append(v.Hits, uiHitOf(h))
	}
	return s.renderPage(w, r, http.StatusOK, "screen", "Screening: "+form.Name, v)
}

// handleUIEntity is GET /ui/entities/{id}: a list entity with its
// properties, its sanctions and the news about it, from the same calls
// as GET /entities/{id}/dossier. A merged-away ID redirects.
func (s *Server) handleUIEntity(w http.ResponseWriter, r *http.Request) error {
	snap, err := s.snapshotOrUnavailable()
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	e, err := snap.entityOrReferent(id)
	if err != nil {
		return err
	}
	if e.ID != id {
		http.Redirect(w, r, uiEntityURL(e.ID), http.StatusPermanentRedirect)
		return nil
	}
	v := snap.uiEntity(e)
	items, total, err := s.entityNews(r.Context(), snap, e, defaultNewsLimit)
	if err != nil {
		return err
	}
	v.News, v.NewsTotal = uiNewsOf(items), total
	return s.renderPage(w, r, http.StatusOK, "entity", v.Caption, v)
}

// handleUIDocument is GET /ui/documents/{id}: a document's text with
// its entity mentions and claim evidence marked, its claims and
// relations, from the same call as GET /documents/{id}. A unique
// prefix redirects to the full ID.
func (s *Server) handleUIDocument(w http.ResponseWriter, r *http.Request) error {
	resp, err := s.showDocument(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if resp.Document.ID != r.PathValue("id") {
		http.Redirect(w, r, uiDocumentURL(resp.Document.ID), http.StatusFound)
		return nil
	}
	v := uiDocument(resp)
	title := v.Doc.Title
	if title == "" {
		title = "Document " + v.Doc.ID
	}
	return s.renderPage(w, r, http.StatusOK, "document", title, v)
}
