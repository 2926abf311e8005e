// Package ftm loads FollowTheMoney entities as JSON lines, the format in
// which OpenSanctions publishes its datasets (entities.ftm.json): one
// JSON object per line with "id", "schema", "properties" (a map of
// property names to lists of strings) and optionally "caption",
// "datasets", "referents", "first_seen", "last_seen" and "last_change"
// (which the store keeps for an entity new in a version; see
// dossier.Entity.LastChange). Other fields ("target") are ignored.
//
// The list's dataset is the one dataset that every entity's "datasets"
// names (as in an OpenSanctions export of a single source); entities
// that name none, or another, are refused with the line, unless the
// caller names the dataset (Options.Dataset, "dossier lists load
// --dataset"), as an export of a collection such as "sanctions"
// needs. The file's name is never used: OpenSanctions names every
// export entities.ftm.json.
//
// Entities keep their IDs, schemas, properties and datasets. A target
// (see dossier.IsThing) keeps its caption if it is one of its names,
// else takes its first name; a target without any name is an error.
// Two lines with the same ID (in one file or several) are merged, and
// the entity keeps the place of its first line. A Sanction must name
// the entity it lists ("entity"), and that entity must be in the list.
// Loading is all or nothing: a bad line gives a *dossier.InputError
// naming the file and line, and no entities.
//
// Entities are not held in memory: a first pass over the files checks
// every line and keeps only each ID's schema, first line and number of
// lines (a few tens of bytes an ID); a second, only if some ID is on
// several lines, merges those entities and holds them alone; the last
// reads the files again and hands each entity over (to Options.Sink, or
// into the returned List) at its first line, merged, finished and
// checked. Memory is thus bounded by the number of IDs and the size of
// the repeated ones, not by the file (a 200 MB OpenSanctions export,
// 132,000 entities, loads into the database in about 85 MB). The order
// is the one a whole-file load gives: entities by their first line,
// not targets each followed by their Sanction, which FtM files list
// where they like. The files must read the same each time (list.File).
package ftm

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"dossier"
	"dossier/lists/internal/build"
	"dossier/lists/list"
)

// Load reads entities from FtM JSON-lines files or directories and
// decodes them with Decode.
func Load(ctx context.Context, paths ...string) (*list.List, error) {
	return build.Load(ctx, DecodeOptions, list.Options{}, paths...)
}

// LoadOptions is Load with options (see DecodeOptions).
func LoadOptions(ctx context.Context, opts list.Options, paths ...string) (*list.List, error) {
	return build.Load(ctx, DecodeOptions, opts, paths...)
}

// entity is an FtM entity as serialized.
type entity struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Caption    string              `json:"caption"`
	Properties map[string][]string `json:"properties"`
	Datasets   []string            `json:"datasets"`
	Referents  []string            `json:"referents"`
	FirstSeen  string              `json:"first_seen"`
	LastSeen   string              `json:"last_seen"`
	LastChange string              `json:"last_change"`
}

// Decode decodes FtM JSON lines, streaming them line by line. The
// list's dataset is the one dataset all entities name (see the package
// doc); its published time is zero, as the format states none.
func Decode(ctx context.Context, files ...list.File) (*list.List, error) {
	return DecodeOptions(ctx, list.Options{}, files...)
}

// DecodeOptions is Decode with options: opts.Dataset, if set, is the
// list's dataset whatever its entities name; opts.Sink, if set, gets
// the entities one by one as they are read (see the package doc).
func DecodeOptions(ctx context.Context, opts list.Options, files ...list.File) (*list.List, error) {
	if len(files) == 0 {
		return nil, build.Errorf("", 0, "", list.ErrEmpty, "no files")
	}
	d := &decoder{opts: opts, files: files, datasets: map[string]bool{}, ids: map[string]seen{}, schemas: map[string]string{}}
	// First pass: check every line, and note each ID's schema, where it
	// is first read and on how many lines.
	for i := range files {
		if err := d.scan(ctx, i, d.check); err != nil {
			return nil, err
		}
	}
	// Second pass, only if some ID is on several lines: merge those
	// entities, and hold only them.
	if d.repeated > 0 {
		d.held = build.NewBuilder("")
		for i := range files {
			if err := d.scan(ctx, i, d.hold); err != nil {
				return nil, err
			}
		}
	}
	version, err := build.Version(files)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(d.datasets))
	for ds := range d.datasets {
		names = append(names, ds)
	}
	sort.Strings(names)
	ds := opts.Dataset
	if ds == "" {
		ds = d.one
	}
	l := &list.List{Version: dossier.ListVersion{
		Dataset:   ds,
		Version:   version,
		Title:     "FollowTheMoney entities: " + strings.Join(names, ", "),
		Publisher: "FollowTheMoney JSON lines",
		Loaded:    time.Now().UTC(),
		Source:    build.Names(files),
	}}
	if opts.Sink != nil {
		if err := opts.Sink.Begin(&l.Version); err != nil {
			return nil, err
		}
	}
	// Last pass: each entity, merged, at its first line.
	d.l = l
	for i := range files {
		if err := d.scan(ctx, i, d.emit); err != nil {
			return nil, err
		}
	}
	l.Version.Entities, l.Version.Targets = d.n, d.targets
	return l, nil
}

// seen is what the first pass notes of an ID.
type seen struct {
	schema string // interned
	file   int    // index of the file it is first read in
	line   int    // line it is first read on
	lines  int    // how many lines have it
}

// decoder reads the files of one list, in passes.
type decoder struct {
	opts     list.Options
	files    []list.File
	datasets map[string]bool   // every dataset named
	ids      map[string]seen   // every ID read
	schemas  map[string]string // schema names, interned
	one      string            // the one dataset all entities name, without opts.Dataset
	repeated int               // IDs on more than one line
	held     *build.Builder    // the merged entities of those IDs

	l          *list.List // being emitted
	n, targets int        // entities and targets emitted
}

// scan reads the lines of files[i], checks that each is an entity with
// an ID and a schema, and calls fn with it and its line number.
func (d *decoder) scan(ctx context.Context, i int, fn func(i, line int, raw *entity) error) error {
	f := d.files[i]
	text, err := build.OpenText(f, build.UTF8, build.GuardLines)
	if err != nil {
		return err
	}
	defer text.Close()
	sc := bufio.NewScanner(text)
	sc.Buffer(make([]byte, 0, 64<<10), list.MaxToken+2)
	n := 0
	lineNo := 0
	for sc.Scan() {
		if sc.Err() != nil {
			break // the line was cut off by a read error
		}
		lineNo++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		if n++; n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if line[0] != '{' {
			return build.Errorf(f.Name, lineNo, "", list.ErrMalformed, "not a JSON object")
		}
		var raw entity
		if err := json.Unmarshal(line, &raw); err != nil {
			return build.Errorf(f.Name, lineNo, "", list.ErrMalformed, "%v", err)
		}
		raw.ID = strings.TrimSpace(raw.ID)
		if raw.ID == "" {
			return build.Errorf(f.Name, lineNo, "", list.ErrMalformed, "entity without \"id\"")
		}
		if raw.Schema == "" {
			return build.Errorf(f.Name, lineNo, "entity "+raw.ID, list.ErrMalformed, "entity without \"schema\"")
		}
		if err := fn(i, lineNo, &raw); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		var ie *dossier.InputError
		if errors.As(err, &ie) {
			return err
		}
		return &dossier.InputError{File: f.Name, Line: lineNo + 1, Offset: -1, Err: fmt.Errorf("%w: %v", list.ErrMalformed, err)}
	}
	if n == 0 { // blank lines only, Unicode spaces included
		return &dossier.InputError{File: f.Name, Offset: -1, Err: list.ErrEmpty}
	}
	return nil
}

// check is the first pass over a line: its schema agrees with the ID's
// earlier lines, its dataset with the earlier entities'.
func (d *decoder) check(i, line int, raw *entity) error {
	file, record := d.files[i].Name, "entity "+raw.ID
	s, ok := d.ids[raw.ID]
	if ok && s.schema != raw.Schema {
		return build.Errorf(file, line, record, list.ErrMalformed, "entity %s is a %s here and a %s earlier", raw.ID, raw.Schema, s.schema)
	}
	if err := d.dataset(file, line, record, raw.Datasets); err != nil {
		return err
	}
	for _, ds := range raw.Datasets {
		if !d.datasets[ds] {
			d.datasets[ds] = true
		}
	}
	if !ok {
		schema, ok := d.schemas[raw.Schema]
		if !ok {
			schema = raw.Schema
			d.schemas[schema] = schema
		}
		s = seen{schema: schema, file: i, line: line}
	} else if s.lines == 1 {
		d.repeated++
	}
	s.lines++
	d.ids[raw.ID] = s
	return nil
}

// hold is the second pass over a line: an entity whose ID is on several
// lines is merged into the one held.
func (d *decoder) hold(i, line int, raw *entity) error {
	if d.ids[raw.ID].lines > 1 {
		d.held.Append(raw.entity())
	}
	return nil
}

// emit is the last pass over a line: the entity, merged if its ID is on
// several lines, is finished, checked and handed over at its first line;
// its other lines are skipped.
func (d *decoder) emit(i, line int, raw *entity) error {
	s := d.ids[raw.ID]
	e := (*dossier.Entity)(nil)
	if s.lines > 1 {
		if s.file != i || s.line != line {
			return nil
		}
		e = d.held.Get(raw.ID)
	} else {
		e = raw.entity()
	}
	file, record := d.files[i].Name, "entity "+e.ID
	if dossier.IsThing(e.Schema) && !hasName(e, e.Caption) {
		if e.Caption = build.Caption(e); e.Caption == "" {
			return build.Errorf(file, line, record, list.ErrMalformed, "%s without a name", e.Schema)
		}
	}
	if e.Schema == "Sanction" {
		refs := e.Get("entity")
		if len(refs) == 0 {
			return build.Errorf(file, line, record, list.ErrMalformed, "sanction without \"entity\"")
		}
		for _, ref := range refs {
			if _, ok := d.ids[ref]; !ok {
				return build.Errorf(file, line, record, list.ErrMalformed, "sanction of entity %q, which is not in the list", ref)
			}
		}
	}
	build.Finish(e)
	d.n++
	if dossier.IsThing(e.Schema) {
		d.targets++
	}
	if d.opts.Sink != nil {
		return d.opts.Sink.Add(e)
	}
	d.l.Entities = append(d.l.Entities, e)
	return nil
}

// entity returns the entity a line gives.
func (raw *entity) entity() *dossier.Entity {
	e := dossier.NewEntity(raw.Schema, raw.ID)
	e.Caption = raw.Caption
	props := make([]string, 0, len(raw.Properties))
	for p := range raw.Properties {
		props = append(props, p)
	}
	sort.Strings(props)
	for _, p := range props {
		e.Add(p, raw.Properties[p]...)
	}
	e.Datasets = raw.Datasets
	e.Referents = raw.Referents
	e.FirstSeen, e.LastSeen, e.LastChange = raw.FirstSeen, raw.LastSeen, raw.LastChange
	return e
}

// dataset checks that an entity names the same one dataset as those
// before it, unless the caller named the dataset.
func (d *decoder) dataset(file string, line int, record string, datasets []string) error {
	if d.opts.Dataset != "" {
		return nil
	}
	hint := "; give the dataset the list is to be stored as (--dataset)"
	if len(datasets) != 1 || strings.TrimSpace(datasets[0]) == "" {
		what := "no dataset"
		if len(datasets) > 1 {
			what = fmt.Sprintf("%d datasets (%s)", len(datasets), strings.Join(datasets, ", "))
		}
		return build.Errorf(file, line, record, list.ErrDataset, "the entity names %s, not one%s", what, hint)
	}
	if d.one == "" {
		d.one = datasets[0]
		return nil
	}
	if datasets[0] != d.one {
		return build.Errorf(file, line, record, list.ErrDataset, "the entity is of dataset %q, earlier ones of %q%s", datasets[0], d.one, hint)
	}
	return nil
}

func hasName(e *dossier.Entity, name string) bool {
	if name == "" {
		return false
	}
	strong, weak := e.Names()
	return slices.Contains(strong, name) || slices.Contains(weak, name)
}
