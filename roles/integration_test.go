package roles_test

import (
	"dossier/internal/samples"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"dossier"
	"dossier/recognize"
	"dossier/resolve"
	"dossier/roles"
	"dossier/segment"
)

// expectation is what testdata/expected.json says of one document: the
// gold mentions a perfect recognizer would give (surface forms by
// label), and the persons and organizations the pipeline must find.
type expectation struct {
	Doc     string              `json:"doc"` // file#record, 1-based
	Gold    map[string][]string `json:"gold"`
	Persons []struct {
		Name     string   `json:"name"`
		Forms    []string `json:"forms"`
		Aliases  []string `json:"aliases"`
		Titles   []string `json:"titles"`
		Roles    []string `json:"roles"`
		PEP      *bool    `json:"pep"`
		Deceased bool     `json:"deceased"`
	} `json:"persons"`
	Orgs []struct {
		Name    string   `json:"name"`
		Forms   []string `json:"forms"`
		Aliases []string `json:"aliases"`
	} `json:"orgs"`
	NotPersons []string `json:"not_persons"`
}

// recognizerSkips lists expectations that fail only because of the
// recognizer's errors, as "doc|person" → reason. Last resort: empty
// unless a failure has been traced to a recognizer error.
var recognizerSkips = map[string]string{}

type article = samples.Article

func mustArticles(tb testing.TB) []article {
	tb.Helper()
	arts, err := samples.Load("../testdata/articles")
	if err != nil {
		tb.Skip(err)
	}
	return arts
}

func mustExpectations(tb testing.TB) map[string]expectation {
	tb.Helper()
	b, err := os.ReadFile("testdata/expected.json")
	if err != nil {
		tb.Fatal(err)
	}
	var list []expectation
	if err := json.Unmarshal(b, &list); err != nil {
		tb.Fatal(err)
	}
	m := map[string]expectation{}
	for _, e := range list {
		m[e.Doc] = e
	}
	return m
}

// goldMentions finds every word-bounded occurrence of the gold surface
// forms, longest first, without overlaps.
func goldMentions(text string, gold map[string][]string) []dossier.Mention {
	var cands []dossier.Mention
	for label, forms := range gold {
		for _, f := range forms {
			for i := 0; ; {
				j := strings.Index(text[i:], f)
				if j < 0 {
					break
				}
				s, e := i+j, i+j+len(f)
				i = s + 1
				if r, _ := utf8.DecodeLastRuneInString(text[:s]); s > 0 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
					continue
				}
				if r, _ := utf8.DecodeRuneInString(text[e:]); e < len(text) && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
					continue
				}
				cands = append(cands, dossier.Mention{Start: s, End: e, Text: f, Label: label})
			}
		}
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].End-cands[a].Start > cands[b].End-cands[b].Start })
	var out []dossier.Mention
	for _, c := range cands {
		if !slices.ContainsFunc(out, func(o dossier.Mention) bool { return o.Start < c.End && c.Start < o.End }) {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Start < out[b].Start })
	return out
}

func recognized(text string) []dossier.Mention {
	var out []dossier.Mention
	for _, m := range recognize.Default().Recognize(text) {
		out = append(out, dossier.Mention{Start: m.Start, End: m.End, Text: m.Text, Label: m.Label})
	}
	return out
}

// TestArticles runs resolve and roles over every sample article, once
// with gold mentions (testing these stages alone) and once with the
// real recognizer (testing them as the pipeline runs them).
func TestArticles(t *testing.T) {
	arts := mustArticles(t)
	exp := mustExpectations(t)
	for _, mode := range []string{"gold", "recognizer"} {
		t.Run(mode, func(t *testing.T) {
			for _, a := range arts {
				e, ok := exp[a.Key]
				if !ok {
					t.Errorf("%s: no expectations in testdata/expected.json", a.Key)
					continue
				}
				t.Run(a.Key, func(t *testing.T) {
					var ms []dossier.Mention
					if mode == "gold" {
						ms = goldMentions(a.Text, e.Gold)
					} else {
						ms = recognized(a.Text)
					}
					sents := segment.Sentences(a.Text)
					ents := resolve.Resolve(a.Text, sents, ms)
					roles.Assign(a.Text, sents, ents)
					checkDoc(t, mode, e, ents)
				})
			}
		})
	}
}

func checkDoc(t *testing.T, mode string, e expectation, ents []dossier.DocEntity) {
	t.Helper()
	fold := resolve.Fold
	hasForm := func(x dossier.DocEntity, form string) bool {
		for _, m := range x.Mentions {
			if fold(m.Text) == fold(form) {
				return true
			}
		}
		return false
	}
	var people []string
	for _, x := range ents {
		if x.Type == "PER" {
			people = append(people, fmt.Sprintf("%s%q", x.ID, x.Name))
		}
	}
	for _, p := range e.Persons {
		skip := recognizerSkips[e.Doc+"|"+p.Name]
		errorf := func(format string, args ...any) {
			t.Helper()
			msg := fmt.Sprintf("%s: %s", p.Name, fmt.Sprintf(format, args...))
			if mode == "recognizer" && skip != "" {
				t.Logf("skipped (%s): %s", skip, msg)
				return
			}
			t.Error(msg)
		}
		var found []dossier.DocEntity
		for _, x := range ents {
			if x.Type == "PER" && fold(x.Name) == fold(p.Name) {
				found = append(found, x)
			}
		}
		if len(found) != 1 {
			errorf("found %d times; persons: %s", len(found), strings.Join(people, " "))
			continue
		}
		x := found[0]
		for _, f := range p.Forms {
			if !hasForm(x, f) {
				errorf("form %q not resolved to it (mentions %v)", f, mentionTexts(x))
			}
			for _, y := range ents {
				if y.ID != x.ID && y.Type == "PER" && hasForm(y, f) {
					errorf("form %q also in %s %q", f, y.ID, y.Name)
				}
			}
		}
		for _, a := range p.Aliases {
			if !slices.ContainsFunc(x.Aliases, func(s string) bool { return fold(s) == fold(a) }) {
				errorf("alias %q missing (aliases %q)", a, x.Aliases)
			}
		}
		for _, ti := range p.Titles {
			if !slices.Contains(x.Titles, ti) {
				errorf("title %q missing (titles %q)", ti, x.Titles)
			}
		}
		for _, r := range p.Roles {
			if !slices.ContainsFunc(x.Roles, func(o dossier.Role) bool { return o.Title == r }) {
				errorf("role %q missing (roles %s)", r, roleTitles(x))
			}
		}
		if p.PEP != nil && slices.Contains(x.Topics, roles.PEP) != *p.PEP {
			errorf("PEP want %v, topics %q (roles %s)", *p.PEP, x.Topics, roleTitles(x))
		}
		if p.Deceased && !x.Deceased {
			errorf("not marked deceased")
		}
	}
	for _, o := range e.Orgs {
		var found []dossier.DocEntity
		for _, x := range ents {
			if x.Type == "ORG" && fold(x.Name) == fold(o.Name) {
				found = append(found, x)
			}
		}
		if len(found) != 1 {
			t.Errorf("organization %s: found %d times", o.Name, len(found))
			continue
		}
		for _, f := range o.Forms {
			if !hasForm(found[0], f) {
				t.Errorf("organization %s: form %q not resolved to it (mentions %v)", o.Name, f, mentionTexts(found[0]))
			}
		}
		for _, a := range o.Aliases {
			if !slices.ContainsFunc(found[0].Aliases, func(s string) bool { return fold(s) == fold(a) }) {
				t.Errorf("organization %s: alias %q missing (aliases %q)", o.Name, a, found[0].Aliases)
			}
		}
	}
	for _, np := range e.NotPersons {
		for _, x := range ents {
			if x.Type == "PER" && hasForm(x, np) {
				t.Errorf("%q is in person %s %q", np, x.ID, x.Name)
			}
		}
	}
}

func mentionTexts(x dossier.DocEntity) []string {
	var out []string
	for _, m := range x.Mentions {
		out = append(out, m.Text)
	}
	return out
}

func roleTitles(x dossier.DocEntity) string {
	var out []string
	for _, r := range x.Roles {
		s := r.Title
		if r.Of != "" {
			s += " of " + r.Of
		}
		if r.Former {
			s = "former " + s
		}
		out = append(out, fmt.Sprintf("%s%q", s, r.Topics))
	}
	return "[" + strings.Join(out, "; ") + "]"
}
