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
	"path/filepath"
	"strings"

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
	return build.Load(ctx, Decode, paths...)
}

// Decode decodes an OFAC list held in memory: either the CSV files of
// one list (recognized by name, else by column count) or one XML file
// (classic or advanced, by its root element).
func Decode(ctx context.Context, files ...list.File) (*list.List, error) {
	if len(files) == 1 && isXML(files[0].Data) {
		return decodeXML(ctx, files[0])
	}
	return decodeCSV(ctx, files)
}

func isXML(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	data = bytes.TrimLeft(data, " \t\r\n")
	return bytes.HasPrefix(data, []byte("<"))
}

func dataset(name string) string {
	if strings.HasPrefix(strings.ToLower(filepath.Base(name)), "cons") {
		return DatasetCons
	}
	return DatasetSDN
}

func meta(ds string) build.Meta {
	if ds == DatasetCons {
		return build.Meta{Dataset: ds, Title: "OFAC Consolidated Sanctions List (non-SDN)", Publisher: Authority}
	}
	return build.Meta{Dataset: ds, Title: "OFAC Specially Designated Nationals and Blocked Persons List", Publisher: Authority}
}
