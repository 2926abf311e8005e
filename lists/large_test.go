package lists_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sync"
	"testing"
	"time"

	"dossier"
	"dossier/lists"
	"dossier/lists/internal/listtest"
)

// reDataID finds a record's DATAID.
var reDataID = regexp.MustCompile(`<DATAID>\d+</DATAID>`)

// WriteLargeUN writes a UN list of at least size bytes into dir from
// the real list's INDIVIDUAL records repeated, each with a new DATAID,
// and returns its path and record count.
func WriteLargeUN(tb testing.TB, dir string, size int64) (string, int) {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(listtest.DataDir(tb, "un"), "consolidated-2026-02-27.xml"))
	if err != nil {
		tb.Fatal(err)
	}
	recs := regexp.MustCompile(`(?s)<INDIVIDUAL>.*?</INDIVIDUAL>`).FindAllString(string(data), -1)
	p := filepath.Join(dir, "large-un.xml")
	head := "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CONSOLIDATED_LIST dateGenerated=\"2026-02-27T00:00:09.554Z\">\n<INDIVIDUALS>\n"
	n, written := 0, int64(len(head))
	listtest.WriteBuffered(tb, p, func(w *bufio.Writer) {
		w.WriteString(head)
		for written < size {
			rec := reDataID.ReplaceAllLiteralString(recs[n%len(recs)], fmt.Sprintf("<DATAID>%d</DATAID>", n+1))
			w.WriteString(rec)
			w.WriteByte('\n')
			written += int64(len(rec)) + 1
			n++
		}
		w.WriteString("</INDIVIDUALS>\n</CONSOLIDATED_LIST>\n")
	})
	return p, n
}

// heapPeak samples the heap in use until stop is called, and returns
// its peak.
func heapPeak() (stop func() uint64) {
	var (
		mu   sync.Mutex
		peak uint64
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	sample := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		mu.Lock()
		peak = max(peak, m.HeapInuse)
		mu.Unlock()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				sample()
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		sample()
		return peak
	}
}

// counter is a Sink that counts and drops what it is given.
type counter struct{ n int }

func (c *counter) Begin(*dossier.ListVersion) error { return nil }
func (c *counter) Add(*dossier.Entity) error        { c.n++; return nil }

// largeMB is the size of the generated files of the large-list
// benchmarks: 200 MB, or DOSSIER_LARGE_MB.
func largeMB() int64 {
	size := int64(200)
	if s := os.Getenv("DOSSIER_LARGE_MB"); s != "" {
		fmt.Sscan(s, &size)
	}
	return size
}

// benchLoadLarge loads the list at p, returned whole ("whole") and
// handed to a sink that counts and drops it ("sink", as "dossier lists
// load" does into the database), and reports the peak heap in use
// (peak-MB) and the heap still live after the load (live-MB). check
// says what is wrong with the list and the count handed to the sink
// (-1 when returned whole), or "".
func benchLoadLarge(b *testing.B, p string, check func(l *lists.List, handed int) string) {
	fi, err := os.Stat(p)
	if err != nil {
		b.Fatal(err)
	}
	for _, sink := range []bool{false, true} {
		name := "whole"
		if sink {
			name = "sink"
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(fi.Size())
			b.ReportAllocs()
			for b.Loop() {
				runtime.GC()
				var opts lists.Options
				c := &counter{n: -1}
				if sink {
					c.n = 0
					opts.Sink = c
				}
				stop := heapPeak()
				l, err := lists.LoadOptions(context.Background(), opts, p)
				if err != nil {
					b.Fatal(err)
				}
				peak := stop()
				if msg := check(l, c.n); msg != "" {
					b.Fatal(msg)
				}
				runtime.GC()
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
				b.ReportMetric(float64(m.HeapAlloc)/(1<<20), "live-MB")
				runtime.KeepAlive(l)
			}
		})
	}
}

// targetsCheck is the check of a list of n targets, each handed over
// with its Sanction entity.
func targetsCheck(n int) func(*lists.List, int) string {
	return func(l *lists.List, handed int) string {
		if l.Version.Targets != n || handed >= 0 && handed != 2*n {
			return fmt.Sprintf("%d targets (%d handed over), want %d", l.Version.Targets, handed, n)
		}
		return ""
	}
}

// BenchmarkLoadLargeUN loads a 200 MB UN list generated from the real
// one (set DOSSIER_LARGE_MB for another size), returned whole ("whole")
// and handed record by record to a sink that drops it ("sink", as
// "dossier lists load" does into the database), and reports the peak
// heap in use (peak-MB) and the heap still live after the load
// (live-MB).
func BenchmarkLoadLargeUN(b *testing.B) {
	size := largeMB()
	p, n := WriteLargeUN(b, b.TempDir(), size<<20)
	benchLoadLarge(b, p, targetsCheck(n))
}

// WriteLargeFtM writes a FollowTheMoney file of at least size bytes
// into dir from the real zala export repeated, each copy's IDs (and
// the references to them) suffixed with the copy's number and every
// entity of dataset large_test, and returns its path and the number of
// entities and targets.
func WriteLargeFtM(tb testing.TB, dir string, size int64) (string, int, int) {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(listtest.DataDir(tb, "ftm"), "zala.ftm.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	type entity struct {
		ID         string              `json:"id"`
		Schema     string              `json:"schema"`
		Caption    string              `json:"caption"`
		Properties map[string][]string `json:"properties"`
		Datasets   []string            `json:"datasets"`
	}
	var es []entity
	ids := map[string]bool{}
	for _, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var e entity
		if err := json.Unmarshal(line, &e); err != nil {
			tb.Fatal(err)
		}
		es, ids[e.ID] = append(es, e), true
	}
	p := filepath.Join(dir, "large.ftm.jsonl")
	var written int64
	n, targets := 0, 0
	listtest.WriteBuffered(tb, p, func(w *bufio.Writer) {
		for r := 0; written < size; r++ {
			suffix := fmt.Sprintf("-r%d", r)
			for _, e := range es {
				props := make(map[string][]string, len(e.Properties))
				for k, vs := range e.Properties {
					out := make([]string, len(vs))
					for i, v := range vs {
						if ids[v] {
							v += suffix
						}
						out[i] = v
					}
					props[k] = out
				}
				line, err := json.Marshal(entity{e.ID + suffix, e.Schema, e.Caption, props, []string{"large_test"}})
				if err != nil {
					tb.Fatal(err)
				}
				w.Write(line)
				w.WriteByte('\n')
				written += int64(len(line)) + 1
				n++
				if dossier.IsThing(e.Schema) {
					targets++
				}
			}
		}
	})
	return p, n, targets
}

// BenchmarkLoadLargeFtM is BenchmarkLoadLargeUN for a FollowTheMoney
// file generated from the real zala export (WriteLargeFtM).
func BenchmarkLoadLargeFtM(b *testing.B) {
	size := largeMB()
	p, n, targets := WriteLargeFtM(b, b.TempDir(), size<<20)
	benchLoadLarge(b, p, func(l *lists.List, handed int) string {
		if l.Version.Entities != n || l.Version.Targets != targets || handed >= 0 && handed != n {
			return fmt.Sprintf("%d entities, %d targets (%d handed over), want %d, %d", l.Version.Entities, l.Version.Targets, handed, n, targets)
		}
		return ""
	})
}

// BenchmarkLoadLargeAdvanced is BenchmarkLoadLargeUN for an OFAC
// advanced XML file generated from the fixture's parties repeated
// (listtest.WriteLargeAdvanced).
func BenchmarkLoadLargeAdvanced(b *testing.B) {
	size := largeMB()
	p, n := listtest.WriteLargeAdvanced(b, b.TempDir(), "ofac/testdata/SDN_ADVANCED.XML", size<<20)
	benchLoadLarge(b, p, targetsCheck(n))
}

// BenchmarkLoadLargeUKXML is BenchmarkLoadLargeUN for an OFSI
// ConList.xml generated from the fixture's rows repeated
// (listtest.WriteLargeUK).
func BenchmarkLoadLargeUKXML(b *testing.B) {
	benchLoadLargeUK(b, "uk/testdata/ConList.xml")
}

func benchLoadLargeUK(b *testing.B, fixture string) {
	size := largeMB()
	p, n := listtest.WriteLargeUK(b, b.TempDir(), fixture, size<<20)
	benchLoadLarge(b, p, targetsCheck(n))
}

// BenchmarkLoadLargeUKCSV is BenchmarkLoadLargeUKXML for ConList.csv.
func BenchmarkLoadLargeUKCSV(b *testing.B) {
	benchLoadLargeUK(b, "uk/testdata/ConList.csv")
}
