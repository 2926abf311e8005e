package coref

import (
	"fmt"
	"strings"
	"testing"

	"dossier"
	"dossier/recognize"
	"dossier/segment"
)

// entitiesOf makes one entity of each recognized name, as
// resolve.Resolve would for names that differ, joining the names given
// in same (by their text) into the entity of their first occurrence.
func entitiesOf(text string, sents []segment.Sentence) ([]dossier.Mention, []dossier.DocEntity) {
	var names []dossier.Mention
	var ents []dossier.DocEntity
	byText := map[string]int{}
	for _, n := range recognize.Default().RecognizeSentences(text, sents) {
		m := dossier.Mention{Start: n.Start, End: n.End, Text: n.Text, Label: n.Label}
		names = append(names, m)
		last := n.Text[strings.LastIndex(n.Text, " ")+1:]
		if i, ok := byText[last]; ok {
			ents[i].Mentions = append(ents[i].Mentions, m)
			continue
		}
		byText[last] = len(ents)
		ents = append(ents, dossier.DocEntity{ID: fmt.Sprint("e", len(ents)+1), Type: n.Label, Name: n.Text, Mentions: []dossier.Mention{m}})
	}
	return names, ents
}

func TestLink(t *testing.T) {
	tests := []struct {
		Name  string
		Input string
		Want  []string // each entity: "Name: mention/kind …", in order
	}{
		{
			Name:  "pronouns of two people told apart by gender",
			Input: "Maria Santos met Peter Hall in Lisbon. She told him that the deal was off.",
			Want:  []string{"Maria Santos: Maria Santos/name She/pronoun", "Peter Hall: Peter Hall/name him/pronoun", "Lisbon: Lisbon/name"},
		},
		{
			Name:  "a bank, its description and its pronoun",
			Input: "Prosecutors fined the Northwind Savings Bank on Monday. The bank said it would appeal the ruling.",
			Want:  []string{"Northwind Savings Bank: Northwind Savings Bank/name The bank/nominal it/pronoun", "Monday: Monday/name"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			sents := segment.Sentences(tt.Input)
			names, ents := entitiesOf(tt.Input, sents)
			Default().Link(tt.Input, sents, names, ents)
			var got []string
			for _, e := range ents {
				s := e.Name + ":"
				for _, m := range e.Mentions {
					if m.Text != tt.Input[m.Start:m.End] {
						t.Errorf("mention %q at %d-%d: text is %q", m.Text, m.Start, m.End, tt.Input[m.Start:m.End])
					}
					if m.Kind != KindName && m.Label != e.Type {
						t.Errorf("mention %q: label %q, entity type %q", m.Text, m.Label, e.Type)
					}
					s += " " + m.Text + "/" + m.Kind
				}
				got = append(got, s)
			}
			if strings.Join(got, "\n") != strings.Join(tt.Want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.Want, "\n"))
			}
		})
	}
}

func TestOutsideNames(t *testing.T) {
	const text = "Venezuela's president and Huawei's founder met the ABC reporter"
	refs := []nameRef{{0, 9, 0}, {26, 32, 1}, {51, 54, 2}}
	tests := []struct {
		Start, End int
		Want       string // "" when nothing is left
	}{
		{0, 21, "president"},   // Venezuela's president
		{26, 42, "founder"},    // Huawei's founder
		{26, 34, ""},           // Huawei's
		{47, 63, "reporter"},   // the ABC reporter
		{15, 25, "sident and"}, // no name inside
	}
	for _, tt := range tests {
		s, e, ok := outsideNames(text, refs, tt.Start, tt.End)
		got := ""
		if ok {
			got = text[s:e]
		}
		if got != tt.Want {
			t.Errorf("outsideNames(%q) = %q, want %q", text[tt.Start:tt.End], got, tt.Want)
		}
	}
}
