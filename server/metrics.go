package server

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"dossier"
)

// latencyBuckets are the upper bounds, in seconds, of the request
// duration histogram.
var latencyBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}

// metrics counts requests per route and status and times them per
// route, and writes everything in the Prometheus text exposition format
// (version 0.0.4). Counting is lock-free after a series' first request.
type metrics struct {
	mu       sync.RWMutex
	requests map[requestKey]*atomic.Uint64
	latency  map[string]*histogram
	inFlight atomic.Int64
	started  time.Time
}

type requestKey struct {
	route  string // the ServeMux pattern, e.g. "POST /match/{dataset}"
	status int
}

type histogram struct {
	counts []atomic.Uint64 // per bucket, not cumulative; one more for +Inf
	sumNs  atomic.Uint64
	count  atomic.Uint64
}

func newMetrics() *metrics {
	return &metrics{requests: map[requestKey]*atomic.Uint64{}, latency: map[string]*histogram{}, started: time.Now()}
}

// observe records one finished request.
func (m *metrics) observe(route string, status int, d time.Duration) {
	k := requestKey{route, status}
	m.mu.RLock()
	c, ok := m.requests[k]
	h := m.latency[route]
	m.mu.RUnlock()
	if !ok || h == nil {
		m.mu.Lock()
		if c, ok = m.requests[k]; !ok {
			c = new(atomic.Uint64)
			m.requests[k] = c
		}
		if h = m.latency[route]; h == nil {
			h = &histogram{counts: make([]atomic.Uint64, len(latencyBuckets)+1)}
			m.latency[route] = h
		}
		m.mu.Unlock()
	}
	c.Add(1)
	sec := d.Seconds()
	i, _ := slices.BinarySearch(latencyBuckets, sec)
	h.counts[i].Add(1)
	h.sumNs.Add(uint64(max(d, 0)))
	h.count.Add(1)
}

// indexStats is what the metrics report about the screening index.
type indexStats struct {
	ready       bool
	entities    int // screenable entities in the index
	stored      int // all current list entities held for responses
	builds      int64
	failures    int64
	lastBuild   time.Duration
	lastBuiltAt time.Time
}

// write renders every metric.
func (m *metrics) write(out io.Writer, ix indexStats) error {
	w := bufio.NewWriter(out)
	family := func(name, typ, help string) {
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
	}

	family("dossier_build_info", "gauge", "Version of the running binary; always 1.")
	fmt.Fprintf(w, "dossier_build_info{version=%s,goversion=%s} 1\n", quote(dossier.Version), quote(runtime.Version()))

	m.mu.RLock()
	keys := make([]requestKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	routes := make([]string, 0, len(m.latency))
	for r := range m.latency {
		routes = append(routes, r)
	}
	m.mu.RUnlock()
	slices.SortFunc(keys, func(a, b requestKey) int {
		if c := strings.Compare(a.route, b.route); c != 0 {
			return c
		}
		return a.status - b.status
	})
	slices.Sort(routes)

	family("dossier_http_requests_total", "counter", "HTTP requests served, by route and status code.")
	for _, k := range keys {
		m.mu.RLock()
		c := m.requests[k]
		m.mu.RUnlock()
		fmt.Fprintf(w, "dossier_http_requests_total{route=%s,code=\"%d\"} %d\n", quote(k.route), k.status, c.Load())
	}
	family("dossier_http_request_duration_seconds", "histogram", "Time from request to response, by route.")
	for _, r := range routes {
		m.mu.RLock()
		h := m.latency[r]
		m.mu.RUnlock()
		var cum uint64
		for i, le := range latencyBuckets {
			cum += h.counts[i].Load()
			fmt.Fprintf(w, "dossier_http_request_duration_seconds_bucket{route=%s,le=\"%s\"} %d\n", quote(r), formatFloat(le), cum)
		}
		cum += h.counts[len(latencyBuckets)].Load()
		fmt.Fprintf(w, "dossier_http_request_duration_seconds_bucket{route=%s,le=\"+Inf\"} %d\n", quote(r), cum)
		fmt.Fprintf(w, "dossier_http_request_duration_seconds_sum{route=%s} %s\n", quote(r), formatFloat(float64(h.sumNs.Load())/1e9))
		fmt.Fprintf(w, "dossier_http_request_duration_seconds_count{route=%s} %d\n", quote(r), h.count.Load())
	}
	family("dossier_http_requests_in_flight", "gauge", "Requests being served now.")
	fmt.Fprintf(w, "dossier_http_requests_in_flight %d\n", m.inFlight.Load())

	family("dossier_index_ready", "gauge", "1 once the screening index is built.")
	fmt.Fprintf(w, "dossier_index_ready %d\n", b2i(ix.ready))
	family("dossier_index_entities", "gauge", "Screenable list entities in the index.")
	fmt.Fprintf(w, "dossier_index_entities %d\n", ix.entities)
	family("dossier_index_stored_entities", "gauge", "List entities of the current versions held in memory, screenable or not.")
	fmt.Fprintf(w, "dossier_index_stored_entities %d\n", ix.stored)
	family("dossier_index_builds_total", "counter", "Index builds completed.")
	fmt.Fprintf(w, "dossier_index_builds_total %d\n", ix.builds)
	family("dossier_index_build_failures_total", "counter", "Index builds that failed (the previous index stays in use).")
	fmt.Fprintf(w, "dossier_index_build_failures_total %d\n", ix.failures)
	family("dossier_index_build_seconds", "gauge", "Duration of the last index build.")
	fmt.Fprintf(w, "dossier_index_build_seconds %s\n", formatFloat(ix.lastBuild.Seconds()))
	family("dossier_index_built_timestamp_seconds", "gauge", "Unix time the current index was built.")
	built := 0.0
	if !ix.lastBuiltAt.IsZero() {
		built = float64(ix.lastBuiltAt.UnixMilli()) / 1000
	}
	fmt.Fprintf(w, "dossier_index_built_timestamp_seconds %s\n", formatFloat(built))

	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	family("dossier_process_start_time_seconds", "gauge", "Unix time the server started.")
	fmt.Fprintf(w, "dossier_process_start_time_seconds %s\n", formatFloat(float64(m.started.UnixMilli())/1000))
	family("dossier_go_goroutines", "gauge", "Goroutines that currently exist.")
	fmt.Fprintf(w, "dossier_go_goroutines %d\n", runtime.NumGoroutine())
	family("dossier_go_heap_alloc_bytes", "gauge", "Bytes of allocated heap objects.")
	fmt.Fprintf(w, "dossier_go_heap_alloc_bytes %d\n", ms.HeapAlloc)
	family("dossier_go_sys_bytes", "gauge", "Bytes of memory obtained from the operating system.")
	fmt.Fprintf(w, "dossier_go_sys_bytes %d\n", ms.Sys)
	family("dossier_go_gc_cycles_total", "counter", "Completed garbage collection cycles.")
	fmt.Fprintf(w, "dossier_go_gc_cycles_total %d\n", ms.NumGC)
	return w.Flush()
}

// quote writes a label value: double-quoted, with backslash, quote and
// newline escaped as the exposition format requires.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func formatFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "+Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	case math.IsNaN(f):
		return "NaN"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
