package ftm_test

import (
	"context"
	"dossier"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"dossier/lists/ftm"
	"dossier/lists/internal/listtest"
	"dossier/lists/list"
)

// FuzzFtM decodes FtM JSON lines. Property: an input error, or entities
// with IDs (unique), schemas and, for targets, a caption among their
// names; writing them back as JSON lines and decoding again gives the
// same entities. Without a dataset given, decoding either fails or
// gives a list whose every entity names its one dataset.
func FuzzFtM(f *testing.F) {
	good, _ := os.ReadFile("testdata/sample.ftm.jsonl")
	f.Add(good)
	f.Add([]byte(`{"id":"a","schema":"Person","properties":{"name":["A"],"weakAlias":["B"]}}` + "\n" + `{"id":"a","schema":"Person","caption":"B","properties":{"alias":["C"]}}`))
	f.Add([]byte(`{"id":"s","schema":"Sanction","properties":{"entity":["x"]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if l, err := ftm.Decode(context.Background(), list.File{Name: "e.jsonl", Data: data}); err != nil {
			listtest.CheckDecoded(t, l, err, "")
		} else {
			for _, e := range l.Entities {
				if len(e.Datasets) != 1 || e.Datasets[0] != l.Version.Dataset {
					t.Fatalf("entity %s names datasets %q in a list of dataset %q", e.ID, e.Datasets, l.Version.Dataset)
				}
			}
		}
		opts := list.Options{Dataset: "fuzz"}
		l, err := ftm.DecodeOptions(context.Background(), opts, list.File{Name: "e.jsonl", Data: data})
		if err != nil {
			listtest.CheckDecoded(t, l, err, "")
			return
		}
		ids := map[string]bool{}
		for _, e := range l.Entities {
			if e.ID == "" || e.Schema == "" || ids[e.ID] {
				t.Fatalf("entity %+v: empty or repeated ID or schema", e)
			}
			ids[e.ID] = true
			strong, weak := e.Names()
			if dossier.IsThing(e.Schema) && (e.Caption == "" || !slices.Contains(strong, e.Caption) && !slices.Contains(weak, e.Caption)) {
				t.Fatalf("target %s caption %q not among %q %q", e.ID, e.Caption, strong, weak)
			}
		}
		var b strings.Builder
		for _, e := range l.Entities {
			line, err := json.Marshal(e)
			if err != nil {
				t.Fatal(err)
			}
			b.Write(line)
			b.WriteByte('\n')
		}
		l2, err := ftm.DecodeOptions(context.Background(), opts, list.File{Name: "again.jsonl", Data: []byte(b.String())})
		if err != nil {
			t.Fatalf("re-decoding: %v", err)
		}
		if len(l2.Entities) != len(l.Entities) {
			t.Fatalf("%d entities, %d after a round trip", len(l.Entities), len(l2.Entities))
		}
		for i, e := range l.Entities {
			e2 := l2.Entities[i]
			if e.ID != e2.ID || e.Schema != e2.Schema || e.Caption != e2.Caption || len(e.Properties) != len(e2.Properties) {
				t.Fatalf("round trip changed %+v into %+v", e, e2)
			}
			for p, vs := range e.Properties {
				if !slices.Equal(vs, e2.Properties[p]) {
					t.Fatalf("round trip changed %s.%s: %q → %q", e.ID, p, vs, e2.Properties[p])
				}
			}
		}
	})
}
