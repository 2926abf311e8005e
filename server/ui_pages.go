package server

import (
	"net/http"
	"net/url"
	"slices"

	"dossier/names"
)

// The entity page pages its news (?npage=) and its related entities
// (?rpage=) separately, and filters them by what the URL says, as the
// screening page does: the news by minimum name score, topic, stance and
// publication date; the related entities by dataset and schema. Filters
// and pages work over the best uiNewsWindow documents.

// handleUIEntity is GET /ui/entities/{id}: a list entity with its
// properties, its sanctions and the news about it, from the same calls
// as GET /entities/{id}/dossier. A merged-away ID redirects, keeping the
// query. A bad filter or page is the page with the problem, status 400.
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
		to := uiEntityURL(e.ID)
		if r.URL.RawQuery != "" {
			to += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, to, http.StatusPermanentRedirect)
		return nil
	}
	q := r.URL.Query()
	v := snap.uiEntity(e)
	v.Threshold = score2(snap.index.Matcher.Threshold)
	var problem string
	v.Filters, problem = parseUIFilters(q)
	newsPage, nerr := uiPageParam(url.Values{"page": {q.Get("npage")}})
	relPage, rerr := uiPageParam(url.Values{"page": {q.Get("rpage")}})
	if problem == "" && (nerr != nil || rerr != nil) {
		problem = "Page: want a page number from 1."
	}
	if v.Filters.min > 0 {
		v.Threshold = score2(v.Filters.min)
	}

	// Related entities: the options come from all of them, then filter and page.
	datasets, schemata := map[string]bool{}, map[string]bool{}
	var related []uiLinked
	for _, l := range v.Related {
		schemata[l.Schema] = true
		for _, d := range l.Datasets {
			datasets[d] = true
		}
		if (v.Filters.Dataset == "" || slices.Contains(l.Datasets, v.Filters.Dataset)) &&
			(v.Filters.Schema == "" || l.Schema == v.Filters.Schema) {
			related = append(related, l)
		}
	}
	v.RelatedAll = len(v.Related)
	v.DatasetOptions = uiOptionsOf(datasets, v.Filters.Dataset, nil)
	v.SchemaOptions = uiOptionsOf(schemata, v.Filters.Schema, nil)
	v.Topics, v.Stances = uiTopicOptions(v.Filters.Topic), uiStanceOptions(v.Filters.Stance)
	if problem != "" {
		v.Problem, v.Related = problem, nil
		return s.renderPage(w, r, http.StatusBadRequest, "entity", v.Caption+": "+problem, v)
	}
	v.RelatedPager = newUIPageNavParam(r.URL, "rpage", relPage, uiBrowsePage, len(related))
	v.RelatedPager.Label = "Pages of related entities"
	v.RelatedPager = v.RelatedPager.anchored("related")
	v.Related = nil
	if v.RelatedPager.First > 0 {
		v.Related = related[v.RelatedPager.First-1 : v.RelatedPager.Last]
	}

	// News: filter, then page.
	items, total, err := s.findNews(r.Context(), snap, newsQuery{subject: names.SubjectFromEntity(e), listIDs: []string{e.ID},
		threshold: v.Filters.min, limit: v.Filters.newsWindow(newsPage)})
	if err != nil {
		return err
	}
	var news []newsItem
	v.NewsPager, news = v.Filters.newsPage(r.URL, newsPage, items, total)
	v.News = uiNewsOf(news)
	v.NewsTotal, v.NewsCapped = total, total > uiNewsWindow
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
