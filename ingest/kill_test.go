package ingest_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier"
	"dossier/ingest"
	"dossier/sqlite"

	_ "modernc.org/sqlite"
)

// The kill test re-runs this test binary as an ingest process.
const (
	childDB    = "DOSSIER_TEST_CHILD_DB"
	childInput = "DOSSIER_TEST_CHILD_INPUT"
)

func TestMain(m *testing.M) {
	if db := os.Getenv(childDB); db != "" {
		os.Exit(runChild(db, os.Getenv(childInput)))
	}
	os.Exit(m.Run())
}

// runChild ingests input into db and prints the stats as JSON.
func runChild(path, input string) int {
	db := sqlite.NewDB(path)
	if err := db.Open(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer db.Close()
	st, err := ingest.NewIngester(sqlite.NewDocumentService(db)).Run(context.Background(), []string{input}, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	json.NewEncoder(os.Stdout).Encode(st)
	return 0
}

// killDoc is the text of document i: long enough that a document cut
// short would be noticed.
func killDoc(i int) string {
	return fmt.Sprintf("Document %d begins. %s Document %d ends.", i,
		strings.Repeat(fmt.Sprintf("Paragraph of filler for document %d. ", i), 20), i)
}

func TestSIGKILLMidIngestLeavesWholeDocuments(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a subprocess ingesting 5,000 documents")
	}
	const n = 5000
	dir := t.TempDir()
	input := filepath.Join(dir, "docs.jsonl")
	var b strings.Builder
	for i := 0; i < n; i++ {
		line, _ := json.Marshal(map[string]string{"title": fmt.Sprintf("Document %d", i), "text": killDoc(i)})
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(input, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(dir, "kill.db")
	child := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childDB+"="+dbPath, childInput+"="+input)
		cmd.Stderr = os.Stderr
		return cmd
	}

	// Start an ingest, wait until some documents are stored, kill it.
	cmd := child()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stored := 0
	deadline := time.Now().Add(2 * time.Minute)
	for stored < 1000 {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("child stored nothing in 2 minutes")
		}
		time.Sleep(2 * time.Millisecond)
		stored = countDocs(t, dbPath)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	// The database opens, passes the integrity check, and every stored
	// document is whole.
	db := sqlite.NewDB(dbPath)
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	if err := db.IntegrityCheck(context.Background()); err != nil {
		t.Fatal(err)
	}
	rows, err := db.SQL().Query(`SELECT id, title, text FROM documents`)
	if err != nil {
		t.Fatal(err)
	}
	killed := 0
	for rows.Next() {
		var id, title, text string
		if err := rows.Scan(&id, &title, &text); err != nil {
			t.Fatal(err)
		}
		var i int
		if _, err := fmt.Sscanf(title, "Document %d", &i); err != nil || text != killDoc(i) || id != dossier.DocumentID(text) {
			t.Fatalf("document %s (%q) is not whole", id, title)
		}
		killed++
	}
	rows.Close()
	db.Close()
	if killed >= n {
		t.Fatalf("the child finished all %d documents before it was killed; the test proves nothing", n)
	}
	t.Logf("killed after %d of %d documents", killed, n)

	// Re-running ingests the rest and stores nothing twice.
	cmd = child()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("re-run: %v", err)
	}
	var st ingest.Stats
	if err := json.Unmarshal(out, &st); err != nil {
		t.Fatalf("re-run output %q: %v", out, err)
	}
	if st.Known != int64(killed) || st.New != int64(n-killed) {
		t.Errorf("re-run: %d new, %d known; want %d new, %d known", st.New, st.Known, n-killed, killed)
	}
	if got := countDocs(t, dbPath); got != n {
		t.Errorf("after re-run: %d documents, want %d", got, n)
	}
}

// countDocs counts the stored documents through a read-only connection,
// which never takes the write lock the child needs.
func countDocs(t *testing.T, path string) int {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		return 0
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return 0
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM documents`).Scan(&n); err != nil {
		return 0 // the child may still be creating the schema
	}
	return n
}
