package corpus

import (
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

// roeDraft is a draft of the Roe article that resolves to roeRecord.
const roeDraft = `{
  "key": "72efc6d55f353884", "annotator": "t1", "pass": "1", "status": "done",
  "entities": [
    {"text": "LISBON", "type": "LOC"},
    {"text": "Harbour Wire", "type": "ORG", "cluster": "wire"},
    {"text": "Jane Roe", "type": "PER", "cluster": "roe"},
    {"text": "Roe", "type": "PER", "cluster": "roe", "all": true},
    {"text": "Acme Shipping Ltd", "type": "ORG", "cluster": "acme"},
    {"text": "Acme Shipping", "type": "ORG", "cluster": "acme", "all": true},
    {"text": "Portuguese", "type": "MISC"},
    {"text": "CMVM", "type": "ORG", "cluster": "cmvm"}
  ],
  "claims": [
    {"subject": "roe", "stance": "denied", "topic": "crime.fin.launder", "sentence": 2, "trigger": "denied",
     "speaker": {"text": "her lawyer"}},
    {"subject": "roe", "stance": "charged", "topic": "crime.fin.launder", "sentence": 1, "trigger": "charged",
     "speaker": {"text": "Prosecutors"}, "via": ["wire"], "comment": "the dateline's outlet relays"},
    {"subject": "roe", "stance": "sanctioned", "topic": "crime.fin.market", "sentence": 4, "trigger": {"text": "fined"},
     "speaker": {"cluster": "cmvm"}},
    {"subject": "roe", "stance": "charged", "topic": "crime.fin.launder", "sentence": 5, "trigger": "trial"}
  ]
}`

func mustDraft(tb testing.TB, s string) *Draft {
	tb.Helper()
	d, err := ReadDraft(strings.NewReader(s), "d.json")
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func TestResolve(t *testing.T) {
	_, idx := mustRows(t)
	text := idx[roeKey].Article
	got, err := mustDraft(t, roeDraft).Resolve(text)
	if err != nil {
		t.Fatal(err)
	}
	want := roeRecord(t, text)
	if !reflect.DeepEqual(got.Entities, want.Entities) {
		t.Errorf("entities\n got %v\nwant %v", got.Entities, want.Entities)
	}
	if !reflect.DeepEqual(got.Claims, want.Claims) {
		g, _ := json.Marshal(got.Claims)
		w, _ := json.Marshal(want.Claims)
		t.Errorf("claims\n got %s\nwant %s", g, w)
	}
	if got.ArticleHash != want.ArticleHash || got.Guide != GuideVersion || got.Key != roeKey {
		t.Errorf("header %+v", got)
	}
}

// TestResolveFind checks how anchors single out one occurrence.
func TestResolveFind(t *testing.T) {
	_, idx := mustRows(t)
	text := idx[roeKey].Article
	rs := &resolver{text: text, norm: normalize(text), sents: Sentences(text)}
	all := Span{0, len(text)}
	tests := []struct {
		Name   string
		Anchor Anchor
		Want   string // the text found; "" for an error
		Start  int    // expected start when >= 0
		Err    error
	}{
		{Name: "unique", Anchor: Anchor{Text: "Jane Roe"}, Want: "Jane Roe", Start: -1},
		{Name: "not found", Anchor: Anchor{Text: "Jane Doe"}, Err: ErrNotFound},
		{Name: "other capitalization", Anchor: Anchor{Text: "jane roe"}, Err: ErrNotFound},
		{Name: "inside a longer word", Anchor: Anchor{Text: "Acme Ship"}, Err: ErrNotFound},
		{Name: "ambiguous", Anchor: Anchor{Text: "Roe"}, Err: ErrAmbiguous},
		{Name: "n-th occurrence", Anchor: Anchor{Text: "Roe", N: 2}, Want: "Roe", Start: at(t, text, "Roe denied", 1).Start},
		{Name: "n past the last", Anchor: Anchor{Text: "Roe", N: 6}, Err: ErrNotFound},
		{Name: "before", Anchor: Anchor{Text: "Roe", Before: "In 2019"}, Want: "Roe", Start: at(t, text, "Roe was", 1).Start},
		{Name: "after", Anchor: Anchor{Text: "Roe", After: "faces"}, Want: "Roe", Start: at(t, text, "Roe  faces", 1).Start},
		{Name: "before not matching", Anchor: Anchor{Text: "Roe", Before: "Mr."}, Err: ErrNotFound},
		{Name: "sentence", Anchor: Anchor{Text: "Roe", Sentence: 2}, Want: "Roe", Start: at(t, text, "Roe denied", 1).Start},
		{Name: "sentence with two", Anchor: Anchor{Text: "Roe", Sentence: 5}, Err: ErrAmbiguous},
		{Name: "sentence and n", Anchor: Anchor{Text: "Roe", Sentence: 5, N: 2}, Want: "Roe", Start: at(t, text, "Roe  faces", 1).Start},
		{Name: "no such sentence", Anchor: Anchor{Text: "Roe", Sentence: 9}, Err: ErrRef},
		{Name: "white space runs", Anchor: Anchor{Text: "and Roe faces"}, Want: "and  Roe  faces", Start: -1},
		{Name: "straight apostrophe", Anchor: Anchor{Text: "Roe's trial"}, Want: "Roe’s trial", Start: -1},
		{Name: "straight quotes", Anchor: Anchor{Text: `"a smear"`}, Want: "“a smear”", Start: -1},
		{Name: "empty", Anchor: Anchor{Text: " "}, Err: ErrSchema},
		{Name: "negative n", Anchor: Anchor{Text: "Roe", N: -1}, Err: ErrSchema},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			s, err := rs.one(tt.Anchor, all)
			if tt.Err != nil {
				if !errors.Is(err, tt.Err) {
					t.Fatalf("error %v, want %v", err, tt.Err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if text[s.Start:s.End] != tt.Want || tt.Start >= 0 && s.Start != tt.Start {
				t.Errorf("found %q at %d, want %q at %d", text[s.Start:s.End], s.Start, tt.Want, tt.Start)
			}
		})
	}
}

// TestResolveErrors checks that a bad draft fails with the draft field
// at fault, and nothing is returned.
func TestResolveErrors(t *testing.T) {
	_, idx := mustRows(t)
	text := idx[roeKey].Article
	edit := func(f func(d map[string]any)) string {
		var d map[string]any
		if err := json.Unmarshal([]byte(roeDraft), &d); err != nil {
			t.Fatal(err)
		}
		f(d)
		b, _ := json.Marshal(d)
		return string(b)
	}
	ent := func(d map[string]any, i int) map[string]any { return d["entities"].([]any)[i].(map[string]any) }
	claim := func(d map[string]any, i int) map[string]any { return d["claims"].([]any)[i].(map[string]any) }
	tests := []struct {
		Name  string
		Draft string
		Field string
		Err   error
	}{
		{Name: "mention not found", Draft: edit(func(d map[string]any) { ent(d, 2)["text"] = "Jane Doe" }), Field: "entities[2]", Err: ErrNotFound},
		{Name: "mention ambiguous", Draft: edit(func(d map[string]any) { delete(ent(d, 3), "all") }), Field: "entities[3]", Err: ErrAmbiguous},
		{Name: "all and n", Draft: edit(func(d map[string]any) { ent(d, 3)["n"] = 2 }), Field: "entities[3].n", Err: ErrSchema},
		{Name: "all not found", Draft: edit(func(d map[string]any) { ent(d, 3)["text"] = "Doe" }), Field: "entities[3]", Err: ErrNotFound},
		{Name: "explicit mentions overlap", Draft: edit(func(d map[string]any) {
			d["entities"] = append(d["entities"].([]any), map[string]any{"text": "Shipping Ltd", "type": "ORG", "cluster": "x"})
		}), Field: "entities[8]", Err: ErrSpan},
		{Name: "all mentions conflict", Draft: edit(func(d map[string]any) {
			d["entities"] = append(d["entities"].([]any), map[string]any{"text": "Roe", "type": "PER", "cluster": "other", "all": true})
		}), Field: "entities[8]", Err: ErrAmbiguous},
		{Name: "type", Draft: edit(func(d map[string]any) { ent(d, 0)["type"] = "GPE" }), Field: "entities[0].type", Err: ErrSchema},
		{Name: "PER without label", Draft: edit(func(d map[string]any) { delete(ent(d, 2), "cluster") }), Field: "entities[2].cluster", Err: ErrSchema},
		{Name: "LOC with label", Draft: edit(func(d map[string]any) { ent(d, 0)["cluster"] = "lisbon" }), Field: "entities[0].cluster", Err: ErrSchema},
		{Name: "label of two types", Draft: edit(func(d map[string]any) { ent(d, 4)["cluster"] = "roe"; ent(d, 5)["cluster"] = "roe" }), Field: "entities[4].cluster", Err: ErrSchema},
		{Name: "subject unknown", Draft: edit(func(d map[string]any) { claim(d, 0)["subject"] = "jane" }), Field: "claims[0].subject", Err: ErrRef},
		{Name: "sentence out of range", Draft: edit(func(d map[string]any) { claim(d, 0)["sentence"] = 6 }), Field: "claims[0].sentence", Err: ErrRef},
		{Name: "no sentence", Draft: edit(func(d map[string]any) { delete(claim(d, 0), "sentence") }), Field: "claims[0].sentence", Err: ErrRef},
		{Name: "through before sentence", Draft: edit(func(d map[string]any) { claim(d, 1)["sentence"] = 2; claim(d, 1)["through"] = 1 }), Field: "claims[1].through", Err: ErrRef},
		{Name: "trigger not in the sentence", Draft: edit(func(d map[string]any) { claim(d, 0)["sentence"] = 3 }), Field: "claims[0].trigger", Err: ErrNotFound},
		{Name: "trigger ambiguous", Draft: edit(func(d map[string]any) { claim(d, 3)["trigger"] = "Roe" }), Field: "claims[3].trigger", Err: ErrAmbiguous},
		{Name: "speaker label unknown", Draft: edit(func(d map[string]any) { claim(d, 2)["speaker"] = "regulator" }), Field: "claims[2].speaker", Err: ErrRef},
		{Name: "speaker text not in evidence", Draft: edit(func(d map[string]any) { claim(d, 1)["speaker"] = map[string]any{"text": "her lawyer"} }), Field: "claims[1].speaker", Err: ErrNotFound},
		{Name: "relay without speaker", Draft: edit(func(d map[string]any) { delete(claim(d, 1), "speaker") }), Field: "after anchoring: claims[0].via", Err: ErrSchema},
		{Name: "optional reason", Draft: edit(func(d map[string]any) { claim(d, 0)["optional"] = "maybe" }), Field: "claims[0].optional", Err: ErrSchema},
		{Name: "stance", Draft: edit(func(d map[string]any) { claim(d, 0)["stance"] = "accused" }), Field: "after anchoring: claims[1].stance", Err: ErrSchema},
		{Name: "same claim twice in a sentence", Draft: edit(func(d map[string]any) {
			d["claims"] = append(d["claims"].([]any), claim(d, 0))
		}), Field: "after anchoring: claims[2]", Err: ErrDuplicate},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			rec, err := mustDraft(t, tt.Draft).Resolve(text)
			if rec != nil {
				t.Error("a record despite the error")
			}
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("error %v, want Errors", err)
			}
			for _, e := range es {
				if e.Field == tt.Field && errors.Is(e, tt.Err) {
					return
				}
			}
			t.Errorf("got\n%v\nwant %s: %v", err, tt.Field, tt.Err)
		})
	}
}

func TestResolveOptional(t *testing.T) {
	_, idx := mustRows(t)
	text := idx[roeKey].Article
	// the later restatement is borderline: it stays borderline, and a
	// draft saying "redundant" is recomputed
	d := strings.Replace(roeDraft, `"trigger": "trial"}`, `"trigger": "trial", "optional": "borderline"}`, 1)
	d = strings.Replace(d, `"sentence": 1, "trigger": "charged",`, `"sentence": 1, "trigger": "charged", "optional": "redundant",`, 1)
	rec, err := mustDraft(t, d).Resolve(text)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Claims[0].Optional != "" || rec.Claims[3].Optional != Borderline {
		t.Errorf("optional: %q, %q", rec.Claims[0].Optional, rec.Claims[3].Optional)
	}
}

func TestReadDraftStrict(t *testing.T) {
	for _, s := range []string{
		`{"key": "x", "entity": []}`,
		`{"entities": [{"text": "Roe", "typ": "PER"}]}`,
		`{"claims": [{"speaker": {"txt": "her lawyer"}}]}`,
		`{"key": "x"} {}`,
	} {
		if _, err := ReadDraft(strings.NewReader(s), "d.json"); err == nil || !strings.HasPrefix(err.Error(), "d.json") {
			t.Errorf("%s: error %v, want one naming d.json", s, err)
		}
	}
}

func TestLint(t *testing.T) {
	_, idx := mustRows(t)
	text := idx[roeKey].Article
	d := strings.Replace(roeDraft, `{"text": "Roe", "type": "PER", "cluster": "roe", "all": true},`,
		`{"text": "Roe", "type": "PER", "cluster": "roe2", "sentence": 2},`, 1)
	d = strings.Replace(d, `"subject": "roe"`, `"subject": "roe2"`, 1)
	rec, err := mustDraft(t, d).Resolve(text)
	if err != nil {
		t.Fatal(err)
	}
	ws := strings.Join(Lint(rec, text), "\n")
	for _, want := range []string{`"Roe" (PER) is not annotated at 3 other occurrence(s), in sentence(s) 4, 5, 5`, `"Roe" (cluster k4) and "Jane Roe" (cluster k2)`} {
		if !strings.Contains(ws, want) {
			t.Errorf("warnings\n%s\nwant %s", ws, want)
		}
	}
	full, _ := mustDraft(t, roeDraft).Resolve(text)
	if ws := Lint(full, text); len(ws) != 0 {
		t.Errorf("warnings on a complete record: %v", ws)
	}
}

// TestWorkflowExample keeps the worked example of
// docs/annotation-workflow.md and corpus/testdata/vell-draft.json equal,
// and checks that it anchors.
func TestWorkflowExample(t *testing.T) {
	doc, err := os.ReadFile("../docs/annotation-workflow.md")
	if err != nil {
		t.Fatal(err)
	}
	draft, err := os.ReadFile("testdata/vell-draft.json")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(doc), "```json\n")
	block, _, ok2 := strings.Cut(block, "```")
	if !ok || !ok2 || block != string(draft) {
		t.Fatal("the json example of docs/annotation-workflow.md differs from testdata/vell-draft.json")
	}
	_, idx := mustRows(t)
	rec, err := mustDraft(t, string(draft)).Resolve(idx["3c71f716df6ed617"].Article)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Entities) != 17 || len(rec.Claims) != 10 {
		t.Errorf("%d mentions, %d claims; the workflow says 17 and 10", len(rec.Entities), len(rec.Claims))
	}
}
