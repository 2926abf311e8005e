package resolve_test

import (
	"fmt"

	"dossier"
	"dossier/resolve"
	"dossier/segment"
)

func ExampleResolve() {
	text := `Gen. Hugo "El Pollo" Carvajal met the Drug Enforcement Administration (DEA) in Madrid. Carvajal's lawyer said the DEA had no case.`
	mention := func(s string, start int, label string) dossier.Mention {
		return dossier.Mention{Start: start, End: start + len(s), Text: s, Label: label}
	}
	ms := []dossier.Mention{
		mention(`Hugo "El Pollo" Carvajal`, 5, "PER"),
		mention("Drug Enforcement Administration", 38, "ORG"),
		mention("DEA", 71, "ORG"),
		mention("Madrid", 79, "LOC"),
		mention("Carvajal's", 87, "PER"),
		mention("DEA", 114, "ORG"),
	}
	for _, e := range resolve.Resolve(text, segment.Sentences(text), ms) {
		fmt.Printf("%s %s %q aliases=%q titles=%q mentions=%d\n", e.ID, e.Type, e.Name, e.Aliases, e.Titles, len(e.Mentions))
	}
	// Output:
	// e1 PER "Hugo Carvajal" aliases=["El Pollo" "Carvajal"] titles=["Gen."] mentions=2
	// e2 ORG "Drug Enforcement Administration" aliases=["DEA"] titles=[] mentions=3
	// e3 LOC "Madrid" aliases=[] titles=[] mentions=1
}
