package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"dossier"
	"dossier/sqlite"
)

// TestOpenAPIMatchesRoutes walks the server's route table and the
// OpenAPI document: every route is documented with its scope, every
// documented operation is a route, and the mux sends a request for each
// to that route's pattern.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			Scope     string                     `json:"x-dossier-scope"`
			Responses map[string]json.RawMessage `json:"responses"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	srv := NewServer()
	srv.NoAuth = true
	srv.init()
	openAPI, err := srv.openAPIDocument()
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal("openapi.json:", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}

	documented := map[string]string{} // "GET /path" → scope
	for path, ops := range doc.Paths {
		for method, op := range ops {
			documented[strings.ToUpper(method)+" "+path] = op.Scope
			if len(op.Responses) == 0 {
				t.Errorf("%s %s: no responses", method, path)
			}
		}
	}
	served := map[string]string{}
	for _, rt := range srv.routes {
		// The web UI's pages are HTML for browsers, not API: they are
		// left out of openapi.json on purpose (see ui.go).
		if rt.path == "/ui" || strings.HasPrefix(rt.path, uiPrefix) {
			continue
		}
		scope := rt.scope
		if scope == scopePublic {
			scope = "public"
		}
		served[rt.method+" "+rt.path] = scope
	}
	for k, scope := range served {
		docScope, ok := documented[k]
		switch {
		case !ok:
			t.Errorf("route %s is not in openapi.json", k)
		case docScope != scope:
			t.Errorf("route %s needs scope %s; openapi.json says %q", k, scope, docScope)
		}
	}
	for k := range documented {
		if _, ok := served[k]; !ok {
			t.Errorf("openapi.json documents %s, which the server does not serve", k)
		}
	}

	// The mux resolves each documented operation to its own pattern.
	param := regexp.MustCompile(`\{[^}]+\}`)
	for k := range documented {
		method, path, _ := strings.Cut(k, " ")
		req := httptest.NewRequest(method, param.ReplaceAllString(path, "42"), nil)
		if _, pattern := srv.mux.Handler(req); pattern != k {
			t.Errorf("%s resolves to %q", k, pattern)
		}
	}

	// Every $ref points at a schema that exists.
	refs := regexp.MustCompile(`"\$ref":\s*"#/components/schemas/([^"]+)"`).FindAllSubmatch(openAPI, -1)
	for _, m := range refs {
		if _, ok := doc.Components.Schemas[string(m[1])]; !ok {
			t.Errorf("$ref to missing schema %s", m[1])
		}
	}
}

// TestReadinessAndRebuild: before the index is built, /readyz and the
// matching routes answer 503 with JSON; a list loaded through the API
// becomes current, and the index is rebuilt with it.
func TestReadinessAndRebuild(t *testing.T) {
	env := newEnv(t, envOptions{noStart: true})
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/readyz", ""}, {"POST", "/match/default", cabelloQuery}, {"GET", "/search/default?q=x", ""},
		{"POST", "/screen", `{"name":"x"}`}, {"GET", "/catalog", ""},
	} {
		status, h, body := env.call(t, c.method, c.path, env.read, c.body)
		if status != 503 || errorCode(body) != CodeUnavailable || h.Get("Retry-After") == "" {
			t.Errorf("%s %s before the index: %d %s", c.method, c.path, status, body)
		}
	}
	env.srv.Start(env.tsContext(t))
	waitFor(t, "first build", func() bool { return env.srv.Ready() })
	status, _, body := env.call(t, "POST", "/match/default", env.read, cabelloQuery)
	if m := MustJSON[yenteMatch](t, body); status != 200 || len(m.Responses["q1"].Results) != 0 {
		t.Fatalf("empty index: %d %s", status, body)
	}

	list, err := os.ReadFile(fixtureList)
	if err != nil {
		t.Fatal(err)
	}
	status, _, body = env.call(t, "POST", "/lists?name=fixture.ftm.jsonl&dataset=fixture", env.write, list)
	if status != http.StatusCreated || !strings.Contains(string(body), `"index":"rebuilding"`) {
		t.Fatalf("POST /lists: %d %s", status, body)
	}
	status, _, body = env.call(t, "POST", "/lists?name=fixture.ftm.jsonl&dataset=fixture", env.write, list)
	if status != http.StatusOK || !strings.Contains(string(body), `"created":false`) {
		t.Errorf("the same list again: %d %s", status, body)
	}
	waitFor(t, "rebuild with the loaded list", func() bool {
		_, _, body := env.call(t, "POST", "/match/default", env.read, cabelloQuery)
		m := MustJSON[yenteMatch](t, body)
		return len(m.Responses["q1"].Results) > 0 && m.Responses["q1"].Results[0].ID == "ofac-24424"
	})
	status, _, body = env.call(t, "GET", "/lists", env.read, nil)
	if status != 200 || !strings.Contains(string(body), `"current":true`) || !strings.Contains(string(body), `"indexed":true`) {
		t.Errorf("GET /lists: %d %s", status, body)
	}
}

// tsContext returns a context that ends with the test.
func (env *testEnv) tsContext(t *testing.T) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return ctx
}

// waitFor polls cond until it holds, failing the test after a minute.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestPollingRebuild: a list version loaded by another process (here,
// straight into the database) is noticed by polling.
func TestPollingRebuild(t *testing.T) {
	db := MustOpenDB(t)
	ls := sqlite.NewListService(db)
	srv := NewServer()
	srv.Lists, srv.NoAuth, srv.PollInterval = ls, true, 10*time.Millisecond
	srv.Start(t.Context())
	waitFor(t, "first build", srv.Ready)
	if n := srv.CurrentIndex().Len(); n != 0 {
		t.Fatalf("%d entities in an empty index", n)
	}
	MustLoadList(t, ls, fixtureList)
	waitFor(t, "the polled rebuild", func() bool { return srv.CurrentIndex().Len() == 7 })
}

// TestMetrics scrapes /metrics: the exposition parses as Prometheus text,
// has dossier's series under their names and the client library's
// standard go_* and process_* series.
func TestMetrics(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList}})
	for range 3 {
		env.call(t, "POST", "/match/default", env.read, cabelloQuery)
	}
	env.call(t, "POST", "/match/default", "", cabelloQuery)
	env.call(t, "GET", "/nope", env.read, nil)
	status, h, body := env.call(t, "GET", "/metrics", "", nil)
	if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("metrics: %d %v", status, h)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("the exposition does not parse: %v\n%s", err, body)
	}
	// value returns the value of the series of family name with labels.
	value := func(name string, labels map[string]string) (float64, bool) {
		f := families[name]
		if f == nil {
			return 0, false
		}
	next:
		for _, m := range f.GetMetric() {
			got := map[string]string{}
			for _, l := range m.GetLabel() {
				got[l.GetName()] = l.GetValue()
			}
			for k, v := range labels {
				if got[k] != v {
					continue next
				}
			}
			switch {
			case m.Counter != nil:
				return m.Counter.GetValue(), true
			case m.Gauge != nil:
				return m.Gauge.GetValue(), true
			case m.Histogram != nil:
				return float64(m.Histogram.GetSampleCount()), true
			case m.Summary != nil:
				return float64(m.Summary.GetSampleCount()), true
			case m.Untyped != nil:
				return m.Untyped.GetValue(), true
			}
		}
		return 0, false
	}
	match := "POST /match/{dataset}"
	for _, tt := range []struct {
		name   string
		labels map[string]string
		want   float64 // -1: any value
	}{
		{"dossier_http_requests_total", map[string]string{"route": match, "code": "200"}, 3},
		{"dossier_http_requests_total", map[string]string{"route": match, "code": "401"}, 1},
		{"dossier_http_requests_total", map[string]string{"route": "unmatched", "code": "404"}, 1},
		{"dossier_http_request_duration_seconds", map[string]string{"route": match}, 4},
		{"dossier_http_requests_in_flight", nil, 1}, // the scrape itself
		{"dossier_index_ready", nil, 1},
		{"dossier_index_entities", nil, 7},
		{"dossier_index_stored_entities", nil, 10},
		{"dossier_index_builds_total", nil, -1},
		{"dossier_build_info", map[string]string{"version": dossier.Version}, 1},
		{"dossier_process_start_time_seconds", nil, -1},
		{"dossier_go_goroutines", nil, -1},
		{"dossier_go_heap_alloc_bytes", nil, -1},
		// the client library's standard series
		{"go_goroutines", nil, -1},
		{"go_memstats_heap_alloc_bytes", nil, -1},
		{"go_gc_duration_seconds", nil, -1},
		{"go_info", nil, 1},
		{"process_cpu_seconds_total", nil, -1},
		{"process_resident_memory_bytes", nil, -1},
		{"process_open_fds", nil, -1},
		{"process_start_time_seconds", nil, -1},
	} {
		v, ok := value(tt.name, tt.labels)
		if !ok || tt.want >= 0 && v != tt.want {
			t.Errorf("%s%v = %v (present %v), want %v", tt.name, tt.labels, v, ok, tt.want)
		}
	}
	if f := families["dossier_http_request_duration_seconds"]; f == nil || f.GetType() != dto.MetricType_HISTOGRAM {
		t.Error("dossier_http_request_duration_seconds is not a histogram")
	} else {
		for _, m := range f.GetMetric() {
			last := uint64(0)
			for _, b := range m.GetHistogram().GetBucket() {
				if b.GetCumulativeCount() < last {
					t.Errorf("bucket decreases: %v", m)
				}
				last = b.GetCumulativeCount()
			}
		}
	}
}

// TestGracefulShutdown: when the server's context ends, it stops taking
// connections but finishes the request in flight.
func TestGracefulShutdown(t *testing.T) {
	db := MustOpenDB(t)
	srv := NewServer()
	srv.Lists, srv.NoAuth = newListsForFuzz(t, db), true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, ln) }()
	if err := srv.WaitReady(t.Context()); err != nil {
		t.Fatal(err)
	}
	addr := "http://" + ln.Addr().String()

	// A request whose body is still being sent when shutdown begins.
	pr, pw := io.Pipe()
	respc := make(chan *http.Response, 1)
	errc := make(chan error, 1)
	go func() {
		resp, err := http.Post(addr+"/match/default", "application/json", pr)
		if err != nil {
			errc <- err
			return
		}
		respc <- resp
	}()
	half := len(cabelloQuery) / 2
	if _, err := pw.Write([]byte(cabelloQuery[:half])); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the request in flight", func() bool { return srv.metrics.inFlight.Load() == 1 })
	cancel()
	// Shutdown has begun once new connections are refused.
	waitFor(t, "the listener to close", func() bool {
		c, err := net.DialTimeout("tcp", ln.Addr().String(), 100*time.Millisecond)
		if err == nil {
			c.Close()
		}
		return err != nil
	})
	pw.Write([]byte(cabelloQuery[half:]))
	pw.Close()
	select {
	case resp := <-respc:
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), "ofac-24424") {
			t.Errorf("request in flight: %d %s", resp.StatusCode, body)
		}
	case err := <-errc:
		t.Fatalf("request in flight failed: %v", err)
	case <-time.After(time.Minute):
		t.Fatal("no response")
	}
	if err := <-done; err != nil {
		t.Errorf("Run: %v", err)
	}
}

// TestMonitoringRoutes: a watch made through the API raises an alert
// when an article naming it is posted; a batch job screens a CSV.
func TestMonitoringRoutes(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList}, extractor: true})
	status, _, body := env.call(t, "POST", "/watches", env.write, `{"name":"Diosdado Cabello","schema":"person","reference":"cust-1"}`)
	if status != http.StatusCreated {
		t.Fatalf("POST /watches: %d %s", status, body)
	}
	watch := MustJSON[dossier.Watch](t, body)
	status, _, body = env.call(t, "GET", "/watches/"+itoa(watch.ID), env.read, nil)
	if status != 200 || MustJSON[dossier.Watch](t, body).Reference != "cust-1" {
		t.Errorf("GET /watches/{id}: %d %s", status, body)
	}
	// The new watch is screened against the lists in the background.
	waitFor(t, "the list-hit alert", func() bool {
		_, _, body := env.call(t, "GET", "/alerts?kind=list_hit&watch_id="+itoa(watch.ID), env.read, nil)
		return strings.Contains(string(body), `"list_entity_id":"ofac-24424"`)
	})
	article, _ := os.ReadFile("testdata/article-cabello.json")
	if status, _, body := env.call(t, "POST", "/documents", env.write, article); status != http.StatusCreated {
		t.Fatalf("POST /documents: %d %s", status, body)
	}
	waitFor(t, "the news-hit alert", func() bool {
		_, _, body := env.call(t, "GET", "/alerts?kind=news_hit", env.read, nil)
		return strings.Contains(string(body), `"watch_name":"Diosdado Cabello"`)
	})
	status, _, body = env.call(t, "GET", "/alerts/1", env.read, nil)
	if status != 200 || !strings.Contains(string(body), `"deliveries":[]`) {
		t.Errorf("GET /alerts/1: %d %s", status, body)
	}
	status, _, body = env.call(t, "POST", "/watches/import?name=customers.csv", env.write, "id,name,date_of_birth\nc2,Nicolas Maduro,1962\nc3,Somebody Else,\n")
	if status != 200 || !strings.Contains(string(body), `"created":2`) {
		t.Errorf("import: %d %s", status, body)
	}
	status, _, body = env.call(t, "GET", "/watches?limit=2", env.read, nil)
	if status != 200 || !strings.Contains(string(body), `"total":3`) {
		t.Errorf("GET /watches: %d %s", status, body)
	}
	if status, _, body := env.call(t, "DELETE", "/watches/"+itoa(watch.ID), env.write, nil); status != http.StatusNoContent {
		t.Errorf("DELETE: %d %s", status, body)
	}

	status, _, body = env.call(t, "POST", "/jobs?name=batch.csv", env.write, "id,name\nr1,Diosdado Cabello\nr2,Nobody In Particular\nr3,Nicolas Maduro Moros\n")
	if status != http.StatusAccepted {
		t.Fatalf("POST /jobs: %d %s", status, body)
	}
	job := MustJSON[dossier.Job](t, body)
	waitFor(t, "the job", func() bool {
		_, _, body := env.call(t, "GET", "/jobs/"+itoa(job.ID), env.read, nil)
		return MustJSON[dossier.Job](t, body).State == dossier.JobDone
	})
	status, _, body = env.call(t, "GET", "/jobs/"+itoa(job.ID)+"/results?limit=2", env.read, nil)
	var res struct {
		Results []dossier.JobResult `json:"results"`
		Next    *int                `json:"next_after"`
	}
	if status != 200 || json.Unmarshal(body, &res) != nil || len(res.Results) != 2 || res.Next == nil || *res.Next != 2 ||
		len(res.Results[0].Hits) == 0 || res.Results[0].Hits[0].EntityID != "ofac-24424" || len(res.Results[1].Hits) != 0 {
		t.Errorf("job results: %d %s", status, body)
	}
	status, _, body = env.call(t, "GET", "/jobs?state=done", env.read, nil)
	if status != 200 || !strings.Contains(string(body), `"total":1`) {
		t.Errorf("GET /jobs: %d %s", status, body)
	}
}

// lockedBuffer is a bytes.Buffer safe for a logger and a test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestReadyzStartupLogLevel: the 503 that /readyz answers while the first
// index is built is expected, so it is logged at debug level, never as
// an error; once ready, /readyz is 200, also at debug level.
func TestReadyzStartupLogLevel(t *testing.T) {
	env := newEnv(t, envOptions{noStart: true})
	var logs lockedBuffer
	env.srv.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	for i := 0; i < 3; i++ {
		if status, _, body := env.call(t, "GET", "/readyz", "", nil); status != 503 {
			t.Fatalf("/readyz before the index: %d %s", status, body)
		}
	}
	type line struct {
		Level, Msg, Path string
		Status           int
	}
	var got []line
	for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var x line
		if err := json.Unmarshal([]byte(l), &x); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		got = append(got, x)
	}
	requests := 0
	for _, x := range got {
		if x.Level != "DEBUG" {
			t.Errorf("logged at %s: %+v", x.Level, x)
		}
		if x.Msg == "request" && x.Status == 503 {
			requests++
		}
	}
	if requests != 3 {
		t.Errorf("%d request lines for 3 probes: %+v", requests, got)
	}
}
