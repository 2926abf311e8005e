package server

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"dossier"
	"dossier/fts"
	"dossier/names"
)

// NewsIndexSource is what the in-memory news index reads from the store
// (sqlite.ExtractionService implements it): the documents whose
// extractions changed since a change number, whole extractions in bulk,
// and the keys the store's name look-up compares names by. When
// Server.Extractions implements it, POST /screen and the screening page
// read the stored news from memory instead of the database.
type NewsIndexSource interface {
	// LastExtractionChange is the number of the latest change to any
	// stored extraction.
	LastExtractionChange(ctx context.Context) (int64, error)
	// FindExtractionChanges returns the documents whose extraction
	// changed after change number after, and the last change's number.
	FindExtractionChanges(ctx context.Context, after int64) ([]string, int64, error)
	// FindExtractions calls fn with the extraction (its Text set) and
	// the document of each of ids that has one; of every such document
	// when ids is nil.
	FindExtractions(ctx context.Context, ids []string, fn func(*dossier.Document, *dossier.Extraction) error) error
	// NameKey and AliasKey are the keys under which MentionFinder finds
	// an entity by its canonical name and by an alias.
	NameKey(name string) string
	AliasKey(alias string) string
}

// TermSource reads the tokens the store's full-text index holds of
// documents (sqlite.DocumentService). When Server.Documents implements
// it, the news index keeps every document's tokens too, and answers the
// full-text search of POST /screen from memory (package fts), with the
// same documents in the same order.
type TermSource interface {
	// DocumentTerms calls fn with each stored document of ids (all
	// when ids is nil) and the tokens of its title and of its text,
	// with their counts.
	DocumentTerms(ctx context.Context, ids []string, fn func(id string, title, text map[string]int) error) error
}

// ftsWeights are the column weights of the store's full-text ranking,
// bm25(documents_fts, 2.0, 1.0): the title counts twice.
var ftsWeights = []float64{2.0, 1.0}

// documentIDSearcher runs the full-text search of SearchDocuments for
// document IDs only (sqlite.DocumentService).
type documentIDSearcher interface {
	SearchDocumentIDs(ctx context.Context, query string, limit int) ([]string, error)
}

// newsDoc is a stored document as screening reads it: its view, its
// extraction with the text, and each person or organization of the
// extraction with its names parsed (nil for entities of other types)
// and, once the index holds the document, the index's shared parse of
// it. Requests share a newsDoc: nothing in it changes once a request
// can see it but the judgement kept on first use.
type newsDoc struct {
	view     documentJSON
	x        *dossier.Extraction
	prepared []*names.Prepared
	shared   []*sharedSubject // by entity index; nil outside the index

	judgeOnce sync.Once
	judgeDoc  func(names []string, schema string) *dossier.SubjectAdverse
}

// DocumentJudge is a SubjectJudge that can share, between the subjects
// it judges in one document, the work that does not depend on the
// subject (adverse.Judge: the article model's weights of the text, the
// entities' parsed names). JudgeDocument(x) judges subjects in x as
// JudgeSubject(x, …) does.
type DocumentJudge interface {
	SubjectJudge
	JudgeDocument(x *dossier.Extraction) func(names []string, schema string) *dossier.SubjectAdverse
}

// judge judges the document for a subject; with a DocumentJudge, what
// the judgements share is computed on the document's first judgement
// and kept with it.
func (nd *newsDoc) judge(j SubjectJudge, names []string, schema string) *dossier.SubjectAdverse {
	dj, ok := j.(DocumentJudge)
	if !ok {
		return j.JudgeSubject(nd.x, names, schema)
	}
	nd.judgeOnce.Do(func() { nd.judgeDoc = dj.JudgeDocument(nd.x) })
	return nd.judgeDoc(names, schema)
}

// newNewsDoc prepares d and x for screening with m: the entities' name
// parts carry m's weights (when m's rarity model changes, the matcher
// looks them up again).
func newNewsDoc(d *dossier.Document, x *dossier.Extraction, m *names.Matcher) *newsDoc {
	nd := &newsDoc{view: documentView(d, false), x: x, prepared: make([]*names.Prepared, len(x.Entities))}
	for i := range x.Entities {
		e := &x.Entities[i]
		if schema, ok := docTypes[e.Type]; ok {
			nd.prepared[i] = names.Prepare(entitySubject(e, schema))
			nd.prepared[i].UseWeights(m)
		}
	}
	return nd
}

// subjectKey identifies a names.Subject by what the name engine reads
// of a document entity.
func subjectKey(s names.Subject) string {
	return s.Schema + "\x00" + strings.Join(s.Names, "\x01") + "\x00" + strings.Join(s.Countries, "\x01")
}

// entitySubject is a document entity as the name engine compares it.
func entitySubject(e *dossier.DocEntity, schema string) names.Subject {
	ds := names.Subject{Schema: schema, Names: append([]string{e.Name}, e.Aliases...)}
	if e.Country != "" {
		ds.Countries = []string{e.Country}
	}
	return ds
}

// entityAt is a document entity: document ID and entity ID.
type entityAt struct{ doc, entity string }

// newsIndex holds every stored document with an extraction in memory,
// with the persons' and organizations' names parsed and keyed, so that
// screening a subject reads no extraction from the database and parses
// no stored name. Built on first use; before each use, it reads the
// documents whose extraction changed since (the store keeps a change
// number per document), so documents ingested by this server or by
// another process, re-extracted or deleted, are screened as stored.
type newsIndex struct {
	syncMu sync.Mutex // one build or update at a time

	mu      sync.RWMutex
	built   bool
	seq     int64                 // the last change read
	docs    map[string]*newsDoc   // by document ID
	byName  map[string][]entityAt // NameKey(canonical name) → entities
	byAlias map[string][]entityAt // AliasKey(alias) → entities
	// shared holds one parse of each distinct entity (schema, names,
	// country), which the entities that read the same share, so that a
	// request compares it once: the news name some hundred documents
	// share ("Justice Department") is one comparison, not hundreds.
	shared map[string]*sharedSubject
	// names holds the shared subjects in a names.Store, which compares a
	// query with them faster than one by one (a memo of the query's
	// words against the store's, and an upper bound that rules most out
	// unread); unstored counts the shared subjects added since it was
	// built, which are compared one by one until it is built again.
	names    *nameStore
	unstored int
	// terms holds every stored document's tokens (not only those with
	// an extraction) when the store has a TermSource; else nil.
	terms *fts.Index
	// dv is the store's data version when the index last held all that
	// was committed (dvOK: the store tells one).
	dv   int64
	dvOK bool
}

// nameStore is the index's distinct subjects in a names.Store frozen
// with the matcher m; each shared subject points at its number in the
// newest store. It does not change once built: a request keeps the one
// it started with.
type nameStore struct {
	m  *names.Matcher
	st *names.Store
	n  int // subjects stored
	// seen holds the requests' tables of outcomes by subject number
	// (seenTable), for reuse.
	seen sync.Pool
}

// storeSlot is a shared subject's number in a name store.
type storeSlot struct {
	ns *nameStore
	id uint32
}

// newNameStore stores the subjects of shared, frozen with m, and points
// each at its number; a request still using an older store then finds
// them unstored in it, and compares them one by one.
func newNameStore(shared map[string]*sharedSubject, m *names.Matcher) *nameStore {
	ns := &nameStore{m: m, st: names.NewStore(), n: len(shared)}
	keys := make([]string, 0, len(shared))
	for k := range shared {
		keys = append(keys, k)
	}
	slices.Sort(keys) // the same store for the same documents
	slots := make([]storeSlot, len(keys))
	for i, k := range keys {
		slots[i] = storeSlot{ns, ns.st.Add(shared[k].p)}
	}
	ns.st.Freeze(m)
	for i, k := range keys {
		shared[k].at.Store(&slots[i])
	}
	return ns
}

// id is sh's number in ns, if ns stores it.
func (ns *nameStore) id(sh *sharedSubject) (uint32, bool) {
	if ns == nil || sh == nil {
		return 0, false
	}
	if at := sh.at.Load(); at != nil && at.ns == ns {
		return at.id, true
	}
	return 0, false
}

// seenTable is one request's outcomes by subject number: val[id] holds
// when stamp[id] is the request's gen, so that a table is reused
// without clearing it.
type seenTable struct {
	gen   uint32
	stamp []uint32
	val   []int32
}

// table returns a seen table for a request, empty.
func (ns *nameStore) table() *seenTable {
	t, _ := ns.seen.Get().(*seenTable)
	if t == nil {
		t = &seenTable{stamp: make([]uint32, ns.n), val: make([]int32, ns.n)}
	}
	if t.gen++; t.gen == 0 { // wrapped: stamps of old requests could match
		clear(t.stamp)
		t.gen = 1
	}
	return t
}

// storeStale reports whether the name store is to be built again: never
// built, built for another matcher (the lists' rarity changed), or
// missing many of the subjects added since.
func (ix *newsIndex) storeStale(m *names.Matcher) bool {
	return ix.names == nil || ix.names.m != m || ix.unstored > 64+ix.names.n/8
}

// sharedSubject is a parsed subject, the number of entities that share
// it, and its number in the newest name store that holds it.
type sharedSubject struct {
	p    *names.Prepared
	refs int
	at   atomic.Pointer[storeSlot]
}

// DataVersioner is a store that can tell cheaply whether anything was
// committed to it since it was last asked (sqlite.ExtractionService:
// SQLite's data_version on a connection kept for it). When the
// NewsIndexSource is one, a screen that finds the version unchanged
// skips the query for changed documents.
type DataVersioner interface {
	// DataVersion returns a number that changes whenever any
	// connection, of this process or another, commits; ok is false when
	// the store cannot tell.
	DataVersion(ctx context.Context) (v int64, ok bool, err error)
}

// sync brings the index up to date with src: a full build on first use,
// then the documents changed since the last change read; and the name
// store built again when stale for m.
func (ix *newsIndex) sync(ctx context.Context, src NewsIndexSource, ts TermSource, m *names.Matcher) error {
	// The data version first: whatever is committed after it is read
	// changes it, and is read on a later sync.
	var dv int64
	var dvOK bool
	if v, ok := src.(DataVersioner); ok {
		var err error
		if dv, dvOK, err = v.DataVersion(ctx); err != nil {
			return fmt.Errorf("news index: %w", err)
		}
	}
	ix.mu.RLock()
	built, seq, fresh := ix.built, ix.seq, !ix.storeStale(m)
	same := dvOK && ix.dvOK && dv == ix.dv
	ix.mu.RUnlock()
	if built && fresh {
		if same {
			return nil // nothing committed since the last sync
		}
		// One query that, most often, finds nothing new.
		ids, last, err := src.FindExtractionChanges(ctx, seq)
		if err != nil {
			return fmt.Errorf("news index: %w", err)
		}
		if len(ids) == 0 || last <= seq {
			ix.noteVersion(dv, dvOK)
			return nil
		}
	}
	ix.syncMu.Lock()
	defer ix.syncMu.Unlock()
	if err := ix.update(ctx, src, ts, m); err != nil {
		return err
	}
	// ix.shared changes only under syncMu: it can be read unlocked here.
	if ix.storeStale(m) {
		ns := newNameStore(ix.shared, m)
		ix.mu.Lock()
		ix.names, ix.unstored = ns, 0
		ix.mu.Unlock()
	}
	ix.noteVersion(dv, dvOK)
	return nil
}

// noteVersion records that the index holds what was committed before
// the data version dv was read.
func (ix *newsIndex) noteVersion(dv int64, ok bool) {
	if !ok {
		return
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	// data_version only grows: a sync that read an older one and ends
	// later leaves the newer.
	if !ix.dvOK || dv > ix.dv {
		ix.dv, ix.dvOK = dv, true
	}
}

// update builds the index or reads the documents changed since the last
// change read; syncMu is held.
func (ix *newsIndex) update(ctx context.Context, src NewsIndexSource, ts TermSource, m *names.Matcher) error {
	ix.mu.RLock()
	built, seq := ix.built, ix.seq
	ix.mu.RUnlock()
	if !built {
		// The change number first: what changes while the documents are
		// read is read again on the next sync.
		last, err := src.LastExtractionChange(ctx)
		if err != nil {
			return fmt.Errorf("news index: %w", err)
		}
		docs := map[string]*newsDoc{}
		err = src.FindExtractions(ctx, nil, func(d *dossier.Document, x *dossier.Extraction) error {
			docs[d.ID] = newNewsDoc(d, x, m)
			return nil
		})
		if err != nil {
			return fmt.Errorf("news index: %w", err)
		}
		var terms *fts.Index
		if ts != nil {
			terms = fts.New(len(ftsWeights))
			err := ts.DocumentTerms(ctx, nil, func(id string, title, text map[string]int) error {
				terms.Put(id, title, text)
				return nil
			})
			if err != nil {
				return fmt.Errorf("news index: %w", err)
			}
		}
		ix.mu.Lock()
		defer ix.mu.Unlock()
		ix.terms = terms
		ix.docs, ix.byName, ix.byAlias = map[string]*newsDoc{}, map[string][]entityAt{}, map[string][]entityAt{}
		ix.shared, ix.names, ix.unstored = map[string]*sharedSubject{}, nil, 0
		for id, nd := range docs {
			ix.put(src, id, nd)
		}
		ix.built, ix.seq = true, last
		return nil
	}
	ids, last, err := src.FindExtractionChanges(ctx, seq)
	if err != nil {
		return fmt.Errorf("news index: %w", err)
	}
	if len(ids) == 0 {
		return nil
	}
	changed := map[string]*newsDoc{}
	for _, id := range ids {
		changed[id] = nil // deleted unless read below
	}
	err = src.FindExtractions(ctx, ids, func(d *dossier.Document, x *dossier.Extraction) error {
		changed[d.ID] = newNewsDoc(d, x, m)
		return nil
	})
	if err != nil {
		return fmt.Errorf("news index: %w", err)
	}
	type docTerms struct{ title, text map[string]int }
	var terms map[string]docTerms
	if ts != nil && ix.terms != nil {
		terms = map[string]docTerms{}
		err := ts.DocumentTerms(ctx, ids, func(id string, title, text map[string]int) error {
			terms[id] = docTerms{title, text}
			return nil
		})
		if err != nil {
			return fmt.Errorf("news index: %w", err)
		}
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for id, nd := range changed {
		ix.remove(src, id)
		if nd != nil {
			ix.put(src, id, nd)
		}
		if terms != nil {
			if t, ok := terms[id]; ok {
				ix.terms.Put(id, t.title, t.text)
			} else {
				ix.terms.Remove(id) // deleted
			}
		}
	}
	ix.seq = last
	return nil
}

// put adds a document that no request sees yet; ix.mu is held.
func (ix *newsIndex) put(src NewsIndexSource, id string, nd *newsDoc) {
	ix.docs[id] = nd
	nd.shared = make([]*sharedSubject, len(nd.x.Entities))
	for i := range nd.x.Entities {
		e := &nd.x.Entities[i]
		if p := nd.prepared[i]; p != nil {
			k := subjectKey(p.Subject)
			sh := ix.shared[k]
			if sh != nil {
				nd.prepared[i] = sh.p
				sh.refs++
			} else {
				sh = &sharedSubject{p: p, refs: 1}
				ix.shared[k] = sh
				ix.unstored++
			}
			nd.shared[i] = sh
		}
		at := entityAt{id, e.ID}
		k := src.NameKey(e.Name)
		ix.byName[k] = append(ix.byName[k], at)
		for _, a := range e.Aliases {
			k := src.AliasKey(a)
			ix.byAlias[k] = append(ix.byAlias[k], at)
		}
	}
}

// remove drops a document; ix.mu is held.
func (ix *newsIndex) remove(src NewsIndexSource, id string) {
	nd := ix.docs[id]
	if nd == nil {
		return
	}
	delete(ix.docs, id)
	drop := func(m map[string][]entityAt, k string) {
		kept := m[k][:0:0]
		for _, at := range m[k] {
			if at.doc != id {
				kept = append(kept, at)
			}
		}
		if len(kept) == 0 {
			delete(m, k)
		} else {
			m[k] = kept
		}
	}
	for i := range nd.x.Entities {
		e := &nd.x.Entities[i]
		if p := nd.prepared[i]; p != nil {
			k := subjectKey(p.Subject)
			if sh := ix.shared[k]; sh != nil {
				if sh.refs--; sh.refs <= 0 {
					delete(ix.shared, k)
				}
			}
		}
		drop(ix.byName, src.NameKey(e.Name))
		for _, a := range e.Aliases {
			drop(ix.byAlias, src.AliasKey(a))
		}
	}
}

// news is the view of the stored news that findNews reads: the index
// in memory when the store can feed one, else the store itself.
type news interface {
	// entitiesByName: the document entities whose canonical name or an
	// alias is name, as MentionFinder compares them.
	entitiesByName(ctx context.Context, name string) ([]entityAt, error)
	// search: the documents the full-text search for any of words
	// finds, best first.
	search(ctx context.Context, words []string, limit int) ([]string, error)
	// document: a document with its extraction; nil when it has none.
	document(ctx context.Context, id string) (*newsDoc, error)
	// scorer: what compares the query q with the documents' entities
	// under m; release it when done.
	scorer(m *names.Matcher, q *names.Prepared) *entityScorer
}

// entityScorer compares a query with document entities as
// Matcher.ComparePrepared does, and remembers each entity's outcome
// for the request: through the index's name store when the entity is in
// it (a names.Probe), else one by one.
type entityScorer struct {
	m     *names.Matcher
	q     *names.Prepared
	ns    *nameStore // nil, or frozen with m
	probe *names.Probe
	// Each entity compared so far → its comparison in results, or -1
	// when its name score ruled it out (most of them): by number for
	// those in the store (table), else by parse (seen).
	table   *seenTable
	seen    map[*names.Prepared]int32
	results []names.Result
}

func newEntityScorer(m *names.Matcher, q *names.Prepared, ns *nameStore) *entityScorer {
	if ns != nil && ns.m != m {
		ns = nil
	}
	sc := &entityScorer{m: m, q: q, ns: ns}
	if ns != nil {
		sc.table = ns.table()
	}
	return sc
}

// compare returns the comparison of the query with p and true, or false
// when p's name score rules out reaching threshold whatever the
// qualifiers (birth date, country) add. sh is the index's shared
// subject of p (nil when p is not from the index). The threshold is the
// same for all the calls of a request.
func (sc *entityScorer) compare(p *names.Prepared, sh *sharedSubject, threshold float64) (names.Result, bool) {
	id, stored := sc.ns.id(sh)
	var k int32
	var ok bool
	if stored {
		k, ok = sc.table.val[id], sc.table.stamp[id] == sc.table.gen
	} else {
		k, ok = sc.seen[p]
	}
	if ok {
		if k < 0 {
			return names.Result{}, false
		}
		return sc.results[k], true
	}
	var res names.Result
	reaches := false
	if stored {
		if sc.probe == nil {
			sc.probe = sc.ns.st.Probe(sc.m, sc.q)
		}
		if reaches = sc.probe.Reaches(id, threshold); reaches {
			res = sc.probe.Compare(id)
		}
	} else {
		ns := sc.m.NameScore(sc.q, p)
		if reaches = ns+names.MaxQualifierBonus >= threshold-1e-9; reaches {
			res = sc.m.ComparePrepared(sc.q, p)
		}
	}
	k = -1
	if reaches {
		k = int32(len(sc.results))
		sc.results = append(sc.results, res)
	}
	if stored {
		sc.table.val[id], sc.table.stamp[id] = k, sc.table.gen
	} else {
		if sc.seen == nil {
			sc.seen = map[*names.Prepared]int32{}
		}
		sc.seen[p] = k
	}
	return res, reaches
}

func (sc *entityScorer) release() {
	if sc.probe != nil {
		sc.probe.Release()
		sc.probe = nil
	}
	if sc.table != nil {
		sc.ns.seen.Put(sc.table)
		sc.table = nil
	}
}

// newsView returns the view of the stored news for one request: the
// in-memory index, synced, when s.Extractions is a NewsIndexSource.
func (s *Server) newsView(ctx context.Context, m *names.Matcher) (news, error) {
	if src, ok := s.Extractions.(NewsIndexSource); ok && s.index != nil {
		ix := &s.index.news
		ts, _ := s.Documents.(TermSource)
		if err := ix.sync(ctx, src, ts, m); err != nil {
			return nil, err
		}
		return indexedNews{s, ix, src}, nil
	}
	return storedNews{s, m}, nil
}

// indexedNews reads the news index; the full-text search still runs in
// the store.
type indexedNews struct {
	s   *Server
	ix  *newsIndex
	src NewsIndexSource
}

func (n indexedNews) entitiesByName(_ context.Context, name string) ([]entityAt, error) {
	n.ix.mu.RLock()
	defer n.ix.mu.RUnlock()
	byName, byAlias := n.ix.byName[n.src.NameKey(name)], n.ix.byAlias[n.src.AliasKey(name)]
	out := make([]entityAt, 0, len(byName)+len(byAlias))
	return append(append(out, byName...), byAlias...), nil
}

// search answers from the index's tokens when it keeps them and every
// word is one it can answer for (fts.Searchable); else the store does.
func (n indexedNews) search(ctx context.Context, words []string, limit int) ([]string, error) {
	n.ix.mu.RLock()
	var ids []string
	ok := false
	if n.ix.terms != nil {
		ids, ok = n.ix.terms.Search(words, ftsWeights, limit)
	}
	n.ix.mu.RUnlock()
	if ok {
		return ids, nil
	}
	return storedNews{s: n.s}.search(ctx, words, limit)
}

func (n indexedNews) scorer(m *names.Matcher, q *names.Prepared) *entityScorer {
	n.ix.mu.RLock()
	defer n.ix.mu.RUnlock()
	return newEntityScorer(m, q, n.ix.names)
}

func (n indexedNews) document(_ context.Context, id string) (*newsDoc, error) {
	n.ix.mu.RLock()
	defer n.ix.mu.RUnlock()
	return n.ix.docs[id], nil
}

// storedNews reads the store for every request: the straightforward
// computation, for stores that cannot feed an index.
type storedNews struct {
	s *Server
	m *names.Matcher
}

func (n storedNews) entitiesByName(ctx context.Context, name string) ([]entityAt, error) {
	refs, err := n.s.Mentions.FindEntitiesByName(ctx, name)
	if err != nil {
		return nil, err
	}
	out := make([]entityAt, len(refs))
	for i, r := range refs {
		out[i] = entityAt{r.DocumentID, r.Entity.ID}
	}
	return out, nil
}

func (n storedNews) search(ctx context.Context, words []string, limit int) ([]string, error) {
	query := quotedOr(words)
	if ds, ok := n.s.Documents.(documentIDSearcher); ok {
		return ds.SearchDocumentIDs(ctx, query, limit)
	}
	hits, err := n.s.Documents.SearchDocuments(ctx, query, limit)
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.Document.ID
	}
	return ids, err
}

func (n storedNews) scorer(m *names.Matcher, q *names.Prepared) *entityScorer {
	return newEntityScorer(m, q, nil)
}

func (n storedNews) document(ctx context.Context, id string) (*newsDoc, error) {
	x, err := n.s.Extractions.FindExtraction(ctx, id)
	if errors.Is(err, dossier.ErrNotFound) {
		return nil, nil // stored without extraction: nothing to match
	} else if err != nil {
		return nil, err
	}
	d, err := n.s.Documents.FindDocumentByID(ctx, id)
	if errors.Is(err, dossier.ErrNotFound) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if x.Text == "" {
		x.Text = d.Text // the store keeps the text with the document only
	}
	return newNewsDoc(d, x, n.m), nil
}
