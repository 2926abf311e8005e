package server

import (
	"errors"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// intParam reads an integer query parameter in [lo, hi], def when absent.
func intParam(r *http.Request, name string, def, lo, hi int) (int, error) {
	s := strings.TrimSpace(r.URL.Query().Get(name))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, Errorf(CodeInvalid, "query parameter %s=%q: want an integer", name, truncate(s, 32))
	}
	if n < lo || n > hi {
		return 0, Errorf(CodeInvalid, "query parameter %s=%d: want %d to %d", name, n, lo, hi)
	}
	return n, nil
}

// floatParam reads a number query parameter in [lo, hi]; ok is false
// when it is absent.
func floatParam(r *http.Request, name string, lo, hi float64) (v float64, ok bool, err error) {
	s := strings.TrimSpace(r.URL.Query().Get(name))
	if s == "" {
		return 0, false, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) {
		return 0, false, Errorf(CodeInvalid, "query parameter %s=%q: want a number", name, truncate(s, 32))
	}
	if f < lo || f > hi {
		return 0, false, Errorf(CodeInvalid, "query parameter %s=%v: want %v to %v", name, f, lo, hi)
	}
	return f, true, nil
}

// boolParam reads true/false (also 1/0, yes/no); ok is false when absent.
func boolParam(r *http.Request, name string) (v, ok bool, err error) {
	switch s := strings.ToLower(strings.TrimSpace(r.URL.Query().Get(name))); s {
	case "":
		return false, false, nil
	case "true", "1", "yes", "t":
		return true, true, nil
	case "false", "0", "no", "f":
		return false, true, nil
	default:
		return false, false, Errorf(CodeInvalid, "query parameter %s=%q: want true or false", name, truncate(s, 32))
	}
}

// listParam reads a repeatable query parameter; each value may also hold
// several comma-separated items.
func listParam(r *http.Request, name string) []string {
	var out []string
	for _, v := range r.URL.Query()[name] {
		for _, x := range strings.Split(v, ",") {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
	}
	return out
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}

// unprocessable gives a parameter error the code of yente's answer to
// a value its parameter validation refuses: 422, not 400.
func unprocessable(err error) error {
	var e *Error
	if errors.As(err, &e) && e.Code == CodeInvalid {
		return &Error{Code: CodeUnprocessable, Message: e.Message, Err: e.Err}
	}
	return err
}

// timestampPattern is the form of yente's changed_since: a date, with
// an hour, minutes and seconds optionally.
var timestampPattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?$`)

// timeParam reads changed_since and the like: a date or a timestamp
// of the form yente takes, in UTC; zero when absent. A malformed or
// impossible one (2024-02-30) is refused with 422, as yente does.
func timeParam(r *http.Request, name string) (time.Time, error) {
	s := strings.TrimSpace(r.URL.Query().Get(name))
	if s == "" {
		return time.Time{}, nil
	}
	t, ok := parseTimestamp(s)
	if !timestampPattern.MatchString(s) || !ok {
		return time.Time{}, Errorf(CodeUnprocessable, "query parameter %s=%q: want a date or timestamp (2024-05-01, 2024-05-01T12:30)", name, truncate(s, 32))
	}
	return t, nil
}

// timestampLayouts are the forms of the times that entities and
// queries carry, the longest first.
var timestampLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05",
	"2006-01-02T15:04", "2006-01-02T15", "2006-01-02"}

// parseTimestamp reads a date or timestamp, taking one without a zone
// as UTC.
func parseTimestamp(s string) (time.Time, bool) {
	for _, l := range timestampLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
