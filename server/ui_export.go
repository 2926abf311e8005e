package server

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"dossier"
	"dossier/countries"
	"dossier/monitor"
	"dossier/screen"
)

// Case export: a screening as a report for the case file, as CSV
// (GET /ui/screen/report.csv) or PDF (GET /ui/screen/report.pdf), with
// the screening page's query string. The report holds the query, when
// it was made, the list versions screened, every list hit with its
// explanation and the analyst's decision on it, the hits decided false
// positives (left out of the screen, listed with the decision), and
// the news about the subject with each claim's evidence and source URL.

// DejaVu Sans: UTF-8 names (Cyrillic, Greek, accents) need a font with
// their glyphs, which the PDF core fonts lack. Its licence (Bitstream
// Vera, DejaVu changes public domain) is in ui/fonts/LICENSE-DejaVu.txt.
//
//go:embed ui/fonts/DejaVuSans.ttf
var reportFont []byte

// Report limits: every hit the engine returns (up to the match limit)
// and up to maxNewsLimit documents.
const (
	reportHitLimit  = maxMatchLimit
	reportNewsLimit = maxNewsLimit
)

// caseReport is a screening made into a report.
type caseReport struct {
	Form       uiForm
	Schema     string
	SubjectKey string
	Generated  time.Time
	IndexBuilt string
	Lists      []*dossier.ListVersion
	Hits       []reportHit
	Total      int
	Decided    []reportDecided // false positives left out of the screen
	News       []reportNews
	NewsTotal  int
}

// reportHit is a list hit with its explanation and decision.
type reportHit struct {
	uiHit
	Decision *dossier.Decision
}

// reportDecided is a hit decided a false positive for the subject.
type reportDecided struct {
	Target, Caption string
	Decision        *dossier.Decision
}

// reportNews is a document about the subject with its claims.
type reportNews struct {
	Doc            documentJSON
	Entity         string
	Score          float64
	Subject        *dossier.SubjectAdverse
	Adverse        *dossier.Adverse
	Claims         []dossier.Claim
	Decision       *dossier.Decision
	DocumentTarget string
}

// uiScreenQuery reads the screening form from a query string: the form
// as typed and the request to screen, or a problem to show the user.
func uiScreenQuery(q url.Values) (uiForm, screenRequest, string) {
	form := uiForm{Name: strings.TrimSpace(q.Get("name")), DOB: strings.TrimSpace(q.Get("dob")),
		Country: strings.TrimSpace(q.Get("country")), Type: strings.TrimSpace(q.Get("type"))}
	schema, err := monitor.SchemaFor(form.Type)
	switch {
	case form.Name == "":
		return form, screenRequest{}, "Enter a name to screen."
	case form.DOB != "" && !screen.ValidBirthDate(form.DOB):
		return form, screenRequest{}, "Birth date: write it as a year (1963), a month (1963-04) or a day (1963-04-15), a real date."
	case len(form.Country) > 64, form.Country != "" && !countries.Known(form.Country):
		return form, screenRequest{}, "Country: use an ISO code (ve) or a country name (Venezuela)."
	case err != nil:
		return form, screenRequest{}, "Type: choose person, organization, company, vessel or any."
	}
	req := screenRequest{Name: form.Name, Schema: schema}
	if form.DOB != "" {
		req.BirthDate = stringList{form.DOB}
	}
	if form.Country != "" {
		req.Country = stringList{form.Country}
	}
	return form, req, ""
}

// uiReportURL is the URL of a screening's report as CSV or PDF.
func uiReportURL(format string, f uiForm) string {
	q := url.Values{"name": {f.Name}}
	for k, v := range map[string]string{"dob": f.DOB, "country": f.Country, "type": f.Type} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return uiPrefix + "screen/report." + format + "?" + q.Encode()
}

// buildReport screens the form's subject as the screening page does,
// with room for every hit, and joins the decisions on its hits.
func (s *Server) buildReport(ctx context.Context, form uiForm, req screenRequest) (*caseReport, error) {
	req.Limit = reportHitLimit
	news := reportNewsLimit
	req.News = &news
	resp, err := s.screenWithNews(ctx, req)
	if err != nil {
		return nil, err
	}
	snap, err := s.snapshotOrUnavailable()
	if err != nil {
		return nil, err
	}
	rep := &caseReport{Form: form, Schema: req.Schema, SubjectKey: resp.SubjectKey, Generated: time.Now().UTC(),
		IndexBuilt: resp.IndexBuilt, Total: resp.Total, NewsTotal: resp.NewsTotal}
	rep.Lists = slices.Clone(snap.versions)
	slices.SortFunc(rep.Lists, func(a, b *dossier.ListVersion) int { return strings.Compare(a.Dataset, b.Dataset) })
	decisions := map[string]*dossier.Decision{}
	if s.Decisions != nil {
		if decisions, err = s.Decisions.FindEffectiveDecisions(ctx, resp.SubjectKey); err != nil {
			return nil, err
		}
	}
	shown := map[string]bool{}
	for _, h := range resp.Hits {
		rep.Hits = append(rep.Hits, reportHit{uiHit: uiHitOf(h), Decision: decisions[h.ID]})
		shown[h.ID] = true
	}
	for _, it := range resp.News {
		target := dossier.HitTarget("", it.Document.ID, it.Entity.ID)
		rep.News = append(rep.News, reportNews{Doc: it.Document, Entity: it.Entity.Name, Score: it.Score,
			Subject: it.SubjectAdverse, Adverse: it.Adverse, Claims: it.Claims, Decision: decisions[target], DocumentTarget: target})
		shown[target] = true
	}
	for target, d := range decisions {
		if shown[target] || d.Verdict != dossier.VerdictFalsePositive {
			continue
		}
		dec := reportDecided{Target: target, Decision: d}
		if e, ok := snap.entities[d.ListEntityID]; ok {
			dec.Caption = caption(e)
		}
		rep.Decided = append(rep.Decided, dec)
	}
	slices.SortFunc(rep.Decided, func(a, b reportDecided) int { return strings.Compare(a.Target, b.Target) })
	return rep, nil
}

// reportFileName is the download's file name: the subject's name made
// safe for a file system, and the date.
func reportFileName(rep *caseReport, ext string) string {
	var b strings.Builder
	for _, r := range rep.Form.Name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
		if b.Len() >= 60 {
			break
		}
	}
	name := strings.Trim(b.String(), "-")
	if name == "" {
		name = "subject"
	}
	return "screening-" + name + "-" + rep.Generated.Format("2006-01-02") + "." + ext
}

// handleUIReport is GET /ui/screen/report.{csv,pdf}?name=…: the
// screening as a downloadable report. A bad form is the search page
// with the problem, as for the screening page.
func (s *Server) handleUIReport(format string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		form, req, problem := uiScreenQuery(r.URL.Query())
		if problem != "" {
			return s.renderPage(w, r, http.StatusBadRequest, "home", "Screen a name: "+problem,
				homeView{Form: form, Problem: problem, Types: uiTypes})
		}
		rep, err := s.buildReport(r.Context(), form, req)
		if e := asError(err); err != nil && e.Code == CodeInvalid {
			return s.renderPage(w, r, http.StatusBadRequest, "home", "Screen a name: "+e.Message,
				homeView{Form: form, Problem: e.Message, Types: uiTypes})
		} else if err != nil {
			return err
		}
		var body []byte
		var ctype string
		switch format {
		case "csv":
			body, ctype = reportCSV(rep), "text/csv; charset=utf-8"
		default:
			if body, err = reportPDF(rep); err != nil {
				return fmt.Errorf("report pdf: %w", err)
			}
			ctype = "application/pdf"
		}
		h := w.Header()
		h.Set("Content-Type", ctype)
		h.Set("Content-Disposition", `attachment; filename="`+reportFileName(rep, format)+`"`)
		h.Set("Content-Length", strconv.Itoa(len(body)))
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-store")
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
		w.WriteHeader(http.StatusOK)
		w.Write(body)
		return nil
	}
}

// explain writes a hit's explanation on one line: "name 0.95 (detail);
// …", features in name order.
func explain(fs []uiFeature) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = fmt.Sprintf("%s %.2f", f.Name, f.Score)
		if f.Detail != "" {
			parts[i] += " (" + f.Detail + ")"
		}
	}
	return strings.Join(parts, "; ")
}

// verdictLabel is how a report names a verdict.
func verdictLabel(v string) string {
	switch v {
	case dossier.VerdictMatch:
		return "true match"
	case dossier.VerdictFalsePositive:
		return "false positive"
	case dossier.VerdictNeedsReview:
		return "needs review"
	}
	return v
}

// sourceChain is a claim's speaker and source chain in words; the
// chain is left out when it names no one but the speaker.
func sourceChain(c dossier.Claim) string {
	named := func(s dossier.Source) string {
		if s.Anonymous {
			return s.Name + " (anonymous)"
		}
		return s.Name
	}
	var parts []string
	others := false
	for _, s := range c.Sources {
		parts = append(parts, named(s))
		others = others || c.Speaker == nil || s.Name != c.Speaker.Name
	}
	chain := strings.Join(parts, " → ")
	switch {
	case c.Speaker == nil:
		return chain
	case !others:
		return named(*c.Speaker)
	}
	return named(*c.Speaker) + "; via " + chain
}

// reportCSVHeader is the report CSV's columns. Each row is one record:
// query, list (a list version screened), hit, decided (a false
// positive left out), news (a document) or claim (of the document
// before it). Columns a record has no value for are empty.
var reportCSVHeader = []string{"record", "id", "name", "schema", "datasets", "score", "match", "matched_name",
	"explanation", "decision", "decision_note", "decided_by", "decided_at", "document_id", "title", "published",
	"source_url", "stance", "topic", "speaker", "evidence"}

// csvCell keeps a cell inert in a spreadsheet: text that a spreadsheet
// would read as a formula (=, +, -, @, tab or carriage return first)
// gets a leading apostrophe, as OWASP advises for CSV injection.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// reportCSV writes the report as CSV (RFC 4180, UTF-8).
func reportCSV(rep *caseReport) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	row := func(cells map[string]string) {
		out := make([]string, len(reportCSVHeader))
		for i, k := range reportCSVHeader {
			out[i] = csvCell(cells[k])
		}
		w.Write(out)
	}
	decision := func(cells map[string]string, d *dossier.Decision) map[string]string {
		if d != nil {
			cells["decision"], cells["decision_note"], cells["decided_by"] = d.Verdict, d.Note, d.Author
			cells["decided_at"] = fmtTime(d.Created)
		}
		return cells
	}
	w.Write(reportCSVHeader)
	details := []string{"generated " + fmtTime(rep.Generated), "index built " + rep.IndexBuilt,
		fmt.Sprintf("%d of %d list hits", len(rep.Hits), rep.Total), fmt.Sprintf("%d of %d news", len(rep.News), rep.NewsTotal)}
	for _, kv := range [][2]string{{"birth date", rep.Form.DOB}, {"country", rep.Form.Country}, {"subject key", rep.SubjectKey}} {
		if kv[1] != "" {
			details = append(details, kv[0]+" "+kv[1])
		}
	}
	row(map[string]string{"record": "query", "name": rep.Form.Name, "schema": rep.Schema,
		"explanation": strings.Join(details, "; ")})
	for _, v := range rep.Lists {
		row(map[string]string{"record": "list", "id": v.Version, "name": v.Title, "datasets": v.Dataset,
			"published": fmtTime(v.Published), "source_url": v.Source, "explanation": "loaded " + fmtTime(v.Loaded)})
	}
	for _, h := range rep.Hits {
		row(decision(map[string]string{"record": "hit", "id": h.ID, "name": h.Caption, "schema": h.Schema,
			"datasets": strings.Join(h.Datasets, " "), "score": fmt.Sprintf("%.4f", h.Score), "match": strconv.FormatBool(h.Match),
			"matched_name": h.MatchedName, "explanation": explain(h.Features)}, h.Decision))
	}
	for _, d := range rep.Decided {
		cells := map[string]string{"record": "decided", "id": d.Target, "name": d.Caption}
		if d.Decision.DocumentID != "" {
			cells["id"], cells["document_id"] = d.Decision.DocEntityID, d.Decision.DocumentID
		}
		row(decision(cells, d.Decision))
	}
	for _, n := range rep.News {
		cells := map[string]string{"record": "news", "id": n.DocumentTarget, "name": n.Entity,
			"score": fmt.Sprintf("%.4f", n.Score), "document_id": n.Doc.ID, "title": n.Doc.Title,
			"source_url": n.Doc.URL, "speaker": n.Doc.Source}
		if n.Doc.Published != nil {
			cells["published"] = fmtTime(*n.Doc.Published)
		}
		var ex []string
		if n.Subject != nil {
			ex = append(ex, fmt.Sprintf("adverse for this name %.2f (%s)", n.Subject.Score, adverseWord(n.Subject.Adverse)))
		}
		if n.Adverse != nil {
			ex = append(ex, fmt.Sprintf("article adverse-media score %.2f (%s)", n.Adverse.Score, adverseWord(n.Adverse.Adverse)))
		}
		cells["explanation"] = strings.Join(ex, "; ")
		row(decision(cells, n.Decision))
		for _, c := range n.Claims {
			row(map[string]string{"record": "claim", "id": c.ID, "name": c.SubjectName, "document_id": n.Doc.ID,
				"title": n.Doc.Title, "source_url": n.Doc.URL, "stance": c.Stance, "topic": strings.Join(claimTopics(c), " "),
				"speaker": sourceChain(c), "evidence": c.Evidence.Text})
		}
	}
	w.Flush()
	return buf.Bytes()
}

func adverseWord(adverse bool) string {
	if adverse {
		return "adverse"
	}
	return "not adverse"
}

func claimTopics(c dossier.Claim) []string {
	if len(c.Topics) > 0 {
		return c.Topics
	}
	if c.Topic == "" {
		return nil
	}
	return []string{c.Topic}
}

// webURL reports whether u is an absolute http or https URL: the only
// kind the PDF makes a link of.
// The web UI makes a link of the same kind only (a list's sourceUrl).
func webURL(u string) bool {
	if len(u) > 2048 || strings.ContainsAny(u, " \t\r\n\"'<>\\") {
		return false
	}
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != "" && p.User == nil
}

// reportPDF writes the report as an A4 PDF in DejaVu Sans.
func reportPDF(rep *caseReport) ([]byte, error) {
	const family = "dejavu"
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(15, 15, 15)
	pdf.SetAutoPageBreak(true, 18)
	pdf.AddUTF8FontFromBytes(family, "", reportFont)
	pdf.SetTitle("Screening report: "+rep.Form.Name, true)
	pdf.SetCreator("dossier "+dossier.Version, true)
	pdf.SetCreationDate(rep.Generated)
	pdf.SetModificationDate(rep.Generated)
	pdf.AliasNbPages("")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont(family, "", 8)
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(0, 5, fmt.Sprintf("Screening report: %s · %s · page %d of {nb}", rep.Form.Name,
			rep.Generated.Format("2006-01-02 15:04 UTC"), pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()

	text := func(size float64, s string) {
		pdf.SetFont(family, "", size)
		pdf.SetTextColor(20, 20, 20)
		pdf.MultiCell(0, size*0.5, s, "", "L", false)
	}
	muted := func(size float64, s string) {
		pdf.SetFont(family, "", size)
		pdf.SetTextColor(90, 90, 90)
		pdf.MultiCell(0, size*0.5, s, "", "L", false)
	}
	heading := func(s string) {
		pdf.Ln(3)
		text(14, s)
		x, y := pdf.GetX(), pdf.GetY()
		pdf.SetDrawColor(180, 180, 180)
		pdf.Line(x, y, 195, y)
		pdf.Ln(2)
	}
	link := func(size float64, u string) {
		if !webURL(u) {
			muted(size, u)
			return
		}
		pdf.SetFont(family, "", size)
		pdf.SetTextColor(11, 92, 173)
		pdf.WriteLinkString(size*0.5, u, u)
		pdf.Ln(size * 0.5)
	}
	indent := func(by float64, f func()) {
		l, _, _, _ := pdf.GetMargins()
		pdf.SetLeftMargin(l + by)
		pdf.SetX(l + by)
		f()
		pdf.SetLeftMargin(l)
		pdf.SetX(l)
	}
	decided := func(d *dossier.Decision) {
		if d == nil {
			muted(9, "Decision: none recorded")
			return
		}
		s := fmt.Sprintf("Decision: %s, by %s on %s", verdictLabel(d.Verdict), d.Author, d.Created.UTC().Format("2006-01-02 15:04 UTC"))
		if d.Note != "" {
			s += ": " + d.Note
		}
		text(9, s)
	}

	text(18, "Screening report: "+rep.Form.Name)
	var q []string
	for _, kv := range [][2]string{{"Birth date", rep.Form.DOB}, {"Country", rep.Form.Country}, {"Schema", rep.Schema}} {
		if kv[1] != "" {
			q = append(q, kv[0]+": "+kv[1])
		}
	}
	if len(q) > 0 {
		text(10, strings.Join(q, " · "))
	}
	muted(9, fmt.Sprintf("Generated %s · list index built %s · subject key %s",
		rep.Generated.Format("2 January 2006 15:04 UTC"), rep.IndexBuilt, rep.SubjectKey))

	heading("Lists screened")
	if len(rep.Lists) == 0 {
		muted(10, "No list is loaded.")
	}
	for _, v := range rep.Lists {
		s := v.Dataset
		if v.Title != "" {
			s += ": " + v.Title
		}
		text(10, s)
		line := "version " + v.Version + " · loaded " + v.Loaded.UTC().Format("2006-01-02")
		if !v.Published.IsZero() {
			line += " · published " + v.Published.UTC().Format("2006-01-02")
		}
		muted(9, fmt.Sprintf("%s · %d targets", line, v.Targets))
	}

	heading(fmt.Sprintf("List hits: %d of %d", len(rep.Hits), rep.Total))
	if len(rep.Hits) == 0 {
		muted(10, "No list entity matches this subject.")
	}
	for i, h := range rep.Hits {
		m := ""
		if h.Match {
			m = ", match"
		}
		text(11, fmt.Sprintf("%d. %s — score %.2f%s", i+1, h.Caption, h.Score, m))
		indent(5, func() {
			s := h.ID + " · " + h.Schema + " · " + strings.Join(h.Datasets, ", ")
			if h.MatchedName != "" {
				s += " · matched “" + h.MatchedName + "”"
			}
			muted(9, s)
			for _, f := range h.Features {
				line := fmt.Sprintf("%s %.2f", f.Name, f.Score)
				if f.Detail != "" {
					line += ": " + f.Detail
				}
				muted(9, line)
			}
			decided(h.Decision)
		})
		pdf.Ln(1.5)
	}
	if len(rep.Decided) > 0 {
		heading(fmt.Sprintf("Decided false positives, left out: %d", len(rep.Decided)))
		for _, d := range rep.Decided {
			name := d.Target
			if d.Caption != "" {
				name = d.Caption + " (" + d.Target + ")"
			}
			text(10, name)
			indent(5, func() { decided(d.Decision) })
		}
	}

	heading(fmt.Sprintf("News: %d of %d", len(rep.News), rep.NewsTotal))
	if len(rep.News) == 0 {
		muted(10, "No stored article names this subject.")
	}
	for i, n := range rep.News {
		title := n.Doc.Title
		if title == "" {
			title = "Untitled document " + n.Doc.ID
		}
		text(11, fmt.Sprintf("%d. %s", i+1, title))
		indent(5, func() {
			var by []string
			if n.Doc.Published != nil {
				by = append(by, n.Doc.Published.UTC().Format("2 January 2006"))
			}
			if n.Doc.Source != "" {
				by = append(by, n.Doc.Source)
			}
			by = append(by, "document "+n.Doc.ID)
			muted(9, strings.Join(by, " · "))
			if n.Doc.URL != "" {
				link(9, n.Doc.URL)
			}
			line := fmt.Sprintf("Names %s, match %.2f", n.Entity, n.Score)
			if n.Subject != nil {
				line += fmt.Sprintf(" · adverse for this name %.0f%% (%s)", n.Subject.Score*100, adverseWord(n.Subject.Adverse))
			}
			if n.Adverse != nil {
				line += fmt.Sprintf(" · article-level score %.0f%%", n.Adverse.Score*100)
			}
			text(9, line)
			if n.Decision != nil {
				decided(n.Decision)
			}
			if len(n.Claims) == 0 {
				muted(9, "The document makes no claim about this name.")
			}
			for _, c := range n.Claims {
				head := fmt.Sprintf("Claim %s: %s %s about %s", c.ID, c.Stance, strings.Join(claimTopics(c), ", "), c.SubjectName)
				if sc := sourceChain(c); sc != "" {
					head += " · source: " + sc
				}
				text(9.5, head)
				indent(4, func() { muted(9, "“"+c.Evidence.Text+"”") })
			}
		})
		pdf.Ln(2)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
