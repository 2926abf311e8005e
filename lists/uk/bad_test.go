package uk_test

import (
	"context"
	"strings"
	"testing"

	"dossier/lists/internal/listtest"
	"dossier/lists/list"
	"dossier/lists/uk"
)

func lineOf(text, sub string) int { return strings.Count(text[:strings.Index(text, sub)], "\n") + 1 }

func TestMalformed(t *testing.T) {
	c := string(listtest.MustRead(t, "testdata/ConList.csv").Data)
	x := string(listtest.MustRead(t, "testdata/ConList.xml").Data)
	bad := func(name, data string) list.File { return list.File{Name: name, Data: []byte(data)} }
	lines := strings.Split(c, "\r\n")
	lines[4] = lines[4][:strings.LastIndex(lines[4], ",")]
	dropCol := strings.Join(lines, "\r\n")
	cut := strings.Index(x, "<Name6>LAZARUS")
	listtest.CheckBad(t, uk.Decode, []listtest.Bad{
		{Name: "empty", Files: []list.File{bad("ConList.csv", "")}, Err: list.ErrEmpty, File: "ConList.csv"},
		{Name: "csv missing column", Files: []list.File{bad("ConList.csv", dropCol)}, Err: list.ErrMalformed, File: "ConList.csv", Line: 5},
		{Name: "csv no header", Files: []list.File{bad("ConList.csv", "Last Updated,15/02/2023\r\nfoo,bar\r\n")}, Err: list.ErrMalformed, File: "ConList.csv", Line: 2, Record: "header"},
		{Name: "csv header only", Files: []list.File{bad("ConList.csv", strings.Join(lines[:2], "\r\n"))}, Err: list.ErrEmpty, File: "ConList.csv"},
		{Name: "csv no group id", Files: []list.File{bad("ConList.csv", strings.Replace(c, ",15/02/2023,6924\r\n", ",15/02/2023,\r\n", 1))}, Err: list.ErrMalformed, File: "ConList.csv", Line: 3},
		{Name: "csv unknown group type", Files: []list.File{bad("ConList.csv", strings.Replace(c, ",Ship,", ",Spaceship,", 1))}, Err: list.ErrMalformed, File: "ConList.csv", Line: lineOf(c, "CHON MA SAN"), Record: "Group ID 13634"},
		{Name: "csv bad quote", Files: []list.File{bad("ConList.csv", strings.Replace(c, "APPLEWORM", "APPLE\"WORM", 1))}, Err: list.ErrMalformed, File: "ConList.csv", Line: lineOf(c, "APPLEWORM")},
		{Name: "xml truncated", Files: []list.File{bad("ConList.xml", x[:cut])}, Err: list.ErrMalformed, File: "ConList.xml", Line: lineOf(x, "<Name6>LAZARUS"), Record: "FinancialSanctionsTarget 5"},
		{Name: "xml invalid utf8", Files: []list.File{bad("ConList.xml", strings.Replace(x, "APPLEWORM", "APPLE\x80WORM", 1))}, Err: list.ErrEncoding, File: "ConList.xml", Line: lineOf(x, "APPLEWORM")},
		{Name: "xml wrong root", Files: []list.File{bad("ConList.xml", "<sdnList/>")}, Err: list.ErrMalformed, File: "ConList.xml", Line: 1},
		{Name: "binary", Files: []list.File{bad("ConList.csv", "\x00\x01\x02\x03")}, Err: list.ErrBinary, File: "ConList.csv"},
	})
}

// TestLatin1 reads a CSV holding Windows-1252 bytes, which the CSV
// reader tolerates.
func TestLatin1(t *testing.T) {
	c := string(listtest.MustRead(t, "testdata/ConList.csv").Data)
	c = strings.Replace(c, "APPLEWORM", "APPLEW\xd6RM", 1)
	l, err := uk.Decode(context.Background(), list.File{Name: "ConList.csv", Data: []byte(c)})
	if err != nil {
		t.Fatal(err)
	}
	if got := listtest.ByID(l)["uk-13908"].Get("alias"); len(got) != 1 || got[0] != "APPLEWÖRM" {
		t.Errorf("alias = %q", got)
	}
}
