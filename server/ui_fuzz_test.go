package server

import (
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSnippetSegments: the runs of a snippet hold its text, marks
// removed, in order; no run holds a mark.
func FuzzSnippetSegments(f *testing.F) {
	for _, s := range []string{"", "plain", "a \x02match\x03 b", "\x02\x02x\x03\x03", "open \x02 never closed", "\x03stray end", "Ковалёв \x02Ковалёв\x03"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b strings.Builder
		for _, seg := range snippetSegments(s) {
			if strings.Contains(seg.Text, snippetStart) || strings.Contains(seg.Text, snippetEnd) {
				t.Fatalf("run %q holds a mark", seg.Text)
			}
			b.WriteString(seg.Text)
		}
		want := strings.NewReplacer(snippetStart, "", snippetEnd, "").Replace(s)
		if b.String() != want {
			t.Fatalf("runs %q, want %q", b.String(), want)
		}
	})
}

// FuzzNetLayout: any graph the bytes describe (up to the node cap,
// edges between any two nodes, coincident starts) is drawn inside the
// view box, with finite coordinates, the entity in the middle, and
// the same way twice.
func FuzzNetLayout(f *testing.F) {
	f.Add([]byte{0, 1, 0, 2, 1, 2, 2, 3})
	f.Add([]byte{0, 0, 0, 0})
	f.Add([]byte{0, 1, 1, 0, 5, 9, 9, 5, 39, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		build := func() *netGraph {
			g := newNetGraph()
			g.node(netNode{Key: "n0", Hop: 0})
			for i := 0; i+1 < len(data); i += 2 {
				a, b := int(data[i])%64, int(data[i+1])%64
				g.edge(netNode{Key: "n" + strconv.Itoa(a), Hop: min(a, 1)}, netNode{Key: "n" + strconv.Itoa(b), Hop: min(b, 2)},
					netEdge{Schema: "UnknownLink", Href: strconv.Itoa(i)})
			}
			g.layout(netWidth, netHeight)
			return g
		}
		g, h := build(), build()
		if len(g.nodes) > netMaxNodes {
			t.Fatalf("%d nodes", len(g.nodes))
		}
		for i, n := range g.nodes {
			for _, v := range []float64{n.X, n.Y} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("node %s at (%g, %g)", n.Key, n.X, n.Y)
				}
			}
			if n.X < 0 || n.X > netWidth || n.Y < 0 || n.Y > netHeight {
				t.Fatalf("node %s at (%g, %g): outside the view box", n.Key, n.X, n.Y)
			}
			if n.X != h.nodes[i].X || n.Y != h.nodes[i].Y {
				t.Fatalf("node %s drawn in two places", n.Key)
			}
		}
		if c := g.nodes[0]; c.X != netWidth/2 || c.Y != netHeight/2 {
			t.Fatalf("the entity at (%g, %g)", c.X, c.Y)
		}
		for _, e := range g.edges {
			for _, v := range []float64{e.X1, e.Y1, e.X2, e.Y2, e.LX, e.LY} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("edge %+v", e)
				}
			}
		}
	})
}

// FuzzScreenForm: the screening form either names a problem or gives a
// request whose name is the trimmed name typed; it never panics.
func FuzzScreenForm(f *testing.F) {
	f.Add("Diosdado Cabello", "1963", "ve", "person")
	f.Add("", "", "", "")
	f.Add(" x ", "1963-13", "Narnia", "ship")
	f.Fuzz(func(t *testing.T, name, dob, country, typ string) {
		q := map[string][]string{"name": {name}, "dob": {dob}, "country": {country}, "type": {typ}}
		form, req, problem := uiScreenQuery(q)
		if problem != "" {
			return
		}
		if req.Name != strings.TrimSpace(name) || req.Name == "" || form.Name != req.Name {
			t.Fatalf("name %q gave request %q, form %q", name, req.Name, form.Name)
		}
		if u := uiReportURL("pdf", form); !strings.HasPrefix(u, "/ui/screen/report.pdf?") {
			t.Fatalf("report URL %q", u)
		}
	})
}

// FuzzHumanize: a property name cut into words keeps its letters in
// order (an ASCII name's, case aside, exactly), and valid UTF-8 stays
// valid.
func FuzzHumanize(f *testing.F) {
	for _, s := range []string{"", "birthDate", "programId", "ÉtatCivil", "imoNumber", "A", "ABC", "x\xffY"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := humanize(name)
		if utf8.ValidString(name) && !utf8.ValidString(got) {
			t.Fatalf("humanize(%q) = %q: invalid UTF-8", name, got)
		}
		ascii := !strings.ContainsFunc(name, func(r rune) bool { return r >= utf8.RuneSelf || r == ' ' })
		if ascii && !strings.EqualFold(strings.ReplaceAll(got, " ", ""), name) {
			t.Fatalf("humanize(%q) = %q: letters changed", name, got)
		}
		if l := propLabel("Sanction", name); name != "" && l == "" {
			t.Fatalf("propLabel(Sanction, %q) is empty", name)
		}
	})
}

// FuzzWebURL: a value the pages make a link of is an http or https URL
// that html/template keeps as written (never its defused "#ZgotmplZ"),
// so no other scheme ever becomes a link.
func FuzzWebURL(f *testing.F) {
	for _, s := range []string{"https://registry.example.org/x?a=1", "http://h", "javascript:alert(1)", "JAVASCRIPT://x",
		" https://x", "https://user@x", "//x/y", "data:text/html,<script>", "https://x/<script>"} {
		f.Add(s)
	}
	tmpl := template.Must(template.New("a").Parse(`<a href="{{.}}">`))
	f.Fuzz(func(t *testing.T, s string) {
		if !webURL(s) {
			return
		}
		var b strings.Builder
		if err := tmpl.Execute(&b, s); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if strings.Contains(out, "ZgotmplZ") || !strings.HasPrefix(strings.ToLower(out), `<a href="http`) {
			t.Fatalf("webURL(%q) but the link is %s", s, out)
		}
	})
}

// FuzzUIBrowseQuery: any query of the alerts and documents pages (kind,
// state, watch, page; a search and its page) gets a page or a 400 page,
// never a server error.
func FuzzUIBrowseQuery(f *testing.F) {
	env := newEnv(f, envOptions{lists: []string{fixtureList}, noAuth: true})
	f.Add("list_hit", "open", "1", "2", "cabello", "1")
	f.Add("x", "done", "-1", "0", "", "99999999999")
	f.Add("", "acknowledged", "", "", `"memo`, "41")
	f.Fuzz(func(t *testing.T, kind, state, watch, page, q, qpage string) {
		for _, path := range []string{
			"/ui/alerts?" + url.Values{"kind": {kind}, "state": {state}, "watch_id": {watch}, "page": {page}}.Encode(),
			"/ui/documents?" + url.Values{"q": {q}, "page": {qpage}}.Encode(),
		} {
			resp, body := uiGet(t, env, path, nil)
			if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("%s: %d\n%s", path, resp.StatusCode, body)
			}
		}
	})
}
