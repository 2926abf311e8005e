package server

import (
	"slices"

	"dossier"
	"dossier/names"
)

// entityJSON is an entity as yente renders it (EntityResponse).
// Properties holds map[string][]string, or, for a nested entity,
// map[string][]any whose values are strings or nested entities.
type entityJSON struct {
	ID         string   `json:"id"`
	Caption    string   `json:"caption"`
	Schema     string   `json:"schema"`
	Properties any      `json:"properties"`
	Datasets   []string `json:"datasets"`
	Referents  []string `json:"referents"`
	Target     bool     `json:"target"`
	FirstSeen  *string  `json:"first_seen"`
	LastSeen   *string  `json:"last_seen"`
	LastChange *string  `json:"last_change"`
	// UnknownCountries flags the values of the entity's country
	// properties that are no ISO country code: the loaders keep what a
	// list says when they cannot convert it (dossier's; left out when
	// there are none).
	UnknownCountries []string `json:"unknown_countries,omitempty"`
}

// scoredEntityJSON is a /match result (yente's ScoredEntityResponse),
// with dossier's explanation of each feature.
type scoredEntityJSON struct {
	entityJSON
	Score        float64                      `json:"score"`
	Features     map[string]float64           `json:"features"`
	Match        bool                         `json:"match"`
	MatchedName  string                       `json:"matched_name,omitempty"`
	Explanations map[string]names.Explanation `json:"explanations"`
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// entityView renders e without nesting.
func (snap *snapshot) entityView(e *dossier.Entity) entityJSON {
	props := e.Properties
	if props == nil {
		props = map[string][]string{}
	}
	return entityJSON{
		ID: e.ID, Caption: caption(e), Schema: e.Schema, Properties: props,
		Datasets: nonNil(e.Datasets), Referents: nonNil(e.Referents), Target: snap.isTarget(e),
		FirstSeen: optString(e.FirstSeen), LastSeen: optString(e.LastSeen), LastChange: optString(e.LastChange),
		UnknownCountries: unknownCountries(props),
	}
}

// nestedView renders e with the entities it refers to (an address
// entity, a sanction's subject) and those that refer to it (its
// sanctions, identifications, ownerships) nested one level deep, as
// yente's /entities does.
func (snap *snapshot) nestedView(e *dossier.Entity) entityJSON {
	v := snap.entityView(e)
	props := map[string][]any{}
	for p, vals := range e.Properties {
		out := make([]any, 0, len(vals))
		for _, val := range vals {
			if ref, ok := snap.entities[val]; ok && ref.ID != e.ID && isReference(e.Schema, p) {
				out = append(out, snap.entityViewWithout(ref, e.ID))
			} else {
				out = append(out, val)
			}
		}
		props[p] = out
	}
	for _, ed := range snap.reverse[e.ID] {
		if ref, ok := snap.entities[ed.id]; ok {
			props[ed.prop] = append(props[ed.prop], snap.entityViewWithout(ref, e.ID))
		}
	}
	v.Properties = props
	return v
}

// entityViewWithout renders a nested entity, leaving out the values
// that point back at the entity it is nested in.
func (snap *snapshot) entityViewWithout(e *dossier.Entity, parent string) entityJSON {
	v := snap.entityView(e)
	props := map[string][]string{}
	for p, vals := range e.Properties {
		if slices.Contains(vals, parent) {
			vals = slices.DeleteFunc(slices.Clone(vals), func(s string) bool { return s == parent })
			if len(vals) == 0 {
				continue
			}
		}
		props[p] = vals
	}
	v.Properties = props
	return v
}

// isReference reports whether a property of a schema holds entity IDs.
func isReference(schema, prop string) bool {
	if _, ok := reverseProps[schema][prop]; ok {
		return true
	}
	switch prop {
	case "addressEntity", "parent", "subsidiaries", "holder", "entity", "ownershipOwner", "ownershipAsset":
		return true
	}
	return false
}

// isTarget reports whether e is a party the lists target: a screenable
// entity that is sanctioned (a Sanction refers to it, or it carries a
// sanction topic).
func (snap *snapshot) isTarget(e *dossier.Entity) bool {
	if !dossier.IsThing(e.Schema) {
		return false
	}
	for _, t := range e.Properties["topics"] {
		if t == "sanction" || t == "sanction.linked" {
			return true
		}
	}
	for _, ed := range snap.reverse[e.ID] {
		if ed.prop == "sanctions" {
			return true
		}
	}
	return false
}

// caption is the entity's display name.
func caption(e *dossier.Entity) string {
	if e.Caption != "" {
		return e.Caption
	}
	if s := e.First("name"); s != "" {
		return s
	}
	return e.ID
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
