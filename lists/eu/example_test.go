package eu_test

import (
	"context"
	"fmt"
	"log"

	"dossier/lists/eu"
)

func ExampleLoad() {
	l, err := eu.Load(context.Background(), "testdata/fsf.xml")
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range l.Entities {
		if e.Schema != "Sanction" {
			fmt.Println(e.ID, e.Schema, e.Caption, e.Get("birthDate"))
		}
	}
	// Output:
	// eu-13 Person Saddam Hussein Al-Tikriti [1937-04-28]
	// eu-135909 Person Vladimir Vladimirovich PUTIN [1952-10-07]
	// eu-134760 Company Promsvyazbank Public Joint Stock Company []
}
