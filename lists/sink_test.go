package lists_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"dossier"
	"dossier/lists"
)

// collect is a Sink that keeps what it is given.
type collect struct {
	v        *dossier.ListVersion
	entities []*dossier.Entity
	begins   int
	stopAt   int // Add fails at this entity (1-based); 0 never
}

var errStop = errors.New("stop")

func (c *collect) Begin(v *dossier.ListVersion) error {
	c.v = v
	c.begins++
	return nil
}

func (c *collect) Add(e *dossier.Entity) error {
	if c.v == nil {
		return errors.New("Add before Begin")
	}
	if len(c.entities)+1 == c.stopAt {
		return errStop
	}
	c.entities = append(c.entities, e)
	return nil
}

// TestSink: a list handed to a Sink, record by record (UN, OFAC XML, FtM) or
// at the end (the other formats), gives the same version and entities
// as one returned whole; an error from the sink ends the load.
func TestSink(t *testing.T) {
	ctx := context.Background()
	for _, path := range []string{"un/testdata/consolidated.xml", "ofac/testdata/sdn.xml", "ofac/testdata/sdn", "eu/testdata/fsf.xml", "ftm/testdata/sample.ftm.jsonl"} {
		t.Run(path, func(t *testing.T) {
			whole, err := lists.Load(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			c := &collect{}
			l, err := lists.LoadOptions(ctx, lists.Options{Sink: c}, path)
			if err != nil {
				t.Fatal(err)
			}
			if l.Entities != nil || c.begins != 1 {
				t.Fatalf("%d entities returned, %d begins; want none and 1", len(l.Entities), c.begins)
			}
			got, sunk, want := l.Version, *c.v, whole.Version
			got.Loaded, sunk.Loaded, want.Loaded = time.Time{}, time.Time{}, time.Time{} // the time of loading
			if got != want || sunk != want {
				t.Errorf("version %+v (sink %+v), want %+v", got, sunk, want)
			}
			if len(c.entities) != len(whole.Entities) {
				t.Fatalf("%d entities, want %d", len(c.entities), len(whole.Entities))
			}
			for i, e := range c.entities {
				a, _ := json.Marshal(e)
				b, _ := json.Marshal(whole.Entities[i])
				if string(a) != string(b) {
					t.Errorf("entity %d: %s, want %s", i, a, b)
				}
			}
			c = &collect{stopAt: 2}
			if l, err := lists.LoadOptions(ctx, lists.Options{Sink: c}, path); l != nil || !errors.Is(err, errStop) {
				t.Errorf("sink error: %v, %v", l, err)
			}
		})
	}
}
