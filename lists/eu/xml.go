package eu

import (
	"context"
	"encoding/xml"
	"time"

	"dossier/lists/internal/build"
	"dossier/lists/list"
)

// decodeXML reads the sanctionEntity elements of an FSF XML file.
func decodeXML(ctx context.Context, f list.File) ([]*subject, time.Time, error) {
	text, err := build.OpenXML(f)
	if err != nil {
		return nil, time.Time{}, err
	}
	defer text.Close()
	dec := build.NewXMLDecoder(text)
	root, err := build.Root(dec, f.Name)
	if err != nil {
		return nil, time.Time{}, build.XMLError(f.Name, dec, "", err)
	}
	if root.Name.Local != "export" {
		line, _ := dec.InputPos()
		return nil, time.Time{}, build.Errorf(f.Name, line, "<"+root.Name.Local+">", list.ErrMalformed, "root element <%s>, want <export>", root.Name.Local)
	}
	published := build.Time(build.Attr(root, "generationDate"), false)
	var out []*subject
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, time.Time{}, build.XMLError(f.Name, dec, "", err)
		}
		if end, ok := tok.(xml.EndElement); ok && end.Name.Local == root.Name.Local {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "sanctionEntity" {
			continue
		}
		if len(out)%1024 == 1023 {
			if err := ctx.Err(); err != nil {
				return nil, time.Time{}, err
			}
		}
		line, _ := dec.InputPos()
		s := &subject{line: line}
		if err := dec.DecodeElement(s, &se); err != nil {
			return nil, time.Time{}, build.XMLError(f.Name, dec, "sanctionEntity "+build.Attr(se, "logicalId")+" starting at line "+itoa(line), err)
		}
		out = append(out, s)
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if _, ok := tok.(xml.StartElement); ok {
			return nil, time.Time{}, build.XMLError(f.Name, dec, "", errTrailing)
		}
	}
	return out, published, nil
}
