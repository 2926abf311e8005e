package corpus

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinels inside an Error, for errors.Is.
var (
	ErrSyntax    = errors.New("corpus: malformed input")
	ErrSchema    = errors.New("corpus: invalid value")
	ErrSpan      = errors.New("corpus: bad span")
	ErrRef       = errors.New("corpus: unresolved reference")
	ErrArticle   = errors.New("corpus: article mismatch")
	ErrDuplicate = errors.New("corpus: duplicate")
	ErrNotFound  = errors.New("corpus: not found")
	ErrAmbiguous = errors.New("corpus: ambiguous")
)

// Error is a problem at a place in an input: File, Line (from 1; 0 when
// the input has no lines that matter) and Field, a path into the record
// such as "claims[2].trigger" or, for the CSV, a column name. Err wraps
// one of the package's sentinels.
type Error struct {
	File  string
	Line  int
	Field string
	Err   error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.File == "" {
		b.WriteString("<input>")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Field != "" {
		b.WriteString(": ")
		b.WriteString(e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errors is every problem found in an input, in order. A loader returns
// all of them, so one run shows an annotator everything to fix.
type Errors []*Error

func (es Errors) Error() string {
	const show = 20
	var b strings.Builder
	for i, e := range es {
		if i == show {
			fmt.Fprintf(&b, "\n… and %d more", len(es)-show)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap lets errors.Is and errors.As see every error.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// err returns es as an error, nil when empty.
func (es Errors) err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// errorf wraps sentinel with a formatted message.
func errorf(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)
}
