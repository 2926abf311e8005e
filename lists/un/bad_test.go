package un_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"dossier/lists/internal/listtest"
	"dossier/lists/list"
	"dossier/lists/un"
)

func TestMalformed(t *testing.T) {
	good := listtest.MustRead(t, "testdata/consolidated.xml")
	text := string(good.Data)
	cut := strings.Index(text, "<INDIVIDUAL_ALIAS>\n        <QUALITY>Good")
	bad := func(name, data string) list.File { return list.File{Name: name, Data: []byte(data)} }
	// lineOf returns the line of the first occurrence of sub in text.
	lineOf := func(text, sub string) int { return strings.Count(text[:strings.Index(text, sub)], "\n") + 1 }
	rec2 := lineOf(text, "<DATAID>6907995") - 1
	listtest.CheckBad(t, un.Decode, []listtest.Bad{
		{Name: "empty", Files: []list.File{bad("un.xml", "")}, Err: list.ErrEmpty, File: "un.xml"},
		{Name: "truncated", Files: []list.File{bad("un.xml", text[:cut])}, Err: list.ErrMalformed, File: "un.xml", Line: strings.Count(text[:cut], "\n") + 1, Record: "INDIVIDUAL record 2 starting at line " + itoa(rec2)},
		{Name: "truncated after records", Files: []list.File{bad("un.xml", text[:strings.Index(text, "</ENTITIES>")])}, Err: list.ErrMalformed, File: "un.xml", Line: lineOf(text, "</ENTITIES>")},
		{Name: "unclosed tag", Files: []list.File{bad("un.xml", strings.Replace(text, "</GENDER>", "</GENDR>", 1))}, Err: list.ErrMalformed, File: "un.xml", Line: 12, Record: "INDIVIDUAL record 1"},
		{Name: "invalid utf8", Files: []list.File{bad("un.xml", strings.Replace(text, "BADEGE", "BAD\xe9GE", 1))}, Err: list.ErrEncoding, File: "un.xml", Line: 8},
		{Name: "latin1 declared utf8", Files: []list.File{bad("un.xml", strings.Replace(text, "Rumuli", "R\xfcmuli", 1))}, Err: list.ErrEncoding, File: "un.xml", Line: lineOf(text, "Rumuli")},
		{Name: "utf16 without BOM", Files: []list.File{bad("un.xml", "<\x00C\x00")}, Err: list.ErrBinary, File: "un.xml"},
		{Name: "binary", Files: []list.File{bad("un.xml", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03")}, Err: list.ErrBinary, File: "un.xml"},
		{Name: "not xml", Files: []list.File{bad("un.xml", "DATAID,NAME\n1,X\n")}, Err: list.ErrMalformed, File: "un.xml", Line: 3},
		{Name: "wrong root", Files: []list.File{bad("un.xml", "<export xmlns=\"http://eu.europa.ec/fpi/fsd/export\"/>")}, Err: list.ErrMalformed, File: "un.xml", Line: 1, Record: "<export>"},
		{Name: "no DATAID", Files: []list.File{bad("un.xml", strings.Replace(text, "<DATAID>6907995</DATAID>", "", 1))}, Err: list.ErrMalformed, File: "un.xml", Line: rec2, Record: "record 2"},
		{Name: "duplicate DATAID", Files: []list.File{bad("un.xml", strings.Replace(text, "<DATAID>6907995</DATAID>", "<DATAID>6907993</DATAID>", 1))}, Err: list.ErrMalformed, File: "un.xml", Line: rec2},
		{Name: "no name", Files: []list.File{bad("un.xml", "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>")}, Err: list.ErrMalformed, File: "un.xml", Line: 1},
		{Name: "no records", Files: []list.File{bad("un.xml", "<CONSOLIDATED_LIST><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>")}, Err: list.ErrEmpty, File: "un.xml"},
		{Name: "element after root", Files: []list.File{bad("un.xml", text+"<CONSOLIDATED_LIST/>")}, Err: list.ErrMalformed, File: "un.xml", Line: strings.Count(text, "\n") + 1},
		{Name: "undefined entity", Files: []list.File{bad("un.xml", strings.Replace(text, "Fled to", "Fled&nbsp;to", 1))}, Err: list.ErrMalformed, File: "un.xml", Line: 13},
		{Name: "two files", Files: []list.File{good, good}, Err: list.ErrMalformed, File: good.Name},
	})
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestFixture(t *testing.T) {
	good := listtest.MustRead(t, "testdata/consolidated.xml")
	for _, f := range []list.File{good, {Name: "utf16.xml", Data: listtest.UTF16LE(strings.Replace(string(good.Data), `encoding="UTF-8"`, `encoding="UTF-16"`, 1))}} {
		t.Run(f.Name, func(t *testing.T) {
			l, err := un.Decode(context.Background(), f)
			if err != nil {
				t.Fatal(err)
			}
			listtest.MustValidate(t, l)
			if l.Version.Targets != 3 || l.Version.Entities != 6 {
				t.Errorf("version = %+v", l.Version)
			}
			g := listtest.ByID(l)["un-6907995"]
			if got := strings.Join(g.Get("birthDate"), ","); got != "1948,1949" {
				t.Errorf("birthDate = %s", got)
			}
			if g.First("passportNumber") != "PC123456" || g.First("weakAlias") != "Rumuli" || g.First("alias") != "Victor Rumuri" {
				t.Errorf("un-6907995 = %+v", g)
			}
		})
	}
}
