package server

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"dossier"
	"dossier/claims"
	"dossier/countries"
)

// The screening page pages its hits and its news separately (?page= and
// ?npage=) and filters them by what the URL says, so that a view can be
// bookmarked: the list hits by dataset and schema, the news by topic,
// stance and publication date, both by a minimum score (the screen's
// threshold). Filters and pages work over the best uiHitWindow hits and
// uiNewsWindow documents of the screen; the page says so when there are
// more.

const (
	uiHitPageSize  = 20
	uiNewsPageSize = 10
	uiHitWindow    = maxMatchLimit
	uiNewsWindow   = maxNewsLimit
)

// uiFilters are the screening page's filters, as typed (for the form)
// and parsed.
type uiFilters struct {
	Min, Dataset, Schema, Topic, Stance, From, To string

	min      float64
	from, to time.Time // to: the day after the last day included
}

// hitFiltered and newsFiltered report whether a filter on the hits or
// the news (not the threshold) is set.
func (f uiFilters) hitFiltered() bool { return f.Dataset != "" || f.Schema != "" }

// The minimum score counts for the news: a document found through a list
// link passes the threshold of the search but has its own score to pass.
func (f uiFilters) newsFiltered() bool {
	return f.Topic != "" || f.Stance != "" || f.From != "" || f.To != "" || f.min > 0
}

// parseUIFilters reads the filters from a query; a bad one is a problem
// for the form, naming the field.
func parseUIFilters(q url.Values) (uiFilters, string) {
	f := uiFilters{Min: strings.TrimSpace(q.Get("min")), Dataset: strings.TrimSpace(q.Get("dataset")),
		Schema: strings.TrimSpace(q.Get("schema")), Topic: strings.TrimSpace(q.Get("topic")),
		Stance: strings.TrimSpace(q.Get("stance")), From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to"))}
	for _, v := range []string{f.Dataset, f.Schema, f.Topic, f.Stance} {
		if len(v) > 200 {
			return f, "Filters: a value is longer than 200 characters."
		}
	}
	if f.Min != "" {
		m, err := strconv.ParseFloat(f.Min, 64)
		if err != nil || m < 0 || m > 1 || m != m {
			return f, "Minimum score: write a number from 0 to 1, such as 0.7."
		}
		f.min = m
	}
	if f.Stance != "" && !slices.Contains(uiStances, f.Stance) {
		return f, "Stance: choose one of " + strings.Join(uiStances, ", ") + "."
	}
	day := func(s, field string) (time.Time, string) {
		if s == "" {
			return time.Time{}, ""
		}
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return t, field + ": write a date as 2026-03-05."
		}
		return t, ""
	}
	var p string
	if f.from, p = day(f.From, "Published from"); p != "" {
		return f, p
	}
	if f.to, p = day(f.To, "Published to"); p != "" {
		return f, p
	}
	if !f.to.IsZero() {
		f.to = f.to.AddDate(0, 0, 1)
		if !f.from.IsZero() && !f.from.Before(f.to) {
			return f, "Published from: the first day comes after the last."
		}
	}
	return f, ""
}

var uiStances = []string{dossier.StanceAlleged, dossier.StanceCharged, dossier.StanceConvicted, dossier.StanceSanctioned,
	dossier.StanceDenied, dossier.StanceCleared, dossier.StanceReported}

// keepHit reports whether a hit passes the hit filters.
func (f uiFilters) keepHit(h scoredEntityJSON) bool {
	return (f.Dataset == "" || slices.Contains(h.Datasets, f.Dataset)) && (f.Schema == "" || h.Schema == f.Schema)
}

// newsWindow is how many of the best documents a page of news
// (?npage=) needs: unfiltered, those up to the page's end; filtered,
// the whole window, since the filters choose among them.
func (f uiFilters) newsWindow(page int) int {
	if f.newsFiltered() {
		return uiNewsWindow
	}
	return min(uiNewsWindow, page*uiNewsPageSize)
}

// newsPage filters the documents found (total of them in all, of which
// found holds the first newsWindow(page)) and pages them: the page's
// navigation and its documents, the first of which is the nav.First-th
// document that passes.
func (f uiFilters) newsPage(u *url.URL, page int, found []newsItem, total int) (uiPageNav, []newsItem) {
	var news []newsItem
	for _, it := range found {
		if f.keepNews(it) {
			news = append(news, it)
		}
	}
	shown := len(news)
	if !f.newsFiltered() {
		shown = min(total, uiNewsWindow)
	}
	nav := newUIPageNavParam(u, "npage", page, uiNewsPageSize, shown)
	nav.Label = "Pages of news"
	nav = nav.anchored("news")
	if lo, hi := nav.First-1, min(nav.Last, len(news)); lo >= 0 && lo < hi {
		return nav, news[lo:hi]
	}
	return nav, nil
}

// keepNews reports whether a document passes the news filters: its
// name matches with at least the minimum score, a claim
// about the subject (or the article's topics) with the topic, a claim
// with the stance, published within the dates (an undated document
// fails a date filter).
func (f uiFilters) keepNews(it newsItem) bool {
	if it.Score < f.min {
		return false // found through a list link, which has no name score of its own to pass
	}
	if f.Topic != "" {
		ok := it.Adverse != nil && slices.Contains(it.Adverse.Topics, f.Topic)
		for _, c := range it.Claims {
			ok = ok || c.Topic == f.Topic || slices.Contains(c.Topics, f.Topic)
		}
		if !ok {
			return false
		}
	}
	if f.Stance != "" && !slices.ContainsFunc(it.Claims, func(c dossier.Claim) bool { return c.Stance == f.Stance }) {
		return false
	}
	if f.From != "" || f.To != "" {
		p := it.Document.Published
		if p == nil || !f.from.IsZero() && p.Before(f.from) || !f.to.IsZero() && !p.Before(f.to) {
			return false
		}
	}
	return true
}

// screenView is the screening page: the query and its filters, a page
// of list hits and a page of news, and what decisions left out.
type screenView struct {
	Form  uiForm
	Types []uiOption
	uiFilterForm
	Schema     string
	Hits       []uiHit
	HitPager   uiPageNav
	Total      int  // hits above the threshold, before filters and decisions
	HitsCapped bool // filters and pages cover the best uiHitWindow
	News       []uiNews
	NewsPager  uiPageNav
	NewsTotal  int
	NewsCapped bool
	Suppressed int
	Hidden     []uiHidden // the false positives left out, with their decisions
	HiddenHits int        // how many of them are list hits
	IndexBuilt string
	CanWrite   bool
	Decisions  bool // the server keeps a decision log
	// ReportPDF and ReportCSV are the URLs of the report downloads.
	ReportPDF, ReportCSV string
}

// uiHidden is a hit left out as a false positive.
type uiHidden struct {
	Caption, Href, What string
	Decision            *uiDecision
	Form                *uiDecideForm
}

// handleUIScreen is GET /ui/screen?name=…&dob=…&country=…&type=… with
// the filters above: the screening page, from the same call as POST
// /screen. A bad form comes back as the search page with the problem,
// status 400.
func (s *Server) handleUIScreen(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	form, req, msg := uiScreenQuery(q)
	filters, fproblem := parseUIFilters(q)
	problem := func(msg string) error {
		return s.renderPage(w, r, http.StatusBadRequest, "home", "Screen a name: "+msg,
			homeView{Form: form, Problem: msg, Types: uiTypes})
	}
	hitPage, perr := uiPageParam(q)
	newsPage, nerr := uiPageParam(url.Values{"page": {q.Get("npage")}})
	switch {
	case msg != "":
		return problem(msg)
	case fproblem != "":
		return problem(fproblem)
	case perr != nil || nerr != nil:
		return problem("Page: want a page number from 1.")
	}
	// Unfiltered, a page needs only the hits and news up to its end.
	hitLimit, newsLimit := uiHitWindow, filters.newsWindow(newsPage)
	if !filters.hitFiltered() {
		hitLimit = min(uiHitWindow, hitPage*uiHitPageSize)
	}
	req.Threshold, req.Limit, req.News = filters.min, hitLimit, &newsLimit
	resp, err := s.screenWithNews(r.Context(), req)
	if e := asError(err); err != nil && e.Code == CodeInvalid {
		return problem(e.Message)
	} else if err != nil {
		return err
	}
	dec, err := s.newUIDecider(w, r, form.Name, form.DOB)
	if err != nil {
		return err
	}
	snap, err := s.snapshotOrUnavailable()
	if err != nil {
		return err
	}
	v := screenView{Form: form, Types: uiTypes, uiFilterForm: uiFilterForm{Filters: filters}, Schema: req.Schema,
		ReportPDF: uiReportURL("pdf", form), ReportCSV: uiReportURL("csv", form), Total: resp.Total, NewsTotal: resp.NewsTotal,
		Suppressed: resp.Suppressed, IndexBuilt: resp.IndexBuilt, CanWrite: dec.canWrite, Decisions: s.Decisions != nil,
		HitsCapped: resp.Total > uiHitWindow, NewsCapped: resp.NewsTotal > uiNewsWindow}
	v.Threshold = score2(snap.index.Matcher.Threshold)
	if filters.min > 0 {
		v.Threshold = score2(filters.min)
	}

	// List hits: filter, then page.
	var hits []scoredEntityJSON
	datasets, schemata := map[string]bool{}, map[string]bool{}
	for _, h := range resp.Hits {
		for _, d := range h.Datasets {
			datasets[d] = true
		}
		schemata[h.Schema] = true
		if filters.keepHit(h) {
			hits = append(hits, h)
		}
	}
	hitTotal := len(hits)
	if !filters.hitFiltered() {
		hitTotal = min(resp.Total, uiHitWindow) // the page fetched only up to its end
	}
	v.HitPager = newUIPageNav(r.URL, hitPage, uiHitPageSize, hitTotal)
	v.HitPager.Label = "Pages of list hits"
	v.HitPager = v.HitPager.anchored("hits")
	for i := v.HitPager.First - 1; i >= 0 && i < v.HitPager.Last && i < len(hits); i++ {
		h := snap.uiHitFacts(uiHitOf(hits[i]))
		h.Decision = dec.current(h.ID)
		h.Form = dec.form("hit"+strconv.Itoa(i+1), h.Caption, h.ID, "", "")
		v.Hits = append(v.Hits, h)
	}
	v.DatasetOptions = uiOptionsOf(datasets, filters.Dataset, nil)
	v.SchemaOptions = uiOptionsOf(schemata, filters.Schema, nil)

	// News: filter, then page.
	var news []newsItem
	v.NewsPager, news = filters.newsPage(r.URL, newsPage, resp.News, resp.NewsTotal)
	v.News = uiNewsOf(news)
	for i := range v.News {
		n := &v.News[i]
		n.Decision = dec.current(dossier.HitTarget("", n.Doc.ID, n.Entity.ID))
		n.Form = dec.form("news"+strconv.Itoa(v.NewsPager.First+i), n.Entity.Name+" in “"+n.Doc.Title+"”", "", n.Doc.ID, n.Entity.ID)
	}
	v.Topics, v.Stances = uiTopicOptions(filters.Topic), uiStanceOptions(filters.Stance)

	// What decisions left out.
	v.HiddenHits = len(resp.suppressedHits)
	for i, h := range resp.suppressedHits {
		v.Hidden = append(v.Hidden, uiHidden{Caption: h.Caption, Href: uiEntityURL(h.ID), What: "list entity " + h.ID,
			Decision: dec.current(h.ID), Form: dec.form("hidden"+strconv.Itoa(i+1), h.Caption, h.ID, "", "")})
	}
	for i, it := range resp.suppressedNews {
		title := it.Document.Title
		if title == "" {
			title = "document " + it.Document.ID
		}
		v.Hidden = append(v.Hidden, uiHidden{Caption: it.Entity.Name + " in “" + title + "”", Href: uiDocumentURL(it.Document.ID),
			What: "news", Decision: dec.current(dossier.HitTarget("", it.Document.ID, it.Entity.ID)),
			Form: dec.form("hiddennews"+strconv.Itoa(i+1), it.Entity.Name, "", it.Document.ID, it.Entity.ID)})
	}
	return s.renderPage(w, r, http.StatusOK, "screen", "Screening: "+form.Name, v)
}

// uiTopicOptions are the news topic filter's options, labelled; the
// key of each is its value.
func uiTopicOptions(chosen string) []uiOption {
	topics := map[string]bool{}
	for _, t := range claims.Topics {
		topics[t.Key] = true
	}
	return uiOptionsOf(topics, chosen, func(k string) string { return topicOf(k).Label })
}

// uiStanceOptions are the claim stance filter's options.
func uiStanceOptions(chosen string) []uiOption {
	stances := map[string]bool{}
	for _, st := range uiStances {
		stances[st] = true
	}
	return uiOptionsOf(stances, chosen, nil)
}

func score2(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

// uiOptionsOf is a select's options: "Any", then the values in order
// (with the chosen one even when no result has it), labelled by label
// (nil: the value itself).
func uiOptionsOf(values map[string]bool, chosen string, label func(string) string) []uiOption {
	if chosen != "" {
		values[chosen] = true
	}
	keys := make([]string, 0, len(values))
	for k := range values {
		if k != "" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	out := []uiOption{{"", "Any"}}
	for _, k := range keys {
		l := k
		if label != nil {
			l = label(k)
		}
		out = append(out, uiOption{k, l})
	}
	return out
}

// uiHitFacts adds to a hit what tells namesakes apart: birth dates,
// nationalities (citizenship; for an organization its countries), and
// the programs of the sanctions that refer to it.
func (snap *snapshot) uiHitFacts(h uiHit) uiHit {
	e, ok := snap.entities[h.ID]
	if !ok {
		return h
	}
	h.BirthDates = e.Properties["birthDate"]
	for _, p := range []string{"nationality", "citizenship", "country", "jurisdiction"} {
		for _, c := range e.Properties[p] {
			if n := countries.Name(c); n != "" {
				c = n + " (" + strings.ToUpper(c) + ")" // a code, as loaders store countries: "Venezuela (VE)"
			}
			if !slices.Contains(h.Nationalities, c) {
				h.Nationalities = append(h.Nationalities, c)
			}
		}
	}
	for _, ed := range snap.reverse[e.ID] {
		if ed.prop != "sanctions" {
			continue
		}
		sanc, ok := snap.entities[ed.id]
		if !ok {
			continue
		}
		progs := sanc.Properties["program"]
		if len(progs) == 0 {
			progs = sanc.Properties["programId"]
		}
		if len(progs) == 0 {
			progs = sanc.Properties["authority"]
		}
		for _, p := range progs {
			if !slices.Contains(h.Programs, p) {
				h.Programs = append(h.Programs, p)
			}
		}
	}
	return h
}
