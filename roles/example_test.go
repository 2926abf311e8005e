package roles_test

import (
	"fmt"

	"dossier"
	"dossier/resolve"
	"dossier/roles"
	"dossier/segment"
)

func ExampleAssign() {
	text := "Leamsy Salazar, a former bodyguard for the late Hugo Chávez, said Diosdado Cabello, the head of the National Assembly, led the network."
	mention := func(s string, start int, label string) dossier.Mention {
		return dossier.Mention{Start: start, End: start + len(s), Text: s, Label: label}
	}
	ms := []dossier.Mention{
		mention("Leamsy Salazar", 0, "PER"),
		mention("Hugo Chávez", 48, "PER"),
		mention("Diosdado Cabello", 67, "PER"),
		mention("National Assembly", 101, "ORG"),
	}
	sents := segment.Sentences(text)
	ents := resolve.Resolve(text, sents, ms)
	roles.Assign(text, sents, ents)
	for _, e := range ents {
		if e.Type != "PER" {
			continue
		}
		fmt.Printf("%s deceased=%v topics=%q\n", e.Name, e.Deceased, e.Topics)
		for _, r := range e.Roles {
			fmt.Printf("  %s of %q (%s) former=%v: %q\n", r.Title, r.Of, r.OfEntity, r.Former, r.Text)
		}
	}
	// Output:
	// Leamsy Salazar deceased=false topics=[]
	//   bodyguard of "the late Hugo Chávez" (e2) former=true: "a former bodyguard for the late Hugo Chávez"
	// Hugo Chávez deceased=true topics=[]
	// Diosdado Cabello deceased=false topics=["gov.legislative" "role.pep"]
	//   head of "the National Assembly" (e4) former=false: "the head of the National Assembly"
}
