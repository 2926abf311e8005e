package ingest_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"dossier"
	"dossier/ingest"
	"dossier/read"
)

// TestIngestTruncatedStoresNoFragment ingests each input cut at 40 or
// more offsets (inside record headers, inside bodies, at record
// boundaries) into one store, then the whole input. A cut record must
// be reported as truncated and never stored: the store ends up with
// exactly the documents of the whole input, no fragment beside them.
func TestIngestTruncatedStoresNoFragment(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(mustReadFile(t, "../read/testdata/crawl.warc.gz")))
	if err != nil {
		t.Fatal(err)
	}
	warc, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name     string
		data     []byte
		boundary func(data []byte, c int) bool
		docs     int
	}{
		{"crawl.warc", warc, func(d []byte, c int) bool { return bytes.HasPrefix(d[c:], []byte("WARC/1.1\r\n")) }, 2},
		{"wire.jsonl", mustReadFile(t, "../read/testdata/wire.jsonl"), func(d []byte, c int) bool {
			// After a newline, or after the object with only blanks left on its line.
			rest, _, _ := bytes.Cut(d[c:], []byte("\n"))
			return d[c-1] == '\n' || d[c-1] != ' ' && len(bytes.Trim(rest, " \r")) == 0
		}, 3},
		{"feed.rss", mustReadFile(t, "../read/testdata/feed.rss"), func([]byte, int) bool { return false }, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			store := mustStore(t)
			dir := t.TempDir()
			path := filepath.Join(dir, tt.name)
			cuts := 0
			for c := 1; c < len(tt.data); c += len(tt.data)/37 + 1 {
				// Also cut at the next record boundary.
				for _, c := range []int{c, nextBoundary(tt.data, c, tt.boundary)} {
					if c <= 0 || c >= len(tt.data) {
						continue
					}
					cuts++
					if err := os.WriteFile(path, tt.data[:c], 0o644); err != nil {
						t.Fatal(err)
					}
					in := ingest.NewIngester(store)
					var truncated []error
					in.Report = func(err error) {
						var ie *dossier.InputError
						if errors.Is(err, read.ErrTruncated) && errors.As(err, &ie) && ie.File == path && ie.Offset >= 0 {
							truncated = append(truncated, err)
						} else {
							t.Errorf("cut at %d: unexpected report %v", c, err)
						}
					}
					st, err := in.Run(ctx, []string{path}, nil)
					if err != nil {
						t.Fatal(err)
					}
					if tt.boundary(tt.data, c) {
						if st.FilesFailed != 0 || len(truncated) != 0 {
							t.Errorf("cut at %d (a record boundary): %+v, %v", c, st, truncated)
						}
					} else if st.FilesFailed != 1 || len(truncated) != 1 {
						t.Errorf("cut at %d: %d failed files, truncation errors %v; want one", c, st.FilesFailed, truncated)
					}
				}
			}
			if err := os.WriteFile(path, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			st, err := ingest.NewIngester(store).Run(ctx, []string{path}, nil)
			if err != nil || st.FilesFailed != 0 {
				t.Fatalf("whole input: %+v, %v", st, err)
			}
			if n, err := store.CountDocuments(ctx); err != nil || n != tt.docs {
				t.Errorf("after %d cuts and the whole input: %d documents stored, want %d (%v)", cuts, n, tt.docs, err)
			}
			if cuts < 30 {
				t.Errorf("only %d cuts", cuts)
			}
		})
	}
}

// nextBoundary returns the first record boundary after c, -1 if none.
func nextBoundary(data []byte, c int, boundary func([]byte, int) bool) int {
	for ; c < len(data); c++ {
		if boundary(data, c) {
			return c
		}
	}
	return -1
}

func mustReadFile(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
