package coref_test

import (
	"fmt"

	"dossier"
	"dossier/coref"
	"dossier/recognize"
	"dossier/segment"
)

func ExampleModel_Resolve() {
	text := "Maria Santos met Peter Hall in Lisbon. She told him that the deal was off."
	sents := segment.Sentences(text)
	var names []dossier.Mention
	for _, n := range recognize.Default().RecognizeSentences(text, sents) {
		names = append(names, dossier.Mention{Start: n.Start, End: n.End, Label: n.Label, Text: n.Text})
	}
	for _, e := range coref.Default().Resolve(text, sents, names) {
		fmt.Print(e.Type, ":")
		for _, m := range e.Mentions {
			fmt.Printf(" %q (%s)", m.Text, m.Kind)
		}
		fmt.Println()
	}
	// Output:
	// PER: "Maria Santos" (name) "She" (pronoun)
	// PER: "Peter Hall" (name) "him" (pronoun)
	// LOC: "Lisbon" (name)
}

func ExampleScore() {
	// Pradhan et al. (2014): key {a b c} {d e f g}, response {a b} {c d} {f g h i}
	var s coref.Score
	if err := s.Add([][]int{{1, 2, 3}, {4, 5, 6, 7}}, [][]int{{1, 2}, {3, 4}, {6, 7, 8, 9}}); err != nil {
		fmt.Println(err)
	}
	fmt.Printf("MUC R %.2f P %.2f\n", s.MUC.Recall(), s.MUC.Precision())
	fmt.Printf("B3 R %.2f P %.2f\n", s.B3.Recall(), s.B3.Precision())
	fmt.Printf("CEAFe R %.2f P %.2f\n", s.CEAFe.Recall(), s.CEAFe.Precision())
	fmt.Printf("CoNLL F1 %.4f\n", s.CoNLL())
	// Output:
	// MUC R 0.40 P 0.40
	// B3 R 0.42 P 0.50
	// CEAFe R 0.65 P 0.43
	// CoNLL F1 0.4582
}

func ExampleModel_Link() {
	text := "Prosecutors fined the Northwind Savings Bank on Monday. The bank said it would appeal."
	sents := segment.Sentences(text)
	var names []dossier.Mention
	for _, n := range recognize.Default().RecognizeSentences(text, sents) {
		names = append(names, dossier.Mention{Start: n.Start, End: n.End, Label: n.Label, Text: n.Text})
	}
	// one entity per name, as resolve.Resolve makes them
	ents := make([]dossier.DocEntity, len(names))
	for i, n := range names {
		ents[i] = dossier.DocEntity{ID: fmt.Sprint("e", i+1), Type: n.Label, Name: n.Text, Mentions: []dossier.Mention{n}}
	}
	coref.Default().Link(text, sents, names, ents)
	for _, e := range ents {
		fmt.Print(e.Name, ":")
		for _, m := range e.Mentions {
			fmt.Printf(" %q (%s %d-%d)", m.Text, m.Kind, m.Start, m.End)
		}
		fmt.Println()
	}
	// Output:
	// Northwind Savings Bank: "Northwind Savings Bank" (name 22-44) "The bank" (nominal 56-64) "it" (pronoun 70-72)
	// Monday: "Monday" (name 48-54)
}
