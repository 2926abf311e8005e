package ofac_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"

	"dossier"
	"dossier/lists/internal/listtest"
	"dossier/lists/list"
	"dossier/lists/ofac"
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

// TestAdvancedStreams: with a sink, the advanced XML's parties are
// handed over while the file is read (its second reading), before the
// sanctions entries at its end, and they are the entities returned
// whole: a 1 MB file made from the fixture's parties repeated.
func TestAdvancedStreams(t *testing.T) {
	path, parties := listtest.WriteLargeAdvanced(t, t.TempDir(), "testdata/SDN_ADVANCED.XML", 1<<20)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var read int64
	f := list.File{Name: "SDN_ADVANCED.XML", Size: int64(len(data)), Open: func() (io.ReadCloser, error) {
		read = 0
		return countReader{io.NopCloser(bytes.NewReader(data)), &read}, nil
	}}
	whole, err := ofac.Decode(context.Background(), f)
	sink := &firstAdd{read: &read}
	l, err2 := ofac.DecodeOptions(context.Background(), list.Options{Sink: sink}, f)
	listtest.CheckSunk(t, whole, err, l, err2, &sink.Collect)
	listtest.MustValidate(t, whole)
	if whole.Version.Targets != parties || whole.Version.Entities != 2*parties {
		t.Fatalf("version %+v; want %d parties", whole.Version, parties)
	}
	for _, e := range whole.Entities {
		if e.Schema == "Sanction" && e.First("program") == "" {
			t.Fatalf("sanction %s without a program: its entry was not joined", e.ID)
		}
	}
	if entries := int64(strings.Index(string(data), "<SanctionsEntries>")); sink.atFirst >= entries {
		t.Errorf("first entity handed over after %d bytes read; the entries start at %d", sink.atFirst, entries)
	}
	for i, e := range sink.Entities {
		a, _ := json.Marshal(e)
		b, _ := json.Marshal(whole.Entities[i])
		if !bytes.Equal(a, b) {
			t.Errorf("entity %d: %s\nwant %s", i, a, b)
		}
	}
}

// TestAdvancedDuplicate: a profile given twice is refused at its second
// party, whether the list is returned whole or handed to a sink (which
// has the first one already).
func TestAdvancedDuplicate(t *testing.T) {
	data, err := os.ReadFile("testdata/SDN_ADVANCED.XML")
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	start := strings.Index(s, `<DistinctParty FixedRef="4234">`)
	party := s[start : start+strings.Index(s[start:], "</DistinctParty>")+len("</DistinctParty>")]
	at := strings.Index(s, "  </DistinctParties>")
	dup := s[:at] + "    " + party + "\n" + s[at:]
	line := strings.Count(s[:at], "\n") + 1
	files := []list.File{{Name: "SDN_ADVANCED.XML", Data: []byte(dup)}}
	bad := []listtest.Bad{{Name: "duplicate profile", Files: files, Err: list.ErrMalformed, File: "SDN_ADVANCED.XML", Line: line, Record: "DistinctParty 4234"}}
	listtest.CheckBad(t, ofac.Decode, bad)
	listtest.CheckBad(t, func(ctx context.Context, files ...list.File) (*list.List, error) {
		return ofac.DecodeOptions(ctx, list.Options{Sink: &listtest.Collect{}}, files...)
	}, bad)
}
