package un_test

import (
	"context"
	"fmt"
	"log"

	"dossier/lists/un"
)

func ExampleLoad() {
	l, err := un.Load(context.Background(), "testdata/consolidated.xml")
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range l.Entities[2:4] {
		fmt.Println(e.ID, e.Schema, e.Caption, e.Get("alias"), e.Get("weakAlias"), e.Get("authorityId"))
	}
	// Output:
	// un-6907995 Person GASTON IYAMUREMYE [Victor Rumuri] [Rumuli] []
	// un-6907995-sanction Sanction DRC [] [] [CDi.003]
}
