package monitor_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"dossier"
	"dossier/lists"
	"dossier/screen"
	"dossier/sqlite"
)

// realSDN loads the OFAC SDN list of ../shared/data into db, or skips.
func realSDN(b *testing.B, db *sqlite.DB) (*screen.Index, []*dossier.Entity) {
	b.Helper()
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "shared", "data", "ofac", "sdn-2021-07")
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("shared data not found at %s: the benchmark screens against the real SDN list", dir)
	}
	ctx := context.Background()
	l, err := lists.Load(ctx, dir)
	if err != nil {
		b.Fatal(err)
	}
	ls := sqlite.NewListService(db)
	if _, err := ls.CreateListVersion(ctx, &l.Version, l.Entities); err != nil {
		b.Fatal(err)
	}
	ix, err := screen.Build(ctx, ls)
	if err != nil {
		b.Fatal(err)
	}
	return ix, l.Entities
}

// customers is a customer file of n subjects: every tenth a person of
// the list written as news writes names ("Diosdado Cabello Rondon"), the
// rest names that are on no list.
func customers(entities []*dossier.Entity, n int) string {
	var persons []string
	for _, e := range entities {
		if e.Schema == "Person" && e.First("firstName") != "" && e.First("lastName") != "" {
			persons = append(persons, e.First("firstName")+" "+e.First("lastName"))
		}
	}
	given := []string{"Maria", "John", "Aiko", "Olumide", "Sven", "Priya", "Chen", "Fatima", "Luis", "Anna"}
	family := []string{"Okafor", "Lindqvist", "Tanaka", "Moreau", "Haddad", "Kowalski", "Nguyen", "Ferreira", "Schmidt", "Patel"}
	var b strings.Builder
	b.WriteString("id,full_name\n")
	for i := 0; i < n; i++ {
		name := given[i%10] + " " + family[(i/10)%10] + fmt.Sprintf(" %c", 'A'+i%26)
		if i%10 == 0 {
			name = persons[(i*7919)%len(persons)]
		}
		fmt.Fprintf(&b, "C%06d,%s\n", i, name)
	}
	return b.String()
}

// BenchmarkScreenWatches measures a re-screen of 1,000 watches against
// the SDN list after a list update that changed nothing for them (the
// steady state: hits found, deduplicated, no alert).
func BenchmarkScreenWatches(b *testing.B) {
	ctx := context.Background()
	e := newEnv(b)
	ix, entities := realSDN(b, e.db)
	if _, _, err := e.m.ImportWatches(ctx, strings.NewReader(customers(entities, 1000)), "customers.csv"); err != nil {
		b.Fatal(err)
	}
	st, err := e.m.ScreenWatches(ctx, ix) // the first screen raises the alerts
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("first screen: %+v", st)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if st, err = e.m.ScreenWatches(ctx, ix); err != nil || st.New+st.Changed != 0 {
			b.Fatal(st, err)
		}
	}
	b.ReportMetric(float64(b.N*st.Watches)/b.Elapsed().Seconds(), "watches/s")
}

// BenchmarkJob measures a batch job of 1,000 rows against the SDN list,
// each row's result committed with the progress.
func BenchmarkJob(b *testing.B) {
	ctx := context.Background()
	db := MustOpenDB(b)
	ix, entities := realSDN(b, db)
	input := customers(entities, 1000)
	jobs := newJobs(db, ix)
	store := sqlite.NewJobService(db)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		j := &dossier.Job{Kind: dossier.JobScreenBatch, Input: input, InputName: "customers.csv"}
		if err := store.CreateJob(ctx, j); err != nil {
			b.Fatal(err)
		}
		if err := jobs.Run(ctx, j.ID); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "rows/s")
}
