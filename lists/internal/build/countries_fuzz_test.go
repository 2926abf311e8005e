package build

import (
	"slices"
	"strings"
	"testing"

	"dossier"
)

// FuzzCountries: converting a country property twice changes nothing,
// and no value is lost: each is kept, as its code or as it was.
func FuzzCountries(f *testing.F) {
	for _, s := range []string{"Venezuela", "VE", "Venezuelan", "Soviet Union", "Côte d’Ivoire", "UK", " ", "ve\x00"} {
		f.Add(s, "Russia")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		e := dossier.NewEntity("Person", "p")
		e.Properties["nationality"] = []string{a, b}
		Countries(e)
		once := slices.Clone(e.Properties["nationality"])
		Countries(e)
		if !slices.Equal(once, e.Properties["nationality"]) {
			t.Fatalf("%q, %q: %q, then %q", a, b, once, e.Properties["nationality"])
		}
		for _, v := range []string{a, b} {
			c, _ := Country(v)
			if strings.TrimSpace(v) != "" && !slices.Contains(once, c) {
				t.Fatalf("%q lost: %q", v, once)
			}
		}
	})
}
