package eu

import (
	"context"
	"encoding/csv"
	"strconv"
	"strings"
	"time"

	"dossier/lists/internal/build"
	"dossier/lists/list"
)

// decodeCSV reads an FSF "CSV 1.1" file: semicolon-separated, UTF-8, a
// header row naming the columns (Entity_LogicalId, NameAlias_WholeName,
// Address_City, BirthDate_BirthDate, Identification_Number,
// Citizenship_CountryDescription, …), then rows that each carry the
// entity's columns and one of its sub-records. Columns are found by
// header name, so their order and any extra columns do not matter.
func decodeCSV(ctx context.Context, f list.File) ([]*subject, time.Time, error) {
	text, err := build.OpenText(f, build.UTF8, build.GuardLines)
	if err != nil {
		return nil, time.Time{}, err
	}
	defer text.Close()
	r := csv.NewReader(text)
	r.Comma = ';'
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, time.Time{}, build.CSVError(f.Name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, req := range []string{"entity_logicalid", "namealias_wholename"} {
		if _, ok := col[req]; !ok {
			return nil, time.Time{}, build.Errorf(f.Name, 1, "header", list.ErrMalformed, "no %s column: not an EU FSF CSV file", req)
		}
	}
	_, hasType := col["entity_subjecttype"]
	_, hasClass := col["entity_subjecttype_classificationcode"]
	if !hasType && !hasClass {
		return nil, time.Time{}, build.Errorf(f.Name, 1, "header", list.ErrMalformed, "no Entity_SubjectType column: not an EU FSF CSV file")
	}
	var (
		out       []*subject
		byID      = map[string]*subject{}
		published time.Time
	)
	err = build.EachRecord(ctx, f.Name, r, header, func(rec []string, line int) error {
		get := func(name string) string {
			if i, ok := col[strings.ToLower(name)]; ok {
				return build.Clean(rec[i])
			}
			return ""
		}
		if published.IsZero() {
			published = build.Time(get("fileGenerationDate"), false)
		}
		id := get("Entity_LogicalId")
		if id == "" {
			return build.Errorf(f.Name, line, "", list.ErrMalformed, "row without Entity_LogicalId")
		}
		s := byID[id]
		if s == nil {
			s = &subject{line: line, LogicalID: id, seen: map[string]bool{}}
			byID[id] = s
			out = append(out, s)
		}
		s.addRow(get)
		return nil
	})
	if err != nil {
		return nil, time.Time{}, err
	}
	return out, published, nil
}

// addRow adds one CSV row's values to the subject: entity columns fill
// empty fields, each sub-record is added once (by its LogicalId, else
// by its content).
func (s *subject) addRow(get func(string) string) {
	fill := func(dst *string, col string) {
		if *dst == "" {
			*dst = get(col)
		}
	}
	fill(&s.EURef, "Entity_EU_ReferenceNumber")
	fill(&s.UNID, "Entity_UnitedNationId")
	fill(&s.DesignationDate, "Entity_DesignationDate")
	fill(&s.DesignationDetails, "Entity_DesignationDetails")
	fill(&s.Type.Code, "Entity_SubjectType")
	fill(&s.Type.Classification, "Entity_SubjectType_ClassificationCode")
	if len(s.Type.Code) == 1 && s.Type.Classification == "" {
		// Some exports put the classification code ("P", "E") in
		// Entity_SubjectType.
		s.Type.Classification, s.Type.Code = s.Type.Code, ""
	}
	if r := get("Entity_Remark"); r != "" && s.once("remark", r) {
		s.Remarks = append(s.Remarks, r)
	}
	reg := regulation{
		Programme:       get("Entity_Regulation_Programme"),
		NumberTitle:     get("Entity_Regulation_NumberTitle"),
		PublicationDate: get("Entity_Regulation_PublicationDate"),
		EntryIntoForce:  get("Entity_Regulation_EntryIntoForceDate"),
		URL:             get("Entity_Regulation_PublicationUrl"),
	}
	if reg != (regulation{}) && s.once("reg", reg.Programme, reg.NumberTitle, reg.URL) {
		s.Regulations = append(s.Regulations, reg)
	}
	name := nameAlias{
		First:    get("NameAlias_FirstName"),
		Middle:   get("NameAlias_MiddleName"),
		Last:     get("NameAlias_LastName"),
		Whole:    get("NameAlias_WholeName"),
		Function: get("NameAlias_Function"),
		Gender:   get("NameAlias_Gender"),
		Title:    get("NameAlias_Title"),
		Language: get("NameAlias_NameLanguage"),
		Strong:   get("NameAlias_Strong"),
	}
	if rm := get("NameAlias_Remark"); rm != "" {
		name.Remarks = []string{rm}
	}
	if name.full() != "" && s.once("name", get("NameAlias_LogicalId"), name.full(), name.Language) {
		s.Names = append(s.Names, name)
	}
	ctry := func(prefix string) country {
		return country{
			Description: get(prefix + "_CountryDescription"),
			ISO2:        get(prefix + "_CountryIso2Code"),
			Region:      get(prefix + "_Region"),
		}
	}
	addr := address{
		Street:  get("Address_Street"),
		PoBox:   get("Address_PoBox"),
		City:    get("Address_City"),
		ZipCode: get("Address_ZipCode"),
		Place:   get("Address_Place"),
		country: ctry("Address"),
	}
	addr.Region = addr.country.Region
	if ci := get("Address_ContactInfo"); ci != "" {
		addr.Remarks = []string{ci}
	}
	if rm := get("Address_Remark"); rm != "" {
		addr.Remarks = append(addr.Remarks, rm)
	}
	if addr.Street+addr.PoBox+addr.City+addr.ZipCode+addr.Place+addr.Region+addr.countryName() != "" &&
		s.once("addr", get("Address_LogicalId"), addr.Street, addr.City, addr.countryName()) {
		s.Addresses = append(s.Addresses, addr)
	}
	bd := birth{
		Date:     get("BirthDate_BirthDate"),
		Day:      get("BirthDate_Day"),
		Month:    get("BirthDate_Month"),
		Year:     get("BirthDate_Year"),
		YearFrom: get("BirthDate_YearRangeFrom"),
		YearTo:   get("BirthDate_YearRangeTo"),
		City:     get("BirthDate_City"),
		Place:    get("BirthDate_Place"),
		ZipCode:  get("BirthDate_ZipCode"),
		country:  ctry("BirthDate"),
	}
	bd.Region = bd.country.Region
	if bd.Date+bd.Year+bd.YearFrom+bd.YearTo+bd.City+bd.Place+bd.countryName() != "" &&
		s.once("birth", get("BirthDate_LogicalId"), bd.Date, bd.Year, bd.City, bd.Place) {
		s.Births = append(s.Births, bd)
	}
	doc := document{
		Number:      get("Identification_Number"),
		LatinNumber: get("Identification_LatinNumber"),
		TypeCode:    get("Identification_TypeCode"),
		TypeDesc:    get("Identification_TypeDescription"),
		country:     ctry("Identification"),
	}
	if doc.Number+doc.LatinNumber != "" && s.once("doc", get("Identification_LogicalId"), doc.Number, doc.TypeCode) {
		s.IDs = append(s.IDs, doc)
	}
	cit := ctry("Citizenship")
	if cit.countryName() != "" && s.once("cit", get("Citizenship_LogicalId"), cit.Description) {
		s.Citizenships = append(s.Citizenships, cit)
	}
}

// once reports whether a sub-record is new to the subject, keyed by its
// logical ID when it has one, else by its values.
func (s *subject) once(kind string, key ...string) bool {
	k := kind + "\x00" + strings.Join(key, "\x00")
	if len(key) > 1 && key[0] != "" && kind != "reg" && kind != "remark" {
		k = kind + "\x00" + key[0]
	}
	if s.seen[k] {
		return false
	}
	s.seen[k] = true
	return true
}

func itoa(n int) string { return strconv.Itoa(n) }
