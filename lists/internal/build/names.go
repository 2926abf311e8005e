package build

import (
	"regexp"
	"strings"
)

// Clean collapses runs of white space to one space and trims the ends.
func Clean(s string) string {
	if isClean(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// isClean reports whether s is already clean: ASCII without control
// characters, leading, trailing or double spaces.
func isClean(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c >= 0x7f || c == ' ' && s[i+1] == ' ' {
			return false
		}
	}
	return true
}

// Join cleans the parts and joins the non-empty ones with sep.
func Join(sep string, parts ...string) string {
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if p = Clean(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// legalForm matches legal-form words that make an organization a
// company wherever they stand in its name (LTD, LLC, S.A., GmbH, JSC,
// OOO …); legalFormEnd matches short forms that are words in other
// languages too (SA, AG, AS, AB …) and so count only at the end.
var (
	legalForm = regexp.MustCompile(`(?i)(?:^|[\s,("'])(?:` + strings.Join([]string{
		`ltd\.?`, `l\.t\.d\.`, `limited`, `l\.?l\.?c\.?`, `l\.?l\.?p\.?`, `inc\.?`, `incorporated`, `corp\.`,
		`corporation`, `co\.`, `company`, `compa(?:ñ|n)ia`, `companhia`, `cie\.`, `p\.?l\.?c\.?`, `gmbh`,
		`s\.a\.`, `s\.a\.s\.`, `s\.r\.l\.`, `s\.p\.a\.`, `s\.a\.c\.`, `s\. ?de ?r\.?l\.`, `s\.a\. de c\.v\.`,
		`b\.v\.`, `n\.v\.`, `a\.s\.`, `a/s`, `sdn\.? bhd\.?`, `bhd\.?`, `pte\.?`, `pty\.?`, `jsc`, `ojsc`,
		`cjsc`, `pjsc`, `pao`, `oao`, `zao`, `ooo`, `fze`, `fzco`, `fzc`, `fz-llc`, `dmcc`, `ltda\.?`, `sarl`,
		`s\.a\.r\.l\.`, `e\.i\.r\.l\.`, `s\. en c\.`, `k\.k\.`, `d\.o\.o\.`, `joint[ -]stock company`,
		`limited liability company`, `aktiengesellschaft`, `trading`, `holdings?`, `industries`, `enterprises?`,
	}, "|") + `)(?:$|[\s,.)"'])`)
	legalFormEnd = regexp.MustCompile(`(?i)\s(?:sa|ag|ab|as|oy|kg|nv|bv|spa|srl|sas|sac|kk|co)\.?$`)
)

// IsCompany reports whether an organization's name carries a legal
// form (LTD, LLC, S.A., GmbH, JSC …), so that its schema can be Company
// rather than Organization.
func IsCompany(names ...string) bool {
	for _, n := range names {
		if legalForm.MatchString(n) || legalFormEnd.MatchString(n) {
			return true
		}
	}
	return false
}

var numbered = regexp.MustCompile(`\((?:\d{1,2}|[a-z])\)`)

// SplitNumbered splits "(1) Syria (2) Iraq" or "(a) Mullah, (b)
// Maulavi" into its items; text without numbering is one item. Items are cleaned, empty ones dropped.
func SplitNumbered(s string) []string {
	s = Clean(s)
	if s == "" {
		return nil
	}
	if !numbered.MatchString(s) {
		return []string{s}
	}
	var out []string
	for _, p := range numbered.Split(s, -1) {
		if p = strings.Trim(Clean(p), " ,;"); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Gender maps the lists' spellings (M, F, Male, FEMALE …) to FtM's
// "male" and "female"; anything else gives "".
func Gender(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "m", "male", "man":
		return "male"
	case "f", "female", "woman":
		return "female"
	}
	return ""
}
