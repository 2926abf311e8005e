package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"dossier"
	"dossier/monitor"
)

// uiDecision is a decision as the pages show it.
type uiDecision struct {
	ID                                    int64
	Verdict, Label, Author, Note, Subject string
	Created                               time.Time
	Hit, HitHref                          string // what was decided: a list entity or a document entity
	Verified                              string // audit page: "verified", "broken" or "unchecked"
	Hash                                  string
}

var verdictLabels = map[string]string{
	dossier.VerdictMatch:         "Match",
	dossier.VerdictFalsePositive: "False positive",
	dossier.VerdictNeedsReview:   "Needs review",
}

func uiDecisionOf(d *dossier.Decision) *uiDecision {
	if d == nil {
		return nil
	}
	v := &uiDecision{ID: d.ID, Verdict: d.Verdict, Label: verdictLabels[d.Verdict], Author: d.Author, Note: d.Note,
		Subject: d.SubjectName, Created: d.Created, Hash: d.Hash}
	if v.Label == "" {
		v.Label = d.Verdict
	}
	if d.ListEntityID != "" {
		v.Hit, v.HitHref = d.ListEntityID, uiEntityURL(d.ListEntityID)
	} else {
		v.Hit, v.HitHref = d.DocumentID+" / "+d.DocEntityID, uiDocumentURL(d.DocumentID)
	}
	return v
}

// uiDecideForm is the decision form of one hit: its target, the current
// decision and what the form needs to post.
type uiDecideForm struct {
	ID                                    string // prefix of the form's element IDs, unique on the page
	Label                                 string // the hit, for the form's legend
	CSRF, Back                            string
	SubjectName, BirthDate                string
	ListEntityID, DocumentID, DocEntityID string
	Current                               *uiDecision
}

// uiDecider builds the decision forms of a screening page; a nil one
// (no write scope, or no decision log) builds none.
type uiDecider struct {
	csrf, back, name, dob string
	effective             map[string]*dossier.Decision
	canWrite              bool
}

// newUIDecider reads the subject's effective decisions, and readies the
// forms when the session may write.
func (s *Server) newUIDecider(w http.ResponseWriter, r *http.Request, name, dob string) (*uiDecider, error) {
	d := &uiDecider{name: name, dob: dob, back: r.URL.RequestURI()}
	if s.Decisions == nil {
		return d, nil
	}
	eff, err := s.Decisions.FindEffectiveDecisions(r.Context(), monitor.SubjectKey(0, name, dob))
	if err != nil {
		return nil, err
	}
	d.effective = eff
	if s.uiCanWrite(r) {
		d.canWrite = true
		d.csrf = csrfToken(r)
	}
	return d, nil
}

// current is the effective decision on a target.
func (d *uiDecider) current(target string) *uiDecision {
	if d == nil {
		return nil
	}
	return uiDecisionOf(d.effective[target])
}

// form is the decision form for a list hit (doc == "") or a news hit;
// nil when the session cannot record decisions.
func (d *uiDecider) form(id, label, listID, doc, docEntity string) *uiDecideForm {
	if d == nil || !d.canWrite {
		return nil
	}
	return &uiDecideForm{ID: id, Label: label, CSRF: d.csrf, Back: d.back, SubjectName: d.name, BirthDate: d.dob,
		ListEntityID: listID, DocumentID: doc, DocEntityID: docEntity,
		Current: d.current(dossier.HitTarget(listID, doc, docEntity))}
}

// handleUIDecisionCreate is POST /ui/decisions: a decision form. It
// checks the CSRF token, records the decision as POST /decisions does,
// and redirects (303) back to the page the form was on.
func (s *Server) handleUIDecisionCreate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return Errorf(CodeTooLarge, "form larger than %d bytes", mbe.Limit)
		}
		return Errorf(CodeInvalid, "unreadable form: %v", err)
	}
	if err := checkCSRF(r); err != nil {
		return err
	}
	f := r.PostForm
	req := decisionRequest{SubjectName: f.Get("subject_name"), BirthDate: strings.TrimSpace(f.Get("birth_date")),
		ListEntityID: f.Get("list_entity_id"), DocumentID: f.Get("document_id"), DocEntityID: f.Get("doc_entity_id"),
		Verdict: f.Get("verdict"), Note: strings.TrimSpace(f.Get("note")), Author: f.Get("analyst")}
	if req.Verdict == "" {
		return Errorf(CodeInvalid, "choose a verdict: match, false positive or needs review")
	}
	if strings.TrimSpace(req.Author) == "" && (reqInfoFrom(r.Context()) == nil || reqInfoFrom(r.Context()).client == "") {
		req.Author = "web UI (auth off)"
	}
	if _, err := s.recordDecision(r.Context(), req); err != nil {
		return err
	}
	http.Redirect(w, r, localUIPath(f.Get("back")), http.StatusSeeOther)
	return nil
}

// decisionsView is the audit page: a page of the decision log, newest
// first, with the log's verification.
type decisionsView struct {
	Decisions []*uiDecision
	Verdict   string
	Subject   string
	Verdicts  []uiOption
	Pager     uiPageNav
	Verify    verifyResponse
	Checked   bool // the log was verified (it is, unless the page is filtered past its end)
}

// uiAuditPageSize is the number of decisions on a page of the audit log.
const uiAuditPageSize = 25

// handleUIDecisions is GET /ui/decisions?verdict=…&subject=…&page=N: the
// audit log, newest first, each decision marked verified or not by the
// log's hash chain (GET /decisions/verify).
func (s *Server) handleUIDecisions(w http.ResponseWriter, r *http.Request) error {
	ds, err := s.decisionService()
	if err != nil {
		return err
	}
	q := r.URL.Query()
	v := decisionsView{Verdict: q.Get("verdict"), Subject: strings.TrimSpace(q.Get("subject")),
		Verdicts: []uiOption{{"", "Any"}}}
	for _, k := range []string{dossier.VerdictMatch, dossier.VerdictFalsePositive, dossier.VerdictNeedsReview} {
		v.Verdicts = append(v.Verdicts, uiOption{k, verdictLabels[k]})
	}
	var f dossier.DecisionFilter
	if v.Verdict != "" {
		if !dossier.ValidVerdict(v.Verdict) {
			return Errorf(CodeInvalid, "verdict %q: choose match, false positive or needs review", truncate(v.Verdict, 32))
		}
		f.Verdict = &v.Verdict
	}
	if v.Subject != "" {
		if len(v.Subject) > maxValueLen {
			return Errorf(CodeInvalid, "subject: longer than %d bytes", maxValueLen)
		}
		key := monitor.SubjectKey(0, v.Subject, "")
		if strings.HasPrefix(v.Subject, "watch:") || strings.HasPrefix(v.Subject, "name:") {
			key = v.Subject // a subject key as the log shows it
		}
		f.SubjectKey = &key
	}
	pg, err := uiPageParam(q)
	if err != nil {
		return err
	}
	// The log is stored oldest first; the page shows it newest first.
	f.Limit = 1
	_, total, err := ds.FindDecisions(r.Context(), f)
	if err != nil {
		return err
	}
	v.Pager = newUIPageNav(r.URL, pg, uiAuditPageSize, total)
	v.Pager.Label = "Pages of the decision log"
	end := total - (v.Pager.Page-1)*uiAuditPageSize
	f.Offset, f.Limit = max(0, end-uiAuditPageSize), min(end, uiAuditPageSize)
	var list []*dossier.Decision
	if f.Limit > 0 {
		if list, _, err = ds.FindDecisions(r.Context(), f); err != nil {
			return err
		}
	}
	v.Verify, err = s.verifyLog(r.Context(), ds)
	if err != nil {
		return err
	}
	snap := s.index.current() // nil while the lists are indexed: hits then show by ID
	for i := len(list) - 1; i >= 0; i-- {
		d := uiDecisionOf(list[i])
		if e, ok := snap.entityOf(list[i].ListEntityID); ok && e.Caption != "" {
			d.Hit = e.Caption + " (" + list[i].ListEntityID + ")" // analysts know a hit by its name
		}
		switch {
		case v.Verify.BrokenAt > 0 && d.ID >= v.Verify.BrokenAt:
			d.Verified = "broken"
		case !v.Verify.OK && v.Verify.BrokenAt == 0:
			d.Verified = "broken" // the checkpoints, not one decision, are wrong
		case d.ID <= int64(v.Verify.Verified):
			d.Verified = "verified"
		default:
			d.Verified = "unchecked" // logged after the check ran
		}
		v.Decisions = append(v.Decisions, d)
	}
	return s.renderPage(w, r, http.StatusOK, "decisions", "Decision log", v)
}

// verifyLog checks the audit log as GET /decisions/verify does.
func (s *Server) verifyLog(ctx context.Context, ds dossier.DecisionService) (verifyResponse, error) {
	n, err := ds.VerifyDecisions(ctx)
	var ce *dossier.ChainError
	switch {
	case errors.As(err, &ce):
		return verifyResponse{OK: false, Verified: n, BrokenAt: ce.ID, Reason: ce.Reason}, nil
	case err != nil:
		return verifyResponse{}, err
	}
	return verifyResponse{OK: true, Verified: n}, nil
}

// uiPageNav is a page of a list, with links to the pages around it that
// keep the rest of the query (and so its filters).
type uiPageNav struct {
	Label                    string // names the pager's navigation for screen readers
	Page, Pages, Total, Size int
	First, Last              int // 1-based positions of the page's first and last items
	Prev, Next               string
	Links                    []uiPageLink
}

type uiPageLink struct {
	Page    int
	Href    string
	Current bool
}

// uiMaxPage bounds ?page=.
const uiMaxPage = 100000

// uiPageParam reads ?page= (1 when absent).
func uiPageParam(q url.Values) (int, error) {
	p := strings.TrimSpace(q.Get("page"))
	if p == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 || n > uiMaxPage {
		return 0, Errorf(CodeInvalid, "page %q: want a page number from 1", truncate(p, 32))
	}
	return n, nil
}

// newUIPager pages total items, size a page, at page (clamped to the
// last page); param is the query parameter holding the page number.
func newUIPageNav(u *url.URL, page, size, total int) uiPageNav {
	return newUIPageNavParam(u, "page", page, size, total)
}

func newUIPageNavParam(u *url.URL, param string, page, size, total int) uiPageNav {
	pages := max(1, (total+size-1)/size)
	page = min(max(page, 1), pages)
	p := uiPageNav{Page: page, Pages: pages, Total: total, Size: size}
	if total > 0 {
		p.First, p.Last = (page-1)*size+1, min(page*size, total)
	}
	href := func(n int) string {
		q := u.Query()
		if n == 1 {
			q.Del(param)
		} else {
			q.Set(param, strconv.Itoa(n))
		}
		out := *u
		out.RawQuery = q.Encode()
		out.Fragment = ""
		return out.RequestURI()
	}
	if page > 1 {
		p.Prev = href(page - 1)
	}
	if page < pages {
		p.Next = href(page + 1)
	}
	if pages > 1 {
		for n := max(1, page-3); n <= min(pages, page+3); n++ {
			p.Links = append(p.Links, uiPageLink{Page: n, Href: href(n), Current: n == page})
		}
	}
	return p
}

// anchored makes the pager's links land on the element with that ID,
// the list it pages.
func (p uiPageNav) anchored(id string) uiPageNav {
	add := func(h string) string {
		if h == "" {
			return ""
		}
		return h + "#" + id
	}
	p.Prev, p.Next = add(p.Prev), add(p.Next)
	p.Links = slices.Clone(p.Links)
	for i := range p.Links {
		p.Links[i].Href = add(p.Links[i].Href)
	}
	return p
}

// uiCanWrite reports whether the browser's session may change state: auth
// is off, or its token has write scope.
func (s *Server) uiCanWrite(r *http.Request) bool {
	_, err := s.authorize(r, dossier.ScopeWrite, true, false)
	return err == nil
}

// localUIPath returns p when it is a path of this UI (with its query),
// else the home page: a form's "back" field never redirects elsewhere.
func localUIPath(p string) string {
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(u.Path, uiPrefix) || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n") {
		return uiHomePath
	}
	if out := u.RequestURI(); strings.HasPrefix(out, uiPrefix) {
		return out
	}
	return uiHomePath // "/ui%2F": under /ui/ once decoded, not as sent
}

// entityOf returns the list entity with that ID in the snapshot; a nil
// snapshot has none.
func (snap *snapshot) entityOf(id string) (*dossier.Entity, bool) {
	if snap == nil || id == "" {
		return nil, false
	}
	e, ok := snap.entities[id]
	return e, ok
}
