package server

import (
	"slices"
	"strings"
)

// algorithm is a way of scoring /match and /reconcile candidates, named
// as a yente client names one (the algorithm query parameter).
type algorithm struct {
	Name        string
	Description string
	// NameOnly scores names alone: birth dates, countries and gender
	// neither add to nor take from the score.
	NameOnly bool
	// Aliases are yente's names of algorithms that dossier serves with
	// this one, so that a client asking for them is not refused.
	Aliases []string
}

// algorithms are the scoring algorithms, the first the default ("best").
var algorithms = []algorithm{
	{
		Name: "dossier",
		Description: "dossier's name engine (names package): rarity-weighted alignment of name parts with phonetic, " +
			"variant, nickname and transliteration matching, then qualified by birth date, country and gender.",
		Aliases: []string{"best", "default", "logic-v1", "logic-v2", "name-qualified", "regression-v1", "ofac-249"},
	},
	{
		Name: "name-based",
		Description: "The names alone, scored by dossier's name engine as in the dossier algorithm; birth dates, " +
			"countries and gender are not looked at, so a namesake born elsewhere scores as high as the person sought.",
		NameOnly: true,
	},
}

// features are the score's features this algorithm documents.
func (a *algorithm) features() map[string]featureDoc {
	if !a.NameOnly {
		return matcherDocs
	}
	out := map[string]featureDoc{}
	for _, k := range []string{"name", "name_parts", "schema"} {
		out[k] = matcherDocs[k]
	}
	return out
}

// algorithmByName finds an algorithm by its name or an alias, without
// regard to case; nil when there is none.
func algorithmByName(name string) *algorithm {
	name = strings.ToLower(strings.TrimSpace(name))
	for i := range algorithms {
		if a := &algorithms[i]; a.Name == name || slices.Contains(a.Aliases, name) {
			return a
		}
	}
	return nil
}

// algorithmNames lists every name an algorithm parameter may take.
func algorithmNames() string {
	var names []string
	for _, a := range algorithms {
		names = append(names, a.Name)
		names = append(names, a.Aliases...)
	}
	return strings.Join(names, ", ")
}
