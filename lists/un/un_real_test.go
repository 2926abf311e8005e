package un_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"dossier/lists/internal/listtest"
	"dossier/lists/un"
)

const realFile = "consolidated-2026-02-27.xml"

func TestLoadRealCounts(t *testing.T) {
	path := filepath.Join(listtest.DataDir(t, "un"), realFile)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Count the records in the file itself.
	wantPersons := bytes.Count(data, []byte("<INDIVIDUAL>"))
	wantOrgs := bytes.Count(data, []byte("<ENTITY>"))
	if wantPersons != 730 || wantOrgs != 273 {
		t.Fatalf("file has %d individuals and %d entities, README says 730 and 273", wantPersons, wantOrgs)
	}

	l, err := un.Load(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	listtest.MustValidate(t, l)
	counts := map[string]int{}
	for _, e := range l.Entities {
		counts[e.Schema]++
	}
	if counts["Person"] != wantPersons || counts["Organization"]+counts["Company"] != wantOrgs || counts["Sanction"] != wantPersons+wantOrgs {
		t.Errorf("schemas = %v, want %d Person, %d Organization/Company", counts, wantPersons, wantOrgs)
	}
	if l.Version.Targets != wantPersons+wantOrgs {
		t.Errorf("targets = %d", l.Version.Targets)
	}
	if want := time.Date(2026, 2, 27, 0, 0, 9, 554e6, time.UTC); !l.Version.Published.Equal(want) {
		t.Errorf("published = %v, want %v", l.Version.Published, want)
	}

	// Aliases: every non-empty ALIAS_NAME is on its entity.
	type rec struct {
		ID      string   `xml:"DATAID"`
		Aliases []string `xml:"INDIVIDUAL_ALIAS>ALIAS_NAME"`
		Ent     []string `xml:"ENTITY_ALIAS>ALIAS_NAME"`
	}
	var doc struct {
		Persons []rec `xml:"INDIVIDUALS>INDIVIDUAL"`
		Orgs    []rec `xml:"ENTITIES>ENTITY"`
		Records []rec
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	doc.Records = append(doc.Persons, doc.Orgs...)
	byID := listtest.ByID(l)
	nAlias := 0
	for _, r := range doc.Records {
		e := byID["un-"+r.ID]
		if e == nil {
			t.Fatalf("record %s not loaded", r.ID)
		}
		strong, weak := e.Names()
		for _, a := range append(r.Aliases, r.Ent...) {
			a = strings.Join(strings.Fields(a), " ")
			if a == "" {
				continue
			}
			nAlias++
			if !slices.Contains(strong, a) && !slices.Contains(weak, a) {
				t.Errorf("%s: alias %q missing", r.ID, a)
			}
		}
	}
	if len(doc.Records) != wantPersons+wantOrgs {
		t.Errorf("independent pass found %d records", len(doc.Records))
	}
	t.Logf("%d records, %d non-empty ALIAS_NAME values, all present", len(doc.Records), nAlias)

	p := byID["un-6907993"]
	if p == nil || p.Caption != "ERIC BADEGE" || p.First("firstName") != "ERIC" || p.First("lastName") != "BADEGE" ||
		!slices.Equal(p.Get("birthDate"), []string{"1971"}) || p.First("gender") != "male" ||
		!slices.Equal(p.Get("nationality"), []string{"cd"}) || !slices.Equal(p.Get("address"), []string{"Rwanda"}) {
		t.Errorf("un-6907993 = %+v", p)
	}
	s := byID["un-6907993-sanction"]
	if s.First("authorityId") != "CDi.001" || s.First("program") != "DRC" || s.First("listingDate") != "2012-12-31" || s.First("authority") != un.Authority {
		t.Errorf("sanction = %+v", s)
	}
	g := byID["un-6907995"]
	if !slices.Equal(g.Get("weakAlias"), []string{"Rumuli"}) || len(g.Get("alias")) != 3 || len(g.Get("position")) != 3 ||
		!slices.Contains(g.Get("birthPlace"), "Musanze District, Northern Province, Rwanda") {
		t.Errorf("un-6907995 = %+v", g)
	}
	adf := byID["un-6908402"]
	if adf.Caption != "ADF" || !slices.Contains(adf.Get("alias"), "Allied Democratic Forces") || !slices.Contains(adf.Get("previousName"), "NALU") {
		t.Errorf("un-6908402 = %+v", adf)
	}
}
