package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIngestTruncatedWARC ingests a plain WARC cut inside its last HTML
// response: the command exits 1, names the file, the offset and the
// record, stores the whole page before the cut and nothing of the cut
// one; the whole file later adds only the second page.
func TestIngestTruncatedWARC(t *testing.T) {
	gz, err := os.ReadFile("../../read/testdata/crawl.warc.gz")
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	warc, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	last := bytes.LastIndex(warc, []byte("WARC/1.1\r\n"))
	dir := t.TempDir()
	db := filepath.Join(dir, "d.db")
	path := filepath.Join(dir, "crawl.warc")
	if err := os.WriteFile(path, warc[:last+(len(warc)-last)*2/3], 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := run(t, db, "", "ingest", "--json", "--no-extract", path)
	if code != 1 {
		t.Fatalf("status %d, want 1; stderr %s", code, errOut)
	}
	var sum ingestSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("--json output %q: %v", out, err)
	}
	if sum.New != 1 || sum.Total != 1 || sum.FilesFailed != 1 || len(sum.Errors) != 1 {
		t.Fatalf("summary %+v", sum)
	}
	e := sum.Errors[0]
	if e.File != path || e.Offset == nil || *e.Offset != int64(last) || e.Record != "record 5" ||
		!strings.HasPrefix(e.Error, "truncated WARC record: ") {
		t.Errorf("error %+v, want the cut record 5 at offset %d", e, last)
	}
	if !strings.Contains(errOut, path+": offset ") || !strings.Contains(errOut, "record 5: truncated WARC record") {
		t.Errorf("stderr %q", errOut)
	}

	if err := os.WriteFile(path, warc, 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = run(t, db, "", "ingest", "--json", "--no-extract", path)
	if code != 0 || json.Unmarshal([]byte(out), &sum) != nil || sum.New != 1 || sum.Known != 1 || sum.Total != 2 {
		t.Errorf("whole file: status %d, %s %s", code, out, errOut)
	}
}
