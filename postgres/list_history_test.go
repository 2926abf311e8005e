package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"dossier"
	"dossier/postgres"
)

// people returns n Person entities with IDs prefix-0 … prefix-(n-1).
func people(prefix string, n int) []*dossier.Entity {
	out := make([]*dossier.Entity, n)
	for i := range out {
		out[i] = person(fmt.Sprintf("%s-%d", prefix, i), fmt.Sprintf("PERSON %s %d", prefix, i), nil)
	}
	return out
}

func version(dataset, v string, entities []*dossier.Entity) *dossier.ListVersion {
	return &dossier.ListVersion{Dataset: dataset, Version: v, Entities: len(entities), Targets: len(entities)}
}

func currentIDs(t *testing.T, s *postgres.ListService) []string {
	t.Helper()
	var ids []string
	if err := s.CurrentEntities(context.Background(), func(e *dossier.Entity) error {
		ids = append(ids, e.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	return ids
}

// The security review's case: a one-entity file that claims to be the
// SDN list replaced a version of thousands without a word.
func TestCreateListVersionRefusesShrink(t *testing.T) {
	ctx := context.Background()
	s := postgres.NewListService(MustOpenDB(t))
	big := append(people("ofac", 99), person("ofac-24424", "CABELLO RONDON, Diosdado", nil))
	if _, err := s.CreateListVersion(ctx, version("us_ofac_sdn", "v1", big), big); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		Name    string
		N       int
		Refused bool
	}{
		{"one entity", 1, true},
		{"49 of 100", 49, true},
		{"exactly half", 50, false},
	}
	for i, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			small := people(fmt.Sprintf("small%d", i), tt.N)
			v := version("us_ofac_sdn", fmt.Sprintf("small%d", i), small)
			created, err := s.CreateListVersion(ctx, v, small)
			if !tt.Refused {
				if err != nil || !created {
					t.Fatalf("created %v, err %v; want a new version", created, err)
				}
				// Put v1 back for the next case.
				if _, err := s.RollbackListVersion(ctx, "us_ofac_sdn", "v1"); err != nil {
					t.Fatal(err)
				}
				return
			}
			var se *dossier.ShrinkError
			if !errors.As(err, &se) || created {
				t.Fatalf("created %v, err %v; want a *ShrinkError", created, err)
			}
			if se.Dataset != "us_ofac_sdn" || se.Old.Version != "v1" || se.Old.Entities != 100 || se.New.Entities != tt.N {
				t.Errorf("ShrinkError %+v old %+v new %+v", se, se.Old, se.New)
			}
			want := fmt.Sprintf("list us_ofac_sdn: new version small%d has %d entities, current version v1 has 100: "+
				"more than half would be lost; refused unless a shrink is allowed", i, tt.N)
			if err.Error() != want {
				t.Errorf("error %q, want %q", err, want)
			}
			if ids := currentIDs(t, s); len(ids) != 100 || !slices.Contains(ids, "ofac-24424") {
				t.Errorf("current entities after a refused load: %d, Cabello there: %v", len(ids), slices.Contains(ids, "ofac-24424"))
			}
			vs, _ := s.FindListVersions(ctx, "us_ofac_sdn")
			for _, v := range vs {
				if v.Version == fmt.Sprintf("small%d", i) {
					t.Errorf("refused version was stored: %+v", v)
				}
			}
		})
	}

	// With AllowShrink the same one-entity version loads and says what
	// it replaced.
	one := people("one", 1)
	v := version("us_ofac_sdn", "one", one)
	res, err := s.LoadListVersion(ctx, v, one, dossier.ListLoadOptions{AllowShrink: true})
	if err != nil || !res.Created || res.Previous == nil || res.Previous.Version != "v1" || res.Previous.Entities != 100 || !v.Current {
		t.Fatalf("allow shrink: %+v %v", res, err)
	}
	if ids := currentIDs(t, s); !slices.Equal(ids, []string{"one-0"}) {
		t.Errorf("current after an allowed shrink: %v", ids)
	}
	// A new dataset has nothing to shrink from.
	un := people("un", 1)
	res, err = s.LoadListVersion(ctx, version("un_sc_sanctions", "u1", un), un, dossier.ListLoadOptions{})
	if err != nil || !res.Created || res.Previous != nil {
		t.Errorf("new dataset: %+v %v", res, err)
	}
}

func TestRollbackListVersion(t *testing.T) {
	ctx := context.Background()
	s := postgres.NewListService(MustOpenDB(t))
	e1, e2, e3 := people("a", 3), people("b", 3), people("c", 3)
	for _, x := range []struct {
		v string
		e []*dossier.Entity
	}{{"aaaa1111", e1}, {"bbbb2222", e2}, {"cccc3333", e3}} {
		if _, err := s.CreateListVersion(ctx, version("ds", x.v, x.e), x.e); err != nil {
			t.Fatal(err)
		}
	}
	un := people("un", 2)
	if _, err := s.CreateListVersion(ctx, version("un", "u1", un), un); err != nil {
		t.Fatal(err)
	}

	// Without a version: the one loaded before the current one.
	ev, err := s.RollbackListVersion(ctx, "ds", "")
	if err != nil || ev.Version != "bbbb2222" || ev.Previous != "cccc3333" || ev.Action != dossier.ListRolledBack {
		t.Fatalf("rollback: %+v %v", ev, err)
	}
	if ids := currentIDs(t, s); !slices.Equal(ids, []string{"b-0", "b-1", "b-2", "un-0", "un-1"}) {
		t.Errorf("current after rollback: %v", ids)
	}
	ev, err = s.RollbackListVersion(ctx, "ds", "")
	if err != nil || ev.Version != "aaaa1111" {
		t.Fatalf("second rollback: %+v %v", ev, err)
	}
	if _, err := s.RollbackListVersion(ctx, "ds", ""); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("rollback past the oldest: %v, want ErrNotFound", err)
	}
	// By prefix, forward again.
	if ev, err := s.RollbackListVersion(ctx, "ds", "cccc"); err != nil || ev.Version != "cccc3333" || ev.Previous != "aaaa1111" {
		t.Fatalf("rollback --to cccc: %+v %v", ev, err)
	}
	if _, err := s.RollbackListVersion(ctx, "ds", "cccc3333"); !errors.Is(err, dossier.ErrInvalid) {
		t.Errorf("rollback to the current version: %v, want ErrInvalid", err)
	}
	if _, err := s.RollbackListVersion(ctx, "ds", "zzzz"); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("rollback to no such version: %v, want ErrNotFound", err)
	}
	if _, err := s.RollbackListVersion(ctx, "nosuch", ""); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("rollback of no such dataset: %v, want ErrNotFound", err)
	}
	if _, err := s.RollbackListVersion(ctx, "ds", "aaaa1111"); err != nil {
		t.Fatal(err)
	}

	// Every version is still stored, one is current, and the history
	// records the loads and the rollbacks.
	vs, err := s.FindListVersions(ctx, "ds")
	if err != nil || len(vs) != 3 {
		t.Fatalf("versions: %v %d", err, len(vs))
	}
	for _, v := range vs {
		if v.Current != (v.Version == "aaaa1111") {
			t.Errorf("version %s current = %v", v.Version, v.Current)
		}
	}
	evs, err := s.FindListEvents(ctx, "ds")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range evs {
		got = append(got, e.Action+" "+e.Previous+"→"+e.Version)
	}
	want := []string{ // newest first
		"rollback cccc3333→aaaa1111",
		"rollback aaaa1111→cccc3333",
		"rollback bbbb2222→aaaa1111",
		"rollback cccc3333→bbbb2222",
		"load bbbb2222→cccc3333",
		"load aaaa1111→bbbb2222",
		"load →aaaa1111",
	}
	if !slices.Equal(got, want) {
		t.Errorf("history\n got %q\nwant %q", got, want)
	}

	// Loading a stored version again changes nothing, even when it is
	// not the current one: the rollback stands.
	res, err := s.LoadListVersion(ctx, version("ds", "cccc3333", e3), e3, dossier.ListLoadOptions{})
	if err != nil || res.Created || res.Previous == nil || res.Previous.Version != "aaaa1111" {
		t.Errorf("reload after rollback: %+v %v", res, err)
	}
}
