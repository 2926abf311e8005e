package export

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"unicode"

	"dossier"
)

// FuzzWithScheme: a URL made by WithScheme has a scheme and no space,
// and making it again changes nothing.
func FuzzWithScheme(f *testing.F) {
	for _, s := range []string{"www.cazper.com.mx", ": www.a.org", "www.a.org. Offices", "http://x", "mailto:a@b", "a:1", "//x", " ", "(x)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		u := WithScheme(v)
		if u == "" {
			return
		}
		if p, err := url.Parse(u); !hasScheme(u) || err != nil || p.Scheme == "" {
			t.Errorf("WithScheme(%q) = %q is not a URL with a scheme (%v)", v, u, err)
		}
		if strings.IndexFunc(u, unicode.IsSpace) >= 0 {
			t.Errorf("WithScheme(%q) = %q holds a space", v, u)
		}
		if again := WithScheme(u); again != u {
			t.Errorf("WithScheme(%q) = %q, but again %q", v, u, again)
		}
	})
}

// FuzzNewsLines: whatever a stored extraction holds (any entities,
// relations between any IDs, claims about anything), its export lines
// are valid FtM with every reference resolved.
func FuzzNewsLines(f *testing.F) {
	d, x := sampleExtraction()
	seed, _ := json.Marshal(x)
	f.Add(seed, d.URL)
	f.Add([]byte(`{"entities":[{"id":"e1","type":"PER","name":"A"},{"id":"e1","type":"ORG","name":"B"}],"relations":[{"schema":"Ownership","subject":"e1","object":"e1","role":"owner"}]}`), "")
	f.Add([]byte(`{"entities":[{"id":"e1","type":"ORG","name":""}],"relations":[{"schema":"Occupancy","subject":"e1","object":"e2"}],"claims":[{"id":"c1","subject":"e1","topic":"x","stance":"alleged","denies":"c9"}]}`), "x y")
	m := mustModel(f)
	f.Fuzz(func(t *testing.T, data []byte, docURL string) {
		var x dossier.Extraction
		if err := json.Unmarshal(data, &x); err != nil {
			return
		}
		doc := *d
		doc.URL = docURL
		lines, _ := NewsLines(&doc, &x)
		var buf bytes.Buffer
		for _, l := range lines {
			b, err := json.Marshal(l)
			if err != nil {
				t.Fatal(err)
			}
			buf.Write(append(b, '\n'))
		}
		for _, e := range m.validate(buf.Bytes()).Errors {
			// Claims with an empty topic or stance, and entities with no
			// name, are as stored; the rest must hold.
			if strings.Contains(e, "without stance or topic") {
				continue
			}
			t.Errorf("%s\n%s", e, buf.Bytes())
		}
	})
}
