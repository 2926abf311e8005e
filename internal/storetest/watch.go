package storetest

import (
	"context"
	"errors"
	"testing"

	"dossier"
)

func testWatchesUpsertByReference(t *testing.T, st Store) {
	ctx := context.Background()
	svc, _ := open(t, st)
	s := svc.Watches
	ws := []*dossier.Watch{
		{Name: "Diosdado Cabello", Schema: "Person", BirthDate: "1963", Country: "VE", Reference: "C-1"},
		{Name: "Acme Trading LLC", Schema: "Company", Reference: "C-2"},
		{Name: "No Reference"},
		{Name: "Also No Reference"},
	}
	c, u, err := s.CreateWatches(ctx, ws)
	if err != nil || c != 4 || u != 0 {
		t.Fatalf("create: %d created, %d updated, %v", c, u, err)
	}
	// The same customer file again, with one change: updates in place.
	again := []*dossier.Watch{{Name: "Diosdado Cabello Rondón", Schema: "Person", BirthDate: "1963-04-15", Reference: "C-1"}}
	c, u, err = s.CreateWatches(ctx, again)
	if err != nil || c != 0 || u != 1 || again[0].ID != ws[0].ID {
		t.Fatalf("re-create: %d created, %d updated, id %d, %v", c, u, again[0].ID, err)
	}
	w, err := s.FindWatchByID(ctx, ws[0].ID)
	if err != nil || w.Name != "Diosdado Cabello Rondón" || w.BirthDate != "1963-04-15" || w.Country != "" || w.Reference != "C-1" ||
		!w.Created.Equal(ws[0].Created) || w.Updated.Before(w.Created) {
		t.Errorf("updated watch: %+v, %v", w, err)
	}
	all, n, err := s.FindWatches(ctx, dossier.WatchFilter{})
	if err != nil || n != 4 || len(all) != 4 || all[2].Reference != "" {
		t.Errorf("find all: %d %v", n, err)
	}
	page, n, err := s.FindWatches(ctx, dossier.WatchFilter{Offset: 1, Limit: 2})
	if err != nil || n != 4 || len(page) != 2 || page[0].ID != ws[1].ID {
		t.Errorf("page: %v %d %v", page, n, err)
	}
	if rest, n, err := s.FindWatches(ctx, dossier.WatchFilter{Offset: 3}); err != nil || n != 4 || len(rest) != 1 || rest[0].ID != ws[3].ID {
		t.Errorf("offset without limit: %v %d %v", rest, n, err)
	}
	ref := "C-2"
	if got, n, err := s.FindWatches(ctx, dossier.WatchFilter{Reference: &ref}); err != nil || n != 1 || got[0].Name != "Acme Trading LLC" {
		t.Errorf("by reference: %v %d %v", got, n, err)
	}
	id := ws[2].ID
	if got, n, err := s.FindWatches(ctx, dossier.WatchFilter{ID: &id}); err != nil || n != 1 || got[0].Name != "No Reference" {
		t.Errorf("by ID: %v %d %v", got, n, err)
	}
	if err := s.DeleteWatch(ctx, ws[1].ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteWatch(ctx, ws[1].ID); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("delete twice: %v", err)
	}
	if _, err := s.FindWatchByID(ctx, ws[1].ID); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("deleted watch: %v", err)
	}
	if err := s.CreateWatch(ctx, &dossier.Watch{Name: "  "}); !errors.Is(err, dossier.ErrInvalid) {
		t.Errorf("empty name: %v", err)
	}
	// A reference twice in one batch: the second updates the first.
	twice := []*dossier.Watch{{Name: "First", Reference: "C-7"}, {Name: "Second", Reference: "C-7"}}
	if c, u, err := s.CreateWatches(ctx, twice); err != nil || c != 1 || u != 1 || twice[0].ID != twice[1].ID {
		t.Errorf("a reference twice: %d created, %d updated, IDs %d %d, %v", c, u, twice[0].ID, twice[1].ID, err)
	}
	if w, err := s.FindWatchByID(ctx, twice[0].ID); err != nil || w.Name != "Second" {
		t.Errorf("a reference twice: %+v %v", w, err)
	}
	// A batch with one bad watch stores none of it.
	if _, _, err := s.CreateWatches(ctx, []*dossier.Watch{{Name: "Fine", Reference: "C-9"}, {Name: ""}}); !errors.Is(err, dossier.ErrInvalid) {
		t.Errorf("batch with an empty name: %v", err)
	}
	if _, n, _ := s.FindWatches(ctx, dossier.WatchFilter{}); n != 4 {
		t.Errorf("after a refused batch: %d watches, want 4", n)
	}
}
