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
//
// The file, CSV or XML, is read twice and its rows are not held in memory: the
// first reading checks the file and counts the rows of each Group ID;
// the second makes each target once its last row is read and hands it
// over (to Options.Sink, or into the returned List), in the order of
// the groups' first rows. Only the rows of groups read in part are held,
// one group at a time in OFSI's files, whose groups' rows are together.
// A target that cannot be made (no name, unknown Group Type) is an
// error found on the second reading, when a sink may have been given
// the targets before it; "dossier lists load" then stores nothing.
package uk

import (
	"bytes"
	"context"
	"regexp"
	"strings"

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
	head, err := f.Head(4 << 10)
	if err != nil {
		return nil, &dossier.InputError{File: f.Name, Offset: -1, Err: err}
	}
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n")
	each := decodeCSV
	if bytes.HasPrefix(head, []byte("<")) {
		each = decodeXML
	}
	// The first reading checks the file and counts the rows of each
	// group, in the order of their first rows.
	p := &plan{index: map[string]int{}}
	published, err := each(ctx, f, p.add)
	if err != nil {
		return nil, err
	}
	if p.noID > 0 {
		return nil, build.Errorf(f.Name, p.noID, "", list.ErrMalformed, "row without Group ID")
	}
	b := build.NewBuilder(Dataset)
	b.NoSeen = true // one target and its Sanction per Group ID, made once
	if opts.Sink != nil {
		if err := b.Stream(opts.Sink, files, meta, published); err != nil {
			return nil, err
		}
	}
	// The second makes each target once its last row is read, handed
	// over (b.Flush) in the order of the groups' first rows.
	a := &assembler{plan: p, b: b, file: f.Name, pending: map[int]*group{}}
	if _, err := each(ctx, f, a.add); err != nil {
		return nil, err
	}
	if a.next != len(p.left) {
		return nil, build.Errorf(f.Name, 0, "", list.ErrMalformed, "the file changed while read: %d of %d targets read again", a.next, len(p.left))
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

// plan is what the first reading of a file learns: the groups in the
// order of their first rows, and how many rows each has.
type plan struct {
	index map[string]int // Group ID -> its place in left
	left  []int          // rows of each group not yet read again
	noID  int            // line of the first row without Group ID, 0 if none
}

func (p *plan) add(r row) error {
	id := r.get("GroupID")
	if id == "" {
		if p.noID == 0 {
			p.noID = max(r.line, 1)
		}
		return nil
	}
	i, ok := p.index[id]
	if !ok {
		i = len(p.left)
		p.index[strings.Clone(id)] = i // not the row's text, which a CSV field shares
		p.left = append(p.left, 0)
	}
	p.left[i]++
	return nil
}

// assembler gathers the rows of each group on the second reading and
// makes the target of each group whose rows are all read, in order: it
// holds only the groups read in part or waiting for an earlier one
// (none but the current one when a group's rows are together, as in
// OFSI's files).
type assembler struct {
	*plan
	b       *build.Builder
	file    string
	pending map[int]*group // by place in the plan
	next    int            // the next group to make
}

func (a *assembler) add(r row) error {
	id := r.get("GroupID")
	i, ok := a.index[id]
	if !ok || a.left[i] == 0 {
		return build.Errorf(a.file, r.line, "", list.ErrMalformed, "the file changed while read: Group ID %q read again", id)
	}
	g := a.pending[i]
	if g == nil {
		g = &group{id: id}
		a.pending[i] = g
	}
	g.rows = append(g.rows, r)
	a.left[i]--
	for a.next < len(a.left) && a.left[a.next] == 0 {
		g := a.pending[a.next]
		delete(a.pending, a.next)
		a.next++
		if err := g.entity(a.b); err != nil {
			return build.Errorf(a.file, g.rows[0].line, "Group ID "+g.id, list.ErrMalformed, "%v", err)
		}
		if err := a.b.Flush(); err != nil {
			return err
		}
	}
	return nil
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
