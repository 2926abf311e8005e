package synth

import (
	"testing"

	"dossier"
)

func person(id string, props map[string][]string) *dossier.Entity {
	e := dossier.NewEntity("Person", id)
	for k, v := range props {
		e.Add(k, v...)
	}
	return e
}

func TestListed(t *testing.T) {
	l := NewListed()
	l.Add(person("p1", map[string][]string{"name": {"MADURO MOROS, Nicolás"}, "alias": {"Nico"}}))
	l.Add(person("p2", map[string][]string{"name": {"WANG, Wei"}}))
	l.Add(person("p3", map[string][]string{"name": {"Xi Jinping"}}))
	l.Add(person("p4", map[string][]string{"firstName": {"Олег"}, "middleName": {"Владимирович"}, "lastName": {"Дерипаска"}}))
	l.Add(person("p5", map[string][]string{"name": {"Ali Hassan"}, "weakAlias": {"Abu Ali"}}))
	org := dossier.NewEntity("Company", "c1")
	org.Add("name", "Maria Lopez")
	l.Add(org)
	if l.Len() != 8 {
		t.Errorf("Len %d, want 8 (six names and aliases, two structured forms of p4)", l.Len())
	}
	tests := []struct {
		name string
		want bool
	}{
		{"Nicolas Maduro Moros", true}, // accents, order, comma
		{"Moros Nicolas Maduro", true}, // any order
		{"nico", true},                 // an alias
		{"王伟", true},                   // Han, written together
		{"Wei Wang", true},             // reversed
		{"习近平", true},                  // xi jin ping ~ xi jinping
		{"Олег Дерипаска", true},       // firstName + lastName
		{"Oleg Vladimirovich Deripaska", true},
		{"Дерипаска Олег Владимирович", true},
		{"Abu Ali", true}, // a weak alias
		{"Nicolas Maduro", false},
		{"Wang Weiming", false},
		{"Maria Lopez", false}, // a company's name
		{"Ali Hassan Mahmoud", false},
		{"", false},
		{"!!!", false},
	}
	for _, tt := range tests {
		if got := l.Has(tt.name); got != tt.want {
			t.Errorf("Has(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestUnlisted(t *testing.T) {
	people := People(70, 1)
	l := NewListed()
	l.Add(person("a", map[string][]string{"name": {people[3].Name}}))
	l.Add(person("b", map[string][]string{"name": {people[40].Name}}))
	out := Unlisted(people, l)
	if len(out) != 68 {
		t.Fatalf("%d people left of 70, want 68", len(out))
	}
	for _, p := range out {
		if p.Name == people[3].Name || p.Name == people[40].Name {
			t.Errorf("%q was kept", p.Name)
		}
	}
	if out[3] != people[4] {
		t.Errorf("order not kept: %v", out[3])
	}
	if got := Unlisted(people, NewListed()); len(got) != 70 {
		t.Errorf("an empty set dropped people: %d left", len(got))
	}
}
