package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The FollowTheMoney model as its schema files define it
// (testdata/followthemoney: the YAML files of followthemoney/schema and
// the topic list of followthemoney/types/topic.py, MIT, see LICENSE
// there), read to check exports against.

type ftmSchema struct {
	Name       string
	Extends    []string           `yaml:"extends"`
	Abstract   bool               `yaml:"abstract"`
	Required   []string           `yaml:"required"`
	Properties map[string]ftmProp `yaml:"properties"`
}

type ftmProp struct {
	Type  string `yaml:"type"` // "" is string
	Range string `yaml:"range"`
}

type ftmModel struct {
	schemata map[string]*ftmSchema
	topics   map[string]bool
}

// loadModel reads the model once for all tests.
var loadModel = sync.OnceValues(func() (*ftmModel, error) {
	files, err := filepath.Glob("testdata/followthemoney/schema/*.y*ml")
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no schema files in testdata/followthemoney/schema (%v)", err)
	}
	m := &ftmModel{schemata: map[string]*ftmSchema{}, topics: map[string]bool{}}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var doc map[string]*ftmSchema
		if err := yaml.Unmarshal(b, &doc); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		for name, s := range doc {
			s.Name = name
			m.schemata[name] = s
		}
	}
	for _, s := range m.schemata {
		for _, p := range s.Extends {
			if m.schemata[p] == nil {
				return nil, fmt.Errorf("schema %s extends unknown %s", s.Name, p)
			}
		}
	}
	b, err := os.ReadFile("testdata/followthemoney/types/topic.py")
	if err != nil {
		return nil, err
	}
	for _, sm := range regexp.MustCompile(`(?m)^\s*"([a-z.]+)": _\(`).FindAllSubmatch(b, -1) {
		m.topics[string(sm[1])] = true
	}
	if len(m.topics) < 50 {
		return nil, fmt.Errorf("topic.py: %d topics read, want the whole vocabulary", len(m.topics))
	}
	return m, nil
})

func mustModel(tb testing.TB) *ftmModel {
	tb.Helper()
	m, err := loadModel()
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// isA reports whether schema s is schema base or extends it.
func (m *ftmModel) isA(s, base string) bool {
	if s == base {
		return true
	}
	sc := m.schemata[s]
	if sc == nil {
		return false
	}
	for _, p := range sc.Extends {
		if m.isA(p, base) {
			return true
		}
	}
	return false
}

// property finds a property declared by a schema or one it extends.
func (m *ftmModel) property(schema, name string) (ftmProp, bool) {
	sc := m.schemata[schema]
	if sc == nil {
		return ftmProp{}, false
	}
	if p, ok := sc.Properties[name]; ok {
		return p, true
	}
	for _, parent := range sc.Extends {
		if p, ok := m.property(parent, name); ok {
			return p, true
		}
	}
	return ftmProp{}, false
}

// required is the properties a schema requires. FtM does not inherit
// them (schema.py reads each schema's own list).
func (m *ftmModel) required(schema string) []string {
	if sc := m.schemata[schema]; sc != nil {
		return sc.Required
	}
	return nil
}

// propsOfType is the set of property names of the given type in any
// schema.
func (m *ftmModel) propsOfType(typ string) map[string]bool {
	out := map[string]bool{}
	for _, s := range m.schemata {
		for name, p := range s.Properties {
			if p.Type == typ {
				out[name] = true
			}
		}
	}
	return out
}

var ftmDate = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?)?)?$`)

// Report is what validating an export found.
type report struct {
	Lines    int
	Schemata map[string]int
	Errors   []string // each names the line and what is wrong
}

func (r *report) errorf(line int, format string, args ...any) {
	if len(r.Errors) < 50 {
		r.Errors = append(r.Errors, fmt.Sprintf("line %d: ", line)+fmt.Sprintf(format, args...))
	} else if len(r.Errors) == 50 {
		r.Errors = append(r.Errors, "… more errors left out")
	}
}

// validate checks an export against the model: each line is a JSON
// object with a unique ID and a known, concrete schema; every property
// is one the schema has (its own or inherited); dates are FtM dates,
// URLs have a scheme and a host, topics are FtM topics, entity
// references point to an exported entity whose schema is in the
// property's range; required properties are there; claims of the
// extension point to an exported document.
func (m *ftmModel) validate(data []byte) *report {
	r := &report{Schemata: map[string]int{}}
	type ref struct {
		line         int
		prop, target string
		rng          string
	}
	var refs []ref
	var docRefs []ref
	schemaOf := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		r.Lines++
		var l Line
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		if err := dec.Decode(&l); err != nil {
			r.errorf(n, "not a JSON entity: %v", err)
			continue
		}
		r.Schemata[l.Schema]++
		s := m.schemata[l.Schema]
		switch {
		case l.ID == "":
			r.errorf(n, "no id")
		case schemaOf[l.ID] != "":
			r.errorf(n, "id %s repeated", l.ID)
		}
		if s == nil {
			r.errorf(n, "%s: unknown schema %q", l.ID, l.Schema)
			continue
		}
		if s.Abstract {
			r.errorf(n, "%s: abstract schema %s", l.ID, l.Schema)
		}
		schemaOf[l.ID] = l.Schema
		for _, req := range m.required(l.Schema) {
			if len(l.Properties[req]) == 0 {
				r.errorf(n, "%s (%s): required property %s missing", l.ID, l.Schema, req)
			}
		}
		for _, name := range slices.Sorted(maps.Keys(l.Properties)) {
			p, ok := m.property(l.Schema, name)
			if !ok {
				r.errorf(n, "%s: schema %s has no property %q", l.ID, l.Schema, name)
				continue
			}
			for _, v := range l.Properties[name] {
				switch p.Type {
				case "date":
					if !ftmDate.MatchString(v) {
						r.errorf(n, "%s: %s.%s = %q is not a date", l.ID, l.Schema, name, v)
					}
				case "url":
					u, err := url.Parse(v)
					if err != nil || u.Scheme == "" || (strings.HasPrefix(u.Scheme, "http") && u.Host == "") {
						r.errorf(n, "%s: %s.%s = %q is not a URL with a scheme", l.ID, l.Schema, name, v)
					}
				case "topic":
					if !m.topics[v] {
						r.errorf(n, "%s: %s.%s = %q is not an FtM topic", l.ID, l.Schema, name, v)
					}
				case "entity":
					refs = append(refs, ref{n, l.Schema + "." + name, v, p.Range})
				}
			}
		}
		for _, c := range l.Claims {
			docRefs = append(docRefs, ref{n, "claim " + c.ID, c.Document, "Document"})
			if c.Speaker != nil && c.Speaker.Entity != "" {
				docRefs = append(docRefs, ref{n, "claim " + c.ID + " speaker", c.Speaker.Entity, "LegalEntity"})
			}
			if c.Stance == "" || c.Topic == "" {
				r.errorf(n, "%s: claim %s without stance or topic", l.ID, c.ID)
			}
		}
	}
	if err := sc.Err(); err != nil {
		r.errorf(r.Lines+1, "%v", err)
	}
	for _, f := range append(refs, docRefs...) {
		target := schemaOf[f.target]
		switch {
		case target == "":
			r.errorf(f.line, "%s points to %q, which is not exported", f.prop, f.target)
		case f.rng != "" && !m.isA(target, f.rng):
			r.errorf(f.line, "%s points to %s, a %s, outside its range %s", f.prop, f.target, target, f.rng)
		}
	}
	return r
}

// mustValidate fails the test with every error validate found.
func mustValidate(t *testing.T, data []byte) *report {
	t.Helper()
	r := mustModel(t).validate(data)
	for _, e := range r.Errors {
		t.Error(e)
	}
	names := slices.Collect(maps.Keys(r.Schemata))
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, " %s:%d", n, r.Schemata[n])
	}
	t.Logf("%d lines:%s", r.Lines, b.String())
	return r
}
