// Package list holds the types every sanctions-list loader returns: a
// List (the entities of one list plus its version metadata), the File a
// loader decodes, and the sentinel errors that loaders wrap in a
// *dossier.InputError.
//
// It is a package of its own, below both dossier/lists (which detects a
// format and dispatches) and the per-source loaders (lists/ofac,
// lists/un, lists/eu, lists/uk, lists/ftm), so that the loaders can
// return a List without importing the dispatcher that imports them.
// Callers normally spell the type lists.List, an alias of list.List.
package list

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"dossier"
)

// List is one loaded sanctions list: its version and its entities, in
// the order the source gives them. Targets (IsThing schemas) come each
// followed by the Sanction entity that records their listing.
type List struct {
	Version  dossier.ListVersion
	Entities []*dossier.Entity
}

// File is one input file: its path (for error messages and file-name
// hints) and either its bytes held in memory (Data) or a way to open
// it (Open), which loaders prefer so that a large list is streamed
// rather than held whole. Open may be called more than once (the
// version hash reads a file a second time), so it must open the same
// content each time: a regular file or a spooled upload, never a pipe.
type File struct {
	Name string
	Data []byte                        // the content, when Open is nil
	Open func() (io.ReadCloser, error) // opens the content; nil: use Data
	Size int64                         // the content's size in bytes when Open is set; -1 if unknown
}

// Reader opens the file's content.
func (f File) Reader() (io.ReadCloser, error) {
	if f.Open != nil {
		return f.Open()
	}
	return io.NopCloser(bytes.NewReader(f.Data)), nil
}

// Head returns up to the first n bytes of the file.
func (f File) Head(n int) ([]byte, error) {
	if f.Open == nil {
		if len(f.Data) > n {
			return f.Data[:n], nil
		}
		return f.Data, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	buf := make([]byte, n)
	m, err := io.ReadFull(rc, buf)
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		err = nil
	}
	return buf[:m], err
}

// Len returns the file's size in bytes, -1 if unknown.
func (f File) Len() int64 {
	if f.Open == nil {
		return int64(len(f.Data))
	}
	return f.Size
}

// DefaultMaxSize is the largest list file loaded unless a caller sets
// another limit (Options.MaxSize): 1 GiB.
const DefaultMaxSize int64 = 1 << 30

// MaxToken is the longest line (CSV, JSON lines), or run of XML text or
// attribute value between two markup characters, that a loader reads:
// 8 MiB. Longer is an error naming the file, line and record, since no
// real list entry comes near it and reading it would hold it in memory.
const MaxToken = 8 << 20

// Options are a load's settings; the zero value is the default.
type Options struct {
	// Dataset names the dataset the list is stored as. Formats that
	// name their dataset themselves (OFAC, UN, EU, UK) refuse a
	// different name; FollowTheMoney files, whose entities may come
	// from several datasets, need it unless all entities name the same
	// one dataset.
	Dataset string
	// MaxSize is the largest file read, in bytes (0: DefaultMaxSize).
	MaxSize int64
	// Sink, if set, receives the list's entities instead of the
	// returned List, so that a list larger than memory can be stored
	// as it is read: the UN list, OFAC's classic XML and the EU's XML
	// hand each record over as soon as it is read; FollowTheMoney
	// files each entity, OFAC's advanced XML each party, the EU's CSV
	// each entity and the UK list each target, on a later reading of
	// the file (see lists/ftm, lists/ofac, lists/eu, lists/uk); the
	// other formats, which join records
	// across files, hand theirs over at the end. The List returned
	// then has the version and its counts but no Entities.
	Sink Sink
}

// A Sink receives a list while it is decoded: Begin once, with the
// version (dataset, version hash, title, publisher, publication time,
// source; counts still zero), before the first entity, then Add for
// each entity, final and in order. An error from the sink ends the
// decoding and is returned as it is.
type Sink interface {
	Begin(v *dossier.ListVersion) error
	Add(e *dossier.Entity) error
}

// Hand passes a decoded list's entities to opts.Sink, if set and they
// have not been handed over yet, and leaves the list without them.
func Hand(l *List, opts Options) (*List, error) {
	if opts.Sink == nil || l.Entities == nil {
		return l, nil
	}
	if err := opts.Sink.Begin(&l.Version); err != nil {
		return nil, err
	}
	for _, e := range l.Entities {
		if err := opts.Sink.Add(e); err != nil {
			return nil, err
		}
	}
	l.Entities = nil
	return l, nil
}

// Limit returns o.MaxSize, or DefaultMaxSize if it is not positive.
func (o Options) Limit() int64 {
	if o.MaxSize > 0 {
		return o.MaxSize
	}
	return DefaultMaxSize
}

// Sentinel errors. Every error a loader returns for bad input is a
// *dossier.InputError whose Err matches one of these with errors.Is.
var (
	ErrEmpty         = errors.New("empty file")
	ErrBinary        = errors.New("binary file")
	ErrEncoding      = errors.New("bad character encoding")
	ErrMalformed     = errors.New("malformed input")
	ErrUnknownFormat = errors.New("unknown list format")
	ErrDoctype       = errors.New("DOCTYPE with internal subset not allowed")
	ErrTooLarge      = errors.New("file too large")
	ErrTooLong       = errors.New("line or value too long")
	ErrDataset       = errors.New("dataset cannot be told")
)

// Targets returns the entities screening matches against (see
// dossier.IsThing).
func (l *List) Targets() []*dossier.Entity {
	var out []*dossier.Entity
	for _, e := range l.Entities {
		if dossier.IsThing(e.Schema) {
			out = append(out, e)
		}
	}
	return out
}

// Validate checks the invariants every loader guarantees: each entity
// has an ID (unique in the list) and a schema; each target has a
// non-empty caption that is one of its names; each Sanction refers to
// an entity in the list. It returns the first violation.
func (l *List) Validate() error {
	ids := make(map[string]bool, len(l.Entities))
	for _, e := range l.Entities {
		if e.ID == "" {
			return fmt.Errorf("entity without ID (schema %q)", e.Schema)
		}
		if ids[e.ID] {
			return fmt.Errorf("duplicate entity ID %q", e.ID)
		}
		ids[e.ID] = true
		if e.Schema == "" {
			return fmt.Errorf("entity %s: no schema", e.ID)
		}
	}
	for _, e := range l.Entities {
		if dossier.IsThing(e.Schema) {
			if e.Caption == "" {
				return fmt.Errorf("entity %s: empty caption", e.ID)
			}
			if !hasName(e, e.Caption) {
				return fmt.Errorf("entity %s: caption %q is not among its names", e.ID, e.Caption)
			}
		}
		if e.Schema == "Sanction" {
			refs := e.Get("entity")
			if len(refs) == 0 {
				return fmt.Errorf("sanction %s: no entity", e.ID)
			}
			for _, ref := range refs {
				if !ids[ref] {
					return fmt.Errorf("sanction %s: entity %q not in the list", e.ID, ref)
				}
			}
		}
	}
	return nil
}

func hasName(e *dossier.Entity, name string) bool {
	strong, weak := e.Names()
	for _, n := range strong {
		if n == name {
			return true
		}
	}
	for _, n := range weak {
		if n == name {
			return true
		}
	}
	return false
}
