package monitor_test

import (
	"errors"
	"strings"
	"testing"

	"dossier"
	"dossier/monitor"
)

func TestReadSubjects(t *testing.T) {
	for _, tt := range []struct {
		Name   string
		Input  string
		Output []monitor.Subject // Err compared by message
		Errs   []string
		Error  string
	}{
		{
			Name:  "full_name with qualifiers, BOM, CRLF",
			Input: "\ufeffID,Full_Name,Date_of_Birth,Nationality,Type\r\nC1,Diosdado Cabello,1963,VE,person\r\nC2,Acme LLC,,,company\r\n",
			Output: []monitor.Subject{
				{Row: 1, Line: 2, Reference: "C1", Name: "Diosdado Cabello", Schema: "Person", BirthDate: "1963", Country: "VE"},
				{Row: 2, Line: 3, Reference: "C2", Name: "Acme LLC", Schema: "Company"},
			},
		},
		{
			Name:  "first and last name",
			Input: "first_name,last_name,country\nNicolás,Maduro,Venezuela\n,Carvajal,\n",
			Output: []monitor.Subject{
				{Row: 1, Line: 2, Name: "Nicolás Maduro", Country: "Venezuela"},
				{Row: 2, Line: 3, Name: "Carvajal"},
			},
		},
		{
			Name:  "name falls back to full_name's neighbour",
			Input: "full_name,name\n,Tareck El Aissami\n",
			Output: []monitor.Subject{
				{Row: 1, Line: 2, Name: "Tareck El Aissami"},
			},
		},
		{
			Name:  "bad rows are reported and the rest go on",
			Input: "name,type\nA,person\n,person\nB,spaceship\nC \"x\" D,\"oops\nE,person\n",
			Output: []monitor.Subject{
				{Row: 1, Line: 2, Name: "A", Schema: "Person"},
				{Row: 2, Line: 3, Schema: "Person"},
				{Row: 3, Line: 4, Name: "B"},
				{Row: 4, Line: 5},
				{Row: 5, Line: 6, Name: "E", Schema: "Person"},
			},
			Errs: []string{"", "in.csv:3: no name in this row", `in.csv:4: type "spaceship": want person, organization, company or vessel: invalid input`,
				`in.csv:5: bare " in non-quoted-field`, ""},
		},
		{Name: "no name column", Input: "id,dob\n1,1960\n", Error: "in.csv:1: header has no full_name, name or last_name column"},
		{Name: "empty", Input: "", Error: "in.csv:1: empty file: no header"},
		{Name: "header only", Input: "name\n"},
	} {
		t.Run(tt.Name, func(t *testing.T) {
			var got []monitor.Subject
			var errs []string
			err := monitor.ReadSubjects(strings.NewReader(tt.Input), "in.csv", func(s monitor.Subject) error {
				msg := ""
				if s.Err != nil {
					msg = s.Err.Error()
					var ie *dossier.InputError
					if !errors.As(s.Err, &ie) || ie.File != "in.csv" || ie.Line < s.Line {
						t.Errorf("row %d: error %v is not an InputError at its line", s.Row, s.Err)
					}
				}
				s.Err = nil
				got = append(got, s)
				errs = append(errs, msg)
				return nil
			})
			if tt.Error != "" {
				var ie *dossier.InputError
				if err == nil || err.Error() != tt.Error || !errors.As(err, &ie) {
					t.Fatalf("error %v, want %q", err, tt.Error)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.Output) {
				t.Fatalf("got %d rows %+v, want %d", len(got), got, len(tt.Output))
			}
			for i := range got {
				if got[i] != tt.Output[i] {
					t.Errorf("row %d: %+v, want %+v", i, got[i], tt.Output[i])
				}
			}
			if tt.Errs != nil {
				for i := range tt.Errs {
					if i < len(errs) && errs[i] != tt.Errs[i] {
						t.Errorf("row %d error %q, want %q", i+1, errs[i], tt.Errs[i])
					}
				}
			}
		})
	}
}

func TestReadWatchesAllOrNothing(t *testing.T) {
	ws, err := monitor.ReadWatches(strings.NewReader("id,name,date_of_birth\nC1,Diosdado Cabello,1963-04-15\nC2,Acme,\n"), "customers.csv")
	if err != nil || len(ws) != 2 || ws[0].Reference != "C1" || ws[0].BirthDate != "1963-04-15" || ws[1].Name != "Acme" {
		t.Fatalf("%+v %v", ws, err)
	}
	ws, err = monitor.ReadWatches(strings.NewReader("id,name\nC1,Diosdado Cabello\nC2,\nC3,X\n"), "customers.csv")
	if ws != nil || err == nil || err.Error() != "customers.csv:3: no name in this row" {
		t.Errorf("%v, %v; want the error of line 3 and no watches", ws, err)
	}
}

func TestSubjectKey(t *testing.T) {
	for _, tt := range []struct {
		id        int64
		name, dob string
		want      string
	}{
		{0, "CABELLO RONDÓN, Diosdado", "", "name:cabello diosdado rondon"},
		{0, "Diosdado  Cabello Rondon", "", "name:cabello diosdado rondon"},
		{0, "Diosdado Cabello", " 1963 ", "name:cabello diosdado|1963"},
		{0, "Никола́с Мадуро", "", "name:maduro nikolas"},
		{7, "Diosdado Cabello", "1963", "watch:7"},
	} {
		if got := monitor.SubjectKey(tt.id, tt.name, tt.dob); got != tt.want {
			t.Errorf("SubjectKey(%d, %q, %q) = %q, want %q", tt.id, tt.name, tt.dob, got, tt.want)
		}
	}
}

func FuzzReadSubjects(f *testing.F) {
	f.Add("id,full_name,date_of_birth,nationality\nC1,Diosdado Cabello,1963,VE\n")
	f.Add("first_name,last_name\n\"a\"\"b\",c\n\"open\n")
	f.Add("\ufeffname,type\nx,vessel\ny,zz\n")
	f.Fuzz(func(t *testing.T, in string) {
		row, last := 0, 0
		err := monitor.ReadSubjects(strings.NewReader(in), "f.csv", func(s monitor.Subject) error {
			row++
			if s.Row != row {
				t.Fatalf("row %d numbered %d", row, s.Row)
			}
			if s.Line < 2 || s.Line < last {
				t.Fatalf("row %d at line %d after line %d", s.Row, s.Line, last)
			}
			last = s.Line
			if s.Err == nil && strings.TrimSpace(s.Name) == "" {
				t.Fatalf("row %d: no name and no error", s.Row)
			}
			if s.Err != nil {
				var ie *dossier.InputError
				if !errors.As(s.Err, &ie) || ie.File != "f.csv" || ie.Line < 1 {
					t.Fatalf("row %d: error %v names no file and line", s.Row, s.Err)
				}
			}
			return nil
		})
		if err != nil {
			var ie *dossier.InputError
			if !errors.As(err, &ie) || ie.File != "f.csv" {
				t.Fatalf("error %v is not an InputError of the file", err)
			}
		}
	})
}
