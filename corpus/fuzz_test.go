package corpus

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzLoad feeds the loader arbitrary lines against an arbitrary article
// (HASH in the input stands for the article's hash, so that lines can get
// past the hash check). Property: a record it accepts has every span
// inside the text, on character boundaries and without edge spaces, and
// every reference resolved; every error names the file and a line of the
// input.
func FuzzLoad(f *testing.F) {
	_, idx := mustRows(f)
	text := idx[roeKey].Article
	good := marshalLine(f, roeRecord(f, text))
	f.Add(strings.Replace(good, ArticleHash(text), "HASH", 1), text)
	f.Add(`{"key":"72efc6d55f353884","article_hash":"HASH","annotator":"a","pass":"1","guide":1,"status":"done","entities":[{"start":0,"end":3,"type":"PER","cluster":"k1"}],"claims":[{"id":"c1","subject":"k1","stance":"alleged","topic":"crime","trigger":{"start":0,"end":3},"evidence":{"start":0,"end":3}}]}`, "Roe")
	f.Add(`{"key":"72efc6d55f353884","article_hash":"HASH","annotator":"a","pass":"adj","guide":1,"status":"skipped","reason":"not-article","entities":[],"claims":[]}`, "x")
	f.Add("{\"key\":1}\n\n{", "é")
	f.Fuzz(func(t *testing.T, data, text string) {
		data = strings.ReplaceAll(data, "HASH", ArticleHash(text))
		rows := map[string]*Row{roeKey: {Key: roeKey, Article: text}}
		recs, err := Load(strings.NewReader(data), "f", rows)
		lines := strings.Count(data, "\n") + 1
		if err != nil {
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("error %v is not Errors", err)
			}
			for _, e := range es {
				if e.File != "f" || e.Line < 1 || e.Line > lines+1 {
					t.Fatalf("error %v outside the %d lines", e, lines)
				}
			}
		}
		for _, r := range recs {
			checkInvariants(t, r, text)
		}
	})
}

// checkInvariants checks the invariants of a valid record.
func checkInvariants(t *testing.T, r *Record, text string) {
	t.Helper()
	inside := func(s Span) {
		if s.Start < 0 || s.End > len(text) || s.Start >= s.End || !boundary(text, s.Start) || !boundary(text, s.End) {
			t.Fatalf("span %v of a text of %d bytes", s, len(text))
		}
		first, _ := utf8.DecodeRuneInString(text[s.Start:])
		last, _ := utf8.DecodeLastRuneInString(text[:s.End])
		if unicode.IsSpace(first) || unicode.IsSpace(last) {
			t.Fatalf("span %v %q has edge spaces", s, text[s.Start:s.End])
		}
	}
	clusters := map[string]bool{}
	for _, e := range r.Entities {
		inside(e.Span())
		if e.Cluster != "" {
			clusters[e.Cluster] = true
		}
	}
	for _, c := range r.Claims {
		inside(c.Evidence)
		inside(c.Trigger)
		if c.Trigger.Start < c.Evidence.Start || c.Trigger.End > c.Evidence.End || !clusters[c.Subject] {
			t.Fatalf("claim %+v", c)
		}
		agents := append([]Agent{}, c.Via...)
		if c.Speaker != nil {
			agents = append(agents, *c.Speaker)
		}
		for _, a := range agents {
			if a.Span != nil {
				inside(*a.Span)
			} else if !clusters[a.Cluster] {
				t.Fatalf("speaker or relay %+v", a)
			}
		}
	}
}

// FuzzResolve anchors arbitrary drafts in arbitrary text. Property: a
// record it returns is valid, and stores and loads back unchanged.
func FuzzResolve(f *testing.F) {
	_, idx := mustRows(f)
	f.Add(roeDraft, idx[roeKey].Article)
	f.Add(`{"key":"72efc6d55f353884","annotator":"a","pass":"1","status":"done","entities":[{"text":"Ann","type":"PER","cluster":"a","all":true}],"claims":[{"subject":"a","stance":"charged","topic":"crime","sentence":1,"trigger":"held","speaker":{"text":"police","anonymous":true}}]}`,
		"Police held Ann. Ann  said ‘no’.")
	f.Add(`{"entities":[{"text":"a b","type":"LOC","n":2}]}`, "a\u00a0b a\tb")
	f.Fuzz(func(t *testing.T, draft, text string) {
		d, err := ReadDraft(strings.NewReader(draft), "d")
		if err != nil {
			return
		}
		d.Key = roeKey
		rec, err := d.Resolve(text)
		if err != nil {
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("error %v is not Errors", err)
			}
			return
		}
		if es := rec.Validate(text); len(es) > 0 {
			t.Fatalf("resolved record invalid: %v", es)
		}
		line := marshalLine(t, rec)
		recs, err := Load(strings.NewReader(line), "f", map[string]*Row{roeKey: {Key: roeKey, Article: text}})
		if err != nil || len(recs) != 1 {
			t.Fatalf("load back: %v", err)
		}
		recs[0].File, recs[0].Line = "", 0
		if !reflect.DeepEqual(normalizeNil(recs[0]), normalizeNil(rec)) {
			t.Fatalf("round trip changed the record:\n%+v\n%+v", recs[0], rec)
		}
	})
}

func normalizeNil(r *Record) *Record {
	cp := *r
	if cp.Entities == nil {
		cp.Entities = []Entity{}
	}
	if cp.Claims == nil {
		cp.Claims = []Claim{}
	}
	return &cp
}
