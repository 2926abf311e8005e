package build

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

var errNoRoot = errors.New("no root element: not an XML document")

// NewXMLDecoder returns a strict decoder over text already converted to
// UTF-8 by XMLText; it accepts the encodings XMLText converts from in
// the XML declaration and rejects any other.
func NewXMLDecoder(text string) *xml.Decoder {
	dec := xml.NewDecoder(strings.NewReader(text))
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

// Root reads up to the root element and returns it.
func Root(dec *xml.Decoder) (xml.StartElement, error) {
	for {
		tok, err := dec.Token()
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
