package build

import (
	"fmt"
	"time"

	"dossier"
	"dossier/lists/list"
)

// Builder collects the entities of one list in order, merging entities
// made twice under the same ID.
type Builder struct {
	Dataset string // set on every entity made
	// NoSeen, set before Stream, keeps no record of the IDs handed
	// over, for a loader that never calls Seen because its IDs are
	// unique by construction: a few tens of bytes an entity less.
	NoSeen   bool
	entities []*dossier.Entity
	byID     map[string]*dossier.Entity

	// Streaming (see Stream): entities handed over so far.
	sink          list.Sink
	version       *dossier.ListVersion
	handed        map[string]bool // IDs handed over
	nHanded, nTgt int
}

// Stream makes the builder hand each record's entities to sink when
// the loader calls Flush, rather than keep them: it computes the
// version of the files (reading them once more) and begins the sink
// with it. A loader calls it once, when meta and published are known
// and before its first record.
func (b *Builder) Stream(sink list.Sink, files []list.File, meta Meta, published time.Time) error {
	version, err := Version(files)
	if err != nil {
		return err
	}
	b.sink = sink
	if !b.NoSeen {
		b.handed = map[string]bool{}
	}
	b.version = &dossier.ListVersion{
		Dataset:   meta.Dataset,
		Version:   version,
		Title:     meta.Title,
		Publisher: meta.Publisher,
		Published: published,
		Loaded:    time.Now().UTC(),
		Source:    Names(files),
	}
	return sink.Begin(b.version)
}

// Seen reports whether an entity with the ID has been made (and kept
// or handed over).
func (b *Builder) Seen(id string) bool {
	_, ok := b.byID[id]
	return ok || b.handed[id]
}

// Flush hands the entities made since the last Flush to the sink, with
// their captions set (see List), when streaming; else it does nothing.
// Call it only between records, whose entities are then final.
func (b *Builder) Flush() error {
	if b.sink == nil {
		return nil
	}
	for _, e := range b.entities {
		Finish(e)
		if err := b.sink.Add(e); err != nil {
			return err
		}
		if b.handed != nil {
			b.handed[e.ID] = true
		}
		b.nHanded++
		if dossier.IsThing(e.Schema) {
			b.nTgt++
		}
	}
	clear(b.entities)
	b.entities = b.entities[:0]
	clear(b.byID)
	return nil
}

// NewBuilder returns a Builder for a dataset.
func NewBuilder(dataset string) *Builder {
	return &Builder{Dataset: dataset, byID: map[string]*dossier.Entity{}}
}

// Make returns the entity with the ID, creating it with the schema if
// it is new.
func (b *Builder) Make(schema, id string) *dossier.Entity {
	if e, ok := b.byID[id]; ok {
		return e
	}
	e := dossier.NewEntity(schema, id)
	if b.Dataset != "" {
		e.Datasets = []string{b.Dataset}
	}
	b.byID[id] = e
	b.entities = append(b.entities, e)
	return e
}

// Get returns the entity with the ID, or nil.
func (b *Builder) Get(id string) *dossier.Entity { return b.byID[id] }

// Append adds an entity made elsewhere; an entity with an ID already
// present has its properties, datasets and referents merged into the
// first one instead.
func (b *Builder) Append(e *dossier.Entity) {
	if old, ok := b.byID[e.ID]; ok {
		for p, vs := range e.Properties {
			old.Add(p, vs...)
		}
		old.Datasets = addAll(old.Datasets, e.Datasets...)
		old.Referents = addAll(old.Referents, e.Referents...)
		old.LastChange = max(old.LastChange, e.LastChange)
		if old.Caption == "" {
			old.Caption = e.Caption
		}
		return
	}
	b.byID[e.ID] = e
	b.entities = append(b.entities, e)
}

// NoTargets returns the error for a list without targets, or nil.
func (b *Builder) NoTargets(file string) error {
	if b.nTgt > 0 {
		return nil
	}
	for _, e := range b.entities {
		if dossier.IsThing(e.Schema) {
			return nil
		}
	}
	return &dossier.InputError{File: file, Offset: -1, Err: fmt.Errorf("%w: no list entries", list.ErrEmpty)}
}

// Len returns how many entities have been made.
func (b *Builder) Len() int { return len(b.entities) + b.nHanded }

// Finish sets the caption of a target (its first name, else alias,
// previous name or weak alias) or Sanction (its first program) that has
// none, and writes the values of its country properties as ISO 3166-1
// alpha-2 codes (see Countries), as List does for every entity it
// returns.
func Finish(e *dossier.Entity) {
	Countries(e)
	if e.Caption != "" {
		return
	}
	if dossier.IsThing(e.Schema) {
		e.Caption = Caption(e)
	} else if e.Schema == "Sanction" {
		e.Caption = e.First("program")
		if e.Caption == "" {
			e.Caption = "Sanction"
		}
	}
}

// Sanction makes the Sanction entity recording target's listing, with
// ID target.ID+"-sanction", and adds the "sanction" topic to target.
func (b *Builder) Sanction(target *dossier.Entity, authority string) *dossier.Entity {
	target.Add("topics", "sanction")
	s := b.Make("Sanction", target.ID+"-sanction")
	s.Add("entity", target.ID)
	s.Add("authority", authority)
	return s
}

// Meta is a list's fixed description.
type Meta struct {
	Dataset   string
	Title     string
	Publisher string
}

// List finishes the list: each target's caption is its first name
// (else alias, previous name or weak alias), each Sanction's caption its
// first program; the version is filled from the files, with counts.
//
// When streaming, the rest of the entities are handed over and the list
// holds none: its version is the one the sink began with, with counts.
func (b *Builder) List(files []list.File, meta Meta, published time.Time) (*list.List, error) {
	if b.sink != nil {
		if err := b.Flush(); err != nil {
			return nil, err
		}
		b.version.Entities, b.version.Targets = b.nHanded, b.nTgt
		return &list.List{Version: *b.version}, nil
	}
	version, err := Version(files)
	if err != nil {
		return nil, err
	}
	targets := 0
	for _, e := range b.entities {
		Finish(e)
		if dossier.IsThing(e.Schema) {
			targets++
		}
	}
	return &list.List{
		Version: dossier.ListVersion{
			Dataset:   meta.Dataset,
			Version:   version,
			Title:     meta.Title,
			Publisher: meta.Publisher,
			Published: published,
			Loaded:    time.Now().UTC(),
			Source:    Names(files),
			Entities:  len(b.entities),
			Targets:   targets,
		},
		Entities: b.entities,
	}, nil
}

// Caption returns the entity's first name, alias, previous name or weak
// alias, in that order of preference; "" if it has none.
func Caption(e *dossier.Entity) string {
	for _, p := range []string{"name", "alias", "previousName", "weakAlias"} {
		if v := e.First(p); v != "" {
			return v
		}
	}
	return ""
}

func addAll(dst []string, vs ...string) []string {
	for _, v := range vs {
		found := false
		for _, d := range dst {
			if d == v {
				found = true
				break
			}
		}
		if !found && v != "" {
			dst = append(dst, v)
		}
	}
	return dst
}
