package screen

import (
	"runtime"
	"slices"
	"strings"
	"sync"

	"dossier"
	"dossier/names"
)

// Self-screening: every list entry must be found by its own names,
// written the way a customer file writes them. SelfScreen measures it.

// Forms of the self-screening queries.
const (
	FormFirstLast = "first_last" // "Viktor Yanukovych": first given name and family name, in title case
	FormLastFirst = "last_first" // "YANUKOVYCH, Viktor": the list's family name, a comma, the first given name
	FormPrimary   = "primary"    // the entry's primary name as the list writes it
)

// SelfQuery is one self-screening query: a name an entry's own record
// gives, and the entry it must find.
type SelfQuery struct {
	EntityID string
	Form     string
	Query    Query
}

// SelfQueries builds the self-screening queries of a list entity: for a
// Person with a structured name, "First Last" and "LAST, First" (only
// where the list names a first and a last name and they differ) and the
// primary name; for every other screenable entity, its primary name. The
// queries carry the entity's schema, as a caller who knows the type
// would.
func SelfQueries(e *dossier.Entity) []SelfQuery {
	if !dossier.IsThing(e.Schema) {
		return nil
	}
	primary := e.First("name")
	if primary == "" {
		primary = e.Caption
	}
	var out []SelfQuery
	add := func(form, name string) {
		if strings.TrimSpace(name) != "" {
			out = append(out, SelfQuery{EntityID: e.ID, Form: form, Query: Query{Name: name, Schema: e.Schema, Limit: 50}})
		}
	}
	if e.Schema == "Person" {
		first := strings.Fields(e.First("firstName"))
		last := strings.TrimSpace(e.First("lastName"))
		if len(first) > 0 && last != "" && !strings.EqualFold(first[0], last) {
			add(FormFirstLast, names.TitleCase(first[0]+" "+last))
			add(FormLastFirst, last+", "+first[0])
		}
	}
	add(FormPrimary, primary)
	return out
}

// SelfMiss is a self-screening query that did not find its entry.
type SelfMiss struct {
	SelfQuery
	Best Hit // its own entry's hit below the threshold, else the best candidate (empty when none)
}

// SelfForm is the outcome of one form of self-screening queries.
type SelfForm struct {
	Form    string
	Queries int
	Found   int
	Misses  []SelfMiss
}

// Recall is the share of queries that found their own entry.
func (f *SelfForm) Recall() float64 {
	if f.Queries == 0 {
		return 0
	}
	return float64(f.Found) / float64(f.Queries)
}

// SelfScreen screens every query and counts those whose entry is among
// the hits at the index's threshold, per form (in the order first_last,
// last_first, primary), using all cores.
func (ix *Index) SelfScreen(queries []SelfQuery) []*SelfForm {
	found := make([]bool, len(queries))
	best := make([]Hit, len(queries))
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(queries); i += workers {
				hits := ix.Screen(queries[i].Query)
				for _, h := range hits {
					if h.EntityID == queries[i].EntityID {
						found[i] = true
						break
					}
				}
				if !found[i] {
					// Show how far its own entry fell short, else what came first.
					for k, h := range ix.ScreenAll(queries[i].Query) {
						if k == 0 || h.EntityID == queries[i].EntityID {
							best[i] = h
						}
						if h.EntityID == queries[i].EntityID {
							break
						}
					}
				}
			}
		}(w)
	}
	wg.Wait()
	forms := map[string]*SelfForm{}
	var order []string
	for i, q := range queries {
		f := forms[q.Form]
		if f == nil {
			f = &SelfForm{Form: q.Form}
			forms[q.Form] = f
			order = append(order, q.Form)
		}
		f.Queries++
		if found[i] {
			f.Found++
		} else {
			f.Misses = append(f.Misses, SelfMiss{SelfQuery: q, Best: best[i]})
		}
	}
	rank := map[string]int{FormFirstLast: 0, FormLastFirst: 1, FormPrimary: 2}
	slices.SortStableFunc(order, func(a, b string) int { return rank[a] - rank[b] })
	out := make([]*SelfForm, len(order))
	for i, f := range order {
		out[i] = forms[f]
	}
	return out
}
