package link_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"dossier/ingest"
	"dossier/link"
	"dossier/lists"
	"dossier/pipeline"
	"dossier/screen"
	"dossier/sqlite"
)

// BenchmarkRelink re-links the 16 sample articles against the real OFAC
// SDN list (from ../shared/data; skipped when absent), the steady state
// after a list update: every entity screened, no link rewritten.
func BenchmarkRelink(b *testing.B) {
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "shared", "data", "ofac", "sdn-2021-07")
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("shared data not found at %s: the benchmark links against the real SDN list", dir)
	}
	ctx := context.Background()
	db, _ := MustOpenDB(b)
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
	in := ingest.NewIngester(sqlite.NewDocumentService(db))
	in.Extractor, in.Extractions = pipeline.Default(), sqlite.NewExtractionService(db)
	if _, err := in.Run(ctx, []string{"../testdata/articles"}, nil); err != nil {
		b.Fatal(err)
	}
	linker := link.NewLinker(sqlite.NewLinkService(db))
	st, err := linker.Relink(ctx, ix)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("first link: %+v", st)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if st, err = linker.Relink(ctx, ix); err != nil || st.Added+st.Changed+st.Removed != 0 {
			b.Fatal(st, err)
		}
	}
	b.ReportMetric(float64(b.N*st.Documents)/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(float64(b.N*st.Entities)/b.Elapsed().Seconds(), "entities/s")
}
