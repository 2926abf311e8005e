package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"dossier"
)

func testLinksReplaceAndFind(t *testing.T, st Store) {
	ctx := context.Background()
	svc, _ := open(t, st)
	now := time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)
	svc.SetNow(func() time.Time { return now })
	var docs []string
	for _, text := range []string{"The first test article names two people.", "The second test article names one."} {
		d := &dossier.Document{Text: text, Format: "text", Origin: "storetest"}
		if _, err := svc.Documents.CreateDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d.ID)
	}
	s := svc.Links
	mk := func(doc, ent, list string, score float64, version string) *dossier.Link {
		return &dossier.Link{DocumentID: doc, DocEntityID: ent, DocEntityName: "Name of " + ent, DocEntityType: "PER",
			ListEntityID: list, Caption: "Caption of " + list, Schema: "Person", Dataset: "us_ofac_sdn", ListVersion: version,
			Score: score, MatchedName: "matched " + list,
			Explanations: map[string]dossier.Explanation{"name": {Score: score, Detail: ent + " ~ " + list}}}
	}
	step := func(name string, doc string, links []*dossier.Link, want dossier.LinkCounts) {
		t.Helper()
		got, err := s.ReplaceLinks(ctx, doc, links)
		if err != nil || got != want {
			t.Fatalf("%s: %+v, %v; want %+v", name, got, err, want)
		}
	}
	step("first", docs[0], []*dossier.Link{mk(docs[0], "e1", "ofac-1", 0.9, "v1"), mk(docs[0], "e2", "ofac-2", 0.8, "v1")},
		dossier.LinkCounts{Added: 2})
	first := now
	now = now.Add(time.Hour)
	step("same again", docs[0], []*dossier.Link{mk(docs[0], "e1", "ofac-1", 0.9, "v1"), mk(docs[0], "e2", "ofac-2", 0.8, "v1")},
		dossier.LinkCounts{Unchanged: 2})
	// A new list version that leaves a link as it was does not rewrite it.
	changed := mk(docs[0], "e1", "ofac-1", 0.95, "v2")
	kept := mk(docs[0], "e2", "ofac-2", 0.8, "v2")
	step("changed", docs[0], []*dossier.Link{changed, kept, mk(docs[0], "e3", "ofac-3", 0.7, "v2")},
		dossier.LinkCounts{Added: 1, Changed: 1, Unchanged: 1})
	if kept.ListVersion != "v1" || !kept.Linked.Equal(first) || !changed.Linked.Equal(now) {
		t.Errorf("unchanged link %+v, changed %+v", kept, changed)
	}
	step("other document", docs[1], []*dossier.Link{mk(docs[1], "e1", "ofac-1", 0.6, "v2")}, dossier.LinkCounts{Added: 1})

	all, n, err := s.FindLinks(ctx, dossier.LinkFilter{})
	if err != nil || n != 4 || len(all) != 4 {
		t.Fatalf("all: %d %v", n, err)
	}
	for i := 1; i < len(all); i++ {
		if all[i].Score > all[i-1].Score {
			t.Errorf("not best first: %v then %v", all[i-1].Score, all[i].Score)
		}
	}
	top := all[0]
	if top.DocumentID != docs[0] || top.ListEntityID != "ofac-1" || top.Score != 0.95 || top.ListVersion != "v2" ||
		top.Explanations["name"].Detail != "e1 ~ ofac-1" || top.DocEntityName != "Name of e1" || top.MatchedName != "matched ofac-1" ||
		!top.Linked.Equal(now) {
		t.Errorf("top link: %+v", top)
	}
	list, min := "ofac-1", 0.75
	if got, n, _ := s.FindLinks(ctx, dossier.LinkFilter{ListEntityID: &list}); n != 2 || got[1].DocumentID != docs[1] {
		t.Errorf("by list entity: %d %v", n, got)
	}
	if got, n, _ := s.FindLinks(ctx, dossier.LinkFilter{MinScore: &min}); n != 2 || got[1].ListEntityID != "ofac-2" {
		t.Errorf("min score: %d %v", n, got)
	}
	if got, n, _ := s.FindLinks(ctx, dossier.LinkFilter{DocumentID: &docs[0], Offset: 1, Limit: 1}); n != 3 || len(got) != 1 ||
		got[0].ListEntityID != "ofac-2" {
		t.Errorf("page of a document's links: %d %v", n, got)
	}
	ent, ds := "e3", "us_ofac_sdn"
	if got, n, _ := s.FindLinks(ctx, dossier.LinkFilter{DocEntityID: &ent, Dataset: &ds}); n != 1 || got[0].ListEntityID != "ofac-3" {
		t.Errorf("by entity and dataset: %d %v", n, got)
	}
	step("removed", docs[0], []*dossier.Link{mk(docs[0], "e1", "ofac-1", 0.95, "v2")}, dossier.LinkCounts{Removed: 2, Unchanged: 1})
	step("none", docs[1], nil, dossier.LinkCounts{Removed: 1})
	if _, n, _ := s.FindLinks(ctx, dossier.LinkFilter{}); n != 1 {
		t.Errorf("after removals: %d links", n)
	}
	if _, err := s.ReplaceLinks(ctx, docs[0], []*dossier.Link{mk(docs[1], "e1", "ofac-1", 0.5, "v2")}); !errors.Is(err, dossier.ErrInvalid) {
		t.Errorf("another document's link: %v", err)
	}
	if _, err := s.ReplaceLinks(ctx, "", nil); !errors.Is(err, dossier.ErrInvalid) {
		t.Errorf("no document: %v", err)
	}
	if _, n, _ := s.FindLinks(ctx, dossier.LinkFilter{}); n != 1 {
		t.Errorf("after refused replacements: %d links", n)
	}
}
