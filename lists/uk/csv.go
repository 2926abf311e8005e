package uk

import (
	"context"
	"encoding/csv"
	"strings"
	"time"

	"dossier/lists/internal/build"
	"dossier/lists/list"
)

// csvKeys maps ConList.csv headers, lower-cased without spaces and
// punctuation, to the XML element names used as field keys.
var csvKeys = map[string]string{
	"name6": "Name6", "name1": "name1", "name2": "name2", "name3": "name3", "name4": "name4", "name5": "name5",
	"title":                         "Title",
	"namenonlatinscript":            "NameNonLatinScript",
	"nonlatinscripttype":            "NonLatinScriptType",
	"nonlatinscriptlanguage":        "NonLatinScriptLanguage",
	"dob":                           "Individual_DateOfBirth",
	"townofbirth":                   "Individual_TownOfBirth",
	"countryofbirth":                "Individual_CountryOfBirth",
	"nationality":                   "Individual_Nationality",
	"passportnumber":                "Individual_PassportNumber",
	"passportdetails":               "Individual_PassportDetails",
	"nationalidentificationnumber":  "Individual_NINumber",
	"ninumber":                      "Individual_NINumber",
	"nationalidentificationdetails": "Individual_NIDetails",
	"position":                      "Individual_Position",
	"gender":                        "Individual_Gender",
	"address1":                      "Address1",
	"address2":                      "Address2",
	"address3":                      "Address3",
	"address4":                      "Address4",
	"address5":                      "Address5",
	"address6":                      "Address6",
	"postzipcode":                   "PostCode",
	"country":                       "Country",
	"otherinformation":              "OtherInformation",
	"grouptype":                     "GroupTypeDescription",
	"aliastype":                     "AliasType",
	"aliasquality":                  "AliasQuality",
	"regime":                        "RegimeName",
	"listedon":                      "DateListed",
	"uksanctionslistdatedesignated": "DateDesignated",
	"uksanctionslistref":            "UKSanctionsListRef",
	"lastupdated":                   "LastUpdated",
	"groupid":                       "GroupID",
	"groupstatus":                   "GroupStatus",
	"unref":                         "UNRef",
	"ukstatementofreasons":          "UKStatementOfReasons",
}

func headerKey(h string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(h) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// decodeCSV reads ConList.csv: an optional "Last Updated,dd/mm/yyyy"
// row, a header row (columns found by name), then one row per name.
// The text is UTF-8, with bytes that are not read as Windows-1252. It
// calls fn with each row, in order; an error from fn ends the reading
// and is returned as it is.
func decodeCSV(ctx context.Context, f list.File, fn func(row) error) (time.Time, error) {
	text, err := build.OpenText(f, build.Latin1, build.GuardLines)
	if err != nil {
		return time.Time{}, err
	}
	defer text.Close()
	r := csv.NewReader(text)
	r.FieldsPerRecord = -1
	var published time.Time
	header, err := r.Read()
	if err != nil {
		return time.Time{}, build.CSVError(f.Name, err)
	}
	if k := headerKey(header[0]); k == "lastupdated" || strings.HasPrefix(k, "lastupdated") && len(header) == 1 {
		for _, v := range header[1:] {
			if v = strings.TrimSpace(v); v != "" {
				published = build.Time(v, false)
				break
			}
		}
		if published.IsZero() {
			_, v, _ := strings.Cut(header[0], ":")
			published = build.Time(v, false)
		}
		if header, err = r.Read(); err != nil {
			return time.Time{}, build.CSVError(f.Name, err)
		}
	}
	cols := make([]string, len(header))
	has := map[string]bool{}
	for i, h := range header {
		cols[i] = csvKeys[headerKey(h)]
		has[cols[i]] = true
	}
	if !has["GroupID"] || !has["Name6"] {
		line, _ := r.FieldPos(0)
		return time.Time{}, build.Errorf(f.Name, line, "header", list.ErrMalformed, "no \"Group ID\" or \"Name 6\" column: not an OFSI ConList.csv file")
	}
	n := 0
	err = build.EachRecord(ctx, f.Name, r, header, func(rec []string, line int) error {
		fields := make(map[string]string, len(cols))
		for i, k := range cols {
			if k != "" {
				if v := build.Clean(rec[i]); v != "" {
					fields[k] = v
				}
			}
		}
		n++
		return fn(row{line: line, fields: fields})
	})
	if err != nil {
		return time.Time{}, err
	}
	if n == 0 {
		return time.Time{}, build.Errorf(f.Name, 0, "", list.ErrEmpty, "no targets after the header")
	}
	return published, nil
}
