package adverse

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	dcorpus "dossier/corpus"
)

// Example is one labelled article.
type Example struct {
	Text    string
	Adverse bool
	Line    int // line of the record in its file, from 1
	// Key is the row key of the annotated corpus (corpus.Key of the
	// row's url and entity_name) when the file has those columns; of
	// copies of one article, the smallest. Split follows the corpus's
	// fixed split by it.
	Key string
}

// Sentinels inside a ParseError.
var (
	ErrSyntax = errors.New("adverse: malformed CSV")
	ErrHeader = errors.New("adverse: missing column")
	ErrLabel  = errors.New("adverse: invalid label")
)

// ParseError is a bad record in a CSV file: Source is the file name,
// Line and Column (from 1; Column 0 when unknown) where the problem is,
// Record the line where the record starts (fields may span lines). Err
// wraps one of ErrSyntax, ErrHeader or ErrLabel.
type ParseError struct {
	Source       string
	Line, Column int
	Record       int
	Err          error
}

func (e *ParseError) Error() string {
	var rec string
	if e.Record > 0 && e.Record != e.Line {
		rec = fmt.Sprintf(" (in the record starting at line %d)", e.Record)
	}
	if e.Column > 0 {
		return fmt.Sprintf("%s:%d:%d: %v%s", e.Source, e.Line, e.Column, e.Err, rec)
	}
	return fmt.Sprintf("%s:%d: %v%s", e.Source, e.Line, e.Err, rec)
}

func (e *ParseError) Unwrap() error { return e.Err }

// records reads a CSV with a header row, checks that the header has the
// required columns and calls fn with each record, its line and the
// column indexes of want (in order). Optional columns that are absent
// get index -1. fn reports a bad field with fieldError.
func records(r io.Reader, source string, want, optional []string, fn func(rec []string, line int, col []int) error) error {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return &ParseError{Source: source, Line: 1, Record: 1, Err: fmt.Errorf("%w: empty file, want a header with %s", ErrHeader, strings.Join(want, ", "))}
	}
	if err != nil {
		return csvError(source, err)
	}
	hline, _ := cr.FieldPos(0)
	index := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := index[h]; !dup {
			index[h] = i
		}
	}
	cols := make([]int, 0, len(want)+len(optional))
	for _, w := range want {
		i, ok := index[w]
		if !ok {
			return &ParseError{Source: source, Line: hline, Record: hline, Err: fmt.Errorf("%w %q in the header", ErrHeader, w)}
		}
		cols = append(cols, i)
	}
	for _, w := range optional {
		i, ok := index[w]
		if !ok {
			i = -1
		}
		cols = append(cols, i)
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(source, err)
		}
		line, _ := cr.FieldPos(0)
		if err := fn(rec, line, cols); err != nil {
			var fe fieldError
			if errors.As(err, &fe) {
				l, c := cr.FieldPos(fe.field)
				return &ParseError{Source: source, Line: l, Column: c, Record: line, Err: fe.err}
			}
			return err
		}
	}
}

// fieldError is a bad value in field (an index into the record).
type fieldError struct {
	field int
	err   error
}

func (e fieldError) Error() string { return e.err.Error() }

func csvError(source string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{Source: source, Line: pe.Line, Column: pe.Column, Record: pe.StartLine, Err: fmt.Errorf("%w: %w", ErrSyntax, pe.Err)}
	}
	return fmt.Errorf("%s: %w", source, err)
}

// ReadLabelled reads a CSV file with a header naming (at least) the
// columns article and label (1 for adverse, 0 for not; true/false are
// accepted too). Other columns are ignored. source names the input in
// errors.
func ReadLabelled(r io.Reader, source string) ([]Example, error) {
	var out []Example
	err := records(r, source, []string{"article", "label"}, nil, func(rec []string, line int, col []int) error {
		lab, ok := parseLabel(rec[col[1]])
		if !ok {
			return fieldError{col[1], fmt.Errorf("%w %q, want 1 or 0", ErrLabel, rec[col[1]])}
		}
		out = append(out, Example{Text: rec[col[0]], Adverse: lab, Line: line})
		return nil
	})
	return out, err
}

func parseLabel(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "1.0", "true":
		return true, true
	case "0", "0.0", "false":
		return false, true
	}
	return false, false
}

// Cleaning counts what ReadTraining kept and left out.
type Cleaning struct {
	Rows       int // records read
	Kept       int // examples returned
	Adverse    int // of which adverse
	Unusable   int // review delete, random or neither
	Doubt      int // review doubt
	Duplicates int // identical article text seen before with the same label
	Conflicts  int // identical article texts with different labels (all copies)
	Empty      int // no article text
	Overridden int // review am/nam differing from collected_as
}

// ReadTraining reads the adverse-media training CSV (columns
// collected_as, review and article; url and entity_name, when present,
// give each example its corpus Key; explanation and any others are
// ignored) and cleans it:
//
//   - review am or nam overrides collected_as (adverse or non_adverse);
//   - rows whose review includes delete, random or neither are left out;
//   - rows whose review includes doubt are left out: the reviewer could
//     not decide the label (e.g. "half about charges, half cleared"), so
//     they would add label noise to training and to the held-out score;
//   - rows without article text are left out;
//   - an article text seen again is kept once; texts that occur with
//     both labels are left out entirely.
//
// A collected_as or review value outside these is a *ParseError.
func ReadTraining(r io.Reader, source string) ([]Example, Cleaning, error) {
	var (
		out   []Example
		st    Cleaning
		seen  = map[string]int{} // text -> index in out, or -1 once conflicting
		drops = map[string]bool{}
		// the smallest key of the usable rows (doubtful ones too) with
		// each text, as the corpus keeps it
		minKey = map[string]string{}
	)
	err := records(r, source, []string{"collected_as", "review", "article"}, []string{"url", "entity_name"}, func(rec []string, line int, col []int) error {
		st.Rows++
		var key string
		if col[3] >= 0 && col[4] >= 0 {
			key = dcorpus.Key(rec[col[3]], rec[col[4]])
		}
		var adverse bool
		switch v := strings.ToLower(strings.TrimSpace(rec[col[0]])); v {
		case "adverse":
			adverse = true
		case "non_adverse":
		default:
			return fieldError{col[0], fmt.Errorf("%w: collected_as %q, want adverse or non_adverse", ErrLabel, rec[col[0]])}
		}
		review := rec[col[1]]
		var doubt, unusable, am, nam bool
		for _, mark := range strings.Split(review, ",") {
			switch strings.ToLower(strings.TrimSpace(mark)) {
			case "":
			case "am":
				am = true
			case "nam":
				nam = true
			case "doubt":
				doubt = true
			case "delete", "random", "neither":
				unusable = true
			default:
				return fieldError{col[1], fmt.Errorf("%w: review %q, want am, nam, doubt, delete, random or neither", ErrLabel, review)}
			}
		}
		if am && nam {
			doubt = true
		}
		if unusable {
			st.Unusable++
			return nil
		}
		if t := strings.TrimSpace(rec[col[2]]); key != "" && t != "" {
			if k, ok := minKey[t]; !ok || key < k {
				minKey[t] = key
			}
		}
		switch {
		case doubt:
			st.Doubt++
			return nil
		}
		if am && !adverse || nam && adverse {
			st.Overridden++
		}
		if am {
			adverse = true
		} else if nam {
			adverse = false
		}
		text := strings.TrimSpace(rec[col[2]])
		if text == "" {
			st.Empty++
			return nil
		}
		if i, ok := seen[text]; ok {
			switch {
			case i < 0:
				st.Conflicts++
			case out[i].Adverse == adverse:
				st.Duplicates++
			default:
				st.Conflicts += 2
				drops[text] = true
				seen[text] = -1
			}
			return nil
		}
		seen[text] = len(out)
		out = append(out, Example{Text: text, Adverse: adverse, Line: line, Key: key})
		return nil
	})
	if err != nil {
		return nil, st, err
	}
	for i := range out {
		if k, ok := minKey[out[i].Text]; ok {
			out[i].Key = k
		}
	}
	if len(drops) > 0 {
		kept := out[:0]
		for _, e := range out {
			if !drops[e.Text] {
				kept = append(kept, e)
			}
		}
		out = kept
	}
	st.Kept = len(out)
	for _, e := range out {
		if e.Adverse {
			st.Adverse++
		}
	}
	return out, st, nil
}

// LoadTraining reads and cleans the training CSV at path (see
// ReadTraining).
func LoadTraining(path string) ([]Example, Cleaning, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, Cleaning{}, err
	}
	defer f.Close()
	return ReadTraining(f, path)
}

// LoadLabelled reads the article/label CSV at path (see ReadLabelled).
func LoadLabelled(path string) ([]Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadLabelled(f, path)
}

// IsHeldOut reports whether Split holds e out.
func IsHeldOut(e Example) bool {
	if e.Key != "" {
		return dcorpus.Split(e.Key) == dcorpus.Test
	}
	return HeldOut(e.Text)
}

// HeldOutPercent is the share of articles in the held-out split.
const HeldOutPercent = 20

// HeldOut reports whether an article belongs to the held-out split: the
// first 8 bytes of the SHA-256 of its text (with surrounding white space
// trimmed), modulo 100, below HeldOutPercent. The split depends on the
// text only, so it is the same on every machine and in every file, and
// copies of an article fall on the same side.
func HeldOut(text string) bool {
	h := sha256.Sum256([]byte(strings.TrimSpace(text)))
	return binary.BigEndian.Uint64(h[:8])%100 < HeldOutPercent
}

// Split divides examples into the training split and the held-out split.
// An example with a Key follows the annotated corpus's fixed split
// (corpus.Split): its test rows are held out, its train and dev rows
// are for training, so that the article-level and the subject-level
// models are scored on the same unseen rows. An example without one
// (a file with no url and entity_name columns) is held out by HeldOut.
func Split(examples []Example) (train, heldout []Example) {
	for _, e := range examples {
		if IsHeldOut(e) {
			heldout = append(heldout, e)
		} else {
			train = append(train, e)
		}
	}
	return train, heldout
}
