package list_test

import (
	"strings"
	"testing"

	"dossier"
	"dossier/lists/list"
)

func TestValidate(t *testing.T) {
	person := func(id, caption string, names ...string) *dossier.Entity {
		e := dossier.NewEntity("Person", id)
		e.Caption = caption
		e.Add("name", names...)
		return e
	}
	sanction := func(id, target string) *dossier.Entity {
		e := dossier.NewEntity("Sanction", id)
		e.Add("entity", target)
		return e
	}
	tests := []struct {
		Name     string
		Entities []*dossier.Entity
		Err      string
	}{
		{"ok", []*dossier.Entity{person("p", "A", "A"), sanction("s", "p")}, ""},
		{"no id", []*dossier.Entity{person("", "A", "A")}, "without ID"},
		{"duplicate", []*dossier.Entity{person("p", "A", "A"), person("p", "A", "A")}, "duplicate"},
		{"no schema", []*dossier.Entity{{ID: "x"}}, "no schema"},
		{"empty caption", []*dossier.Entity{person("p", "", "A")}, "empty caption"},
		{"caption not a name", []*dossier.Entity{person("p", "B", "A")}, "not among its names"},
		{"dangling sanction", []*dossier.Entity{person("p", "A", "A"), sanction("s", "q")}, "not in the list"},
		{"sanction without entity", []*dossier.Entity{dossier.NewEntity("Sanction", "s")}, "no entity"},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			err := (&list.List{Entities: tt.Entities}).Validate()
			if tt.Err == "" && err != nil || tt.Err != "" && (err == nil || !strings.Contains(err.Error(), tt.Err)) {
				t.Errorf("Validate = %v, want %q", err, tt.Err)
			}
		})
	}
}
