package screen_test

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"dossier"
	"dossier/screen"
)

func TestQueryValidate(t *testing.T) {
	next := strconv.Itoa(time.Now().Year() + 1)
	tests := []struct {
		name  string
		query screen.Query
		err   *screen.FieldError // nil: valid
	}{
		{"name only", screen.Query{Name: "Diosdado Cabello"}, nil},
		{"every qualifier", screen.Query{Name: "Diosdado Cabello", Schema: "Person", BirthDates: []string{"1963", "1963-04", "1963-04-15"},
			Countries: []string{"VE", "ve", "Venezuela", "Venezuelan", "XK"}, Gender: "Male", Threshold: 0.9, Limit: 5}, nil},
		{"any type", screen.Query{Name: "x", Schema: screen.AnySchema, BirthDates: []string{"1970"}}, nil},
		{"leap day", screen.Query{Name: "x", BirthDates: []string{"1960-02-29"}}, nil},
		{"threshold 1", screen.Query{Name: "x", Threshold: 1}, nil},
		{"no name", screen.Query{Name: "  ", BirthDates: []string{"1960"}}, &screen.FieldError{Field: "name", Reason: "required"}},
		{"qualifiers first, name last", screen.Query{Countries: []string{"Narnia"}}, countryErr("Narnia")},
		{"unknown schema", screen.Query{Name: "x", Schema: "Spaceship"},
			&screen.FieldError{Field: "schema", Value: "Spaceship", Reason: "unknown schema: want Person, Organization, Company, PublicBody, LegalEntity, Vessel, Airplane, or Thing for any type"}},
		{"unknown country", screen.Query{Name: "x", Countries: []string{"VE", "Narnia"}}, countryErr("Narnia")},
		{"two letters that are no code", screen.Query{Name: "x", Countries: []string{"ZZ"}}, countryErr("ZZ")},
		{"UK is not an ISO code", screen.Query{Name: "x", Countries: []string{"UK"}}, countryErr("UK")},
		{"month 13", screen.Query{Name: "x", BirthDates: []string{"1960-13"}}, dateErr("1960-13")},
		{"February 30", screen.Query{Name: "x", BirthDates: []string{"1960-02-30"}}, dateErr("1960-02-30")},
		{"not a leap year", screen.Query{Name: "x", BirthDates: []string{"1961-02-29"}}, dateErr("1961-02-29")},
		{"day first", screen.Query{Name: "x", BirthDates: []string{"15/04/1963"}}, dateErr("15/04/1963")},
		{"two-digit year", screen.Query{Name: "x", BirthDates: []string{"63"}}, dateErr("63")},
		{"month without zero", screen.Query{Name: "x", BirthDates: []string{"1960-4-1"}}, dateErr("1960-4-1")},
		{"a time", screen.Query{Name: "x", BirthDates: []string{"1960-04-01T00:00"}}, dateErr("1960-04-01T00:00")},
		{"placeholder year", screen.Query{Name: "x", BirthDates: []string{"0000"}}, dateErr("0000")},
		{"future", screen.Query{Name: "x", BirthDates: []string{next}}, dateErr(next)},
		{"empty date", screen.Query{Name: "x", BirthDates: []string{""}}, dateErr("")},
		{"gender", screen.Query{Name: "x", Gender: "unknown"}, &screen.FieldError{Field: "gender", Value: "unknown", Reason: "unknown gender: want male, female or other (m, f)"}},
		{"threshold above 1", screen.Query{Name: "x", Threshold: 1.5}, thresholdErr("1.5")},
		{"threshold negative", screen.Query{Name: "x", Threshold: -0.1}, thresholdErr("-0.1")},
		{"threshold NaN", screen.Query{Name: "x", Threshold: math.NaN()}, thresholdErr("NaN")},
		{"limit", screen.Query{Name: "x", Limit: -1}, &screen.FieldError{Field: "limit", Value: "-1", Reason: "negative: want 0 or more (0: 10)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.query.Validate()
			if tt.err == nil {
				if err != nil {
					t.Fatalf("Validate: %v, want nil", err)
				}
				return
			}
			var fe *screen.FieldError
			if !errors.As(err, &fe) || *fe != *tt.err {
				t.Fatalf("Validate: %#v, want %#v", err, tt.err)
			}
			if !errors.Is(err, dossier.ErrInvalid) {
				t.Errorf("%v does not wrap dossier.ErrInvalid", err)
			}
		})
	}
}

func countryErr(v string) *screen.FieldError {
	return &screen.FieldError{Field: "country", Value: v, Reason: "unknown country: want an ISO 3166-1 alpha-2 code (VE, GB) or a country name or demonym (Venezuela, Venezuelan)"}
}

func dateErr(v string) *screen.FieldError {
	return &screen.FieldError{Field: "birth_date", Value: v, Reason: "not a birth date: want YYYY, YYYY-MM or YYYY-MM-DD (1960, 1960-04, 1960-04-01), a real date from 1800 to today"}
}

func thresholdErr(v string) *screen.FieldError {
	return &screen.FieldError{Field: "threshold", Value: v, Reason: "out of range: want a number from 0 to 1 (0: the engine's default)"}
}

func TestFieldErrorMessage(t *testing.T) {
	tests := []struct {
		err  *screen.FieldError
		want string
	}{
		{&screen.FieldError{Field: "name", Reason: "required"}, "name: required"},
		{countryErr("Narnia"), `country "Narnia": unknown country: want an ISO 3166-1 alpha-2 code (VE, GB) or a country name or demonym (Venezuela, Venezuelan)`},
		{&screen.FieldError{Field: "--dob", Value: "1960-13", Reason: "want YYYY"}, `--dob "1960-13": want YYYY`},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("%#v: %q, want %q", tt.err, got, tt.want)
		}
	}
}

func TestEffectiveSchema(t *testing.T) {
	tests := []struct {
		name  string
		query screen.Query
		want  string
	}{
		{"nothing said", screen.Query{Name: "x"}, ""},
		{"a country says nothing of the type", screen.Query{Name: "x", Countries: []string{"VE"}}, ""},
		{"birth date", screen.Query{Name: "x", BirthDates: []string{"1960"}}, "Person"},
		{"gender", screen.Query{Name: "x", Gender: "female"}, "Person"},
		{"blank gender", screen.Query{Name: "x", Gender: " "}, ""},
		{"explicit schema wins", screen.Query{Name: "x", Schema: "Company", BirthDates: []string{"1960"}}, "Company"},
		{"explicit person", screen.Query{Name: "x", Schema: "Person"}, "Person"},
		{"type unknown", screen.Query{Name: "x", Schema: screen.AnySchema, BirthDates: []string{"1960"}, Gender: "male"}, ""},
	}
	for _, tt := range tests {
		if got := tt.query.EffectiveSchema(); got != tt.want {
			t.Errorf("%s: EffectiveSchema() = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestScreenPersonQualifiers screens, against the real lists, person
// names whose words are also the name of a vessel or an organization
// there. With a birth date or a gender the query is a person, and no
// longer hits them; said to be of unknown type, or with no qualifier,
// it does.
func TestScreenPersonQualifiers(t *testing.T) {
	ix := realListIndex(t)
	tests := []struct {
		name  string
		query screen.Query
		other string // a non-person hit without the qualifiers
	}{
		{"vessel JASMINE", screen.Query{Name: "Jasmine Ali", BirthDates: []string{"1970"}}, "ofac-27310"},
		{"vessel HERO II, alias HADI", screen.Query{Name: "Hadi", Gender: "male"}, "ofac-15050"},
		{"organization AL RASHID TRUST", screen.Query{Name: "Al Rashid", BirthDates: []string{"1965-03-01"}}, "ofac-6912"},
		{"organization AL-AQSA", screen.Query{Name: "Ali Al Aqsa", BirthDates: []string{"1970-05"}}, "ofac-7641"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.query.EffectiveSchema(); got != "Person" {
				t.Fatalf("EffectiveSchema() = %q, want Person", got)
			}
			for _, h := range ix.ScreenAll(tt.query) {
				if h.Schema != "Person" && h.Schema != "LegalEntity" {
					t.Errorf("a person query scored %s %s %q (%.3f)", h.Schema, h.EntityID, h.Caption, h.Score)
				}
			}
			bare := screen.Query{Name: tt.query.Name}
			anyType := tt.query
			anyType.Schema = screen.AnySchema
			for _, q := range []screen.Query{bare, anyType} {
				if !hasHit(ix.Screen(q), tt.other) {
					t.Errorf("%+v: no hit %s: the example no longer shows the rule", q, tt.other)
				}
			}
		})
	}
}

func hasHit(hits []screen.Hit, id string) bool {
	for _, h := range hits {
		if h.EntityID == id {
			return true
		}
	}
	return false
}

func ExampleQuery_Validate() {
	for _, q := range []screen.Query{
		{Name: "Diosdado Cabello", BirthDates: []string{"1963-04-15"}, Countries: []string{"Venezuela"}},
		{Name: "Diosdado Cabello", Countries: []string{"Narnia"}},
		{Name: "Diosdado Cabello", BirthDates: []string{"1963-02-30"}},
	} {
		fmt.Println(q.Validate())
	}
	// Output:
	// <nil>
	// country "Narnia": unknown country: want an ISO 3166-1 alpha-2 code (VE, GB) or a country name or demonym (Venezuela, Venezuelan)
	// birth_date "1963-02-30": not a birth date: want YYYY, YYYY-MM or YYYY-MM-DD (1960, 1960-04, 1960-04-01), a real date from 1800 to today
}

// TestScreenPersonSchemata shows which schemata a person query reaches:
// persons, and LegalEntity entries (a person or an organization, the
// list does not say), not organizations, companies, vessels or aircraft.
func TestScreenPersonSchemata(t *testing.T) {
	b := screen.NewBuilder()
	schemata := []string{"Person", "LegalEntity", "Organization", "Company", "PublicBody", "Vessel", "Airplane"}
	for _, s := range schemata {
		e := dossier.NewEntity(s, s)
		e.Add("name", "Jasmine Ali")
		b.Add(e)
	}
	ix := b.Index()
	tests := []struct {
		name  string
		query screen.Query
		want  []string // hit schemata, sorted
	}{
		{"birth date: a person", screen.Query{Name: "Jasmine Ali", BirthDates: []string{"1970"}}, []string{"LegalEntity", "Person"}},
		{"gender: a person", screen.Query{Name: "Jasmine Ali", Gender: "female"}, []string{"LegalEntity", "Person"}},
		{"explicit person", screen.Query{Name: "Jasmine Ali", Schema: "Person"}, []string{"LegalEntity", "Person"}},
		{"type unknown", screen.Query{Name: "Jasmine Ali", Schema: screen.AnySchema, BirthDates: []string{"1970"}}, schemataSorted(schemata)},
		{"nothing said", screen.Query{Name: "Jasmine Ali"}, schemataSorted(schemata)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, hits := range [][]screen.Hit{ix.Screen(tt.query), ix.ScreenAll(tt.query), ix.Exhaustive(tt.query)} {
				var got []string
				for _, h := range hits {
					got = append(got, h.Schema)
				}
				if !slices.Equal(schemataSorted(got), tt.want) {
					t.Errorf("hit schemata %v, want %v", got, tt.want)
				}
			}
		})
	}
}

func schemataSorted(s []string) []string { return slices.Sorted(slices.Values(s)) }

// FuzzQueryValidate: Validate never panics; a birth date it accepts is
// a calendar date written canonically (formatting it again gives it
// back); every error is a *FieldError wrapping ErrInvalid that names its
// field.
func FuzzQueryValidate(f *testing.F) {
	f.Add("Diosdado Cabello", "1963-04-15", "VE", "male", 0.8)
	f.Add("x", "1960-02-30", "Narnia", "", 0.0)
	f.Add("", "0000", "zz", "other", 1.5)
	f.Fuzz(func(t *testing.T, name, dob, country, gender string, threshold float64) {
		q := screen.Query{Name: name, BirthDates: []string{dob}, Countries: []string{country}, Gender: gender, Threshold: threshold}
		err := q.Validate()
		if screen.ValidBirthDate(dob) {
			d := strings.TrimSpace(dob)
			layout := map[int]string{4: "2006", 7: "2006-01", 10: "2006-01-02"}[len(d)]
			tm, perr := time.Parse(layout, d)
			if perr != nil || tm.Format(layout) != d {
				t.Fatalf("ValidBirthDate(%q) but %v / %q", dob, perr, tm.Format(layout))
			}
		}
		if err == nil {
			return
		}
		var fe *screen.FieldError
		if !errors.As(err, &fe) || !errors.Is(err, dossier.ErrInvalid) || !strings.HasPrefix(err.Error(), fe.Field) {
			t.Fatalf("%#v: error %v", q, err)
		}
	})
}
