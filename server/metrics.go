package server

import (
	"net/http"
	"runtime"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"dossier"
)

// latencyBuckets are the upper bounds, in seconds, of the request
// duration histogram.
var latencyBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}

// metrics counts requests per route and status and times them per
// route, in a Prometheus registry of the server's own (so that two
// servers in one process, as in tests, count apart). The registry also
// holds the client library's standard go_* and process_* collectors, the
// index's figures, read when scraped, and dossier's own runtime gauges,
// kept under their earlier names for the dashboards that use them.
type metrics struct {
	reg      *prometheus.Registry
	handler  http.Handler
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	inFlight atomic.Int64
	started  time.Time
}

// newMetrics returns the server's metrics; stats reports the index when
// scraped.
func newMetrics(stats func() indexStats) *metrics {
	m := &metrics{reg: prometheus.NewRegistry(), started: time.Now()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "dossier_http_requests_total", Help: "HTTP requests served, by route and status code.",
	}, []string{"route", "code"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "dossier_http_request_duration_seconds", Help: "Time from request to response, by route.",
		Buckets: latencyBuckets,
	}, []string{"route"})
	buildInfo := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "dossier_build_info", Help: "Version of the running binary; always 1.",
	}, []string{"version", "goversion"})
	buildInfo.WithLabelValues(dossier.Version, runtime.Version()).Set(1)
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.latency, buildInfo,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "dossier_http_requests_in_flight", Help: "Requests being served now.",
		}, func() float64 { return float64(m.inFlight.Load()) }),
		&indexCollector{stats: stats},
		&runtimeCollector{started: m.started},
	)
	m.handler = promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
	return m
}

// observe records one finished request.
func (m *metrics) observe(route string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
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

var (
	descIndexReady    = prometheus.NewDesc("dossier_index_ready", "1 once the screening index is built.", nil, nil)
	descIndexEntities = prometheus.NewDesc("dossier_index_entities", "Screenable list entities in the index.", nil, nil)
	descIndexStored   = prometheus.NewDesc("dossier_index_stored_entities",
		"List entities of the current versions held in memory, screenable or not.", nil, nil)
	descIndexBuilds   = prometheus.NewDesc("dossier_index_builds_total", "Index builds completed.", nil, nil)
	descIndexFailures = prometheus.NewDesc("dossier_index_build_failures_total",
		"Index builds that failed (the previous index stays in use).", nil, nil)
	descIndexBuildSeconds = prometheus.NewDesc("dossier_index_build_seconds", "Duration of the last index build.", nil, nil)
	descIndexBuiltAt      = prometheus.NewDesc("dossier_index_built_timestamp_seconds", "Unix time the current index was built.", nil, nil)
)

// indexCollector reports the index as it is when scraped.
type indexCollector struct{ stats func() indexStats }

func (c *indexCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descIndexReady, descIndexEntities, descIndexStored, descIndexBuilds,
		descIndexFailures, descIndexBuildSeconds, descIndexBuiltAt} {
		ch <- d
	}
}

func (c *indexCollector) Collect(ch chan<- prometheus.Metric) {
	ix := c.stats()
	built := 0.0
	if !ix.lastBuiltAt.IsZero() {
		built = float64(ix.lastBuiltAt.UnixMilli()) / 1000
	}
	ready := 0.0
	if ix.ready {
		ready = 1
	}
	ch <- prometheus.MustNewConstMetric(descIndexReady, prometheus.GaugeValue, ready)
	ch <- prometheus.MustNewConstMetric(descIndexEntities, prometheus.GaugeValue, float64(ix.entities))
	ch <- prometheus.MustNewConstMetric(descIndexStored, prometheus.GaugeValue, float64(ix.stored))
	ch <- prometheus.MustNewConstMetric(descIndexBuilds, prometheus.CounterValue, float64(ix.builds))
	ch <- prometheus.MustNewConstMetric(descIndexFailures, prometheus.CounterValue, float64(ix.failures))
	ch <- prometheus.MustNewConstMetric(descIndexBuildSeconds, prometheus.GaugeValue, ix.lastBuild.Seconds())
	ch <- prometheus.MustNewConstMetric(descIndexBuiltAt, prometheus.GaugeValue, built)
}

var (
	descStart      = prometheus.NewDesc("dossier_process_start_time_seconds", "Unix time the server started.", nil, nil)
	descGoroutines = prometheus.NewDesc("dossier_go_goroutines", "Goroutines that currently exist.", nil, nil)
	descHeapAlloc  = prometheus.NewDesc("dossier_go_heap_alloc_bytes", "Bytes of allocated heap objects.", nil, nil)
	descSys        = prometheus.NewDesc("dossier_go_sys_bytes", "Bytes of memory obtained from the operating system.", nil, nil)
	descGCCycles   = prometheus.NewDesc("dossier_go_gc_cycles_total", "Completed garbage collection cycles.", nil, nil)
)

// runtimeCollector reports dossier's own runtime gauges, which predate
// the standard go_* and process_* series and are kept for compatibility.
type runtimeCollector struct{ started time.Time }

func (c *runtimeCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descStart, descGoroutines, descHeapAlloc, descSys, descGCCycles} {
		ch <- d
	}
}

func (c *runtimeCollector) Collect(ch chan<- prometheus.Metric) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	ch <- prometheus.MustNewConstMetric(descStart, prometheus.GaugeValue, float64(c.started.UnixMilli())/1000)
	ch <- prometheus.MustNewConstMetric(descGoroutines, prometheus.GaugeValue, float64(runtime.NumGoroutine()))
	ch <- prometheus.MustNewConstMetric(descHeapAlloc, prometheus.GaugeValue, float64(ms.HeapAlloc))
	ch <- prometheus.MustNewConstMetric(descSys, prometheus.GaugeValue, float64(ms.Sys))
	ch <- prometheus.MustNewConstMetric(descGCCycles, prometheus.CounterValue, float64(ms.NumGC))
}
