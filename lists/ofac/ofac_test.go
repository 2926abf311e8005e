package ofac_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"dossier/lists/internal/listtest"
	"dossier/lists/ofac"
)

// TestFormatsAgree loads the same entries from the CSV files, sdn.xml
// and SDN_ADVANCED.XML and checks the properties all three carry.
func TestFormatsAgree(t *testing.T) {
	for _, path := range []string{"testdata/sdn", "testdata/sdn.xml", "testdata/SDN_ADVANCED.XML"} {
		t.Run(path, func(t *testing.T) {
			l, err := ofac.Load(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			listtest.MustValidate(t, l)
			if l.Version.Dataset != ofac.DatasetSDN || l.Version.Source != path {
				t.Errorf("version = %+v", l.Version)
			}
			if !strings.HasSuffix(path, "sdn") && l.Version.Published.Format("2006-01-02") != "2021-07-16" {
				t.Errorf("published = %v", l.Version.Published)
			}
			byID := listtest.ByID(l)
			p := byID["ofac-24424"]
			want := map[string][]string{
				"name":           {"CABELLO RONDON, Diosdado"},
				"lastName":       {"CABELLO RONDON"},
				"firstName":      {"Diosdado"},
				"birthDate":      {"1963-04-15"},
				"citizenship":    {"ve"},
				"gender":         {"male"},
				"idNumber":       {"8370825"},
				"passportNumber": {"A0237802"},
				"address":        {"Monagas, Venezuela"},
				"country":        {"ve"},
				"topics":         {"sanction"},
				"sourceUrl":      {"https://sanctionssearch.ofac.treas.gov/Details.aspx?id=24424"},
			}
			if p == nil || p.Schema != "Person" || p.Caption != "CABELLO RONDON, Diosdado" {
				t.Fatalf("ofac-24424 = %+v", p)
			}
			for prop, vs := range want {
				if got := p.Get(prop); !slices.Equal(got, vs) {
					t.Errorf("24424 %s = %q, want %q", prop, got, vs)
				}
			}
			s := byID["ofac-24424-sanction"]
			if s == nil || s.First("program") != "VENEZUELA" || s.First("authorityId") != "24424" || s.First("entity") != "ofac-24424" || s.First("authority") != ofac.Authority {
				t.Errorf("sanction = %+v", s)
			}
			bnc := byID["ofac-306"]
			if bnc.Schema != "Organization" || !slices.Equal(bnc.Get("weakAlias"), []string{"BNC"}) || !slices.Equal(bnc.Get("alias"), []string{"NATIONAL BANK OF CUBA"}) ||
				!slices.Contains(bnc.Get("address"), "Zweierstrasse 35, Zurich CH-8022, Switzerland") && !slices.Contains(bnc.Get("address"), "Zweierstrasse 35, Zurich, CH-8022, Switzerland") {
				t.Errorf("306 = %+v", bnc)
			}
			v := byID["ofac-4234"]
			if v.Schema != "Vessel" || v.First("callSign") != "CL2685" || v.First("type") != "General Cargo" || v.First("grossRegisteredTonnage") != "1098" {
				t.Errorf("4234 = %+v", v)
			}
		})
	}
}

// TestCSVFixture checks what only the CSV fixture holds: the aircraft,
// the remarks continued in sdn_comments.csv, several programs.
func TestCSVFixture(t *testing.T) {
	l, err := ofac.Load(context.Background(), "testdata/sdn")
	if err != nil {
		t.Fatal(err)
	}
	if l.Version.Entities != 12 || l.Version.Targets != 6 {
		t.Errorf("counts = %d/%d", l.Version.Entities, l.Version.Targets)
	}
	byID := listtest.ByID(l)
	a := byID["ofac-15431"]
	if a.Schema != "Airplane" || a.First("model") != "IL76-TD" || a.First("buildDate") != "1992" || a.First("serialNumber") != "1023409321" {
		t.Errorf("15431 = %+v", a)
	}
	li := byID["ofac-28264"]
	if !slices.Equal(li.Get("weakAlias"), []string{"blackjack1987", "khaleesi"}) || li.First("idNumber") != "210302198701102136" ||
		!slices.Equal(li.Get("nationality"), []string{"cn"}) || !slices.Contains(li.Get("phone"), "8618004121000") {
		t.Errorf("28264 = %+v", li)
	}
	if got := byID["ofac-28264-sanction"].Get("program"); !slices.Equal(got, []string{"DPRK3", "CYBER2"}) {
		t.Errorf("28264 programs = %q", got)
	}
	if byID["ofac-36"].Schema != "Organization" || byID["ofac-36"].First("address") != "Havana, Cuba" {
		t.Errorf("36 = %+v", byID["ofac-36"])
	}
}
