package ftm_test

import (
	"context"
	"fmt"
	"log"

	"dossier/lists/ftm"
)

func ExampleLoad() {
	l, err := ftm.Load(context.Background(), "testdata/sample.ftm.jsonl")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(l.Version.Dataset, l.Version.Entities, l.Version.Targets)
	for _, e := range l.Entities {
		fmt.Println(e.ID, e.Schema, e.Caption)
	}
	// Output:
	// test_sanctions 4 2
	// NK-test-person-1 Person Ivan Petrovich SIDOROV
	// NK-test-company-1 Company Severny Veter LLC
	// test-sanction-1 Sanction Russia
	// test-ownership-1 Ownership Ownership
}
