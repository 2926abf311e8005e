package screen

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"dossier"
	"dossier/countries"
)

// AnySchema is the Schema of a query whose type the caller does not
// know: FollowTheMoney's root schema, Thing. Such a query is screened
// against every schema, whatever qualifiers it has.
const AnySchema = "Thing"

// EffectiveSchema is the schema q is screened as: its Schema, except
// that a query of no schema with a birth date or a gender is a person
// (only persons have them), and AnySchema is "", any.
func (q Query) EffectiveSchema() string {
	switch {
	case q.Schema == AnySchema:
		return ""
	case q.Schema != "":
		return q.Schema
	case len(q.BirthDates) > 0 || strings.TrimSpace(q.Gender) != "":
		return "Person"
	}
	return ""
}

// FieldError is a query field whose value screening cannot use: an
// unknown country, a date that is no date, a threshold out of range.
// Such a value would not fail screening; it would hide hits (a country
// that matches no list entry lowers every score), so it is an error.
//
// Its message starts with the field and the value; a caller that names
// the field otherwise (a flag, a CSV column, a JSON property) replaces
// Field. It wraps dossier.ErrInvalid.
type FieldError struct {
	Field  string // name, schema, birth_date, country, gender, threshold, limit
	Value  string
	Reason string // what is wrong, and what the field accepts
}

func (e *FieldError) Error() string {
	if e.Value == "" {
		return e.Field + ": " + e.Reason
	}
	return fmt.Sprintf("%s %q: %s", e.Field, e.Value, e.Reason)
}

func (e *FieldError) Unwrap() error { return dossier.ErrInvalid }

// What is wrong with each field, and what it accepts.
const (
	wantName      = "required"
	wantSchema    = "unknown schema: want Person, Organization, Company, PublicBody, LegalEntity, Vessel, Airplane, or Thing for any type"
	wantBirthDate = "not a birth date: want YYYY, YYYY-MM or YYYY-MM-DD (1960, 1960-04, 1960-04-01), a real date from 1800 to today"
	wantCountry   = "unknown country: want an ISO 3166-1 alpha-2 code (VE, GB) or a country name or demonym (Venezuela, Venezuelan)"
	wantGender    = "unknown gender: want male, female or other (m, f)"
	wantThreshold = "out of range: want a number from 0 to 1 (0: the engine's default)"
	wantLimit     = "negative: want 0 or more (0: 10)"
)

// querySchemata are the schemata a query may name: the screenable ones
// and their FollowTheMoney ancestors.
var querySchemata = map[string]bool{AnySchema: true, "LegalEntity": true, "Asset": true}

// genders are the values of Gender, as FollowTheMoney and customers
// write them.
var genders = map[string]bool{"male": true, "female": true, "other": true, "m": true, "f": true}

// Validate reports the first field of q that screening cannot use, as a
// *FieldError, checking in this order: a schema that is not a screenable
// FollowTheMoney schema or AnySchema; a birth date that is not YYYY,
// YYYY-MM or YYYY-MM-DD, is no calendar date (1960-13, 1960-02-30) or is
// before 1800 or in the future; a country that is neither a known ISO
// 3166-1 code nor a country name or demonym (countries.Known); a gender
// other than male, female or other; a threshold outside [0, 1]; a
// negative limit; and last an empty name, so that a caller that has the
// qualifiers before the names (a batch's defaults) can check them with
// Name "" and ignore only the error of field "name".
//
// Screen does not call it: callers validate what their users give, and
// name the fields as their users know them.
func (q Query) Validate() error {
	if q.Schema != "" && !dossier.IsThing(q.Schema) && !querySchemata[q.Schema] {
		return &FieldError{Field: "schema", Value: q.Schema, Reason: wantSchema}
	}
	for _, d := range q.BirthDates {
		if !ValidBirthDate(d) {
			return &FieldError{Field: "birth_date", Value: d, Reason: wantBirthDate}
		}
	}
	for _, c := range q.Countries {
		if !countries.Known(c) {
			return &FieldError{Field: "country", Value: c, Reason: wantCountry}
		}
	}
	if g := strings.ToLower(strings.TrimSpace(q.Gender)); g != "" && !genders[g] {
		return &FieldError{Field: "gender", Value: q.Gender, Reason: wantGender}
	}
	if math.IsNaN(q.Threshold) || q.Threshold < 0 || q.Threshold > 1 {
		return &FieldError{Field: "threshold", Value: strconv.FormatFloat(q.Threshold, 'g', -1, 64), Reason: wantThreshold}
	}
	if q.Limit < 0 {
		return &FieldError{Field: "limit", Value: strconv.Itoa(q.Limit), Reason: wantLimit}
	}
	if strings.TrimSpace(q.Name) == "" {
		return &FieldError{Field: "name", Reason: wantName}
	}
	return nil
}

// ValidBirthDate reports whether s is a birth date as a query gives it:
// a year, a year and month, or a full date, ISO 8601 (1960, 1960-04,
// 1960-04-01), that exists in the calendar, from 1800 (a year 0000 is a
// placeholder for "unknown", not a date) to today.
func ValidBirthDate(s string) bool {
	s = strings.TrimSpace(s)
	layout := map[int]string{4: "2006", 7: "2006-01", 10: "2006-01-02"}[len(s)]
	if layout == "" {
		return false
	}
	t, err := time.Parse(layout, s)
	return err == nil && t.Year() >= 1800 && !t.After(time.Now())
}
