package ofac

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"dossier"
	"dossier/lists/internal/build"
	"dossier/lists/list"
)

// The four kinds of file in an OFAC CSV list, with their column counts.
const (
	kindPrim     = "primary"
	kindAdd      = "address"
	kindAlt      = "alias"
	kindComments = "comments"
)

var kindColumns = map[string]int{kindPrim: 12, kindAdd: 6, kindAlt: 5, kindComments: 2}

// fileKind tells the kind of an OFAC CSV file from its name, else from
// the column count of its first row; "" if neither fits.
func fileKind(f list.File) (string, error) {
	switch strings.ToLower(filepath.Base(f.Name)) {
	case "sdn.csv", "cons_prim.csv", "prim.csv":
		return kindPrim, nil
	case "add.csv", "cons_add.csv":
		return kindAdd, nil
	case "alt.csv", "cons_alt.csv":
		return kindAlt, nil
	case "sdn_comments.csv", "cons_comments.csv", "comments.csv":
		return kindComments, nil
	}
	head, err := f.Head(64 << 10)
	if err != nil {
		return "", &dossier.InputError{File: f.Name, Offset: -1, Err: err}
	}
	r := csv.NewReader(strings.NewReader(build.Windows1252(head)))
	r.FieldsPerRecord = -1
	rec, err := r.Read()
	if err != nil {
		return "", nil
	}
	if _, err := strconv.Atoi(strings.TrimSpace(rec[0])); err != nil {
		return "", nil
	}
	for k, n := range kindColumns {
		if len(rec) == n {
			return k, nil
		}
	}
	return "", nil
}

// primRow is one row of sdn.csv / cons_prim.csv.
type primRow struct {
	num     string
	line    int
	fields  []string
	remarks string
}

// decodeCSV decodes the CSV files of one OFAC list.
func decodeCSV(ctx context.Context, opts list.Options, files []list.File) (*list.List, error) {
	byKind := map[string]list.File{}
	for _, f := range files {
		k, err := fileKind(f)
		if err != nil {
			return nil, err
		}
		if k == "" {
			if f.Len() == 0 {
				return nil, &dossier.InputError{File: f.Name, Offset: -1, Err: list.ErrEmpty}
			}
			if err := checkText(f); err != nil {
				return nil, err
			}
			return nil, build.Errorf(f.Name, 1, "", list.ErrMalformed, "not an OFAC CSV file (sdn.csv, add.csv, alt.csv, sdn_comments.csv or cons_*.csv)")
		}
		if prev, ok := byKind[k]; ok {
			return nil, build.Errorf(f.Name, 0, "", list.ErrMalformed, "second %s file (first: %s); load one list at a time", k, prev.Name)
		}
		byKind[k] = f
	}
	prim, ok := byKind[kindPrim]
	if !ok {
		return nil, build.Errorf(files[0].Name, 0, "", list.ErrMalformed, "no primary file (sdn.csv or cons_prim.csv) among the OFAC CSV files")
	}
	ds, err := csvDataset(opts, files)
	if err != nil {
		return nil, err
	}
	b := build.NewBuilder(ds)

	// Primary rows first, then remarks continued in the comments file.
	var rows []*primRow
	byNum := map[string]*primRow{}
	err = readCSV(ctx, prim, kindColumns[kindPrim], func(line int, rec []string) error {
		if _, dup := byNum[rec[0]]; dup {
			return build.Errorf(prim.Name, line, "ent_num "+rec[0], list.ErrMalformed, "duplicate ent_num %s", rec[0])
		}
		if rec[1] == "" {
			return build.Errorf(prim.Name, line, "ent_num "+rec[0], list.ErrMalformed, "no name")
		}
		row := &primRow{num: rec[0], line: line, fields: append([]string(nil), rec...), remarks: rec[11]}
		rows = append(rows, row)
		byNum[rec[0]] = row
		return nil
	})
	if err != nil {
		return nil, err
	}
	if f, ok := byKind[kindComments]; ok {
		err := readCSV(ctx, f, kindColumns[kindComments], func(line int, rec []string) error {
			row, ok := byNum[rec[0]]
			if !ok {
				return build.Errorf(f.Name, line, "ent_num "+rec[0], list.ErrMalformed, "comment for ent_num %s, which is not in %s", rec[0], filepath.Base(prim.Name))
			}
			// The comments file continues remarks cut at a fixed
			// length, often mid-word: append without a separator.
			row.remarks += rec[1]
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for _, row := range rows {
		if err := primEntity(b, prim.Name, row); err != nil {
			return nil, err
		}
	}
	if f, ok := byKind[kindAlt]; ok {
		err := readCSV(ctx, f, kindColumns[kindAlt], func(line int, rec []string) error {
			e := b.Get("ofac-" + rec[0])
			if e == nil {
				return build.Errorf(f.Name, line, "ent_num "+rec[0], list.ErrMalformed, "alias for ent_num %s, which is not in %s", rec[0], filepath.Base(prim.Name))
			}
			name := rec[3]
			if name == "" {
				return nil
			}
			switch strings.ToLower(strings.Trim(rec[2], ". ")) {
			case "fka", "f.k.a":
				e.Add("previousName", name)
			default: // aka, nka
				e.Add("alias", name)
			}
			if rec[4] != "" {
				e.Add("notes", name+": "+rec[4])
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if f, ok := byKind[kindAdd]; ok {
		err := readCSV(ctx, f, kindColumns[kindAdd], func(line int, rec []string) error {
			e := b.Get("ofac-" + rec[0])
			if e == nil {
				return build.Errorf(f.Name, line, "ent_num "+rec[0], list.ErrMalformed, "address for ent_num %s, which is not in %s", rec[0], filepath.Base(prim.Name))
			}
			e.Add("address", build.Join(", ", rec[2], rec[3], rec[4]))
			e.Add("country", rec[4])
			if rec[5] != "" {
				e.Add("notes", rec[5])
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if err := b.NoTargets(prim.Name); err != nil {
		return nil, err
	}
	return b.List(files, meta(ds), time.Time{})
}

// primEntity makes the target and Sanction entities of a primary row.
func primEntity(b *build.Builder, file string, row *primRow) error {
	f := row.fields
	name := f[1]
	var schema string
	switch strings.ToLower(f[2]) {
	case "individual":
		schema = "Person"
	case "vessel":
		schema = "Vessel"
	case "aircraft":
		schema = "Airplane"
	case "", "entity":
		schema = "Organization"
		if build.IsCompany(name) {
			schema = "Company"
		}
	default:
		return build.Errorf(file, row.line, "ent_num "+row.num, list.ErrMalformed, "unknown SDN_Type %q", f[2])
	}
	e := b.Make(schema, "ofac-"+row.num)
	e.Caption = name
	e.Add("name", name)
	if schema == "Person" {
		if last, first, ok := strings.Cut(name, ", "); ok {
			e.Add("lastName", build.Clean(last))
			e.Add("firstName", build.Clean(first))
		}
		e.Add("position", f[4])
	} else if f[4] != "" {
		e.Add("notes", f[4])
	}
	if schema == "Vessel" {
		e.Add("callSign", f[5])
		e.Add("type", f[6])
		e.Add("tonnage", f[7])
		e.Add("grossRegisteredTonnage", f[8])
		e.Add("flag", f[9])
	} else if schema == "Airplane" {
		e.Add("type", f[6])
	}
	if f[10] != "" {
		e.Add("notes", "Owner: "+f[10])
	}
	url := detailURL + row.num
	e.Add("sourceUrl", url)
	e.Add("notes", build.Clean(row.remarks))

	s := b.Sanction(e, Authority)
	s.Add("authorityId", row.num)
	s.Add("sourceUrl", url)
	for _, p := range programs(f[3]) {
		s.Add("program", p)
		s.Add("programId", p)
	}
	applyRemarks(e, s, row.remarks)
	return nil
}

// programs splits the Program field, which holds several programs as
// "SDGT] [IRGC".
func programs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "] [") {
		if p = build.Clean(strings.Trim(p, "[] ")); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// readCSV reads an OFAC CSV file: no header, "-0-" for empty fields, a
// trailing 0x1A byte, ASCII that may hold Latin-1. Every row must have
// want columns (extra columns are allowed only if empty) and a numeric
// ent_num first; fn gets the 1-based line and the cleaned fields.
func readCSV(ctx context.Context, f list.File, want int, fn func(line int, rec []string) error) error {
	text, err := build.OpenText(f, build.Latin1, build.GuardLines)
	if err != nil {
		return err
	}
	defer text.Close()
	r := csv.NewReader(text)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	eof := 0 // line of the DOS end-of-file byte (0x1A) the files end with
	for n := 0; ; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return build.CSVError(f.Name, err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "\x1a" && eof == 0 {
			eof = line
			continue
		}
		if eof > 0 {
			return build.Errorf(f.Name, line, "", list.ErrMalformed, "data after the end-of-file byte 0x1A on line %d", eof)
		}
		for i, v := range rec {
			rec[i] = field(v)
		}
		if len(rec) < want {
			return build.Errorf(f.Name, line, "", list.ErrMalformed, "%d fields, want %d", len(rec), want)
		}
		for _, v := range rec[want:] {
			if v != "" {
				return build.Errorf(f.Name, line, "", list.ErrMalformed, "%d fields, want %d", len(rec), want)
			}
		}
		num, err := strconv.ParseUint(rec[0], 10, 32)
		if err != nil {
			return build.Errorf(f.Name, line, "", list.ErrMalformed, "ent_num %q is not a number", rec[0])
		}
		rec[0] = strconv.FormatUint(num, 10)
		if err := fn(line, rec[:want]); err != nil {
			return err
		}
	}
}

// field cleans one CSV field: white space collapsed, "-0-" (OFAC's
// empty marker) as "".
func field(s string) string {
	s = strings.TrimSpace(s)
	if s == "-0-" {
		return ""
	}
	if strings.ContainsAny(s, "\r\n\t") || strings.Contains(s, "  ") {
		s = build.Clean(s)
	}
	return s
}

// checkText reads a file through a TextReader for its encoding errors.
func checkText(f list.File) error {
	t, err := build.OpenText(f, build.Latin1, build.GuardLines)
	if err != nil {
		return err
	}
	defer t.Close()
	_, err = io.Copy(io.Discard, t)
	return err
}

// csvDataset tells the dataset of a set of OFAC CSV files from their
// names (see DecodeOptions), which must agree.
func csvDataset(opts list.Options, files []list.File) (string, error) {
	found, first := "", ""
	for _, f := range files {
		ds := nameDataset(f.Name)
		if ds == "" {
			continue
		}
		if found != "" && ds != found {
			return "", &dossier.InputError{File: f.Name, Offset: -1, Err: fmt.Errorf("%w: %s is a file of %s but %s of %s; load one list at a time", list.ErrDataset, filepath.Base(f.Name), ds, filepath.Base(first), found)}
		}
		found, first = ds, f.Name
	}
	return resolveDataset(files[0].Name, found, opts,
		"the CSV files are not named as OFAC publishes them (sdn.csv, add.csv, alt.csv, sdn_comments.csv or cons_prim.csv, cons_add.csv, cons_alt.csv, cons_comments.csv)")
}
