package coref

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// sharedData returns the path of a file or folder under ../shared/data,
// skipping the test when it is absent.
func sharedData(tb testing.TB, rel string) string {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	p := filepath.Join(filepath.Dir(file), "..", "..", "shared", "data", rel)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("shared data absent: %v", err)
	}
	return p
}

func TestReadGUM(t *testing.T) {
	docs, err := ReadGUMFile("testdata/small.conllu")
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 {
		t.Fatalf("%d documents", len(docs))
	}
	d := docs[0]
	if d.Name != "test_doc" {
		t.Errorf("name %q", d.Name)
	}
	if want := "Maria Lopez joined the bank.\n\nShe didn't leave it."; d.Text != want {
		t.Errorf("text %q, want %q", d.Text, want)
	}
	var forms, spans []string
	for _, tk := range d.Tokens {
		forms = append(forms, tk.Form)
		spans = append(spans, d.Text[tk.Start:tk.End])
	}
	if !reflect.DeepEqual(forms, spans) {
		t.Errorf("token spans %q, forms %q", spans, forms)
	}
	if want := []Span{{0, 6}, {6, 12}}; !reflect.DeepEqual(d.Sentences, want) {
		t.Errorf("sentences %v, want %v", d.Sentences, want)
	}
	if d.Tokens[0].Head != 2 || d.Tokens[2].Head != -1 || d.Tokens[6].Head != 9 {
		t.Errorf("heads %d %d %d", d.Tokens[0].Head, d.Tokens[2].Head, d.Tokens[6].Head)
	}
	want := []GoldMention{
		{Span: Span{0, 2}, Entity: "1", Type: "person", InfStat: "new", Link: "coref", Identity: "Maria_López", Head: 0, Line: 6},
		{Span: Span{3, 5}, Entity: "2", Type: "organization", InfStat: "new", Link: "coref", Head: 4, Line: 9},
		{Span: Span{6, 7}, Entity: "1", Type: "person", InfStat: "giv:act", Link: "ana", Head: 6, Line: 16},
		{Span: Span{10, 11}, Entity: "2", Type: "organization", InfStat: "giv:act", Link: "ana", Head: 10, Line: 21},
	}
	if !reflect.DeepEqual(d.Mentions, want) {
		t.Errorf("mentions\n%+v\nwant\n%+v", d.Mentions, want)
	}
}

func TestReadGUMErrors(t *testing.T) {
	good := "1\tA\ta\tDET\tDT\t_\t2\tdet\t_\tEntity=(1-person-new-s-cf1-1-coref\n" +
		"2\tman\tman\tNOUN\tNN\t_\t0\troot\t_\tEntity=1)\n\n"
	tests := []struct {
		Name  string
		Input string
		Line  int
		Err   error
	}{
		{"nine fields", "1\tA\ta\tDET\tDT\t_\t0\troot\t_\n", 1, ErrFormat},
		{"ID out of order", "2\tA\ta\tDET\tDT\t_\t0\troot\t_\t_\n", 1, ErrFormat},
		{"bad head", "1\tA\ta\tDET\tDT\t_\tx\troot\t_\t_\n", 1, ErrFormat},
		{"own head", "1\tA\ta\tDET\tDT\t_\t1\troot\t_\t_\n", 1, ErrFormat},
		{"head outside", "1\tA\ta\tDET\tDT\t_\t5\troot\t_\t_\n\n", 1, ErrFormat},
		{"close not open", "1\tA\ta\tDET\tDT\t_\t0\troot\t_\tEntity=3)\n", 1, ErrEntity},
		{"never closed", good + "1\tHe\the\tPRON\tPRP\t_\t0\troot\t_\tEntity=(2-person-giv-s-cf1-1-ana\n\n", 4, ErrEntity},
		{"no type", "1\tA\ta\tDET\tDT\t_\t0\troot\t_\tEntity=(1)\n", 1, ErrEntity},
		{"bad identity", "1\tA\ta\tDET\tDT\t_\t0\troot\t_\tEntity=(1-person-new-s-cf1-1-coref-%zz)\n", 1, ErrEntity},
		{"junk", "1\tA\ta\tDET\tDT\t_\t0\troot\t_\tEntity=junk\n", 1, ErrEntity},
		{"bad range", "2-1\tAb\t_\t_\t_\t_\t_\t_\t_\t_\n", 1, ErrFormat},
		{"sentence ends in a range", "1-2\tAb\t_\t_\t_\t_\t_\t_\t_\t_\n1\tA\ta\tDET\tDT\t_\t0\troot\t_\t_\n\n", 3, ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			_, err := ReadGUM(strings.NewReader(tt.Input), "in.conllu")
			var pe *ParseError
			if !errors.As(err, &pe) || pe.File != "in.conllu" || pe.Line != tt.Line || !errors.Is(err, tt.Err) {
				t.Fatalf("error %v, want a ParseError at in.conllu:%d wrapping %v", err, tt.Line, tt.Err)
			}
		})
	}
	docs, err := ReadGUM(strings.NewReader(good), "in.conllu")
	if err != nil || len(docs) != 1 || docs[0].Name != "in.conllu" || len(docs[0].Mentions) != 1 {
		t.Fatalf("good input: %v, %d docs", err, len(docs))
	}
}

// checkDocument checks the invariants every read document keeps.
func checkDocument(t *testing.T, d *Document) {
	t.Helper()
	for i, tk := range d.Tokens {
		if tk.Start < 0 || tk.End > len(d.Text) || tk.Start > tk.End {
			t.Fatalf("%s: token %d at %d–%d outside the text", d.Name, i, tk.Start, tk.End)
		}
		shared := i > 0 && d.Tokens[i-1].Start == tk.Start && d.Tokens[i-1].End == tk.End ||
			i+1 < len(d.Tokens) && d.Tokens[i+1].Start == tk.Start && d.Tokens[i+1].End == tk.End
		if s := d.Text[tk.Start:tk.End]; s != tk.Form && !shared {
			t.Fatalf("%s: token %d %q spans %q", d.Name, i, tk.Form, s)
		}
		if tk.Head < -1 || tk.Head >= len(d.Tokens) || tk.Head == i {
			t.Fatalf("%s: token %d has head %d", d.Name, i, tk.Head)
		}
		if tk.Sent < 0 || tk.Sent >= len(d.Sentences) || i < d.Sentences[tk.Sent].Start || i >= d.Sentences[tk.Sent].End {
			t.Fatalf("%s: token %d in sentence %d", d.Name, i, tk.Sent)
		}
	}
	for _, m := range d.Mentions {
		if m.Start < 0 || m.End > len(d.Tokens) || m.Start >= m.End || m.Head < m.Start || m.Head >= m.End || m.Entity == "" || m.Type == "" {
			t.Fatalf("%s: bad mention %+v", d.Name, m)
		}
	}
}

// TestReadGUMShared reads the whole GUM corpus.
func TestReadGUMShared(t *testing.T) {
	dir := sharedData(t, "ner/gum")
	files, _ := filepath.Glob(filepath.Join(dir, "*.conllu"))
	var docs, toks, mentions, sameSentence int
	for _, f := range files {
		ds, err := ReadGUMFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			checkDocument(t, d)
			docs++
			toks += len(d.Tokens)
			mentions += len(d.Mentions)
			for _, m := range d.Mentions {
				if d.Tokens[m.Start].Sent == d.Tokens[m.End-1].Sent {
					sameSentence++
				}
			}
		}
	}
	if docs != 281 || toks != 268089 || mentions != 75697 {
		t.Errorf("%d documents, %d words, %d mentions; want 281, 268089, 75697", docs, toks, mentions)
	}
	t.Logf("%d documents, %d words, %d mentions (%d within a sentence)", docs, toks, mentions, sameSentence)
}
