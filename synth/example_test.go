package synth_test

import (
	"fmt"

	"dossier"
	"dossier/synth"
)

func ExamplePeople() {
	for _, p := range synth.People(7, 1) {
		fmt.Println(p.Culture, p.BirthDate, p.Gender, p.Name)
	}
	// Output:
	// western 1942-10-25 female Sylvie Monique Blanc
	// hispanic 1988-10-26 male Rafael Hernández Medina
	// arabic 1991-01-21 male حسن حسين
	// persian 1997-02-25 female نسرین نجفی
	// chinese 1951-11-01 female 武艳
	// korean 1998-09-03 female 여미숙
	// russian-ukrainian 1983-12-10 female Надежда Владимировна Козлова
}

func ExampleUnlisted() {
	people := synth.People(3, 1)
	listed := synth.NewListed()
	e := dossier.NewEntity("Person", "x")
	e.Add("name", people[1].Name) // pretend the second one is on a list
	listed.Add(e)
	for _, p := range synth.Unlisted(people, listed) {
		fmt.Println(p.Name)
	}
	// Output:
	// Sylvie Monique Blanc
	// حسن حسين
}
