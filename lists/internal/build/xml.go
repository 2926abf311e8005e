package build

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"dossier"
	"dossier/lists/list"
)

var errNoRoot = errors.New("no root element: not an XML document")

// NewXMLDecoder returns a strict decoder over text already converted to
// UTF-8 by a TextReader from OpenXML; it accepts the encodings OpenXML
// converts from in the XML declaration and rejects any other.
func NewXMLDecoder(text io.Reader) *xml.Decoder {
	dec := xml.NewDecoder(text)
	dec.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "utf-8", "utf8", "us-ascii", "ascii", "utf-16", "utf-16le", "utf-16be",
			"iso-8859-1", "latin1", "latin-1", "iso8859-1", "windows-1252", "cp1252":
			return r, nil
		}
		return nil, fmt.Errorf("unsupported encoding %q", label)
	}
	return dec
}

// Root reads up to the root element and returns it. A DOCTYPE with an
// internal subset ("<!DOCTYPE x [ ... ]>", which may declare entities)
// is refused with list.ErrDoctype, naming file and offset.
func Root(dec *xml.Decoder, file string) (xml.StartElement, error) {
	for {
		off := dec.InputOffset()
		line, _ := dec.InputPos()
		tok, err := dec.Token()
		if d, ok := tok.(xml.Directive); ok && err == nil && IsDoctypeSubset(d) {
			return xml.StartElement{}, DoctypeError(file, line, off)
		}
		if err == io.EOF {
			return xml.StartElement{}, errNoRoot
		}
		if err != nil {
			return xml.StartElement{}, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se, nil
		}
	}
}

// Attr returns the value of the attribute with the given local name.
func Attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// IsDoctypeSubset reports whether a directive is a DOCTYPE with an
// internal subset.
func IsDoctypeSubset(d []byte) bool {
	d = bytes.TrimSpace(d)
	return len(d) >= 7 && strings.EqualFold(string(d[:7]), "DOCTYPE") && bytes.IndexByte(d, '[') >= 0
}

// DoctypeError is the error for a DOCTYPE with an internal subset at
// a line and byte offset of file.
func DoctypeError(file string, line int, off int64) error {
	return &dossier.InputError{File: file, Line: line, Offset: off, Record: "<!DOCTYPE>",
		Err: fmt.Errorf("%w (at byte offset %d): a list needs no entity declarations", list.ErrDoctype, off)}
}
