package uk

import (
	"context"
	"encoding/xml"
	"time"

	"dossier/lists/internal/build"
	"dossier/lists/list"
)

// target is one FinancialSanctionsTarget: a flat list of elements.
type target struct {
	Fields []struct {
		XMLName xml.Name
		Nil     string `xml:"nil,attr"`
		Value   string `xml:",chardata"`
	} `xml:",any"`
}

// decodeXML reads ConList.xml and calls fn with each row, in order;
// an error from fn ends the reading and is returned as it is. The format
// states no publication date, so the list's is the latest LastUpdated
// of its rows.
func decodeXML(ctx context.Context, f list.File, fn func(row) error) (time.Time, error) {
	text, err := build.OpenXML(f)
	if err != nil {
		return time.Time{}, err
	}
	defer text.Close()
	dec := build.NewXMLDecoder(text)
	root, err := build.Root(dec, f.Name)
	if err != nil {
		return time.Time{}, build.XMLError(f.Name, dec, "", err)
	}
	if root.Name.Local != "ArrayOfFinancialSanctionsTarget" {
		line, _ := dec.InputPos()
		return time.Time{}, build.Errorf(f.Name, line, "<"+root.Name.Local+">", list.ErrMalformed, "root element <%s>, want <ArrayOfFinancialSanctionsTarget>", root.Name.Local)
	}
	var (
		n         int // rows read
		published time.Time
	)
	for {
		tok, err := dec.Token()
		if err != nil {
			return time.Time{}, build.XMLError(f.Name, dec, "", err)
		}
		if end, ok := tok.(xml.EndElement); ok && end.Name.Local == root.Name.Local {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "FinancialSanctionsTarget" {
			continue
		}
		if n%4096 == 4095 {
			if err := ctx.Err(); err != nil {
				return time.Time{}, err
			}
		}
		line, _ := dec.InputPos()
		var t target
		if err := dec.DecodeElement(&t, &se); err != nil {
			return time.Time{}, build.XMLError(f.Name, dec, "FinancialSanctionsTarget "+itoa(n+1)+" starting at line "+itoa(line), err)
		}
		fields := make(map[string]string, len(t.Fields))
		for _, fl := range t.Fields {
			if v := build.Clean(fl.Value); v != "" && fl.Nil != "true" {
				fields[fl.XMLName.Local] = v
			}
		}
		if lu := build.Time(fields["LastUpdated"], false); lu.After(published) {
			published = lu
		}
		n++
		if err := fn(row{line: line, fields: fields}); err != nil {
			return time.Time{}, err
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if _, ok := tok.(xml.StartElement); ok {
			return time.Time{}, build.XMLError(f.Name, dec, "", errTrailing)
		}
	}
	if n == 0 {
		return time.Time{}, build.Errorf(f.Name, 0, "", list.ErrEmpty, "no FinancialSanctionsTarget elements")
	}
	return published, nil
}
