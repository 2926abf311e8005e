package ftm_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"dossier"
	"dossier/lists/ftm"
	"dossier/lists/internal/listtest"
	"dossier/lists/list"
)

// TestStreams: with a sink, entities are handed over while the file is
// read, not after its last line, and they are those returned whole.
func TestStreams(t *testing.T) {
	path := filepath.Join(listtest.DataDir(t, "ftm"), "zala.ftm.jsonl")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, read := listtest.WatchedFile(path, data)
	opts := list.Options{Dataset: "zala"}
	whole, err := ftm.DecodeOptions(context.Background(), opts, f)
	sink := &listtest.FirstAdd{Read: read}
	opts.Sink = sink
	l, err2 := ftm.DecodeOptions(context.Background(), opts, f)
	listtest.CheckSunk(t, whole, err, l, err2, &sink.Collect)
	if sink.AtFirst >= int64(len(data))/2 {
		t.Errorf("first entity handed over after %d bytes of %d read", sink.AtFirst, len(data))
	}
	mustSame(t, sink.Entities, whole.Entities)
}

// mustSame requires two lists of entities to be equal, entity by
// entity, as JSON.
func mustSame(t *testing.T, got, want []*dossier.Entity) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d entities, want %d", len(got), len(want))
	}
	for i := range got {
		a, _ := json.Marshal(got[i])
		b, _ := json.Marshal(want[i])
		if !bytes.Equal(a, b) {
			t.Fatalf("entity %d: %s\nwant %s", i, a, b)
		}
	}
}

// fragment splits each entity of an FtM file into fragments on lines
// of their own: every third entity keeps half its properties at its
// own line and has the rest on a line further on (some in a second
// file), with no caption, as FtM allows.
func fragment(t *testing.T, data []byte) (a, b []byte) {
	t.Helper()
	var out, later, last []string
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var e map[string]any
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatal(err)
		}
		props, _ := e["properties"].(map[string]any)
		if i%3 != 0 || len(props) < 2 {
			out = append(out, line)
			continue
		}
		keys := make([]string, 0, len(props))
		for k := range props {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		p1, p2 := map[string]any{}, map[string]any{}
		for j, k := range keys {
			if j < len(keys)/2 {
				p1[k] = props[k]
			} else {
				p2[k] = props[k]
			}
		}
		e["properties"] = p1
		first, _ := json.Marshal(e)
		e["properties"], e["caption"] = p2, ""
		second, _ := json.Marshal(e)
		out = append(out, string(first))
		if i%2 == 0 {
			later = append(later, string(second))
		} else {
			last = append(last, string(second))
		}
		if i%7 == 6 && len(later) > 0 {
			out, later = append(out, later[0]), later[1:]
		}
	}
	out = append(out, later...)
	return []byte(strings.Join(out, "\n") + "\n"), []byte(strings.Join(last, "\n") + "\n")
}

// TestFragments: an entity split over several lines, in one file or
// two, is merged into the entity the whole line gives, at its first
// line, returned whole or handed to a sink.
func TestFragments(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{"zala.ftm.jsonl", "t1.ftm.jsonl"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(listtest.DataDir(t, "ftm"), name))
			if err != nil {
				t.Fatal(err)
			}
			opts := list.Options{Dataset: "d"}
			want, err := ftm.DecodeOptions(ctx, opts, list.File{Name: name, Data: data})
			if err != nil {
				t.Fatal(err)
			}
			a, b := fragment(t, data)
			if bytes.Count(a, []byte("\n"))+bytes.Count(b, []byte("\n")) <= len(want.Entities)+1 {
				t.Fatalf("nothing fragmented")
			}
			files := []list.File{{Name: "a.jsonl", Data: a}, {Name: "b.jsonl", Data: b}}
			got, err := ftm.DecodeOptions(ctx, opts, files...)
			if err != nil {
				t.Fatal(err)
			}
			listtest.MustValidate(t, got)
			mustSame(t, got.Entities, want.Entities)
			if got.Version.Entities != want.Version.Entities || got.Version.Targets != want.Version.Targets || got.Version.Title != want.Version.Title {
				t.Errorf("version %+v, want %+v", got.Version, want.Version)
			}
			sink := &listtest.Collect{}
			opts.Sink = sink
			l, err2 := ftm.DecodeOptions(ctx, opts, files...)
			listtest.CheckSunk(t, got, err, l, err2, sink)
			mustSame(t, sink.Entities, got.Entities)
		})
	}
}

// TestSinkError: an error from the sink ends the decoding and comes
// back as it is.
func TestSinkError(t *testing.T) {
	stop := errors.New("stop")
	sink := &stopSink{at: 3, err: stop}
	_, err := ftm.DecodeOptions(context.Background(), list.Options{Sink: sink}, listtest.MustRead(t, "testdata/sample.ftm.jsonl"))
	if err != stop || sink.n != 3 {
		t.Errorf("error %v after %d entities; want %v after 3", err, sink.n, stop)
	}
}

type stopSink struct {
	n, at int
	err   error
}

func (s *stopSink) Begin(*dossier.ListVersion) error { return nil }
func (s *stopSink) Add(e *dossier.Entity) error {
	if s.n++; s.n == s.at {
		return s.err
	}
	return nil
}
