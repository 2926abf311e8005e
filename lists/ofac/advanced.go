package ofac

import (
	"context"
	"encoding/xml"
	"fmt"
	"sort"
	"strings"
	"time"

	"dossier"
	"dossier/lists/internal/build"
	"dossier/lists/list"
)

// The advanced XML (SDN_ADVANCED.XML) normalizes everything: reference
// value sets give the meaning of numeric type IDs, locations and
// identity documents are listed apart from the parties that refer to
// them, and sanctions entries point at profiles. The parties come before
// the sanctions entries that give their programs, so this decoder reads
// the file twice: first every section, keeping all but the parties (the
// bulk of the file), then the parties alone, each made into its
// entities and handed over (to Options.Sink, or into the list) as soon
// as it is read. Memory is bounded by the reference values, locations,
// documents and entries, not by the parties.

type ymd struct {
	Year  string `xml:"Year"`
	Month string `xml:"Month"`
	Day   string `xml:"Day"`
}

func (d ymd) iso() string {
	y := build.Clean(d.Year)
	if y == "" {
		return ""
	}
	if m := pad2(d.Month); m != "" {
		y += "-" + m
		if dd := pad2(d.Day); dd != "" {
			y += "-" + dd
		}
	}
	return build.Date(y)
}

func pad2(s string) string {
	s = build.Clean(s)
	if s == "" || s == "0" || s == "00" {
		return ""
	}
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

type refValue struct {
	Text        string
	PartyTypeID string
}

type refSets struct {
	Sets []struct {
		Values []struct {
			XMLName     xml.Name
			ID          string `xml:"ID,attr"`
			PartyTypeID string `xml:"PartyTypeID,attr"`
			Text        string `xml:",chardata"`
		} `xml:",any"`
	} `xml:",any"`
}

type advLocation struct {
	ID        string `xml:"ID,attr"`
	Countries []struct {
		ID string `xml:"CountryID,attr"`
	} `xml:"LocationCountry"`
	Parts []struct {
		TypeID string `xml:"LocPartTypeID,attr"`
		Values []struct {
			Primary string `xml:"Primary,attr"`
			Value   string `xml:"Value"`
		} `xml:"LocationPartValue"`
	} `xml:"LocationPart"`
}

type advIDDoc struct {
	TypeID     string `xml:"IDRegDocTypeID,attr"`
	IdentityID string `xml:"IdentityID,attr"`
	CountryID  string `xml:"IssuedBy-CountryID,attr"`
	Number     string `xml:"IDRegistrationNo"`
	Comment    string `xml:"Comment"`
}

type advPeriod struct {
	Start struct {
		From ymd `xml:"From"`
		To   ymd `xml:"To"`
	} `xml:"Start"`
	End struct {
		From ymd `xml:"From"`
		To   ymd `xml:"To"`
	} `xml:"End"`
}

type advAlias struct {
	TypeID     string `xml:"AliasTypeID,attr"`
	Primary    string `xml:"Primary,attr"`
	LowQuality string `xml:"LowQuality,attr"`
	Names      []struct {
		Parts []struct {
			Value struct {
				GroupID string `xml:"NamePartGroupID,attr"`
				Text    string `xml:",chardata"`
			} `xml:"NamePartValue"`
		} `xml:"DocumentedNamePart"`
	} `xml:"DocumentedName"`
}

type advParty struct {
	FixedRef string `xml:"FixedRef,attr"`
	Comment  string `xml:"Comment"`
	Profiles []struct {
		ID         string `xml:"ID,attr"`
		SubTypeID  string `xml:"PartySubTypeID,attr"`
		Identities []struct {
			ID      string     `xml:"ID,attr"`
			Aliases []advAlias `xml:"Alias"`
			Groups  []struct {
				ID     string `xml:"ID,attr"`
				TypeID string `xml:"NamePartTypeID,attr"`
			} `xml:"NamePartGroups>MasterNamePartGroup>NamePartGroup"`
		} `xml:"Identity"`
		Features []struct {
			TypeID   string `xml:"FeatureTypeID,attr"`
			Versions []struct {
				Details []struct {
					RefID string `xml:"DetailReferenceID,attr"`
					Text  string `xml:",chardata"`
				} `xml:"VersionDetail"`
				Periods   []advPeriod `xml:"DatePeriod"`
				Locations []struct {
					ID string `xml:"LocationID,attr"`
				} `xml:"VersionLocation"`
			} `xml:"FeatureVersion"`
		} `xml:"Feature"`
	} `xml:"Profile"`
	line int
}

type advEntry struct {
	ProfileID string `xml:"ProfileID,attr"`
	ListID    string `xml:"ListID,attr"`
	Events    []struct {
		Date ymd `xml:"Date"`
	} `xml:"EntryEvent"`
	Measures []struct {
		TypeID  string `xml:"SanctionsTypeID,attr"`
		Comment string `xml:"Comment"`
	} `xml:"SanctionsMeasure"`
}

// advanced holds the decoded sections.
type advanced struct {
	refs      map[string]map[string]refValue // set ("AliasType") → ID → value
	locations map[string]advLocation
	docs      map[string][]advIDDoc // by IdentityID
	entries   map[string][]advEntry // by ProfileID
}

func (a *advanced) ref(set, id string) string { return build.Clean(a.refs[set][id].Text) }

func decodeAdvanced(ctx context.Context, opts list.Options, f list.File, dec *xml.Decoder, root xml.StartElement) (*list.List, error) {
	a := &advanced{
		refs:      map[string]map[string]refValue{},
		locations: map[string]advLocation{},
		docs:      map[string][]advIDDoc{},
		entries:   map[string][]advEntry{},
	}
	var published time.Time
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
		record := se.Name.Local + " starting at line " + itoa(line)
		switch se.Name.Local {
		case "DateOfIssue":
			var d ymd
			if err := dec.DecodeElement(&d, &se); err != nil {
				return nil, build.XMLError(f.Name, dec, record, err)
			}
			published = build.Time(d.iso(), false)
		case "ReferenceValueSets":
			var rs refSets
			if err := dec.DecodeElement(&rs, &se); err != nil {
				return nil, build.XMLError(f.Name, dec, record, err)
			}
			for _, set := range rs.Sets {
				for _, v := range set.Values {
					m := a.refs[v.XMLName.Local]
					if m == nil {
						m = map[string]refValue{}
						a.refs[v.XMLName.Local] = m
					}
					m[v.ID] = refValue{Text: v.Text, PartyTypeID: v.PartyTypeID}
				}
			}
		case "Locations":
			var ls struct {
				Items []advLocation `xml:"Location"`
			}
			if err := dec.DecodeElement(&ls, &se); err != nil {
				return nil, build.XMLError(f.Name, dec, record, err)
			}
			for _, l := range ls.Items {
				a.locations[l.ID] = l
			}
		case "IDRegDocuments":
			var ds struct {
				Items []advIDDoc `xml:"IDRegDocument"`
			}
			if err := dec.DecodeElement(&ds, &se); err != nil {
				return nil, build.XMLError(f.Name, dec, record, err)
			}
			for _, d := range ds.Items {
				a.docs[d.IdentityID] = append(a.docs[d.IdentityID], d)
			}
		case "DistinctParties":
			// Checked now, made into entities on the second reading.
			if err := readParties(ctx, f, dec, nil); err != nil {
				return nil, err
			}
		case "SanctionsEntries":
			var es struct {
				Items []advEntry `xml:"SanctionsEntry"`
			}
			if err := dec.DecodeElement(&es, &se); err != nil {
				return nil, build.XMLError(f.Name, dec, record, err)
			}
			for _, e := range es.Items {
				a.entries[e.ProfileID] = append(a.entries[e.ProfileID], e)
			}
		default:
			if err := dec.Skip(); err != nil {
				return nil, build.XMLError(f.Name, dec, record, err)
			}
		}
	}
	if err := trailing(dec); err != nil {
		return nil, build.XMLError(f.Name, dec, "", err)
	}
	ds, err := a.dataset(f.Name, opts)
	if err != nil {
		return nil, err
	}
	b := build.NewBuilder(ds)
	if opts.Sink != nil {
		if err := b.Stream(opts.Sink, []list.File{f}, meta(ds), published); err != nil {
			return nil, err
		}
	}
	if err := a.parties(ctx, f, b); err != nil {
		return nil, err
	}
	if err := b.NoTargets(f.Name); err != nil {
		return nil, err
	}
	return b.List([]list.File{f}, meta(ds), published)
}

// parties reads the file again, for its parties alone, and makes each
// into its entities, handed over (b.Flush) once made.
func (a *advanced) parties(ctx context.Context, f list.File, b *build.Builder) error {
	text, err := build.OpenXML(f)
	if err != nil {
		return err
	}
	defer text.Close()
	dec := build.NewXMLDecoder(text)
	if _, err := build.Root(dec, f.Name); err != nil {
		return build.XMLError(f.Name, dec, "", err)
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return build.XMLError(f.Name, dec, "", err)
		}
		if _, ok := tok.(xml.EndElement); ok {
			return nil // the root's end: checked on the first reading
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if se.Name.Local != "DistinctParties" {
			if err := dec.Skip(); err != nil {
				return build.XMLError(f.Name, dec, se.Name.Local, err)
			}
			continue
		}
		err = readParties(ctx, f, dec, func(p *advParty) error {
			if err := a.entity(b, p); err != nil {
				record := "DistinctParty " + p.FixedRef + " starting at line " + itoa(p.line)
				return build.Errorf(f.Name, p.line, record, list.ErrMalformed, "%v", err)
			}
			return b.Flush()
		})
		if err != nil {
			return err
		}
	}
}

// readParties decodes the DistinctParty elements of a DistinctParties
// element and calls fn with each; with fn nil, it only reads them
// through, which finds the same errors (every field is text).
func readParties(ctx context.Context, f list.File, dec *xml.Decoder, fn func(*advParty) error) error {
	n := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return build.XMLError(f.Name, dec, "DistinctParties", err)
		}
		if _, ok := tok.(xml.EndElement); ok {
			return nil
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		line, _ := dec.InputPos()
		if se.Name.Local != "DistinctParty" {
			if err := dec.Skip(); err != nil {
				return build.XMLError(f.Name, dec, se.Name.Local, err)
			}
			continue
		}
		if n++; n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		record := "DistinctParty " + build.Attr(se, "FixedRef") + " starting at line " + itoa(line)
		if fn == nil {
			if err := dec.Skip(); err != nil {
				return build.XMLError(f.Name, dec, record, err)
			}
			continue
		}
		p := &advParty{line: line}
		if err := dec.DecodeElement(p, &se); err != nil {
			return build.XMLError(f.Name, dec, record, err)
		}
		if err := fn(p); err != nil {
			return err
		}
	}
}

// location writes a location as one address string and returns its
// country.
func (a *advanced) location(id string) (full, country string) {
	l, ok := a.locations[id]
	if !ok {
		return "", ""
	}
	order := map[string]int{"ADDRESS1": 1, "ADDRESS2": 2, "ADDRESS3": 3, "CITY": 4, "STATE/PROVINCE": 5, "POSTAL CODE": 6, "REGION": 7}
	type part struct {
		rank  int
		value string
	}
	var parts []part
	for _, p := range l.Parts {
		t := strings.ToUpper(a.ref("LocPartType", p.TypeID))
		r, ok := order[t]
		if !ok {
			r = 8
		}
		for _, v := range p.Values {
			if v.Primary == "false" && len(p.Values) > 1 {
				continue
			}
			parts = append(parts, part{r, v.Value})
		}
	}
	sort.SliceStable(parts, func(i, j int) bool { return parts[i].rank < parts[j].rank })
	strs := make([]string, 0, len(parts)+1)
	for _, p := range parts {
		strs = append(strs, p.value)
	}
	for _, c := range l.Countries {
		if country = a.ref("Country", c.ID); country != "" {
			break
		}
	}
	strs = append(strs, country)
	return build.Join(", ", strs...), country
}

// periodDates turns a date period into birth-date values: one date if
// it is exact, the years if it spans whole years, else both ends.
func periodDates(p advPeriod) []string {
	start := p.Start.From.iso()
	end := p.End.To.iso()
	if end == "" {
		end = p.End.From.iso()
	}
	switch {
	case start == "" && end == "":
		return nil
	case start == "" || start == end:
		return []string{end}
	case end == "":
		return []string{start}
	}
	return build.Dates(start + " to " + end)
}

func (a *advanced) entity(b *build.Builder, p *advParty) error {
	if len(p.Profiles) == 0 {
		return errf("no Profile")
	}
	prof := p.Profiles[0]
	id := build.Clean(prof.ID)
	if id == "" {
		id = build.Clean(p.FixedRef)
	}
	if id == "" {
		return errf("no profile ID")
	}
	sub := a.refs["PartySubType"][prof.SubTypeID]
	kind := build.Clean(sub.Text)
	if kind == "" || kind == "Unknown" {
		kind = a.ref("PartyType", sub.PartyTypeID)
	}
	var schema string
	switch strings.ToLower(kind) {
	case "individual":
		schema = "Person"
	case "vessel":
		schema = "Vessel"
	case "aircraft":
		schema = "Airplane"
	case "entity":
		schema = "Organization"
	default:
		return errf("unknown party type %q (PartySubTypeID %s)", kind, prof.SubTypeID)
	}

	// Names, primary first.
	type named struct {
		full, first, middle, last string
		prop                      string
	}
	var names []named
	for _, ident := range prof.Identities {
		groups := map[string]string{}
		for _, g := range ident.Groups {
			groups[g.ID] = a.ref("NamePartType", g.TypeID)
		}
		for _, al := range ident.Aliases {
			prop := "alias"
			switch strings.ToUpper(a.ref("AliasType", al.TypeID)) {
			case "F.K.A.":
				prop = "previousName"
			case "NAME":
				prop = "name"
			}
			if al.Primary == "true" {
				prop = "name"
			} else if al.LowQuality == "true" {
				prop = "weakAlias"
			}
			for _, dn := range al.Names {
				parts := map[string][]string{}
				var other []string
				for _, np := range dn.Parts {
					t := groups[np.Value.GroupID]
					v := build.Clean(np.Value.Text)
					switch t {
					case "Last Name", "First Name", "Middle Name", "Patronymic", "Matronymic", "Maiden Name", "Nickname":
						parts[t] = append(parts[t], v)
					default: // Entity Name, Vessel Name, Aircraft Name
						other = append(other, v)
					}
				}
				n := named{prop: prop}
				n.last = strings.Join(parts["Last Name"], " ")
				n.first = strings.Join(parts["First Name"], " ")
				n.middle = build.Join(" ", strings.Join(parts["Middle Name"], " "), strings.Join(parts["Patronymic"], " "), strings.Join(parts["Matronymic"], " "))
				given := build.Join(" ", n.first, n.middle, strings.Join(parts["Maiden Name"], " "), strings.Join(parts["Nickname"], " "))
				n.full = build.Join(" ", listName(given, n.last), strings.Join(other, " "))
				if n.full != "" {
					names = append(names, n)
				}
			}
		}
	}
	sort.SliceStable(names, func(i, j int) bool { return names[i].prop == "name" && names[j].prop != "name" })
	if len(names) == 0 {
		return errf("profile %s has no name", id)
	}
	if schema == "Organization" && build.IsCompany(names[0].full) {
		schema = "Company"
	}
	if b.Seen("ofac-" + id) {
		return errf("duplicate profile %s", id)
	}
	e := b.Make(schema, "ofac-"+id)
	e.Caption = names[0].full
	for i, n := range names {
		prop := n.prop
		if i == 0 {
			prop = "name"
		} else if prop == "name" {
			prop = "alias"
		}
		e.Add(prop, n.full)
		if schema == "Person" && i == 0 {
			e.Add("firstName", n.first)
			e.Add("middleName", n.middle)
			e.Add("lastName", n.last)
		}
	}
	url := detailURL + id
	e.Add("sourceUrl", url)
	e.Add("notes", build.Clean(p.Comment))
	s := b.Sanction(e, Authority)
	s.Add("authorityId", id)
	s.Add("sourceUrl", url)
	var listed []string
	for _, en := range a.entries[id] {
		for _, m := range en.Measures {
			if strings.EqualFold(a.ref("SanctionsType", m.TypeID), "Program") {
				s.Add("program", build.Clean(m.Comment))
				s.Add("programId", build.Clean(m.Comment))
			}
		}
		for _, ev := range en.Events {
			if d := ev.Date.iso(); d != "" {
				listed = append(listed, d)
			}
		}
	}
	if len(listed) > 0 {
		sort.Strings(listed)
		s.Add("listingDate", listed[0])
	}
	for _, ident := range prof.Identities {
		for _, d := range a.docs[ident.ID] {
			label := a.ref("IDRegDocType", d.TypeID)
			num := build.Clean(d.Number)
			if _, ok := labels[label]; ok {
				applyLabel(e, s, label, num)
			} else if num != "" {
				e.Add("notes", build.Join(" ", label, num, paren(a.ref("Country", d.CountryID))))
			}
		}
	}
	for _, ft := range prof.Features {
		label := a.ref("FeatureType", ft.TypeID)
		for _, v := range ft.Versions {
			var values []string
			for _, d := range v.Details {
				if d.RefID != "" {
					values = append(values, a.ref("DetailReference", d.RefID))
				} else {
					values = append(values, build.Clean(d.Text))
				}
			}
			var dates []string
			for _, pd := range v.Periods {
				dates = append(dates, periodDates(pd)...)
			}
			var places, countries []string
			for _, l := range v.Locations {
				full, country := a.location(l.ID)
				places = append(places, full)
				countries = append(countries, country)
			}
			a.feature(e, s, label, values, dates, places, countries)
		}
	}
	return nil
}

// feature applies one version of a feature to the target.
func (a *advanced) feature(e, s *dossier.Entity, label string, values, dates, places, countries []string) {
	person := e.Schema == "Person"
	switch label {
	case "Birthdate":
		if person {
			e.Add("birthDate", dates...)
		}
	case "Place of Birth":
		if person {
			e.Add("birthPlace", places...)
			e.Add("birthPlace", values...)
		}
	case "Nationality Country":
		if person {
			e.Add("nationality", countries...)
			e.Add("nationality", values...)
		}
	case "Citizenship Country":
		if person {
			e.Add("citizenship", countries...)
			e.Add("citizenship", values...)
		}
	case "Location", "Address":
		e.Add("address", places...)
		e.Add("country", countries...)
	case "Title":
		if person {
			e.Add("position", values...)
		}
	case "Vessel Call Sign", "VESSEL TYPE", "Vessel Type", "Vessel Flag", "Vessel Tonnage", "Vessel Gross Registered Tonnage":
		if e.Schema != "Vessel" {
			return
		}
		prop := map[string]string{
			"Vessel Call Sign": "callSign", "VESSEL TYPE": "type", "Vessel Type": "type", "Vessel Flag": "flag",
			"Vessel Tonnage": "tonnage", "Vessel Gross Registered Tonnage": "grossRegisteredTonnage",
		}[label]
		e.Add(prop, values...)
		if prop == "flag" {
			e.Add(prop, countries...)
		}
	case "Vessel Owner":
		for _, v := range values {
			e.Add("notes", "Owner: "+v)
		}
	default:
		if _, ok := labels[label]; ok {
			for _, v := range append(append(values, dates...), countries...) {
				applyLabel(e, s, label, v)
			}
			return
		}
		for _, v := range append(append(values, dates...), places...) {
			e.Add("notes", build.Join(" ", label, v))
		}
	}

}

// dataset tells the list from the lists its sanctions entries are on:
// all on "SDN List" is the SDN list, none on it the consolidated
// (non-SDN) list; a mix, or no entries, cannot tell.
func (a *advanced) dataset(file string, opts list.Options) (string, error) {
	sdn, other := 0, 0
	otherName := ""
	for _, es := range a.entries {
		for _, e := range es {
			if name := a.ref("List", e.ListID); strings.EqualFold(name, "SDN List") {
				sdn++
			} else {
				other++
				otherName = name
			}
		}
	}
	found, why := "", "the file has no sanctions entries"
	switch {
	case sdn > 0 && other == 0:
		found = DatasetSDN
	case other > 0 && sdn == 0:
		found = DatasetCons
	case sdn > 0:
		why = fmt.Sprintf("%d sanctions entries are on the SDN List and %d on others (%q)", sdn, other, otherName)
	}
	return resolveDataset(file, found, opts, why)
}
