package ftm_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"dossier/lists/ftm"
	"dossier/lists/internal/listtest"
)

func TestLoadRealCounts(t *testing.T) {
	dir := listtest.DataDir(t, "ftm")
	tests := []struct {
		File      string
		Entities  int
		Targets   int
		Dataset   string
		Sanctions int
	}{
		{"zala.ftm.jsonl", 91, 17, "zala", 41},
		{"t1.ftm.jsonl", 7, 6, "t1", 0},
	}
	for _, tt := range tests {
		t.Run(tt.File, func(t *testing.T) {
			path := filepath.Join(dir, tt.File)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			lines := bytes.Count(bytes.TrimSpace(data), []byte("\n")) + 1
			l, err := ftm.Load(context.Background(), path)
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
