// Package link cross-references news and lists: each person and
// organization extracted from a document is screened against the
// current list index, and the list entities it matches are stored as
// links with their score and explanation (Cabello in an article ↔ SDN
// "CABELLO RONDON, Diosdado").
//
// A Linker links one document after it is ingested (LinkDocument), and
// every document again when a list version changes (Relink), rewriting
// only the links that changed.
//
//	l := link.NewLinker(sqlite.NewLinkService(db))
//	counts, err := l.LinkDocument(ctx, ix, documentID) // after ingest
//	stats, err := l.Relink(ctx, ix)                     // after a list load
package link

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"dossier"
	"dossier/screen"
)

// Store is where links go, and where the linker reads what to link:
// the documents with extractions, their entities, and the current list
// versions. sqlite.LinkService implements it.
type Store interface {
	dossier.LinkService
	FindLinkableDocuments(ctx context.Context) ([]string, error)
	FindLinkableEntities(ctx context.Context, documentID string, types ...string) ([]dossier.DocEntity, error)
	FindCurrentListVersions(ctx context.Context) (map[string]string, error)
}

// Linker links document entities to list entities.
type Linker struct {
	Store Store
	// Threshold is the score a link needs (NewLinker: DefaultThreshold;
	// 0 means the name engine's default, the one screening uses).
	Threshold float64
	// Limit is the most list entities one document entity is linked to
	// (default 5).
	Limit int
	// Workers screens documents in parallel during Relink (default
	// GOMAXPROCS); writes are serial.
	Workers int
}

// DefaultThreshold is the score a link needs by default: a little below
// screening's 0.80, because a link is a lead that an analyst reviews
// with its score and explanation, and an article often names a person
// more briefly than the list does ("Hugo Carvajal" ↔ "CARVAJAL BARRIOS,
// Hugo Armando" scores 0.796 without a birth date). On the labelled name
// pairs (dossier eval names --threshold 0.75) this trades precision
// 0.920 → 0.892 for recall 0.900 → 0.911.
const DefaultThreshold = 0.75

// SingleWordThreshold is the score a one-word name needs to link.
const SingleWordThreshold = 0.97

// NewLinker returns a Linker with the default threshold and limit.
func NewLinker(store Store) *Linker {
	return &Linker{Store: store, Threshold: DefaultThreshold, Limit: 5}
}

// Types are the document entity types that are linked, and the schema
// each is screened as.
var Types = map[string]string{"PER": "Person", "ORG": "Organization"}

// Stats counts what a Relink did.
type Stats struct {
	Documents int `json:"documents"` // documents re-linked
	Entities  int `json:"entities"`  // PER and ORG entities screened
	dossier.LinkCounts
}

// LinkDocument screens the PER and ORG entities of one document and
// replaces its links.
func (l *Linker) LinkDocument(ctx context.Context, ix *screen.Index, documentID string) (dossier.LinkCounts, error) {
	versions, err := l.Store.FindCurrentListVersions(ctx)
	if err != nil {
		return dossier.LinkCounts{}, fmt.Errorf("link %s: %w", documentID, err)
	}
	links, _, err := l.links(ctx, ix, versions, documentID)
	if err != nil {
		return dossier.LinkCounts{}, err
	}
	c, err := l.Store.ReplaceLinks(ctx, documentID, links)
	if err != nil {
		return c, fmt.Errorf("link %s: %w", documentID, err)
	}
	return c, nil
}

// Relink links every document with an extraction again, against ix,
// writing only the links that changed.
func (l *Linker) Relink(ctx context.Context, ix *screen.Index) (Stats, error) {
	var st Stats
	versions, err := l.Store.FindCurrentListVersions(ctx)
	if err != nil {
		return st, fmt.Errorf("relink: %w", err)
	}
	docs, err := l.Store.FindLinkableDocuments(ctx)
	if err != nil {
		return st, fmt.Errorf("relink: %w", err)
	}
	type result struct {
		doc      string
		links    []*dossier.Link
		entities int
		err      error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	in := make(chan string)
	out := make(chan result)
	workers := l.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for doc := range in {
				links, n, err := l.links(ctx, ix, versions, doc)
				select {
				case out <- result{doc, links, n, err}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(in)
		for _, d := range docs {
			select {
			case in <- d:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(out) }()
	var firstErr error
	for r := range out {
		if firstErr != nil {
			continue
		}
		if r.err == nil {
			var c dossier.LinkCounts
			c, r.err = l.Store.ReplaceLinks(ctx, r.doc, r.links)
			st.Add(c)
		}
		if r.err != nil {
			firstErr = fmt.Errorf("relink %s: %w", r.doc, r.err)
			cancel()
			continue
		}
		st.Documents++
		st.Entities += r.entities
	}
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return st, firstErr
}

// links computes the links of one document and counts its entities.
func (l *Linker) links(ctx context.Context, ix *screen.Index, versions map[string]string, documentID string) ([]*dossier.Link, int, error) {
	ents, err := l.Store.FindLinkableEntities(ctx, documentID, "PER", "ORG")
	if err != nil {
		return nil, 0, fmt.Errorf("link %s: %w", documentID, err)
	}
	var out []*dossier.Link
	for i := range ents {
		e := &ents[i]
		for _, h := range ScreenEntity(ix, e, l.Threshold, l.limit()) {
			ds := firstDataset(h.Datasets, versions)
			out = append(out, &dossier.Link{
				DocumentID: documentID, DocEntityID: e.ID, DocEntityName: e.Name, DocEntityType: e.Type,
				ListEntityID: h.EntityID, Caption: h.Caption, Schema: h.Schema, Dataset: ds, ListVersion: versions[ds],
				Score: h.Score, MatchedName: h.MatchedName, Explanations: h.Explanations,
			})
		}
	}
	return out, len(ents), nil
}

func (l *Linker) limit() int {
	if l.Limit <= 0 {
		return 5
	}
	return l.Limit
}

// firstDataset picks the dataset a link is attributed to: the first of
// the entity's datasets that has a current version, else the first.
func firstDataset(ds []string, versions map[string]string) string {
	for _, d := range ds {
		if _, ok := versions[d]; ok {
			return d
		}
	}
	if len(ds) > 0 {
		return ds[0]
	}
	return ""
}

// ScreenEntity screens a document entity against ix: its canonical name
// and each alias that adds a word the name lacks, as the schema of its
// type (Person for PER, Organization for ORG, which also matches
// companies), with its country as a qualifier. Each list entity appears
// once, with its best score; hits are best first, at most limit.
func ScreenEntity(ix *screen.Index, e *dossier.DocEntity, threshold float64, limit int) []dossier.ListHit {
	if ix == nil {
		return nil
	}
	q := screen.Query{Schema: Types[e.Type], Threshold: threshold, Limit: limit}
	if e.Country != "" {
		q.Countries = []string{e.Country}
	}
	best := map[string]dossier.ListHit{}
	for _, name := range QueryNames(e) {
		q.Name = name
		// One word ("Farouk", "Tecnomar") is thin evidence about whom a
		// list means: it links only when it is, all but exactly, a name
		// or alias of the entry ("FARC").
		q.Threshold = threshold
		if len(strings.Fields(name)) == 1 {
			q.Threshold = max(threshold, SingleWordThreshold)
		}
		for _, h := range ix.Screen(q) {
			if old, ok := best[h.EntityID]; !ok || h.Score > old.Score {
				best[h.EntityID] = Hit(h)
			}
		}
	}
	hits := make([]dossier.ListHit, 0, len(best))
	for _, h := range best {
		hits = append(hits, h)
	}
	slices.SortFunc(hits, func(a, b dossier.ListHit) int {
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return strings.Compare(a.EntityID, b.EntityID)
	})
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}

// QueryNames are the names a document entity is screened by: its
// canonical name, then each alias with a word the names before it lack
// ("Diosdado Cabello" covers "Cabello"; "El Pollo" is screened on its
// own). Words are compared case-insensitively.
func QueryNames(e *dossier.DocEntity) []string {
	var out []string
	seen := map[string]bool{}
	add := func(name string) {
		name = strings.TrimSpace(name)
		if name == "" {
			return
		}
		fresh := false
		for _, w := range strings.Fields(strings.ToLower(name)) {
			if !seen[w] {
				fresh = true
			}
		}
		if !fresh {
			return
		}
		for _, w := range strings.Fields(strings.ToLower(name)) {
			seen[w] = true
		}
		out = append(out, name)
	}
	add(e.Name)
	for _, a := range e.Aliases {
		add(a)
	}
	return out
}

// Hit converts a screening hit to the domain type.
func Hit(h screen.Hit) dossier.ListHit {
	out := dossier.ListHit{EntityID: h.EntityID, Caption: h.Caption, Schema: h.Schema, Datasets: h.Datasets,
		Score: h.Score, Match: h.Match, MatchedName: h.MatchedName,
		Explanations: make(map[string]dossier.Explanation, len(h.Explanations))}
	for k, e := range h.Explanations {
		out.Explanations[k] = dossier.Explanation{Score: e.Score, Detail: e.Detail}
	}
	return out
}
