package ftm_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"dossier"

	"dossier/lists/ftm"
	"dossier/lists/internal/listtest"
	"dossier/lists/list"
)

// TestLoadRealMixedDatasets: zala's entities name many datasets, so
// without a dataset given the file is refused at its first line rather
// than stored under a name made up from the file's.
func TestLoadRealMixedDatasets(t *testing.T) {
	path := filepath.Join(listtest.DataDir(t, "ftm"), "zala.ftm.jsonl")
	l, err := ftm.Load(context.Background(), path)
	var ie *dossier.InputError
	if l != nil || !errors.As(err, &ie) || !errors.Is(err, list.ErrDataset) || ie.File != path || ie.Line != 1 {
		t.Fatalf("Load = %v, %v; want ErrDataset at %s:1", l, err, path)
	}
}

func TestLoadRealCounts(t *testing.T) {
	dir := listtest.DataDir(t, "ftm")
	tests := []struct {
		File      string
		Option    string // the dataset given, if any
		Entities  int
		Targets   int
		Dataset   string
		Sanctions int
	}{
		// zala's entities come from many datasets: the name is given.
		{"zala.ftm.jsonl", "zala", 91, 17, "zala", 41},
		// t1's all name eu_fsf.
		{"t1.ftm.jsonl", "", 7, 6, "eu_fsf", 0},
		{"t1.ftm.jsonl", "t1", 7, 6, "t1", 0},
	}
	for _, tt := range tests {
		t.Run(tt.File+" "+tt.Option, func(t *testing.T) {
			path := filepath.Join(dir, tt.File)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			lines := bytes.Count(bytes.TrimSpace(data), []byte("\n")) + 1
			l, err := ftm.LoadOptions(context.Background(), list.Options{Dataset: tt.Option}, path)
			if err != nil {
				t.Fatal(err)
			}
			listtest.MustValidate(t, l)
			sanctions := 0
			for _, e := range l.Entities {
				if e.Schema == "Sanction" {
					sanctions++
				}
			}
			if len(l.Entities) != lines || l.Version.Entities != tt.Entities || l.Version.Targets != tt.Targets || l.Version.Dataset != tt.Dataset || sanctions != tt.Sanctions {
				t.Errorf("%d lines; version %+v, %d sanctions; want %d entities, %d targets, dataset %s, %d sanctions",
					lines, l.Version, sanctions, tt.Entities, tt.Targets, tt.Dataset, tt.Sanctions)
			}
			byID := listtest.ByID(l)
			if e := byID["NK-2Tbri3s6GgNtAwsSXh4qpL"]; tt.File == "zala.ftm.jsonl" && (e == nil || e.Caption != "Maria Aleksandrovna Osetrova" || e.First("birthDate") != "1988-01-07") {
				t.Errorf("NK-2Tbri3s6GgNtAwsSXh4qpL = %+v", e)
			}
		})
	}
}
