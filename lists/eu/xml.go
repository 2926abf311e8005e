package eu

import (
	"context"
	"encoding/xml"

	"dossier/lists/internal/build"
	"dossier/lists/list"
)

// decodeXML reads the sanctionEntity elements of an FSF XML file, each
// made into its entities as soon as it is read and, with a sink, handed
// over then: nothing but the IDs handed over is held.
//
// The first sanctionEntity that cannot be made into entities (no
// logicalId, no name, an unknown subject type, an ID made twice) ends
// the making but not the reading: an XML error later in the file is
// the one returned, as it would be had the file been read whole first.
func decodeXML(ctx context.Context, opts list.Options, f list.File) (*list.List, error) {
	text, err := build.OpenXML(f)
	if err != nil {
		return nil, err
	}
	defer text.Close()
	dec := build.NewXMLDecoder(text)
	root, err := build.Root(dec, f.Name)
	if err != nil {
		return nil, build.XMLError(f.Name, dec, "", err)
	}
	if root.Name.Local != "export" {
		line, _ := dec.InputPos()
		return nil, build.Errorf(f.Name, line, "<"+root.Name.Local+">", list.ErrMalformed, "root element <%s>, want <export>", root.Name.Local)
	}
	published := build.Time(build.Attr(root, "generationDate"), false)
	files := []list.File{f}
	b := build.NewBuilder(Dataset)
	if opts.Sink != nil {
		// The publication date is the root's; each sanctionEntity is
		// final once read: hand it over at once.
		if err := b.Stream(opts.Sink, files, meta, published); err != nil {
			return nil, err
		}
	}
	var bad error // the first sanctionEntity not made into entities
	for n := 0; ; {
		tok, err := dec.Token()
		if err != nil {
			return nil, build.XMLError(f.Name, dec, "", err)
		}
		if end, ok := tok.(xml.EndElement); ok && end.Name.Local == root.Name.Local {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "sanctionEntity" {
			continue
		}
		if n++; n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		line, _ := dec.InputPos()
		s := &subject{line: line}
		if err := dec.DecodeElement(s, &se); err != nil {
			return nil, build.XMLError(f.Name, dec, "sanctionEntity "+build.Attr(se, "logicalId")+" starting at line "+itoa(line), err)
		}
		if bad != nil {
			continue
		}
		if err := s.entity(b); err != nil {
			bad = build.Errorf(f.Name, s.line, "sanctionEntity "+s.LogicalID, list.ErrMalformed, "%v", err)
			continue
		}
		if err := b.Flush(); err != nil {
			return nil, err
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if _, ok := tok.(xml.StartElement); ok {
			return nil, build.XMLError(f.Name, dec, "", errTrailing)
		}
	}
	if bad != nil {
		return nil, bad
	}
	if err := b.NoTargets(f.Name); err != nil {
		return nil, err
	}
	return b.List(files, meta, published)
}
