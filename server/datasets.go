package server

import (
	"slices"

	"dossier"
)

// Dataset names a client may scope a request to (/match/{dataset},
// /search/{dataset}, include_dataset, exclude_dataset), as in yente:
//
//   - a loaded list, by the name it is stored under ("zala",
//     "us_ofac_sdn"): the entities of its current version;
//   - a source dataset that list entities name in their "datasets"
//     ("eu_fsf" in an OpenSanctions collection export): its entities;
//   - the collection "default": every loaded list;
//   - the collection "sanctions": the entities of the source datasets
//     that are sanctions lists.
//
// Which source datasets are sanctions lists is read from the data, not
// from a list of names: a dataset is one if it issues Sanction entities
// (the FtM record of a listing, which the OFAC, UN, EU and UK loaders
// make for every entry and OpenSanctions exports carry for each
// sanctioning source).
const (
	defaultDataset   = "default"
	sanctionsDataset = "sanctions"
)

// datasetIndex is what the snapshot knows of the datasets of its
// entities.
type datasetIndex struct {
	lists     map[string]int             // list → its screenable entities
	sources   map[string]int             // source dataset → its screenable entities
	children  map[string]map[string]bool // list → the source datasets of its entities
	sanctions map[string]bool            // source datasets that issue Sanction entities
	inSanc    int                        // screenable entities in the sanctions collection
}

func newDatasetIndex() datasetIndex {
	return datasetIndex{lists: map[string]int{}, sources: map[string]int{}, children: map[string]map[string]bool{},
		sanctions: map[string]bool{}}
}

// sourcesOf are the source datasets of an entity: those it names, or
// its list when it names none.
func sourcesOf(e *dossier.Entity) []string {
	if len(e.Datasets) > 0 || e.List == "" {
		return e.Datasets
	}
	return []string{e.List}
}

// add notes one entity as the snapshot reads it.
func (dx *datasetIndex) add(e *dossier.Entity) {
	src := sourcesOf(e)
	if e.Schema == "Sanction" {
		for _, d := range src {
			dx.sanctions[d] = true
		}
	}
	if !dossier.IsThing(e.Schema) {
		return
	}
	if e.List != "" {
		dx.lists[e.List]++
		if dx.children[e.List] == nil {
			dx.children[e.List] = map[string]bool{}
		}
	}
	for _, d := range src {
		dx.sources[d]++
		if e.List != "" && d != e.List {
			dx.children[e.List][d] = true
		}
	}
}

// has reports whether name is a dataset a request may be scoped to.
func (dx *datasetIndex) has(name string) bool {
	return name == defaultDataset || name == sanctionsDataset || dx.lists[name] > 0 || dx.sources[name] > 0
}

// isSanctionsList reports whether a list or source dataset is a
// sanctions list: it issues Sanction entities, or, for a list, one of
// its source datasets does.
func (dx *datasetIndex) isSanctionsList(name string) bool {
	if dx.sanctions[name] {
		return true
	}
	for d := range dx.children[name] {
		if dx.sanctions[d] {
			return true
		}
	}
	return false
}

// inSanctions reports whether an entity belongs to the sanctions
// collection.
func (dx *datasetIndex) inSanctions(e *dossier.Entity) bool {
	return slices.ContainsFunc(sourcesOf(e), func(d string) bool { return dx.sanctions[d] })
}

// in reports whether an entity belongs to the named dataset.
func (dx *datasetIndex) in(e *dossier.Entity, name string) bool {
	switch name {
	case defaultDataset:
		return true
	case sanctionsDataset:
		return dx.inSanctions(e)
	}
	return e.List == name || slices.Contains(e.Datasets, name)
}

// inAny reports whether an entity belongs to any of the datasets.
func (dx *datasetIndex) inAny(e *dossier.Entity, names []string) bool {
	return slices.ContainsFunc(names, func(n string) bool { return dx.in(e, n) })
}
