package lists_test

import (
	"context"
	"fmt"
	"log"

	"dossier/lists"
)

func ExampleLoad() {
	l, err := lists.Load(context.Background(), "testdata/un.xml")
	if err != nil {
		log.Fatal(err)
	}
	v := l.Version
	fmt.Println(v.Dataset, v.Publisher, v.Published.Format("2006-01-02"), v.Entities, v.Targets)
	for _, e := range l.Entities {
		switch e.Schema {
		case "Sanction":
			fmt.Printf("  %s %s %s %s\n", e.ID, e.First("authorityId"), e.First("program"), e.First("listingDate"))
		default:
			fmt.Printf("%s %s %q %v %v\n", e.ID, e.Schema, e.Caption, e.Get("alias"), e.Get("birthDate"))
		}
	}
	// Output:
	// un_sc_sanctions UN Security Council 2026-02-27 6 3
	// un-6907993 Person "ERIC BADEGE" [] [1971]
	//   un-6907993-sanction CDi.001 DRC 2012-12-31
	// un-6907995 Person "GASTON IYAMUREMYE" [Victor Rumuri] [1948 1949]
	//   un-6907995-sanction CDi.003 DRC 2010-12-01
	// un-6908402 Organization "ADF" [Allied Democratic Forces] []
	//   un-6908402-sanction CDe.001 DRC 2014-06-30
}

func ExampleDetect() {
	for _, p := range []string{"ofac/testdata/sdn", "eu/testdata/fsf.csv", "uk/testdata/ConList.xml"} {
		f, err := lists.Detect(p)
		fmt.Println(p, f, err)
	}
	// Output:
	// ofac/testdata/sdn ofac-csv <nil>
	// eu/testdata/fsf.csv eu-csv <nil>
	// uk/testdata/ConList.xml uk-xml <nil>
}
