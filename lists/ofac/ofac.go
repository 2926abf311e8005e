// Package ofac loads the US Treasury OFAC sanctions lists: the SDN list
// and the consolidated non-SDN list, in the legacy CSV files (sdn.csv,
// add.csv, alt.csv, sdn_comments.csv, or cons_prim.csv, cons_add.csv,
// cons_alt.csv, cons_comments.csv), the classic XML (sdn.xml,
// consolidated.xml) and the advanced XML (SDN_ADVANCED.XML,
// CONS_ADVANCED.XML).
//
// Each listed party becomes a Person, Organization, Company, Vessel or
// Airplane entity with ID "ofac-" plus its OFAC number (ent_num, uid,
// FixedRef), followed by a Sanction entity. Loading is all or nothing:
// any malformed file gives a *dossier.InputError and no entities.
//
// Usage:
//
//	l, err := ofac.Load(ctx, "data/ofac/sdn-2021-07")
package ofac

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"dossier"
	"dossier/lists/internal/build"
	"dossier/lists/list"
)

// Authority is the Sanction authority of every OFAC listing.
const Authority = "US Treasury OFAC"

// Datasets.
const (
	DatasetSDN  = "us_ofac_sdn"
	DatasetCons = "us_ofac_cons"
)

// detailURL is OFAC's sanctions-search page for one entry.
const detailURL = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id="

// Load reads an OFAC list from files or directories (see package doc)
// and decodes it with Decode.
func Load(ctx context.Context, paths ...string) (*list.List, error) {
	return build.Load(ctx, DecodeOptions, list.Options{}, paths...)
}

// Decode decodes an OFAC list: either the CSV files of one list
// (recognized by name, else by column count) or one XML file (classic
// or advanced, by its root element), streaming them.
func Decode(ctx context.Context, files ...list.File) (*list.List, error) {
	return DecodeOptions(ctx, list.Options{}, files...)
}

// DecodeOptions is Decode with options. The dataset, DatasetSDN or
// DatasetCons, comes from the list itself: the advanced XML from the
// list its sanctions entries are on ("SDN List" or one of the non-SDN
// lists), the CSV files from their set (sdn.csv, add.csv, alt.csv,
// sdn_comments.csv, or cons_prim.csv, cons_add.csv, cons_alt.csv,
// cons_comments.csv: the names OFAC publishes them under, as the files
// hold nothing else that tells the two lists apart), the classic XML
// from its published name (sdn.xml or consolidated.xml). When the list
// cannot tell, opts.Dataset must name one of the two; when it can,
// opts.Dataset may only repeat it.
func DecodeOptions(ctx context.Context, opts list.Options, files ...list.File) (*list.List, error) {
	l, err := decode(ctx, opts, files)
	if err != nil {
		return nil, err
	}
	return list.Hand(l, opts)
}

func decode(ctx context.Context, opts list.Options, files []list.File) (*list.List, error) {
	if opts.Dataset != "" && opts.Dataset != DatasetSDN && opts.Dataset != DatasetCons {
		name := ""
		if len(files) > 0 {
			name = files[0].Name
		}
		return nil, &dossier.InputError{File: name, Offset: -1, Err: fmt.Errorf("%w: an OFAC list is dataset %s or %s, not %q", list.ErrDataset, DatasetSDN, DatasetCons, opts.Dataset)}
	}
	if len(files) == 1 {
		head, err := files[0].Head(4 << 10)
		if err != nil {
			return nil, &dossier.InputError{File: files[0].Name, Offset: -1, Err: err}
		}
		if isXML(head) {
			return decodeXML(ctx, opts, files[0])
		}
	}
	return decodeCSV(ctx, opts, files)
}

func isXML(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	data = bytes.TrimLeft(data, " \t\r\n")
	return bytes.HasPrefix(data, []byte("<"))
}

// nameDataset tells the dataset of a file from the name OFAC publishes
// it under; "" for any other name.
func nameDataset(name string) string {
	switch strings.ToLower(filepath.Base(name)) {
	case "sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv", "sdn.xml":
		return DatasetSDN
	case "cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv", "consolidated.xml":
		return DatasetCons
	}
	return ""
}

// resolveDataset settles the dataset of a list whose content or file
// names said found ("" if nothing), with opts.Dataset; why says what
// was looked at, for the error when neither tells.
func resolveDataset(file, found string, opts list.Options, why string) (string, error) {
	switch {
	case opts.Dataset != "" && found != "" && opts.Dataset != found:
		return "", &dossier.InputError{File: file, Offset: -1, Err: fmt.Errorf("%w: the list is %s, not dataset %q", list.ErrDataset, found, opts.Dataset)}
	case opts.Dataset != "":
		return opts.Dataset, nil
	case found != "":
		return found, nil
	}
	return "", &dossier.InputError{File: file, Offset: -1, Err: fmt.Errorf("%w: the SDN list from the consolidated (non-SDN) list: %s; give the dataset (%s or %s)", list.ErrDataset, why, DatasetSDN, DatasetCons)}
}

func meta(ds string) build.Meta {
	if ds == DatasetCons {
		return build.Meta{Dataset: ds, Title: "OFAC Consolidated Sanctions List (non-SDN)", Publisher: Authority}
	}
	return build.Meta{Dataset: ds, Title: "OFAC Specially Designated Nationals and Blocked Persons List", Publisher: Authority}
}
