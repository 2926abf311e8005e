package corpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// maxLine bounds one record's line: a long article with every mention
// annotated stays far below it.
const maxLine = 8 << 20

// Load reads annotation records, one JSON object a line, from r and
// validates each against the article of its row in rows: the key names
// a usable row, the article hash matches, and Validate passes. file names
// the input in errors. It returns the records that are valid and, when
// any line is not, an Errors listing every problem with file, line and
// field.
func Load(r io.Reader, file string, rows map[string]*Row) ([]*Record, error) {
	var (
		out  []*Record
		errs Errors
	)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		rec, es := decodeRecord(b)
		if len(es) == 0 {
			es = checkRecord(rec, rows)
		}
		for _, e := range es {
			e.File, e.Line = file, line
		}
		errs = append(errs, es...)
		if len(es) == 0 {
			rec.File, rec.Line = file, line
			out = append(out, rec)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("%w: a line is longer than %d bytes", ErrSyntax, maxLine)
		}
		errs = append(errs, &Error{File: file, Line: line + 1, Err: err})
	}
	return out, errs.err()
}

// decodeRecord parses one line strictly: unknown fields and trailing data
// are errors.
func decodeRecord(b []byte) (*Record, Errors) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var rec Record
	if err := dec.Decode(&rec); err != nil {
		return nil, Errors{jsonError(err)}
	}
	if dec.More() {
		return nil, Errors{{Err: errorf(ErrSyntax, "data after the record's closing brace")}}
	}
	return &rec, nil
}

// jsonError turns a decoding error into an *Error naming the field.
func jsonError(err error) *Error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return &Error{Field: te.Field, Err: errorf(ErrSchema, "%s, want a %s", te.Value, te.Type)}
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &Error{Field: fmt.Sprintf("byte %d", se.Offset), Err: fmt.Errorf("%w: %w", ErrSyntax, err)}
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return &Error{Field: strings.Trim(f, `"`), Err: errorf(ErrSchema, "unknown field")}
	}
	return &Error{Err: fmt.Errorf("%w: %w", ErrSyntax, err)}
}

// checkRecord finds the record's row and validates it against the text.
func checkRecord(rec *Record, rows map[string]*Row) Errors {
	row, ok := rows[rec.Key]
	if !ok {
		if !IsKey(rec.Key) {
			return Errors{{Field: "key", Err: errorf(ErrSchema, "%q is not a row key (16 lowercase hex digits)", rec.Key)}}
		}
		return Errors{{Field: "key", Err: errorf(ErrRef, "no row of the CSV has key %s", rec.Key)}}
	}
	if row.Status != StatusUsable {
		return Errors{{Field: "key", Err: errorf(ErrRef, "row %s (line %d) is %s, not annotated", rec.Key, row.Line, row.Status)}}
	}
	return rec.Validate(row.Article)
}

// Corpus is every record of a set of annotation files.
type Corpus struct {
	Records []*Record // in file order, then line order
}

// LoadDir loads every *.jsonl file of dir, in name order, and checks the
// set: one record per key and pass. Problems in all files are returned
// together (as Errors) beside the valid records.
func LoadDir(dir string, rows map[string]*Row) (*Corpus, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	slices.Sort(names)
	return LoadFiles(names, rows)
}

// LoadFiles loads the named annotation files, as LoadDir.
func LoadFiles(names []string, rows map[string]*Row) (*Corpus, error) {
	c := &Corpus{}
	var errs Errors
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			errs = append(errs, &Error{File: name, Err: fmt.Errorf("%w: %w", ErrSyntax, err)})
			continue
		}
		recs, err := Load(f, name, rows)
		f.Close()
		var es Errors
		if errors.As(err, &es) {
			errs = append(errs, es...)
		} else if err != nil {
			errs = append(errs, &Error{File: name, Err: err})
		}
		c.Records = append(c.Records, recs...)
	}
	errs = append(errs, c.checkUnique()...)
	return c, errs.err()
}

// checkUnique reports a key annotated twice in the same pass, and drops
// the later copies.
func (c *Corpus) checkUnique() Errors {
	var errs Errors
	seen := map[[2]string]*Record{}
	kept := c.Records[:0]
	for _, r := range c.Records {
		k := [2]string{r.Key, r.Pass}
		if first, dup := seen[k]; dup {
			errs = append(errs, &Error{File: r.File, Line: r.Line, Field: "pass",
				Err: errorf(ErrDuplicate, "key %s pass %s is also at %s:%d", r.Key, r.Pass, first.File, first.Line)})
			continue
		}
		seen[k] = r
		kept = append(kept, r)
	}
	c.Records = kept
	return errs
}

// Find returns the record of a key and pass, or nil.
func (c *Corpus) Find(key, pass string) *Record {
	for _, r := range c.Records {
		if r.Key == key && r.Pass == pass {
			return r
		}
	}
	return nil
}

// Gold returns one record per key, sorted by key: the adjudicated pass
// where there is one, else the first, else the second.
func (c *Corpus) Gold() []*Record {
	best := map[string]*Record{}
	rank := map[string]int{PassAdjudicated: 0, PassFirst: 1, PassSecond: 2}
	for _, r := range c.Records {
		if b, ok := best[r.Key]; !ok || rank[r.Pass] < rank[b.Pass] {
			best[r.Key] = r
		}
	}
	out := make([]*Record, 0, len(best))
	for _, r := range best {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *Record) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// Pairs returns the documents annotated in both independent passes, as
// (first, second) pairs sorted by key.
func (c *Corpus) Pairs() [][2]*Record {
	var out [][2]*Record
	for _, r := range c.Records {
		if r.Pass != PassFirst {
			continue
		}
		if s := c.Find(r.Key, PassSecond); s != nil {
			out = append(out, [2]*Record{r, s})
		}
	}
	slices.SortFunc(out, func(a, b [2]*Record) int { return strings.Compare(a[0].Key, b[0].Key) })
	return out
}

// Marshal encodes a record as one line of JSON (without the newline),
// with its entities sorted by offset.
func (r *Record) Marshal() ([]byte, error) {
	cp := *r
	if cp.Entities == nil {
		cp.Entities = []Entity{}
	}
	if cp.Claims == nil {
		cp.Claims = []Claim{}
	}
	return json.Marshal(&cp)
}
