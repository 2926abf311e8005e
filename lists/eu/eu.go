// Package eu loads the European Union's Consolidated Financial
// Sanctions List (the Financial Sanctions Files, FSF) in its XML format
// (root <export> in namespace http://eu.europa.ec/fpi/fsd/export,
// "xmlFullSanctionsList_1_1") and its CSV format ("CSV 1.1":
// semicolon-separated, a header row, one row per name, address, birth
// date, document or citizenship of an entity, rows sharing
// Entity_LogicalId).
//
// Each sanctionEntity becomes a Person or an Organization (a Company
// when a name carries a legal form) with ID "eu-" plus its logicalId,
// followed by a Sanction entity whose authorityId is the EU reference
// number (e.g. "EU.27.28"). Loading is all or nothing: malformed input
// gives a *dossier.InputError and no entities (with Options.Sink, the
// error ends the load and the sink discards what it was given).
//
// Both formats stream, holding only the IDs handed over: the XML hands
// each sanctionEntity to the sink once read; the CSV, whose rows of one
// entity may lie apart, is read twice, the first time to check every row
// and note each entity's last row, the second to hand each entity over
// once its last row is read, in the order of first rows. Errors are
// those of a whole reading: an XML or CSV error anywhere in the file
// comes before any entity's error (no logicalId, no name, an unknown
// subject type, an entity ID made twice).
package eu

import (
	"bytes"
	"context"
	"sort"
	"strings"

	"dossier"
	"dossier/lists/internal/build"
	"dossier/lists/list"
)

// Authority is the Sanction authority of every EU listing.
const Authority = "European Union"

// Dataset is the dataset name of the list.
const Dataset = "eu_fsf"

var meta = build.Meta{Dataset: Dataset, Title: "EU Consolidated Financial Sanctions List", Publisher: Authority}

// Load reads the list from one XML or CSV file (or a directory holding
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
// is refused, as the EU list is always that dataset.
func DecodeOptions(ctx context.Context, opts list.Options, files ...list.File) (*list.List, error) {
	if err := build.CheckDataset(files, opts, Dataset); err != nil {
		return nil, err
	}
	if len(files) != 1 {
		name := ""
		if len(files) > 1 {
			name = files[1].Name
		}
		return nil, build.Errorf(name, 0, "", list.ErrMalformed, "the EU list is one XML or CSV file, got %d files", len(files))
	}
	f := files[0]
	head, err := f.Head(4 << 10)
	if err != nil {
		return nil, &dossier.InputError{File: f.Name, Offset: -1, Err: err}
	}
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n")
	if bytes.HasPrefix(head, []byte("<")) {
		return decodeXML(ctx, opts, f)
	}
	return decodeCSV(ctx, opts, f)
}

// subject is one sanctionEntity, read from XML or assembled from CSV
// rows. The field names follow the XML attributes.
type subject struct {
	LogicalID          string          `xml:"logicalId,attr"`
	EURef              string          `xml:"euReferenceNumber,attr"`
	UNID               string          `xml:"unitedNationId,attr"`
	DesignationDate    string          `xml:"designationDate,attr"`
	DesignationDetails string          `xml:"designationDetails,attr"`
	Remarks            []string        `xml:"remark"`
	Regulations        []regulation    `xml:"regulation"`
	Type               subjectType     `xml:"subjectType"`
	Names              []nameAlias     `xml:"nameAlias"`
	Citizenships       []country       `xml:"citizenship"`
	Births             []birth         `xml:"birthdate"`
	IDs                []document      `xml:"identification"`
	Addresses          []address       `xml:"address"`
	line               int             // where it starts in the file
	seen               map[string]bool // CSV: sub-records already added
}

type subjectType struct {
	Code           string `xml:"code,attr"`
	Classification string `xml:"classificationCode,attr"`
}

type regulation struct {
	Programme       string `xml:"programme,attr"`
	NumberTitle     string `xml:"numberTitle,attr"`
	PublicationDate string `xml:"publicationDate,attr"`
	EntryIntoForce  string `xml:"entryIntoForceDate,attr"`
	URL             string `xml:"publicationUrl"`
}

type nameAlias struct {
	First    string   `xml:"firstName,attr"`
	Middle   string   `xml:"middleName,attr"`
	Last     string   `xml:"lastName,attr"`
	Whole    string   `xml:"wholeName,attr"`
	Function string   `xml:"function,attr"`
	Gender   string   `xml:"gender,attr"`
	Title    string   `xml:"title,attr"`
	Language string   `xml:"nameLanguage,attr"`
	Strong   string   `xml:"strong,attr"`
	Remarks  []string `xml:"remark"`
}

type country struct {
	Description string `xml:"countryDescription,attr"`
	ISO2        string `xml:"countryIso2Code,attr"`
	Region      string `xml:"region,attr"`
}

type birth struct {
	Date     string `xml:"birthdate,attr"`
	Day      string `xml:"dayOfMonth,attr"`
	Month    string `xml:"monthOfYear,attr"`
	Year     string `xml:"year,attr"`
	YearFrom string `xml:"yearRangeFrom,attr"`
	YearTo   string `xml:"yearRangeTo,attr"`
	City     string `xml:"city,attr"`
	Place    string `xml:"place,attr"`
	Region   string `xml:"region,attr"`
	ZipCode  string `xml:"zipCode,attr"`
	country
}

type document struct {
	Number      string `xml:"number,attr"`
	LatinNumber string `xml:"latinNumber,attr"`
	TypeCode    string `xml:"identificationTypeCode,attr"`
	TypeDesc    string `xml:"identificationTypeDescription,attr"`
	country
}

type address struct {
	Street   string    `xml:"street,attr"`
	PoBox    string    `xml:"poBox,attr"`
	City     string    `xml:"city,attr"`
	ZipCode  string    `xml:"zipCode,attr"`
	Region   string    `xml:"region,attr"`
	Place    string    `xml:"place,attr"`
	Contacts []contact `xml:"contactInfo"`
	Remarks  []string  `xml:"remark"`
	country
}

type contact struct {
	Key   string `xml:"key,attr"`
	Value string `xml:"value,attr"`
}

// countryName returns the country description, "" for UNKNOWN.
func (c country) countryName() string {
	d := build.Clean(c.Description)
	if strings.EqualFold(d, "unknown") || strings.EqualFold(d, "00") {
		return ""
	}
	return d
}

func (n nameAlias) full() string {
	if w := build.Clean(n.Whole); w != "" {
		return w
	}
	return build.Join(" ", n.First, n.Middle, n.Last)
}

// weak reports whether an alias is marked not strong, or its remark
// calls it low quality (the CSV format has no strength column).
func (n nameAlias) weak() bool {
	if strings.EqualFold(strings.TrimSpace(n.Strong), "false") {
		return true
	}
	for _, r := range n.Remarks {
		r = strings.ToLower(r)
		if strings.Contains(r, "low quality") || strings.Contains(r, "lo quality") {
			return true
		}
	}
	return false
}

// entity makes the target and Sanction entities of a subject.
func (s *subject) entity(b *build.Builder) error {
	id := build.Clean(s.LogicalID)
	if id == "" {
		return errNoID
	}
	var schema string
	code := strings.ToLower(build.Clean(s.Type.Code))
	class := strings.ToUpper(build.Clean(s.Type.Classification))
	switch {
	case code == "person" || code == "" && class == "P":
		schema = "Person"
	case code == "enterprise" || code == "" && class == "E":
		schema = "Organization"
		for _, n := range s.Names {
			if build.IsCompany(n.full()) {
				schema = "Company"
				break
			}
		}
	default:
		return errSubjectType(s.Type.Code, s.Type.Classification)
	}
	// The primary name: the first strong alias without a language
	// (the regulation's own language), else the first strong one, else
	// the first one.
	primary := -1
	for pass := 0; pass < 3 && primary < 0; pass++ {
		for i, n := range s.Names {
			if n.full() == "" {
				continue
			}
			if pass == 0 && (n.weak() || (n.Language != "" && !strings.EqualFold(n.Language, "EN"))) || pass == 1 && n.weak() {
				continue
			}
			primary = i
			break
		}
	}
	if primary < 0 {
		return errNoName
	}
	// An ID made already (and perhaps handed over) is refused, be it a
	// target's or a Sanction's ("eu-" plus another logicalId plus
	// "-sanction").
	if b.Seen("eu-" + id) {
		return errDuplicate(id)
	}
	if b.Seen("eu-" + id + "-sanction") {
		return errTaken(id, "eu-"+id+"-sanction")
	}
	e := b.Make(schema, "eu-"+id)
	e.Caption = s.Names[primary].full()
	e.Add("name", e.Caption)
	for i, n := range s.Names {
		full := n.full()
		switch {
		case i == primary || full == "":
		case n.weak():
			e.Add("weakAlias", full)
		default:
			e.Add("alias", full)
		}
		if schema == "Person" && !n.weak() {
			e.Add("firstName", build.Clean(n.First))
			e.Add("middleName", build.Clean(n.Middle))
			e.Add("lastName", build.Clean(n.Last))
		}
		e.Add("title", build.SplitNumbered(n.Title)...)
		if schema == "Person" {
			e.Add("position", build.SplitNumbered(n.Function)...)
			e.Add("gender", build.Gender(n.Gender))
		} else {
			e.Add("notes", build.Clean(n.Function))
		}
		for _, r := range n.Remarks {
			e.Add("notes", build.Clean(r))
		}
	}
	for _, c := range s.Citizenships {
		if schema == "Person" {
			e.Add("nationality", c.countryName())
		} else {
			e.Add("country", c.countryName())
		}
	}
	for _, bd := range s.Births {
		if schema != "Person" {
			break
		}
		switch {
		case bd.Date != "":
			e.Add("birthDate", build.Dates(bd.Date)...)
		case bd.Year != "":
			d := build.Clean(bd.Year)
			if m := pad(bd.Month); m != "" {
				d += "-" + m
				if day := pad(bd.Day); day != "" {
					d += "-" + day
				}
			}
			e.Add("birthDate", build.Dates(d)...)
		default:
			e.Add("birthDate", build.Dates(bd.YearFrom)...)
			e.Add("birthDate", build.Dates(bd.YearTo)...)
		}
		e.Add("birthPlace", build.Join(", ", bd.City, bd.Place, bd.Region, bd.countryName()))
		e.Add("birthCountry", bd.countryName())
	}
	for _, d := range s.IDs {
		num := build.Clean(d.Number)
		if num == "" {
			num = build.Clean(d.LatinNumber)
		}
		if num == "" {
			continue
		}
		prop := "idNumber"
		switch strings.ToLower(build.Clean(d.TypeCode)) {
		case "passport":
			prop = "passportNumber"
			if schema != "Person" {
				prop = "idNumber"
			}
		case "fiscalcode", "tax":
			prop = "taxNumber"
		case "regnumber":
			prop = "registrationNumber"
		case "swiftbic":
			prop = "swiftBic"
		}
		e.Add(prop, num)
	}
	for _, a := range s.Addresses {
		e.Add("address", build.Join(", ", a.Street, a.PoBox, a.City, a.ZipCode, a.Place, a.Region, a.countryName()))
		e.Add("country", a.countryName())
		for _, c := range a.Contacts {
			switch strings.ToUpper(build.Clean(c.Key)) {
			case "PHONE", "FAX":
				e.Add("phone", build.Clean(c.Value))
			case "EMAIL":
				e.Add("email", build.Clean(c.Value))
			case "WEB":
				e.Add("website", build.Clean(c.Value))
			}
		}
		for _, r := range a.Remarks {
			e.Add("notes", build.Clean(r))
		}
	}
	for _, r := range s.Remarks {
		e.Add("notes", build.Clean(r))
	}

	sn := b.Sanction(e, Authority)
	sn.Add("authorityId", build.Clean(s.EURef))
	sn.Add("unscId", build.Clean(s.UNID))
	sn.Add("reason", build.Clean(s.DesignationDetails))
	listed := build.Dates(s.DesignationDate)
	var pubDates []string
	for _, r := range s.Regulations {
		sn.Add("program", build.Clean(r.Programme))
		sn.Add("programId", build.Clean(r.Programme))
		sn.Add("sourceUrl", build.Clean(r.URL))
		sn.Add("summary", build.Clean(r.NumberTitle))
		pubDates = append(pubDates, build.Dates(r.PublicationDate)...)
	}
	if len(listed) == 0 && len(pubDates) > 0 {
		sort.Strings(pubDates)
		listed = pubDates[:1]
	}
	sn.Add("listingDate", listed...)
	return nil
}

// pad writes a month or day as two digits; "" and "0" stay empty.
func pad(s string) string {
	s = strings.TrimSpace(s)
	switch len(s) {
	case 0:
		return ""
	case 1:
		if s == "0" {
			return ""
		}
		return "0" + s
	}
	if s == "00" {
		return ""
	}
	return s
}
