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
//
// The file is read twice. The first reading checks every row and notes
// the last row of each entity (and the publication date, for the
// sink's Begin); the second assembles each entity from its rows and
// makes it into entities once its last row is read and every entity
// begun before it is made, so that entities come in the order of their
// first rows, as they would from the whole file. Only the entities not
// yet complete are held: one at a time when, as the EU writes them, an
// entity's rows are together. Errors come in the same order as from a
// single reading: every CSV error before any entity's.
func decodeCSV(ctx context.Context, opts list.Options, f list.File) (*list.List, error) {
	// Each logicalId's last row: lastRow[entity[id]]. The map is never
	// assigned an ID it holds, as that would store the new string (part
	// of its whole row's) in place of the copy.
	var (
		entity  = map[string]int{}
		lastRow []int
	)
	published, err := readCSV(ctx, f, func(id string, row, _ int, _ func(string) string) error {
		if i, ok := entity[id]; ok {
			lastRow[i] = row
		} else {
			entity[strings.Clone(id)] = len(lastRow)
			lastRow = append(lastRow, row)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	files := []list.File{f}
	b := build.NewBuilder(Dataset)
	if opts.Sink != nil {
		if err := b.Stream(opts.Sink, files, meta, published); err != nil {
			return nil, err
		}
	}
	var (
		open  = map[string]*subject{} // begun, last row not read yet
		queue []*subject              // begun, not made, in order of first row
		done  = map[*subject]bool{}   // in queue with its last row read
	)
	_, err = readCSV(ctx, f, func(id string, row, line int, get func(string) string) error {
		s := open[id]
		if s == nil {
			if i, ok := entity[id]; !ok || lastRow[i] < row {
				return build.Errorf(f.Name, line, "", list.ErrMalformed, "file changed while read: logicalId %s not in the first reading's rows", id)
			}
			s = &subject{line: line, LogicalID: id, seen: map[string]bool{}}
			open[id] = s
			queue = append(queue, s)
		}
		s.addRow(get)
		if row == lastRow[entity[id]] {
			delete(open, id)
			done[s] = true
		}
		for len(queue) > 0 && done[queue[0]] {
			s := queue[0]
			queue[0], queue = nil, queue[1:]
			delete(done, s)
			if err := s.entity(b); err != nil {
				return build.Errorf(f.Name, s.line, "sanctionEntity "+s.LogicalID, list.ErrMalformed, "%v", err)
			}
			if err := b.Flush(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(queue) > 0 {
		return nil, build.Errorf(f.Name, queue[0].line, "sanctionEntity "+queue[0].LogicalID, list.ErrMalformed, "file changed while read: fewer rows than at the first reading")
	}
	if err := b.NoTargets(f.Name); err != nil {
		return nil, err
	}
	return b.List(files, meta, published)
}

// readCSV reads the header and rows of an FSF CSV file, calling fn with
// each row's cleaned logicalId, its index among the rows, its line and a getter
// of its cleaned columns by name; it returns the publication date, the
// first row's fileGenerationDate that can be read.
func readCSV(ctx context.Context, f list.File, fn func(id string, row, line int, get func(string) string) error) (time.Time, error) {
	text, err := build.OpenText(f, build.UTF8, build.GuardLines)
	if err != nil {
		return time.Time{}, err
	}
	defer text.Close()
	r := csv.NewReader(text)
	r.Comma = ';'
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return time.Time{}, build.CSVError(f.Name, err)
	}
	header = append([]string(nil), header...)
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, req := range []string{"entity_logicalid", "namealias_wholename"} {
		if _, ok := col[req]; !ok {
			return time.Time{}, build.Errorf(f.Name, 1, "header", list.ErrMalformed, "no %s column: not an EU FSF CSV file", req)
		}
	}
	_, hasType := col["entity_subjecttype"]
	_, hasClass := col["entity_subjecttype_classificationcode"]
	if !hasType && !hasClass {
		return time.Time{}, build.Errorf(f.Name, 1, "header", list.ErrMalformed, "no Entity_SubjectType column: not an EU FSF CSV file")
	}
	var published time.Time
	row := 0
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
		row++
		return fn(id, row, line, get)
	})
	return published, err
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
