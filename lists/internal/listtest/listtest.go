// Package listtest holds test helpers shared by the list loaders'
// tests: finding the shared data directory and checking list
// invariants.
package listtest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"dossier"
	"dossier/lists/list"
)

// DataDir returns the shared data directory (../shared/data next to
// the module root), skipping the test with a message if it is absent.
// The module root is found by walking up from the working directory
// to the directory holding go.mod.
func DataDir(tb testing.TB, parts ...string) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("shared data: module root (go.mod) not found")
		}
		dir = parent
	}
	p := filepath.Join(append([]string{dir, "..", "shared", "data"}, parts...)...)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("shared data %s absent: %v", p, err)
	}
	return p
}

// MustValidate fails the test if the list breaks an invariant.
func MustValidate(tb testing.TB, l *list.List) {
	tb.Helper()
	if err := l.Validate(); err != nil {
		tb.Fatalf("invalid list: %v", err)
	}
	n, targets := 0, 0
	for _, e := range l.Entities {
		n++
		if dossier.IsThing(e.Schema) {
			targets++
		}
	}
	if l.Version.Entities != n || l.Version.Targets != targets {
		tb.Fatalf("version counts %d/%d, list has %d entities, %d targets", l.Version.Entities, l.Version.Targets, n, targets)
	}
}

// ByID indexes a list's entities.
func ByID(l *list.List) map[string]*dossier.Entity {
	m := make(map[string]*dossier.Entity, len(l.Entities))
	for _, e := range l.Entities {
		m[e.ID] = e
	}
	return m
}

// Bad is one malformed-input case: the files and the error expected.
type Bad struct {
	Name   string
	Files  []list.File
	Err    error  // sentinel the error must match
	File   string // file the error must name
	Line   int    // line the error must name; 0: none expected
	Record string // text the error's Record must contain, if any
}

// CheckBad runs decode on each case and requires a *dossier.InputError
// matching it, and no list.
func CheckBad(t *testing.T, decode func(context.Context, ...list.File) (*list.List, error), cases []Bad) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.Name, func(t *testing.T) {
			l, err := decode(context.Background(), tt.Files...)
			if l != nil {
				t.Errorf("got a list of %d entities, want none", len(l.Entities))
			}
			var ie *dossier.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error = %v (%T), want *dossier.InputError", err, err)
			}
			if !errors.Is(err, tt.Err) {
				t.Errorf("error = %v, want %v", err, tt.Err)
			}
			if ie.File != tt.File {
				t.Errorf("file = %q, want %q (%v)", ie.File, tt.File, err)
			}
			if ie.Line != tt.Line {
				t.Errorf("line = %d, want %d (%v)", ie.Line, tt.Line, err)
			}
			if !strings.Contains(ie.Record, tt.Record) {
				t.Errorf("record = %q, want it to contain %q (%v)", ie.Record, tt.Record, err)
			}
			t.Log(err)
		})
	}
}

// MustRead reads a file into a list.File.
func MustRead(tb testing.TB, path string) list.File {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return list.File{Name: path, Data: data}
}

// UTF16LE encodes s as UTF-16 little-endian with a byte order mark.
func UTF16LE(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}

// CheckDecoded is the property the fuzz targets check on any input:
// either an error that is a *dossier.InputError matching one of the
// sentinel errors, with no list; or a list that passes Validate, whose
// version counts match its entities, whose targets carry the
// "sanction" topic and whose every entity carries dataset (if not "").
func CheckDecoded(t *testing.T, l *list.List, err error, dataset string) {
	t.Helper()
	if err != nil {
		if l != nil {
			t.Fatalf("error %v with a list of %d entities", err, len(l.Entities))
		}
		var ie *dossier.InputError
		if !errors.As(err, &ie) {
			t.Fatalf("error %v (%T) is not a *dossier.InputError", err, err)
		}
		for _, s := range []error{list.ErrEmpty, list.ErrBinary, list.ErrEncoding, list.ErrMalformed, list.ErrUnknownFormat,
			list.ErrDoctype, list.ErrTooLarge, list.ErrTooLong, list.ErrDataset} {
			if errors.Is(err, s) {
				return
			}
		}
		t.Fatalf("error %v matches no sentinel", err)
	}
	if l == nil {
		t.Fatal("no error and no list")
	}
	MustValidate(t, l)
	if dataset == "" {
		return
	}
	for _, e := range l.Entities {
		if len(e.Datasets) != 1 || e.Datasets[0] != dataset {
			t.Fatalf("entity %s: datasets %q, want [%s]", e.ID, e.Datasets, dataset)
		}
		if dossier.IsThing(e.Schema) {
			if !slices.Contains(e.Get("topics"), "sanction") {
				t.Fatalf("target %s without the sanction topic", e.ID)
			}
		}
	}
	// Every target is followed by its Sanction.
	ids := ByID(l)
	for _, e := range l.Entities {
		if dossier.IsThing(e.Schema) && ids[e.ID+"-sanction"] == nil {
			t.Fatalf("target %s without a Sanction", e.ID)
		}
	}
}

// Collect is a list.Sink that keeps what it is given.
type Collect struct {
	Version  *dossier.ListVersion
	Entities []*dossier.Entity
}

// Begin keeps the version.
func (c *Collect) Begin(v *dossier.ListVersion) error {
	if c.Version != nil {
		return errors.New("Begin called twice")
	}
	c.Version = v
	return nil
}

// Add keeps the entity.
func (c *Collect) Add(e *dossier.Entity) error {
	if c.Version == nil {
		return errors.New("Add before Begin")
	}
	c.Entities = append(c.Entities, e)
	return nil
}

// CheckSunk requires a decode into a sink (l2, err2, sink) to agree
// with the same decode returning the list (l, err): both fail, or the
// sink got the same version counts and entities, in order.
func CheckSunk(t *testing.T, l *list.List, err error, l2 *list.List, err2 error, sink *Collect) {
	t.Helper()
	if (err == nil) != (err2 == nil) {
		t.Fatalf("returning the list: %v; into a sink: %v", err, err2)
	}
	if err != nil {
		return
	}
	if l2.Entities != nil || sink.Version == nil || l2.Version.Entities != l.Version.Entities || l2.Version.Targets != l.Version.Targets || l2.Version.Version != l.Version.Version {
		t.Fatalf("sink: version %+v, want %+v", l2.Version, l.Version)
	}
	if len(sink.Entities) != len(l.Entities) {
		t.Fatalf("sink got %d entities, want %d", len(sink.Entities), len(l.Entities))
	}
	for i, e := range sink.Entities {
		if w := l.Entities[i]; e.ID != w.ID || e.Caption != w.Caption || len(e.Properties) != len(w.Properties) {
			t.Fatalf("sink entity %d: %+v, want %+v", i, e, w)
		}
	}
}
