package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"dossier"
	"dossier/adverse"
	"dossier/corpus"
	"dossier/link"
	"dossier/lists"
	"dossier/monitor"
	"dossier/pipeline"
	"dossier/postgres"
	"dossier/postgres/pgtest"
	"dossier/sqlite"
)

// parityStore is one store's services, wired into a server as "dossier
// serve" wires them.
type parityStore struct {
	name  string
	lists dossier.ListService
	srv   *Server
	ts    *httptest.Server
}

// parityClock is the clock of both stores: the same times stored, so the
// same answers.
func parityClock() func() time.Time {
	at := time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC)
	return func() time.Time { return at }
}

func newParitySQLite(tb testing.TB) *parityStore {
	db := sqlite.NewDB(filepath.Join(tb.TempDir(), "parity.db"))
	db.Now = parityClock()
	if err := db.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	srv := NewServer()
	srv.Documents = sqlite.NewDocumentService(db)
	xs := sqlite.NewExtractionService(db)
	srv.Extractions, srv.Mentions = xs, mentions{xs}
	srv.Lists = sqlite.NewListService(db)
	links := sqlite.NewLinkService(db)
	decisions := sqlite.NewDecisionService(db)
	srv.Links, srv.Linker, srv.Decisions = links, link.NewLinker(links), decisions
	srv.Monitor = monitor.New(sqlite.NewWatchService(db), sqlite.NewAlertService(db), decisions, links)
	srv.Jobs = monitor.NewJobs(sqlite.NewJobService(db), decisions, srv.CurrentIndex)
	return startParity(tb, "sqlite", srv)
}

func newParityPostgres(tb testing.TB) *parityStore {
	db := postgres.NewDB(pgtest.MustDatabase(tb))
	db.Now = parityClock()
	if err := db.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	srv := NewServer()
	srv.Documents = postgres.NewDocumentService(db)
	xs := postgres.NewExtractionService(db)
	srv.Extractions = xs
	srv.Mentions = pgMentions{xs}
	srv.Lists = postgres.NewListService(db)
	links := postgres.NewLinkService(db)
	decisions := postgres.NewDecisionService(db)
	dir := tb.TempDir()
	decisions.KeyDir, decisions.CheckpointPath = filepath.Join(dir, "keys"), filepath.Join(dir, "checkpoints")
	srv.Links, srv.Linker, srv.Decisions = links, link.NewLinker(links), decisions
	srv.Monitor = monitor.New(postgres.NewWatchService(db), postgres.NewAlertService(db), decisions, links)
	srv.Jobs = monitor.NewJobs(postgres.NewJobService(db), decisions, srv.CurrentIndex)
	srv.ListNotifier = db
	return startParity(tb, "postgres", srv)
}

// pgMentions adapts postgres's name look-up, as cmd/dossier does.
type pgMentions struct{ x *postgres.ExtractionService }

func (m pgMentions) FindEntitiesByName(ctx context.Context, name string) ([]DocEntityRef, error) {
	refs, err := m.x.FindEntitiesByName(ctx, name)
	out := make([]DocEntityRef, len(refs))
	for i, r := range refs {
		out[i] = DocEntityRef(r)
	}
	return out, err
}

// startParity serves srv without tokens on loopback, with the
// extraction pipeline, and starts it.
func startParity(tb testing.TB, name string, srv *Server) *parityStore {
	srv.Extractor = pipeline.Default()
	srv.Subjects = adverse.Judge{}
	srv.NoAuth = true
	srv.PollInterval = 0
	srv.ExtractTimeout = 0
	ctx, cancel := context.WithCancel(context.Background())
	ts := httptest.NewServer(srv.Handler())
	tb.Cleanup(func() {
		ts.Close()
		cancel()
		srv.bg.Wait()
		srv.Jobs.Wait()
	})
	srv.Start(ctx)
	return &parityStore{name: name, lists: srv.Lists, srv: srv, ts: ts}
}

// post sends a JSON body and returns the status and body.
func (p *parityStore) post(tb testing.TB, path string, body any) (int, []byte) {
	tb.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		tb.Fatal(err)
	}
	resp, err := http.Post(p.ts.URL+path, "application/json", bytes.NewReader(b))
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp.StatusCode, out
}

// normalized decodes a JSON body without the fields that differ from
// one server process or request to another whatever the store: when the
// index was built, and how long a query took.
func normalized(tb testing.TB, body []byte) any {
	tb.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		tb.Fatalf("%v: %s", err, body)
	}
	var strip func(v any)
	strip = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			delete(v, "index_built")
			delete(v, "took")
			for _, x := range v {
				strip(x)
			}
		case []any:
			for _, x := range v {
				strip(x)
			}
		}
	}
	strip(v)
	return v
}

// TestPostgresAnswersAsSQLite loads the same real lists into a SQLite and
// a PostgreSQL store, ingests the same real articles through each
// server's POST /documents, and checks that both servers answer /match
// and /screen with the same JSON, for every person and organization
// named in the articles and for a sample of the lists' names.
func TestPostgresAnswersAsSQLite(t *testing.T) {
	if testing.Short() {
		t.Skip("extracts real articles into two stores (a minute); skipped with -short")
	}
	data := sharedData(t)
	const articles = 24
	rows := parityCorpus(t, filepath.Join(data, "adverse", "training.csv"), articles)
	stores := []*parityStore{newParitySQLite(t), newParityPostgres(t)}

	ctx := context.Background()
	for _, path := range []string{fixtureList, filepath.Join(data, "ofac", "sdn-2021-07")} {
		var opts lists.Options
		if path == fixtureList {
			opts.Dataset = fixtureDataset
		}
		l, err := lists.LoadOptions(ctx, opts, path)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range stores {
			v := l.Version
			if _, err := p.lists.CreateListVersion(ctx, &v, l.Entities); err != nil {
				t.Fatalf("%s: load %s: %v", p.name, path, err)
			}
			p.srv.Rebuild()
		}
	}
	for _, p := range stores {
		waitIndexed(t, p, 2)
	}

	// The same articles through each server's API, one by one.
	var ids []string
	for _, r := range rows {
		doc := map[string]string{"text": r.Article, "url": r.URL, "title": r.EntityName + " (corpus row " + r.Key + ")"}
		var first []byte
		for i, p := range stores {
			status, body := p.post(t, "/documents", doc)
			if status != http.StatusCreated {
				t.Fatalf("%s: POST /documents (row %s): %d %s", p.name, r.Key, status, body)
			}
			if i == 0 {
				first = body
				var created struct{ ID string }
				json.Unmarshal(body, &created)
				ids = append(ids, created.ID)
			} else if a, b := normalized(t, first), normalized(t, body); !reflect.DeepEqual(a, b) {
				t.Errorf("POST /documents (row %s): %s answered\n%s\nbut %s answered\n%s", r.Key, stores[0].name, first, p.name, body)
			}
		}
	}

	names := parityNames(t, stores[0], ids)
	var matched, withNews int
	for _, q := range names {
		matchBody := map[string]any{"queries": map[string]any{"q": map[string]any{
			"schema": q.schema, "properties": map[string][]string{"name": {q.name}}}}}
		screenBody := map[string]any{"name": q.name, "schema": q.schema}
		for _, call := range []struct {
			path string
			body any
		}{{"/match/default", matchBody}, {"/screen", screenBody}} {
			var first []byte
			for i, p := range stores {
				status, body := p.post(t, call.path, call.body)
				if status != http.StatusOK {
					t.Fatalf("%s: POST %s %q: %d %s", p.name, call.path, q.name, status, body)
				}
				if i == 0 {
					first = body
					continue
				}
				if a, b := normalized(t, first), normalized(t, body); !reflect.DeepEqual(a, b) {
					t.Errorf("POST %s %s %q: %s answered\n%s\nbut %s answered\n%s", call.path, q.schema, q.name,
						stores[0].name, first, p.name, body)
				}
			}
			var r struct {
				Hits      []json.RawMessage `json:"hits"`
				NewsTotal int               `json:"news_total"`
			}
			json.Unmarshal(first, &r)
			if call.path == "/screen" {
				if len(r.Hits) > 0 {
					matched++
				}
				if r.NewsTotal > 0 {
					withNews++
				}
			}
		}
	}
	t.Logf("%d articles, %d names: %d screened with list hits, %d with news", len(rows), len(names), matched, withNews)
	// The comparison means something only if the answers have hits
	// and news in them.
	if matched < 5 || withNews < 5 {
		t.Errorf("only %d screens with hits and %d with news: the comparison is too thin", matched, withNews)
	}
}

// waitIndexed waits until the server's index holds n lists.
func waitIndexed(tb testing.TB, p *parityStore, n int) {
	tb.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if snap := p.srv.index.current(); snap != nil && len(snap.versions) == n {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("%s: the index did not reach %d lists", p.name, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// parityCorpus returns the first n usable articles of the corpus, one
// per text, in key order.
func parityCorpus(tb testing.TB, path string, n int) []corpus.Row {
	tb.Helper()
	rows, err := corpus.LoadRows(path)
	if err != nil {
		tb.Fatal(err)
	}
	slices.SortFunc(rows, func(a, b corpus.Row) int { return strings.Compare(a.Key, b.Key) })
	seen := map[string]bool{}
	var out []corpus.Row
	for _, r := range rows {
		if strings.TrimSpace(r.Article) == "" || seen[r.Article] {
			continue
		}
		seen[r.Article] = true
		out = append(out, r)
		if len(out) == n {
			break
		}
	}
	return out
}

type parityQuery struct{ name, schema string }

// parityNames returns what to ask both servers: each person and
// organization the stored articles name, and every 200th person or
// organization of the lists, by caption.
func parityNames(tb testing.TB, p *parityStore, documentIDs []string) []parityQuery {
	tb.Helper()
	ctx := context.Background()
	seen := map[parityQuery]bool{}
	var out []parityQuery
	add := func(name, schema string) {
		q := parityQuery{name, schema}
		if name != "" && !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	for _, id := range documentIDs {
		x, err := p.srv.Extractions.FindExtraction(ctx, id)
		if err != nil {
			tb.Fatal(err)
		}
		for _, e := range x.Entities {
			switch e.Type {
			case "PER":
				add(e.Name, "Person")
			case "ORG":
				add(e.Name, "Organization")
			}
		}
	}
	i := 0
	err := p.lists.CurrentEntities(ctx, func(e *dossier.Entity) error {
		if e.Schema != "Person" && e.Schema != "Organization" {
			return nil
		}
		if i++; i%200 == 0 {
			add(e.Caption, e.Schema)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if len(out) < 20 {
		tb.Fatalf("only %d names to ask", len(out))
	}
	return out
}
