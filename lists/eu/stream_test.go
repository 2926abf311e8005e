package eu_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier"
	"dossier/lists/eu"
	"dossier/lists/internal/listtest"
	"dossier/lists/list"
)

// countReader counts the bytes read through it, and notes its closing.
type countReader struct {
	r      io.Reader
	n      int64
	closed bool
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *countReader) Close() error { c.closed = true; return nil }

// firstAdd is a Sink that notes, when the first entity comes, the least
// any opening of the file still being read has read (-1: none open).
type firstAdd struct {
	listtest.Collect
	opened  *[]*countReader
	atFirst int64
}

func (s *firstAdd) Add(e *dossier.Entity) error {
	if len(s.Entities) == 0 {
		s.atFirst = -1
		for _, c := range *s.opened {
			if !c.closed && (s.atFirst < 0 || c.n < s.atFirst) {
				s.atFirst = c.n
			}
		}
	}
	return s.Collect.Add(e)
}

// TestStreams: with a sink, a 1 MB EU file made from a fixture's
// entities repeated (XML, then CSV) has its entities handed over while
// it is still being read, within its first half, and they are the
// entities returned whole, in the same order, with the same version.
func TestStreams(t *testing.T) {
	for _, fixture := range []string{"fsf.xml", "fsf.csv"} {
		t.Run(fixture, func(t *testing.T) {
			path, n := listtest.WriteLargeEU(t, t.TempDir(), filepath.Join("testdata", fixture), 1<<20)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var opened []*countReader
			f := list.File{Name: fixture, Size: int64(len(data)), Open: func() (io.ReadCloser, error) {
				c := &countReader{r: bytes.NewReader(data)}
				opened = append(opened, c)
				return c, nil
			}}
			whole, err := eu.Decode(context.Background(), f)
			sink := &firstAdd{opened: &opened}
			l, err2 := eu.DecodeOptions(context.Background(), list.Options{Sink: sink}, f)
			listtest.CheckSunk(t, whole, err, l, err2, &sink.Collect)
			listtest.MustValidate(t, whole)
			if whole.Version.Targets != n || whole.Version.Entities != 2*n {
				t.Fatalf("version %+v; want %d entities", whole.Version, n)
			}
			if sink.atFirst < 0 || sink.atFirst > int64(len(data))/2 {
				t.Errorf("first entity handed over with %d of %d bytes read (-1: after the reading)", sink.atFirst, len(data))
			}
			for i, e := range sink.Entities {
				a, _ := json.Marshal(e)
				b, _ := json.Marshal(whole.Entities[i])
				if !bytes.Equal(a, b) {
					t.Fatalf("entity %d: %s\nwant %s", i, a, b)
				}
			}
		})
	}
}

// TestDuplicateIDs: a logicalId given twice, or one whose entity ID is
// another's Sanction ("eu-13-sanction" from logicalId "13-sanction"),
// is refused at its sanctionEntity, whether the list is returned whole
// or handed to a sink (which has the first one already).
func TestDuplicateIDs(t *testing.T) {
	x := string(listtest.MustRead(t, "testdata/fsf.xml").Data)
	entity := func(id, name string) string {
		return `<sanctionEntity logicalId="` + id + `" euReferenceNumber="EU.1.1"><subjectType code="person"/><nameAlias wholeName="` + name + `"/></sanctionEntity>`
	}
	doc := func(es ...string) []list.File {
		s := `<export generationDate="2026-01-01">`
		for _, e := range es {
			s += "\n" + e
		}
		return []list.File{{Name: "fsf.xml", Data: []byte(s + "\n</export>\n")}}
	}
	at := bytes.Index([]byte(x), []byte("</export>"))
	bad := []listtest.Bad{
		{Name: "logicalId twice", Files: []list.File{{Name: "fsf.xml", Data: []byte(x[:at] + entity("13", "X") + "\n" + x[at:])}}, Err: list.ErrMalformed, File: "fsf.xml", Line: lineOf(x, "</export>"), Record: "sanctionEntity 13"},
		{Name: "target ID is a sanction's", Files: doc(entity("13", "A"), entity("13-sanction", "B")), Err: list.ErrMalformed, File: "fsf.xml", Line: 3, Record: "sanctionEntity 13-sanction"},
		{Name: "sanction ID is a target's", Files: doc(entity("13-sanction", "B"), entity("13", "A")), Err: list.ErrMalformed, File: "fsf.xml", Line: 3, Record: "sanctionEntity 13"},
	}
	listtest.CheckBad(t, eu.Decode, bad)
	listtest.CheckBad(t, func(ctx context.Context, files ...list.File) (*list.List, error) {
		return eu.DecodeOptions(ctx, list.Options{Sink: &listtest.Collect{}}, files...)
	}, bad)
}

// TestCSVRowsApart: an entity whose rows are not together (the first
// row of the fixture's second entity moved to the top) is still one
// entity, coming in the order of its first row, with the properties of
// all its rows, whether returned whole or handed to a sink.
func TestCSVRowsApart(t *testing.T) {
	c := string(listtest.MustRead(t, "testdata/fsf.csv").Data)
	lines := strings.SplitAfter(c, "\r\n")
	k := 1
	for !strings.Contains(lines[k], ";135909;") {
		k++
	}
	moved := append([]string{lines[0], lines[k]}, lines[1:k]...)
	moved = append(moved, lines[k+1:]...)
	f := list.File{Name: "fsf.csv", Data: []byte(strings.Join(moved, ""))}
	whole, err := eu.Decode(context.Background(), f)
	sink := &listtest.Collect{}
	l, err2 := eu.DecodeOptions(context.Background(), list.Options{Sink: sink}, f)
	listtest.CheckSunk(t, whole, err, l, err2, sink)
	orig, err := eu.Decode(context.Background(), list.File{Name: "fsf.csv", Data: []byte(c)})
	if err != nil {
		t.Fatal(err)
	}
	if got := sink.Entities[0].ID; got != "eu-135909" {
		t.Fatalf("first entity %s, want eu-135909", got)
	}
	want := listtest.ByID(orig)
	for i, e := range sink.Entities {
		a, _ := json.Marshal(e)
		b, _ := json.Marshal(whole.Entities[i])
		if !bytes.Equal(a, b) {
			t.Errorf("entity %d: %s\nwant %s", i, a, b)
		}
		for p, vs := range want[e.ID].Properties {
			if len(e.Get(p)) != len(vs) {
				t.Errorf("%s %s: %q, want %q", e.ID, p, e.Get(p), vs)
			}
		}
	}
}
