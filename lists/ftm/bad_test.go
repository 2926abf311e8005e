package ftm_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"dossier/lists/ftm"
	"dossier/lists/internal/listtest"
	"dossier/lists/list"
)

func TestMalformed(t *testing.T) {
	good := string(listtest.MustRead(t, "testdata/sample.ftm.jsonl").Data)
	lines := strings.Split(good, "\n")
	bad := func(data string) []list.File { return []list.File{{Name: "e.jsonl", Data: []byte(data)}} }
	listtest.CheckBad(t, ftm.Decode, []listtest.Bad{
		{Name: "empty", Files: bad(""), Err: list.ErrEmpty, File: "e.jsonl"},
		{Name: "unicode space only", Files: bad("\u00a0\n\u2003"), Err: list.ErrEmpty, File: "e.jsonl"},
		{Name: "truncated line", Files: bad(lines[0] + "\n" + lines[1][:40] + "\n"), Err: list.ErrMalformed, File: "e.jsonl", Line: 2},
		{Name: "not an object", Files: bad(lines[0] + "\n[1,2]\n"), Err: list.ErrMalformed, File: "e.jsonl", Line: 2},
		{Name: "trailing garbage", Files: bad(lines[0] + " x\n"), Err: list.ErrMalformed, File: "e.jsonl", Line: 1},
		{Name: "no schema", Files: bad(lines[0] + "\n" + `{"id": "x", "properties": {}}` + "\n"), Err: list.ErrMalformed, File: "e.jsonl", Line: 2, Record: "entity x"},
		{Name: "no id", Files: bad(`{"schema": "Person", "properties": {"name": ["A"]}}`), Err: list.ErrMalformed, File: "e.jsonl", Line: 1},
		{Name: "wrong property type", Files: bad(`{"id": "x", "schema": "Person", "properties": {"name": "A"}}`), Err: list.ErrMalformed, File: "e.jsonl", Line: 1},
		{Name: "schema conflict", Files: bad(lines[0] + "\n" + strings.Replace(lines[0], `"Person"`, `"Company"`, 1)), Err: list.ErrMalformed, File: "e.jsonl", Line: 2},
		{Name: "person without name", Files: bad(lines[1] + "\n" + `{"id": "p", "schema": "Person", "properties": {"birthDate": ["1960"]}, "datasets": ["test_sanctions"]}`), Err: list.ErrMalformed, File: "e.jsonl", Line: 2, Record: "entity p"},
		// A Sanction must name the entity it lists, and that entity
		// must be in the list (somewhere in the files, before or after).
		{Name: "sanction of a missing entity", Files: bad(lines[1] + "\n" + lines[2] + "\n" + lines[3] + "\n"), Err: list.ErrMalformed, File: "e.jsonl", Line: 2, Record: "entity test-sanction-1"},
		{Name: "sanction without entity", Files: bad(lines[0] + "\n" + strings.Replace(lines[2], `"entity": ["NK-test-person-1"], `, "", 1)), Err: list.ErrMalformed, File: "e.jsonl", Line: 2, Record: "entity test-sanction-1"},
		{Name: "sanction of a missing entity, second file", Files: []list.File{{Name: "a.jsonl", Data: []byte(lines[1])}, {Name: "b.jsonl", Data: []byte(lines[2])}}, Err: list.ErrMalformed, File: "b.jsonl", Line: 1, Record: "entity test-sanction-1"},
		// The dataset is the one all entities name; a file that mixes
		// them, or has an entity naming none, is refused at that line.
		{Name: "datasets disagree", Files: bad(lines[0] + "\n" + strings.Replace(lines[1], `"test_sanctions"`, `"us_ofac_sdn"`, 1)), Err: list.ErrDataset, File: "e.jsonl", Line: 2, Record: "entity NK-test-company-1"},
		{Name: "two datasets", Files: bad(lines[0] + "\n" + strings.Replace(lines[1], `"test_sanctions"`, `"test_sanctions", "eu_fsf"`, 1)), Err: list.ErrDataset, File: "e.jsonl", Line: 2},
		{Name: "no datasets", Files: bad(`{"id": "x", "schema": "Person", "properties": {"name": ["A"]}}`), Err: list.ErrDataset, File: "e.jsonl", Line: 1, Record: "entity x"},
		{Name: "line too long", Files: bad(lines[0] + "\n" + `{"id": "x", "schema": "Person", "properties": {"name": ["` + strings.Repeat("A", list.MaxToken) + `"]}}`), Err: list.ErrTooLong, File: "e.jsonl", Line: 2},
		{Name: "invalid utf8", Files: bad(lines[0] + "\n" + strings.Replace(lines[1], "Veter", "V\xe9ter", 1)), Err: list.ErrEncoding, File: "e.jsonl", Line: 2},
		{Name: "binary", Files: bad("\x00\x00\x00"), Err: list.ErrBinary, File: "e.jsonl"},
	})
}

// TestRoundTrip writes loaded entities back as JSON lines and reads
// them again unchanged.
func TestRoundTrip(t *testing.T) {
	l, err := ftm.Load(context.Background(), "testdata/sample.ftm.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	listtest.MustValidate(t, l)
	var b strings.Builder
	for _, e := range l.Entities {
		line, _ := json.Marshal(e)
		b.Write(line)
		b.WriteByte('\n')
	}
	l2, err := ftm.Decode(context.Background(), list.File{Name: "again.jsonl", Data: []byte(b.String())})
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range l.Entities {
		e2 := l2.Entities[i]
		if e.ID != e2.ID || e.Schema != e2.Schema || e.Caption != e2.Caption || !slices.Equal(e.Datasets, e2.Datasets) || len(e.Properties) != len(e2.Properties) {
			t.Errorf("entity %d: %+v != %+v", i, e, e2)
		}
	}
	if l.Version.Dataset != "test_sanctions" || l.Version.Targets != 2 {
		t.Errorf("version = %+v", l.Version)
	}
}
