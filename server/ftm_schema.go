package server

import (
	"slices"
	"strings"
	"sync"

	"dossier/countries"
)

// ftmSchema is one FtM schema of ftmSchemata: its labels, whether
// FtM matches entities of it, the schemata it extends and the
// properties it defines itself.
type ftmSchema struct {
	label, plural string
	matchable     bool
	extends       []string
	props         []ftmProp
}

// ftmProp is a property of an FtM schema: its name and label.
type ftmProp struct {
	name, label string
}

// schemaProps are, for each schema of ftmSchemata, the names of its own
// and its ancestors' properties.
var schemaProps = sync.OnceValue(func() map[string]map[string]bool {
	out := make(map[string]map[string]bool, len(ftmSchemata))
	var collect func(name string, into map[string]bool)
	collect = func(name string, into map[string]bool) {
		s := ftmSchemata[name]
		for _, p := range s.props {
			into[p.name] = true
		}
		for _, e := range s.extends {
			collect(e, into)
		}
	}
	for name := range ftmSchemata {
		set := map[string]bool{}
		collect(name, set)
		out[name] = set
	}
	return out
})

// hasProperty reports whether an FtM schema has the property. A schema
// outside ftmSchemata (Aircraft, dossier's older name for Airplane) is
// taken as the FtM schema it stands for.
func hasProperty(schema, prop string) bool {
	if schema == "Aircraft" {
		schema = "Airplane"
	}
	return schemaProps()[schema][prop]
}

// countryProps are the FtM properties of type country.
var countryProps = []string{"country", "nationality", "citizenship", "birthCountry", "jurisdiction", "mainCountry",
	"detectedCountry", "contextCountry", "departureCountry", "destinationCountry", "originCountry", "tradingCountry",
	"flag", "pastFlags"}

// countryCode returns the lower case ISO 3166-1 alpha-2 code of a
// country given by code, name or demonym ("RU", "Russia", "Russian" →
// "ru"), and true; or the value and false when it is not a known
// country.
func countryCode(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if countries.Known(v) {
		return strings.ToLower(countries.Code(v)), true
	}
	return v, false
}

// unknownCountries are the values of an entity's country properties
// that are no known country code: the loaders keep what a list says
// when they cannot convert it, and responses flag it.
func unknownCountries(props map[string][]string) []string {
	var out []string
	for _, p := range countryProps {
		for _, v := range props[p] {
			if _, ok := countryCode(v); !ok && !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	return out
}
