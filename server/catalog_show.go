package server

import (
	"net/http"
	"slices"
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
}

// handleCatalog is yente's GET /catalog: every dataset the index holds,
// and "default", the collection of all of them. A dataset whose list
// has a newer version in the database than the one indexed is outdated
// until the index is rebuilt.
func (s *Server) handleCatalog(w http.ResponseWriter, r *http.Request) error {
	snap, err := s.snapshotOrUnavailable()
	if err != nil {
		return err
	}
	latest, _, err := currentVersions(r.Context(), s.Lists)
	if err != nil {
		return err
	}
	stored := map[string]string{}
	for _, v := range latest {
		stored[v.Dataset] = v.Version
	}
	resp := catalogResponse{Datasets: []datasetJSON{}, Current: []string{}, Outdated: []string{},
		Lists: nonNil(snap.versions), IndexBuilt: snap.built}
	names := make([]string, 0, len(snap.datasets))
	for d := range snap.datasets {
		names = append(names, d)
	}
	slices.Sort(names)
	for _, d := range names {
		ds := datasetJSON{Name: d, Title: d, Load: true, Version: snap.key, Children: []string{}, Entities: snap.datasets[d]}
		indexed := snap.key
		for _, v := range snap.versions {
			if v.Dataset == d {
				ds.Title, indexed = v.Title, v.Version
				ds.Version = v.Version
				if src := v.Source; src != "" {
					ds.URL = &src
				}
				if latest, ok := stored[d]; ok {
					ds.Version = latest
				}
			}
		}
		ds.IndexVersion = &indexed
		ds.IndexCurrent = ds.Version == indexed
		if ds.IndexCurrent {
			resp.Current = append(resp.Current, d)
		} else {
			resp.Outdated = append(resp.Outdated, d)
		}
		resp.Datasets = append(resp.Datasets, ds)
	}
	key := snap.key
	all := datasetJSON{Name: defaultDataset, Title: "All loaded lists", Load: true, Version: key, IndexVersion: &key,
		IndexCurrent: len(resp.Outdated) == 0, Children: slices.Clone(names), Entities: snap.index.Len()}
	resp.Datasets = append([]datasetJSON{all}, resp.Datasets...)
	resp.IndexStale = len(resp.Outdated) > 0
	writeJSON(w, http.StatusOK, resp)
	return nil
}
