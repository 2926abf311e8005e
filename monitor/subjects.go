package monitor

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"dossier"
	"dossier/names"
	"dossier/screen"
)

// Subject is one row of a customer file: a person or organization to
// screen or to watch.
type Subject struct {
	Row       int    // 1-based data row (the header is row 0)
	Line      int    // line of the file where the row starts
	Reference string // the id column
	Name      string
	Schema    string // from the type (or schema) column; "" if none, screen.AnySchema for "any"
	BirthDate string
	Country   string
	Err       error // a row that cannot be read or screened: a *dossier.InputError
}

// Query is the screening query of s: a subject with a birth date and no
// type is a person (see screen.Query).
func (s Subject) Query(threshold float64, limit int) screen.Query {
	q := screen.Query{Name: s.Name, Schema: s.Schema, Threshold: threshold, Limit: limit}
	if s.BirthDate != "" {
		q.BirthDates = []string{s.BirthDate}
	}
	if s.Country != "" {
		q.Countries = []string{s.Country}
	}
	return q
}

// ErrNoNameColumn is the error of a header without a name column.
var ErrNoNameColumn = errors.New("header has no full_name, name or last_name column")

// ReadSubjects reads a customer CSV file with the header conventions of
// "dossier screen --batch": full_name or name (or first_name and
// last_name), and optionally date_of_birth, nationality (or country), id,
// and type (person, org, company, vessel, any) or schema. Column names
// are matched case-insensitively; a byte-order mark is ignored. file
// names the input in errors.
//
// fn is called for every data row in order; a row that cannot be read
// or screened (malformed CSV, no name, unknown type, a value that
// screen.Query.Validate rejects, such as an unknown country or a date
// that is no date) comes with Err set, naming the line and the column,
// and the rest go on. A header that cannot be read returns a *dossier.InputError for
// line 1; an error from fn stops the reading and is returned.
func ReadSubjects(r io.Reader, file string, fn func(Subject) error) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return &dossier.InputError{File: file, Line: 1, Offset: -1, Err: errors.New("empty file: no header")}
	}
	if err != nil {
		return inputError(file, err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := col[h]; !dup {
			col[h] = i
		}
	}
	if !hasAny(col, "full_name", "name", "last_name", "first_name") {
		return &dossier.InputError{File: file, Line: 1, Offset: -1, Err: ErrNoNameColumn}
	}
	// from is the column each field was read from, for errors.
	from := map[string]string{}
	get := func(rec []string, names ...string) string {
		for _, n := range names {
			if i, ok := col[n]; ok && i < len(rec) {
				if v := strings.TrimSpace(rec[i]); v != "" {
					from[names[0]] = n
					return v
				}
			}
		}
		return ""
	}
	for row := 1; ; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		s := Subject{Row: row}
		var pe *csv.ParseError
		switch {
		case errors.As(err, &pe):
			s.Line = pe.StartLine
			s.Err = inputError(file, err)
		case err != nil:
			return inputError(file, err)
		default:
			s.Line, _ = cr.FieldPos(0) // only valid after a record was read
			s.Reference = get(rec, "id")
			s.Name = get(rec, "full_name", "name")
			if s.Name == "" {
				s.Name = strings.TrimSpace(get(rec, "first_name") + " " + get(rec, "last_name"))
			}
			s.BirthDate = get(rec, "date_of_birth", "birth_date", "dob")
			s.Country = get(rec, "nationality", "country")
			typ := get(rec, "type", "schema")
			if s.Schema, err = SchemaFor(typ); err != nil {
				s.Err = &dossier.InputError{File: file, Line: s.Line, Offset: -1, Err: err}
			} else if s.Name == "" {
				s.Err = &dossier.InputError{File: file, Line: s.Line, Offset: -1, Err: errors.New("no name in this row")}
			} else if err := s.Query(0, 0).Validate(); err != nil {
				s.Err = &dossier.InputError{File: file, Line: s.Line, Offset: -1, Err: inColumn(err, from)}
			}
		}
		if err := fn(s); err != nil {
			return err
		}
	}
}

func hasAny(col map[string]int, names ...string) bool {
	for _, n := range names {
		if _, ok := col[n]; ok {
			return true
		}
	}
	return false
}

// inColumn names a screen.FieldError's field by the column it was read
// from.
func inColumn(err error, from map[string]string) error {
	var fe *screen.FieldError
	if !errors.As(err, &fe) {
		return err
	}
	c := *fe
	switch fe.Field {
	case "birth_date":
		c.Field = from["date_of_birth"]
	case "country":
		c.Field = from["nationality"]
	}
	if c.Field == "" {
		return err
	}
	return &c
}

// inputError turns a csv error into an InputError naming the line.
func inputError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &dossier.InputError{File: file, Line: pe.Line, Offset: -1, Err: pe.Err}
	}
	return &dossier.InputError{File: file, Offset: -1, Err: err}
}

// SchemaFor maps a subject type as customers write it to a
// FollowTheMoney schema: person, org(anization), company, vessel, or a
// schema name; "" is none given (a subject with a birth date is then a
// person), any (or unknown, or thing) is screen.AnySchema.
func SchemaFor(typ string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(typ)) {
	case "":
		return "", nil
	case "any", "unknown", "thing":
		return screen.AnySchema, nil
	case "person", "individual", "per":
		return "Person", nil
	case "org", "organization", "organisation", "entity":
		return "Organization", nil
	case "company":
		return "Company", nil
	case "vessel", "ship":
		return "Vessel", nil
	case "legalentity":
		return "LegalEntity", nil
	}
	return "", fmt.Errorf("type %q: want person, organization, company, vessel or any: %w", typ, dossier.ErrInvalid)
}

// ReadWatches reads a customer file (see ReadSubjects) as watches. It is
// all or nothing: the first row that cannot be read is returned as a
// *dossier.InputError naming the file and line, and no watch.
func ReadWatches(r io.Reader, file string) ([]*dossier.Watch, error) {
	var out []*dossier.Watch
	err := ReadSubjects(r, file, func(s Subject) error {
		if s.Err != nil {
			return s.Err
		}
		out = append(out, &dossier.Watch{Name: s.Name, Schema: s.Schema, BirthDate: s.BirthDate,
			Country: s.Country, Reference: s.Reference})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SubjectKey names a screened subject for decisions: "watch:ID" for a
// watch, else "name:" and the words of the name as the name engine
// normalizes them (lower case, Latin script, no accents or punctuation),
// sorted, so that "CABELLO RONDÓN, Diosdado" and "Diosdado Cabello
// Rondon" are one subject, followed by "|" and the birth date when one
// is given: a decision taken knowing a birth date does not carry over to
// a subject screened without one, nor the other way. Country and schema
// are not part of the key.
func SubjectKey(watchID int64, name, birthDate string) string {
	if watchID > 0 {
		return "watch:" + strconv.FormatInt(watchID, 10)
	}
	words := strings.Fields(names.Normalize(name))
	slices.Sort(words)
	k := "name:" + strings.Join(words, " ")
	if bd := strings.TrimSpace(birthDate); bd != "" {
		k += "|" + bd
	}
	return k
}

// WatchKey is the subject key of a watch.
func WatchKey(w *dossier.Watch) string { return SubjectKey(w.ID, w.Name, w.BirthDate) }
