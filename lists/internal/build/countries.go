package build

import (
	"slices"
	"strings"

	"dossier"
	"dossier/countries"
)

// CountryProps are the FollowTheMoney properties of type country.
var CountryProps = []string{
	"country", "nationality", "citizenship", "birthCountry", "jurisdiction", "mainCountry", "flag", "pastFlags",
	"detectedCountry", "contextCountry", "departureCountry", "destinationCountry", "originCountry", "tradingCountry",
}

// Countries writes each value of e's country properties as the lower
// case ISO 3166-1 alpha-2 code FtM uses ("Venezuela", "VENEZUELAN" and
// "VE" become "ve"). A value the countries table does not know ("Soviet
// Union", "Gaza") is kept as it is, and shows as unknown to Country's
// callers; it is never dropped, since it is what the list says. Repeats
// that conversion makes are removed.
func Countries(e *dossier.Entity) {
	for _, p := range CountryProps {
		vals, ok := e.Properties[p]
		if !ok {
			continue
		}
		out := vals[:0:0]
		for _, v := range vals {
			v, _ = Country(v)
			if v != "" && !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
		e.Properties[p] = out
	}
}

// Country returns the lower case ISO code of a country given by code,
// name or demonym, and true; or the value trimmed and false when the
// countries table does not know it.
func Country(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if countries.Known(v) {
		return strings.ToLower(countries.Code(v)), true
	}
	return v, false
}
