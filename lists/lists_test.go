package lists_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"dossier"
	"dossier/lists"
	"dossier/lists/internal/listtest"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		Paths []string
		Want  lists.Format
	}{
		{[]string{"ofac/testdata/sdn"}, lists.OFACCSV},
		{[]string{"ofac/testdata/sdn/sdn.csv"}, lists.OFACCSV},
		{[]string{"ofac/testdata/sdn/alt.csv", "ofac/testdata/sdn/sdn.csv"}, lists.OFACCSV},
		{[]string{"ofac/testdata/sdn.xml"}, lists.OFACXML},
		{[]string{"ofac/testdata/SDN_ADVANCED.XML"}, lists.OFACAdvanced},
		{[]string{"un/testdata/consolidated.xml"}, lists.UNXML},
		{[]string{"eu/testdata/fsf.xml"}, lists.EUXML},
		{[]string{"eu/testdata/fsf.csv"}, lists.EUCSV},
		{[]string{"uk/testdata/ConList.csv"}, lists.UKCSV},
		{[]string{"uk/testdata/ConList.xml"}, lists.UKXML},
		{[]string{"ftm/testdata/sample.ftm.jsonl"}, lists.FtM},
	}
	for _, tt := range tests {
		t.Run(tt.Paths[0], func(t *testing.T) {
			got, err := lists.Detect(tt.Paths...)
			if err != nil || got != tt.Want {
				t.Fatalf("Detect = %q, %v; want %q", got, err, tt.Want)
			}
			l, err := lists.Load(context.Background(), tt.Paths...)
			if err != nil {
				t.Fatal(err)
			}
			listtest.MustValidate(t, l)
			if l.Version.Targets == 0 {
				t.Errorf("no targets: %+v", l.Version)
			}
		})
	}
}

func TestDetectErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	empty := write("empty.csv", "")
	binary := write("junk.bin", "\x89PNG\r\n\x1a\n\x00\x00")
	text := write("notes.txt", "Just some notes.\n")
	xml := write("other.xml", "<?xml version=\"1.0\"?>\n<!-- c -->\n<rss version=\"2.0\"/>")
	json := write("other.jsonl", "{\"text\": \"an article\"}\n")
	tests := []struct {
		Name  string
		Paths []string
		Err   error
		File  string
	}{
		{"empty", []string{empty}, lists.ErrEmpty, empty},
		{"binary", []string{binary}, lists.ErrBinary, binary},
		{"text", []string{text}, lists.ErrUnknownFormat, text},
		{"xml", []string{xml}, lists.ErrUnknownFormat, xml},
		{"json", []string{json}, lists.ErrUnknownFormat, json},
		{"mixed", []string{"un/testdata/consolidated.xml", "eu/testdata/fsf.xml"}, lists.ErrUnknownFormat, "eu/testdata/fsf.xml"},
		{"missing", []string{filepath.Join(dir, "nope")}, os.ErrNotExist, filepath.Join(dir, "nope")},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			_, err := lists.Detect(tt.Paths...)
			var ie *dossier.InputError
			if !errors.As(err, &ie) || !errors.Is(err, tt.Err) || ie.File != tt.File {
				t.Fatalf("Detect error = %v, want %v naming %s", err, tt.Err, tt.File)
			}
			l, err := lists.Load(context.Background(), tt.Paths...)
			if l != nil || !errors.Is(err, tt.Err) {
				t.Fatalf("Load = %v, %v", l, err)
			}
		})
	}
}

// TestLoadReal loads the shared data through detection. The datasets
// of OFAC and UN are the names stored databases already use.
func TestLoadReal(t *testing.T) {
	data := listtest.DataDir(t)
	tests := []struct {
		Path    string
		Option  string // dataset given
		Format  lists.Format
		Targets int
		Dataset string
	}{
		{"ofac/sdn-2021-07", "", lists.OFACCSV, 8976, "us_ofac_sdn"},
		{"ofac/cons", "", lists.OFACCSV, 442, "us_ofac_cons"},
		{"un/consolidated-2026-02-27.xml", "", lists.UNXML, 1003, "un_sc_sanctions"},
		{"ftm/zala.ftm.jsonl", "zala", lists.FtM, 17, "zala"},
		{"ftm/t1.ftm.jsonl", "", lists.FtM, 6, "eu_fsf"},
	}
	for _, tt := range tests {
		t.Run(tt.Path, func(t *testing.T) {
			p := filepath.Join(data, tt.Path)
			if f, err := lists.Detect(p); err != nil || f != tt.Format {
				t.Fatalf("Detect = %q, %v", f, err)
			}
			l, err := lists.LoadOptions(context.Background(), lists.Options{Dataset: tt.Option}, p)
			if err != nil {
				t.Fatal(err)
			}
			if l.Version.Targets != tt.Targets || l.Version.Source != p || l.Version.Dataset != tt.Dataset {
				t.Errorf("version = %+v, want %d targets of %s", l.Version, tt.Targets, tt.Dataset)
			}
		})
	}
}

func TestLoadCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	l, err := lists.Load(ctx, "testdata/un.xml")
	if l != nil || !errors.Is(err, context.Canceled) {
		t.Fatalf("Load = %v, %v; want context.Canceled", l, err)
	}
}
