// Package benchload is what dossier's benchmarks measure with: requests
// posted from many loopback clients at once (Post), the process's CPU
// time (ProcessCPU) and the machine's load average (LoadAverage), so
// that every figure can be reported beside the load it was taken under.
package benchload

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Result is what a Post run measured.
type Result struct {
	Requests int
	Elapsed  time.Duration
	P50, P99 time.Duration
	Errors   int64
	// CPU is this process's CPU time over the run (clients and, for a
	// server in the same process, the server too); 0 where unknown.
	CPU time.Duration
}

// PerSecond is the request rate.
func (r Result) PerSecond() float64 { return float64(r.Requests) / r.Elapsed.Seconds() }

// CPUPerRequest is the CPU time per request, 0 where unknown.
func (r Result) CPUPerRequest() time.Duration {
	if r.Requests == 0 {
		return 0
	}
	return r.CPU / time.Duration(r.Requests)
}

// Post posts the bodies in turn, as JSON with a bearer token, from 8
// clients per core (b.RunParallel), each request to the next of
// targets, b.N requests in all; a request that fails or answers other
// than 200 counts as an error. It reports req/s, p50-ms, p99-ms and
// errors on b, and cpu-ms/req where the CPU time is known.
func Post(b *testing.B, targets []string, token string, bodies [][]byte) Result {
	b.Helper()
	transport := &http.Transport{MaxIdleConns: 64, MaxIdleConnsPerHost: 64, MaxConnsPerHost: 64}
	client := &http.Client{Transport: transport, Timeout: 60 * time.Second}
	defer transport.CloseIdleConnections()
	var (
		errs    atomic.Int64
		next    atomic.Int64
		mu      sync.Mutex
		latency []time.Duration
	)
	b.SetParallelism(8)
	b.ResetTimer()
	cpu0 := ProcessCPU()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var lat []time.Duration
		for pb.Next() {
			i := next.Add(1)
			req, _ := http.NewRequest("POST", targets[i%int64(len(targets))], bytes.NewReader(bodies[i%int64(len(bodies))]))
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/json")
			t0 := time.Now()
			resp, err := client.Do(req)
			if err != nil {
				errs.Add(1)
				continue
			}
			_, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			lat = append(lat, time.Since(t0))
			if err != nil || resp.StatusCode != http.StatusOK {
				errs.Add(1)
			}
		}
		mu.Lock()
		latency = append(latency, lat...)
		mu.Unlock()
	})
	r := Result{Requests: b.N, Elapsed: time.Since(start), Errors: errs.Load()}
	if cpu := ProcessCPU(); cpu0 > 0 {
		r.CPU = cpu - cpu0
	}
	b.StopTimer()
	slices.Sort(latency)
	pct := func(p float64) time.Duration {
		if len(latency) == 0 {
			return 0
		}
		return latency[min(len(latency)-1, int(p*float64(len(latency))))]
	}
	r.P50, r.P99 = pct(0.50), pct(0.99)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(r.PerSecond(), "req/s")
	b.ReportMetric(ms(r.P50), "p50-ms")
	b.ReportMetric(ms(r.P99), "p99-ms")
	b.ReportMetric(float64(r.Errors), "errors")
	if r.CPU > 0 {
		b.ReportMetric(float64(r.CPUPerRequest().Microseconds())/1000, "cpu-ms/req")
	}
	return r
}

// String is the run in a line, with the load average at its end.
func (r Result) String() string {
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	s := fmt.Sprintf("%d requests in %s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors", r.Requests,
		r.Elapsed.Round(time.Millisecond), r.PerSecond(), ms(r.P50), ms(r.P99), r.Errors)
	if c := r.CPUPerRequest(); c > 0 {
		s += fmt.Sprintf("; %.3f CPU-ms/request (%.0f req/s on 2 unshared cores)", ms(c), 2/c.Seconds())
	}
	return s + "; load average " + LoadAverage()
}

// MatchBodies returns n /match request bodies, half of them for names
// of listNames ("LAST, First" turned round), half for common names on
// no list, every fourth with a birth year and every fourth with a
// nationality; the same for the same arguments.
func MatchBodies(listNames []string, n int) [][]byte {
	r := rand.New(rand.NewPCG(7, 11))
	others := []string{"Maria Fernanda Gomez", "John Smith", "Li Wei", "Oliver Brown", "Ahmed Hassan",
		"Elena Petrova", "Kenji Tanaka", "Fatima Zahra Benali", "Carlos Alberto Pereira", "Anna Kowalska"}
	out := make([][]byte, 0, n)
	for i := range n {
		var name string
		if r.IntN(2) == 0 || len(listNames) == 0 {
			name = others[r.IntN(len(others))]
		} else {
			name = listNames[r.IntN(len(listNames))]
			if last, first, ok := strings.Cut(name, ", "); ok {
				name = first + " " + last
			}
		}
		props := map[string][]string{"name": {name}}
		switch i % 4 {
		case 1:
			props["birthDate"] = []string{fmt.Sprint(1950 + r.IntN(40))}
		case 2:
			props["nationality"] = []string{[]string{"ru", "ir", "ve", "kp", "sy"}[r.IntN(5)]}
		}
		body, _ := json.Marshal(map[string]any{"queries": map[string]any{"q": map[string]any{"schema": "Person", "properties": props}}})
		out = append(out, body)
	}
	return out
}

// LoadAverage is the first line of /proc/loadavg, or "unknown".
func LoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(b))
}
