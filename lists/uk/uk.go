// Package uk loads the UK's Consolidated List of Financial Sanctions
// Targets as published by HM Treasury's Office of Financial Sanctions
// Implementation (OFSI) in its "2022 format": ConList.csv (a "Last
// Updated" row, a header row, then one row per name of a target) and
// ConList.xml (root ArrayOfFinancialSanctionsTarget in namespace
// http://schemas.hmtreasury.gov.uk/ofsi/consolidatedlist, one
// FinancialSanctionsTarget element per name). Rows of one target share
// its Group ID. The FCDO's UK Sanctions List formats are not read.
//
// Each target becomes a Person, Organization (Company when a name
// carries a legal form) or Vessel with ID "uk-" plus its Group ID,
// followed by a Sanction entity whose authorityId is the UK Sanctions
// List reference (e.g. "RUS0296") when given. Loading is all or
// nothing: malformed input gives a *dossier.InputError and no entities.
package uk

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"time"

	"dossier"
	"dossier/lists/internal/build"
	"dossier/lists/list"
)

// Authority is the Sanction authority of every UK listing.
const Authority = "UK HM Treasury/FCDO"

// Dataset is the dataset name of the list.
const Dataset = "gb_hmt_sanctions"

const sourceURL = "https://www.gov.uk/government/publications/financial-sanctions-consolidated-list-of-targets"

var meta = build.Meta{Dataset: Dataset, Title: "UK Consolidated List of Financial Sanctions Targets (OFSI)", Publisher: Authority}

// Load reads the list from one CSV or XML file (or a directory holding
// only it) and decodes it with Decode.
func Load(ctx context.Context, paths ...string) (*list.List, error) {
	return build.Load(ctx, DecodeOptions, list.Options{}, paths...)
}

// Decode decodes the list from one file, XML if it starts with "<",
// else CSV, streaming it.
func Decode(ctx context.Context, files ...list.File) (*list.List, error) {
	return DecodeOptions(ctx, list.Options{}, files...)
}

// DecodeOptions is Decode with options: a dataset other than Dataset
// is refused, as the UK list is always that dataset.
func DecodeOptions(ctx context.Context, opts list.Options, files ...list.File) (*list.List, error) {
	if err := build.CheckDataset(files, opts, Dataset); err != nil {
		return nil, err
	}
	if len(files) != 1 {
		name := ""
		if len(files) > 1 {
			name = files[1].Name
		}
		return nil, build.Errorf(name, 0, "", list.ErrMalformed, "the UK list is one CSV or XML file, got %d files", len(files))
	}
	f := files[0]
	var (
		rows      []row
		published time.Time
		err       error
	)
	head, err := f.Head(4 << 10)
	if err != nil {
		return nil, &dossier.InputError{File: f.Name, Offset: -1, Err: err}
	}
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n")
	if bytes.HasPrefix(head, []byte("<")) {
		rows, published, err = decodeXML(ctx, f)
	} else {
		rows, published, err = decodeCSV(ctx, f)
	}
	if err != nil {
		return nil, err
	}
	b := build.NewBuilder(Dataset)
	if err := buildEntities(b, f.Name, rows); err != nil {
		return nil, err
	}
	if err := b.NoTargets(f.Name); err != nil {
		return nil, err
	}
	l, err := b.List(files, meta, published)
	if err != nil {
		return nil, err
	}
	return list.Hand(l, opts)
}

// row is one name of a target: field values keyed by the XML element
// names (Name6, name1 … name5, GroupID, AliasType …), with its line.
type row struct {
	line   int
	fields map[string]string
}

func (r row) get(k string) string { return r.fields[k] }

var (
	reUKRef = regexp.MustCompile(`\(UK Sanctions List Ref\)\s*:?\s*([A-Z]{2,4}\d{3,5})`)
	reUNRef = regexp.MustCompile(`\bUN Ref\)?\s*:?\s*([A-Z]{2,3}[a-z]\.\d{3})`)
)

// group collects the rows of one target in order.
type group struct {
	id   string
	rows []row
}

// buildEntities groups rows by Group ID and makes each target and its
// Sanction.
func buildEntities(b *build.Builder, file string, rows []row) error {
	var groups []*group
	byID := map[string]*group{}
	for _, r := range rows {
		id := r.get("GroupID")
		if id == "" {
			return build.Errorf(file, r.line, "", list.ErrMalformed, "row without Group ID")
		}
		g := byID[id]
		if g == nil {
			g = &group{id: id}
			byID[id] = g
			groups = append(groups, g)
		}
		g.rows = append(g.rows, r)
	}
	for _, g := range groups {
		if err := g.entity(b); err != nil {
			return build.Errorf(file, g.rows[0].line, "Group ID "+g.id, list.ErrMalformed, "%v", err)
		}
	}
	return nil
}

func (g *group) entity(b *build.Builder) error {
	var gtype string
	for _, r := range g.rows {
		if t := r.get("GroupTypeDescription"); t != "" {
			gtype = t
			break
		}
	}
	// The primary name: the first row typed "Primary name", else the
	// first row with a name.
	primary := -1
	for i, r := range g.rows {
		if fullName(r) != "" && strings.EqualFold(r.get("AliasType"), "Primary name") {
			primary = i
			break
		}
	}
	if primary < 0 {
		for i, r := range g.rows {
			if fullName(r) != "" {
				primary = i
				break
			}
		}
	}
	if primary < 0 {
		return errNoName
	}
	name := fullName(g.rows[primary])
	var schema string
	switch strings.ToLower(gtype) {
	case "individual":
		schema = "Person"
	case "ship", "vessel":
		schema = "Vessel"
	case "entity", "":
		schema = "Organization"
		for _, r := range g.rows {
			if build.IsCompany(fullName(r)) {
				schema = "Company"
				break
			}
		}
	default:
		return errGroupType(gtype)
	}
	e := b.Make(schema, "uk-"+g.id)
	e.Caption = name
	e.Add("name", name)
	if p := g.rows[primary]; schema == "Person" {
		e.Add("firstName", build.Clean(p.get("name1")))
		e.Add("middleName", build.Join(" ", p.get("name2"), p.get("name3"), p.get("name4"), p.get("name5")))
		e.Add("lastName", build.Clean(p.get("Name6")))
	}
	s := b.Sanction(e, Authority)
	s.Add("sourceUrl", sourceURL)
	for i, r := range g.rows {
		if n := fullName(r); n != "" && i != primary {
			switch t := strings.ToLower(r.get("AliasType")); {
			case t == "fka":
				e.Add("previousName", n)
			case strings.HasPrefix(strings.ToLower(r.get("AliasQuality")), "low"):
				e.Add("weakAlias", n)
			default: // Primary name variation, AKA, Primary name of a second row
				e.Add("alias", n)
			}
		}
		e.Add("alias", build.Clean(r.get("NameNonLatinScript")))
		e.Add("title", build.SplitNumbered(r.get("Title"))...)
		if schema == "Person" {
			for _, d := range build.SplitNumbered(r.get("Individual_DateOfBirth")) {
				e.Add("birthDate", build.Dates(d)...)
			}
			towns := build.SplitNumbered(r.get("Individual_TownOfBirth"))
			countries := build.SplitNumbered(r.get("Individual_CountryOfBirth"))
			if len(towns) == len(countries) {
				for i := range towns {
					e.Add("birthPlace", build.Join(", ", towns[i], countries[i]))
				}
			} else {
				e.Add("birthPlace", towns...)
				e.Add("birthPlace", countries...)
			}
			e.Add("birthCountry", countries...)
			e.Add("nationality", build.SplitNumbered(strings.TrimSuffix(r.get("Individual_Nationality"), "."))...)
			e.Add("passportNumber", build.SplitNumbered(r.get("Individual_PassportNumber"))...)
			e.Add("idNumber", build.SplitNumbered(r.get("Individual_NINumber"))...)
			e.Add("position", build.SplitNumbered(r.get("Individual_Position"))...)
			e.Add("gender", build.Gender(r.get("Individual_Gender")))
		}
		e.Add("address", build.Join(", ", r.get("Address1"), r.get("Address2"), r.get("Address3"),
			r.get("Address4"), r.get("Address5"), r.get("Address6"), r.get("PostCode"), r.get("Country")))
		e.Add("country", build.Clean(r.get("Country")))
		notes := build.Clean(r.get("OtherInformation"))
		e.Add("notes", notes)
		ref := build.Clean(r.get("UKSanctionsListRef"))
		if m := reUKRef.FindStringSubmatch(notes); ref == "" && m != nil {
			ref = m[1]
		}
		s.Add("authorityId", ref)
		un := build.Clean(r.get("UNRef"))
		if m := reUNRef.FindStringSubmatch(notes); un == "" && m != nil {
			un = m[1]
		}
		s.Add("unscId", un)
		s.Add("program", build.Clean(r.get("RegimeName")))
		s.Add("listingDate", build.Dates(r.get("DateListed"))...)
		s.Add("startDate", build.Dates(r.get("DateDesignated"))...)
		s.Add("reason", build.Clean(r.get("UKStatementOfReasons")))
	}
	if len(s.Get("authorityId")) == 0 {
		s.Add("authorityId", g.id)
	}
	return nil
}

// fullName joins a row's name parts: given names (name1 … name5) then
// the family or entity name (Name6).
func fullName(r row) string {
	return build.Join(" ", r.get("name1"), r.get("name2"), r.get("name3"), r.get("name4"), r.get("name5"), r.get("Name6"))
}
