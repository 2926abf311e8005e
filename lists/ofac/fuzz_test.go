package ofac_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"dossier/lists/internal/listtest"
	"dossier/lists/list"
	"dossier/lists/ofac"
)

// FuzzOFACCSV decodes an sdn.csv and an alt.csv. Property: an input
// error, or a valid list (see listtest.CheckDecoded) in which every
// primary row is a target and every alias row that names a target is
// on it.
func FuzzOFACCSV(f *testing.F) {
	prim, _ := os.ReadFile("testdata/sdn/sdn.csv")
	alt, _ := os.ReadFile("testdata/sdn/alt.csv")
	f.Add(prim, alt)
	f.Add([]byte(rowBNC+rowCab+rowAero), []byte("306,220,\"aka\",\"NATIONAL BANK OF CUBA\",-0- \r\n24424,1,\"fka\",\"CABELLO, D.\",-0- \r\n"))
	f.Add([]byte(rowBNC), []byte(""))
	f.Add([]byte("1,\"A, B\",\"individual\",\"X] [Y\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB circa 1958 to 1962; a.k.a. 'Z; Q'.\"\n"), []byte("1,2,\"nka\",\"C\",\"note\"\n"))
	f.Fuzz(func(t *testing.T, prim, alt []byte) {
		files := []list.File{{Name: "sdn.csv", Data: prim}}
		if len(alt) > 0 {
			files = append(files, list.File{Name: "alt.csv", Data: alt})
		}
		l, err := ofac.Decode(context.Background(), files...)
		listtest.CheckDecoded(t, l, err, ofac.DatasetSDN)
		if err != nil {
			return
		}
		if l.Version.Entities != 2*l.Version.Targets {
			t.Fatalf("%d entities for %d targets", l.Version.Entities, l.Version.Targets)
		}
		byID := listtest.ByID(l)
		for _, e := range l.Entities {
			if e.Schema != "Sanction" && !strings.HasPrefix(e.ID, "ofac-") {
				t.Fatalf("target ID %q", e.ID)
			}
			if e.Schema == "Person" && strings.Contains(e.Caption, ", ") && e.First("lastName") == "" {
				t.Fatalf("person %s %q without lastName", e.ID, e.Caption)
			}
		}
		// Every alias that loaded is on the entity its row names (for
		// UTF-8 input; other bytes are read as Windows-1252).
		if !utf8.Valid(alt) || !utf8.Valid(prim) {
			return
		}
		for _, line := range strings.Split(string(alt), "\n") {
			num, rest, ok := strings.Cut(line, ",")
			if !ok || byID["ofac-"+num] == nil {
				continue
			}
			fields := strings.Split(rest, ",")
			if len(fields) != 4 || strings.Contains(rest, "\"\"") {
				continue
			}
			name := strings.Join(strings.Fields(strings.Trim(fields[2], "\" ")), " ")
			if name == "" || name == "-0-" || strings.ContainsAny(name, "\"\r") {
				continue
			}
			strong, _ := byID["ofac-"+num].Names()
			if !slices.Contains(strong, name) {
				t.Fatalf("alias %q of %s missing: %v", name, num, strong)
			}
		}
	})
}

// FuzzOFACXML decodes a classic or advanced OFAC XML file named
// sdn.xml, with and without a sink. Property: an input error, or a
// valid list of the SDN dataset; handed to a sink, the same entities
// in the same order.
func FuzzOFACXML(f *testing.F) {
	for _, p := range []string{"testdata/sdn.xml", "testdata/SDN_ADVANCED.XML"} {
		data, _ := os.ReadFile(p)
		f.Add(data)
	}
	f.Add([]byte("<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"b\">]>\n<sdnList/>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ofac.Decode(context.Background(), list.File{Name: "sdn.xml", Data: data})
		listtest.CheckDecoded(t, l, err, ofac.DatasetSDN)
		var sink listtest.Collect
		l2, err2 := ofac.DecodeOptions(context.Background(), list.Options{Sink: &sink}, list.File{Name: "sdn.xml", Data: data})
		listtest.CheckSunk(t, l, err, l2, err2, &sink)
	})
}
