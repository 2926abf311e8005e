package server

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"dossier"
	"dossier/screen"
)

// searchResponse is yente's SearchResponse.
type searchResponse struct {
	Results []searchResult         `json:"results"`
	Facets  map[string]searchFacet `json:"facets"`
	Total   totalSpec              `json:"total"`
	Limit   int                    `json:"limit"`
	Offset  int                    `json:"offset"`
}

// searchResult is an entity with, for a text query, its score.
type searchResult struct {
	entityJSON
	Score *float64 `json:"score,omitempty"`
}

type searchFacet struct {
	Label  string            `json:"label"`
	Values []searchFacetItem `json:"values"`
}

type searchFacetItem struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// searchMinScore is the score a text search result needs: lower than a
// match, since a search box takes partial names ("Cabello").
const searchMinScore = 0.5

// Limits of /search, as in yente's settings.
const (
	defaultSearchLimit = 10
	maxSearchLimit     = 500
	maxSearchOffset    = 10000
)

// handleSearch is yente's GET /search/{dataset}: entities whose names
// resemble q, or whose addresses, notes or identifiers hold every word
// of q (all entities when q is empty), filtered by schema, countries
// (ISO codes, or names), topics, datasets and last change, with facet
// counts.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) error {
	limit, err := intParam(r, "limit", defaultSearchLimit, 0, maxSearchLimit)
	if err != nil {
		return unprocessable(err)
	}
	offset, err := intParam(r, "offset", 0, 0, maxSearchOffset)
	if err != nil {
		return unprocessable(err)
	}
	changedSince, err := timeParam(r, "changed_since")
	if err != nil {
		return err
	}
	schema := r.URL.Query().Get("schema")
	if schema == "" {
		schema = "Thing"
	}
	if !knownSchemata[schema] {
		return Errorf(CodeInvalid, "invalid schema %q", truncate(schema, 32))
	}
	target, hasTarget, err := boolParam(r, "target")
	if err != nil {
		return unprocessable(err)
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > maxValueLen {
		return Errorf(CodeInvalid, "query parameter q: longer than %d bytes", maxValueLen)
	}
	snap, err := s.snapshotOrUnavailable()
	if err != nil {
		return err
	}
	dataset := r.PathValue("dataset")
	if !snap.hasDataset(dataset) {
		return Errorf(CodeNotFound, "no such dataset: %q (see /catalog)", truncate(dataset, 64))
	}
	f := hitFilter{dataset: dataset, includeDatasets: listParam(r, "include_dataset"),
		excludeDatasets: listParam(r, "exclude_dataset"), excludeSchemata: listParam(r, "exclude_schema"),
		topics: listParam(r, "topics"), changedSince: changedSince}
	var countries []string
	for _, c := range listParam(r, "countries") {
		c, _ = countryCode(c)
		countries = append(countries, strings.ToLower(c))
	}
	datasets := listParam(r, "datasets")
	keep := func(e *dossier.Entity) bool {
		h := screen.Hit{EntityID: e.ID, Schema: e.Schema, Datasets: e.Datasets}
		switch {
		case !schemaWithin(e.Schema, schema), !snap.passes(h, f):
			return false
		case len(countries) > 0 && !anyIn(lowerAll(entityCountries(e)), countries):
			return false
		case len(datasets) > 0 && !anyIn(e.Datasets, datasets):
			return false
		case hasTarget && snap.isTarget(e) != target:
			return false
		}
		return true
	}

	type found struct {
		e     *dossier.Entity
		score float64
	}
	var all []found
	if q == "" {
		for _, id := range snap.things {
			if e := snap.entities[id]; e != nil && keep(e) {
				all = append(all, found{e, -1})
			}
		}
	} else {
		// Names through the screening index; addresses, notes and
		// identifiers through the text index. An entity found both ways
		// keeps its better score.
		best := map[string]float64{}
		sq := screen.Query{Name: q, Limit: candidateLimit}
		if schema != "Thing" {
			sq.Schema = schema
		}
		for _, h := range snap.index.ScreenAll(sq) {
			if h.Score >= searchMinScore {
				best[h.EntityID] = h.Score
			}
		}
		for pos, score := range snap.text.search(q) {
			id := snap.things[pos]
			best[id] = max(best[id], score)
		}
		for id, score := range best {
			if e := snap.entities[id]; e != nil && keep(e) {
				all = append(all, found{e, score})
			}
		}
		slices.SortFunc(all, func(a, b found) int {
			if c := cmp.Compare(b.score, a.score); c != 0 {
				return c
			}
			return strings.Compare(a.e.ID, b.e.ID)
		})
	}

	resp := searchResponse{Results: []searchResult{}, Total: totalSpec{len(all), "eq"}, Limit: limit, Offset: offset,
		Facets: map[string]searchFacet{}}
	counts := map[string]map[string]int{"countries": {}, "topics": {}, "datasets": {}}
	for _, x := range all {
		for _, c := range entityCountries(x.e) {
			counts["countries"][strings.ToLower(c)]++
		}
		for _, t := range x.e.Properties["topics"] {
			counts["topics"][t]++
		}
		for _, d := range x.e.Datasets {
			counts["datasets"][d]++
		}
	}
	labels := map[string]string{"countries": "Countries", "topics": "Topics", "datasets": "Data sources"}
	for name, c := range counts {
		facet := searchFacet{Label: labels[name], Values: []searchFacetItem{}}
		for k, n := range c {
			facet.Values = append(facet.Values, searchFacetItem{Name: k, Label: snap.facetLabel(name, k), Count: n})
		}
		slices.SortFunc(facet.Values, func(a, b searchFacetItem) int {
			if c := cmp.Compare(b.Count, a.Count); c != 0 {
				return c
			}
			return strings.Compare(a.Name, b.Name)
		})
		resp.Facets[name] = facet
	}
	for i := offset; i < len(all) && i < offset+limit; i++ {
		res := searchResult{entityJSON: snap.entityView(all[i].e)}
		if all[i].score >= 0 {
			sc := all[i].score
			res.Score = &sc
		}
		resp.Results = append(resp.Results, res)
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

// entityCountries are the countries an entity is tied to.
func entityCountries(e *dossier.Entity) []string {
	var out []string
	for _, p := range []string{"country", "nationality", "citizenship", "jurisdiction"} {
		for _, c := range e.Properties[p] {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

func lowerAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(s)
	}
	return out
}

// facetLabel is a facet value's display label: a list's title for a
// dataset, the value itself otherwise.
func (snap *snapshot) facetLabel(facet, name string) string {
	if facet == "datasets" {
		for _, v := range snap.versions {
			if v.Dataset == name && v.Title != "" {
				return v.Title
			}
		}
	}
	if facet == "countries" {
		return strings.ToUpper(name)
	}
	return name
}
