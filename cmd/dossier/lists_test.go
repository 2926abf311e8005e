package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
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

// The security review's case: a one-entity FtM file named for the SDN
// list replaced it without a word, and Diosdado Cabello had no hits.
// Now the load is refused, names the dataset, both counts and the
// flag, and changes nothing; with --allow-shrink it loads, a rollback
// restores the SDN version, and the history shows every step.
func TestListsShrinkAndRollback(t *testing.T) {
	db := filepath.Join(t.TempDir(), "l.db")
	sdn := filepath.Join("..", "..", "lists", "ofac", "testdata", "sdn")
	out, errOut, code := run(t, db, "", "lists", "load", sdn)
	if code != 0 || !strings.Contains(out, "loaded us_ofac_sdn: new dataset → ") {
		t.Fatalf("load: %d %q %q", code, out, errOut)
	}
	var listed struct {
		Versions []struct {
			Dataset  string `json:"dataset"`
			Version  string `json:"version"`
			Entities int    `json:"entities"`
			Targets  int    `json:"targets"`
			Current  bool   `json:"current"`
		} `json:"versions"`
		Events []struct {
			Dataset, Action, Version, Previous string
		} `json:"events"`
	}
	out, _, _ = run(t, db, "", "lists", "--json")
	if err := json.Unmarshal([]byte(out), &listed); err != nil || len(listed.Versions) != 1 {
		t.Fatalf("lists --json: %v %s", err, out)
	}
	sdnV := listed.Versions[0]

	one := filepath.Join(t.TempDir(), "us_ofac_sdn.ftm.jsonl")
	os.WriteFile(one, []byte(`{"id": "x-1", "schema": "Person", "caption": "John Doe", "properties": {"name": ["John Doe"]}, "datasets": ["us_ofac_sdn"]}`+"\n"), 0o644)
	out, errOut, code = run(t, db, "", "lists", "load", one)
	want := fmt.Sprintf("refused: dataset us_ofac_sdn would go from %d entities (version %s) to 1 (version ",
		sdnV.Entities, sdnV.Version[:12])
	if code != 1 || !strings.Contains(errOut, want) || !strings.Contains(errOut, "--allow-shrink") || !strings.Contains(errOut, one) {
		t.Fatalf("shrinking load: %d %q %q; want an error containing %q", code, out, errOut, want)
	}
	if out, _, _ := run(t, db, "", "screen", "Diosdado Cabello"); !strings.Contains(out, "ofac-24424") {
		t.Fatalf("after a refused load, Cabello has no hit: %q", out)
	}

	out, errOut, code = run(t, db, "", "lists", "load", "--allow-shrink", "--json", one)
	var loaded struct {
		Lists []struct {
			Version, Previous struct {
				Version  string `json:"version"`
				Entities int    `json:"entities"`
				Targets  int    `json:"targets"`
			}
			Created bool `json:"created"`
		} `json:"lists"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &loaded) != nil || len(loaded.Lists) != 1 || !loaded.Lists[0].Created ||
		loaded.Lists[0].Previous.Version != sdnV.Version || loaded.Lists[0].Previous.Entities != sdnV.Entities ||
		loaded.Lists[0].Version.Entities != 1 {
		t.Fatalf("load --allow-shrink --json: %d %s %s", code, out, errOut)
	}
	oneV := loaded.Lists[0].Version.Version
	if out, _, _ := run(t, db, "", "screen", "Diosdado Cabello"); strings.Contains(out, "ofac-24424") {
		t.Fatalf("the one-entity version is current, yet Cabello is hit: %q", out)
	}

	// The text output of a load says what it replaces.
	out, _, code = run(t, db, "", "lists", "rollback", "us_ofac_sdn")
	wantRB := fmt.Sprintf("us_ofac_sdn: rolled back: %s (1 entities, 1 targets) → %s (%d entities, %d targets)\n",
		oneV[:12], sdnV.Version[:12], sdnV.Entities, sdnV.Targets)
	if code != 0 || out != wantRB {
		t.Fatalf("rollback: %d %q, want %q", code, out, wantRB)
	}
	if out, _, _ := run(t, db, "", "screen", "Diosdado Cabello"); !strings.Contains(out, "ofac-24424") {
		t.Fatalf("after the rollback, Cabello has no hit: %q", out)
	}
	out, _, _ = run(t, db, "", "lists", "load", one)
	if !strings.Contains(out, "already loaded us_ofac_sdn version "+oneV[:12]) ||
		!strings.Contains(out, "current is "+sdnV.Version[:12]) {
		t.Errorf("reload of the rolled-back version: %q", out)
	}
	out, _, code = run(t, db, "", "lists", "rollback", "us_ofac_sdn", "--to", oneV[:6])
	if code != 0 || !strings.Contains(out, "→ "+oneV[:12]) {
		t.Fatalf("rollback --to: %d %q", code, out)
	}
	if _, errOut, code := run(t, db, "", "lists", "rollback", "us_ofac_sdn", "--to", oneV); code != 1 || !strings.Contains(errOut, "already current") {
		t.Errorf("rollback to the current version: %d %q", code, errOut)
	}
	if _, errOut, code := run(t, db, "", "lists", "rollback", "nosuch"); code != 1 || !strings.Contains(errOut, "list nosuch: no version stored") {
		t.Errorf("rollback of an unknown dataset: %d %q", code, errOut)
	}

	out, _, _ = run(t, db, "", "lists", "--json")
	listed.Versions, listed.Events = nil, nil
	if err := json.Unmarshal([]byte(out), &listed); err != nil || len(listed.Versions) != 2 || len(listed.Events) != 4 {
		t.Fatalf("lists --json: %v %s", err, out)
	}
	for _, v := range listed.Versions {
		if v.Current != (v.Version == oneV) {
			t.Errorf("version %s current = %v", v.Version, v.Current)
		}
	}
	var history []string
	for _, e := range listed.Events {
		history = append(history, e.Action+" "+short(e.Previous)+"→"+short(e.Version))
	}
	wantH := []string{"rollback " + sdnV.Version[:12] + "→" + oneV[:12], "rollback " + oneV[:12] + "→" + sdnV.Version[:12],
		"load " + sdnV.Version[:12] + "→" + oneV[:12], "load →" + sdnV.Version[:12]}
	if !slices.Equal(history, wantH) {
		t.Errorf("history %q, want %q", history, wantH)
	}
	out, _, _ = run(t, db, "", "lists")
	if !strings.Contains(out, "us_ofac_sdn *  "+oneV[:12]) || !strings.Contains(out, "History (newest first):") ||
		!strings.Contains(out, "us_ofac_sdn  rollback  "+sdnV.Version[:12]+" → "+oneV[:12]) {
		t.Errorf("lists: %s", out)
	}
}

// lists update used the dataset name as a directory under the cache:
// ../../x wrote outside it.
func TestListsUpdateRefusesBadDatasetNames(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte("x"))
	}))
	defer srv.Close()
	base := t.TempDir()
	cache := filepath.Join(base, "a", "b", "cache")
	db := filepath.Join(base, "l.db")
	for _, name := range []string{"../../x", "..", "a/b", "/tmp/x", "x\x00y", ".hidden"} {
		_, errOut, code := run(t, db, "", "lists", "update", "--cache", cache, "--source", name+"="+srv.URL+"/list.csv", name)
		if code != 2 || !strings.Contains(errOut, "dataset name") || !strings.Contains(errOut, strconv.Quote(name)) ||
			!strings.Contains(errOut, "not a plain file name") {
			t.Errorf("%q: %d %q", name, code, errOut)
		}
		// A known dataset's name given as an argument is checked too.
		_, errOut, code = run(t, db, "", "lists", "update", "--cache", cache, name)
		if code != 2 || !strings.Contains(errOut, strconv.Quote(name)) {
			t.Errorf("%q as argument: %d %q", name, code, errOut)
		}
	}
	if hits.Load() != 0 {
		t.Errorf("%d downloads made for refused names", hits.Load())
	}
	filepath.WalkDir(base, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && p != db && !strings.HasPrefix(filepath.Base(p), "l.db") {
			t.Errorf("file written: %s", p)
		}
		return nil
	})
}

// lists update followed a redirect to another port; now it refuses,
// naming both URLs and the flag, unless that host is allowed.
func TestListsUpdateRedirect(t *testing.T) {
	xml, err := os.ReadFile(filepath.Join("..", "..", "lists", "un", "testdata", "consolidated.xml"))
	if err != nil {
		t.Fatal(err)
	}
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(xml) }))
	defer elsewhere.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+"/consolidated.xml", http.StatusFound)
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "l.db")
	from := srv.URL + "/resources/consolidated.xml"
	src := "un_sc_sanctions=" + from
	_, errOut, code := run(t, db, "", "lists", "update", "--source", src, "un_sc_sanctions")
	if code != 1 || !strings.Contains(errOut, "redirect from "+from+" to "+elsewhere.URL+"/consolidated.xml refused: not HTTPS") ||
		!strings.Contains(errOut, "--allow-redirect") {
		t.Fatalf("redirect: %d %q", code, errOut)
	}
	if out, _, _ := run(t, db, "", "lists", "--json"); !strings.Contains(out, `"versions": []`) {
		t.Errorf("a list was loaded through a refused redirect: %s", out)
	}
}

// TestListsLoadDatasetIdentity: two OpenSanctions collections, both
// published as entities.ftm.json, used to share the dataset
// "entities", so loading the second replaced the first with exit 0.
// Now each needs its dataset (--dataset) and the two stay apart; a
// small file named after a stored list no longer replaces it.
func TestListsLoadDatasetIdentity(t *testing.T) {
	db := filepath.Join(t.TempDir(), "l.db")
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := write("a/entities.ftm.json", `{"id":"a1","schema":"Person","properties":{"name":["Anna Alpha"]},"datasets":["x"]}
{"id":"a2","schema":"Person","properties":{"name":["Anton Alpha"]},"datasets":["y"]}
`)
	b := write("b/entities.ftm.json", `{"id":"b1","schema":"Person","properties":{"name":["Boris Beta"]},"datasets":["x","z"]}
`)
	_, errOut, code := run(t, db, "", "lists", "load", a)
	if code == 0 || !strings.Contains(errOut, a+":2") || !strings.Contains(errOut, "--dataset") {
		t.Fatalf("collection without --dataset: %d %q", code, errOut)
	}
	for p, ds := range map[string]string{a: "collection_a", b: "collection_b"} {
		if out, errOut, code := run(t, db, "", "lists", "load", "--dataset", ds, p); code != 0 || !strings.Contains(out, "loaded "+ds) {
			t.Fatalf("load %s as %s: %d %q %q", p, ds, code, out, errOut)
		}
	}
	sdn := filepath.Join("..", "..", "lists", "ofac", "testdata", "sdn")
	if _, errOut, code := run(t, db, "", "lists", "load", sdn); code != 0 {
		t.Fatalf("load SDN: %q", errOut)
	}
	one := write("us_ofac_sdn.ftm.jsonl", `{"id":"c1","schema":"Person","properties":{"name":["Carl Gamma"]},"datasets":["excerpt"]}
`)
	if out, errOut, code := run(t, db, "", "lists", "load", one); code != 0 || !strings.Contains(out, "loaded excerpt") {
		t.Fatalf("load %s: %d %q %q", one, code, out, errOut)
	}
	out, _, _ := run(t, db, "", "lists")
	for _, ds := range []string{"collection_a *", "collection_b *", "us_ofac_sdn *", "excerpt *"} {
		if !strings.Contains(out, ds) {
			t.Errorf("lists: no %q in\n%s", ds, out)
		}
	}
	// A list that names itself refuses another name.
	if _, errOut, code := run(t, db, "", "lists", "load", "--dataset", "us_ofac_cons", sdn); code == 0 || !strings.Contains(errOut, "dataset cannot be told") {
		t.Errorf("SDN as us_ofac_cons: %d %q", code, errOut)
	}
}

// TestListsLoadLimits: files over --max-size (or $DOSSIER_LIST_MAX_SIZE)
// and paths that are not regular files are refused by name, exit 1,
// with nothing stored.
func TestListsLoadLimits(t *testing.T) {
	db := filepath.Join(t.TempDir(), "l.db")
	un := filepath.Join("..", "..", "lists", "un", "testdata", "consolidated.xml")
	_, errOut, code := run(t, db, "", "lists", "load", "--max-size", "1KiB", un)
	if code != 1 || !strings.Contains(errOut, un) || !strings.Contains(errOut, "file too large") || !strings.Contains(errOut, "1024") {
		t.Errorf("--max-size 1KiB: %d %q", code, errOut)
	}
	if _, errOut, code := run(t, db, "", "lists", "load", "--max-size", "lots", un); code != 2 || !strings.Contains(errOut, "--max-size") {
		t.Errorf("--max-size lots: %d %q", code, errOut)
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		_, errOut, code := run(t, db, "", "lists", "load", "/dev/zero")
		if code != 1 || !strings.Contains(errOut, "/dev/zero") || !strings.Contains(errOut, "not a regular file") {
			t.Errorf("/dev/zero: %d %q", code, errOut)
		}
	}
	out, _, _ := run(t, db, "", "lists", "--json")
	if !strings.Contains(out, `"versions": []`) {
		t.Errorf("something was loaded: %s", out)
	}
	if out, errOut, code := run(t, db, "", "lists", "load", "--max-size", "1MiB", un); code != 0 {
		t.Errorf("--max-size 1MiB: %d %q %q", code, out, errOut)
	}
}
