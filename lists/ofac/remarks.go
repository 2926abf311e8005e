package ofac

import (
	"regexp"
	"strings"

	"dossier"
	"dossier/lists/internal/build"
)

// labels maps the labels OFAC puts before a value — in the CSV remarks
// ("Passport 12345 (Venezuela)") and as sdn.xml idType — to the FtM
// property that takes the value. Labels are matched longest first;
// target "sanction:" prefixes a property of the Sanction entity. ID
// numbers lose their trailing "(Country)" and issue/expiry dates.
var labels = map[string]string{
	"DOB":                                 "birthDate",
	"POB":                                 "birthPlace",
	"nationality":                         "nationality",
	"Nationality of Registration":         "country",
	"citizen":                             "citizenship",
	"Gender":                              "gender",
	"Passport":                            "passportNumber",
	"Diplomatic Passport":                 "passportNumber",
	"a.k.a.":                              "weakAlias",
	"f.k.a.":                              "weakAlias",
	"n.k.a.":                              "weakAlias",
	"Email Address":                       "email",
	"Website":                             "website",
	"Phone Number":                        "phone",
	"Tax ID No.":                          "taxNumber",
	"Tax Identification Number":           "taxNumber",
	"NIT #":                               "taxNumber",
	"RUC #":                               "taxNumber",
	"RIF #":                               "taxNumber",
	"R.F.C. #":                            "taxNumber",
	"V.A.T. Number":                       "taxNumber",
	"C.U.I.T.":                            "taxNumber",
	"C.U.I.P.":                            "idNumber",
	"Cedula No.":                          "idNumber",
	"National ID No.":                     "idNumber",
	"Identification Number":               "idNumber",
	"C.U.R.P. #":                          "idNumber",
	"SSN":                                 "idNumber",
	"Electoral Registry No.":              "idNumber",
	"Driver's License No.":                "idNumber",
	"Personal ID Card":                    "idNumber",
	"D.N.I.":                              "idNumber",
	"National Foreign ID Number":          "idNumber",
	"Residency Number":                    "idNumber",
	"Refugee ID Card":                     "idNumber",
	"Kenyan ID No.":                       "idNumber",
	"Registration ID":                     "registrationNumber",
	"Registration Number":                 "registrationNumber",
	"Company Number":                      "registrationNumber",
	"Commercial Registry Number":          "registrationNumber",
	"Matricula Mercantil No":              "registrationNumber",
	"Folio Mercantil No.":                 "registrationNumber",
	"Business Registration Document #":    "registrationNumber",
	"Business Registration Number":        "registrationNumber",
	"Business Number":                     "registrationNumber",
	"Government Gazette Number":           "registrationNumber",
	"Trade License No.":                   "registrationNumber",
	"C.R. No.":                            "registrationNumber",
	"Certificate of Incorporation Number": "registrationNumber",
	"Chamber of Commerce Number":          "registrationNumber",
	"Public Registration Number":          "registrationNumber",
	"Unified Social Credit Code (USCC)":   "registrationNumber",
	"Legal Entity Number":                 "leiCode",
	"D-U-N-S Number":                      "dunsCode",
	"SWIFT/BIC":                           "swiftBic",
	"Vessel Registration Identification":  "imoNumber",
	"MMSI":                                "mmsi",
	"Former Vessel Flag":                  "pastFlags",
	"Vessel Year of Build":                "buildDate",
	"Aircraft Model":                      "model",
	"Aircraft Manufacture Date":           "buildDate",
	"Aircraft Manufacturer's Serial Number (MSN)": "serialNumber",
	"Aircraft Tail Number":                        "registrationNumber",
	"Organization Established Date":               "incorporationDate",
	"Listing Date":                                "sanction:listingDate",
	"Effective Date":                              "sanction:startDate",
	"Purchase/Sales For Divestment Date":          "sanction:startDate",
	"Additional Sanctions Information -":          "sanction:summary",
	"Secondary sanctions risk:":                   "sanction:summary",
	"Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions:": "sanction:summary",
	"Executive Order":                 "sanction:summary",
	"CAATSA Section 235 Information:": "sanction:summary",
	"IFCA Determination -":            "sanction:summary",
	"PEESA Information:":              "sanction:summary",
}

// labelKeys are the labels, longest first.
var labelKeys = func() []string {
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	// Longest first so "Diplomatic Passport" wins over "Passport".
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && (len(keys[j]) > len(keys[j-1]) || len(keys[j]) == len(keys[j-1]) && keys[j] < keys[j-1]); j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}()

// persons lists the properties only a Person takes; the others go on
// any target that has them in FtM (LegalEntity, Vessel, Airplane).
var personOnly = map[string]bool{
	"birthDate": true, "birthPlace": true, "nationality": true, "citizenship": true,
	"gender": true, "passportNumber": true,
}

var legalOnly = map[string]bool{
	"email": true, "website": true, "phone": true, "taxNumber": true, "idNumber": true,
	"leiCode": true, "dunsCode": true, "swiftBic": true, "incorporationDate": true,
}

var vehicleOnly = map[string]bool{
	"imoNumber": true, "mmsi": true, "pastFlags": true, "buildDate": true, "model": true,
	"serialNumber": true,
}

// reDateTail matches the parenthesised qualifier of a dated label,
// "(EO 14024 Directive 3):" in "Listing Date (EO 14024 Directive 3): 24 Feb 2022".
var reDateTail = regexp.MustCompile(`^(?:\([^)]*\))?\s*:?\s*`)

// reIDTail cuts what follows an ID number: "(Country)", "issued …",
// "expires …".
var reIDTail = regexp.MustCompile(`\s*(?:\(|\bissued\b|\bexpires\b|\bvalid\b).*$`)

// splitRemarks splits remarks at semicolons, keeping a quoted a.k.a.
// that itself holds a semicolon in one piece, and drops "alt. "
// prefixes and the final full stop.
func splitRemarks(s string) []string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, ".")
	raw := strings.Split(s, ";")
	var out []string
	for i := 0; i < len(raw); i++ {
		item := strings.TrimSpace(raw[i])
		// Rejoin "a.k.a. 'A; B'" split at its inner semicolon.
		for isQuotedStart(item) && strings.Count(item, "'")%2 == 1 && i+1 < len(raw) {
			i++
			item += ";" + raw[i]
			item = strings.TrimSpace(item)
		}
		item = strings.TrimPrefix(item, "alt. ")
		if item != "" {
			out = append(out, item)
		}
	}
	return out
}

func isQuotedStart(item string) bool {
	for _, p := range []string{"a.k.a. '", "f.k.a. '", "n.k.a. '"} {
		if strings.HasPrefix(item, p) {
			return true
		}
	}
	return false
}

// applyRemarks parses remarks into properties of the target and its
// sanction. The full remarks are kept in the target's notes by the
// caller, so nothing unparsed is lost.
func applyRemarks(e, sanction *dossier.Entity, remarks string) {
	for _, item := range splitRemarks(remarks) {
		for _, k := range labelKeys {
			if !strings.HasPrefix(item, k) {
				continue
			}
			rest := item[len(k):]
			if rest != "" && wordByte(k[len(k)-1]) && wordByte(rest[0]) {
				continue // a longer word, e.g. "Passports"
			}
			applyLabel(e, sanction, k, strings.TrimSpace(rest))
			break
		}
	}
}

// applyLabel sets the property a label maps to from its value text.
func applyLabel(e, sanction *dossier.Entity, label, value string) {
	prop, ok := labels[label]
	if !ok || value == "" {
		return
	}
	if p, ok := strings.CutPrefix(prop, "sanction:"); ok {
		if sanction == nil {
			return
		}
		switch p {
		case "listingDate", "startDate":
			sanction.Add(p, build.Dates(reDateTail.ReplaceAllString(value, ""))...)
		default:
			sanction.Add(p, build.Clean(strings.TrimSuffix(label, " -")+" "+value))
		}
		return
	}
	person := e.Schema == "Person"
	vehicle := e.Schema == "Vessel" || e.Schema == "Airplane"
	switch {
	case personOnly[prop] && !person, legalOnly[prop] && vehicle, vehicleOnly[prop] && !vehicle:
		return
	case prop == "imoNumber" && e.Schema != "Vessel", prop == "mmsi" && e.Schema != "Vessel":
		return
	}
	switch prop {
	case "birthDate", "buildDate", "incorporationDate":
		e.Add(prop, build.Dates(value)...)
	case "gender":
		e.Add(prop, build.Gender(value))
	case "weakAlias":
		e.Add(prop, build.Clean(strings.Trim(value, `'" `)))
	case "passportNumber", "idNumber", "taxNumber", "registrationNumber":
		e.Add(prop, build.Clean(reIDTail.ReplaceAllString(value, "")))
	case "imoNumber":
		e.Add(prop, build.Clean(strings.TrimPrefix(value, "IMO ")))
	default:
		e.Add(prop, build.Clean(value))
	}
}

func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
