package lists_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"dossier"
	"dossier/lists"
	"dossier/lists/eu"
	"dossier/lists/list"
	"dossier/lists/ofac"
	"dossier/lists/uk"
	"dossier/lists/un"
)

// copyFile copies src to dir/name and returns the new path.
func copyFile(tb testing.TB, src, dir, name string) string {
	tb.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		tb.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}

func writeFile(tb testing.TB, dir, name, data string) string {
	tb.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}

// wantInputError requires err to be a *dossier.InputError matching
// sentinel and naming file.
func wantInputError(tb testing.TB, l *lists.List, err error, sentinel error, file string) *dossier.InputError {
	tb.Helper()
	var ie *dossier.InputError
	if l != nil || !errors.As(err, &ie) || !errors.Is(err, sentinel) || ie.File != file {
		tb.Fatalf("got %v, %v; want %v naming %s", l, err, sentinel, file)
	}
	return ie
}

const ftmPerson = `{"id": "p1", "schema": "Person", "properties": {"name": ["Ivan Petrov"]}, "datasets": [%s]}` + "\n"

func ftmLine(datasets ...string) string {
	q := make([]string, len(datasets))
	for i, d := range datasets {
		q[i] = `"` + d + `"`
	}
	return strings.Replace(ftmPerson, "%s", strings.Join(q, ", "), 1)
}

// TestDatasetIdentity: the dataset comes from the list, never from the
// file's name, so that a file cannot replace another list by its name.
func TestDatasetIdentity(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()

	// A one-entity file named after the SDN list is stored as the
	// dataset its entity names, not as us_ofac_sdn.
	p := writeFile(t, dir, "us_ofac_sdn.ftm.jsonl", ftmLine("my_excerpt"))
	l, err := lists.Load(ctx, p)
	if err != nil || l.Version.Dataset != "my_excerpt" {
		t.Fatalf("us_ofac_sdn.ftm.jsonl: %v, %v; want dataset my_excerpt", l, err)
	}

	// Two OpenSanctions collections, both published as
	// entities.ftm.json, no longer share the name "entities": without
	// a dataset given each is refused at the line whose entity names
	// several datasets.
	a := writeFile(t, dir, "a/entities.ftm.json", ftmLine("x")+strings.Replace(ftmLine("x", "y"), "p1", "p2", 1))
	l, err = lists.Load(ctx, a)
	if ie := wantInputError(t, l, err, lists.ErrDataset, a); ie.Line != 2 {
		t.Errorf("line %d, want 2: %v", ie.Line, err)
	}
	l, err = lists.LoadOptions(ctx, lists.Options{Dataset: "sanctions"}, a)
	if err != nil || l.Version.Dataset != "sanctions" {
		t.Fatalf("with --dataset: %v, %v", l, err)
	}

	// OFAC CSV: the file set tells SDN from consolidated; renamed
	// files cannot tell and need the dataset; a mixed set is refused.
	sdn := filepath.Join("ofac", "testdata", "sdn")
	l, err = lists.Load(ctx, sdn)
	if err != nil || l.Version.Dataset != ofac.DatasetSDN {
		t.Fatalf("sdn: %v, %v", l, err)
	}
	renamed := t.TempDir()
	for old, name := range map[string]string{"sdn.csv": "list.csv", "add.csv": "addresses.csv"} {
		copyFile(t, filepath.Join(sdn, old), renamed, name)
	}
	l, err = lists.Load(ctx, renamed)
	if l != nil || !errors.Is(err, lists.ErrDataset) {
		t.Fatalf("renamed OFAC files: %v, %v; want ErrDataset", l, err)
	}
	l, err = lists.LoadOptions(ctx, lists.Options{Dataset: ofac.DatasetCons}, renamed)
	if err != nil || l.Version.Dataset != ofac.DatasetCons || l.Entities[0].Datasets[0] != ofac.DatasetCons {
		t.Fatalf("renamed OFAC files with a dataset: %v, %v", l, err)
	}
	mixed := t.TempDir()
	bad := copyFile(t, filepath.Join(sdn, "sdn.csv"), mixed, "sdn.csv") // read after cons_add.csv
	copyFile(t, filepath.Join(sdn, "add.csv"), mixed, "cons_add.csv")
	l, err = lists.Load(ctx, mixed)
	wantInputError(t, l, err, lists.ErrDataset, bad)
	l, err = lists.LoadOptions(ctx, lists.Options{Dataset: ofac.DatasetCons}, sdn)
	wantInputError(t, l, err, lists.ErrDataset, filepath.Join(sdn, "add.csv"))
	l, err = lists.LoadOptions(ctx, lists.Options{Dataset: "my_ofac"}, sdn)
	if l != nil || !errors.Is(err, lists.ErrDataset) {
		t.Fatalf("OFAC as my_ofac: %v, %v; want ErrDataset", l, err)
	}

	// The advanced XML says which list its entries are on, whatever
	// the file is called.
	adv := copyFile(t, filepath.Join("ofac", "testdata", "SDN_ADVANCED.XML"), dir, "cons_advanced.xml")
	l, err = lists.Load(ctx, adv)
	if err != nil || l.Version.Dataset != ofac.DatasetSDN {
		t.Fatalf("SDN advanced XML named cons_advanced.xml: %v, %v; want %s", l, err, ofac.DatasetSDN)
	}
	data, _ := os.ReadFile(adv)
	cons := writeFile(t, dir, "sdn_advanced.xml", strings.Replace(string(data), ">SDN List<", ">SSI List<", 1))
	l, err = lists.Load(ctx, cons)
	if err != nil || l.Version.Dataset != ofac.DatasetCons {
		t.Fatalf("non-SDN advanced XML named sdn_advanced.xml: %v, %v; want %s", l, err, ofac.DatasetCons)
	}

	// The classic XML states nothing: its published names tell.
	classic := copyFile(t, filepath.Join("ofac", "testdata", "sdn.xml"), dir, "list.xml")
	l, err = lists.Load(ctx, classic)
	wantInputError(t, l, err, lists.ErrDataset, classic)
	l, err = lists.LoadOptions(ctx, lists.Options{Dataset: ofac.DatasetSDN}, classic)
	if err != nil || l.Version.Dataset != ofac.DatasetSDN {
		t.Fatalf("classic XML with a dataset: %v, %v", l, err)
	}

	// UN, EU and UK name themselves, whatever the file is called, and
	// refuse another name.
	unFile := copyFile(t, filepath.Join("un", "testdata", "consolidated.xml"), dir, "us_ofac_sdn.xml")
	l, err = lists.Load(ctx, unFile)
	if err != nil || l.Version.Dataset != un.Dataset {
		t.Fatalf("UN list named us_ofac_sdn.xml: %v, %v", l, err)
	}
	l, err = lists.LoadOptions(ctx, lists.Options{Dataset: ofac.DatasetSDN}, unFile)
	wantInputError(t, l, err, lists.ErrDataset, unFile)
	for path, ds := range map[string]string{"eu/testdata/fsf.xml": eu.Dataset, "uk/testdata/ConList.csv": uk.Dataset} {
		if l, err := lists.LoadOptions(ctx, lists.Options{Dataset: ds}, path); err != nil || l.Version.Dataset != ds {
			t.Errorf("%s as %s: %v, %v", path, ds, l, err)
		}
		l, err := lists.LoadOptions(ctx, lists.Options{Dataset: "other"}, path)
		wantInputError(t, l, err, lists.ErrDataset, path)
	}
}

// withDoctype inserts a DOCTYPE with an internal subset after the XML
// declaration.
func withDoctype(tb testing.TB, path string) []byte {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	s := string(data)
	const doctype = "<!DOCTYPE x [\n  <!ENTITY a \"aaaaaaaaaa\">\n  <!ENTITY b \"&a;&a;&a;&a;&a;\">\n]>\n"
	if strings.HasPrefix(s, "<?xml") {
		i := strings.Index(s, "?>") + 2
		return []byte(s[:i] + "\n" + doctype + s[i:])
	}
	return []byte(doctype + s)
}

// TestDoctypeRefused: a DOCTYPE with an internal subset is refused by
// name, with the file and its position, by detection and by every XML
// loader used alone.
func TestDoctypeRefused(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cases := []struct {
		Path   string
		Decode func(context.Context, ...list.File) (*list.List, error)
	}{
		{"un/testdata/consolidated.xml", un.Decode},
		{"ofac/testdata/sdn.xml", ofac.Decode},
		{"ofac/testdata/SDN_ADVANCED.XML", ofac.Decode},
		{"eu/testdata/fsf.xml", eu.Decode},
		{"uk/testdata/ConList.xml", uk.Decode},
	}
	for _, tt := range cases {
		t.Run(tt.Path, func(t *testing.T) {
			data := withDoctype(t, tt.Path)
			p := writeFile(t, dir, filepath.Base(tt.Path), string(data))
			_, err := lists.Detect(p)
			ie := wantInputError(t, nil, err, lists.ErrDoctype, p)
			if ie.Line != 2 || !strings.Contains(err.Error(), "DOCTYPE with internal subset not allowed") || !strings.Contains(err.Error(), "offset") {
				t.Errorf("Detect: %v; want line 2 and the offset", err)
			}
			l, err := lists.Load(ctx, p)
			wantInputError(t, l, err, lists.ErrDoctype, p)
			l, err = tt.Decode(ctx, list.File{Name: "f.xml", Data: data})
			wantInputError(t, l, err, lists.ErrDoctype, "f.xml")
		})
	}
	// A DOCTYPE without a subset declares nothing and is read past.
	p := writeFile(t, dir, "plain.xml", strings.Replace(string(withDoctype(t, "un/testdata/consolidated.xml")),
		"<!DOCTYPE x [\n  <!ENTITY a \"aaaaaaaaaa\">\n  <!ENTITY b \"&a;&a;&a;&a;&a;\">\n]>", "<!DOCTYPE CONSOLIDATED_LIST>", 1))
	if l, err := lists.Load(ctx, p); err != nil || l.Version.Dataset != un.Dataset {
		t.Fatalf("DOCTYPE without a subset: %v, %v", l, err)
	}
}

// TestFileLimits: files larger than the limit, and paths that are not
// regular files, are refused by name before they are read.
func TestFileLimits(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	p := copyFile(t, "un/testdata/consolidated.xml", dir, "consolidated.xml")
	fi, _ := os.Stat(p)
	l, err := lists.LoadOptions(ctx, lists.Options{MaxSize: fi.Size() - 1}, p)
	ie := wantInputError(t, l, err, lists.ErrTooLarge, p)
	if !strings.Contains(ie.Error(), "limit") {
		t.Errorf("error %v does not state the limit", err)
	}
	if l, err := lists.LoadOptions(ctx, lists.Options{MaxSize: fi.Size()}, p); err != nil || l.Version.Targets == 0 {
		t.Fatalf("at the limit: %v, %v", l, err)
	}
	// A directory's files count one by one.
	if l, err := lists.LoadOptions(ctx, lists.Options{MaxSize: 10}, "ofac/testdata/sdn"); l != nil || !errors.Is(err, lists.ErrTooLarge) {
		t.Fatalf("directory over the limit: %v, %v", l, err)
	}

	fifo := filepath.Join(dir, "list.fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, p := range []string{fifo, "/dev/zero"} {
		if _, err := os.Stat(p); err != nil {
			continue
		}
		l, err := lists.Load(ctx, p)
		ie := wantInputError(t, l, err, lists.ErrMalformed, p)
		if !strings.Contains(ie.Error(), "not a regular file") {
			t.Errorf("%s: %v", p, err)
		}
		if _, err := lists.Detect(p); !strings.Contains(fmtErr(err), "not a regular file") {
			t.Errorf("Detect %s: %v", p, err)
		}
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestLongValue: a value longer than list.MaxToken is an error naming
// the file, line and element (or line), not a misleading "empty file".
func TestLongValue(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	data, err := os.ReadFile("un/testdata/consolidated.xml")
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	i := strings.Index(s, "<COMMENTS1>") + len("<COMMENTS1>")
	line := strings.Count(s[:i], "\n") + 1
	long := s[:i] + strings.Repeat("x", list.MaxToken+1) + s[i:]
	p := writeFile(t, dir, "consolidated.xml", long)
	l, err := lists.Load(ctx, p)
	ie := wantInputError(t, l, err, lists.ErrTooLong, p)
	if ie.Line != line || ie.Record != "<COMMENTS1>" || ie.Offset != int64(i+list.MaxToken) {
		t.Errorf("error %v at line %d offset %d record %q; want line %d offset %d <COMMENTS1>", err, ie.Line, ie.Offset, ie.Record, line, i+list.MaxToken)
	}

	// An attribute value.
	i = strings.Index(s, "dateGenerated=\"") + len("dateGenerated=\"")
	p = writeFile(t, dir, "attr.xml", s[:i]+strings.Repeat("9", list.MaxToken+1)+s[i:])
	l, err = lists.Load(ctx, p)
	if ie := wantInputError(t, l, err, lists.ErrTooLong, p); ie.Record != "<CONSOLIDATED_LIST>" {
		t.Errorf("attribute: %v", err)
	}

	// A CSV line.
	sdn, err := os.ReadFile("ofac/testdata/sdn/sdn.csv")
	if err != nil {
		t.Fatal(err)
	}
	csvDir := t.TempDir()
	p = writeFile(t, csvDir, "sdn.csv", string(sdn)+`99,"`+strings.Repeat("N", list.MaxToken)+`",-0-,"X",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-`+"\r\n")
	l, err = lists.Load(ctx, p)
	if ie := wantInputError(t, l, err, lists.ErrTooLong, p); ie.Line != strings.Count(string(sdn), "\n")+1 {
		t.Errorf("CSV: %v", err)
	}
}
