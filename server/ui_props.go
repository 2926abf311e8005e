package server

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// propLabel is what people read for an FtM property of a schema: the
// label FtM gives it in the schema or one it extends, else the name cut
// at its capitals ("startDate": "Start date"; "programId": "Program ID").
func propLabel(schema, prop string) string {
	if l, ok := ftmPropLabel(schema, prop, 0); ok {
		return l
	}
	if l, ok := uiPropLabels[prop]; ok {
		return l
	}
	return humanize(prop)
}

// uiPropLabels label properties of schemata outside ftmSchemata
// (sanctions, addresses, relations) whose cut name reads badly.
var uiPropLabels = map[string]string{
	"addressEntity": "Address", "listingDate": "Listed on", "unscId": "UN SC ID", "ofacId": "OFAC ID",
	"full": "Full address", "postalCode": "Postal code",
}

func ftmPropLabel(schema, prop string, depth int) (string, bool) {
	if schema == "Aircraft" {
		schema = "Airplane"
	}
	s, ok := ftmSchemata[schema]
	if !ok || depth > 16 {
		return "", false
	}
	for _, p := range s.props {
		if p.name == prop {
			return p.label, true
		}
	}
	for _, parent := range s.extends {
		if l, ok := ftmPropLabel(parent, prop, depth+1); ok {
			return l, true
		}
	}
	return "", false
}

// humanize cuts a camelCase name into words, the first capitalized and
// the rest lower case; "Id", "Url" and "Imo" become capitals.
func humanize(name string) string {
	if name == "" {
		return ""
	}
	var words []string
	start := 0
	for i, r := range name {
		if i > start && unicode.IsUpper(r) {
			words = append(words, name[start:i])
			start = i
		}
	}
	words = append(words, name[start:])
	for i, w := range words {
		switch lw := strings.ToLower(w); lw {
		case "id", "url", "imo", "mmsi", "iban", "swift", "bic", "inn", "ogrn", "lei", "un", "eu":
			words[i] = strings.ToUpper(lw)
		default:
			if i == 0 {
				r, n := utf8.DecodeRuneInString(lw)
				words[i] = string(unicode.ToUpper(r)) + lw[n:]
			} else {
				words[i] = lw
			}
		}
	}
	return strings.Join(words, " ")
}
