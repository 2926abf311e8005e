package uk_test

import (
	"context"
	"slices"
	"testing"

	"dossier/lists/internal/listtest"
	"dossier/lists/uk"
)

func TestLoadFixtures(t *testing.T) {
	for _, file := range []string{"testdata/ConList.csv", "testdata/ConList.xml"} {
		t.Run(file, func(t *testing.T) {
			l, err := uk.Load(context.Background(), file)
			if err != nil {
				t.Fatal(err)
			}
			listtest.MustValidate(t, l)
			v := l.Version
			if v.Dataset != uk.Dataset || v.Targets != 5 || v.Entities != 10 || v.Published.Format("2006-01-02") != "2023-02-15" {
				t.Errorf("version = %+v", v)
			}
			byID := listtest.ByID(l)
			z := byID["uk-6924"]
			want := map[string][]string{
				"name":        {"Aiman Muhammed Rabi AL-ZAWAHIRI"},
				"firstName":   {"Aiman"},
				"middleName":  {"Muhammed Rabi"},
				"lastName":    {"AL-ZAWAHIRI"},
				"alias":       {"Ayman AL-ZAWAHARI"},
				"weakAlias":   {"Abu Muhammad"},
				"birthDate":   {"1951-06-19"},
				"birthPlace":  {"Giza, Egypt"},
				"nationality": {"eg"},
			}
			if z == nil || z.Schema != "Person" {
				t.Fatalf("uk-6924 = %+v", z)
			}
			for p, vs := range want {
				if got := z.Get(p); !slices.Equal(got, vs) {
					t.Errorf("uk-6924 %s = %q, want %q", p, got, vs)
				}
			}
			s := byID["uk-6924-sanction"]
			if s.First("authorityId") != "AQD0104" || s.First("unscId") != "QDi.006" || s.First("listingDate") != "2001-10-02" || s.First("program") != "ISIL (Da'esh) and Al-Qaida" {
				t.Errorf("uk-6924-sanction = %+v", s)
			}
			a := byID["uk-14713"]
			if !slices.Equal(a.Get("alias"), []string{"АБАКАРОВ Хизри Магомедович"}) || !slices.Equal(a.Get("address"), []string{"1 Okhotny Ryad str, Moscow, 103265, Russia"}) {
				t.Errorf("uk-14713 = %+v", a)
			}
			if e := byID["uk-13908"]; e.Schema != "Organization" || !slices.Equal(e.Get("alias"), []string{"APPLEWORM"}) {
				t.Errorf("uk-13908 = %+v", e)
			}
			if e := byID["uk-13555"]; e.Schema != "Company" {
				t.Errorf("uk-13555 = %+v", e)
			}
			if e := byID["uk-13634"]; e.Schema != "Vessel" || e.Caption != "CHON MA SAN" {
				t.Errorf("uk-13634 = %+v", e)
			}
		})
	}
}
