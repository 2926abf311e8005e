package ofac_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"dossier/lists/internal/listtest"
	"dossier/lists/list"
	"dossier/lists/ofac"
)

const (
	rowBNC  = "306,\"BANCO NACIONAL DE CUBA\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"a.k.a. 'BNC'.\"\r\n"
	rowCab  = "24424,\"CABELLO RONDON, Diosdado\",\"individual\",\"VENEZUELA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 15 Apr 1963; Gender Male.\"\r\n"
	rowAero = "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
)

func file(name, data string) list.File { return list.File{Name: name, Data: []byte(data)} }

func TestMalformed(t *testing.T) {
	xml, err := os.ReadFile("testdata/sdn.xml")
	if err != nil {
		t.Fatal(err)
	}
	adv, err := os.ReadFile("testdata/SDN_ADVANCED.XML")
	if err != nil {
		t.Fatal(err)
	}
	cut := strings.Index(string(xml), "<lastName>CABELLO")
	advCut := strings.Index(string(adv), "<DistinctParty FixedRef=\"4234\">") + 40
	listtest.CheckBad(t, ofac.Decode, []listtest.Bad{
		{Name: "empty", Files: []list.File{file("sdn.csv", "")}, Err: list.ErrEmpty, File: "sdn.csv"},
		{Name: "only EOF byte", Files: []list.File{file("sdn.csv", "\r\n\x1a")}, Err: list.ErrEmpty, File: "sdn.csv"},
		{Name: "missing column", Files: []list.File{file("sdn.csv", rowAero+"306,\"BANCO NACIONAL DE CUBA\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n")}, Err: list.ErrMalformed, File: "sdn.csv", Line: 2},
		{Name: "extra column", Files: []list.File{file("sdn.csv", rowAero+rowCab[:len(rowCab)-2]+",\"X\"\r\n")}, Err: list.ErrMalformed, File: "sdn.csv", Line: 2},
		{Name: "ent_num not a number", Files: []list.File{file("sdn.csv", rowAero+"X306"+rowBNC[3:])}, Err: list.ErrMalformed, File: "sdn.csv", Line: 2},
		{Name: "bad quoting", Files: []list.File{file("sdn.csv", rowAero+rowBNC+"24424,\"CABELLO \"RONDON\", Diosdado\",\"individual\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n")}, Err: list.ErrMalformed, File: "sdn.csv", Line: 3, Record: "column"},
		{Name: "unterminated quote", Files: []list.File{file("sdn.csv", rowAero+"306,\"BANCO NACIONAL DE CUBA,-0- \r\n")}, Err: list.ErrMalformed, File: "sdn.csv", Line: 2},
		{Name: "no name", Files: []list.File{file("sdn.csv", "306,-0- ,-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n")}, Err: list.ErrMalformed, File: "sdn.csv", Line: 1, Record: "ent_num 306"},
		{Name: "unknown type", Files: []list.File{file("sdn.csv", "306,\"X\",\"spaceship\",\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n")}, Err: list.ErrMalformed, File: "sdn.csv", Line: 1},
		{Name: "duplicate ent_num", Files: []list.File{file("sdn.csv", rowBNC+rowAero+rowBNC)}, Err: list.ErrMalformed, File: "sdn.csv", Line: 3},
		{Name: "binary", Files: []list.File{file("sdn.csv", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")}, Err: list.ErrBinary, File: "sdn.csv"},
		{Name: "utf16 without BOM", Files: []list.File{file("sdn.csv", "3\x006\x00,\x00")}, Err: list.ErrBinary, File: "sdn.csv"},
		{Name: "orphan alias", Files: []list.File{file("sdn.csv", rowBNC), file("alt.csv", "306,220,\"aka\",\"NATIONAL BANK OF CUBA\",-0- \r\n999,1,\"aka\",\"NOBODY\",-0- \r\n")}, Err: list.ErrMalformed, File: "alt.csv", Line: 2},
		{Name: "alias missing column", Files: []list.File{file("sdn.csv", rowBNC), file("alt.csv", "306,220,\"aka\",\"NATIONAL BANK OF CUBA\"\r\n")}, Err: list.ErrMalformed, File: "alt.csv", Line: 1},
		{Name: "orphan comment", Files: []list.File{file("sdn.csv", rowBNC), file("sdn_comments.csv", "7,\"more\"\r\n")}, Err: list.ErrMalformed, File: "sdn_comments.csv", Line: 1},
		{Name: "no primary", Files: []list.File{file("alt.csv", "306,220,\"aka\",\"NATIONAL BANK OF CUBA\",-0- \r\n")}, Err: list.ErrMalformed, File: "alt.csv"},
		{Name: "two primaries", Files: []list.File{file("sdn.csv", rowBNC), file("cons_prim.csv", rowAero)}, Err: list.ErrMalformed, File: "cons_prim.csv"},
		{Name: "unknown file", Files: []list.File{file("sdn.csv", rowBNC), file("notes.txt", "hello world")}, Err: list.ErrMalformed, File: "notes.txt", Line: 1},
		{Name: "xml truncated", Files: []list.File{{Name: "sdn.xml", Data: xml[:cut]}}, Err: list.ErrMalformed, File: "sdn.xml", Line: strings.Count(string(xml[:cut]), "\n") + 1, Record: "sdnEntry 3"},
		{Name: "xml invalid utf8", Files: []list.File{{Name: "sdn.xml", Data: []byte(strings.Replace(string(xml), "HERMANN", "HERM\xc4NN", 1))}}, Err: list.ErrEncoding, File: "sdn.xml", Line: 45},
		{Name: "xml wrong root", Files: []list.File{file("sdn.xml", "<?xml version=\"1.0\"?>\n<html><body/></html>")}, Err: list.ErrMalformed, File: "sdn.xml", Line: 2, Record: "<html>"},
		{Name: "xml no uid", Files: []list.File{file("sdn.xml", "<sdnList><sdnEntry><lastName>X</lastName></sdnEntry></sdnList>")}, Err: list.ErrMalformed, File: "sdn.xml", Line: 1, Record: "sdnEntry 1"},
		{Name: "advanced truncated", Files: []list.File{{Name: "SDN_ADVANCED.XML", Data: adv[:advCut]}}, Err: list.ErrMalformed, File: "SDN_ADVANCED.XML", Line: strings.Count(string(adv[:advCut]), "\n") + 1, Record: "DistinctParty 4234"},
		{Name: "advanced unknown party type", Files: []list.File{{Name: "SDN_ADVANCED.XML", Data: []byte(strings.Replace(string(adv), `PartySubTypeID="4"`, `PartySubTypeID="99"`, 1))}}, Err: list.ErrMalformed, File: "SDN_ADVANCED.XML", Line: 181, Record: "DistinctParty 24424"},
	})
}

// TestTolerated loads inputs the official files may present: Latin-1
// bytes, UTF-16 with a byte order mark, LF line ends, no final 0x1A.
func TestTolerated(t *testing.T) {
	tests := []struct {
		Name string
		Data []byte
		Want string
	}{
		{"latin1", []byte("306,\"BANCO NACIONAL DE CUBA\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"a.k.a. 'BANCO ESPA\xd1OL'.\"\r\n\x1a"), "BANCO ESPAÑOL"},
		{"utf16", listtest.UTF16LE(rowBNC + "\x1a"), "BNC"},
		{"lf", []byte(strings.ReplaceAll(rowBNC, "\r\n", "\n")), "BNC"},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			l, err := ofac.Decode(context.Background(), list.File{Name: "sdn.csv", Data: tt.Data})
			if err != nil {
				t.Fatal(err)
			}
			if got := l.Entities[0].First("weakAlias"); got != tt.Want {
				t.Errorf("weakAlias = %q, want %q", got, tt.Want)
			}
		})
	}
}
