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
	"errors"
	"fmt"

	"dossier"
)

// List is one loaded sanctions list: its version and its entities, in
// the order the source gives them. Targets (IsThing schemas) come each
// followed by the Sanction entity that records their listing.
type List struct {
	Version  dossier.ListVersion
	Entities []*dossier.Entity
}

// File is one input file held in memory: its path (for error messages
// and file-name hints) and its bytes.
type File struct {
	Name string
	Data []byte
}

// Sentinel errors. Every error a loader returns for bad input is a
// *dossier.InputError whose Err matches one of these with errors.Is.
var (
	ErrEmpty         = errors.New("empty file")
	ErrBinary        = errors.New("binary file")
	ErrEncoding      = errors.New("bad character encoding")
	ErrMalformed     = errors.New("malformed input")
	ErrUnknownFormat = errors.New("unknown list format")
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
