package corpus

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// Row is one record of the adverse-media training CSV. Article is the
// text exactly as encoding/csv returns it (a CRLF inside a quoted field
// becomes LF; nothing is trimmed): every annotation offset is a byte
// offset into it.
type Row struct {
	Key         string // Key(URL, EntityName)
	Line        int    // line where the record starts, from 1
	CollectedAs string
	Review      string
	EntityName  string
	EntityType  string
	URL         string
	Explanation string
	Article     string
	Status      RowStatus
	DuplicateOf string // for StatusDuplicate: the key of the row kept
}

// RowStatus says whether a row may be annotated.
type RowStatus uint8

// Row statuses. Only StatusUsable rows are annotated.
const (
	StatusUsable    RowStatus = iota
	StatusUnusable            // review includes delete, random or neither
	StatusEmpty               // no article text
	StatusDuplicate           // same article text as a usable row with a smaller key
)

func (s RowStatus) String() string {
	switch s {
	case StatusUsable:
		return "usable"
	case StatusUnusable:
		return "unusable"
	case StatusEmpty:
		return "empty"
	case StatusDuplicate:
		return "duplicate"
	}
	return fmt.Sprintf("RowStatus(%d)", uint8(s))
}

// Key is the stable identity of a row: the first 16 hex digits of the
// SHA-256 of its url, a line feed and its entity_name. The training file
// holds the same article under two subjects in places, and the same
// subject in several articles, so neither column alone is unique.
func Key(url, entityName string) string {
	sum := sha256.Sum256([]byte(url + "\n" + entityName))
	return hex.EncodeToString(sum[:8])
}

// IsKey reports whether s has the form of a key: 16 lowercase hex digits.
func IsKey(s string) bool {
	if len(s) != 16 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// ReadRows reads the training CSV (a header naming at least url,
// entity_name, review and article; collected_as, entity_type and
// explanation are kept when present) and sets each row's Status:
//
//   - review marks delete, random or neither (alone or in a list such as
//     "am, doubt") make a row unusable, as the data's README advises;
//     doubt does not: the reviewer doubted the adverse label, not the text;
//   - a row whose article is empty or only whitespace is empty;
//   - among usable rows with byte-identical articles, the one with the
//     smallest key is kept and the others are duplicates, so that no
//     article is annotated twice by accident or falls in two splits.
//
// Two rows with the same key are an error: the key would not name one
// row. Errors are *Error with the file (source), line and column name.
func ReadRows(r io.Reader, source string) ([]Row, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &Error{File: source, Line: 1, Err: errorf(ErrSyntax, "empty file, want a header")}
	}
	if err != nil {
		return nil, csvError(source, err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := col[h]; !dup {
			col[h] = i
		}
	}
	for _, want := range []string{"url", "entity_name", "review", "article"} {
		if _, ok := col[want]; !ok {
			return nil, &Error{File: source, Line: 1, Field: want, Err: errorf(ErrSyntax, "no column %q in the header", want)}
		}
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	var rows []Row
	byKey := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(source, err)
		}
		line, _ := cr.FieldPos(0)
		row := Row{
			Line:        line,
			CollectedAs: get(rec, "collected_as"),
			Review:      get(rec, "review"),
			EntityName:  get(rec, "entity_name"),
			EntityType:  get(rec, "entity_type"),
			URL:         get(rec, "url"),
			Explanation: get(rec, "explanation"),
			Article:     get(rec, "article"),
		}
		row.Key = Key(row.URL, row.EntityName)
		if prev, dup := byKey[row.Key]; dup {
			return nil, &Error{File: source, Line: line, Field: "url", Err: errorf(ErrDuplicate, "url and entity_name repeat the row of line %d (key %s)", rows[prev].Line, row.Key)}
		}
		byKey[row.Key] = len(rows)
		switch {
		case unusableReview(row.Review):
			row.Status = StatusUnusable
		case strings.TrimSpace(row.Article) == "":
			row.Status = StatusEmpty
		}
		rows = append(rows, row)
	}
	markDuplicates(rows)
	return rows, nil
}

// LoadRows reads the training CSV at path.
func LoadRows(path string) ([]Row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	defer f.Close()
	return ReadRows(f, path)
}

// unusableReview reports whether a review mark list includes delete,
// random or neither.
func unusableReview(review string) bool {
	for _, m := range strings.Split(review, ",") {
		switch strings.ToLower(strings.TrimSpace(m)) {
		case "delete", "random", "neither":
			return true
		}
	}
	return false
}

// markDuplicates marks usable rows whose article repeats that of a usable
// row with a smaller key.
func markDuplicates(rows []Row) {
	idx := make([]int, 0, len(rows))
	for i := range rows {
		if rows[i].Status == StatusUsable {
			idx = append(idx, i)
		}
	}
	slices.SortFunc(idx, func(a, b int) int { return strings.Compare(rows[a].Key, rows[b].Key) })
	first := map[string]string{}
	for _, i := range idx {
		if k, ok := first[rows[i].Article]; ok {
			rows[i].Status = StatusDuplicate
			rows[i].DuplicateOf = k
			continue
		}
		first[rows[i].Article] = rows[i].Key
	}
}

// Index maps each row's key to the row.
func Index(rows []Row) map[string]*Row {
	m := make(map[string]*Row, len(rows))
	for i := range rows {
		m[rows[i].Key] = &rows[i]
	}
	return m
}

func csvError(source string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{File: source, Line: pe.Line, Field: fmt.Sprintf("column %d", pe.Column), Err: fmt.Errorf("%w: %w", ErrSyntax, pe.Err)}
	}
	return &Error{File: source, Err: fmt.Errorf("%w: %w", ErrSyntax, err)}
}
