package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"slices"
	"sync/atomic"
	"time"

	"dossier"
	"dossier/screen"
)

// snapshot is one immutable view of the current lists: the screening
// index and the entities behind it. Requests load the current snapshot
// once and use it throughout, so a rebuild swapping in a new one never
// changes a response half-way.
type snapshot struct {
	index     *screen.Index
	entities  map[string]*dossier.Entity // every current list entity, by ID
	reverse   map[string][]edge          // entity ID → entities that refer to it
	referents map[string]string          // an ID merged into another entity → that entity's ID
	things    []string                   // IDs of screenable entities, sorted
	datasets  datasetIndex               // lists, source datasets and collections (datasets.go)
	text      textIndex                  // words of addresses, notes and identifiers, for /search
	versions  []*dossier.ListVersion     // the current version of each list, by dataset
	key       string                     // fingerprint of versions
	built     time.Time
	took      time.Duration
}

// edge is a reference from another entity: a Sanction's "entity", an
// Ownership's "owner". Prop is the name under which the referring
// entity is nested in the referred one ("sanctions", "ownershipOwner").
type edge struct {
	prop string
	id   string
}

// reverseProps names, for each FtM property that points from an
// interval or link entity to a party, the property under which the link
// is nested in that party (FtM's reverse property names).
var reverseProps = map[string]map[string]string{
	"Sanction":       {"entity": "sanctions"},
	"Identification": {"holder": "identification"},
	"Passport":       {"holder": "identification"},
	"Ownership":      {"owner": "ownershipOwner", "asset": "ownershipAsset"},
	"Directorship":   {"director": "directorshipDirector", "organization": "directorshipOrganization"},
	"Membership":     {"member": "membershipMember", "organization": "membershipOrganization"},
	"Employment":     {"employee": "employers", "employer": "employees"},
	"Family":         {"person": "familyPerson", "relative": "familyRelative"},
	"Associate":      {"person": "associates", "associate": "associations"},
	"Occupancy":      {"holder": "positionOccupancies", "post": "occupancies"},
	"UnknownLink":    {"subject": "unknownLinkSubject", "object": "unknownLinkObject"},
	"Address":        {},
}

// buildSnapshot reads every current list entity once: into the index,
// and into memory for responses.
func buildSnapshot(ctx context.Context, lists dossier.ListService) (*snapshot, error) {
	start := time.Now()
	versions, key, err := currentVersions(ctx, lists)
	if err != nil {
		return nil, err
	}
	snap := &snapshot{entities: map[string]*dossier.Entity{}, reverse: map[string][]edge{},
		referents: map[string]string{}, datasets: newDatasetIndex(), versions: versions, key: key}
	b := screen.NewBuilder()
	n := 0
	err = lists.CurrentEntities(ctx, func(e *dossier.Entity) error {
		if n++; n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		snap.entities[e.ID] = e
		for _, ref := range e.Referents {
			if ref != e.ID {
				snap.referents[ref] = e.ID
			}
		}
		snap.datasets.add(e)
		if dossier.IsThing(e.Schema) {
			b.Add(e)
			snap.things = append(snap.things, e.ID)
		}
		for prop, rev := range reverseProps[e.Schema] {
			for _, target := range e.Properties[prop] {
				snap.reverse[target] = append(snap.reverse[target], edge{rev, e.ID})
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("build index: %w", err)
	}
	slices.Sort(snap.things)
	snap.things = slices.Compact(snap.things)
	for _, id := range snap.things {
		if snap.datasets.inSanctions(snap.entities[id]) {
			snap.datasets.inSanc++
		}
	}
	snap.text = buildTextIndex(snap)
	snap.index = b.Index()
	snap.built = time.Now().UTC()
	snap.took = time.Since(start)
	return snap, nil
}

// currentVersions returns the current version of each list, sorted by
// dataset, and a fingerprint that changes when any of them does (a
// load, or a rollback to an older version).
func currentVersions(ctx context.Context, lists dossier.ListService) ([]*dossier.ListVersion, string, error) {
	all, err := lists.FindListVersions(ctx, "")
	if err != nil {
		return nil, "", fmt.Errorf("list versions: %w", err)
	}
	var cur []*dossier.ListVersion
	for _, v := range all {
		if v.Current {
			cur = append(cur, v)
		}
	}
	slices.SortFunc(cur, func(a, b *dossier.ListVersion) int {
		if a.Dataset < b.Dataset {
			return -1
		} else if a.Dataset > b.Dataset {
			return 1
		}
		return 0
	})
	h := sha256.New()
	for _, v := range cur {
		fmt.Fprintf(h, "%s\x00%s\x00", v.Dataset, v.Version)
	}
	return cur, hex.EncodeToString(h.Sum(nil)[:8]), nil
}

// indexer keeps the current snapshot: it builds one at start-up in the
// background, and a new one whenever the current list versions change
// (noticed by polling, or told by Rebuild after a load through the
// API), swapping it in atomically.
type indexer struct {
	lists dossier.ListService
	log   *slog.Logger

	cur      atomic.Pointer[snapshot]
	kick     chan struct{}
	changed  chan struct{} // a store announced a change of list versions
	builds   atomic.Int64
	failures atomic.Int64
	// swapped, if set, is called after a new snapshot is in use.
	swapped func(ctx context.Context, old, new *snapshot)

	// news is the stored news in memory (news_index.go): unlike the
	// snapshot, it does not depend on the lists.
	news newsIndex
}

func newIndexer(lists dossier.ListService, log *slog.Logger) *indexer {
	return &indexer{lists: lists, log: log, kick: make(chan struct{}, 1), changed: make(chan struct{}, 1)}
}

// current returns the snapshot in use, or nil before the first build.
func (ix *indexer) current() *snapshot { return ix.cur.Load() }

// Rebuild asks for a new snapshot; requests made while one is being
// built are served by one more build after it.
func (ix *indexer) Rebuild() {
	select {
	case ix.kick <- struct{}{}:
	default:
	}
}

// ListsChanged says that the current list versions may have changed (a
// store's announcement): the indexer checks them as at a poll, and
// rebuilds if they did. Announcements made while it checks are served by
// one more check after it.
func (ix *indexer) ListsChanged() {
	select {
	case ix.changed <- struct{}{}:
	default:
	}
}

// run builds the first snapshot, then rebuilds on request, or when a
// poll or a store's announcement finds the current list versions
// changed, until ctx ends.
func (ix *indexer) run(ctx context.Context, poll time.Duration) {
	ix.rebuild(ctx)
	var tick <-chan time.Time
	if poll > 0 {
		t := time.NewTicker(poll)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-ix.kick:
			ix.rebuild(ctx)
		case <-tick:
			ix.check(ctx)
		case <-ix.changed:
			ix.check(ctx)
		}
	}
}

// check rebuilds the snapshot if the current list versions are not the
// ones it holds.
func (ix *indexer) check(ctx context.Context) {
	cur := ix.current()
	_, key, err := currentVersions(ctx, ix.lists)
	if err != nil {
		if ctx.Err() == nil {
			ix.log.Warn("index: checking list versions", "error", err.Error())
		}
		return
	}
	if cur == nil || key != cur.key {
		ix.rebuild(ctx)
	}
}

func (ix *indexer) rebuild(ctx context.Context) {
	snap, err := buildSnapshot(ctx, ix.lists)
	if err != nil {
		if ctx.Err() != nil {
			return
		}
		ix.failures.Add(1)
		ix.log.Error("index build failed; the previous index stays in use", "error", err.Error())
		return
	}
	old := ix.cur.Swap(snap)
	ix.builds.Add(1)
	ix.log.Info("index built", "entities", snap.index.Len(), "stored", len(snap.entities),
		"lists", len(snap.versions), "seconds", snap.took.Seconds(), "key", snap.key)
	if ix.swapped != nil {
		ix.swapped(ctx, old, snap)
	}
}

// stats reports the index for /metrics.
func (ix *indexer) stats() indexStats {
	st := indexStats{builds: ix.builds.Load(), failures: ix.failures.Load()}
	if s := ix.current(); s != nil {
		st.ready, st.entities, st.stored = true, s.index.Len(), len(s.entities)
		st.lastBuild, st.lastBuiltAt = s.took, s.built
	}
	return st
}
