package build

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"dossier"
	"dossier/lists/list"
)

// Errorf returns an InputError at a line of file whose Err wraps
// sentinel with a formatted detail.
func Errorf(file string, line int, record string, sentinel error, format string, args ...any) *dossier.InputError {
	return &dossier.InputError{
		File:   file,
		Line:   line,
		Offset: -1,
		Record: record,
		Err:    fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...)),
	}
}

// CSVError turns an error from encoding/csv into an InputError naming
// the line; other errors are wrapped as malformed input.
func CSVError(file string, err error) error {
	var ie *dossier.InputError
	if errors.As(err, &ie) {
		return err
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &dossier.InputError{
			File:   file,
			Line:   pe.Line,
			Offset: -1,
			Record: fmt.Sprintf("column %d", pe.Column),
			Err:    fmt.Errorf("%w: %v", list.ErrMalformed, pe.Err),
		}
	}
	return &dossier.InputError{File: file, Offset: -1, Err: fmt.Errorf("%w: %v", list.ErrMalformed, err)}
}

// XMLError turns an error met while decoding XML into an InputError
// with the line (from the syntax error, else the decoder's position),
// the byte offset, and record naming the element being read.
func XMLError(file string, dec *xml.Decoder, record string, err error) error {
	var ie *dossier.InputError
	if errors.As(err, &ie) {
		return err
	}
	line, _ := dec.InputPos()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		line = se.Line
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		err = errors.New("unexpected end of file (truncated?)")
	}
	return &dossier.InputError{
		File:   file,
		Line:   line,
		Offset: dec.InputOffset(),
		Record: record,
		Err:    fmt.Errorf("%w: %v", list.ErrMalformed, err),
	}
}

// LineAt returns the 1-based line of byte offset off in data.
func LineAt(data []byte, off int) int {
	if off > len(data) {
		off = len(data)
	}
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}

// EachRecord reads the records after a CSV header and calls fn with each
// and its line: blank lines are skipped, a record with fewer fields than
// the header, or with non-empty fields past it, is an error naming its
// line, and ctx is checked every 4,096 records.
func EachRecord(ctx context.Context, file string, r *csv.Reader, header []string, fn func(rec []string, line int) error) error {
	for n := 0; ; n++ {
		if n%4096 == 4095 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return CSVError(file, err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) < len(header) {
			return Errorf(file, line, "", list.ErrMalformed, "%d fields, header has %d", len(rec), len(header))
		}
		for _, v := range rec[len(header):] {
			if strings.TrimSpace(v) != "" {
				return Errorf(file, line, "", list.ErrMalformed, "%d fields, header has %d", len(rec), len(header))
			}
		}
		if err := fn(rec, line); err != nil {
			return err
		}
	}
}
