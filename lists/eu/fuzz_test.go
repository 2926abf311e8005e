package eu_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"dossier/lists/eu"
	"dossier/lists/internal/listtest"
	"dossier/lists/list"
)

// FuzzEUXML decodes an EU FSF XML file. Property: an input error, or a
// valid list (see listtest.CheckDecoded) whose targets are "eu-" IDs,
// each with a name, and whose Sanctions carry the European Union.
func FuzzEUXML(f *testing.F) {
	fuzzEU(f, "fsf.xml")
}

// FuzzEUCSV is FuzzEUXML for the CSV form of the list.
func FuzzEUCSV(f *testing.F) {
	fuzzEU(f, "fsf.csv")
}

func fuzzEU(f *testing.F, name string) {
	good, _ := os.ReadFile("testdata/" + name)
	f.Add(good)
	if lines := strings.SplitAfter(string(good), "\n"); len(lines) > 2 {
		f.Add([]byte(strings.Join(lines[:2], ""))) // header and one row
	}
	f.Add([]byte(`<export generationDate="2026-01-01"><sanctionEntity logicalId="1" euReferenceNumber="EU.1.1"><subjectType code="person"/><nameAlias wholeName="A B" strong="true" firstName="A" lastName="B"/><nameAlias wholeName="C" strong="false"/><birthdate year="1960" monthOfYear="5"/></sanctionEntity></export>`))
	f.Add([]byte(`<export><sanctionEntity logicalId="2"><subjectType classificationCode="E"/><nameAlias wholeName="X GMBH" nameLanguage="DE"/><address street="S" countryDescription="UNKNOWN"><contactInfo key="EMAIL" value="a@b"/></address></sanctionEntity></export>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := eu.Decode(context.Background(), list.File{Name: name, Data: data})
		listtest.CheckDecoded(t, l, err, eu.Dataset)
		if err != nil {
			return
		}
		for _, e := range l.Entities {
			switch {
			case e.Schema == "Sanction":
				if e.First("authority") != eu.Authority {
					t.Fatalf("sanction %s authority %q", e.ID, e.First("authority"))
				}
			case !strings.HasPrefix(e.ID, "eu-") || len(e.Get("name")) != 1:
				t.Fatalf("target %s names %q", e.ID, e.Get("name"))
			}
		}
	})
}
