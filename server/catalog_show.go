package server

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"dossier"
)

// catalogResponse is yente's DataCatalogModel, with the loaded list
// versions added.
type catalogResponse struct {
	Datasets   []datasetJSON          `json:"datasets"`
	Current    []string               `json:"current"`
	Outdated   []string               `json:"outdated"`
	IndexStale bool                   `json:"index_stale"`
	Lists      []*dossier.ListVersion `json:"lists"`       // the current version of each loaded list
	IndexBuilt time.Time              `json:"index_built"` // when the index in use was built
}

// datasetJSON is yente's DatasetModel.
type datasetJSON struct {
	Name         string   `json:"name"`
	Title        string   `json:"title"`
	Summary      *string  `json:"summary"`
	URL          *string  `json:"url"`
	Load         bool     `json:"load"`
	EntitiesURL  *string  `json:"entities_url"`
	Version      string   `json:"version"`
	IndexVersion *string  `json:"index_version"`
	IndexCurrent bool     `json:"index_current"`
	Children     []string `json:"children"`
	Entities     int      `json:"entity_count"` // screenable entities in the index
	// Type is dossier's: "collection" (default, sanctions), "list" (a
	// loaded list) or "source" (a dataset a list's entities name).
	Type string `json:"type"`
	// Sanctions reports a sanctions list: it issues Sanction entities,
	// or, for a list, one of its source datasets does.
	Sanctions bool `json:"sanctions"`
}

// handleCatalog is yente's GET /catalog (and /manifest): every dataset
// a request may be scoped to (see datasets.go): the collections
// "default" (every loaded list) and "sanctions" (the source datasets
// that issue Sanction entities), each loaded list, and each source
// dataset its entities name. A list whose stored current version is
// newer than the one indexed is outdated until the index is rebuilt.
// The response carries an ETag; a request whose If-None-Match holds it
// gets 304 and no body.
func (s *Server) handleCatalog(w http.ResponseWriter, r *http.Request) error {
	snap, err := s.snapshotOrUnavailable()
	if err != nil {
		return err
	}
	latest, _, err := currentVersions(r.Context(), s.Lists)
	if err != nil {
		return err
	}
	resp := snap.catalog(latest)
	etag := resp.etag()
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", "private, no-cache")
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

// catalog describes the snapshot's datasets; latest are the current
// versions stored now, which may be newer than the snapshot's.
func (snap *snapshot) catalog(latest []*dossier.ListVersion) *catalogResponse {
	stored := map[string]string{}
	for _, v := range latest {
		stored[v.Dataset] = v.Version
	}
	dx := &snap.datasets
	resp := &catalogResponse{Datasets: []datasetJSON{}, Current: []string{}, Outdated: []string{},
		Lists: nonNil(snap.versions), IndexBuilt: snap.built}
	key := snap.key
	lists := slices.Sorted(maps.Keys(dx.lists))
	for _, v := range snap.versions {
		if dx.lists[v.Dataset] == 0 { // a list without screenable entities
			lists = append(lists, v.Dataset)
		}
	}
	slices.Sort(lists)
	lists = slices.Compact(lists)
	var sanctions []string
	for d := range dx.sources {
		if dx.sanctions[d] {
			sanctions = append(sanctions, d)
		}
	}
	slices.Sort(sanctions)
	resp.Datasets = append(resp.Datasets,
		datasetJSON{Name: defaultDataset, Title: "All loaded lists", Load: true, Version: key, IndexVersion: &key,
			Children: slices.Clone(lists), Entities: snap.index.Len(), Type: "collection"},
		datasetJSON{Name: sanctionsDataset, Title: "Sanctions lists", Load: true, Version: key, IndexVersion: &key,
			Children: nonNil(sanctions), Entities: dx.inSanc, Type: "collection"})
	outdated := false
	for _, name := range lists {
		ds := datasetJSON{Name: name, Title: name, Load: true, Children: []string{}, Entities: dx.lists[name],
			Type: "list", Sanctions: dx.isSanctionsList(name)}
		for _, v := range snap.versions {
			if v.Dataset == name {
				indexed := v.Version
				ds.Title, ds.Version, ds.IndexVersion = cmp.Or(v.Title, name), v.Version, &indexed
				if src := v.Source; src != "" {
					ds.URL = &src
				}
			}
		}
		if latest, ok := stored[name]; ok {
			ds.Version = latest
		}
		ds.IndexCurrent = ds.IndexVersion != nil && ds.Version == *ds.IndexVersion
		for c := range dx.children[name] {
			ds.Children = append(ds.Children, c)
		}
		slices.Sort(ds.Children)
		if ds.IndexCurrent {
			resp.Current = append(resp.Current, name)
		} else {
			resp.Outdated = append(resp.Outdated, name)
			outdated = true
		}
		resp.Datasets = append(resp.Datasets, ds)
	}
	for _, name := range slices.Sorted(maps.Keys(dx.sources)) {
		if slices.Contains(lists, name) {
			continue
		}
		// A source dataset comes within a list: it is not loaded on its
		// own, so it is neither current nor outdated.
		resp.Datasets = append(resp.Datasets, datasetJSON{Name: name, Title: name, Version: key, Children: []string{},
			Entities: dx.sources[name], Type: "source", Sanctions: dx.sanctions[name]})
	}
	for i := range resp.Datasets[:2] {
		resp.Datasets[i].IndexCurrent = !outdated
		if !outdated {
			resp.Current = append(resp.Current, resp.Datasets[i].Name)
		} else {
			resp.Outdated = append(resp.Outdated, resp.Datasets[i].Name)
		}
	}
	resp.IndexStale = outdated
	return resp
}

// etag is a strong validator of the catalog: a hash of what its body
// is made of.
func (c *catalogResponse) etag() string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n", c.IndexBuilt.Format(time.RFC3339Nano))
	for _, d := range c.Datasets {
		iv := ""
		if d.IndexVersion != nil {
			iv = *d.IndexVersion
		}
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%d\n", d.Name, d.Version, iv, d.Entities)
	}
	return `"` + hex.EncodeToString(h.Sum(nil)[:16]) + `"`
}

// etagMatches reports whether an If-None-Match header holds the ETag
// (or is "*"); weak validators compare by their opaque tag, as RFC 9110
// has If-None-Match do.
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}
