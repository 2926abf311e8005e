package main

import (
	"bytes"
	"dossier/internal/benchload"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/internal/modelfile"
)

// TestScreenIndexFile follows the screening index file beside the
// database: written by the first screen, read by the next, built again
// when a list version changes (a load, a rollback) and when the file is
// corrupt, truncated or of another format, with a message, never trusted.
func TestScreenIndexFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	path := db + indexFileSuffix
	if _, errOut, code := run(t, db, "", "lists", "load", filepath.Join("..", "..", "lists", "ofac", "testdata", "sdn")); code != 0 {
		t.Fatal(errOut)
	}
	screenFor := func(name, want string) (stderr string) {
		t.Helper()
		out, errOut, code := run(t, db, "", "screen", name)
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("screen %q: %d %q %q; want %q", name, code, out, errOut, want)
		}
		return errOut
	}
	screenFor("Diosdado Cabello", "ofac-24424")
	first, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no index file after screening: %v", err)
	}
	// Up to date: read, not written again.
	st1, _ := os.Stat(path)
	screenFor("Diosdado Cabello", "ofac-24424")
	if st2, _ := os.Stat(path); !st2.ModTime().Equal(st1.ModTime()) {
		t.Error("an up-to-date index file was written again")
	}

	// A new list version: the index is built again and finds its entity.
	ftm := filepath.Join(dir, "extra.ftm.jsonl")
	os.WriteFile(ftm, []byte(`{"id": "x-1", "schema": "Person", "caption": "Zbigniew Testowy", "properties": {"name": ["Zbigniew Testowy"]}, "datasets": ["extra"]}`+"\n"), 0o644)
	if _, errOut, code := run(t, db, "", "lists", "load", ftm); code != 0 {
		t.Fatal(errOut)
	}
	screenFor("Zbigniew Testowy", "x-1")
	second, _ := os.ReadFile(path)
	if bytes.Equal(first, second) {
		t.Fatal("the index file did not change with the lists")
	}
	// A second version of the dataset, then a rollback to the first.
	os.WriteFile(ftm, []byte(`{"id": "x-2", "schema": "Person", "caption": "Wiesław Przykładowy", "properties": {"name": ["Wiesław Przykładowy"]}, "datasets": ["extra"]}`+"\n"), 0o644)
	if _, errOut, code := run(t, db, "", "lists", "load", ftm); code != 0 {
		t.Fatal(errOut)
	}
	screenFor("Wieslaw Przykladowy", "x-2")
	if out, _, _ := run(t, db, "", "screen", "Zbigniew Testowy"); strings.Contains(out, "x-1") {
		t.Errorf("x-1 is no longer current but still found: %q", out)
	}
	if _, errOut, code := run(t, db, "", "lists", "rollback", "extra"); code != 0 {
		t.Fatal(errOut)
	}
	screenFor("Zbigniew Testowy", "x-1")

	good, _ := os.ReadFile(path)
	otherVersion := bytes.Clone(good)
	otherVersion[len(modelfile.Magic)+2+len("screen-index")]++ // the kind's version
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"truncated", good[:len(good)/2]},
		{"flipped byte", func() []byte { b := bytes.Clone(good); b[len(b)/3] ^= 1; return b }()},
		{"other version", otherVersion},
		{"empty", nil},
		{"not an index", []byte("hello")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			os.WriteFile(path, tt.data, 0o644)
			errOut := screenFor("Zbigniew Testowy", "x-1")
			if !strings.Contains(errOut, "screening index") || !strings.Contains(errOut, "building it again") {
				t.Errorf("no message about the bad index file: %q", errOut)
			}
			if now, _ := os.ReadFile(path); !bytes.Equal(now, good) {
				t.Error("the bad index file was not replaced by a good one")
			}
		})
	}
}

// BenchmarkScreenOneShot runs "dossier screen NAME" in-process against a
// database holding OFAC SDN, OFAC non-SDN and the UN list, with its index
// file up to date: what one command-line screening costs, process start
// aside. Set DOSSIER_BENCH_DB to a database with those lists loaded (see
// README.md); without it the benchmark loads them itself.
func BenchmarkScreenOneShot(b *testing.B) {
	db := os.Getenv("DOSSIER_BENCH_DB")
	if db == "" {
		data := filepath.Join("..", "..", "..", "shared", "data")
		if _, err := os.Stat(data); err != nil {
			b.Skipf("shared data not found at %s: the one-shot screening benchmark needs the real lists", data)
		}
		db = filepath.Join(b.TempDir(), "bench.db")
		args := []string{"lists", "load"}
		for _, p := range []string{"ofac/sdn-2021-07", "ofac/cons", "un/consolidated-2026-02-27.xml"} {
			args = append(args, filepath.Join(data, p))
		}
		if _, errOut, code := run(b, db, "", args...); code != 0 {
			b.Fatal(errOut)
		}
	}
	if _, errOut, code := run(b, db, "", "screen", "warm up"); code != 0 { // writes the index file
		b.Fatal(errOut)
	}
	b.ReportAllocs()
	cpu := benchload.ProcessCPU()
	for b.Loop() {
		if out, errOut, code := run(b, db, "", "screen", "Hugo Carvajal"); code != 0 || !strings.Contains(out, "ofac-11186") {
			b.Fatalf("%d %q %q", code, out, errOut)
		}
	}
	// CPU time says what a loaded machine's wall time cannot.
	b.ReportMetric(float64(benchload.ProcessCPU()-cpu)/1e6/float64(b.N), "cpu-ms/op")
}
