package server

import (
	"bytes"
	"context"
	"dossier/adverse"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"dossier"
	"dossier/link"
	"dossier/lists"
	"dossier/monitor"
	"dossier/pipeline"
	"dossier/sqlite"
)

// testEnv is a server over a fresh database, serving on loopback.
type testEnv struct {
	srv          *Server
	db           *sqlite.DB
	ts           *httptest.Server
	read, write  string // token secrets
	cancel       context.CancelFunc
	tokens       *sqlite.TokenService
	extractions  *sqlite.ExtractionService
	listsService *sqlite.ListService
}

type envOptions struct {
	lists []string // list paths to load before start
	// datasets names the dataset to store a list of lists as (its path
	// → dataset), for an FtM file of a collection.
	datasets  map[string]string
	noStart   bool // do not start the index
	noAuth    bool
	maxBody   int64
	maxList   int64 // MaxListBody, if set
	extractor bool  // extract ingested documents (loads the recognizer)
}

// MustOpenDB opens a database in a temporary directory.
func MustOpenDB(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db := sqlite.NewDB(filepath.Join(tb.TempDir(), "server.db"))
	if err := db.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// MustLoadList loads a list file or directory as a new version. The
// fixture's entities come from two datasets (fixture_sdn and
// fixture_cons), as an OpenSanctions collection's do, so it is stored
// under the dataset name fixtureDataset.
func MustLoadList(tb testing.TB, svc *sqlite.ListService, path string) {
	tb.Helper()
	dataset := ""
	if path == fixtureList {
		dataset = fixtureDataset
	}
	MustLoadListAs(tb, svc, path, dataset)
}

// MustLoadListAs loads a list file or directory as a new version of a
// dataset ("" for the one the list names).
func MustLoadListAs(tb testing.TB, svc *sqlite.ListService, path, dataset string) {
	tb.Helper()
	l, err := lists.LoadOptions(context.Background(), lists.Options{Dataset: dataset}, path)
	if err != nil {
		tb.Fatal(err)
	}
	v := l.Version
	if _, err := svc.CreateListVersion(context.Background(), &v, l.Entities); err != nil {
		tb.Fatal(err)
	}
}

// newEnv wires a server as "dossier serve" does and serves it with
// httptest on loopback.
func newEnv(tb testing.TB, o envOptions) *testEnv {
	tb.Helper()
	db := MustOpenDB(tb)
	env := &testEnv{db: db, tokens: sqlite.NewTokenService(db), extractions: sqlite.NewExtractionService(db),
		listsService: sqlite.NewListService(db)}
	for _, p := range o.lists {
		if ds := o.datasets[p]; ds != "" {
			MustLoadListAs(tb, env.listsService, p, ds)
		} else {
			MustLoadList(tb, env.listsService, p)
		}
	}
	ctx := context.Background()
	var err error
	if _, env.read, err = env.tokens.CreateToken(ctx, "reader", dossier.ScopeRead); err != nil {
		tb.Fatal(err)
	}
	if _, env.write, err = env.tokens.CreateToken(ctx, "writer", dossier.ScopeWrite); err != nil {
		tb.Fatal(err)
	}
	srv := NewServer()
	srv.Documents = sqlite.NewDocumentService(db)
	srv.Extractions = env.extractions
	srv.Mentions = mentions{env.extractions}
	srv.Lists = env.listsService
	srv.Tokens = env.tokens
	srv.TokenCacheTTL = 0 // every request checks its token: revocation shows at once
	srv.PollInterval = 0
	if o.extractor {
		srv.Extractor = pipeline.Default()
	}
	srv.Subjects = adverse.Judge{}
	links := sqlite.NewLinkService(db)
	decisions := sqlite.NewDecisionService(db)
	srv.Links, srv.Linker, srv.Decisions = links, link.NewLinker(links), decisions
	srv.Monitor = monitor.New(sqlite.NewWatchService(db), sqlite.NewAlertService(db), decisions, links)
	srv.Jobs = monitor.NewJobs(sqlite.NewJobService(db), decisions, srv.CurrentIndex)
	srv.AlertAcks = sqlite.NewAlertAckService(db)
	srv.NoAuth = o.noAuth
	if o.maxBody > 0 {
		srv.MaxBody = o.maxBody
	}
	if o.maxList > 0 {
		srv.MaxListBody = o.maxList
	}
	if testing.Verbose() {
		srv.Logger = slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	env.srv = srv
	ctx, env.cancel = context.WithCancel(context.Background())
	env.ts = httptest.NewServer(srv.Handler())
	tb.Cleanup(func() {
		env.ts.Close()
		env.cancel()
		srv.bg.Wait()
		srv.Jobs.Wait()
	})
	if !o.noStart {
		srv.Start(ctx)
		wctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		defer cancel()
		if err := srv.WaitReady(wctx); err != nil {
			tb.Fatal("index not ready:", err)
		}
	}
	return env
}

// mentions adapts sqlite's name look-up, as cmd/dossier does.
type mentions struct{ x *sqlite.ExtractionService }

func (m mentions) FindEntitiesByName(ctx context.Context, name string) ([]DocEntityRef, error) {
	refs, err := m.x.FindEntitiesByName(ctx, name)
	out := make([]DocEntityRef, len(refs))
	for i, r := range refs {
		out[i] = DocEntityRef{r.DocumentID, r.Entity}
	}
	return out, err
}

// call sends a request and returns the status, the headers and the body.
func (env *testEnv) call(tb testing.TB, method, path, token string, body any) (int, http.Header, []byte) {
	tb.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			tb.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, env.ts.URL+path, rd)
	if err != nil {
		tb.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := env.ts.Client().Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp.StatusCode, resp.Header, data
}

// MustJSON decodes a response body or stops the test.
func MustJSON[T any](tb testing.TB, data []byte) T {
	tb.Helper()
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		tb.Fatalf("response is not the expected JSON: %v\n%s", err, data)
	}
	return v
}

// errorCode returns the code of a JSON error body, or "".
func errorCode(data []byte) string {
	var e errorBody
	if json.Unmarshal(data, &e) != nil {
		return ""
	}
	return e.Error.Code
}

const fixtureList = "testdata/fixture-list.ftm.jsonl"

// fixtureDataset is the dataset the fixture list is stored as.
const fixtureDataset = "fixture"

// sharedData returns ../shared/data beside the module root, or skips.
func sharedData(tb testing.TB) string {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "shared", "data")
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("shared data not found at %s: the real-list tests need it", dir)
	}
	return dir
}

// yenteMatch is the part of a yente /match response that clients read.
type yenteMatch struct {
	Responses map[string]struct {
		Status  int `json:"status"`
		Results []struct {
			ID           string                     `json:"id"`
			Caption      string                     `json:"caption"`
			Schema       string                     `json:"schema"`
			Properties   map[string][]any           `json:"properties"`
			Datasets     []string                   `json:"datasets"`
			Referents    []string                   `json:"referents"`
			Target       bool                       `json:"target"`
			Score        float64                    `json:"score"`
			Match        bool                       `json:"match"`
			Features     map[string]float64         `json:"features"`
			Explanations map[string]json.RawMessage `json:"explanations"`
		} `json:"results"`
		Total struct {
			Value    int    `json:"value"`
			Relation string `json:"relation"`
		} `json:"total"`
		Query struct {
			Schema     string              `json:"schema"`
			Properties map[string][]string `json:"properties"`
		} `json:"query"`
	} `json:"responses"`
	Matcher   map[string]json.RawMessage `json:"matcher"`
	Limit     int                        `json:"limit"`
	Algorithm string                     `json:"algorithm"`
}

// newListsForFuzz returns a list service holding the fixture list.
func newListsForFuzz(tb testing.TB, db *sqlite.DB) *sqlite.ListService {
	tb.Helper()
	svc := sqlite.NewListService(db)
	MustLoadList(tb, svc, fixtureList)
	return svc
}
