package ingest_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier"
	"dossier/ingest"
	"dossier/read"
	"dossier/sqlite"
)

func mustStore(tb testing.TB) *sqlite.DocumentService {
	tb.Helper()
	db := sqlite.NewDB(filepath.Join(tb.TempDir(), "t.db"))
	if err := db.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return sqlite.NewDocumentService(db)
}

func writeFiles(tb testing.TB, files map[string]string) string {
	tb.Helper()
	dir := tb.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

func TestIngestTwiceStoresOnce(t *testing.T) {
	ctx := context.Background()
	dir := writeFiles(t, map[string]string{
		"a.txt":          "Defector says general ran cartel\n\nThe former bodyguard told investigators the general ran the cartel.",
		"b/c.txt":        "Central bank holds rates\n\nThe central bank kept its rate at 5.25 percent.",
		"b/mojibake.txt": "Minister denies report\n\nThe minister â€” speaking in CaracasÂ — called it a lie. NicolÃ¡s said so.",
		"docs.jsonl":     `{"title":"One","text":"First article text."}` + "\n" + `{"title":"Two","text":"Second article text."}` + "\n",
	})
	store := mustStore(t)
	in := ingest.NewIngester(store)
	st, err := in.Run(ctx, []string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.New != 5 || st.Known != 0 || st.Errors != 0 || st.Files != 4 {
		t.Fatalf("first run: %+v", st)
	}
	st, err = ingest.NewIngester(store).Run(ctx, []string{dir, filepath.Join(dir, "a.txt")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.New != 0 || st.Known != 6 {
		t.Fatalf("second run: %+v", st)
	}
	if got := st.Summary(); !strings.HasPrefix(got, "0 new, 6 already known") {
		t.Errorf("summary %q", got)
	}
	if n, _ := store.CountDocuments(ctx); n != 5 {
		t.Errorf("count = %d, want 5", n)
	}
	hits, err := store.SearchDocuments(ctx, "Nicolás", 5)
	if err != nil || len(hits) != 1 {
		t.Fatalf("search repaired text: %v, %d hits", err, len(hits))
	}
	d := hits[0].Document
	if !strings.Contains(d.Text, "minister — speaking") || len(d.Repairs) == 0 {
		t.Errorf("text not repaired: %q, repairs %v", d.Text, d.Repairs)
	}
}

func TestIngestReportsBadFilesAndGoesOn(t *testing.T) {
	ctx := context.Background()
	dir := writeFiles(t, map[string]string{
		"1-good.txt":    "A good article about sanctions.",
		"2-empty.txt":   "",
		"3-binary.bin":  "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",
		"4-bad.jsonl":   `{"text":"kept line one"}` + "\n" + `{"text": broken` + "\n" + `{"text":"kept line three"}` + "\n",
		"5-invalid.txt": "Caf\xe9 owner \xff\xfe charged with fraud in the \xe9 case.",
		"6-good.txt":    "Another good article about a court ruling.",
		"7-mixed.txt":   "Caf\u00e9 owner \xff\xfe charged in the \u00e9 case.",
	})
	store := mustStore(t)
	in := ingest.NewIngester(store)
	var reported []error
	in.Report = func(err error) { reported = append(reported, err) }
	st, err := in.Run(ctx, []string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// good, good, two JSONL lines, the Latin-1 and the invalid UTF-8
	// texts are stored.
	if st.New != 6 {
		t.Errorf("stored %d, want 6 (%+v)", st.New, st)
	}
	if st.FilesFailed != 3 {
		t.Errorf("failed files = %d, want 3 (empty, binary, bad jsonl)", st.FilesFailed)
	}
	want := map[string]bool{"2-empty.txt": false, "3-binary.bin": false, "4-bad.jsonl:2": false}
	for _, err := range reported {
		var ie *dossier.InputError
		if !errors.As(err, &ie) {
			t.Errorf("reported %T %v, want an *InputError", err, err)
			continue
		}
		for k := range want {
			if strings.Contains(err.Error(), k) {
				want[k] = true
			}
		}
	}
	for k, seen := range want {
		if !seen {
			t.Errorf("no error reported naming %s; got %v", k, reported)
		}
	}
	var warnings []string
	for _, err := range reported {
		var w *ingest.Warning
		if errors.As(err, &w) {
			warnings = append(warnings, err.Error())
		}
	}
	if len(warnings) != 2 || !strings.Contains(warnings[0], "5-invalid.txt: offset 3: not UTF-8: decoded as windows-1252") ||
		!strings.Contains(warnings[1], "7-mixed.txt: offset 12: invalid UTF-8: 2 bytes replaced") {
		t.Errorf("warnings = %q", warnings)
	}
}

func TestDocumentRepairsTitle(t *testing.T) {
	d, problems := ingest.Document("x.txt", read.Item{Text: "Body text.", Title: "Cabelloâ€™s denial", Format: "text"})
	if len(problems) != 0 || d.Title != "Cabello’s denial" || d.ID != dossier.DocumentID("Body text.") {
		t.Errorf("got %+v, %v", d, problems)
	}
	if d, problems := ingest.Document("x.txt", read.Item{Text: " \n\t"}); d != nil || len(problems) != 1 {
		t.Errorf("blank text: got %+v, %v", d, problems)
	}
}
