package server

import (
	"net/url"
	"strings"
	"testing"

	"dossier"
)

// TestUIScreenFilters: the screening page's filters, from the URL, keep
// or drop the fixture's hit and article, and a bad filter is a 400 that
// names the field.
func TestUIScreenFilters(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList}, extractor: true, noAuth: true})
	docID, _ := postArticle(t, env)
	const base = "/ui/screen?name=Diosdado+Cabello"
	hit, news := `id="hit-ofac-24424"`, `href="/ui/documents/`+docID+`"`
	for _, tt := range []struct {
		Name, Query string
		Hit, News   bool
		Status      int
		Problem     string
	}{
		{Name: "none", Query: "", Hit: true, News: true},
		{Name: "dataset kept", Query: "&dataset=fixture_sdn", Hit: true, News: true},
		{Name: "dataset dropped", Query: "&dataset=other_list", Hit: false, News: true},
		{Name: "schema kept", Query: "&schema=Person", Hit: true, News: true},
		{Name: "schema dropped", Query: "&schema=Vessel", Hit: false, News: true},
		{Name: "topic kept", Query: "&topic=crime.traffick.drug", Hit: true, News: true},
		{Name: "topic dropped", Query: "&topic=crime.fin.launder", Hit: true, News: false},
		{Name: "stance kept", Query: "&stance=charged", Hit: true, News: true},
		{Name: "stance dropped", Query: "&stance=convicted", Hit: true, News: false},
		{Name: "dates kept", Query: "&from=2026-03-05&to=2026-03-05", Hit: true, News: true},
		{Name: "from dropped", Query: "&from=2026-03-06", Hit: true, News: false},
		{Name: "to dropped", Query: "&to=2026-03-04", Hit: true, News: false},
		{Name: "min score kept", Query: "&min=0.5", Hit: true, News: true},
		{Name: "min score drops the hit", Query: "&min=0.99", Hit: false, News: true}, // the article names him exactly: 1.00
		{Name: "bad min", Query: "&min=high", Status: 400, Problem: "Minimum score"},
		{Name: "min above 1", Query: "&min=1.5", Status: 400, Problem: "Minimum score"},
		{Name: "bad stance", Query: "&stance=rumoured", Status: 400, Problem: "Stance"},
		{Name: "bad date", Query: "&from=5+March", Status: 400, Problem: "Published from"},
		{Name: "dates reversed", Query: "&from=2026-03-06&to=2026-03-05", Status: 400, Problem: "after the last"},
		{Name: "bad page", Query: "&page=-1", Status: 400, Problem: "Page"},
		{Name: "page past the end", Query: "&page=9&npage=9", Hit: true, News: true},
	} {
		t.Run(tt.Name, func(t *testing.T) {
			status := tt.Status
			if status == 0 {
				status = 200
			}
			resp, body := uiGet(t, env, base+tt.Query, nil)
			wantHTML(t, tt.Name, resp, body, status)
			if status != 200 {
				if !strings.Contains(body, tt.Problem) {
					t.Errorf("the problem does not name %q", tt.Problem)
				}
				return
			}
			if strings.Contains(body, hit) != tt.Hit || strings.Contains(body, news) != tt.News {
				t.Errorf("hit shown %v (want %v), news shown %v (want %v)", strings.Contains(body, hit), tt.Hit,
					strings.Contains(body, news), tt.News)
			}
			// The form keeps the filters, so the view can be bookmarked and refined.
			q, _ := url.ParseQuery(strings.TrimPrefix(tt.Query, "&"))
			for k, v := range q {
				if k == "page" || k == "npage" {
					continue
				}
				if !strings.Contains(body, `value="`+v[0]+`"`) {
					t.Errorf("the form lost %s=%s", k, v[0])
				}
			}
		})
	}
}

func TestUIPager(t *testing.T) {
	u, _ := url.Parse("/ui/decisions?verdict=match&page=3")
	p := newUIPageNav(u, 3, 25, 130)
	if p.Page != 3 || p.Pages != 6 || p.First != 51 || p.Last != 75 || p.Prev != "/ui/decisions?page=2&verdict=match" ||
		p.Next != "/ui/decisions?page=4&verdict=match" || len(p.Links) != 6 || !p.Links[2].Current {
		t.Errorf("page 3 of 130: %+v", p)
	}
	if p := newUIPageNav(u, 1, 25, 130); p.Prev != "" || p.Links[0].Href != "/ui/decisions?verdict=match" {
		t.Errorf("page 1: %+v", p)
	}
	if p := newUIPageNav(u, 99, 25, 130); p.Page != 6 || p.Next != "" || p.Last != 130 || p.First != 126 {
		t.Errorf("past the end: %+v", p)
	}
	if p := newUIPageNav(u, 1, 25, 0); p.Pages != 1 || p.First != 0 || p.Last != 0 || p.Links != nil {
		t.Errorf("empty: %+v", p)
	}
	n, _ := url.Parse("/ui/screen?name=x&page=2")
	if p := newUIPageNavParam(n, "npage", 2, 10, 35); p.Next != "/ui/screen?name=x&npage=3&page=2" {
		t.Errorf("news pager keeps the hit page: %+v", p)
	}
}

// TestDedupClaims: claims with one sentence, stance and speaker fold
// into one with every topic; another stance stays apart, and points to
// the sentence already shown.
func TestDedupClaims(t *testing.T) {
	ev := dossier.Evidence{Start: 10, End: 60, Text: "x"}
	src := []dossier.Claim{
		{ID: "c1", Subject: "e1", Topic: "crime.traffick.drug", Stance: "charged", Evidence: ev},
		{ID: "c2", Subject: "e1", Topic: "crime.fin.launder", Stance: "charged", Evidence: ev},
		{ID: "c3", Subject: "e1", Topic: "crime.traffick.drug", Stance: "charged", Evidence: ev},
		{ID: "c4", Subject: "e1", Topic: "crime.traffick.drug", Stance: "denied", Evidence: ev},
		{ID: "c5", Subject: "e1", Topic: "crime.traffick.drug", Stance: "charged", Evidence: dossier.Evidence{Start: 70, End: 90}},
	}
	got := dedupClaims(uiClaims("d", src, "n1-"), src)
	if len(got) != 3 || got[0].IDs() != "c1, c2, c3" || got[1].ID != "c4" || got[2].ID != "c5" {
		t.Fatalf("folded: %+v", got)
	}
	if len(got[0].Labels) != 2 || got[0].Labels[0].Label != "Drug trafficking" || got[0].Labels[0].Key != "crime.traffick.drug" ||
		got[0].Labels[1].Key != "crime.fin.launder" || strings.Join(got[0].AlsoAnchors, " ") != "n1-claim-c2 n1-claim-c3" {
		t.Errorf("folded claim: %+v", got[0])
	}
	// The denial keeps its own card, pointing to the sentence shown with c1.
	same := sameSentence(got)
	if same[0].SameAs != "" || same[1].SameAs != "c1" || same[1].SameAsHref != "#n1-claim-c1" || same[2].SameAs != "" {
		t.Errorf("same sentence: %+v", same)
	}
	if l := topicOf("role.pep").Label; l != "Politically exposed person" {
		t.Errorf("role.pep: %q", l)
	}
	if l := topicOf("no.such.topic").Label; l != "no.such.topic" {
		t.Errorf("unknown topic: %q", l)
	}
}

// FuzzUIFilters: any query parses to filters or to a problem for the
// form, never a panic; parsed dates make a non-empty range and the
// minimum score lies in [0, 1].
func FuzzUIFilters(f *testing.F) {
	f.Add("0.7", "charged", "2026-01-01", "2026-02-01")
	f.Add("x", "nope", "2026-13-01", "")
	f.Add("NaN", "", "", "2026-02-30")
	f.Fuzz(func(t *testing.T, min, stance, from, to string) {
		flt, problem := parseUIFilters(url.Values{"min": {min}, "stance": {stance}, "from": {from}, "to": {to}})
		if problem != "" {
			return
		}
		if flt.min < 0 || flt.min > 1 || flt.min != flt.min {
			t.Fatalf("min %q parsed to %v", min, flt.min)
		}
		if !flt.from.IsZero() && !flt.to.IsZero() && !flt.from.Before(flt.to) {
			t.Fatalf("from %q to %q: empty range accepted", from, to)
		}
		if flt.Stance != "" && !strings.Contains(strings.Join(uiStances, " "), flt.Stance) {
			t.Fatalf("stance %q accepted", stance)
		}
	})
}
