package eu_test

import (
	"strings"
	"testing"

	"dossier/lists/eu"
	"dossier/lists/internal/listtest"
	"dossier/lists/list"
)

func lineOf(text, sub string) int { return strings.Count(text[:strings.Index(text, sub)], "\n") + 1 }

func TestMalformed(t *testing.T) {
	x := string(listtest.MustRead(t, "testdata/fsf.xml").Data)
	c := string(listtest.MustRead(t, "testdata/fsf.csv").Data)
	bad := func(name, data string) list.File { return list.File{Name: name, Data: []byte(data)} }
	cut := strings.Index(x, "<identification")
	lines := strings.Split(c, "\r\n")
	dropCol := strings.Join(append(append([]string{}, lines[:3]...), lines[3][:strings.LastIndex(lines[3], ";")], lines[4]), "\r\n")
	listtest.CheckBad(t, eu.Decode, []listtest.Bad{
		{Name: "empty", Files: []list.File{bad("fsf.xml", "")}, Err: list.ErrEmpty, File: "fsf.xml"},
		{Name: "xml truncated", Files: []list.File{bad("fsf.xml", x[:cut])}, Err: list.ErrMalformed, File: "fsf.xml", Line: lineOf(x, "<identification"), Record: "sanctionEntity 134760"},
		{Name: "xml bad attribute", Files: []list.File{bad("fsf.xml", strings.Replace(x, `wholeName="PSB"`, `wholeName="PSB`, 1))}, Err: list.ErrMalformed, File: "fsf.xml", Line: lineOf(x, `wholeName="PSB"`), Record: "sanctionEntity 134760"},
		{Name: "xml invalid utf8", Files: []list.File{bad("fsf.xml", strings.Replace(x, "Promsvyazbank", "Promsvyaz\xffbank", 1))}, Err: list.ErrEncoding, File: "fsf.xml", Line: lineOf(x, "Promsvyazbank")},
		{Name: "xml wrong root", Files: []list.File{bad("fsf.xml", "<CONSOLIDATED_LIST/>")}, Err: list.ErrMalformed, File: "fsf.xml", Line: 1},
		{Name: "xml unknown subject type", Files: []list.File{bad("fsf.xml", strings.Replace(x, `code="enterprise" classificationCode="E"`, `code="vessel" classificationCode="V"`, 1))}, Err: list.ErrMalformed, File: "fsf.xml", Line: lineOf(x, `logicalId="134760"`), Record: "134760"},
		{Name: "xml no names", Files: []list.File{bad("fsf.xml", `<export><sanctionEntity logicalId="1"><subjectType code="person"/></sanctionEntity></export>`)}, Err: list.ErrMalformed, File: "fsf.xml", Line: 1},
		{Name: "csv missing column", Files: []list.File{bad("fsf.csv", dropCol)}, Err: list.ErrMalformed, File: "fsf.csv", Line: 4},
		{Name: "csv invalid utf8", Files: []list.File{bad("fsf.csv", strings.Replace(c, "Saddam", "S\xe4ddam", 1))}, Err: list.ErrEncoding, File: "fsf.csv", Line: 2},
		{Name: "csv bad quote", Files: []list.File{bad("fsf.csv", strings.Replace(c, ";PSB;", ";P\"SB;", 1))}, Err: list.ErrMalformed, File: "fsf.csv", Line: lineOf(c, ";PSB;")},
		{Name: "csv not fsf", Files: []list.File{bad("fsf.csv", "a;b;c\r\n1;2;3\r\n")}, Err: list.ErrMalformed, File: "fsf.csv", Line: 1, Record: "header"},
		{Name: "csv header only", Files: []list.File{bad("fsf.csv", lines[0]+"\r\n")}, Err: list.ErrEmpty, File: "fsf.csv"},
		{Name: "binary", Files: []list.File{bad("fsf.csv", "PK\x03\x04\x14\x00\x00\x00")}, Err: list.ErrBinary, File: "fsf.csv"},
	})
}
