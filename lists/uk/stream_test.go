package uk_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"testing"

	"dossier/lists/internal/listtest"
	"dossier/lists/list"
	"dossier/lists/uk"
)

// TestStreams: with a sink, the targets are handed over while the file
// is read (its second reading), long before its end, and they are the
// entities returned whole: a 1 MB file made from each fixture's rows
// repeated.
func TestStreams(t *testing.T) {
	for _, fixture := range []string{"testdata/ConList.xml", "testdata/ConList.csv"} {
		t.Run(fixture, func(t *testing.T) {
			path, targets := listtest.WriteLargeUK(t, t.TempDir(), fixture, 1<<20)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f, read := listtest.WatchedFile("ConList", data)
			whole, err := uk.Decode(context.Background(), f)
			sink := &listtest.FirstAdd{Read: read}
			l, err2 := uk.DecodeOptions(context.Background(), list.Options{Sink: sink}, f)
			listtest.CheckSunk(t, whole, err, l, err2, &sink.Collect)
			listtest.MustValidate(t, whole)
			if whole.Version.Targets != targets || whole.Version.Entities != 2*targets {
				t.Fatalf("version %+v; want %d targets", whole.Version, targets)
			}
			if sink.AtFirst >= int64(len(data))/2 {
				t.Errorf("first entity handed over after %d bytes read of %d", sink.AtFirst, len(data))
			}
			for i, e := range sink.Entities {
				a, _ := json.Marshal(e)
				b, _ := json.Marshal(whole.Entities[i])
				if !bytes.Equal(a, b) {
					t.Errorf("entity %d: %s\nwant %s", i, a, b)
				}
			}
		})
	}
}
