package synth

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentinel errors of a name-part table, the Err of a *ParseError.
var (
	ErrHeader    = errors.New("the first row that is not a comment must be the header part, kind, gender, weight")
	ErrColumns   = errors.New("want 4 tab-separated columns: part, kind, gender, weight")
	ErrPart      = errors.New("part is empty, has surrounding space or is not valid UTF-8")
	ErrKind      = errors.New("kind is not given, family or patronymic")
	ErrGender    = errors.New("gender is not m, f or u (given names, patronymics) or - (family names)")
	ErrWeight    = errors.New("weight is not an integer from 1 to 1000000")
	ErrDuplicate = errors.New("part repeats an earlier row of the same kind and gender")
	ErrMissing   = errors.New("table has no given names or no family names")
)

// ParseError is an error in a name-part table, at a line (0 when it is
// about the whole table).
type ParseError struct {
	Source string
	Line   int
	Err    error
}

func (e *ParseError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("synth: %s: %v", e.Source, e.Err)
	}
	return fmt.Sprintf("synth: %s:%d: %v", e.Source, e.Line, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// kind is what a name part is.
type kind uint8

const (
	kindGiven kind = iota
	kindFamily
	kindPatronymic
	nKinds
)

var kindNames = [nKinds]string{"given", "family", "patronymic"}

// row is one name part.
type row struct {
	part   string
	kind   kind
	gender byte // 'm', 'f', 'u'; '-' for family names
	weight int
}

// choice is a set of rows to draw from in proportion to their weights.
type choice struct {
	rows []row
	cum  []int // cum[i] is the sum of the weights of rows[:i+1]
}

func newChoice(rows []row) choice {
	c := choice{rows: rows, cum: make([]int, len(rows))}
	sum := 0
	for i, r := range rows {
		sum += r.weight
		c.cum[i] = sum
	}
	return c
}

func (c choice) total() int {
	if len(c.cum) == 0 {
		return 0
	}
	return c.cum[len(c.cum)-1]
}

// table is the parsed name parts of one origin (english, korean, …),
// grouped for drawing: given names of either gender, of one gender
// (the unisex ones included), family names, patronymics by gender.
type table struct {
	name       string
	rows       []row // in file order
	given      choice
	givenM     choice
	givenF     choice
	family     choice
	patronymM  choice
	patronymF  choice
	hasPatrony bool
}

const maxWeight = 1_000_000

// parseTable reads a name-part table: UTF-8 text, lines starting with #
// and blank lines ignored, a header row "part kind gender weight", then
// one tab-separated row per name part.
func parseTable(r io.Reader, source string) (*table, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	t := &table{name: source}
	seen := map[row]bool{}
	line, header := 0, false
	for sc.Scan() {
		line++
		text := strings.TrimSuffix(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fail := func(err error) error { return &ParseError{Source: source, Line: line, Err: err} }
		cols := strings.Split(text, "\t")
		if !header {
			if len(cols) != 4 || cols[0] != "part" || cols[1] != "kind" || cols[2] != "gender" || cols[3] != "weight" {
				return nil, fail(ErrHeader)
			}
			header = true
			continue
		}
		if len(cols) != 4 {
			return nil, fail(ErrColumns)
		}
		rw := row{part: cols[0]}
		if rw.part == "" || !utf8.ValidString(rw.part) || strings.TrimFunc(rw.part, unicode.IsSpace) != rw.part {
			return nil, fail(ErrPart)
		}
		k := slices.Index(kindNames[:], cols[1])
		if k < 0 {
			return nil, fail(ErrKind)
		}
		rw.kind = kind(k)
		g := cols[2]
		switch {
		case rw.kind == kindFamily && g == "-":
		case rw.kind != kindFamily && (g == "m" || g == "f" || g == "u"):
		default:
			return nil, fail(ErrGender)
		}
		rw.gender = g[0]
		w, err := strconv.Atoi(cols[3])
		if err != nil || w < 1 || w > maxWeight {
			return nil, fail(ErrWeight)
		}
		key := rw
		if seen[key] {
			return nil, fail(ErrDuplicate)
		}
		seen[key] = true
		rw.weight = w
		t.rows = append(t.rows, rw)
	}
	if err := sc.Err(); err != nil {
		return nil, &ParseError{Source: source, Line: line + 1, Err: err}
	}
	if !header {
		return nil, &ParseError{Source: source, Err: ErrHeader}
	}
	t.group()
	if t.given.total() == 0 || t.family.total() == 0 {
		return nil, &ParseError{Source: source, Err: ErrMissing}
	}
	return t, nil
}

// group sorts the rows into the choices drawn from.
func (t *table) group() {
	var given, givenM, givenF, family, patM, patF []row
	for _, r := range t.rows {
		switch r.kind {
		case kindGiven:
			given = append(given, r)
			if r.gender != 'f' {
				givenM = append(givenM, r)
			}
			if r.gender != 'm' {
				givenF = append(givenF, r)
			}
		case kindFamily:
			family = append(family, r)
		case kindPatronymic:
			if r.gender != 'f' {
				patM = append(patM, r)
			}
			if r.gender != 'm' {
				patF = append(patF, r)
			}
		}
	}
	t.given, t.givenM, t.givenF, t.family = newChoice(given), newChoice(givenM), newChoice(givenF), newChoice(family)
	t.patronymM, t.patronymF = newChoice(patM), newChoice(patF)
	t.hasPatrony = len(patM) > 0 && len(patF) > 0
}

// format writes the table back in the layout parseTable reads.
func (t *table) format(w io.Writer) error {
	if _, err := io.WriteString(w, "part\tkind\tgender\tweight\n"); err != nil {
		return err
	}
	for _, r := range t.rows {
		if _, err := fmt.Fprintf(w, "%s\t%s\t%c\t%d\n", r.part, kindNames[r.kind], r.gender, r.weight); err != nil {
			return err
		}
	}
	return nil
}
