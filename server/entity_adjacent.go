package server

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"

	"dossier"
)

// adjacentResponse is yente's EntityAdjacentResponse: an entity and,
// for each property, the entities adjacent through it.
type adjacentResponse struct {
	Entity   entityJSON                 `json:"entity"`
	Adjacent map[string]adjacentResults `json:"adjacent"`
}

// adjacentResults is yente's AdjacentResultsResponse: one property's
// adjacent entities, a page of them.
type adjacentResults struct {
	Results []entityJSON `json:"results"`
	Total   totalSpec    `json:"total"`
	Limit   int          `json:"limit"`
	Offset  int          `json:"offset"`
}

// Limits of the adjacent pages, as yente's.
const (
	defaultAdjacentLimit = 10
	maxAdjacentLimit     = 500
)

// handleAdjacent is yente's GET /entities/{id}/adjacent: the entities
// an entity refers to (its address entities, a link's parties) and
// those that refer to it (its sanctions, identifications, ownerships,
// family links), by property, each page of at most limit entities.
// Each adjacent entity comes with the entities it refers to nested,
// except the one asked about, which it names by ID.
func (s *Server) handleAdjacent(w http.ResponseWriter, r *http.Request) error {
	return s.adjacent(w, r, "")
}

// handleAdjacentProperty is yente's GET
// /entities/{id}/adjacent/{property}: one property's page; 404 for a
// property that the entity's schema does not have and that no entity
// refers to it by.
func (s *Server) handleAdjacentProperty(w http.ResponseWriter, r *http.Request) error {
	return s.adjacent(w, r, r.PathValue("property"))
}

func (s *Server) adjacent(w http.ResponseWriter, r *http.Request, prop string) error {
	limit, err := intParam(r, "limit", defaultAdjacentLimit, 0, maxAdjacentLimit)
	if err != nil {
		return unprocessable(err)
	}
	offset, err := intParam(r, "offset", 0, 0, maxSearchOffset)
	if err != nil {
		return unprocessable(err)
	}
	snap, err := s.snapshotOrUnavailable()
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	e := snap.entities[id]
	if e == nil {
		if canonical, ok := snap.referents[id]; ok {
			target := "/entities/" + url.PathEscape(canonical) + "/adjacent"
			if prop != "" {
				target += "/" + url.PathEscape(prop)
			}
			http.Redirect(w, r, target, http.StatusPermanentRedirect)
			return nil
		}
		return Errorf(CodeNotFound, "no such entity: %q", truncate(id, 64))
	}
	all := snap.adjacentByProperty(e)
	page := func(ids []string) adjacentResults {
		res := adjacentResults{Results: []entityJSON{}, Total: totalSpec{len(ids), "eq"}, Limit: limit, Offset: offset}
		for i := offset; i < len(ids) && i < offset+limit; i++ {
			res.Results = append(res.Results, snap.adjacentView(snap.entities[ids[i]], e.ID))
		}
		return res
	}
	if prop != "" {
		ids, ok := all[prop]
		if !ok && !hasProperty(e.Schema, prop) && !isReverseProp(prop) {
			return Errorf(CodeNotFound, "no property %q of %s %q", truncate(prop, 64), e.Schema, truncate(id, 64))
		}
		writeJSON(w, http.StatusOK, page(ids))
		return nil
	}
	resp := adjacentResponse{Entity: snap.entityView(e), Adjacent: map[string]adjacentResults{}}
	for p, ids := range all {
		resp.Adjacent[p] = page(ids)
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

// adjacentByProperty maps each property to the IDs of the entities
// adjacent to e through it, sorted: outbound references to entities in
// the snapshot, then inbound ones under their reverse property names.
func (snap *snapshot) adjacentByProperty(e *dossier.Entity) map[string][]string {
	out := map[string][]string{}
	for p, vals := range e.Properties {
		if !isReference(e.Schema, p) {
			continue
		}
		for _, v := range vals {
			if _, ok := snap.entities[v]; ok && v != e.ID && !slices.Contains(out[p], v) {
				out[p] = append(out[p], v)
			}
		}
	}
	for _, ed := range snap.reverse[e.ID] {
		if _, ok := snap.entities[ed.id]; ok && !slices.Contains(out[ed.prop], ed.id) {
			out[ed.prop] = append(out[ed.prop], ed.id)
		}
	}
	for _, ids := range out {
		slices.SortFunc(ids, func(a, b string) int { return cmp.Compare(a, b) })
	}
	return out
}

// adjacentView renders an adjacent entity with the entities it refers
// to nested one level, except root, which stays an ID.
func (snap *snapshot) adjacentView(e *dossier.Entity, root string) entityJSON {
	v := snap.entityView(e)
	props := map[string][]any{}
	for p, vals := range e.Properties {
		out := make([]any, 0, len(vals))
		for _, val := range vals {
			if ref, ok := snap.entities[val]; ok && val != root && val != e.ID && isReference(e.Schema, p) {
				out = append(out, snap.entityView(ref))
			} else {
				out = append(out, val)
			}
		}
		props[p] = out
	}
	v.Properties = props
	return v
}

// isReverseProp reports whether prop is the name under which entities
// that refer to another are nested in it ("sanctions", "ownershipOwner").
func isReverseProp(prop string) bool {
	for _, m := range reverseProps {
		for _, rev := range m {
			if rev == prop {
				return true
			}
		}
	}
	return false
}
