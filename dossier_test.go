package dossier_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"dossier"
)

func TestAbout(t *testing.T) {
	x := &dossier.Extraction{
		Claims:    []dossier.Claim{{ID: "c1", Subject: "e1"}, {ID: "c2", Subject: "e2"}},
		Relations: []dossier.Relation{{Schema: "Associate", Subject: "e2", Object: "e1"}, {Schema: "Family", Subject: "e2", Object: "e3"}},
	}
	cs, rs := x.About("e1")
	if len(cs) != 1 || cs[0].ID != "c1" || len(rs) != 1 || rs[0].Schema != "Associate" {
		t.Errorf("e1: %v %v", cs, rs)
	}
	if cs, rs := x.About("nobody"); cs == nil || rs == nil || len(cs)+len(rs) != 0 {
		t.Errorf("nobody: %#v %#v, want empty, not nil (JSON [])", cs, rs)
	}
}

// A dossier's entries run oldest first, by publication date, else
// ingestion; no entity is ErrNotFound.
func TestAssembleDossier(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 1, d, 0, 0, 0, 0, time.UTC) }
	docs := map[string]*dossier.Document{
		"a": {ID: "a", Published: day(9)},
		"b": {ID: "b", Ingested: day(3)},
		"c": {ID: "c", Published: day(5), Ingested: day(1)},
	}
	doc := func(_ context.Context, id string) (*dossier.Document, error) { return docs[id], nil }
	extraction := func(_ context.Context, id string) (*dossier.Extraction, error) {
		return &dossier.Extraction{DocumentID: id, Claims: []dossier.Claim{{ID: id + "-c", Subject: "e"}}}, nil
	}
	refs := []dossier.EntityRef{{DocumentID: "a", Entity: dossier.DocEntity{ID: "e"}}, {DocumentID: "b", Entity: dossier.DocEntity{ID: "e"}},
		{DocumentID: "c", Entity: dossier.DocEntity{ID: "e"}}}
	d, err := dossier.AssembleDossier(context.Background(), "X", refs, doc, extraction)
	if err != nil || len(d.Entries) != 3 {
		t.Fatalf("%+v %v", d, err)
	}
	var order string
	for _, e := range d.Entries {
		order += e.Document.ID
		if len(e.Claims) != 1 || e.Claims[0].ID != e.Document.ID+"-c" {
			t.Errorf("%s: claims %v", e.Document.ID, e.Claims)
		}
	}
	if order != "bca" {
		t.Errorf("order %s, want bca", order)
	}
	if _, err := dossier.AssembleDossier(context.Background(), "X", nil, doc, extraction); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("no refs: %v", err)
	}
	boom := errors.New("boom")
	if _, err := dossier.AssembleDossier(context.Background(), "X", refs, doc,
		func(context.Context, string) (*dossier.Extraction, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Errorf("failing extraction: %v", err)
	}
}

func TestValidTokenName(t *testing.T) {
	for name, ok := range map[string]bool{"analyst": true, "Zoë's laptop": true, "": false, " padded": false,
		"123": false, "a\x00b": false, string(make([]byte, 65)): false} {
		if err := dossier.ValidTokenName(name); (err == nil) != ok || err != nil && !errors.Is(err, dossier.ErrInvalid) {
			t.Errorf("%q: %v", name, err)
		}
	}
}

func TestFoldName(t *testing.T) {
	for in, want := range map[string]string{"  Nicolás   MADURO ": "nicolas maduro", "Çelik\tOğuz": "celik oguz", "": ""} {
		if got := dossier.FoldName(in); got != want {
			t.Errorf("FoldName(%q) = %q, want %q", in, got, want)
		}
	}
}

// An ID added twice counts once, with the schema it was added with last.
func TestListCounter(t *testing.T) {
	var c dossier.ListCounter
	c.Add(dossier.NewEntity("Person", "p1"))
	c.Add(dossier.NewEntity("Sanction", "s1"))
	c.Add(dossier.NewEntity("Person", "p1"))
	c.Add(dossier.NewEntity("Sanction", "p2"))
	c.Add(dossier.NewEntity("Company", "p2"))
	if n, tgt := c.Counts(); n != 3 || tgt != 2 {
		t.Errorf("counts %d, %d; want 3, 2", n, tgt)
	}
}
