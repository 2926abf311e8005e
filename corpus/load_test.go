package corpus

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func marshalLine(tb testing.TB, r *Record) string {
	tb.Helper()
	b, err := r.Marshal()
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func TestLoadValid(t *testing.T) {
	_, idx := mustRows(t)
	text := idx[roeKey].Article
	line := marshalLine(t, roeRecord(t, text))
	recs, err := Load(strings.NewReader("\n"+line+"\n"), "a.jsonl", idx)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].File != "a.jsonl" || recs[0].Line != 2 || len(recs[0].Entities) != 11 || len(recs[0].Claims) != 4 {
		t.Fatalf("records %+v", recs)
	}
}

// TestLoadErrors checks that each kind of bad record is reported with
// its file, line, field and sentinel.
func TestLoadErrors(t *testing.T) {
	_, idx := mustRows(t)
	text := idx[roeKey].Article
	mutate := func(f func(r *Record)) string {
		r := roeRecord(t, text)
		f(r)
		return marshalLine(t, r)
	}
	tests := []struct {
		Name  string
		Input string
		Field string
		Err   error
	}{
		{Name: "not JSON", Input: "{", Field: "", Err: ErrSyntax},
		{Name: "syntax error", Input: `{"key": }`, Field: "byte 9", Err: ErrSyntax},
		{Name: "two objects", Input: `{"key":"x"} {}`, Field: "", Err: ErrSyntax},
		{Name: "unknown field", Input: `{"key":"x","text":"copied article"}`, Field: "text", Err: ErrSchema},
		{Name: "wrong type", Input: `{"key":"x","entities":[{"start":"3"}]}`, Field: "entities.start", Err: ErrSchema},
		{Name: "key malformed", Input: mutate(func(r *Record) { r.Key = "ROE" }), Field: "key", Err: ErrSchema},
		{Name: "key unknown", Input: mutate(func(r *Record) { r.Key = "0123456789abcdef" }), Field: "key", Err: ErrRef},
		{Name: "key of an unusable row", Input: mutate(func(r *Record) { r.Key = "971773a977e866e9" }), Field: "key", Err: ErrRef},
		{Name: "key of a duplicate row", Input: mutate(func(r *Record) { r.Key = "7f05a748499d47ce" }), Field: "key", Err: ErrRef},
		{Name: "article changed", Input: mutate(func(r *Record) { r.ArticleHash = "0000000000000000" }), Field: "article_hash", Err: ErrArticle},
		{Name: "annotator", Input: mutate(func(r *Record) { r.Annotator = "Ann Smith" }), Field: "annotator", Err: ErrSchema},
		{Name: "pass", Input: mutate(func(r *Record) { r.Pass = "3" }), Field: "pass", Err: ErrSchema},
		{Name: "guide from the future", Input: mutate(func(r *Record) { r.Guide = GuideVersion + 1 }), Field: "guide", Err: ErrSchema},
		{Name: "status", Input: mutate(func(r *Record) { r.Status = "finished" }), Field: "status", Err: ErrSchema},
		{Name: "skipped without reason", Input: mutate(func(r *Record) { r.Status = StatusSkipped; r.Entities = nil; r.Claims = nil }), Field: "reason", Err: ErrSchema},
		{Name: "skipped with entities", Input: mutate(func(r *Record) { r.Status = StatusSkipped; r.Reason = ReasonNotArticle }), Field: "status", Err: ErrSchema},
		{Name: "span past the end", Input: mutate(func(r *Record) { r.Entities[10].End = len(text) + 1 }), Field: "entities[10]", Err: ErrSpan},
		{Name: "empty span", Input: mutate(func(r *Record) { r.Entities[0].End = r.Entities[0].Start }), Field: "entities[0]", Err: ErrSpan},
		{Name: "negative start", Input: mutate(func(r *Record) { r.Entities[0].Start = -1 }), Field: "entities[0]", Err: ErrSpan},
		{Name: "inside a UTF-8 character", Input: mutate(func(r *Record) {
			q := at(t, text, "“", 1)
			r.Entities = append(r.Entities[:7:7], Entity{Start: q.Start + 1, End: q.End + 1, Type: MISC})
		}), Field: "entities[7]", Err: ErrSpan},
		{Name: "trailing space", Input: mutate(func(r *Record) { r.Entities[4].End++ }), Field: "entities[4]", Err: ErrSpan},
		{Name: "leading space", Input: mutate(func(r *Record) { r.Entities[2].Start-- }), Field: "entities[2]", Err: ErrSpan},
		{Name: "inside a word", Input: mutate(func(r *Record) { r.Entities[2].Start++ }), Field: "entities[2]", Err: ErrSpan},
		{Name: "across a line break", Input: mutate(func(r *Record) {
			r.Claims[0].Speaker = &Agent{Span: &Span{at(t, text, "Monday", 1).Start, at(t, text, "Roe denied", 1).End}}
		}), Field: "claims[0].speaker.span", Err: ErrSpan},
		{Name: "overlapping mentions", Input: mutate(func(r *Record) { r.Entities[3].Start = r.Entities[2].Start }), Field: "entities[3]", Err: ErrSpan},
		{Name: "type", Input: mutate(func(r *Record) { r.Entities[0].Type = "GPE" }), Field: "entities[0].type", Err: ErrSchema},
		{Name: "PER without cluster", Input: mutate(func(r *Record) { r.Entities[2].Cluster = "" }), Field: "entities[2].cluster", Err: ErrSchema},
		{Name: "cluster id", Input: mutate(func(r *Record) { r.Entities[2].Cluster = "k02" }), Field: "entities[2].cluster", Err: ErrSchema},
		{Name: "LOC with cluster", Input: mutate(func(r *Record) { r.Entities[0].Cluster = "k9" }), Field: "entities[0].cluster", Err: ErrSchema},
		{Name: "cluster of two types", Input: mutate(func(r *Record) { r.Entities[3].Cluster = "k2" }), Field: "entities[3].cluster", Err: ErrSchema},
		{Name: "claim id", Input: mutate(func(r *Record) { r.Claims[1].ID = "claim2" }), Field: "claims[1].id", Err: ErrSchema},
		{Name: "claim id twice", Input: mutate(func(r *Record) { r.Claims[1].ID = "c1" }), Field: "claims[1].id", Err: ErrDuplicate},
		{Name: "subject unknown", Input: mutate(func(r *Record) { r.Claims[0].Subject = "k9" }), Field: "claims[0].subject", Err: ErrRef},
		{Name: "subject a place", Input: mutate(func(r *Record) { r.Claims[0].Subject = "" }), Field: "claims[0].subject", Err: ErrRef},
		{Name: "stance", Input: mutate(func(r *Record) { r.Claims[0].Stance = "reported" }), Field: "claims[0].stance", Err: ErrSchema},
		{Name: "topic", Input: mutate(func(r *Record) { r.Claims[0].Topic = "crime.laundering" }), Field: "claims[0].topic", Err: ErrSchema},
		{Name: "trigger outside evidence", Input: mutate(func(r *Record) { r.Claims[1].Trigger = r.Claims[0].Trigger }), Field: "claims[1].trigger", Err: ErrSpan},
		{Name: "evidence outside text", Input: mutate(func(r *Record) { r.Claims[0].Evidence.End = len(text) + 5 }), Field: "claims[0].evidence", Err: ErrSpan},
		{Name: "speaker unknown cluster", Input: mutate(func(r *Record) { r.Claims[2].Speaker = &Agent{Cluster: "k7"} }), Field: "claims[2].speaker.cluster", Err: ErrRef},
		{Name: "speaker both", Input: mutate(func(r *Record) { r.Claims[2].Speaker.Span = &Span{0, 6} }), Field: "claims[2].speaker", Err: ErrSchema},
		{Name: "speaker neither", Input: mutate(func(r *Record) { r.Claims[2].Speaker = &Agent{} }), Field: "claims[2].speaker", Err: ErrSchema},
		{Name: "anonymous cluster", Input: mutate(func(r *Record) { r.Claims[2].Speaker.Anonymous = true }), Field: "claims[2].speaker.anonymous", Err: ErrSchema},
		{Name: "relay without speaker", Input: mutate(func(r *Record) { r.Claims[0].Speaker = nil }), Field: "claims[0].via", Err: ErrSchema},
		{Name: "relay span", Input: mutate(func(r *Record) { r.Claims[0].Via[0] = Agent{Span: &Span{3, 2}} }), Field: "claims[0].via[0].span", Err: ErrSpan},
		{Name: "optional reason", Input: mutate(func(r *Record) { r.Claims[3].Optional = "maybe" }), Field: "claims[3].optional", Err: ErrSchema},
		{Name: "restatement left required", Input: mutate(func(r *Record) { r.Claims[3].Optional = "" }), Field: "claims[3].optional", Err: ErrSchema},
		{Name: "redundant first", Input: mutate(func(r *Record) { r.Claims[1].Optional = Redundant }), Field: "claims[1].optional", Err: ErrSchema},
		{Name: "same claim twice in a sentence", Input: mutate(func(r *Record) {
			c := r.Claims[0]
			c.ID, c.Optional = "c5", Redundant
			r.Claims = append(r.Claims, c)
		}), Field: "claims[4]", Err: ErrDuplicate},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			input := marshalLine(t, roeRecord(t, text)) + "\n" + tt.Input + "\n"
			recs, err := Load(strings.NewReader(input), "a.jsonl", idx)
			if len(recs) != 1 {
				t.Errorf("%d valid records, want the first line's only", len(recs))
			}
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("error %v, want Errors", err)
			}
			var found bool
			for _, e := range es {
				if e.File == "a.jsonl" && e.Line == 2 && e.Field == tt.Field && errors.Is(e, tt.Err) {
					found = true
				}
			}
			if !found {
				t.Errorf("got\n%v\nwant a.jsonl:2: %s: %v", err, tt.Field, tt.Err)
			}
		})
	}
}

func TestLoadDirDuplicatePass(t *testing.T) {
	_, idx := mustRows(t)
	text := idx[roeKey].Article
	dir := t.TempDir()
	line := marshalLine(t, roeRecord(t, text)) + "\n"
	for _, name := range []string{"a.jsonl", "b.jsonl"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(line), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := LoadDir(dir, idx)
	if !errors.Is(err, ErrDuplicate) || !strings.Contains(err.Error(), "b.jsonl:1: pass") || !strings.Contains(err.Error(), "a.jsonl:1") {
		t.Errorf("error %v, want a duplicate naming both files", err)
	}
	if len(c.Records) != 1 {
		t.Errorf("%d records kept, want 1", len(c.Records))
	}
	second := roeRecord(t, text)
	second.Pass, second.Annotator = PassSecond, "t2"
	os.WriteFile(filepath.Join(dir, "b.jsonl"), []byte(marshalLine(t, second)+"\n"), 0o644)
	c, err = LoadDir(dir, idx)
	if err != nil {
		t.Fatal(err)
	}
	if p := c.Pairs(); len(p) != 1 || p[0][0].Pass != PassFirst || p[0][1].Annotator != "t2" {
		t.Errorf("pairs %v", p)
	}
	if g := c.Gold(); len(g) != 1 || g[0].Pass != PassFirst {
		t.Errorf("gold %v", g)
	}
}

// TestGold checks which pass is a document's gold: the adjudicated record
// where there is one, else the first pass, else the second; one record a
// key, in key order, whatever order the files list them in.
func TestGold(t *testing.T) {
	rec := func(key, pass, annotator string) *Record {
		return &Record{Key: key, Pass: pass, Annotator: annotator}
	}
	tests := []struct {
		name string
		in   []*Record
		want []string // key/pass/annotator of each gold record
	}{
		{"first only", []*Record{rec("aa", PassFirst, "a1")}, []string{"aa/1/a1"}},
		{"second only", []*Record{rec("aa", PassSecond, "a2")}, []string{"aa/2/a2"}},
		{"first over second", []*Record{rec("aa", PassSecond, "a2"), rec("aa", PassFirst, "a1")}, []string{"aa/1/a1"}},
		{"adjudicated over both", []*Record{rec("aa", PassFirst, "a1"), rec("aa", PassAdjudicated, "adj1"), rec("aa", PassSecond, "a2")},
			[]string{"aa/adj/adj1"}},
		{"adjudicated listed first", []*Record{rec("aa", PassAdjudicated, "adj1"), rec("aa", PassFirst, "a1")}, []string{"aa/adj/adj1"}},
		{"per key, sorted", []*Record{rec("bb", PassFirst, "a3"), rec("aa", PassFirst, "a1"), rec("aa", PassAdjudicated, "adj1")},
			[]string{"aa/adj/adj1", "bb/1/a3"}},
		{"empty", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, r := range (&Corpus{Records: tt.in}).Gold() {
				got = append(got, r.Key+"/"+r.Pass+"/"+r.Annotator)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("gold %v, want %v", got, tt.want)
			}
		})
	}
}

// TestAnnotations validates the repository's annotations against the
// shared training file (their content is not tested, only their validity).
func TestAnnotations(t *testing.T) {
	const path = "../../shared/data/adverse/training.csv"
	if _, err := os.Stat(path); err != nil {
		t.Skipf("%s absent (the shared data folder next to the repository): %v", path, err)
	}
	rows, err := LoadRows(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := LoadDir("annotations", Index(rows))
	if err != nil {
		t.Fatal(err)
	}
	gold := map[string]*Record{}
	for _, r := range c.Gold() {
		gold[r.Key] = r
	}
	adjudicated := 0
	for _, r := range c.Records {
		if r.Pass == PassAdjudicated {
			adjudicated++
			if gold[r.Key] != r {
				t.Errorf("%s: gold is pass %s, want the adjudicated record of %s:%d", r.Key, gold[r.Key].Pass, r.File, r.Line)
			}
		}
	}
	t.Logf("%d valid records, %d adjudicated", len(c.Records), adjudicated)
}
