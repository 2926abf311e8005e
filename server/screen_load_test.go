package server

import (
	"context"
	"crypto/sha256"
	"dossier/internal/benchload"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"dossier"
	"dossier/adverse"
	"dossier/corpus"
	"dossier/link"
	"dossier/pipeline"
	"dossier/sqlite"
)

// The screening load test: POST /screen over loopback HTTP from 16
// concurrent clients, against a database holding OFAC SDN, OFAC
// non-SDN and the UN list and the real articles of the shared
// adverse-media corpus, ingested through the default pipeline and
// linked to the lists. By default it stores the first 150 articles (in
// key order); with DOSSIER_LOAD=1 all of them (1,301):
//
//	go test -run '^$' -bench BenchmarkScreenLoopback -benchtime 20s ./server
//	DOSSIER_LOAD=1 go test -run '^$' -bench BenchmarkScreenLoopback -benchtime 30s ./server
//
// Extracting 1,301 articles takes minutes on two cores, so the built
// database is cached under os.TempDir(), named by a hash of the inputs
// (corpus, lists, schema, dossier version and what the pipeline makes
// of the first article); each run works on a copy.

// screenSubset is the number of articles the default benchmark stores.
const screenSubset = 150

// newsCorpus returns the usable articles of the shared corpus, one per
// text, in key order: the first n, or all when n <= 0.
func newsCorpus(tb testing.TB, n int) []corpus.Row {
	tb.Helper()
	path := filepath.Join(sharedData(tb), "adverse", "training.csv")
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
		if n > 0 && len(out) == n {
			break
		}
	}
	return out
}

// MustNewsDB returns the path of a fresh copy, in dir, of the database
// with the three real lists and the first n articles of the corpus (all
// when n <= 0), extracted and linked; built once and cached under
// os.TempDir().
func MustNewsDB(tb testing.TB, n int, dir string) string {
	tb.Helper()
	data := sharedData(tb)
	rows := newsCorpus(tb, n)
	listPaths := []string{filepath.Join(data, "ofac/sdn-2021-07"), filepath.Join(data, "ofac/cons"),
		filepath.Join(data, "un/consolidated-2026-02-27.xml")}
	p := pipeline.Default()
	canary, err := p.Extract(context.Background(), "canary", rows[0].Article)
	if err != nil {
		tb.Fatal(err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "dossier %s\npipeline %s\n", dossier.Version, strings.Join(p.Names(), " "))
	canaryJSON, _ := json.Marshal(canary)
	h.Write(canaryJSON)
	for _, r := range rows {
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00", r.Key, r.URL, r.Article)
	}
	for _, lp := range listPaths {
		filepath.WalkDir(lp, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if info, err := d.Info(); err == nil {
					fmt.Fprintf(h, "%s %d %d\n", path, info.Size(), info.ModTime().UnixNano())
				}
			}
			return nil
		})
	}
	// The schema the cached file was built with: a new migration
	// builds it again.
	_, file, _, _ := runtime.Caller(0)
	migrations, _ := filepath.Glob(filepath.Join(filepath.Dir(file), "..", "sqlite", "migration", "*.sql"))
	for _, m := range migrations {
		b, _ := os.ReadFile(m)
		h.Write(b)
	}
	key := hex.EncodeToString(h.Sum(nil))[:16]
	cached := filepath.Join(os.TempDir(), fmt.Sprintf("dossier-news-%d-%s.db", len(rows), key))
	if _, err := os.Stat(cached); err != nil {
		tb.Logf("building %s: %d articles through the pipeline (minutes on two cores)", cached, len(rows))
		buildNewsDB(tb, cached, listPaths, rows)
	}
	dst := filepath.Join(dir, "news.db")
	b, err := os.ReadFile(cached)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o600); err != nil {
		tb.Fatal(err)
	}
	return dst
}

// buildNewsDB loads the lists, stores and extracts the articles, links
// them to the lists, and writes the database to path in one piece.
func buildNewsDB(tb testing.TB, path string, listPaths []string, rows []corpus.Row) {
	tb.Helper()
	ctx := context.Background()
	work := filepath.Join(tb.TempDir(), "build.db")
	db := sqlite.NewDB(work)
	if err := db.Open(); err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	ls := sqlite.NewListService(db)
	for _, lp := range listPaths {
		MustLoadList(tb, ls, lp)
	}
	docs, xs := sqlite.NewDocumentService(db), sqlite.NewExtractionService(db)
	p := pipeline.Default()
	var (
		next    atomic.Int64
		wg      sync.WaitGroup
		errOnce sync.Once
		failed  error
	)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(rows) || failed != nil {
					return
				}
				r := rows[i]
				d := &dossier.Document{Text: r.Article, URL: r.URL, Title: r.EntityName + " (" + r.CollectedAs + ")",
					Format: "text", Origin: "bench"}
				if _, err := docs.CreateDocument(ctx, d); err != nil {
					errOnce.Do(func() { failed = err })
					return
				}
				x, err := p.Extract(ctx, d.ID, d.Text)
				if err == nil {
					err = xs.SaveExtraction(ctx, x)
				}
				if err != nil {
					errOnce.Do(func() { failed = fmt.Errorf("article %s (line %d): %w", r.Key, r.Line, err) })
					return
				}
			}
		}()
	}
	wg.Wait()
	if failed != nil {
		tb.Fatal(failed)
	}
	// Link the documents to the lists, as a server does after an index
	// build.
	srv := NewServer()
	srv.Lists, srv.NoAuth, srv.PollInterval = ls, true, 0
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	srv.Start(sctx)
	if err := srv.WaitReady(ctx); err != nil {
		tb.Fatal(err)
	}
	links := sqlite.NewLinkService(db)
	if _, err := link.NewLinker(links).Relink(ctx, srv.CurrentIndex()); err != nil {
		tb.Fatal(err)
	}
	cancel()
	srv.bg.Wait()
	tmp := path + ".tmp"
	os.Remove(tmp)
	if _, err := db.SQL().ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		tb.Fatal(err)
	}
}

// newsServer serves a copy of the news database as "dossier serve"
// does, without the background linker and monitor (nothing is
// ingested while screening).
type newsServer struct {
	srv     *Server
	db      *sqlite.DB
	token   string
	entries int
	docs    int
}

// mustNewsServer serves the database at path; stop closes it.
func mustNewsServer(tb testing.TB, path string) (ns *newsServer, stop func()) {
	tb.Helper()
	db := sqlite.NewDB(path)
	if err := db.Open(); err != nil {
		tb.Fatal(err)
	}
	tokens := sqlite.NewTokenService(db)
	_, token, err := tokens.CreateToken(context.Background(), "load", dossier.ScopeRead)
	if err != nil {
		tb.Fatal(err)
	}
	xs := sqlite.NewExtractionService(db)
	srv := NewServer()
	srv.Documents, srv.Extractions, srv.Mentions = sqlite.NewDocumentService(db), xs, mentions{xs}
	srv.Lists, srv.Tokens, srv.Links = sqlite.NewListService(db), tokens, sqlite.NewLinkService(db)
	srv.Decisions = sqlite.NewDecisionService(db)
	srv.Subjects = adverse.Judge{}
	srv.PollInterval = 0
	srv.Logger = slog.New(slog.NewJSONHandler(io.Discard, nil)) // logs are written, and dropped
	ctx, cancel := context.WithCancel(context.Background())
	srv.Start(ctx)
	if err := srv.WaitReady(ctx); err != nil {
		tb.Fatal(err)
	}
	stop = func() {
		cancel()
		srv.bg.Wait()
		db.Close()
	}
	n, err := srv.Documents.CountDocuments(ctx)
	if err != nil {
		stop()
		tb.Fatal(err)
	}
	return &newsServer{srv: srv, db: db, token: token, entries: srv.CurrentIndex().Len(), docs: n}, stop
}

// screenQueries are what a screening desk sends: a third names of
// people and organizations the stored articles name (as the pipeline
// found them), a third list names as customers write them, a third
// names on no list and in no article; some with a birth date or a
// country.
func screenQueries(tb testing.TB, db *sqlite.DB, n int) [][]byte {
	tb.Helper()
	ctx := context.Background()
	rows, err := db.SQL().QueryContext(ctx, `SELECT DISTINCT name, type FROM doc_entities WHERE type IN ('PER', 'ORG') ORDER BY name, type`)
	if err != nil {
		tb.Fatal(err)
	}
	type named struct{ name, schema string }
	var news []named
	for rows.Next() {
		var nm, typ string
		if err := rows.Scan(&nm, &typ); err != nil {
			tb.Fatal(err)
		}
		news = append(news, named{nm, docTypes[typ]})
	}
	rows.Close()
	var listNames []string
	sqlite.NewListService(db).CurrentEntities(ctx, func(e *dossier.Entity) error {
		if dossier.IsThing(e.Schema) && e.Caption != "" {
			listNames = append(listNames, e.Caption)
		}
		return nil
	})
	if len(news) == 0 || len(listNames) == 0 {
		tb.Fatalf("%d news entities and %d list names: nothing to screen", len(news), len(listNames))
	}
	others := []string{"Maria Fernanda Gomez", "John Smith", "Li Wei", "Oliver Brown", "Ahmed Hassan",
		"Elena Petrova", "Kenji Tanaka", "Fatima Zahra Benali", "Carlos Alberto Pereira", "Anna Kowalska"}
	r := rand.New(rand.NewPCG(7, 13))
	out := make([][]byte, 0, n)
	for i := range n {
		req := map[string]any{}
		switch i % 3 {
		case 0:
			e := news[r.IntN(len(news))]
			req["name"] = e.name
			if r.IntN(2) == 0 {
				req["schema"] = e.schema
			}
		case 1:
			name := listNames[r.IntN(len(listNames))]
			if last, first, ok := strings.Cut(name, ", "); ok {
				name = first + " " + last
			}
			req["name"] = name
		default:
			req["name"] = others[r.IntN(len(others))]
			req["schema"] = "Person"
		}
		switch i % 5 {
		case 1:
			req["birthDate"] = fmt.Sprint(1950 + r.IntN(40))
		case 2:
			req["country"] = []string{"ru", "ir", "ve", "us", "gb"}[r.IntN(5)]
		}
		body, _ := json.Marshal(req)
		out = append(out, body)
	}
	return out
}

var (
	screenLoadOnce sync.Once
	screenLoad     *newsServer
	screenLoadTS   *httptest.Server
	screenBodies   [][]byte
)

func BenchmarkScreenLoopback(b *testing.B) {
	n := screenSubset
	if os.Getenv("DOSSIER_LOAD") != "" {
		n = 0
	}
	screenLoadOnce.Do(func() {
		// The server outlives this b (the benchmark runs it several
		// times), so its files are not in b.TempDir().
		dir, err := os.MkdirTemp("", "dossier-screen-load-")
		if err != nil {
			b.Fatal(err)
		}
		screenLoad, _ = mustNewsServer(b, MustNewsDB(b, n, dir))
		screenLoadTS = httptest.NewServer(screenLoad.srv.Handler())
		screenBodies = screenQueries(b, screenLoad.db, 4096)
	})
	if screenLoad == nil {
		b.Fatal("setup failed")
	}
	loopbackLoad(b, screenLoadTS.URL+"/screen", screenLoad.token, screenBodies,
		fmt.Sprintf("%d list entities and %d documents", screenLoad.entries, screenLoad.docs))
}

// loopbackLoad posts bodies in turn to url from 16 clients (8 per
// core on two) and reports requests per second, latency percentiles,
// errors (transport errors and non-200 answers) and CPU per request.
func loopbackLoad(b *testing.B, url, token string, bodies [][]byte, what string) {
	b.Helper()
	b.ReportAllocs()
	r := benchload.Post(b, []string{url}, token, bodies)
	b.Logf("against %s: %s", what, r)
}
