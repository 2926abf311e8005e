package un_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"dossier/lists/internal/listtest"
	"dossier/lists/list"
	"dossier/lists/un"
)

// FuzzUNXML decodes a UN list. Property: an input error, or a valid
// list (see listtest.CheckDecoded) with one target per INDIVIDUAL or
// ENTITY start tag and the dateGenerated attribute as published time
// when it is a timestamp; handed record by record to a sink, the same
// entities in the same order.
func FuzzUNXML(f *testing.F) {
	good, _ := os.ReadFile("testdata/consolidated.xml")
	f.Add(good)
	f.Add([]byte(`<CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00Z"><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>A</FIRST_NAME><INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>B</ALIAS_NAME></INDIVIDUAL_ALIAS><INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1950</FROM_YEAR><TO_YEAR>1952</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL></INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>`))
	f.Add([]byte(`<CONSOLIDATED_LIST><ENTITIES><ENTITY><DATAID>2</DATAID><ENTITY_ALIAS><ALIAS_NAME>X LTD</ALIAS_NAME></ENTITY_ALIAS></ENTITY></ENTITIES></CONSOLIDATED_LIST>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := un.Decode(context.Background(), list.File{Name: "un.xml", Data: data})
		listtest.CheckDecoded(t, l, err, un.Dataset)
		var sink listtest.Collect
		l2, err2 := un.DecodeOptions(context.Background(), list.Options{Sink: &sink}, list.File{Name: "un.xml", Data: data})
		listtest.CheckSunk(t, l, err, l2, err2, &sink)
		if err != nil {
			return
		}
		want := strings.Count(string(data), "<INDIVIDUAL>") + strings.Count(string(data), "<ENTITY>")
		if l.Version.Targets > want+strings.Count(string(data), "<INDIVIDUAL ")+strings.Count(string(data), "<ENTITY ")+strings.Count(string(data), ":INDIVIDUAL")+strings.Count(string(data), ":ENTITY") {
			t.Fatalf("%d targets from %d record tags", l.Version.Targets, want)
		}
		for _, e := range l.Entities {
			if e.Schema != "Sanction" && !strings.HasPrefix(e.ID, "un-") {
				t.Fatalf("target ID %q", e.ID)
			}
		}
	})
}
