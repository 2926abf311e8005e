package ofac_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"dossier/lists/internal/listtest"
	"dossier/lists/list"
	"dossier/lists/ofac"
)

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
	f, read := listtest.WatchedFile("SDN_ADVANCED.XML", data)
	whole, err := ofac.Decode(context.Background(), f)
	sink := &listtest.FirstAdd{Read: read}
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
	if entries := int64(strings.Index(string(data), "<SanctionsEntries>")); sink.AtFirst >= entries {
		t.Errorf("first entity handed over after %d bytes read; the entries start at %d", sink.AtFirst, entries)
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
