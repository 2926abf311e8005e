// Package un loads the UN Security Council Consolidated List in its
// official XML format (root element CONSOLIDATED_LIST, published at
// scsanctions.un.org).
//
// Each INDIVIDUAL becomes a Person and each ENTITY an Organization (a
// Company when its name carries a legal form), with ID "un-" plus the
// record's DATAID, each followed by a Sanction entity whose authorityId
// is the UN reference number (e.g. "CDi.001"). Loading is all or
// nothing: malformed XML gives a *dossier.InputError naming the line
// and the record, and no entities.
package un

import (
	"context"
	"encoding/xml"
	"strings"

	"dossier/lists/internal/build"
	"dossier/lists/list"
)

// Authority is the Sanction authority of every UN listing.
const Authority = "UN Security Council"

// Dataset is the dataset name of the list.
const Dataset = "un_sc_sanctions"

// sourceURL is the list's home page.
const sourceURL = "https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list"

var meta = build.Meta{Dataset: Dataset, Title: "UN Security Council Consolidated List", Publisher: Authority}

// Load reads the list from one XML file (or a directory holding only
// it) and decodes it with Decode.
func Load(ctx context.Context, paths ...string) (*list.List, error) {
	return build.Load(ctx, DecodeOptions, list.Options{}, paths...)
}

// Decode decodes the list from one XML file, streaming it.
func Decode(ctx context.Context, files ...list.File) (*list.List, error) {
	return DecodeOptions(ctx, list.Options{}, files...)
}

// DecodeOptions is Decode with options: a dataset other than Dataset
// is refused, as the UN list is always that dataset.
func DecodeOptions(ctx context.Context, opts list.Options, files ...list.File) (*list.List, error) {
	if err := build.CheckDataset(files, opts, Dataset); err != nil {
		return nil, err
	}
	if len(files) != 1 {
		name := ""
		if len(files) > 0 {
			name = files[1].Name // the first file beyond one
		}
		return nil, build.Errorf(name, 0, "", list.ErrMalformed, "the UN list is one XML file, got %d files", len(files))
	}
	f := files[0]
	text, err := build.OpenXML(f)
	if err != nil {
		return nil, err
	}
	defer text.Close()
	dec := build.NewXMLDecoder(text)
	root, err := build.Root(dec, f.Name)
	if err != nil {
		return nil, build.XMLError(f.Name, dec, "", err)
	}
	if root.Name.Local != "CONSOLIDATED_LIST" {
		line, _ := dec.InputPos()
		return nil, build.Errorf(f.Name, line, "<"+root.Name.Local+">", list.ErrMalformed, "root element <%s>, want <CONSOLIDATED_LIST>", root.Name.Local)
	}
	published := build.Time(build.Attr(root, "dateGenerated"), false)
	b := build.NewBuilder(Dataset)
	if opts.Sink != nil {
		// Each record is final once read: hand it over at once.
		if err := b.Stream(opts.Sink, files, meta, published); err != nil {
			return nil, err
		}
	}
	n := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, build.XMLError(f.Name, dec, "", err)
		}
		if end, ok := tok.(xml.EndElement); ok && end.Name.Local == root.Name.Local {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok || (se.Name.Local != "INDIVIDUAL" && se.Name.Local != "ENTITY") {
			continue
		}
		if n++; n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		line, _ := dec.InputPos()
		var r record
		if err := dec.DecodeElement(&r, &se); err != nil {
			return nil, build.XMLError(f.Name, dec, se.Name.Local+" "+recordName(n, line), err)
		}
		if err := r.entity(b, se.Name.Local == "INDIVIDUAL"); err != nil {
			return nil, build.Errorf(f.Name, line, se.Name.Local+" "+recordName(n, line), list.ErrMalformed, "%v", err)
		}
		if err := b.Flush(); err != nil {
			return nil, err
		}
	}
	// Nothing may follow the root but white space and comments.
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if _, ok := tok.(xml.StartElement); ok {
			return nil, build.XMLError(f.Name, dec, "", errTrailing)
		}
	}
	if err := b.NoTargets(f.Name); err != nil {
		return nil, err
	}
	return b.List(files, meta, published)
}

func recordName(n, line int) string {
	return "record " + itoa(n) + " starting at line " + itoa(line)
}

// record is one INDIVIDUAL or ENTITY.
type record struct {
	DataID      string   `xml:"DATAID"`
	First       string   `xml:"FIRST_NAME"`
	Second      string   `xml:"SECOND_NAME"`
	Third       string   `xml:"THIRD_NAME"`
	Fourth      string   `xml:"FOURTH_NAME"`
	Original    string   `xml:"NAME_ORIGINAL_SCRIPT"`
	ListType    string   `xml:"UN_LIST_TYPE"`
	Reference   string   `xml:"REFERENCE_NUMBER"`
	ListedOn    string   `xml:"LISTED_ON"`
	Gender      string   `xml:"GENDER"`
	Comments    string   `xml:"COMMENTS1"`
	Titles      []string `xml:"TITLE>VALUE"`
	Designation []string `xml:"DESIGNATION>VALUE"`
	Nationality []string `xml:"NATIONALITY>VALUE"`
	Aliases     []alias  `xml:"INDIVIDUAL_ALIAS"`
	EntAliases  []alias  `xml:"ENTITY_ALIAS"`
	Addresses   []place  `xml:"INDIVIDUAL_ADDRESS"`
	EntAddress  []place  `xml:"ENTITY_ADDRESS"`
	Births      []birth  `xml:"INDIVIDUAL_DATE_OF_BIRTH"`
	BirthPlaces []place  `xml:"INDIVIDUAL_PLACE_OF_BIRTH"`
	Documents   []doc    `xml:"INDIVIDUAL_DOCUMENT"`
}

type alias struct {
	Quality      string `xml:"QUALITY"`
	Name         string `xml:"ALIAS_NAME"`
	DateOfBirth  string `xml:"DATE_OF_BIRTH"`
	CityOfBirth  string `xml:"CITY_OF_BIRTH"`
	CountryBirth string `xml:"COUNTRY_OF_BIRTH"`
	Note         string `xml:"NOTE"`
}

type place struct {
	Street  string `xml:"STREET"`
	City    string `xml:"CITY"`
	State   string `xml:"STATE_PROVINCE"`
	Zip     string `xml:"ZIP_CODE"`
	Country string `xml:"COUNTRY"`
	Note    string `xml:"NOTE"`
}

func (p place) full() string { return build.Join(", ", p.Street, p.City, p.State, p.Zip, p.Country) }

type birth struct {
	Type     string `xml:"TYPE_OF_DATE"`
	Date     string `xml:"DATE"`
	Year     string `xml:"YEAR"`
	FromYear string `xml:"FROM_YEAR"`
	ToYear   string `xml:"TO_YEAR"`
	Note     string `xml:"NOTE"`
}

type doc struct {
	Type    string `xml:"TYPE_OF_DOCUMENT"`
	Type2   string `xml:"TYPE_OF_DOCUMENT2"`
	Number  string `xml:"NUMBER"`
	Country string `xml:"ISSUING_COUNTRY"`
	Note    string `xml:"NOTE"`
}

// entity makes the target and Sanction entities of a record.
func (r *record) entity(b *build.Builder, person bool) error {
	id := build.Clean(r.DataID)
	if id == "" {
		return errNoID
	}
	parts := []string{build.Clean(r.First), build.Clean(r.Second), build.Clean(r.Third), build.Clean(r.Fourth)}
	name := build.Join(" ", parts...)
	aliases := r.Aliases
	if !person {
		aliases = r.EntAliases
	}
	schema := "Person"
	if !person {
		schema = "Organization"
		if build.IsCompany(name) {
			schema = "Company"
		}
	}
	if b.Seen("un-" + id) {
		return errDuplicate(id)
	}
	e := b.Make(schema, "un-"+id)
	if name == "" {
		// A record without name parts is named by its first good alias.
		for _, a := range aliases {
			if n := build.Clean(a.Name); n != "" {
				name = n
				break
			}
		}
		if name == "" {
			return errNoName
		}
	}
	e.Caption = name
	e.Add("name", name)
	if person {
		var given []string
		for _, p := range parts {
			if p != "" {
				given = append(given, p)
			}
		}
		// UN names are given in order, first name first; the last
		// part is the family name when there is more than one.
		if len(given) > 0 {
			e.Add("firstName", given[0])
		}
		if len(given) > 1 {
			e.Add("lastName", given[len(given)-1])
			if len(given) > 2 {
				e.Add("middleName", strings.Join(given[1:len(given)-1], " "))
			}
		}
	}
	e.Add("alias", build.Clean(r.Original))
	for _, a := range aliases {
		n := build.Clean(a.Name)
		if n == "" {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(a.Quality)) {
		case "low", "b":
			e.Add("weakAlias", n)
		case "f.k.a.", "fka":
			e.Add("previousName", n)
		default: // Good, a, a.k.a.
			e.Add("alias", n)
		}
		if person {
			e.Add("birthDate", build.Dates(a.DateOfBirth)...)
			e.Add("birthPlace", build.Join(", ", a.CityOfBirth, a.CountryBirth))
		}
	}
	for _, v := range r.Titles {
		e.Add("title", build.Clean(v))
	}
	for _, v := range r.Designation {
		e.Add("position", build.Clean(v))
	}
	for _, v := range r.Nationality {
		e.Add("nationality", build.Clean(v))
	}
	e.Add("gender", build.Gender(r.Gender))
	addrs := r.Addresses
	if !person {
		addrs = r.EntAddress
	}
	for _, a := range addrs {
		e.Add("address", a.full())
		e.Add("country", build.Clean(a.Country))
	}
	for _, bd := range r.Births {
		switch {
		case bd.Date != "":
			e.Add("birthDate", build.Dates(bd.Date)...)
		case bd.Year != "":
			e.Add("birthDate", build.Dates(bd.Year)...)
		case bd.FromYear != "" || bd.ToYear != "":
			e.Add("birthDate", build.Dates(bd.FromYear)...)
			e.Add("birthDate", build.Dates(bd.ToYear)...)
		default:
			e.Add("birthDate", build.Dates(bd.Note)...)
		}
	}
	for _, p := range r.BirthPlaces {
		e.Add("birthPlace", p.full())
		e.Add("birthCountry", build.Clean(p.Country))
	}
	for _, d := range r.Documents {
		num := build.Clean(d.Number)
		if num == "" {
			continue
		}
		t := strings.ToLower(d.Type + " " + d.Type2)
		if strings.Contains(t, "passport") || strings.Contains(t, "passeport") || strings.Contains(t, "pasaporte") {
			e.Add("passportNumber", num)
		} else {
			e.Add("idNumber", num)
		}
	}
	e.Add("notes", build.Clean(r.Comments))
	e.Add("sourceUrl", sourceURL)

	s := b.Sanction(e, Authority)
	s.Add("program", build.Clean(r.ListType))
	s.Add("authorityId", build.Clean(r.Reference))
	s.Add("unscId", build.Clean(r.Reference))
	s.Add("listingDate", build.Dates(r.ListedOn)...)
	s.Add("sourceUrl", sourceURL)
	return nil
}
