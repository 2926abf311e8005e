package link_test

import (
	"fmt"

	"dossier"
	"dossier/link"
)

// A document entity is screened by its canonical name and by each alias
// that adds a word: a surname alone adds nothing, a nickname does.
func ExampleQueryNames() {
	e := &dossier.DocEntity{Type: "PER", Name: "Hugo Carvajal", Aliases: []string{"El Pollo", "Carvajal"}}
	fmt.Println(link.QueryNames(e))
	// Output: [Hugo Carvajal El Pollo]
}
