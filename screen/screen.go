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
// of them exhaustively. The index keeps parsed names only, not whole
// entities, so that a million entries fit in memory.
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
type Query struct {
	Name       string
	Schema     string   // Person, Organization, Company, Vessel, …; "" for any
	BirthDates []string // ISO prefixes: 1960, 1960-04, 1960-04-01
	Countries  []string // ISO codes or names
	Gender     string
	Threshold  float64 // 0 means the matcher's default
	Limit      int     // 0 means 10
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

// entry is one indexed entity: what scoring needs, and no more.
type entry struct {
	id       string
	caption  string
	schema   string
	datasets []string
	prep     *names.Prepared
}

// Index is an immutable candidate index; build a new one when lists
// change. It is safe for concurrent use.
type Index struct {
	Matcher       *names.Matcher
	MaxCandidates int // candidates scored per query (default 48)

	entries  []entry
	postings map[string][]uint32
}

// Builder collects entities into an Index.
type Builder struct {
	entries  []entry
	postings map[string][]uint32
	all      []string // every name, for rarity weights
	intern   names.Interner
	datasets map[string][]string
}

// NewBuilder returns an empty builder.
func NewBuilder() *Builder {
	return &Builder{postings: map[string][]uint32{}, intern: names.Interner{}, datasets: map[string][]string{}}
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
	p.Intern(b.intern)
	en := entry{id: e.ID, caption: e.Caption, schema: p.Schema, datasets: e.Datasets, prep: p}
	if en.caption == "" {
		en.caption = s.Names[0]
	}
	if len(en.datasets) > 0 {
		en.datasets = b.internDatasets(en.datasets)
	}
	idx := uint32(len(b.entries))
	for _, k := range p.Keys() {
		b.postings[k] = append(b.postings[k], idx)
	}
	b.all = append(b.all, s.Names...)
	b.all = append(b.all, s.WeakNames...)
	b.entries = append(b.entries, en)
}

// internDatasets shares dataset lists, which repeat across a list.
func (b *Builder) internDatasets(ds []string) []string {
	key := strings.Join(ds, "\x00")
	if v, ok := b.datasets[key]; ok {
		return v
	}
	b.datasets[key] = ds
	return ds
}

// Len returns the number of entities indexed so far.
func (b *Builder) Len() int { return len(b.entries) }

// Index finishes the index. The builder must not be used afterwards.
func (b *Builder) Index() *Index {
	m := names.NewMatcher()
	m.Weights = names.NewWeights(b.all)
	b.all, b.intern, b.datasets = nil, nil, nil
	// Copy postings into one arena and entries into an exact-size slice:
	// appends left up to half of each with spare capacity.
	total := 0
	for _, post := range b.postings {
		total += len(post)
	}
	arena := make([]uint32, 0, total)
	for k, post := range b.postings {
		start := len(arena)
		arena = append(arena, post...)
		b.postings[k] = arena[start:len(arena):len(arena)]
	}
	b.entries = slices.Clone(b.entries)
	for i := range b.entries {
		b.entries[i].prep.UseWeights(m)
	}
	return &Index{Matcher: m, MaxCandidates: 48, entries: b.entries, postings: b.postings}
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

// Len returns the number of indexed entities.
func (ix *Index) Len() int { return len(ix.entries) }

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
// query names, best first, at most max.
func (ix *Index) candidates(keys []string, max int) []uint32 {
	sc, _ := scratchPool.Get().(*scratch)
	if sc == nil || len(sc.stamp) < len(ix.entries) {
		sc = &scratch{stamp: make([]uint32, len(ix.entries)), weight: make([]float64, len(ix.entries))}
	}
	defer scratchPool.Put(sc)
	sc.gen++
	if sc.gen == 0 { // wrapped: stamps from long ago would look current
		clear(sc.stamp)
		sc.gen = 1
	}
	sc.touched = sc.touched[:0]
	n := float64(len(ix.entries) + 1)
	rare := false
	for _, k := range keys {
		if l := len(ix.postings[k]); l > 0 && l <= maxPosting {
			rare = true
			break
		}
	}
	for _, k := range keys {
		post := ix.postings[k]
		if len(post) == 0 {
			continue
		}
		if len(post) > maxPosting {
			if rare {
				continue
			}
			post = post[:maxPosting]
		}
		idf := math.Log(n / float64(len(ix.postings[k])))
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
	better := func(a, b uint32) int {
		if c := cmp.Compare(sc.weight[b], sc.weight[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	}
	out := sc.touched
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
	all := make([]uint32, len(ix.entries))
	for i := range all {
		all[i] = uint32(i)
	}
	hits, _ := ix.score(q, func([]string) []uint32 { return all }, false)
	return hits
}

func (ix *Index) screen(q Query, all bool) ([]Hit, int) {
	max := ix.MaxCandidates
	if max <= 0 {
		max = 48
	}
	return ix.score(q, func(keys []string) []uint32 { return ix.candidates(keys, max) }, all)
}

func (ix *Index) score(q Query, candidates func(keys []string) []uint32, all bool) ([]Hit, int) {
	threshold := q.Threshold
	if threshold <= 0 {
		threshold = ix.Matcher.Threshold
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 10
	}
	name, nicks := splitNicknames(q.Name)
	qp := names.Prepare(names.Subject{Schema: q.Schema, Names: []string{name}, WeakNames: nicks,
		BirthDates: q.BirthDates, Countries: q.Countries, Gender: q.Gender})
	if qp.Len() == 0 {
		return nil, 0
	}
	qp.UseWeights(ix.Matcher)
	cands := candidates(qp.Keys())
	var hits []Hit
	for _, i := range cands {
		e := &ix.entries[i]
		if !all && ix.Matcher.NameScore(qp, e.prep)+names.MaxQualifierBonus < threshold {
			continue // qualifiers cannot lift it over the threshold
		}
		res := ix.Matcher.ComparePrepared(qp, e.prep)
		if res.Score < threshold && !all {
			continue
		}
		hits = append(hits, Hit{EntityID: e.id, Caption: e.caption, Schema: e.schema, Datasets: e.datasets,
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
