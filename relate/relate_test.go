package relate_test

import (
	"context"
	"testing"

	"dossier/pipeline"
)

func TestRelations(t *testing.T) {
	tests := []struct {
		Name, Text, Subject, Schema, Object string
	}{
		{"bodyguard", "Capt. Leamsy Salazar, a former bodyguard for Hugo Chávez, defected in 2014.", "Leamsy Salazar", "Employment", "Hugo Chávez"},
		{"company post", "Rodrigo Peñalver, chief executive of Energía Orinoco S.A., was convicted.", "Rodrigo Peñalver", "Directorship", "Energía Orinoco S.A."},
		{"public post", "Diosdado Cabello, the head of the Venezuelan National Assembly, denied it.", "Diosdado Cabello", "Occupancy", "Venezuelan National Assembly"},
		{"reporter", "Emili J. Blasco, the ABC reporter who broke the story, spoke on Monday.", "Emili J. Blasco", "Employment", "ABC"},
	}
	p := pipeline.Default()
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			x, err := p.Extract(context.Background(), "", tt.Text)
			if err != nil {
				t.Fatal(err)
			}
			names := map[string]string{}
			for _, e := range x.Entities {
				names[e.ID] = e.Name
			}
			for _, r := range x.Relations {
				if names[r.Subject] == tt.Subject && r.Schema == tt.Schema && names[r.Object] == tt.Object {
					if r.Evidence.Text == "" || x.Text[r.Evidence.Start:r.Evidence.End] != r.Evidence.Text {
						t.Errorf("evidence %+v does not match the text", r.Evidence)
					}
					return
				}
			}
			var got []string
			for _, r := range x.Relations {
				got = append(got, names[r.Subject]+" "+r.Schema+" "+names[r.Object])
			}
			t.Errorf("no %s %s %s; got %v", tt.Subject, tt.Schema, tt.Object, got)
		})
	}
}
