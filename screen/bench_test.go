package screen_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"dossier"
	"dossier/lists"
	"dossier/screen"
)

// benchQueries returns queries a screening desk sees: list names as
// customers write them (reordered, accents, one part dropped) and names
// that are on no list.
func benchQueries(ix *screen.Index, entities []*dossier.Entity, n int) []screen.Query {
	r := rand.New(rand.NewPCG(1, 2))
	others := []string{"Maria Fernanda Gomez", "John Smith", "Acme Trading Ltd", "Li Wei", "Oliver Brown",
		"Pacific Shipping Company", "Ahmed Hassan", "Elena Petrova", "Global Logistics SA", "Kenji Tanaka"}
	var qs []screen.Query
	for len(qs) < n {
		if r.IntN(2) == 0 {
			qs = append(qs, screen.Query{Name: others[r.IntN(len(others))]})
			continue
		}
		e := entities[r.IntN(len(entities))]
		name := e.Caption
		if last, first, ok := strings.Cut(name, ", "); ok {
			name = first + " " + last // news order
		}
		qs = append(qs, screen.Query{Name: name})
	}
	return qs
}

// BenchmarkScreenRealLists screens against OFAC SDN, OFAC non-SDN and the
// UN list on one core, reporting queries/s and latency percentiles.
func BenchmarkScreenRealLists(b *testing.B) {
	data := sharedData(b)
	bld := screen.NewBuilder()
	var targets []*dossier.Entity
	start := time.Now()
	for _, p := range []string{"ofac/sdn-2021-07", "ofac/cons", "un/consolidated-2026-02-27.xml"} {
		l, err := lists.Load(context.Background(), filepath.Join(data, p))
		if err != nil {
			b.Fatal(err)
		}
		for _, e := range l.Entities {
			bld.Add(e)
		}
		targets = append(targets, l.Targets()...)
	}
	ix := bld.Index()
	b.Logf("loaded and indexed %d entities in %s", ix.Len(), time.Since(start).Round(time.Millisecond))
	runQueries(b, ix, benchQueries(ix, targets, 2000))
	b.ReportMetric(float64(ix.Len()), "entities")
}

func runQueries(b *testing.B, ix *screen.Index, qs []screen.Query) {
	b.ReportAllocs()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t := time.Now()
		ix.Screen(qs[i%len(qs)])
		lat = append(lat, time.Since(t))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "queries/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkScreenSynthetic1M builds a list of a million people and
// companies from real name parts (given names from the nickname list,
// family names and company words from OFAC SDN) and screens against it.
// It is slow to set up: run it alone, e.g.
//
//	go test -run='^$' -bench=Synthetic1M -benchtime=3000x -cpu=1 ./screen
//
// The index is built once per process (the testing package calls a
// benchmark more than once), so that the peak RSS it reports is that of
// one build.
func BenchmarkScreenSynthetic1M(b *testing.B) {
	n := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("DOSSIER_BENCH_ENTITIES")); err == nil && v > 0 {
		n = v // a smaller list, for profiling
	}
	if synthetic.ix == nil || synthetic.n != n {
		synthetic.ix = nil
		synthetic.sample = nil
		buildSynthetic(b, n)
	}
	s := &synthetic
	runQueries(b, s.ix, benchQueries(s.ix, s.sample, 2000))
	// After runQueries: ResetTimer drops metrics reported before it.
	b.ReportMetric(s.build.Seconds(), "build-s")
	b.ReportMetric(float64(s.heap)/(1<<20), "heap-MiB")
	b.ReportMetric(float64(s.rss)/(1<<20), "rss-MiB")
	b.ReportMetric(float64(s.peak)/(1<<20), "peak-rss-MiB")
}

// synthetic is the index BenchmarkScreenSynthetic1M built, and what it
// measured while building it.
var synthetic struct {
	n         int
	ix        *screen.Index
	sample    []*dossier.Entity
	build     time.Duration
	heap      uint64 // heap in use after building, less before
	rss, peak int64  // VmRSS after building, VmHWM (the peak, building included)
}

func buildSynthetic(b *testing.B, n int) {
	data := sharedData(b)
	given, family, words := nameParts(b, data)
	r := rand.New(rand.NewPCG(3, 4))
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	bld := screen.NewBuilder()
	var sample []*dossier.Entity
	for i := 0; i < n; i++ {
		var e *dossier.Entity
		if i%4 == 3 {
			e = dossier.NewEntity("Company", fmt.Sprintf("syn-%d", i))
			name := words[r.IntN(len(words))] + " " + words[r.IntN(len(words))] + " " + []string{"LLC", "LTD", "S.A.", "GMBH", "TRADING CO"}[r.IntN(5)]
			e.Add("name", name)
			e.Caption = name
		} else {
			e = dossier.NewEntity("Person", fmt.Sprintf("syn-%d", i))
			name := family[r.IntN(len(family))] + ", " + given[r.IntN(len(given))]
			if r.IntN(3) == 0 {
				name = family[r.IntN(len(family))] + " " + name
			}
			e.Add("name", name)
			e.Caption = name
			if r.IntN(2) == 0 {
				e.Add("birthDate", fmt.Sprintf("%d", 1940+r.IntN(60)))
			}
		}
		bld.Add(e)
		if i%1000 == 0 {
			sample = append(sample, e)
		}
	}
	ix := bld.Index()
	synthetic.build = time.Since(start)
	debug.FreeOSMemory() // what a server does after building: return the build's garbage
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	synthetic.n, synthetic.ix, synthetic.sample = n, ix, sample
	synthetic.heap = after.HeapAlloc - before.HeapAlloc
	synthetic.rss, synthetic.peak = procStatus("VmRSS:"), procStatus("VmHWM:")
}

// procStatus returns a size field of /proc/self/status (VmRSS:, the
// resident set; VmHWM:, its peak), in bytes.
func procStatus(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, field) {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, field)), "%d", &kb)
			return kb << 10
		}
	}
	return 0
}

// nameParts reads given names from the nickname list and family names
// and company words from OFAC SDN.
func nameParts(tb testing.TB, data string) (given, family, words []string) {
	f, err := os.Open(filepath.Join(data, "names", "nicknames.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		for _, g := range strings.Split(sc.Text(), ",") {
			if g != "" && !strings.ContainsAny(g, " '") {
				given = append(given, strings.ToUpper(g[:1])+g[1:])
			}
		}
	}
	l, err := lists.Load(context.Background(), filepath.Join(data, "ofac", "sdn-2021-07"))
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range l.Targets() {
		if e.Schema == "Person" {
			family = append(family, strings.Fields(e.First("lastName"))...)
		} else {
			for _, w := range strings.Fields(e.Caption) {
				if len(w) > 3 && strings.Trim(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
					words = append(words, w)
				}
			}
		}
	}
	return given, family, words
}
