package lists

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"

	"dossier"
	"dossier/lists/eu"
	"dossier/lists/ftm"
	"dossier/lists/internal/build"
	"dossier/lists/list"
	"dossier/lists/ofac"
	"dossier/lists/uk"
	"dossier/lists/un"
)

// List is one loaded list: its version and its entities.
type List = list.List

// File is one input file, held in memory or opened when read.
type File = list.File

// Options are a load's settings: the dataset to store the list as
// and the largest file read.
type Options = list.Options

// DefaultMaxSize is the largest file read unless Options.MaxSize says
// otherwise (1 GiB).
const DefaultMaxSize = list.DefaultMaxSize

// Sentinel errors, matched with errors.Is against the Err of the
// *dossier.InputError that Load and Detect return.
var (
	ErrEmpty         = list.ErrEmpty
	ErrBinary        = list.ErrBinary
	ErrEncoding      = list.ErrEncoding
	ErrMalformed     = list.ErrMalformed
	ErrUnknownFormat = list.ErrUnknownFormat
	ErrDoctype       = list.ErrDoctype
	ErrTooLarge      = list.ErrTooLarge
	ErrTooLong       = list.ErrTooLong
	ErrDataset       = list.ErrDataset
)

// Format is a list format as found by Detect.
type Format string

// The formats Detect reports.
const (
	OFACCSV      Format = "ofac-csv"          // sdn.csv, add.csv, alt.csv, sdn_comments.csv; cons_*.csv
	OFACXML      Format = "ofac-xml"          // sdn.xml, consolidated.xml (root sdnList)
	OFACAdvanced Format = "ofac-advanced-xml" // SDN_ADVANCED.XML (root Sanctions)
	UNXML        Format = "un-xml"            // root CONSOLIDATED_LIST
	EUXML        Format = "eu-xml"            // root export, namespace …/fpi/fsd/export
	EUCSV        Format = "eu-csv"            // header with Entity_LogicalId, ';'-separated
	UKCSV        Format = "uk-csv"            // "Last Updated" row, header with Group ID and Name 6
	UKXML        Format = "uk-xml"            // root ArrayOfFinancialSanctionsTarget
	FtM          Format = "ftm-jsonl"         // JSON objects with "id" and "schema", one per line
)

// decoders maps each format to the loader that decodes it.
var decoders = map[Format]func(context.Context, list.Options, ...list.File) (*list.List, error){
	OFACCSV:      ofac.DecodeOptions,
	OFACXML:      ofac.DecodeOptions,
	OFACAdvanced: ofac.DecodeOptions,
	UNXML:        un.DecodeOptions,
	EUXML:        eu.DecodeOptions,
	EUCSV:        eu.DecodeOptions,
	UKCSV:        uk.DecodeOptions,
	UKXML:        uk.DecodeOptions,
	FtM:          ftm.DecodeOptions,
}

// sniffLen is how much of each file Detect looks at.
const sniffLen = 8 << 10

// Detect reports the format of the list in the files (a directory
// stands for the files inside it) from their content: OFAC CSV by its
// shape (a numeric ent_num first, 12 columns in the primary file, 5 or
// 6 in the alias and address files, "-0-" for empty fields), XML by its
// root element (CONSOLIDATED_LIST, export, sdnList, Sanctions,
// ArrayOfFinancialSanctionsTarget), the EU and UK CSV files by their
// headers, FtM by a first line that is a JSON object with "id" and
// "schema". All files must hold the same format. An XML file with a
// DOCTYPE that has an internal subset is refused (ErrDoctype).
func Detect(paths ...string) (Format, error) {
	files, err := build.OpenFiles(0, paths...)
	if err != nil {
		return "", err
	}
	return detectFiles(files)
}

// Load opens the files (a directory stands for the files inside it),
// detects their format and decodes them with the matching loader,
// with the default options.
func Load(ctx context.Context, paths ...string) (*List, error) {
	return LoadOptions(ctx, Options{}, paths...)
}

// LoadOptions is Load with options: the dataset to store the list as
// (needed for a FollowTheMoney file whose entities come from several
// datasets, and refused where the list names another) and the largest
// file read. Files are streamed, never read whole into memory; a path
// that is not a regular file or directory (a FIFO, /dev/zero) is
// refused.
func LoadOptions(ctx context.Context, opts Options, paths ...string) (*List, error) {
	files, err := build.OpenFiles(opts.MaxSize, paths...)
	if err != nil {
		return nil, err
	}
	source := strings.Join(paths, ", ")
	if opts.Sink != nil {
		opts.Sink = sourceSink{opts.Sink, source}
	}
	l, err := DecodeOptions(ctx, opts, files...)
	if err != nil {
		return nil, err
	}
	l.Version.Source = source
	return l, nil
}

// sourceSink records the paths a list was loaded from as its source.
type sourceSink struct {
	list.Sink
	source string
}

func (s sourceSink) Begin(v *dossier.ListVersion) error {
	v.Source = s.source
	return s.Sink.Begin(v)
}

// Decode detects the format of the files and decodes them.
func Decode(ctx context.Context, files ...File) (*List, error) {
	return DecodeOptions(ctx, Options{}, files...)
}

// DecodeOptions is Decode with options (see LoadOptions). Every list
// it returns names its dataset (Version.Dataset): a list whose dataset
// cannot be told is an ErrDataset error.
func DecodeOptions(ctx context.Context, opts Options, files ...File) (*List, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := detectFiles(files)
	if err != nil {
		return nil, err
	}
	l, err := decoders[f](ctx, opts, files...)
	if err != nil {
		return nil, err
	}
	if l.Version.Dataset == "" {
		return nil, &dossier.InputError{File: files[0].Name, Offset: -1, Err: fmt.Errorf("%w: give the dataset", list.ErrDataset)}
	}
	return list.Hand(l, opts)
}

func detectFiles(files []list.File) (Format, error) {
	if len(files) == 0 {
		return "", &dossier.InputError{Offset: -1, Err: fmt.Errorf("%w: no files", list.ErrEmpty)}
	}
	var (
		format Format
		first  string
	)
	for _, f := range files {
		got, err := detect(f)
		if err != nil {
			return "", err
		}
		if format != "" && got != format {
			return "", &dossier.InputError{File: f.Name, Offset: -1, Err: fmt.Errorf("%w: %s is %s but %s is %s; load one list at a time", list.ErrUnknownFormat, f.Name, got, first, format)}
		}
		format, first = got, f.Name
	}
	return format, nil
}

var (
	reXMLSkip    = regexp.MustCompile(`^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>\[]*>)`)
	reXMLDoctype = regexp.MustCompile(`^<!DOCTYPE[^>\[]*\[`)
	reXMLRoot    = regexp.MustCompile(`^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)`)
)

// detect reports the format of one file from its first bytes.
func detect(f list.File) (Format, error) {
	head, err := f.Head(sniffLen)
	if err != nil {
		var ie *dossier.InputError
		if errors.As(err, &ie) {
			return "", err
		}
		return "", &dossier.InputError{File: f.Name, Offset: -1, Err: err}
	}
	full := len(head) == sniffLen // the file may hold more than the head
	head = bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF})
	if len(head) >= 2 && (head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF) {
		head = fromUTF16(head)
	}
	if len(bytes.TrimSpace(head)) == 0 {
		return "", &dossier.InputError{File: f.Name, Offset: -1, Err: list.ErrEmpty}
	}
	if i := bytes.IndexByte(head, 0); i >= 0 {
		return "", &dossier.InputError{File: f.Name, Offset: int64(i), Err: fmt.Errorf("%w: NUL byte at offset %d", list.ErrBinary, i)}
	}
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	switch trimmed[0] {
	case '<':
		s := string(trimmed)
		for {
			loc := reXMLSkip.FindStringIndex(s)
			if loc == nil || loc[1] == 0 {
				break
			}
			s = s[loc[1]:]
		}
		if reXMLDoctype.MatchString(s) {
			off := int64(len(head) - len(s))
			return "", build.DoctypeError(f.Name, bytes.Count(head[:off], []byte("\n"))+1, off)
		}
		m := reXMLRoot.FindStringSubmatch(s)
		if m == nil {
			break
		}
		switch m[2] {
		case "CONSOLIDATED_LIST":
			return UNXML, nil
		case "export":
			return EUXML, nil
		case "sdnList":
			return OFACXML, nil
		case "Sanctions":
			return OFACAdvanced, nil
		case "ArrayOfFinancialSanctionsTarget":
			return UKXML, nil
		}
		return "", unknown(f, "XML root element <"+m[2]+">")
	case '{':
		line, _, _ := bytes.Cut(trimmed, []byte("\n"))
		var obj map[string]json.RawMessage
		if json.Unmarshal(line, &obj) == nil && obj["schema"] != nil && obj["id"] != nil {
			return FtM, nil
		}
		if len(line) == len(trimmed) && full && bytes.Contains(line, []byte(`"schema"`)) {
			return FtM, nil // a first line longer than the sniffed head
		}
		return "", unknown(f, "JSON without \"id\" and \"schema\"")
	}
	firstLine, _, _ := bytes.Cut(trimmed, []byte("\n"))
	lower := strings.ToLower(string(firstLine))
	switch {
	case strings.Contains(lower, "entity_logicalid"):
		return EUCSV, nil
	case strings.HasPrefix(lower, "last updated"),
		strings.Contains(lower, "group id") && strings.Contains(lower, "name 6"):
		return UKCSV, nil
	}
	r := csv.NewReader(bytes.NewReader(trimmed))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	if rec, err := r.Read(); err == nil {
		if _, err := strconv.ParseUint(strings.TrimSpace(rec[0]), 10, 32); err == nil {
			switch len(rec) {
			case 12, 6, 5:
				return OFACCSV, nil
			case 2:
				if strings.HasSuffix(strings.ToLower(f.Name), "comments.csv") {
					return OFACCSV, nil
				}
			}
		}
	}
	return "", unknown(f, "no known list format")
}

func unknown(f list.File, what string) error {
	return &dossier.InputError{File: f.Name, Line: 1, Offset: -1, Err: fmt.Errorf("%w: %s", list.ErrUnknownFormat, what)}
}

func fromUTF16(b []byte) []byte {
	le := b[0] == 0xFF
	u := make([]uint16, 0, len(b)/2)
	for i := 2; i+1 < len(b); i += 2 {
		if le {
			u = append(u, uint16(b[i])|uint16(b[i+1])<<8)
		} else {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		}
	}
	return []byte(string(utf16.Decode(u)))
}
