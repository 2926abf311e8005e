package build

import (
	"slices"
	"testing"

	"dossier"
)

func TestCountries(t *testing.T) {
	tests := []struct {
		name string
		prop string
		in   []string
		want []string
	}{
		{"a name", "nationality", []string{"Venezuela"}, []string{"ve"}},
		{"upper case name and code", "country", []string{"VENEZUELA", "VE"}, []string{"ve"}},
		{"demonym", "citizenship", []string{"Venezuelan"}, []string{"ve"}},
		{"official name", "country", []string{"Russian Federation"}, []string{"ru"}},
		{"accents and spaces", "jurisdiction", []string{"  Côte d’Ivoire "}, []string{"ci"}},
		{"code kept", "country", []string{"cd"}, []string{"cd"}},
		{"unknown kept", "nationality", []string{"Soviet Union", "Russia"}, []string{"Soviet Union", "ru"}},
		{"unassigned code kept", "country", []string{"UK"}, []string{"UK"}},
		{"vessel flags", "pastFlags", []string{"Panama", "Liberia"}, []string{"pa", "lr"}},
		{"not a country property", "birthPlace", []string{"Caracas, Venezuela"}, []string{"Caracas, Venezuela"}},
		{"blank dropped", "country", []string{" ", "Peru"}, []string{"pe"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := dossier.NewEntity("Person", "p")
			e.Properties[tt.prop] = slices.Clone(tt.in)
			Countries(e)
			if got := e.Properties[tt.prop]; !slices.Equal(got, tt.want) {
				t.Errorf("%s %q → %q, want %q", tt.prop, tt.in, got, tt.want)
			}
			Countries(e) // a second pass changes nothing
			if got := e.Properties[tt.prop]; !slices.Equal(got, tt.want) {
				t.Errorf("second pass: %q", got)
			}
		})
	}
}
