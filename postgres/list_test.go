package postgres_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"dossier"
	"dossier/postgres"
)

func person(id, name string, props map[string][]string) *dossier.Entity {
	e := dossier.NewEntity("Person", id)
	e.Caption = name
	e.Add("name", name)
	for k, v := range props {
		e.Add(k, v...)
	}
	return e
}

func TestListVersionsAndDiff(t *testing.T) {
	ctx := context.Background()
	s := postgres.NewListService(MustOpenDB(t))
	v1 := &dossier.ListVersion{Dataset: "us_ofac_sdn", Version: "v1", Entities: 2, Targets: 2}
	e1 := []*dossier.Entity{
		person("ofac-24424", "CABELLO RONDON, Diosdado", map[string][]string{"birthDate": {"1963-04-15"}}),
		person("ofac-1", "OLD ENTRY", nil),
	}
	if created, err := s.CreateListVersion(ctx, v1, e1); err != nil || !created {
		t.Fatalf("create v1: %v %v", created, err)
	}
	if created, err := s.CreateListVersion(ctx, v1, e1); err != nil || created {
		t.Fatalf("create v1 again: %v %v; want false, nil", created, err)
	}
	changed := person("ofac-24424", "CABELLO RONDON, Diosdado", map[string][]string{
		"birthDate": {"1963-04-15"}, "alias": {"Diosdado Cabello"}})
	v2 := &dossier.ListVersion{Dataset: "us_ofac_sdn", Version: "v2", Entities: 2, Targets: 2}
	e2 := []*dossier.Entity{changed, person("ofac-2", "NEW ENTRY", nil)}
	if _, err := s.CreateListVersion(ctx, v2, e2); err != nil {
		t.Fatal(err)
	}
	un := &dossier.ListVersion{Dataset: "un_sc_sanctions", Version: "u1", Entities: 1, Targets: 1}
	if _, err := s.CreateListVersion(ctx, un, []*dossier.Entity{person("un-1", "UN PERSON", nil)}); err != nil {
		t.Fatal(err)
	}

	versions, err := s.FindListVersions(ctx, "")
	if err != nil || len(versions) != 3 || versions[0].Version != "u1" || versions[1].Version != "v2" {
		t.Fatalf("versions: %v %+v", err, versions)
	}
	var current []string
	s.CurrentEntities(ctx, func(e *dossier.Entity) error { current = append(current, e.ID); return nil })
	slices.Sort(current)
	if want := []string{"ofac-2", "ofac-24424", "un-1"}; !slices.Equal(current, want) {
		t.Errorf("current entities %v, want %v", current, want)
	}
	got, err := s.FindListEntityByID(ctx, "ofac-24424")
	if err != nil || got.First("alias") != "Diosdado Cabello" {
		t.Errorf("FindListEntityByID: %v %+v", err, got)
	}
	if _, err := s.FindListEntityByID(ctx, "ofac-1"); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("entity of an old version: err = %v, want ErrNotFound", err)
	}

	d, err := s.DiffListVersions(ctx, "us_ofac_sdn", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Added) != 1 || d.Added[0].ID != "ofac-2" || len(d.Removed) != 1 || d.Removed[0].ID != "ofac-1" ||
		len(d.Changed) != 1 || !slices.Equal(d.Changed[0].Fields, []string{"alias"}) {
		t.Errorf("diff: %+v", d)
	}
	if _, err := s.DiffListVersions(ctx, "un_sc_sanctions", "", ""); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("diff of a one-version list: err = %v, want ErrNotFound", err)
	}
}
