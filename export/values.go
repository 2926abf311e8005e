package export

import (
	"net/url"
	"strings"
	"unicode"

	"dossier/countries"
)

// The property names that FtM types as a URL or as a country, across
// its schemata. TestPropertyTypes checks these sets against the model.
var (
	urlProps = set("alephUrl", "opencorporatesUrl", "programUrl", "publisherUrl", "sourceUrl", "tedUrl", "website", "wikipediaUrl")

	countryProps = set("birthCountry", "citizenship", "contextCountry", "country", "departureCountry", "destinationCountry",
		"detectedCountry", "flag", "jurisdiction", "mainCountry", "nationality", "originCountry", "pastFlags", "tradingCountry")
)

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// normalize gives a value of property prop the form FtM's type of it
// expects, where dossier stores it otherwise.
func normalize(prop, v string) string {
	switch {
	case urlProps[prop]:
		return WithScheme(v)
	case countryProps[prop]:
		return CountryCode(v)
	}
	return v
}

// WithScheme returns a URL with a scheme: "https://" is put before a
// value that has none ("www.example.com/a" → "https://www.example.com/a",
// "//example.com" → "https://example.com"). Lists write URLs loosely, so
// punctuation before the URL is dropped (": www.example.org"), and so is
// any text after it, which a URL cannot hold ("www.example.org. Offices
// worldwide" → "https://www.example.org"). A value with a scheme is
// returned as it is but for that. A value that is no URL even so (no
// host, a bad escape) gives "", and so does an empty one.
func WithScheme(v string) string {
	v = strings.TrimLeft(strings.TrimSpace(v), ":;,-–—(\"")
	v = strings.TrimSpace(v)
	if i := strings.IndexFunc(v, unicode.IsSpace); i >= 0 {
		v = v[:i]
	}
	v = strings.TrimRight(v, ".,;:)\"")
	if v == "" {
		return ""
	}
	if !hasScheme(v) {
		v = "https://" + strings.TrimLeft(v, "/")
	}
	u, err := url.Parse(v)
	if err != nil || u.Host == "" && (strings.EqualFold(u.Scheme, "http") || strings.EqualFold(u.Scheme, "https")) {
		return "" // no URL: "#", "http://", "%zz"
	}
	return v
}

// hasScheme reports whether v starts with a URL scheme and "://", or is
// a mailto: or similar opaque URL: a letter, then letters, digits, "+",
// "-" or ".", then a colon not followed by a digit (so "example.com:8080"
// is a host and port, not a scheme).
func hasScheme(v string) bool {
	i := strings.IndexByte(v, ':')
	if i < 1 {
		return false
	}
	for j := 0; j < i; j++ {
		c := v[j]
		switch {
		case 'a' <= c|0x20 && c|0x20 <= 'z':
		case j > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	if strings.HasPrefix(v[i:], "://") {
		return true
	}
	rest := v[i+1:]
	return rest != "" && !('0' <= rest[0] && rest[0] <= '9') && !strings.Contains(v[:i], ".")
}

// CountryCode returns the FtM form of a country value: the lower-case
// ISO 3166-1 alpha-2 code of a country given by name, code or demonym
// ("Colombia", "CO" → "co"); a value that names no known country is
// returned as it is.
func CountryCode(v string) string {
	v = strings.TrimSpace(v)
	if countries.Known(v) {
		return strings.ToLower(countries.Code(v))
	}
	return v
}
