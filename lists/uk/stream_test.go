package uk_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"testing"

	"dossier"
	"dossier/lists/internal/listtest"
	"dossier/lists/list"
	"dossier/lists/uk"
)

// countReader counts the bytes read through it.
type countReader struct {
	r io.ReadCloser
	n *int64
}

func (c countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	*c.n += int64(n)
	return n, err
}

func (c countReader) Close() error { return c.r.Close() }

// firstAdd is a Sink that notes how much of the file its last opening
// had read when the first entity came.
type firstAdd struct {
	listtest.Collect
	read    *int64
	atFirst int64
}

func (s *firstAdd) Add(e *dossier.Entity) error {
	if len(s.Entities) == 0 {
		s.atFirst = *s.read
	}
	return s.Collect.Add(e)
}

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
			var read int64
			f := list.File{Name: "ConList", Size: int64(len(data)), Open: func() (io.ReadCloser, error) {
				read = 0
				return countReader{io.NopCloser(bytes.NewReader(data)), &read}, nil
			}}
			whole, err := uk.Decode(context.Background(), f)
			sink := &firstAdd{read: &read}
			l, err2 := uk.DecodeOptions(context.Background(), list.Options{Sink: sink}, f)
			listtest.CheckSunk(t, whole, err, l, err2, &sink.Collect)
			listtest.MustValidate(t, whole)
			if whole.Version.Targets != targets || whole.Version.Entities != 2*targets {
				t.Fatalf("version %+v; want %d targets", whole.Version, targets)
			}
			if sink.atFirst >= int64(len(data))/2 {
				t.Errorf("first entity handed over after %d bytes read of %d", sink.atFirst, len(data))
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
