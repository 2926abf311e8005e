package ofac_test

import (
	"context"
	"fmt"
	"log"

	"dossier/lists/ofac"
)

func ExampleLoad() {
	// A directory holding sdn.csv, alt.csv, add.csv and sdn_comments.csv.
	l, err := ofac.Load(context.Background(), "testdata/sdn")
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range l.Entities {
		if e.ID == "ofac-24424" {
			fmt.Println(e.Schema, e.Caption)
			for _, p := range []string{"lastName", "firstName", "birthDate", "passportNumber", "idNumber", "gender", "address"} {
				fmt.Printf("  %s: %v\n", p, e.Get(p))
			}
		}
	}
	// Output:
	// Person CABELLO RONDON, Diosdado
	//   lastName: [CABELLO RONDON]
	//   firstName: [Diosdado]
	//   birthDate: [1963-04-15]
	//   passportNumber: [A0237802]
	//   idNumber: [8370825]
	//   gender: [male]
	//   address: [Monagas, Venezuela]
}
