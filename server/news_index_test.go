package server

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"dossier"
	"dossier/names"
	"dossier/screen"
	"dossier/sqlite"
)

// newsQueryOf builds the news query POST /screen makes for req: the
// subject, and the list entities it matches.
func newsQueryOf(t *testing.T, srv *Server, req screenRequest) (*snapshot, newsQuery) {
	t.Helper()
	snap := srv.index.current()
	if snap == nil {
		t.Fatal("no index")
	}
	q := screen.Query{Name: req.Name, Schema: req.Schema, Countries: req.Country}
	subj := subject{Schema: req.Schema, Names: []string{req.Name}, Countries: req.Country}
	hits, _ := snap.screenSubject(subj, matchOptions{cutoff: -1, limit: defaultScreenLimit}, hitFilter{})
	var listIDs []string
	for _, h := range hits {
		if h.Match {
			listIDs = append(listIDs, h.EntityID)
		}
	}
	ns := names.Subject{Schema: q.EffectiveSchema(), Names: []string{req.Name}, Countries: req.Country}
	return snap, newsQuery{subject: ns, listIDs: listIDs, limit: defaultNewsLimit}
}

// mustSameNews screens req through the news index and through the
// reference computation, fails the test unless both give the same
// items (as JSON) and total, and returns the items.
func mustSameNews(t *testing.T, srv *Server, req screenRequest) []newsItem {
	t.Helper()
	ctx := context.Background()
	snap, q := newsQueryOf(t, srv, req)
	got, gotTotal, err := srv.findNews(ctx, snap, q)
	if err != nil {
		t.Fatalf("%+v: indexed: %v", req, err)
	}
	want, wantTotal, err := srv.findNewsReference(ctx, snap, q)
	if err != nil {
		t.Fatalf("%+v: reference: %v", req, err)
	}
	gj, _ := json.Marshal(got)
	wj, _ := json.Marshal(want)
	if gotTotal != wantTotal || string(gj) != string(wj) {
		t.Fatalf("%+v: indexed news differ from the reference:\nindexed (%d): %s\nreference (%d): %s", req, gotTotal, gj, wantTotal, wj)
	}
	return got
}

// TestNewsIndexAgreesWithStore screens names of the people and
// organizations the real stored articles name (canonical names and
// aliases, with and without a schema and a country), names of linked
// list entities, and names no article has: the news index gives the
// same news as reading the store, item for item.
func TestNewsIndexAgreesWithStore(t *testing.T) {
	ns, stop := mustNewsServer(t, MustNewsDB(t, screenSubset, t.TempDir()))
	defer stop()
	ctx := context.Background()
	var reqs []screenRequest
	rows, err := ns.db.SQL().QueryContext(ctx, `SELECT name, type, data FROM doc_entities WHERE type IN ('PER', 'ORG') ORDER BY document_id, entity_id`)
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	for rows.Next() {
		var name, typ string
		var data []byte
		if err := rows.Scan(&name, &typ, &data); err != nil {
			t.Fatal(err)
		}
		if i++; i%7 != 0 {
			continue // every seventh entity: some 400 of them
		}
		var e dossier.DocEntity
		if err := json.Unmarshal(data, &e); err != nil {
			t.Fatal(err)
		}
		r := screenRequest{Name: name}
		switch i % 4 {
		case 1:
			r.Schema = docTypes[typ]
		case 2:
			r.Schema = "Person"
			r.Country = stringList{"us"}
		case 3:
			if e.Country != "" {
				r.Country = stringList{e.Country}
			}
		}
		reqs = append(reqs, r)
		for _, a := range e.Aliases {
			reqs = append(reqs, screenRequest{Name: a})
		}
	}
	rows.Close()
	entityReqs := len(reqs)
	rows, err = ns.db.SQL().QueryContext(ctx, `SELECT DISTINCT caption FROM links ORDER BY caption LIMIT 60`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		reqs = append(reqs, screenRequest{Name: c})
	}
	rows.Close()
	reqs = append(reqs, screenRequest{Name: "Maria Fernanda Gomez"}, screenRequest{Name: "John Smith", Schema: "Person"},
		screenRequest{Name: "Li Wei"})
	found, linked := 0, 0
	for k, r := range reqs {
		items := mustSameNews(t, ns.srv, r)
		if k < entityReqs && len(items) > 0 {
			found++
		}
		for _, it := range items {
			if it.Via == viaLink {
				linked++
			}
		}
	}
	ix := &ns.srv.index.news
	ix.mu.RLock()
	stored, shared, dvOK := 0, len(ix.shared), ix.dvOK
	if ix.names != nil {
		stored = ix.names.n
	}
	ix.mu.RUnlock()
	if stored == 0 || stored != shared || !dvOK {
		t.Errorf("the name store holds %d of the index's %d distinct entities (data version known: %v): the comparison did not go through it", stored, shared, dvOK)
	}
	t.Logf("%d names (%d of stored entities): %d of those find news; %d items via links", len(reqs), entityReqs, found, linked)
	if found < entityReqs/2 || linked == 0 {
		t.Errorf("%d of %d stored entities' names find news, %d items via links: the comparison compares too little", found, entityReqs, linked)
	}
}

// TestNewsIndexFollowsStore: the news index sees a document ingested
// through the API, the links a list reload makes, a document another
// process stores, and a document deleted; after each, it agrees with
// the reference computation.
func TestNewsIndexFollowsStore(t *testing.T) {
	env := newEnv(t, envOptions{extractor: true})
	ctx := context.Background()
	cabello := screenRequest{Name: "Diosdado Cabello", Schema: "Person"}
	if items := mustSameNews(t, env.srv, cabello); len(items) != 0 {
		t.Fatalf("news before any document: %+v", items)
	}

	// A document ingested through the API.
	article, err := os.ReadFile("testdata/article-cabello.json")
	if err != nil {
		t.Fatal(err)
	}
	status, _, body := env.call(t, "POST", "/documents", env.write, article)
	if status != http.StatusCreated {
		t.Fatalf("POST /documents: %d %s", status, body)
	}
	docID := MustJSON[documentCreated](t, body).ID
	items := mustSameNews(t, env.srv, cabello)
	if len(items) != 1 || items[0].Document.ID != docID || items[0].Via == viaLink {
		t.Fatalf("after ingest, without lists: %+v", items)
	}

	// A list reload: the document is linked to the new list entity, and
	// found through the link.
	MustLoadList(t, env.listsService, fixtureList)
	env.srv.index.Rebuild()
	links := sqlite.NewLinkService(env.db)
	deadline := time.Now().Add(time.Minute)
	for {
		ls, _, err := links.FindLinks(ctx, dossier.LinkFilter{DocumentID: &docID})
		if err != nil {
			t.Fatal(err)
		}
		if len(ls) > 0 && env.srv.index.current() != nil && env.srv.index.current().index.Len() > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the document is not linked a minute after the list reload")
		}
		time.Sleep(20 * time.Millisecond)
	}
	items = mustSameNews(t, env.srv, cabello)
	if len(items) != 1 || items[0].Document.ID != docID || items[0].Via != viaLink {
		t.Fatalf("after the list reload: %+v", items)
	}

	// Another process stores a document and its extraction.
	other := sqlite.NewDB(env.db.Path)
	if err := other.Open(); err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	text := "Nicolás Maduro met the ministers in Caracas on Monday."
	d := &dossier.Document{Text: text, Title: "A meeting", Format: "text", Origin: "test"}
	if _, err := sqlite.NewDocumentService(other).CreateDocument(ctx, d); err != nil {
		t.Fatal(err)
	}
	x := &dossier.Extraction{DocumentID: d.ID, Entities: []dossier.DocEntity{
		{ID: "e1", Type: "PER", Name: "Nicolás Maduro", Aliases: []string{"Maduro"}, Country: "ve",
			Mentions: []dossier.Mention{{Start: 0, End: len("Nicolás Maduro"), Text: "Nicolás Maduro"}}},
		{ID: "e2", Type: "LOC", Name: "Caracas", Mentions: []dossier.Mention{{Start: 39, End: 46, Text: "Caracas"}}}},
		Pipeline: []string{"test"}, Version: "test"}
	if err := sqlite.NewExtractionService(other).SaveExtraction(ctx, x); err != nil {
		t.Fatal(err)
	}
	for _, r := range []screenRequest{{Name: "Nicolas Maduro"}, {Name: "MADURO", Schema: "Person"}} {
		items = mustSameNews(t, env.srv, r)
		if len(items) != 1 || items[0].Document.ID != d.ID || items[0].Entity.ID != "e1" {
			t.Fatalf("%+v, stored by another process: %+v", r, items)
		}
	}

	// Another process deletes the first document.
	if _, err := other.SQL().ExecContext(ctx, `DELETE FROM documents WHERE id = ?`, docID); err != nil {
		t.Fatal(err)
	}
	if items := mustSameNews(t, env.srv, cabello); len(items) != 0 {
		t.Fatalf("news of a deleted document: %+v", items)
	}
	if items := mustSameNews(t, env.srv, screenRequest{Name: "Nicolas Maduro"}); len(items) != 1 {
		t.Fatalf("the other document after the deletion: %+v", items)
	}
	env.srv.index.news.mu.RLock()
	n := len(env.srv.index.news.docs)
	env.srv.index.news.mu.RUnlock()
	if n != 1 {
		t.Errorf("the news index holds %d documents, want 1", n)
	}

	// Another process stores a document without an extraction: it has
	// no news, but counts in the full-text ranking (bm25's row count
	// and average size), so the index keeps its tokens too.
	bare := &dossier.Document{Text: "Maduro spoke in Caracas; the ministers listened to Maduro.", Title: "Maduro speaks", Format: "text", Origin: "test"}
	if _, err := sqlite.NewDocumentService(other).CreateDocument(ctx, bare); err != nil {
		t.Fatal(err)
	}
	for _, words := range [][]string{{"maduro"}, {"caracas", "ministers"}, {"monday", "maduro", "meeting"}} {
		if !mustSameSearch(t, env.srv, words, 10) {
			t.Fatalf("%q: not answered by the index", words)
		}
	}
	stored, err := env.srv.Documents.CountDocuments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	env.srv.index.news.mu.RLock()
	tokens := env.srv.index.news.terms.Len()
	env.srv.index.news.mu.RUnlock()
	if tokens != stored {
		t.Errorf("the news index holds the tokens of %d documents, %d are stored", tokens, stored)
	}
}

// mustSameSearch runs the full-text search for words through the news
// index and through the store (SQLite's FTS5), with limit, and fails
// the test unless both find the same documents in the same order. It
// reports whether the index answered (every word fts.Searchable).
func mustSameSearch(t *testing.T, srv *Server, words []string, limit int) bool {
	t.Helper()
	ctx := context.Background()
	m := names.NewMatcher()
	if snap := srv.index.current(); snap != nil {
		m = snap.index.Matcher
	}
	nv, err := srv.newsView(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	in, ok := nv.(indexedNews)
	if !ok {
		t.Fatalf("the server reads no news index")
	}
	in.ix.mu.RLock()
	got, answered := in.ix.terms.Search(words, ftsWeights, limit)
	in.ix.mu.RUnlock()
	want, err := storedNews{s: srv}.search(ctx, words, limit)
	if err != nil {
		t.Fatalf("%q: %v", words, err)
	}
	if !answered {
		return false
	}
	if !slices.Equal(got, want) {
		t.Fatalf("%q, limit %d: the index finds\n%v\nSQLite's FTS5\n%v", words, limit, got, want)
	}
	return true
}

// TestNewsSearchAgreesWithFTS5: over the real stored articles, the
// news index's full-text search finds the documents SQLite's FTS5 query
// finds, in bm25 order with the same ties, for the words of every
// stored person's and organization's name, of list names, of titles,
// and of runs of the articles' words (common and rare); with the limit
// screening uses and with all documents.
func TestNewsSearchAgreesWithFTS5(t *testing.T) {
	n := screenSubset
	if os.Getenv("DOSSIER_LOAD") != "" {
		n = 0
	}
	ns, stop := mustNewsServer(t, MustNewsDB(t, n, t.TempDir()))
	defer stop()
	ctx := context.Background()
	var queries [][]string
	add := func(s ...string) {
		if ws := ftsWords(s); len(ws) > 0 {
			queries = append(queries, ws)
		}
	}
	for _, q := range []string{
		`SELECT DISTINCT name FROM doc_entities WHERE type IN ('PER', 'ORG') ORDER BY name`,
		`SELECT DISTINCT caption FROM links ORDER BY caption`,
		`SELECT title FROM documents ORDER BY id`,
	} {
		rows, err := ns.db.SQL().QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			add(s)
		}
		rows.Close()
	}
	// Runs of one to eight words of the texts, from everywhere in them:
	// words every article has ("the", "and") and words of one.
	rows, err := ns.db.SQL().QueryContext(ctx, `SELECT text FROM documents ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(11, 17))
	for rows.Next() {
		var text string
		if err := rows.Scan(&text); err != nil {
			t.Fatal(err)
		}
		ws := strings.Fields(text)
		for range 3 {
			if len(ws) == 0 {
				break
			}
			k := r.IntN(len(ws))
			add(strings.Join(ws[k:min(len(ws), k+1+r.IntN(8))], " "))
		}
	}
	rows.Close()
	answered, whole := 0, 0
	for k, q := range queries {
		if mustSameSearch(t, ns.srv, q, searchDocs) {
			answered++
		}
		if k%10 == 0 && mustSameSearch(t, ns.srv, q, 1<<20) {
			whole++
		}
	}
	t.Logf("%d queries over %d documents: %d answered by the index (%d in full), the others (a word outside ASCII) by SQLite", len(queries), ns.docs, answered, whole)
	if answered < len(queries)*3/4 {
		t.Errorf("the index answered %d of %d queries", answered, len(queries))
	}
}

// BenchmarkNewsNameScores compares screening queries with the
// entities of the documents their full-text search finds (what
// findNews does for each), through the news index's name store (a
// names.Probe) and one by one (Matcher.NameScore, then
// ComparePrepared): one op is one query against its candidates.
// DOSSIER_LOAD=1 for all articles.
func BenchmarkNewsNameScores(b *testing.B) {
	n := screenSubset
	if os.Getenv("DOSSIER_LOAD") != "" {
		n = 0
	}
	ns, stop := mustNewsServer(b, MustNewsDB(b, n, b.TempDir()))
	defer stop()
	ctx := context.Background()
	m := ns.srv.index.current().index.Matcher
	nv, err := ns.srv.newsView(ctx, m)
	if err != nil {
		b.Fatal(err)
	}
	type cand struct {
		p  *names.Prepared
		sh *sharedSubject
	}
	type query struct {
		q     *names.Prepared
		cands []cand
	}
	var queries []query
	total := 0
	for _, body := range screenQueries(b, ns.db, 200) {
		var req screenRequest
		if err := json.Unmarshal(body, &req); err != nil {
			b.Fatal(err)
		}
		subj := names.Subject{Schema: req.Schema, Names: []string{req.Name}, Countries: req.Country}
		q := names.Prepare(subj)
		q.UseWeights(m)
		ids, err := nv.search(ctx, ftsWords(subj.Names), searchDocs)
		if err != nil {
			b.Fatal(err)
		}
		seen := map[*names.Prepared]bool{}
		var cands []cand
		for _, id := range ids {
			nd, _ := nv.document(ctx, id)
			if nd == nil {
				continue
			}
			for i, p := range nd.prepared {
				if p != nil && !seen[p] {
					seen[p] = true
					cands = append(cands, cand{p, nd.shared[i]})
				}
			}
		}
		total += len(cands)
		queries = append(queries, query{q, cands})
	}
	ix := &ns.srv.index.news
	for _, mode := range []string{"store", "direct"} {
		b.Run(mode, func(b *testing.B) {
			b.ReportAllocs()
			matched := 0
			for i := 0; b.Loop(); i++ {
				qu := queries[i%len(queries)]
				store := ix.names
				if mode == "direct" {
					store = nil
				}
				sc := newEntityScorer(m, qu.q, store)
				for _, c := range qu.cands {
					if res, ok := sc.compare(c.p, c.sh, m.Threshold); ok && res.Score >= m.Threshold {
						matched++
					}
				}
				sc.release()
			}
			b.ReportMetric(float64(total)/float64(len(queries)), "entities/op")
		})
	}
}

// TestNewsIndexBuiltAtStart: the news index (documents, tokens, name
// store) is built once the lists' index is, before any screen asks.
func TestNewsIndexBuiltAtStart(t *testing.T) {
	ns, stop := mustNewsServer(t, MustNewsDB(t, screenSubset, t.TempDir()))
	defer stop()
	ix := &ns.srv.index.news
	deadline := time.Now().Add(time.Minute)
	for {
		ix.mu.RLock()
		built, docs, terms, store := ix.built, len(ix.docs), ix.terms, ix.names
		ix.mu.RUnlock()
		if built && store != nil && terms != nil {
			if docs == 0 || terms.Len() != ns.docs || store.m != ns.srv.index.current().index.Matcher {
				t.Fatalf("built at start: %d documents with extractions, %d with tokens of %d, store for the current matcher: %v",
					docs, terms.Len(), ns.docs, store.m == ns.srv.index.current().index.Matcher)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("no news index a minute after the start, without a screen")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
