// Package ftm loads FollowTheMoney entities as JSON lines, the format in
// which OpenSanctions publishes its datasets (entities.ftm.json): one
// JSON object per line with "id", "schema", "properties" (a map of
// property names to lists of strings) and optionally "caption",
// "datasets", "referents", "first_seen" and "last_seen". Other fields
// ("target", "last_change") are ignored.
//
// Entities keep their IDs, schemas, properties and datasets. A target
// (see dossier.IsThing) keeps its caption if it is one of its names,
// else takes its first name; a target without any name is an error.
// Two lines with the same ID are merged. Loading is all or nothing: a
// bad line gives a *dossier.InputError naming the file and line, and no
// entities.
package ftm

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
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
	return build.Load(ctx, Decode, paths...)
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

// Decode decodes FtM JSON lines held in memory. The list's dataset is
// the one dataset its entities share, else the first file's name
// without extensions (e.g. "zala" for zala.ftm.jsonl); its published
// time is zero, as the format states none.
func Decode(ctx context.Context, files ...list.File) (*list.List, error) {
	if len(files) == 0 {
		return nil, build.Errorf("", 0, "", list.ErrEmpty, "no files")
	}
	b := build.NewBuilder("")
	datasets := map[string]bool{}
	at := map[string]position{}
	for _, f := range files {
		if err := decodeFile(ctx, b, f, datasets, at); err != nil {
			return nil, err
		}
	}
	l := b.List(files, build.Meta{}, time.Time{})
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
	// The dataset is named after the file, so that an excerpt never
	// replaces the list it was cut from; OpenSanctions' generic
	// entities.ftm.json of a single dataset takes that dataset's name.
	ds := stem(files[0].Name)
	if ds == "entities" && len(names) == 1 {
		ds = names[0]
	}
	l.Version.Dataset = ds
	l.Version.Title = "FollowTheMoney entities: " + strings.Join(names, ", ")
	l.Version.Publisher = "FollowTheMoney JSON lines"
	return l, nil
}

// position is where an entity was first read.
type position struct {
	file string
	line int
}

func decodeFile(ctx context.Context, b *build.Builder, f list.File, datasets map[string]bool, at map[string]position) error {
	text, err := build.Text(f, false)
	if err != nil {
		return err
	}
	data := []byte(text)
	n := 0
	for lineNo := 1; len(data) > 0; lineNo++ {
		var line []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			line, data = data, nil
		}
		line = bytes.TrimSpace(line)
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
		b.Append(e)
		for _, d := range raw.Datasets {
			datasets[d] = true
		}
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

// stem returns a file's base name without extensions.
func stem(name string) string {
	base := filepath.Base(name)
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	return base
}
