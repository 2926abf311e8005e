package eu_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"dossier/lists/eu"
	"dossier/lists/internal/listtest"
)

func TestLoadFixtures(t *testing.T) {
	for _, file := range []string{"testdata/fsf.xml", "testdata/fsf.csv"} {
		t.Run(file, func(t *testing.T) {
			l, err := eu.Load(context.Background(), file)
			if err != nil {
				t.Fatal(err)
			}
			listtest.MustValidate(t, l)
			v := l.Version
			if v.Dataset != eu.Dataset || v.Entities != 6 || v.Targets != 3 || v.Publisher != eu.Authority || v.Source != file || len(v.Version) != 32 {
				t.Errorf("version = %+v", v)
			}
			if want := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC); v.Published.Format("2006-01-02") != want.Format("2006-01-02") {
				t.Errorf("published = %v", v.Published)
			}
			byID := listtest.ByID(l)
			saddam := byID["eu-13"]
			want := map[string][]string{
				"name":        {"Saddam Hussein Al-Tikriti"},
				"firstName":   {"Saddam"},
				"lastName":    {"Hussein Al-Tikriti"},
				"weakAlias":   {"Abu Ali", "Abou Ali"},
				"gender":      {"male"},
				"nationality": {"iq"},
				"birthDate":   {"1937-04-28"},
				"birthPlace":  {"al-Awja, near Tikrit, IRAQ"},
				"topics":      {"sanction"},
			}
			if saddam == nil || saddam.Schema != "Person" {
				t.Fatalf("eu-13 = %+v", saddam)
			}
			for p, vs := range want {
				if got := saddam.Get(p); !slices.Equal(got, vs) {
					t.Errorf("eu-13 %s = %q, want %q", p, got, vs)
				}
			}
			s := byID["eu-13-sanction"]
			if s.First("authorityId") != "EU.27.28" || s.First("unscId") != "IQi.001" || s.First("program") != "IRQ" || s.First("listingDate") != "2003-07-08" || s.First("authority") != "European Union" {
				t.Errorf("eu-13-sanction = %+v", s)
			}
			putin := byID["eu-135909"]
			if putin.Caption != "Vladimir Vladimirovich PUTIN" || !slices.Equal(putin.Get("alias"), []string{"Владимир Владимирович ПУТИН", "Vladimir Vladimirovitj PUTIN"}) ||
				!slices.Equal(putin.Get("position"), []string{"President of the Russian Federation"}) || putin.First("middleName") != "Vladimirovich" {
				t.Errorf("eu-135909 = %+v", putin)
			}
			psb := byID["eu-134760"]
			if psb.Schema != "Company" || !slices.Equal(psb.Get("alias"), []string{"PSB"}) || psb.First("registrationNumber") != "1027739019142" || psb.First("taxNumber") != "7744000912" ||
				!slices.Equal(psb.Get("address"), []string{"Smirnovskaya st. 10, bldg 22, Moscow, 109052, RUSSIAN FEDERATION"}) {
				t.Errorf("eu-134760 = %+v", psb)
			}
			if r := byID["eu-134760-sanction"].First("reason"); r != "Bank providing support to the armed forces." {
				t.Errorf("reason = %q", r)
			}
		})
	}
}
