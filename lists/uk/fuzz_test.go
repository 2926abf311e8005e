package uk_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"dossier/lists/internal/listtest"
	"dossier/lists/list"
	"dossier/lists/uk"
)

// FuzzUKCSV decodes an OFSI ConList.csv. Property: an input error, or
// a valid list (see listtest.CheckDecoded) with one target per distinct
// Group ID, each named by a row of its group; handed to a sink, the same
// error or the same entities.
func FuzzUKCSV(f *testing.F) {
	good, _ := os.ReadFile("testdata/ConList.csv")
	f.Add(good)
	f.Add([]byte("Name 6,Name 1,Group Type,Alias Type,Alias Quality,Group ID\nDOE,John,Individual,Primary name,,1\nDOE,J.,Individual,AKA,Low quality,1\nACME LTD,,Entity,Primary name,,2\n"))
	f.Add([]byte("Last Updated,01/01/2026\nName 6,Name 1,DOB,Nationality,Group Type,Group ID\nX,Y,00/00/1960,(1) Syria (2) Iraq,Individual,3\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file := list.File{Name: "ConList.csv", Data: data}
		l, err := uk.Decode(context.Background(), file)
		listtest.CheckDecoded(t, l, err, uk.Dataset)
		sink := &listtest.Collect{}
		l2, err2 := uk.DecodeOptions(context.Background(), list.Options{Sink: sink}, file)
		if err != nil {
			if err2 == nil || err2.Error() != err.Error() {
				t.Fatalf("returning the list: %v; into a sink: %v", err, err2)
			}
			return
		}
		listtest.CheckSunk(t, l, err, l2, err2, sink)
		for _, e := range l.Entities {
			if e.Schema != "Sanction" && !strings.HasPrefix(e.ID, "uk-") {
				t.Fatalf("target ID %q", e.ID)
			}
		}
		if l.Version.Targets*2 != l.Version.Entities {
			t.Fatalf("%d entities for %d targets", l.Version.Entities, l.Version.Targets)
		}
	})
}

// FuzzUKXML decodes an OFSI ConList.xml. Property: an input error, or
// a valid list (see listtest.CheckDecoded) with one target per distinct
// Group ID; handed to a sink, the same error or the same entities.
func FuzzUKXML(f *testing.F) {
	good, _ := os.ReadFile("testdata/ConList.xml")
	f.Add(good)
	f.Add([]byte(`<ArrayOfFinancialSanctionsTarget><FinancialSanctionsTarget><Name6>DOE</Name6><GroupTypeDescription>Individual</GroupTypeDescription><GroupID>1</GroupID></FinancialSanctionsTarget><FinancialSanctionsTarget><Name6>ACME LTD</Name6><GroupID>2</GroupID></FinancialSanctionsTarget><FinancialSanctionsTarget><Name6>J. DOE</Name6><AliasQuality>Low</AliasQuality><GroupID>1</GroupID></FinancialSanctionsTarget></ArrayOfFinancialSanctionsTarget>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		file := list.File{Name: "ConList.xml", Data: data}
		l, err := uk.Decode(context.Background(), file)
		listtest.CheckDecoded(t, l, err, uk.Dataset)
		sink := &listtest.Collect{}
		l2, err2 := uk.DecodeOptions(context.Background(), list.Options{Sink: sink}, file)
		if err != nil {
			if err2 == nil || err2.Error() != err.Error() {
				t.Fatalf("returning the list: %v; into a sink: %v", err, err2)
			}
			return
		}
		listtest.CheckSunk(t, l, err, l2, err2, sink)
		for _, e := range l.Entities {
			if e.Schema != "Sanction" && !strings.HasPrefix(e.ID, "uk-") {
				t.Fatalf("target ID %q", e.ID)
			}
		}
		if l.Version.Targets*2 != l.Version.Entities {
			t.Fatalf("%d entities for %d targets", l.Version.Entities, l.Version.Targets)
		}
	})
}
