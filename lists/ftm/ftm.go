// Package ftm loads FollowTheMoney entities as JSON lines, the format in
// which OpenSanctions publishes its datasets (entities.ftm.json): one
// JSON object per line with "id", "schema", "properties" (a map of
// property names to lists of strings) and optionally "caption",
// "datasets", "referents", "first_seen" and "last_seen". Other fields
// ("target", "last_change") are ignored.
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
// Two lines with the same ID are merged. Loading is all or nothing: a
// bad line gives a *dossier.InputError naming the file and line, and no
// entities.
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
}

// Decode decodes FtM JSON lines, streaming them line by line. The
// list's dataset is the one dataset all entities name (see the package
// doc); its published time is zero, as the format states none.
func Decode(ctx context.Context, files ...list.File) (*list.List, error) {
	return DecodeOptions(ctx, list.Options{}, files...)
}

// DecodeOptions is Decode with options: opts.Dataset, if set, is the
// list's dataset whatever its entities name.
func DecodeOptions(ctx context.Context, opts list.Options, files ...list.File) (*list.List, error) {
	if len(files) == 0 {
		return nil, build.Errorf("", 0, "", list.ErrEmpty, "no files")
	}
	b := build.NewBuilder("")
	d := &decoder{b: b, opts: opts, datasets: map[string]bool{}, at: map[string]position{}}
	for _, f := range files {
		if err := d.file(ctx, f); err != nil {
			return nil, err
		}
	}
	at, datasets := d.at, d.datasets
	l, err := b.List(files, build.Meta{}, time.Time{})
	if err != nil {
		return nil, err
	}
	for _, e := range l.Entities {
		if !dossier.IsThing(e.Schema) || hasName(e, e.Caption) {
			continue
		}
		if e.Caption = build.Caption(e); e.Caption == "" {
			p := at[e.ID]
			return nil, build.Errorf(p.file, p.line, "entity "+e.ID, list.ErrMalformed, "%s without a name", e.Schema)
		}
	}
	names := make([]string, 0, len(datasets))
	for d := range datasets {
		names = append(names, d)
	}
	sort.Strings(names)
	ds := opts.Dataset
	if ds == "" {
		ds = d.one
	}
	l.Version.Dataset = ds
	l.Version.Title = "FollowTheMoney entities: " + strings.Join(names, ", ")
	l.Version.Publisher = "FollowTheMoney JSON lines"
	return list.Hand(l, opts)
}

// position is where an entity was first read.
type position struct {
	file string
	line int
}

// decoder reads the files of one list.
type decoder struct {
	b        *build.Builder
	opts     list.Options
	datasets map[string]bool     // every dataset named
	at       map[string]position // where each entity was first read
	one      string              // the one dataset all entities name, without opts.Dataset
}

// file reads one file's lines.
func (d *decoder) file(ctx context.Context, f list.File) error {
	b, datasets, at := d.b, d.datasets, d.at
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
		record := "entity " + raw.ID
		if raw.Schema == "" {
			return build.Errorf(f.Name, lineNo, record, list.ErrMalformed, "entity without \"schema\"")
		}
		if old := b.Get(raw.ID); old != nil && old.Schema != raw.Schema {
			return build.Errorf(f.Name, lineNo, record, list.ErrMalformed, "entity %s is a %s here and a %s earlier", raw.ID, raw.Schema, old.Schema)
		}
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
		e.FirstSeen, e.LastSeen = raw.FirstSeen, raw.LastSeen
		if _, ok := at[raw.ID]; !ok {
			at[raw.ID] = position{f.Name, lineNo}
		}
		if err := d.dataset(f.Name, lineNo, record, raw.Datasets); err != nil {
			return err
		}
		b.Append(e)
		for _, ds := range raw.Datasets {
			datasets[ds] = true
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
