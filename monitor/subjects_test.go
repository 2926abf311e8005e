package monitor_test

import (
	"errors"
	"strings"
	"testing"

	"dossier"
	"dossier/monitor"
	"dossier/screen"
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
			Errs: []string{"", "in.csv:3: no name in this row", `in.csv:4: type "spaceship": want person, organization, company, vessel or any: invalid input`,
				`in.csv:5: bare " in non-quoted-field`, ""},
		},
		{
			Name: "values that would hide hits are reported with their column",
			Input: "id,name,dob,country,type\n" +
				"1,Diosdado Cabello,1963,VE,\n" +
				"2,Diosdado Cabello,1963-13,VE,\n" +
				"3,Diosdado Cabello,1963-02-30,,\n" +
				"4,Diosdado Cabello,,Narnia,\n" +
				"5,Jasmine,1970,,any\n",
			Output: []monitor.Subject{
				{Row: 1, Line: 2, Reference: "1", Name: "Diosdado Cabello", BirthDate: "1963", Country: "VE"},
				{Row: 2, Line: 3, Reference: "2", Name: "Diosdado Cabello", BirthDate: "1963-13", Country: "VE"},
				{Row: 3, Line: 4, Reference: "3", Name: "Diosdado Cabello", BirthDate: "1963-02-30"},
				{Row: 4, Line: 5, Reference: "4", Name: "Diosdado Cabello", Country: "Narnia"},
				{Row: 5, Line: 6, Reference: "5", Name: "Jasmine", BirthDate: "1970", Schema: "Thing"},
			},
			Errs: []string{"",
				`in.csv:3: dob "1963-13": not a birth date: want YYYY, YYYY-MM or YYYY-MM-DD (1960, 1960-04, 1960-04-01), a real date from 1800 to today`,
				`in.csv:4: dob "1963-02-30": not a birth date: want YYYY, YYYY-MM or YYYY-MM-DD (1960, 1960-04, 1960-04-01), a real date from 1800 to today`,
				`in.csv:5: country "Narnia": unknown country: want an ISO 3166-1 alpha-2 code (VE, GB) or a country name or demonym (Venezuela, Venezuelan)`,
				""},
		},
		{
			Name:   "the column named is the one read",
			Input:  "name,date_of_birth,birth_date,nationality,country\nA,,1960-00,,ZZ\nB,1960,,Atlantis,VE\n",
			Output: []monitor.Subject{{Row: 1, Line: 2, Name: "A", BirthDate: "1960-00", Country: "ZZ"}, {Row: 2, Line: 3, Name: "B", BirthDate: "1960", Country: "Atlantis"}},
			Errs: []string{`in.csv:2: birth_date "1960-00": not a birth date: want YYYY, YYYY-MM or YYYY-MM-DD (1960, 1960-04, 1960-04-01), a real date from 1800 to today`,
				`in.csv:3: nationality "Atlantis": unknown country: want an ISO 3166-1 alpha-2 code (VE, GB) or a country name or demonym (Venezuela, Venezuelan)`},
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
					var fe *screen.FieldError
					if errors.As(s.Err, &fe) && !errors.Is(s.Err, dossier.ErrInvalid) {
						t.Errorf("row %d: field error %v does not wrap ErrInvalid", s.Row, s.Err)
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

func TestReadWatchesRefusesBadValues(t *testing.T) {
	ws, err := monitor.ReadWatches(strings.NewReader("id,name,nationality\nC1,Diosdado Cabello,VE\nC2,Acme,Narnia\n"), "customers.csv")
	var fe *screen.FieldError
	if ws != nil || !errors.As(err, &fe) || fe.Field != "nationality" ||
		!strings.HasPrefix(err.Error(), `customers.csv:3: nationality "Narnia": unknown country`) {
		t.Errorf("%v, %v; want the error of line 3's nationality and no watches", ws, err)
	}
}

func TestSubjectQuery(t *testing.T) {
	for _, tt := range []struct {
		name   string
		s      monitor.Subject
		schema string // effective
	}{
		{"a birth date and no type: a person", monitor.Subject{Name: "Jasmine Ali", BirthDate: "1970"}, "Person"},
		{"no qualifier: any", monitor.Subject{Name: "Jasmine Ali", Country: "VE"}, ""},
		{"type any", monitor.Subject{Name: "Jasmine Ali", BirthDate: "1970", Schema: screen.AnySchema}, ""},
		{"type company", monitor.Subject{Name: "Jasmine Ali", BirthDate: "1970", Schema: "Company"}, "Company"},
	} {
		q := tt.s.Query(0.8, 3)
		if got := q.EffectiveSchema(); got != tt.schema || q.Threshold != 0.8 || q.Limit != 3 || q.Name != tt.s.Name {
			t.Errorf("%s: %+v screened as %q, want %q", tt.name, q, got, tt.schema)
		}
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
