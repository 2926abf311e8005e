package screen_test

import (
	"bytes"
	"context"
	"dossier/internal/benchload"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"dossier"
	"dossier/internal/modelfile"
	"dossier/lists"
	"dossier/screen"
)

// realEntities returns the entities of OFAC SDN 2021, OFAC non-SDN and
// the UN list.
func realEntities(tb testing.TB) []*dossier.Entity {
	tb.Helper()
	data := sharedData(tb)
	var all []*dossier.Entity
	for _, p := range []string{"ofac/sdn-2021-07", "ofac/cons", "un/consolidated-2026-02-27.xml"} {
		l, err := lists.Load(context.Background(), filepath.Join(data, p))
		if err != nil {
			tb.Fatal(err)
		}
		all = append(all, l.Entities...)
	}
	return all
}

// TestIndexFileRoundTrip writes the index of the real lists to a file and
// reads it back: every query gets the same hits, with the same scores and
// explanations, from both, and the file read encodes to the same bytes.
func TestIndexFileRoundTrip(t *testing.T) {
	ix := realListIndex(t)
	var buf bytes.Buffer
	if err := ix.Encode(&buf, "lists v1"); err != nil {
		t.Fatal(err)
	}
	got, err := screen.ReadIndex(bytes.NewReader(buf.Bytes()), "lists v1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Len() != ix.Len() {
		t.Fatalf("read %d entities, wrote %d", got.Len(), ix.Len())
	}
	var again bytes.Buffer
	if err := got.Encode(&again, "lists v1"); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Errorf("the index read encodes to %d bytes that differ from the %d written", again.Len(), buf.Len())
	}
	qs := benchQueries(ix, realEntities(t), 300)
	qs = append(qs, screen.Query{Name: "Hugo Carvajal", BirthDates: []string{"1960"}},
		screen.Query{Name: "Banco Nacional de Cuba", Schema: "Organization"},
		screen.Query{Name: "Kim Jong Un", Countries: []string{"KP"}, Schema: "Person"})
	for _, q := range qs {
		want, have := ix.ScreenAll(q), got.ScreenAll(q)
		if !reflect.DeepEqual(want, have) {
			t.Errorf("%q: built index %+v\nread index %+v", q.Name, want, have)
		}
	}
}

func TestIndexFileRejects(t *testing.T) {
	b := screen.NewBuilder()
	for _, e := range []*dossier.Entity{
		{ID: "p1", Schema: "Person", Caption: "Hugo Carvajal", Datasets: []string{"test"},
			Properties: map[string][]string{"name": {"Hugo Carvajal", "Hugo Armando Carvajal Barrios"}, "birthDate": {"1960-04-01"}}},
		{ID: "o1", Schema: "Organization", Caption: "Acme Trading LLC", Datasets: []string{"test", "other"},
			Properties: map[string][]string{"name": {"Acme Trading LLC"}}},
	} {
		b.Add(e)
	}
	ix := b.Index()
	var buf bytes.Buffer
	if err := ix.Encode(&buf, "k1"); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	if _, err := screen.ReadIndex(bytes.NewReader(good), "k1"); err != nil {
		t.Fatalf("good file: %v", err)
	}

	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 0x20
	otherVersion := bytes.Clone(good)
	// The kind's version follows the magic, the container version and
	// the kind: change it as a file of another layout would have it.
	at := len(modelfile.Magic) + 1 + 1 + len("screen-index")
	otherVersion[at] ^= 0x01
	tests := []struct {
		name string
		data []byte
		key  string
		want error
	}{
		{"empty", nil, "k1", modelfile.ErrMagic},
		{"truncated header", good[:20], "k1", modelfile.ErrTruncated},
		{"truncated body", good[:len(good)-40], "k1", modelfile.ErrTruncated},
		{"no checksum", good[:len(good)-4], "k1", nil},
		{"flipped byte", flipped, "k1", nil},
		{"other version", otherVersion, "k1", nil},
		{"other lists", good, "k2", screen.ErrStaleIndex},
		{"not an index", []byte("dossier model\n\x01\x05parse\x01\x00\x00"), "k1", modelfile.ErrKind},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := screen.ReadIndex(bytes.NewReader(tt.data), tt.key)
			if err == nil || got != nil {
				t.Fatalf("read %v, %v; want an error", got, err)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
			if tt.want != screen.ErrStaleIndex && !modelfile.IsFormat(err) {
				t.Errorf("error %v is not a format error", err)
			}
		})
	}
}

func TestIndexFileSaveLoad(t *testing.T) {
	b := screen.NewBuilder()
	b.Add(&dossier.Entity{ID: "p1", Schema: "Person", Caption: "Hugo Carvajal",
		Properties: map[string][]string{"name": {"Hugo Carvajal"}}})
	ix := b.Index()
	path := filepath.Join(t.TempDir(), "d.db.screen-index")
	if _, err := screen.LoadIndexFile(path, "k"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing file: %v", err)
	}
	if err := ix.SaveIndexFile(path, "k"); err != nil {
		t.Fatal(err)
	}
	got, err := screen.LoadIndexFile(path, "k")
	if err != nil {
		t.Fatal(err)
	}
	if hits := got.Screen(screen.Query{Name: "Carvajal, Hugo"}); len(hits) != 1 || hits[0].EntityID != "p1" {
		t.Errorf("hits %+v", hits)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".tmp-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// BenchmarkIndexFileLoad reads the index file of the real lists, as
// "dossier screen" does at every call.
func BenchmarkIndexFileLoad(b *testing.B) {
	ix := realListIndex(b)
	path := filepath.Join(b.TempDir(), "screen-index")
	if err := ix.SaveIndexFile(path, "k"); err != nil {
		b.Fatal(err)
	}
	st, _ := os.Stat(path)
	b.ReportMetric(float64(st.Size())/(1<<20), "file-MiB")
	b.ReportAllocs()
	cpu := benchload.ProcessCPU()
	for b.Loop() {
		if _, err := screen.LoadIndexFile(path, "k"); err != nil {
			b.Fatal(err)
		}
	}
	// CPU time says what a loaded machine's wall time cannot.
	b.ReportMetric(float64(benchload.ProcessCPU()-cpu)/1e6/float64(b.N), "cpu-ms/op")
}
