package ofac

import (
	"context"
	"encoding/xml"
	"strings"
	"time"

	"dossier/lists/internal/build"
	"dossier/lists/list"
)

// decodeXML decodes sdn.xml / consolidated.xml (root sdnList) or
// SDN_ADVANCED.XML / CONS_ADVANCED.XML (root Sanctions).
func decodeXML(ctx context.Context, opts list.Options, f list.File) (*list.List, error) {
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
	switch root.Name.Local {
	case "sdnList":
		return decodeClassic(ctx, opts, f, dec, root)
	case "Sanctions":
		return decodeAdvanced(ctx, opts, f, dec, root)
	}
	line, _ := dec.InputPos()
	return nil, build.Errorf(f.Name, line, "<"+root.Name.Local+">", list.ErrMalformed, "root element <%s>, want <sdnList> or <Sanctions>", root.Name.Local)
}

// sdnEntry is one entry of the classic XML.
type sdnEntry struct {
	UID       string   `xml:"uid"`
	FirstName string   `xml:"firstName"`
	LastName  string   `xml:"lastName"`
	Title     string   `xml:"title"`
	Type      string   `xml:"sdnType"`
	Remarks   string   `xml:"remarks"`
	Programs  []string `xml:"programList>program"`
	IDs       []struct {
		Type    string `xml:"idType"`
		Number  string `xml:"idNumber"`
		Country string `xml:"idCountry"`
	} `xml:"idList>id"`
	Akas []struct {
		Type      string `xml:"type"`
		Category  string `xml:"category"`
		FirstName string `xml:"firstName"`
		LastName  string `xml:"lastName"`
	} `xml:"akaList>aka"`
	Addresses []struct {
		Address1 string `xml:"address1"`
		Address2 string `xml:"address2"`
		Address3 string `xml:"address3"`
		City     string `xml:"city"`
		State    string `xml:"stateOrProvince"`
		Postal   string `xml:"postalCode"`
		Country  string `xml:"country"`
	} `xml:"addressList>address"`
	Nationalities []string `xml:"nationalityList>nationality>country"`
	Citizenships  []string `xml:"citizenshipList>citizenship>country"`
	DatesOfBirth  []string `xml:"dateOfBirthList>dateOfBirthItem>dateOfBirth"`
	PlacesOfBirth []string `xml:"placeOfBirthList>placeOfBirthItem>placeOfBirth"`
	Vessel        struct {
		CallSign string `xml:"callSign"`
		Type     string `xml:"vesselType"`
		Flag     string `xml:"vesselFlag"`
		Owner    string `xml:"vesselOwner"`
		Tonnage  string `xml:"tonnage"`
		GRT      string `xml:"grossRegisteredTonnage"`
	} `xml:"vesselInfo"`
}

// listName writes a name as the CSV files do: "LAST, First" for
// people, the last name alone otherwise.
func listName(first, last string) string {
	first, last = build.Clean(first), build.Clean(last)
	if first != "" && last != "" {
		return last + ", " + first
	}
	return first + last
}

func decodeClassic(ctx context.Context, opts list.Options, f list.File, dec *xml.Decoder, root xml.StartElement) (*list.List, error) {
	ds, err := resolveDataset(f.Name, nameDataset(f.Name), opts,
		"the classic XML does not say which it is and the file is not named sdn.xml or consolidated.xml")
	if err != nil {
		return nil, err
	}
	b := build.NewBuilder(ds)
	var published time.Time
	n := 0
	streaming := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, build.XMLError(f.Name, dec, "", err)
		}
		if end, ok := tok.(xml.EndElement); ok && end.Name.Local == root.Name.Local {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		line, _ := dec.InputPos()
		switch se.Name.Local {
		case "publshInformation", "publishInformation":
			var pi struct {
				Date string `xml:"Publish_Date"`
			}
			if err := dec.DecodeElement(&pi, &se); err != nil {
				return nil, build.XMLError(f.Name, dec, se.Name.Local, err)
			}
			published = build.Time(pi.Date, true)
		case "sdnEntry":
			if n++; n%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			record := "sdnEntry " + itoa(n) + " starting at line " + itoa(line)
			if opts.Sink != nil && !streaming {
				// The publication date comes first; each entry is
				// final once read: hand it over at once.
				if err := b.Stream(opts.Sink, []list.File{f}, meta(ds), published); err != nil {
					return nil, err
				}
				streaming = true
			}
			var en sdnEntry
			if err := dec.DecodeElement(&en, &se); err != nil {
				return nil, build.XMLError(f.Name, dec, record, err)
			}
			if err := en.entity(b); err != nil {
				return nil, build.Errorf(f.Name, line, record, list.ErrMalformed, "%v", err)
			}
			if err := b.Flush(); err != nil {
				return nil, err
			}
		default:
			if err := dec.Skip(); err != nil {
				return nil, build.XMLError(f.Name, dec, se.Name.Local, err)
			}
		}
	}
	if err := trailing(dec); err != nil {
		return nil, build.XMLError(f.Name, dec, "", err)
	}
	if err := b.NoTargets(f.Name); err != nil {
		return nil, err
	}
	return b.List([]list.File{f}, meta(ds), published)
}

func (en *sdnEntry) entity(b *build.Builder) error {
	uid := build.Clean(en.UID)
	if uid == "" {
		return errf("entry without uid")
	}
	if strings.ContainsAny(uid, " /") {
		return errf("uid %q is not a number", uid)
	}
	name := listName(en.FirstName, en.LastName)
	if name == "" {
		return errf("entry %s has no name", uid)
	}
	var schema string
	switch strings.ToLower(build.Clean(en.Type)) {
	case "individual":
		schema = "Person"
	case "vessel":
		schema = "Vessel"
	case "aircraft":
		schema = "Airplane"
	case "entity", "":
		schema = "Organization"
		if build.IsCompany(name) {
			schema = "Company"
		}
	default:
		return errf("unknown sdnType %q", en.Type)
	}
	if b.Seen("ofac-" + uid) {
		return errf("duplicate uid %s", uid)
	}
	e := b.Make(schema, "ofac-"+uid)
	e.Caption = name
	e.Add("name", name)
	if schema == "Person" {
		e.Add("firstName", build.Clean(en.FirstName))
		e.Add("lastName", build.Clean(en.LastName))
		e.Add("position", build.Clean(en.Title))
	} else {
		e.Add("notes", build.Clean(en.Title))
	}
	for _, a := range en.Akas {
		n := listName(a.FirstName, a.LastName)
		switch {
		case n == "":
		case strings.EqualFold(build.Clean(a.Category), "weak"):
			e.Add("weakAlias", n)
		case strings.EqualFold(strings.Trim(a.Type, ". "), "f.k.a"):
			e.Add("previousName", n)
		default:
			e.Add("alias", n)
		}
	}
	for _, a := range en.Addresses {
		e.Add("address", build.Join(", ", a.Address1, a.Address2, a.Address3, a.City, a.State, a.Postal, a.Country))
		e.Add("country", build.Clean(a.Country))
	}
	url := detailURL + uid
	e.Add("sourceUrl", url)
	s := b.Sanction(e, Authority)
	s.Add("authorityId", uid)
	s.Add("sourceUrl", url)
	for _, p := range en.Programs {
		s.Add("program", build.Clean(p))
		s.Add("programId", build.Clean(p))
	}
	if schema == "Person" {
		for _, d := range en.DatesOfBirth {
			e.Add("birthDate", build.Dates(d)...)
		}
		for _, p := range en.PlacesOfBirth {
			e.Add("birthPlace", build.Clean(p))
		}
		for _, c := range en.Nationalities {
			e.Add("nationality", build.Clean(c))
		}
		for _, c := range en.Citizenships {
			e.Add("citizenship", build.Clean(c))
		}
	}
	if schema == "Vessel" {
		v := en.Vessel
		e.Add("callSign", build.Clean(v.CallSign))
		e.Add("type", build.Clean(v.Type))
		e.Add("flag", build.Clean(v.Flag))
		e.Add("tonnage", build.Clean(v.Tonnage))
		e.Add("grossRegisteredTonnage", build.Clean(v.GRT))
	}
	if o := build.Clean(en.Vessel.Owner); o != "" {
		e.Add("notes", "Owner: "+o)
	}
	for _, id := range en.IDs {
		label, num := build.Clean(id.Type), build.Clean(id.Number)
		if _, ok := labels[label]; ok {
			applyLabel(e, s, label, num)
		} else if num != "" {
			e.Add("notes", build.Join(" ", label, num, paren(id.Country)))
		}
	}
	e.Add("notes", build.Clean(en.Remarks))
	applyRemarks(e, s, en.Remarks)
	return nil
}

func paren(s string) string {
	if s = build.Clean(s); s != "" {
		return "(" + s + ")"
	}
	return ""
}

// trailing reads what follows the root element: comments and white
// space only.
func trailing(dec *xml.Decoder) error {
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil
		}
		if _, ok := tok.(xml.StartElement); ok {
			return errf("element after the root element")
		}
	}
}
