package build

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

var months = map[string]int{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
	"january": 1, "february": 2, "march": 3, "april": 4, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}

var (
	reDMonY = regexp.MustCompile(`^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -,]*(\d{4})$`)
	reMonY  = regexp.MustCompile(`^([A-Za-z]{3,9})\.?[ ,]*(\d{4})$`)
	reY     = regexp.MustCompile(`^(\d{4})$`)
	reISO   = regexp.MustCompile(`^(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ].*)?$`)
	reDMY   = regexp.MustCompile(`^(\d{1,2}|-{1,2})[/.](\d{1,2}|-{1,2})[/.](\d{4})$`)
	reRange = regexp.MustCompile(`(?i)^(.+?)\s+(?:to|-|–|and)\s+(.+)$`)
	reYears = regexp.MustCompile(`^(\d{4})\s*[-–/]\s*(\d{4})$`)
	reCirca = regexp.MustCompile(`(?i)^(?:circa|ca\.|c\.|approximately|approx\.?|about)\s+`)
)

// Date parses one date as lists write it — "15 Apr 1963", "Apr 1963",
// "1963", "1963-04-15", "1963-04-15T00:00:00", "15/04/1963" (day
// first; "00" or "--" for an unknown day or month) — and returns it as
// an ISO 8601 prefix: "1963-04-15", "1963-04" or "1963". It returns ""
// when s is not a date it knows or names an impossible one.
func Date(s string) string {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "."))
	s = reCirca.ReplaceAllString(s, "")
	if m := reISO.FindStringSubmatch(s); m != nil {
		return ymd(m[1], m[2], m[3])
	}
	if m := reDMonY.FindStringSubmatch(s); m != nil {
		mon, ok := months[strings.ToLower(m[2])]
		if !ok {
			return ""
		}
		return ymd(m[3], strconv.Itoa(mon), m[1])
	}
	if m := reMonY.FindStringSubmatch(s); m != nil {
		mon, ok := months[strings.ToLower(m[1])]
		if !ok {
			return ""
		}
		return ymd(m[2], strconv.Itoa(mon), "")
	}
	if m := reY.FindStringSubmatch(s); m != nil {
		return ymd(m[1], "", "")
	}
	if m := reDMY.FindStringSubmatch(s); m != nil {
		return ymd(m[3], m[2], m[1])
	}
	return ""
}

// Dates parses a date or a range of dates ("1958 to 1962", "circa
// 1960", "01 Jan 1960 - 31 Dec 1962") and returns the dates it names,
// a range as its two ends.
func Dates(s string) []string {
	s = strings.TrimSpace(s)
	if d := Date(s); d != "" {
		return []string{d}
	}
	s = reCirca.ReplaceAllString(s, "")
	m := reYears.FindStringSubmatch(s)
	if m == nil {
		m = reRange.FindStringSubmatch(s)
	}
	if m == nil {
		return nil
	}
	a, b := Date(m[1]), Date(m[2])
	if a == "" || b == "" {
		return nil
	}
	// "01 Jan 1973 to 31 Dec 1975" says "some time in 1973–1975".
	if len(a) == 10 && len(b) == 10 && a[4:] == "-01-01" && b[4:] == "-12-31" {
		a, b = a[:4], b[:4]
	}
	if a == b {
		return []string{a}
	}
	return []string{a, b}
}

// ymd builds an ISO prefix from year, month and day strings; an empty,
// zero or dashed month or day shortens the prefix. Impossible dates
// give "".
func ymd(y, m, d string) string {
	year, err := strconv.Atoi(y)
	if err != nil || year < 1000 || year > 2999 {
		return ""
	}
	month := atoiDash(m)
	if month == 0 {
		return strconv.Itoa(year)
	}
	if month < 1 || month > 12 {
		return ""
	}
	day := atoiDash(d)
	if day == 0 {
		return strconv.Itoa(year) + "-" + two(month)
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if day < 1 || t.Day() != day {
		return ""
	}
	return t.Format("2006-01-02")
}

func atoiDash(s string) int {
	s = strings.Trim(s, "- ")
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

func two(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// Time parses a timestamp or date as lists state their publication
// ("2026-02-27T00:00:09.554Z", "2021-07-16", "16/07/2021",
// "07/16/2021" when monthFirst) into UTC; zero if it cannot.
func Time(s string, monthFirst bool) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	layout := "02/01/2006"
	if monthFirst {
		layout = "01/02/2006"
	}
	if t, err := time.Parse(layout, s); err == nil {
		return t
	}
	if d := Date(s); len(d) == 10 {
		t, _ := time.Parse("2006-01-02", d)
		return t
	}
	return time.Time{}
}
