package server

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"dossier/names"
	"dossier/screen"
)

// subject is what a client screens: an FtM-like description of a
// person, organization or vessel.
type subject struct {
	Schema     string
	Names      []string
	BirthDates []string
	Countries  []string
	Gender     string
}

// maxNamesPerQuery bounds the names one query example is screened
// under; each costs one index look-up.
const maxNamesPerQuery = 10

// hitFilter narrows list hits, as yente's query parameters do.
type hitFilter struct {
	dataset          string // from the path; "" for all
	includeDatasets  []string
	excludeDatasets  []string
	excludeSchemata  []string
	topics           []string  // any of these
	excludeEntityIDs []string  // also matched against referents
	changedSince     time.Time // entities whose last change is before it are left out; zero: none
}

// matchOptions are a screen's thresholds and size.
type matchOptions struct {
	threshold float64 // a hit at or above it is a match; 0: the engine's default
	cutoff    float64 // hits below it are not returned; <0: threshold
	limit     int
}

// candidateLimit is how many hits each name's look-up keeps before
// filtering: the index scores at most this many candidates anyway.
const candidateLimit = 50

// screenSubject screens a subject under each of its names, keeps each
// list entity's best hit, applies the filter, and returns the best
// limit hits with the number that passed.
func (snap *snapshot) screenSubject(subj subject, opt matchOptions, f hitFilter) ([]screen.Hit, int) {
	threshold := opt.threshold
	if threshold <= 0 {
		threshold = snap.index.Matcher.Threshold
	}
	cutoff := opt.cutoff
	if cutoff < 0 || cutoff > threshold {
		cutoff = threshold
	}
	best := map[string]screen.Hit{}
	for i, name := range subj.Names {
		if i == maxNamesPerQuery {
			break
		}
		q := screen.Query{Name: name, Schema: subj.Schema, BirthDates: subj.BirthDates, Countries: subj.Countries,
			Gender: subj.Gender, Threshold: cutoff, Limit: max(opt.limit, candidateLimit)}
		var hits []screen.Hit
		if cutoff <= 0 {
			hits = snap.index.ScreenAll(q)
		} else {
			hits = snap.index.Screen(q)
		}
		for _, h := range hits {
			if old, ok := best[h.EntityID]; !ok || h.Score > old.Score {
				best[h.EntityID] = h
			}
		}
	}
	out := make([]screen.Hit, 0, len(best))
	for _, h := range best {
		if !snap.passes(h, f) {
			continue
		}
		h.Match = h.Score >= threshold
		out = append(out, h)
	}
	slices.SortFunc(out, func(a, b screen.Hit) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return strings.Compare(a.EntityID, b.EntityID)
	})
	total := len(out)
	if opt.limit > 0 && len(out) > opt.limit {
		out = out[:opt.limit]
	}
	return out, total
}

// passes reports whether a hit survives the filter.
func (snap *snapshot) passes(h screen.Hit, f hitFilter) bool {
	e := snap.entities[h.EntityID]
	if e == nil {
		return false
	}
	if f.dataset != "" && !snap.datasets.in(e, f.dataset) {
		return false
	}
	if len(f.includeDatasets) > 0 && !snap.datasets.inAny(e, f.includeDatasets) {
		return false
	}
	if snap.datasets.inAny(e, f.excludeDatasets) {
		return false
	}
	for _, s := range f.excludeSchemata {
		if schemaWithin(h.Schema, s) {
			return false
		}
	}
	if len(f.topics) > 0 && (e == nil || !anyIn(e.Properties["topics"], f.topics)) {
		return false
	}
	if !f.changedSince.IsZero() {
		if t, ok := parseTimestamp(e.LastChange); !ok || t.Before(f.changedSince) {
			return false
		}
	}
	if len(f.excludeEntityIDs) > 0 {
		if slices.Contains(f.excludeEntityIDs, h.EntityID) || anyIn(e.Referents, f.excludeEntityIDs) {
			return false
		}
	}
	return true
}

func anyIn(have, want []string) bool {
	for _, w := range want {
		if slices.Contains(have, w) {
			return true
		}
	}
	return false
}

// features turns explanations, in their yente form (see
// yenteExplanations), into yente's feature scores.
func features(ex map[string]names.Explanation) map[string]float64 {
	out := make(map[string]float64, len(ex))
	for k, v := range ex {
		out[k] = v.Score
	}
	return out
}

// yenteExplanations are the engine's explanations with scores in
// [0, 1], as yente's features are. The engine explains a qualifier
// (birth date, country, gender) by the factor it applied to the name
// score, which is above 1 for a small bonus ("same date": 1.05); such a
// feature scores 1, full agreement, and its detail keeps the factor. A
// penalty factor (0.9 for countries in no common) is already in
// [0, 1] and stays, its detail naming it a factor too.
func yenteExplanations(ex map[string]names.Explanation) map[string]names.Explanation {
	out := make(map[string]names.Explanation, len(ex))
	for k, v := range ex {
		switch k {
		case "birth_date", "country", "gender":
			if v.Score > 1 {
				v.Detail = fmt.Sprintf("%s (adds %.2f to the score)", v.Detail, v.Score-1)
			} else if v.Score < 1 {
				v.Detail = fmt.Sprintf("%s (score × %.2f)", v.Detail, v.Score)
			}
		}
		v.Score = min(max(v.Score, 0), 1)
		out[k] = v
	}
	return out
}

// knownSchemata are the FtM schemata a query may name.
var knownSchemata = map[string]bool{
	"Thing": true, "LegalEntity": true, "Person": true, "Organization": true, "Company": true,
	"PublicBody": true, "Vessel": true, "Airplane": true, "Aircraft": true, "Asset": true,
}

// schemaWithin reports whether schema is ancestor or descends from it in
// the FtM hierarchy of screenable schemata.
func schemaWithin(schema, ancestor string) bool {
	if schema == ancestor || ancestor == "Thing" {
		return true
	}
	switch ancestor {
	case "LegalEntity":
		return schema == "Person" || schema == "Organization" || schema == "Company" || schema == "PublicBody"
	case "Organization":
		return schema == "Company" || schema == "PublicBody"
	case "Asset":
		return schema == "Vessel" || schema == "Airplane" || schema == "Aircraft" || schema == "Company"
	}
	return false
}

// scored renders a hit as a /match result.
func (snap *snapshot) scored(h screen.Hit) scoredEntityJSON {
	var v entityJSON
	if e := snap.entities[h.EntityID]; e != nil {
		v = snap.entityView(e)
	} else {
		v = entityJSON{ID: h.EntityID, Caption: h.Caption, Schema: h.Schema, Properties: map[string][]string{},
			Datasets: nonNil(h.Datasets), Referents: []string{}}
	}
	ex := yenteExplanations(h.Explanations)
	return scoredEntityJSON{entityJSON: v, Score: min(max(h.Score, 0), 1), Features: features(ex), Match: h.Match,
		MatchedName: h.MatchedName, Explanations: ex}
}

// hasDataset reports whether name is a dataset a request may be scoped
// to (see datasets.go).
func (snap *snapshot) hasDataset(name string) bool { return snap.datasets.has(name) }
