package dossier

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// Entity is a FollowTheMoney entity: a schema (Person, Organization,
// Company, LegalEntity, Vessel, Aircraft, Sanction, Address, Identification,
// Ownership, Family, …) and multi-valued properties named as in FtM
// (name, alias, weakAlias, firstName, lastName, birthDate, birthPlace,
// nationality, country, gender, topics, notes, …). References to other
// entities (a Sanction's entity, an Ownership's owner) hold their IDs.
type Entity struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Caption    string              `json:"caption,omitempty"`
	Properties map[string][]string `json:"properties"`
	Datasets   []string            `json:"datasets,omitempty"`
	Referents  []string            `json:"referents,omitempty"`
	FirstSeen  string              `json:"first_seen,omitempty"`
	LastSeen   string              `json:"last_seen,omitempty"`
	// LastChange is when the entity last changed: as a list format
	// states it (FtM's last_change) until stored, then as the store
	// tracks it across the dataset's versions (the load of the first
	// version in which it had its current properties).
	LastChange string `json:"last_change,omitempty"`
	// List is the dataset of the list version the entity was read from
	// ("zala", "us_ofac_sdn"), which may differ from the source datasets
	// it names in Datasets; set by ListService.CurrentEntities, never
	// stored.
	List string `json:"-"`
}

// NewEntity returns an entity with no properties.
func NewEntity(schema, id string) *Entity {
	return &Entity{ID: id, Schema: schema, Properties: map[string][]string{}}
}

// Get returns the values of a property.
func (e *Entity) Get(prop string) []string { return e.Properties[prop] }

// First returns the first value of a property, or "".
func (e *Entity) First(prop string) string {
	if v := e.Properties[prop]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Add appends values to a property, skipping empty and repeated ones.
func (e *Entity) Add(prop string, values ...string) {
	if e.Properties == nil {
		e.Properties = map[string][]string{}
	}
	for _, v := range values {
		if v == "" || slices.Contains(e.Properties[prop], v) {
			continue
		}
		e.Properties[prop] = append(e.Properties[prop], v)
	}
}

// Names returns the entity's strong names (name, alias, previousName)
// followed by its weak aliases.
func (e *Entity) Names() (strong, weak []string) {
	for _, p := range []string{"name", "alias", "previousName"} {
		strong = append(strong, e.Properties[p]...)
	}
	return strong, e.Properties["weakAlias"]
}

// IsThing reports whether the schema is one that screening matches
// against (a party, not a Sanction, Address or other interval or detail).
func IsThing(schema string) bool {
	switch schema {
	case "Person", "Organization", "Company", "LegalEntity", "PublicBody", "Vessel", "Aircraft", "Airplane":
		return true
	}
	return false
}

// ListVersion is one loaded version of a sanctions or PEP list.
type ListVersion struct {
	Dataset   string    `json:"dataset"`   // e.g. us_ofac_sdn, un_sc_sanctions
	Version   string    `json:"version"`   // content hash of the loaded files
	Title     string    `json:"title"`     // e.g. "OFAC Specially Designated Nationals"
	Publisher string    `json:"publisher"` // e.g. "US Treasury OFAC"
	Published time.Time `json:"published"` // publication date stated by the list, if any
	Loaded    time.Time `json:"loaded"`
	Source    string    `json:"source"`   // file(s) or URL loaded from
	Entities  int       `json:"entities"` // all entities, incl. Sanction and Address
	Targets   int       `json:"targets"`  // screenable entities (IsThing)
	// Current is true for the one version of its dataset that screening
	// and linking use: the newest loaded, unless a rollback chose another.
	Current bool `json:"current"`
}

// ListEvent is one change of a dataset's current version: a load that
// made a new version current, or a rollback that restored a stored one.
// Events are never deleted, so they are the dataset's history.
type ListEvent struct {
	Dataset  string    `json:"dataset"`
	Action   string    `json:"action"`             // ListLoaded or ListRolledBack
	Version  string    `json:"version"`            // the version made current
	Previous string    `json:"previous,omitempty"` // the version current before, "" if none
	At       time.Time `json:"at"`
}

// Actions of a ListEvent.
const (
	ListLoaded     = "load"
	ListRolledBack = "rollback"
)

// ListLoadOptions are the choices of ListService.LoadListVersion.
type ListLoadOptions struct {
	// AllowShrink stores a version that has fewer than half the entities
	// of the dataset's current version; without it such a version is
	// refused with a *ShrinkError, since a truncated or mislabelled file
	// would otherwise silently remove most of a list from screening.
	AllowShrink bool
}

// ListLoad reports what ListService.LoadListVersion did.
type ListLoad struct {
	Created bool // false: that exact version was stored already; nothing changed
	// Previous is the dataset's current version before the load (nil for
	// a new dataset). When Created is false it is the current version,
	// which is not necessarily the one loaded (after a rollback).
	Previous *ListVersion
}

// ListCounter counts the entities of a list version as a store's
// writer takes them: an ID added again replaces the entity before it,
// so it counts once.
type ListCounter struct {
	thing map[string]bool // ID → whether the entity is a Thing (a target)
}

// Add counts e.
func (c *ListCounter) Add(e *Entity) {
	if c.thing == nil {
		c.thing = map[string]bool{}
	}
	c.thing[e.ID] = IsThing(e.Schema)
}

// Counts returns how many distinct entities were added, and how many
// of them are targets.
func (c *ListCounter) Counts() (entities, targets int) {
	for _, t := range c.thing {
		if t {
			targets++
		}
	}
	return len(c.thing), targets
}

// ErrListVersionStored is what a store's streaming list writer returns
// from Begin for a version that is stored already; nothing is written
// then.
var ErrListVersionStored = errors.New("list version stored already")

// ShrinkError refuses a list version that would drop more than half of
// the entities of its dataset's current version.
type ShrinkError struct {
	Dataset  string
	Old, New *ListVersion // the current version and the refused one
}

func (e *ShrinkError) Error() string {
	return fmt.Sprintf("list %s: new version %s has %d entities, current version %s has %d: "+
		"more than half would be lost; refused unless a shrink is allowed",
		e.Dataset, shortVersion(e.New.Version), e.New.Entities, shortVersion(e.Old.Version), e.Old.Entities)
}

// Shrinks reports whether a version of n entities loses more than half
// of the entities of a current version of old entities.
func Shrinks(old, n int) bool { return n*2 < old }

func shortVersion(v string) string { return v[:min(12, len(v))] }
