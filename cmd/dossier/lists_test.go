package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

func TestListsLoadShowDiff(t *testing.T) {
	db := filepath.Join(t.TempDir(), "l.db")
	sdn := filepath.Join("..", "..", "lists", "ofac", "testdata", "sdn")
	un := filepath.Join("..", "..", "lists", "un", "testdata", "consolidated.xml")
	out, errOut, code := run(t, db, "", "lists", "load", sdn, un)
	if code != 0 || !strings.Contains(out, "loaded us_ofac_sdn") || !strings.Contains(out, "loaded un_sc_sanctions") {
		t.Fatalf("load: %d %q %q", code, out, errOut)
	}
	out, _, _ = run(t, db, "", "lists", "load", sdn)
	if !strings.Contains(out, "already loaded") {
		t.Errorf("reload: %q", out)
	}
	out, _, code = run(t, db, "", "lists")
	if code != 0 || !strings.Contains(out, "us_ofac_sdn *") || !strings.Contains(out, "un_sc_sanctions *") {
		t.Errorf("lists: %d %q", code, out)
	}

	// A second version with one entry changed.
	dir := t.TempDir()
	entries, _ := os.ReadDir(sdn)
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(sdn, e.Name()))
		if e.Name() == "sdn.csv" {
			b = []byte(strings.Replace(string(b), `"CUBA",-0- ,-0-`, `"CUBA] [VENEZUELA",-0- ,-0-`, 1))
		}
		os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644)
	}
	if out, errOut, code := run(t, db, "", "lists", "load", dir); code != 0 {
		t.Fatalf("load v2: %d %s %s", code, out, errOut)
	}
	out, _, code = run(t, db, "", "lists", "diff", "--json", "us_ofac_sdn")
	var d struct {
		Removed []json.RawMessage `json:"removed"`
		Added   []json.RawMessage `json:"added"`
		Changed []struct {
			ID     string   `json:"id"`
			Fields []string `json:"fields"`
		} `json:"changed"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &d) != nil || len(d.Removed) != 0 || len(d.Added) != 0 ||
		len(d.Changed) != 1 || d.Changed[0].ID != "ofac-36-sanction" { // the program is on the Sanction
		t.Errorf("diff: %d %s", code, out)
	}
	_, errOut, code = run(t, db, "", "lists", "diff", "un_sc_sanctions")
	if code != 1 || !strings.Contains(errOut, "fewer than two versions") {
		t.Errorf("diff of one version: %d %q", code, errOut)
	}
}

func TestListsLoadMalformedChangesNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "l.db")
	dir := t.TempDir()
	bad := filepath.Join(dir, "consolidated.xml")
	good, err := os.ReadFile(filepath.Join("..", "..", "lists", "un", "testdata", "consolidated.xml"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(bad, good[:len(good)/2], 0o644) // truncated XML
	_, errOut, code := run(t, db, "", "lists", "load", bad)
	if code != 1 || !strings.Contains(errOut, "consolidated.xml") || !strings.Contains(errOut, ":") {
		t.Errorf("truncated XML: %d %q", code, errOut)
	}
	out, _, _ := run(t, db, "", "lists", "--json")
	if !strings.Contains(out, `"versions": []`) {
		t.Errorf("something was loaded from a truncated file: %s", out)
	}
}

func TestListsUpdate(t *testing.T) {
	xml, err := os.ReadFile(filepath.Join("..", "..", "lists", "un", "testdata", "consolidated.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var full atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"un-1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		full.Add(1)
		w.Header().Set("ETag", `"un-1"`)
		w.Write(xml)
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "l.db")
	src := "un_sc_sanctions=" + srv.URL + "/resources/xml/en/consolidated.xml"
	out, errOut, code := run(t, db, "", "lists", "update", "--source", src, "un_sc_sanctions")
	if code != 0 || !strings.Contains(out, "1 files downloaded") || !strings.Contains(out, "new version") {
		t.Fatalf("first update: %d %q %q", code, out, errOut)
	}
	out, _, code = run(t, db, "", "lists", "update", "--source", src, "un_sc_sanctions")
	if code != 0 || !strings.Contains(out, "0 files downloaded, 1 unchanged; no change") {
		t.Errorf("second update: %d %q", code, out)
	}
	if full.Load() != 1 {
		t.Errorf("full downloads = %d, want 1", full.Load())
	}
	if _, errOut, code := run(t, db, "", "lists", "update", "nosuch"); code != 2 || !strings.Contains(errOut, "no source") {
		t.Errorf("unknown dataset: %d %q", code, errOut)
	}
}
