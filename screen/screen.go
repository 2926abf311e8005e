// Package screen answers "is this name on a list?": an in-memory
// candidate index over the current list entities, and a ranking of the
// candidates by the name engine's score with its explanations.
//
// The index maps blocking keys (names.Keys: normalized words, adjacent
// word pairs, phonetic keys, consonant skeletons, spelling-variant and
// nickname groups) to the entities whose names carry them. A query
// looks up every key of every name it has, ranks the entities found by
// the summed rarity of the keys they share (a key carried by few
// entities counts more, as in IDF), and scores the best MaxCandidates
// of them exhaustively.
//
// The index keeps parsed names only, not whole entities, in a
// names.Store (each distinct name part once, names as part ids, spans in
// a byte arena), and its posting lists in one array, so that a million
// entries fit in about 450 MiB of heap (BenchmarkScreenSynthetic1M). A
// query is compared with the candidates through a names.Probe, which
// compares each part of the list with the query once, and skips the
// names whose score a bound keeps below the threshold; hits are scored
// in full, with their explanations, exactly as names.Matcher would.
package screen

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"
	"sync"

	"dossier"
	"dossier/names"
)

// Query is what a user screens: a name and optional qualifiers.
//
// Its type decides which list entities it can match (see
// EffectiveSchema): a Person query matches persons, and LegalEntity
// entries, whose kind the list does not say, but no organization,
// company, vessel or aircraft. A query of no Schema is a person when it
// has a birth date or a gender, and of any type otherwise; AnySchema says
// the type is unknown whatever the qualifiers. Validate checks a query a
// user gave.
type Query struct {
	Name       string
	Schema     string   // Person, Organization, Company, Vessel, …; AnySchema for any; "" to infer
	BirthDates []string // ISO prefixes: 1960, 1960-04, 1960-04-01
	Countries  []string // ISO codes or names
	Gender     string   // male, female, other
	Threshold  float64  // 0 means the matcher's default
	Limit      int      // 0 means 10
}

// Hit is one list entity that matched a query.
type Hit struct {
	EntityID     string                       `json:"id"`
	Caption      string                       `json:"caption"`
	Schema       string                       `json:"schema"`
	Datasets     []string                     `json:"datasets"`
	Score        float64                      `json:"score"`
	Match        bool                         `json:"match"`
	MatchedName  string                       `json:"matched_name"`
	Explanations map[string]names.Explanation `json:"explanations"`
}

// entry is one indexed entity: what a hit reports. Its names, schema
// and qualifiers are subject i of the index's names.Store.
type entry struct {
	id       string
	caption  string
	datasets uint32 // index into Index.datasets
	nkeys    uint32 // how many keys it has (while building: in Builder.keyIDs)
}

// column is an append-only array kept in chunks, so that growing it
// copies nothing: a list of a million entries is built without holding
// its arrays twice.
type column[T any] struct {
	c [][]T
	n int
}

const columnBits = 14

func (c *column[T]) add(x T) {
	if c.n>>columnBits == len(c.c) {
		c.c = append(c.c, make([]T, 0, 1<<columnBits))
	}
	last := &c.c[len(c.c)-1]
	*last = append(*last, x)
	c.n++
}

func (c *column[T]) at(i uint32) *T { return &c.c[i>>columnBits][i&(1<<columnBits-1)] }

// clip gives back the spare capacity of the last chunk.
func (c *column[T]) clip() {
	if last := len(c.c) - 1; last >= 0 {
		c.c[last] = slices.Clip(slices.Clone(c.c[last]))
	}
}

// Index is an immutable candidate index; build a new one when lists
// change. It is safe for concurrent use.
type Index struct {
	Matcher       *names.Matcher
	MaxCandidates int // candidates scored per query (default 48)

	entries  column[entry]
	store    *names.Store
	datasets [][]string // distinct dataset lists

	// Posting list k (the entries carrying key keys[k]) is
	// postings[offs[k]:offs[k+1]], in entry order. An index read from a
	// file has keyTable instead of keys: the keys in sorted order, key k
	// being keyTable[k], which costs no map to build.
	keys     map[string]uint32
	keyTable []string
	offs     []uint32
	postings []uint32
}

// Builder collects entities into an Index.
type Builder struct {
	entries   column[entry]
	store     *names.Store
	keys      map[string]uint32
	keyIDs    column[uint32] // the key numbers of each entry, entry after entry
	weights   *names.Weights // counts of every name's words
	datasets  [][]string
	datasetID map[string]uint32
}

// NewBuilder returns an empty builder.
func NewBuilder() *Builder {
	return &Builder{store: names.NewStore(), weights: &names.Weights{}, keys: map[string]uint32{}, datasets: [][]string{nil},
		datasetID: map[string]uint32{}}
}

// Add indexes e if it is a screenable schema (dossier.IsThing).
func (b *Builder) Add(e *dossier.Entity) {
	if !dossier.IsThing(e.Schema) {
		return
	}
	s := names.SubjectFromEntity(e)
	p := names.Prepare(s)
	if p.Len() == 0 {
		return
	}
	idx := uint32(b.entries.n)
	if sid := b.store.Add(p); sid != idx {
		panic("screen: store and entries out of step") // unreachable: both grow together
	}
	en := entry{id: e.ID, caption: e.Caption, datasets: b.internDatasets(e.Datasets)}
	if en.caption == "" {
		en.caption = s.Names[0]
	}
	for _, k := range p.Keys() {
		kid, ok := b.keys[k]
		if !ok {
			kid = uint32(len(b.keys))
			b.keys[k] = kid
		}
		b.keyIDs.add(kid)
		en.nkeys++
	}
	for _, x := range s.Names {
		b.weights.Count(x)
	}
	for _, x := range s.WeakNames {
		b.weights.Count(x)
	}
	b.entries.add(en)
}

// internDatasets numbers dataset lists, which repeat across a list.
func (b *Builder) internDatasets(ds []string) uint32 {
	if len(ds) == 0 {
		return 0
	}
	key := "\x01" + strings.Join(ds, "\x00")
	if v, ok := b.datasetID[key]; ok {
		return v
	}
	id := uint32(len(b.datasets))
	b.datasets = append(b.datasets, ds)
	b.datasetID[key] = id
	return id
}

// Len returns the number of entities indexed so far.
func (b *Builder) Len() int { return b.entries.n }

// Index finishes the index. The builder must not be used afterwards.
func (b *Builder) Index() *Index {
	m := names.NewMatcher()
	b.weights.Freeze()
	m.Weights = b.weights
	b.weights, b.datasetID = nil, nil
	b.store.Freeze(m)
	// Posting lists: count the entries of each key, then place them, in
	// entry order, into one exact-size array.
	offs := make([]uint32, len(b.keys)+1)
	for i := 0; i < b.keyIDs.n; i++ {
		offs[*b.keyIDs.at(uint32(i))+1]++
	}
	for k := 1; k < len(offs); k++ {
		offs[k] += offs[k-1]
	}
	postings := make([]uint32, offs[len(offs)-1])
	next := slices.Clone(offs[:len(offs)-1])
	at := uint32(0)
	for i := 0; i < b.entries.n; i++ {
		e := b.entries.at(uint32(i))
		for n := e.nkeys; n > 0; n-- {
			k := *b.keyIDs.at(at)
			at++
			postings[next[k]] = uint32(i)
			next[k]++
		}
	}
	b.keyIDs = column[uint32]{}
	b.entries.clip()
	ix := &Index{Matcher: m, MaxCandidates: 48, entries: b.entries, store: b.store,
		datasets: slices.Clip(b.datasets), keys: b.keys, offs: offs, postings: postings}
	b.entries, b.store, b.keys, b.datasets = column[entry]{}, nil, nil, nil
	return ix
}

// Build indexes every current list entity of a ListService.
func Build(ctx context.Context, lists dossier.ListService) (*Index, error) {
	b := NewBuilder()
	if err := lists.CurrentEntities(ctx, func(e *dossier.Entity) error {
		b.Add(e)
		return nil
	}); err != nil {
		return nil, err
	}
	return b.Index(), nil
}

// posting returns the entries carrying key k.
func (ix *Index) posting(k string) []uint32 {
	kid, ok := ix.keyID(k)
	if !ok {
		return nil
	}
	return ix.postings[ix.offs[kid]:ix.offs[kid+1]]
}

// keyID returns the number of key k.
func (ix *Index) keyID(k string) (uint32, bool) {
	if ix.keys != nil {
		kid, ok := ix.keys[k]
		return kid, ok
	}
	i, ok := slices.BinarySearch(ix.keyTable, k)
	return uint32(i), ok
}

// Len returns the number of indexed entities.
func (ix *Index) Len() int { return ix.entries.n }

// scratch is per-query working memory, pooled: an accumulator over all
// entries that is never cleared, only stamped, so that a query costs
// what it touches, not the size of the list.
type scratch struct {
	stamp   []uint32
	weight  []float64
	gen     uint32
	touched []uint32
}

var scratchPool sync.Pool

// maxPosting bounds the posting lists a query walks: a key carried by
// more entities than this (a very common given name on a large list)
// says little and is read only when the query has no rarer key.
const maxPosting = 4096

// candidates returns the indexes of the entries sharing keys with the
// query names that keep accepts (nil: all), best first, at most max.
func (ix *Index) candidates(keys []string, max int, keep func(uint32) bool) []uint32 {
	sc, _ := scratchPool.Get().(*scratch)
	if sc == nil || len(sc.stamp) < ix.entries.n {
		sc = &scratch{stamp: make([]uint32, ix.entries.n), weight: make([]float64, ix.entries.n)}
	}
	defer scratchPool.Put(sc)
	sc.gen++
	if sc.gen == 0 { // wrapped: stamps from long ago would look current
		clear(sc.stamp)
		sc.gen = 1
	}
	sc.touched = sc.touched[:0]
	n := float64(ix.entries.n + 1)
	rare := false
	posts := make([][]uint32, len(keys))
	for i, k := range keys {
		posts[i] = ix.posting(k)
	}
	for _, post := range posts {
		if l := len(post); l > 0 && l <= maxPosting {
			rare = true
			break
		}
	}
	for i, k := range keys {
		post := posts[i]
		if len(post) == 0 {
			continue
		}
		if len(post) > maxPosting {
			if rare {
				continue
			}
			post = post[:maxPosting]
		}
		idf := math.Log(n / float64(len(posts[i])))
		if strings.HasPrefix(k, "t:") {
			idf *= 1.5 // an exact word says more than a sound-alike
		}
		for _, i := range post {
			if sc.stamp[i] != sc.gen {
				sc.stamp[i] = sc.gen
				sc.weight[i] = 0
				sc.touched = append(sc.touched, i)
			}
			sc.weight[i] += idf
		}
	}
	// Best first; of equal weight, the entry with fewer keys first: its
	// names are shorter or fewer, so the keys shared are more of it.
	better := func(a, b uint32) int {
		if c := cmp.Compare(sc.weight[b], sc.weight[a]); c != 0 {
			return c
		}
		if c := cmp.Compare(ix.entries.at(a).nkeys, ix.entries.at(b).nkeys); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	}
	out := sc.touched
	if keep != nil {
		out = slices.DeleteFunc(out, func(i uint32) bool { return !keep(i) })
	}
	if len(out) > 4*max {
		// Keep the best max without sorting everything touched.
		out = selectBest(out, max, better)
	}
	slices.SortFunc(out, better)
	if len(out) > max {
		out = out[:max]
	}
	return slices.Clone(out)
}

// selectBest moves the best k of xs (by cmp, best first) to the front,
// in no particular order, and returns them (quickselect).
func selectBest(xs []uint32, k int, cmp func(a, b uint32) int) []uint32 {
	lo, hi := 0, len(xs)-1
	for lo < hi {
		p := xs[(lo+hi)/2]
		i, j := lo, hi
		for i <= j {
			for cmp(xs[i], p) < 0 {
				i++
			}
			for cmp(xs[j], p) > 0 {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i++
				j--
			}
		}
		switch {
		case k-1 <= j:
			hi = j
		case k-1 >= i:
			lo = i
		default:
			return xs[:k]
		}
	}
	return xs[:k]
}

// Screen returns the entities whose score reaches the threshold, best
// first, each with the name that matched and the explanations.
func (ix *Index) Screen(q Query) []Hit {
	hits, _ := ix.screen(q, false)
	return hits
}

// ScreenAll is Screen without the threshold: the best candidates with
// their scores, for review and evaluation.
func (ix *Index) ScreenAll(q Query) []Hit {
	hits, _ := ix.screen(q, true)
	return hits
}

// Exhaustive scores the query against every indexed entity, with no
// candidate selection: the reference that the index's recall is measured
// against, and far slower than Screen.
func (ix *Index) Exhaustive(q Query) []Hit {
	all := make([]uint32, ix.entries.n)
	for i := range all {
		all[i] = uint32(i)
	}
	hits, _ := ix.score(q, func([]string, func(uint32) bool) []uint32 { return all }, false)
	return hits
}

func (ix *Index) screen(q Query, all bool) ([]Hit, int) {
	max := ix.MaxCandidates
	if max <= 0 {
		max = 48
	}
	return ix.score(q, func(keys []string, keep func(uint32) bool) []uint32 { return ix.candidates(keys, max, keep) }, all)
}

// personLike reports whether a list entity of schema s can be the
// person a Person query describes: a Person, or a LegalEntity, which is
// FollowTheMoney's schema for "a person or an organization, the source
// does not say" (and the schema of a watch of no type). The name engine
// scores any other schema 0 against a person; screening does not even
// consider them, so that they take no candidate's place.
func personLike(s string) bool { return s == "Person" || s == "LegalEntity" }

func (ix *Index) score(q Query, candidates func(keys []string, keep func(uint32) bool) []uint32, all bool) ([]Hit, int) {
	threshold := q.Threshold
	if threshold <= 0 {
		threshold = ix.Matcher.Threshold
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 10
	}
	name, nicks := splitNicknames(q.Name)
	schema := q.EffectiveSchema()
	qp := names.Prepare(names.Subject{Schema: schema, Names: []string{name}, WeakNames: nicks,
		BirthDates: q.BirthDates, Countries: q.Countries, Gender: q.Gender})
	if qp.Len() == 0 {
		return nil, 0
	}
	qp.UseWeights(ix.Matcher)
	var keep func(uint32) bool
	if schema == "Person" {
		keep = func(i uint32) bool { return personLike(ix.store.Schema(i)) }
	}
	cands := candidates(qp.Keys(), keep)
	pr := ix.store.Probe(ix.Matcher, qp)
	defer pr.Release()
	var hits []Hit
	for _, i := range cands {
		if keep != nil && !keep(i) {
			continue // Exhaustive's candidates are all entities
		}
		if !all && !pr.Reaches(i, threshold) {
			continue // qualifiers cannot lift it over the threshold
		}
		res := pr.Compare(i)
		if res.Score < threshold && !all {
			continue
		}
		e := ix.entries.at(i)
		hits = append(hits, Hit{EntityID: e.id, Caption: e.caption, Schema: ix.store.Schema(i), Datasets: ix.datasets[e.datasets],
			Score: round(res.Score), Match: res.Score >= threshold, MatchedName: matchedName(res),
			Explanations: res.Explanations})
	}
	slices.SortStableFunc(hits, func(a, b Hit) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.EntityID, b.EntityID)
	})
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits, len(cands)
}

// splitNicknames takes quoted nicknames out of a name as news writes
// it: `Hugo "El Pollo" Carvajal` is the name Hugo Carvajal and the weak
// alias El Pollo.
func splitNicknames(s string) (string, []string) {
	var (
		name  strings.Builder
		nicks []string
	)
	for {
		i := strings.IndexAny(s, "\"“«")
		if i < 0 {
			break
		}
		open, size := rune(s[i]), 1
		if s[i] != '"' {
			r := []rune(s[i:])[0]
			open, size = r, len(string(r))
		}
		closer := map[rune]string{'"': "\"", '“': "”", '«': "»"}[open]
		j := strings.Index(s[i+size:], closer)
		if j < 0 {
			break
		}
		if nick := strings.TrimSpace(s[i+size : i+size+j]); nick != "" {
			nicks = append(nicks, nick)
		}
		name.WriteString(s[:i])
		name.WriteByte(' ')
		s = s[i+size+j+len(closer):]
	}
	name.WriteString(s)
	out := strings.Join(strings.Fields(name.String()), " ")
	if out == "" && len(nicks) > 0 {
		return nicks[0], nicks[1:]
	}
	return out, nicks
}

// matchedName is the candidate's name that matched, from the "name"
// explanation (`"query" ~ "candidate"`).
func matchedName(r names.Result) string {
	d := r.Explanations["name"].Detail
	if i := strings.Index(d, `" ~ "`); i >= 0 {
		rest := d[i+5:]
		if j := strings.LastIndex(rest, `"`); j >= 0 {
			return rest[:j]
		}
	}
	return ""
}

func round(f float64) float64 { return math.Round(f*10000) / 10000 }
