package download_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"dossier/download"
)

func TestFetchConditional(t *testing.T) {
	body := "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\"\r\n"
	var hits, full atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		full.Add(1)
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Tue, 13 Jul 2021 00:00:00 GMT")
		w.Write([]byte(body))
	}))
	defer srv.Close()
	dir := t.TempDir()
	c := download.NewClient(dir)
	ctx := context.Background()
	res, err := c.Fetch(ctx, srv.URL+"/SDN.CSV", "sdn.csv")
	if err != nil || !res.Changed || res.Bytes != int64(len(body)) {
		t.Fatalf("first fetch: %+v %v", res, err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "sdn.csv")); string(b) != body {
		t.Errorf("file = %q", b)
	}
	res, err = c.Fetch(ctx, srv.URL+"/SDN.CSV", "sdn.csv")
	if err != nil || res.Changed {
		t.Fatalf("second fetch: %+v %v; want not changed", res, err)
	}
	if hits.Load() != 2 || full.Load() != 1 {
		t.Errorf("requests %d, full bodies %d; want 2, 1", hits.Load(), full.Load())
	}
	// A missing local copy is fetched again whatever the metadata says.
	os.Remove(filepath.Join(dir, "sdn.csv"))
	if res, err := c.Fetch(ctx, srv.URL+"/SDN.CSV", "sdn.csv"); err != nil || !res.Changed {
		t.Fatalf("fetch after delete: %+v %v", res, err)
	}
}

func TestFetchIfModifiedSince(t *testing.T) {
	const lm = "Tue, 13 Jul 2021 00:00:00 GMT"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-Modified-Since") == lm {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Last-Modified", lm)
		w.Write([]byte("<CONSOLIDATED_LIST/>"))
	}))
	defer srv.Close()
	c := download.NewClient(t.TempDir())
	ctx := context.Background()
	c.Fetch(ctx, srv.URL, "consolidated.xml")
	res, err := c.Fetch(ctx, srv.URL, "consolidated.xml")
	if err != nil || res.Changed || res.Modified != lm {
		t.Fatalf("%+v %v", res, err)
	}
}

func TestFetchFailuresKeepGoodCopy(t *testing.T) {
	good := "good copy"
	mode := "ok"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch mode {
		case "ok":
			w.Write([]byte(good))
		case "500":
			http.Error(w, "boom", http.StatusInternalServerError)
		case "truncated":
			w.Header().Set("Content-Length", strconv.Itoa(1000))
			w.Write([]byte("partial"))
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	c := download.NewClient(dir)
	ctx := context.Background()
	if _, err := c.Fetch(ctx, srv.URL, "list.csv"); err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"500", "truncated"} {
		mode = m
		_, err := c.Fetch(ctx, srv.URL+"?x", "list.csv")
		if err == nil {
			t.Fatalf("%s: no error", m)
		}
		if !strings.Contains(err.Error(), srv.URL) {
			t.Errorf("%s: error %q does not name the URL", m, err)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, "list.csv")); string(b) != good {
			t.Errorf("%s: good copy replaced by %q", m, b)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".part") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
	if _, err := c.Fetch(ctx, srv.URL, "../escape"); err == nil {
		t.Error("a name with a path was accepted")
	}
}
