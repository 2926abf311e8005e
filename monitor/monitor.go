// Package monitor keeps watch: it screens watched subjects again when a
// list version or a document arrives and turns new or changed hits into
// alerts, delivers alerts to a webhook with retries, leaves out hits an
// analyst decided are false positives, and runs batch screening jobs
// that survive a crash.
//
// Wiring, as a server does it:
//
//	m := monitor.New(watches, alerts, decisions, sqlite.NewLinkService(db))
//	m.Webhook = monitor.NewWebhook(url, alerts) // optional
//	m.Deliver(ctx)                              // at start-up: alerts an earlier process left pending
//	jobs := monitor.NewJobs(jobStore, decisions, currentIndex)
//	jobs.Resume(ctx)                            // at start-up: jobs an earlier process left
//	m.CheckDocument(ctx, docID)                 // after each ingested document
//	m.ScreenWatches(ctx, ix)                    // after each list version, with the new index
//	key := monitor.SubjectKey(0, name, birthDate)
//	hits, n, _ := monitor.Screen(ctx, decisions, ix, key, q) // an ad-hoc screen without known false positives
//	// at shutdown: cancel ctx, then jobs.Wait() and m.Wait()
package monitor

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"dossier"
	"dossier/link"
	"dossier/screen"
)

// EntitySource gives the monitor a document's entities and the current
// list versions; sqlite.LinkService implements it.
type EntitySource interface {
	FindLinkableEntities(ctx context.Context, documentID string, types ...string) ([]dossier.DocEntity, error)
	FindCurrentListVersions(ctx context.Context) (map[string]string, error)
}

// Monitor screens watched subjects and raises alerts.
type Monitor struct {
	Watches   dossier.WatchService
	Alerts    dossier.AlertService
	Decisions dossier.DecisionService
	Entities  EntitySource
	// Webhook, when set, receives every alert raised: ScreenWatches,
	// ScreenWatch and CheckDocument start delivering in the background,
	// under their context, and return without waiting (see Deliver).
	Webhook *Webhook
	// Threshold is the score a hit needs; 0 means the name engine's
	// default.
	Threshold float64
	// Limit is the most list hits kept per watch (default 10).
	Limit int
	// Workers screens watches in parallel (default GOMAXPROCS).
	Workers int

	mu      sync.Mutex
	watchIx *screen.Index // index of the watches, for news hits
	watches map[string]*dossier.Watch
	nWatch  int

	dmu        sync.Mutex
	delivering bool // a delivery goroutine runs
	again      bool // alerts were raised while it ran
	dwg        sync.WaitGroup
	lastErr    error
}

// New returns a Monitor with default settings.
func New(watches dossier.WatchService, alerts dossier.AlertService, decisions dossier.DecisionService, entities EntitySource) *Monitor {
	return &Monitor{Watches: watches, Alerts: alerts, Decisions: decisions, Entities: entities, Limit: 10}
}

// Stats counts what a screening pass did.
type Stats struct {
	Watches    int `json:"watches"`    // watches screened
	Entities   int `json:"entities"`   // document entities screened (CheckDocument)
	Hits       int `json:"hits"`       // hits found, including unchanged and suppressed ones
	New        int `json:"new"`        // alerts raised for hits not seen before
	Changed    int `json:"changed"`    // alerts raised for hits whose match changed
	Suppressed int `json:"suppressed"` // hits left out: decided false positives
	Forgotten  int `json:"forgotten"`  // hits seen before and gone now
}

// Fingerprint is what makes two sightings of a hit the same: the kind,
// target, caption, schema, the name that matched and the explanation of
// each feature (which names the compared values, not the scores). A
// list entry that gains a birth date, a name or a nationality that
// bears on the match changes it; a score that drifts because name
// rarities changed with another part of the list does not.
func Fingerprint(kind, target string, h dossier.ListHit) string {
	s := sha256.New()
	fmt.Fprintf(s, "%s\x00%s\x00%s\x00%s\x00%s\x00", kind, target, h.Caption, h.Schema, h.MatchedName)
	keys := make([]string, 0, len(h.Explanations))
	for k := range h.Explanations {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(s, "%s\x01%s\x00", k, h.Explanations[k].Detail)
	}
	return hex.EncodeToString(s.Sum(nil)[:16])
}

// WatchQuery is the screening query of a watch: a watch with a birth
// date and no schema is a person (see screen.Query).
func WatchQuery(w *dossier.Watch, threshold float64, limit int) screen.Query {
	return Subject{Name: w.Name, Schema: w.Schema, BirthDate: w.BirthDate, Country: w.Country}.Query(threshold, limit)
}

// Screen screens q against ix and leaves out the hits whose effective
// decision for the subject is false_positive; it returns the hits kept
// and how many it left out. decisions may be nil (nothing is left out).
// This is what an ad-hoc screen (the server's /screen) calls, with
// SubjectKey(0, name, birthDate) as the key.
func Screen(ctx context.Context, decisions dossier.DecisionService, ix *screen.Index, subjectKey string, q screen.Query) ([]dossier.ListHit, int, error) {
	if ix == nil {
		return nil, 0, fmt.Errorf("screen: no lists loaded: %w", dossier.ErrNotFound)
	}
	var suppressed map[string]bool
	if decisions != nil {
		var err error
		if suppressed, err = decisions.FindSuppressed(ctx, subjectKey); err != nil {
			return nil, 0, fmt.Errorf("screen: decisions of %s: %w", subjectKey, err)
		}
	}
	// Ask for more hits when some may be left out, so that the limit
	// still holds after suppression.
	limit := q.Limit
	if limit <= 0 {
		limit = 10
	}
	q.Limit = limit + len(suppressed)
	var out []dossier.ListHit
	n := 0
	for _, h := range ix.Screen(q) {
		if suppressed[h.EntityID] {
			n++
			continue
		}
		if len(out) < limit {
			out = append(out, link.Hit(h))
		}
	}
	return out, n, nil
}

// ScreenWatches screens every watch against ix, the index of the
// current list versions: call it after a list version is loaded, with
// the new index. Each hit not seen before for the watch, or whose match
// changed, raises a list_hit alert; hits decided false positive are left
// out; hits that went away are forgotten, so they alert again if they
// come back.
func (m *Monitor) ScreenWatches(ctx context.Context, ix *screen.Index) (Stats, error) {
	var st Stats
	if ix == nil {
		return st, fmt.Errorf("screen watches: no lists loaded: %w", dossier.ErrNotFound)
	}
	versions, err := m.Entities.FindCurrentListVersions(ctx)
	if err != nil {
		return st, fmt.Errorf("screen watches: %w", err)
	}
	const page = 1000
	for offset := 0; ; offset += page {
		ws, _, err := m.Watches.FindWatches(ctx, dossier.WatchFilter{Offset: offset, Limit: page})
		if err != nil {
			return st, fmt.Errorf("screen watches: %w", err)
		}
		if err := m.screenWatches(ctx, ix, versions, ws, &st); err != nil {
			return st, err
		}
		if len(ws) < page {
			break
		}
	}
	m.deliverIf(ctx, st)
	return st, nil
}

// ScreenWatch screens one watch against ix, as ScreenWatches does: call
// it after creating a watch to alert on its list hits at once.
func (m *Monitor) ScreenWatch(ctx context.Context, ix *screen.Index, w *dossier.Watch) (Stats, error) {
	var st Stats
	if ix == nil {
		return st, fmt.Errorf("screen watch: no lists loaded: %w", dossier.ErrNotFound)
	}
	versions, err := m.Entities.FindCurrentListVersions(ctx)
	if err != nil {
		return st, fmt.Errorf("screen watch %d: %w", w.ID, err)
	}
	if err := m.screenWatches(ctx, ix, versions, []*dossier.Watch{w}, &st); err != nil {
		return st, err
	}
	m.deliverIf(ctx, st)
	return st, nil
}

type watchResult struct {
	w          *dossier.Watch
	hits       []dossier.ListHit
	suppressed int
	err        error
}

// screenWatches screens ws on all workers and writes the alerts in
// order, from one goroutine.
func (m *Monitor) screenWatches(ctx context.Context, ix *screen.Index, versions map[string]string, ws []*dossier.Watch, st *Stats) error {
	results := make([]watchResult, len(ws))
	workers := m.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var (
		wg   sync.WaitGroup
		next = make(chan int)
	)
	for range min(workers, len(ws)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				w := ws[i]
				hits, n, err := Screen(ctx, m.Decisions, ix, WatchKey(w), WatchQuery(w, m.Threshold, m.limit()))
				results[i] = watchResult{w, hits, n, err}
			}
		}()
	}
	for i := range ws {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, r := range results {
		if r.err != nil {
			return fmt.Errorf("screen watch %d: %w", r.w.ID, r.err)
		}
		st.Watches++
		st.Hits += len(r.hits) + r.suppressed
		st.Suppressed += r.suppressed
		keep := make([]string, 0, len(r.hits))
		for _, h := range r.hits {
			keep = append(keep, h.EntityID)
			ds := firstDataset(h.Datasets, versions)
			a := &dossier.Alert{WatchID: r.w.ID, WatchName: r.w.Name, Kind: dossier.AlertListHit, Target: h.EntityID,
				ListEntityID: h.EntityID, Dataset: ds, ListVersion: versions[ds], Caption: h.Caption, Schema: h.Schema,
				Score: h.Score, MatchedName: h.MatchedName, Explanations: h.Explanations,
				Fingerprint: Fingerprint(dossier.AlertListHit, h.EntityID, h)}
			if err := m.raise(ctx, a, st); err != nil {
				return err
			}
		}
		n, err := m.Alerts.DeleteHits(ctx, r.w.ID, dossier.AlertListHit, keep)
		if err != nil {
			return fmt.Errorf("screen watch %d: %w", r.w.ID, err)
		}
		st.Forgotten += n
	}
	return nil
}

func (m *Monitor) raise(ctx context.Context, a *dossier.Alert, st *Stats) error {
	created, err := m.Alerts.CreateAlert(ctx, a)
	if err != nil {
		return fmt.Errorf("alert for watch %d: %w", a.WatchID, err)
	}
	if created {
		if a.Change == dossier.AlertChanged {
			st.Changed++
		} else {
			st.New++
		}
	}
	return nil
}

func (m *Monitor) deliverIf(ctx context.Context, st Stats) {
	if st.New+st.Changed > 0 {
		m.Deliver(ctx)
	}
}

// Deliver starts sending the pending alerts (raised and neither
// delivered nor failed) to the Webhook in a goroutine, oldest first, and
// returns at once; if a delivery goroutine runs already, it goes on to
// the new alerts when done. Cancelling ctx stops it, leaving the rest
// pending for the next Deliver: call Deliver once at start-up to send
// the alerts an earlier process left. Without a Webhook it does nothing.
func (m *Monitor) Deliver(ctx context.Context) {
	if m.Webhook == nil {
		return
	}
	m.dmu.Lock()
	defer m.dmu.Unlock()
	if m.delivering {
		m.again = true
		return
	}
	m.delivering = true
	m.dwg.Add(1)
	go func() {
		defer m.dwg.Done()
		for {
			_, _, err := m.Webhook.DeliverPending(ctx)
			m.dmu.Lock()
			m.lastErr = err
			if !m.again || ctx.Err() != nil {
				m.delivering, m.again = false, false
				m.dmu.Unlock()
				return
			}
			m.again = false
			m.dmu.Unlock()
		}
	}()
}

// Wait waits for the delivery goroutine, if any, and returns the error
// of its last round (a failure to read or record alerts; an alert the
// webhook refused is recorded as failed, not returned).
func (m *Monitor) Wait() error {
	m.dwg.Wait()
	m.dmu.Lock()
	defer m.dmu.Unlock()
	return m.lastErr
}

func (m *Monitor) limit() int {
	if m.Limit <= 0 {
		return 10
	}
	return m.Limit
}

func firstDataset(ds []string, versions map[string]string) string {
	for _, d := range ds {
		if _, ok := versions[d]; ok {
			return d
		}
	}
	if len(ds) > 0 {
		return ds[0]
	}
	return ""
}

// CheckDocument screens the people and organizations of a stored
// document against the watches: call it after a document is ingested
// and extracted. A watch named in the document raises a news_hit alert,
// once per document entity; hits decided false positive are left out.
func (m *Monitor) CheckDocument(ctx context.Context, documentID string) (Stats, error) {
	var st Stats
	ents, err := m.Entities.FindLinkableEntities(ctx, documentID, "PER", "ORG")
	if err != nil {
		return st, fmt.Errorf("check document %s: %w", documentID, err)
	}
	ix, watches, err := m.watchIndex(ctx)
	if err != nil {
		return st, fmt.Errorf("check document %s: %w", documentID, err)
	}
	if ix == nil || len(ents) == 0 {
		return st, nil
	}
	suppressed := map[int64]map[string]bool{}
	for i := range ents {
		e := &ents[i]
		st.Entities++
		target := dossier.HitTarget("", documentID, e.ID)
		for _, h := range link.ScreenEntity(ix, e, m.Threshold, m.limit()) {
			w := watches[h.EntityID]
			if w == nil {
				continue
			}
			st.Hits++
			sup, ok := suppressed[w.ID]
			if !ok {
				if m.Decisions != nil {
					if sup, err = m.Decisions.FindSuppressed(ctx, WatchKey(w)); err != nil {
						return st, fmt.Errorf("check document %s: %w", documentID, err)
					}
				}
				suppressed[w.ID] = sup
			}
			if sup[target] {
				st.Suppressed++
				continue
			}
			hit := dossier.ListHit{Caption: e.Name, Schema: link.Types[e.Type], Score: h.Score,
				MatchedName: h.MatchedName, Explanations: h.Explanations}
			a := &dossier.Alert{WatchID: w.ID, WatchName: w.Name, Kind: dossier.AlertNewsHit, Target: target,
				DocumentID: documentID, DocEntityID: e.ID, Caption: e.Name, Schema: hit.Schema, Score: h.Score,
				MatchedName: h.MatchedName, Explanations: h.Explanations,
				Fingerprint: Fingerprint(dossier.AlertNewsHit, target, hit)}
			if err := m.raise(ctx, a, &st); err != nil {
				return st, err
			}
		}
	}
	m.deliverIf(ctx, st)
	return st, nil
}

// watchIndex returns the screening index of the watches, rebuilt when
// the watches changed through the Monitor or their number changed.
func (m *Monitor) watchIndex(ctx context.Context) (*screen.Index, map[string]*dossier.Watch, error) {
	_, n, err := m.Watches.FindWatches(ctx, dossier.WatchFilter{Limit: 1})
	if err != nil {
		return nil, nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.watchIx != nil && m.nWatch == n {
		return m.watchIx, m.watches, nil
	}
	ws, _, err := m.Watches.FindWatches(ctx, dossier.WatchFilter{})
	if err != nil {
		return nil, nil, err
	}
	b := screen.NewBuilder()
	byID := make(map[string]*dossier.Watch, len(ws))
	for _, w := range ws {
		id := strconv.FormatInt(w.ID, 10)
		byID[id] = w
		b.Add(WatchEntity(w))
	}
	m.watchIx, m.watches, m.nWatch = b.Index(), byID, len(ws)
	return m.watchIx, m.watches, nil
}

// WatchEntity is a watch as an FtM entity, with its ID as entity ID; a
// watch of no schema, or of any (screen.AnySchema), is a LegalEntity,
// which matches persons and organizations alike.
func WatchEntity(w *dossier.Watch) *dossier.Entity {
	schema := w.Schema
	if schema == "" || schema == screen.AnySchema {
		schema = "LegalEntity"
	}
	e := dossier.NewEntity(schema, strconv.FormatInt(w.ID, 10))
	e.Caption = w.Name
	e.Add("name", w.Name)
	e.Add("birthDate", w.BirthDate)
	e.Add("country", w.Country)
	return e
}

// invalidate drops the watch index after the watches changed.
func (m *Monitor) invalidate() {
	m.mu.Lock()
	m.watchIx, m.watches = nil, nil
	m.mu.Unlock()
}

// CreateWatch stores a watch (see dossier.WatchService.CreateWatch) and
// makes the next CheckDocument see it. A watch that screening could not
// use (an unknown country, a birth date that is no date) is refused with
// a *screen.FieldError.
func (m *Monitor) CreateWatch(ctx context.Context, w *dossier.Watch) error {
	if s, err := SchemaFor(w.Schema); err == nil {
		w.Schema = s
	} else if !dossier.IsThing(w.Schema) {
		return err
	}
	if err := WatchQuery(w, 0, 0).Validate(); err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	defer m.invalidate()
	return m.Watches.CreateWatch(ctx, w)
}

// DeleteWatch removes a watch.
func (m *Monitor) DeleteWatch(ctx context.Context, id int64) error {
	defer m.invalidate()
	return m.Watches.DeleteWatch(ctx, id)
}

// ImportWatches reads a customer file (see ReadSubjects) and stores its
// rows as watches in one transaction, all or nothing; a row whose id is
// already watched updates that watch.
func (m *Monitor) ImportWatches(ctx context.Context, r io.Reader, file string) (created, updated int, err error) {
	ws, err := ReadWatches(r, file)
	if err != nil {
		return 0, 0, err
	}
	defer m.invalidate()
	return m.Watches.CreateWatches(ctx, ws)
}
