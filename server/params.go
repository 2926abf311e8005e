package server

import (
	"math"
	"net/http"
	"strconv"
	"strings"
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
