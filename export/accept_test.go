package export

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"dossier"
	"dossier/corpus"
	"dossier/lists"
	"dossier/pipeline"
	"dossier/sqlite"
)

// The real lists and articles of the shared data folder next to the
// repository.
const (
	sharedOFAC     = "../../shared/data/ofac/sdn-2021-07"
	sharedUN       = "../../shared/data/un/consolidated-2026-02-27.xml"
	sharedArticles = "../../shared/data/adverse/training.csv"
)

func skipWithoutShared(tb testing.TB, paths ...string) {
	tb.Helper()
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			tb.Skipf("%s absent (the shared data folder ../shared/data next to the repository): %v", p, err)
		}
	}
}

// TestExportValidates is the acceptance test of the export: the OFAC SDN
// list and the UN list as loaded, plus real news articles extracted and
// stored in a database, export to FtM lines every one of which the
// model accepts (schemata, property names, dates, URLs, topics, entity
// references and their ranges).
func TestExportValidates(t *testing.T) {
	skipWithoutShared(t, sharedOFAC, sharedUN, sharedArticles)
	if testing.Short() {
		t.Skip("loads two full lists and extracts articles; not with -short")
	}
	ctx := context.Background()
	var ents listSlice
	for _, path := range []string{sharedOFAC, sharedUN} {
		l, err := lists.Load(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		ents = append(ents, l.Entities...)
	}

	db := sqlite.NewDB(filepath.Join(t.TempDir(), "news.db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	docs, xs := sqlite.NewDocumentService(db), sqlite.NewExtractionService(db)
	rows, err := corpus.LoadRows(sharedArticles)
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(rows, func(a, b corpus.Row) int { return strings.Compare(a.Key, b.Key) })
	// Articles in key order until they give claims and relations of
	// several kinds, at most 40.
	p := pipeline.Default()
	var stored, relations, claims int
	for _, row := range rows {
		if row.Status != corpus.StatusUsable {
			continue
		}
		if stored == 40 || stored >= 12 && relations >= 8 && claims >= 10 {
			break
		}
		d := &dossier.Document{ID: dossier.DocumentID(row.Article), Text: row.Article, URL: row.URL, Format: "text", Origin: sharedArticles}
		if created, err := docs.CreateDocument(ctx, d); err != nil || !created {
			continue // a repeated article
		}
		x, err := p.Extract(ctx, d.ID, d.Text)
		if err != nil {
			t.Fatal(err)
		}
		if err := xs.SaveExtraction(ctx, x); err != nil {
			t.Fatal(err)
		}
		stored++
		relations += len(x.Relations)
		claims += len(x.Claims)
	}

	var buf bytes.Buffer
	st, err := (&Exporter{Lists: ents, News: xs, IncludeNews: true}).Export(ctx, &buf)
	if err != nil {
		t.Fatal(err)
	}
	r := mustValidate(t, buf.Bytes())
	t.Logf("%d articles, %d relations, %d claims stored; %d claims exported, %d unattached", stored, relations, claims, st.Claims, st.Unattached)
	if st.Documents != stored || r.Schemata["Article"] != stored {
		t.Errorf("%d documents read, %d Articles written, want %d", st.Documents, r.Schemata["Article"], stored)
	}
	for _, s := range []string{"Person", "Organization", "Company", "Vessel", "Airplane", "Sanction", "Documentation"} {
		if r.Schemata[s] == 0 {
			t.Errorf("no %s exported", s)
		}
	}
	if st.Claims+st.Unattached != claims || st.Claims == 0 {
		t.Errorf("%d claims exported and %d unattached, of %d stored", st.Claims, st.Unattached, claims)
	}
	var edges int
	for _, s := range []string{"Employment", "Directorship", "Ownership", "Membership", "Family", "Associate", "Representation", "Occupancy", "UnknownLink"} {
		edges += r.Schemata[s]
	}
	if edges == 0 {
		t.Errorf("no relation edge exported of %d relations", relations)
	}
	if r.Schemata["Occupancy"] > 0 && r.Schemata["Position"] == 0 {
		t.Errorf("occupancies without a position")
	}
}
