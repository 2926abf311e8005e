package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dossier"
)

// The browse pages: watched subjects, the alerts they raised (each
// with a form to acknowledge it), and a full-text search of the stored
// documents, in the same FTS5 syntax as the API and the CLI. Each is
// paged, its page and filters in the URL.

const (
	uiBrowsePage  = 25   // rows per page
	uiSearchPages = 40   // search results are read up to this many pages deep
	maxAckNote    = 2048 // bytes of an acknowledgement's note
)

// uiPagerOf makes the pager of a page (1-based) of n rows out of total,
// whose URLs are base with page= set.
func uiPagerOf(base url.URL, pg, n, total int) uiPager {
	p := uiPager{From: (pg-1)*uiBrowsePage + 1, To: (pg-1)*uiBrowsePage + n, Total: total}
	if n == 0 {
		p.From = 0
	}
	link := func(to int) string {
		q := base.Query()
		q.Set("page", strconv.Itoa(to))
		u := base
		u.RawQuery = q.Encode()
		return u.String()
	}
	if pg > 1 {
		p.Prev = link(pg - 1)
	}
	if pg*uiBrowsePage < total {
		p.Next = link(pg + 1)
	}
	return p
}

// watchesView is the watches page.
type watchesView struct {
	Watches []*dossier.Watch
	Pages   uiPager
}

// handleUIWatches is GET /ui/watches?page=: watched subjects in ID
// order.
func (s *Server) handleUIWatches(w http.ResponseWriter, r *http.Request) error {
	ws, err := s.watchService()
	if err != nil {
		return err
	}
	pg, err := intParam(r, "page", 1, 1, 1<<20)
	if err != nil {
		return err
	}
	list, total, err := ws.FindWatches(r.Context(), dossier.WatchFilter{Offset: (pg - 1) * uiBrowsePage, Limit: uiBrowsePage})
	if err != nil {
		return err
	}
	v := watchesView{Watches: list, Pages: uiPagerOf(url.URL{Path: uiPrefix + "watches"}, pg, len(list), total)}
	return s.renderPage(w, r, http.StatusOK, "watches", "Watches", v)
}

// alertsView is the alerts page.
type alertsView struct {
	Alerts     []uiAlert
	Pages      uiPager
	Kind       string
	WatchID    string
	State      string // "", "open" (not acknowledged) or "acknowledged"
	WatchName  string
	CSRF       string
	CanAck     bool
	Acked      int64 // the alert just acknowledged, to say so
	AckProblem string
}

// uiAlert is an alert with where its hit is and its acknowledgement.
type uiAlert struct {
	*dossier.Alert
	Href string
	Ack  *dossier.AlertAck
}

// handleUIAlerts is GET /ui/alerts?page=&kind=&watch_id=: alerts newest
// first, each with its acknowledgement or a form to acknowledge it.
func (s *Server) handleUIAlerts(w http.ResponseWriter, r *http.Request) error {
	return s.renderAlerts(w, r, http.StatusOK, alertsView{})
}

func (s *Server) renderAlerts(w http.ResponseWriter, r *http.Request, status int, v alertsView) error {
	as, err := s.alertService()
	if err != nil {
		return err
	}
	pg, err := intParam(r, "page", 1, 1, 1<<20)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := dossier.AlertFilter{Offset: (pg - 1) * uiBrowsePage, Limit: uiBrowsePage}
	base := url.URL{Path: uiPrefix + "alerts"}
	bq := url.Values{}
	switch k := q.Get("kind"); k {
	case "":
	case dossier.AlertListHit, dossier.AlertNewsHit:
		f.Kind, v.Kind = &k, k
		bq.Set("kind", k)
	default:
		return Errorf(CodeInvalid, "query parameter kind=%q: want list_hit or news_hit", truncate(k, 32))
	}
	switch st := q.Get("state"); st {
	case "":
	case "open", "acknowledged":
		acked := st == "acknowledged"
		f.Acknowledged, v.State = &acked, st
		bq.Set("state", st)
	default:
		return Errorf(CodeInvalid, "query parameter state=%q: want open or acknowledged", truncate(st, 32))
	}
	if wid := strings.TrimSpace(q.Get("watch_id")); wid != "" {
		n, err := strconv.ParseInt(wid, 10, 64)
		if err != nil || n <= 0 {
			return Errorf(CodeInvalid, "query parameter watch_id=%q: want a watch's ID", truncate(wid, 32))
		}
		f.WatchID, v.WatchID = &n, wid
		bq.Set("watch_id", wid)
	}
	base.RawQuery = bq.Encode()
	list, total, err := as.FindAlerts(r.Context(), f)
	if err != nil {
		return err
	}
	ids := make([]int64, len(list))
	for i, a := range list {
		ids[i] = a.ID
	}
	acks := map[int64]*dossier.AlertAck{}
	if s.AlertAcks != nil {
		if acks, err = s.AlertAcks.FindAlertAcks(r.Context(), ids); err != nil {
			return err
		}
	}
	for _, a := range list {
		ua := uiAlert{Alert: a, Ack: acks[a.ID]}
		if a.ListEntityID != "" {
			ua.Href = uiEntityURL(a.ListEntityID)
		} else if a.DocumentID != "" {
			ua.Href = uiDocumentURL(a.DocumentID) + "#ent-" + a.DocEntityID
		}
		if v.WatchID != "" {
			v.WatchName = a.WatchName
		}
		v.Alerts = append(v.Alerts, ua)
	}
	v.Pages = uiPagerOf(base, pg, len(list), total)
	v.CSRF, v.CanAck = csrfToken(r), s.AlertAcks != nil
	return s.renderPage(w, r, status, "alerts", "Alerts", v)
}

// handleUIAlertAck is POST /ui/alerts/{id}/ack (form: author, note,
// csrf_token, and the page's kind, watch_id and page to return to):
// acknowledge the alert, then back to the alerts page.
func (s *Server) handleUIAlertAck(w http.ResponseWriter, r *http.Request) error {
	if s.AlertAcks == nil {
		return Errorf(CodeNotFound, "acknowledging alerts is not enabled on this server")
	}
	if err := r.ParseForm(); err != nil {
		return Errorf(CodeInvalid, "the form could not be read: %v", err)
	}
	if err := checkCSRF(r); err != nil {
		return err
	}
	id, err := idParam(r, "alert")
	if err != nil {
		return err
	}
	back := url.Values{}
	for _, k := range []string{"kind", "watch_id", "state", "page"} {
		if v := strings.TrimSpace(r.PostFormValue(k)); v != "" {
			back.Set(k, v)
		}
	}
	r.URL.RawQuery = back.Encode() // the page to render or return to
	author, note := strings.TrimSpace(r.PostFormValue("author")), strings.TrimSpace(r.PostFormValue("note"))
	problem := ""
	switch {
	case author == "":
		problem = "Alert " + itoa(id) + ": give your name to acknowledge it."
	case len(author) > maxValueLen:
		problem = fmt.Sprintf("Alert %d: the name is longer than %d bytes.", id, maxValueLen)
	case len(note) > maxAckNote:
		problem = fmt.Sprintf("Alert %d: the note is longer than %d bytes.", id, maxAckNote)
	}
	if problem != "" {
		return s.renderAlerts(w, r, http.StatusBadRequest, alertsView{AckProblem: problem})
	}
	if info := reqInfoFrom(r.Context()); info != nil && info.client != "" {
		author += " (token " + info.client + ")"
	}
	if _, _, err := s.AlertAcks.AcknowledgeAlert(r.Context(), &dossier.AlertAck{AlertID: id, Author: author, Note: note}); err != nil {
		return err
	}
	back.Set("acked", itoa(id))
	http.Redirect(w, r, uiPrefix+"alerts?"+back.Encode()+"#alert-"+itoa(id), http.StatusSeeOther)
	return nil
}

// searchView is the document search page.
type searchView struct {
	Query   string
	Problem string
	Hits    []uiSearchHit
	Pages   uiPager
	More    bool // results go on past the pages read
	Stored  int  // documents stored, shown before a search (Counted)
	Counted bool
	Latest  []uiSearchHit // without a search: a page of the stored documents, the latest first
}

// uiSearchHit is a document found, its snippet cut into marked runs.
type uiSearchHit struct {
	Doc     documentJSON
	Href    string
	Snippet []uiSegment
}

// The marks around matched terms in a search hit's snippet, as the
// stores write them (sqlite.MarkStart and MarkEnd; postgres the same).
const (
	snippetStart = "\x02"
	snippetEnd   = "\x03"
)

// snippetSegments cuts a snippet at the store's match marks: text
// after a start mark is marked until an end mark; marks themselves are
// dropped, a stray or repeated one included.
func snippetSegments(s string) []uiSegment {
	var out []uiSegment
	mark := false
	for s != "" {
		i := strings.IndexAny(s, snippetStart+snippetEnd)
		if i < 0 {
			i = len(s)
		}
		if i > 0 {
			out = append(out, uiSegment{Text: s[:i], Mark: mark})
		}
		if i == len(s) {
			break
		}
		mark = s[i:i+1] == snippetStart
		s = s[i+1:]
	}
	return out
}

// handleUIDocuments is GET /ui/documents?q=…&page=: a full-text search
// of the stored documents (FTS5 syntax: words, "phrases", OR, NOT,
// prefix*), best match first; without q, the stored documents, the
// latest first.
func (s *Server) handleUIDocuments(w http.ResponseWriter, r *http.Request) error {
	v := searchView{Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	maxPage := uiSearchPages
	if v.Query == "" {
		maxPage = 1 << 20
	}
	pg, err := intParam(r, "page", 1, 1, maxPage)
	if err != nil {
		return err
	}
	if v.Query == "" {
		// no search: the stored documents, the latest first, paged
		n, err := s.Documents.CountDocuments(r.Context())
		if err != nil {
			return err
		}
		v.Stored, v.Counted = n, true
		ds, err := s.Documents.FindDocuments(r.Context(), (pg-1)*uiBrowsePage, uiBrowsePage)
		if err != nil {
			return err
		}
		for _, d := range ds {
			v.Latest = append(v.Latest, uiSearchHit{Doc: documentView(d, false), Href: uiDocumentURL(d.ID)})
		}
		v.Pages = uiPagerOf(url.URL{Path: uiPrefix + "documents"}, pg, len(ds), n)
		return s.renderPage(w, r, http.StatusOK, "documents", "Documents", v)
	}
	if len(v.Query) > maxValueLen {
		v.Problem = fmt.Sprintf("The query is longer than %d bytes.", maxValueLen)
		return s.renderPage(w, r, http.StatusBadRequest, "documents", "Search the documents", v)
	}
	// The store's search has no offset: read through this page and one
	// more row, to know whether a next page exists.
	hits, err := s.Documents.SearchDocuments(r.Context(), v.Query, pg*uiBrowsePage+1)
	if e := asError(err); err != nil && e.Code == CodeInvalid {
		v.Problem = e.Message
		return s.renderPage(w, r, http.StatusBadRequest, "documents", "Search the documents", v)
	} else if err != nil {
		return err
	}
	from := min(len(hits), (pg-1)*uiBrowsePage)
	page := hits[from:min(len(hits), pg*uiBrowsePage)]
	for _, h := range page {
		v.Hits = append(v.Hits, uiSearchHit{Doc: documentView(h.Document, false), Href: uiDocumentURL(h.Document.ID),
			Snippet: snippetSegments(h.Snippet)})
	}
	more := len(hits) > pg*uiBrowsePage
	total := from + len(page)
	if more {
		total++ // at least one more
	}
	v.Pages = uiPagerOf(url.URL{Path: uiPrefix + "documents", RawQuery: url.Values{"q": {v.Query}}.Encode()}, pg, len(page), total)
	v.Pages.Open = more
	if more && pg == uiSearchPages {
		v.Pages.Next, v.More = "", true
	}
	return s.renderPage(w, r, http.StatusOK, "documents", "Search: "+v.Query, v)
}
