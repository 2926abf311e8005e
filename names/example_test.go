package names_test

import (
	"fmt"
	"strings"

	"dossier/names"
)

func ExampleMatcher_CompareNames() {
	m := names.NewMatcher()
	for _, p := range [][2]string{
		{"Diosdado Cabello", "CABELLO RONDON, Diosdado"},
		{"Владимир Путин", "Vladimir Putin"},
		{"George Bush", "George Habbash"},
	} {
		r := m.CompareNames(p[0], p[1], "Person")
		fmt.Printf("%s | %s: %.2f match=%v\n", p[0], p[1], r.Score, r.Score >= m.Threshold)
	}
	fmt.Println(m.CompareNames("Diosdado Cabello", "CABELLO RONDON, Diosdado", "Person").Explanations["name_parts"].Detail)
	// Output:
	// Diosdado Cabello | CABELLO RONDON, Diosdado: 0.88 match=true
	// Владимир Путин | Vladimir Putin: 1.00 match=true
	// George Bush | George Habbash: 0.40 match=false
	// cabello=cabello (exact, family); diosdado=diosdado (exact); +rondon (only in second, family)
}

func ExampleNormalize() {
	fmt.Println(names.Normalize("Nicolás MADURO Moros"))
	fmt.Println(names.Normalize("معمر القذافي"))
	fmt.Println(names.Normalize("김정은"))
	// Output:
	// nicolas maduro moros
	// muammar al qadhafi
	// kim jeong eun
}

func ExampleParse() {
	n := names.Parse("OOO \"Oboronnye Initsiativy\"", "Company")
	for _, p := range n.Parts {
		fmt.Println(p.Text, p.Kind)
	}
	fmt.Println(n.Form)
	// Output:
	// ooo legal
	// oboronnye unknown
	// initsiativy unknown
	// ooo oboronnye initsiativy
}

func ExampleEvaluatePairs() {
	pairs := `case_group,schema,name1,name2,is_match
demo,Person,Bill Clinton,William Clinton,true
demo,Person,John Smith,Jane Smith,false
demo,Company,Company 1 Ltd,Company 2 Ltd,false
demo,Company,Rosneft Oil Company,OAO Rosneft,true
`
	rep, err := names.EvaluatePairs(strings.NewReader(pairs), names.NewMatcher())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("n=%d P=%.2f R=%.2f F1=%.2f at %.2f\n", rep.N, rep.Precision, rep.Recall, rep.F1, rep.Threshold)
	// Output:
	// n=4 P=1.00 R=1.00 F1=1.00 at 0.80
}
