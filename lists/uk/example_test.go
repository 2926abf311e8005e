package uk_test

import (
	"context"
	"fmt"
	"log"

	"dossier/lists/uk"
)

func ExampleLoad() {
	l, err := uk.Load(context.Background(), "testdata/ConList.csv")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(l.Version.Dataset, l.Version.Published.Format("2006-01-02"), l.Version.Targets)
	for _, e := range l.Entities {
		if e.Schema == "Sanction" {
			fmt.Println(" ", e.First("entity"), e.First("authorityId"), e.First("program"))
		}
	}
	// Output:
	// gb_hmt_sanctions 2023-02-15 5
	//   uk-6924 AQD0104 ISIL (Da'esh) and Al-Qaida
	//   uk-14713 RUS0296 Russia
	//   uk-13908 CYB0005 Cyber
	//   uk-13555 DPR0100 Democratic People's Republic of Korea
	//   uk-13634 DPR0262 Democratic People's Republic of Korea
}
