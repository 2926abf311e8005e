package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// decodeJSON reads one JSON value from the request body into v. The body
// is already bounded by the route's limit. strict refuses fields v does
// not declare. Every failure is an *Error with code invalid (or
// too_large) whose message says what was wrong and where.
func decodeJSON(r *http.Request, v any, strict bool) error {
	dec := json.NewDecoder(r.Body)
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	// One value only: trailing data other than white space is an error.
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			return Errorf(CodeInvalid, "malformed JSON: data after the top-level value")
		}
		return jsonError(err)
	}
	return nil
}

// jsonError explains a decoding error.
func jsonError(err error) error {
	var (
		syntax   *json.SyntaxError
		typ      *json.UnmarshalTypeError
		tooLarge *http.MaxBytesError
		field    *fieldError
	)
	switch {
	case errors.As(err, &tooLarge):
		return err
	case errors.Is(err, io.EOF):
		return Errorf(CodeInvalid, "request body is empty: want a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return Errorf(CodeInvalid, "malformed JSON: unexpected end of body")
	case errors.As(err, &syntax):
		return Errorf(CodeInvalid, "malformed JSON at byte %d: %s", syntax.Offset, strings.TrimPrefix(syntax.Error(), "json: "))
	case errors.As(err, &typ):
		where := typ.Field
		if where == "" {
			where = "body"
		}
		return Errorf(CodeInvalid, "%s: want %s, got JSON %s", where, jsonTypeName(typ.Type.Kind().String()), typ.Value)
	case errors.As(err, &field):
		return Errorf(CodeInvalid, "%s", field.msg)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return Errorf(CodeInvalid, "unknown field %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return Errorf(CodeInvalid, "malformed JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
}

func jsonTypeName(kind string) string {
	switch kind {
	case "slice", "array":
		return "an array"
	case "map", "struct", "ptr":
		return "an object"
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "float64", "float32", "int", "int64", "int32", "uint", "uint64":
		return "a number"
	}
	return kind
}

// fieldError is a value a custom decoder refused.
type fieldError struct{ msg string }

func (e *fieldError) Error() string { return e.msg }

// stringList is a property value as FtM clients send it: a list of
// strings, or one string. Numbers are kept as written (a birth year
// sent as 1960); null is no values. Objects and nested arrays are
// refused.
type stringList []string

// maxValues bounds the values of one property, and maxValueLen each
// value, so that one request cannot make the matcher work without end.
const (
	maxValues   = 64
	maxValueLen = 1024
)

func (l *stringList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*l = nil
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	var raw []json.RawMessage
	if b[0] == '[' {
		if err := json.Unmarshal(b, &raw); err != nil {
			return err
		}
	} else {
		raw = []json.RawMessage{b}
	}
	if len(raw) > maxValues {
		return &fieldError{fmt.Sprintf("more than %d values in one property", maxValues)}
	}
	for _, r := range raw {
		s, err := scalarString(r)
		if err != nil {
			return err
		}
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

// scalarString reads a JSON string or number as text.
func scalarString(r json.RawMessage) (string, error) {
	r = bytes.TrimSpace(r)
	if len(r) == 0 || string(r) == "null" {
		return "", nil
	}
	switch c := r[0]; {
	case c == '"':
		var s string
		if err := json.Unmarshal(r, &s); err != nil {
			return "", err
		}
		if utf8.RuneCountInString(s) > maxValueLen {
			return "", &fieldError{fmt.Sprintf("a property value longer than %d characters", maxValueLen)}
		}
		return s, nil
	case c == '-' || (c >= '0' && c <= '9'):
		if _, err := strconv.ParseFloat(string(r), 64); err != nil {
			return "", &fieldError{fmt.Sprintf("bad number %s", r)}
		}
		return string(r), nil
	}
	return "", &fieldError{"property values must be strings or numbers, not objects, arrays or booleans"}
}

// writeJSON writes v as the JSON body of a response with the status.
// The value is encoded before anything is written, so that an encoding
// failure still yields a clean error response.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"error":{"code":"internal","message":"internal error"},"detail":"internal error"}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(b)
	w.Write([]byte{'\n'})
}
