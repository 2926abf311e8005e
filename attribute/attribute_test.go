package attribute_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"dossier/attribute"
	"dossier/segment"
)

// find runs a finder on text and renders each attribution as
// "source | cue | content".
func find(f func(string, []segment.Sentence) []attribute.Attribution, text string) []string {
	var out []string
	for _, a := range f(text, segment.Sentences(text)) {
		out = append(out, a.Source.Text(text)+" | "+a.Cue.Text(text)+" | "+a.Content.Text(text))
	}
	return out
}

// TestFind checks the embedded model on sentences written like the news
// dossier reads. Where the annotation conventions allow two readings
// (the addressee in the cue or not, "that" in the content or not), both
// are accepted.
func TestFind(t *testing.T) {
	tests := []struct {
		Name string
		Text string
		Want [][]string // per attribution: accepted renderings
	}{
		{
			Name: "told investigators that",
			Text: "A former bodyguard told investigators that Cabello heads the cartel.",
			Want: [][]string{{
				"A former bodyguard | told | that Cabello heads the cartel",
				"A former bodyguard | told investigators | that Cabello heads the cartel",
				"A former bodyguard | told | Cabello heads the cartel",
				"A former bodyguard | told investigators | Cabello heads the cartel",
			}},
		},
		{
			Name: "quotation before the cue",
			Text: `"We deny everything," the minister said.`,
			Want: [][]string{{
				`the minister | said | "We deny everything,"`,
				`the minister | said | "We deny everything`,
				`the minister | said | We deny everything`,
			}},
		},
		{
			Name: "according to",
			Text: "According to anonymous sources within the U.S. investigation, the general ran the drug route for a decade.",
			Want: [][]string{{
				"anonymous sources within the U.S. investigation | According to | the general ran the drug route for a decade",
			}},
		},
		{
			Name: "denial",
			Text: "Cabello denied the accusations.",
			Want: [][]string{{"Cabello | denied | the accusations"}},
		},
		{
			Name: "quotation across two sentences, cue inverted",
			Text: `"The money went to Panama. Then it disappeared," said Leamsy Salazar, a former bodyguard.`,
			Want: [][]string{{
				`Leamsy Salazar, a former bodyguard | said | "The money went to Panama. Then it disappeared,"`,
				`Leamsy Salazar | said | "The money went to Panama. Then it disappeared,"`,
			}},
		},
		{
			Name: "quotation broken by its cue",
			Text: "“I have never taken a bribe,” Cabello said. “These are lies invented in Washington.”",
			Want: [][]string{
				{"Cabello | said | “I have never taken a bribe,”"},
				{"Cabello | said | “These are lies invented in Washington.”"},
			},
		},
		{
			Name: "two cues in one sentence",
			Text: "The Treasury said on Tuesday it had imposed sanctions on three officers, accusing them of running a gold-smuggling network.",
			Want: [][]string{
				{"The Treasury | said | it had imposed sanctions on three officers"},
				{"The Treasury | accusing | them of running a gold-smuggling network"},
			},
		},
		{
			Name: "no attribution",
			Text: "The bridge over the Orinoco river was closed for repairs in 2019.",
			Want: nil,
		},
	}
	m := attribute.Default()
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			got := find(m.Find, tt.Text)
			ok := len(got) == len(tt.Want)
			for i := 0; ok && i < len(got); i++ {
				found := false
				for _, w := range tt.Want[i] {
					found = found || got[i] == w
				}
				ok = found
			}
			if !ok {
				t.Errorf("got\n  %s\nwant one of each of\n  %v", strings.Join(got, "\n  "), tt.Want)
			}
		})
	}
}

func TestBaseline(t *testing.T) {
	tests := []struct{ Text, Want string }{
		{"A former bodyguard told investigators that Cabello heads the cartel.",
			"A former bodyguard | told | that Cabello heads the cartel"},
		{`"We deny everything," the minister said.`, `the minister | said | "We deny everything,"`},
		{"According to anonymous sources within the U.S. investigation, the general ran the drug route.",
			"anonymous sources within the U.S. investigation | According to | the general ran the drug route"},
		{"The general ran the drug route, according to two officials.",
			"two officials | according to | The general ran the drug route"},
		{"Cabello denied the accusations.", "Cabello | denied | the accusations"},
		{`"The money went to Panama. Then it disappeared," said Leamsy Salazar.`,
			`Leamsy Salazar | said | "The money went to Panama. Then it disappeared,"`},
		{"The plan failed, he said.", "he | said | The plan failed"},
		{"The minister has also denied that he met them.", "The minister | has also denied | that he met them"},
		{"The report was published on Monday.", ""},
	}
	for _, tt := range tests {
		if got := strings.Join(find(attribute.Baseline, tt.Text), "\n"); got != tt.Want {
			t.Errorf("%s\ngot  %s\nwant %s", tt.Text, got, tt.Want)
		}
	}
}

// checkSpans checks that every span is empty or inside text, on
// character boundaries (an invalid byte counts as a character), and
// that each attribution has a cue or content.
func checkSpans(t *testing.T, text string, as []attribute.Attribution) {
	t.Helper()
	boundary := make([]bool, len(text)+1)
	for i := 0; i < len(text); {
		boundary[i] = true
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	boundary[len(text)] = true
	for _, a := range as {
		if a.Cue.IsZero() && a.Content.IsZero() {
			t.Fatalf("attribution without cue and content: %+v", a)
		}
		for _, s := range []attribute.Span{a.Cue, a.Source, a.Content} {
			if s.IsZero() {
				continue
			}
			if s.Start < 0 || s.End > len(text) || s.Start >= s.End {
				t.Fatalf("span %+v outside text of %d bytes", s, len(text))
			}
			if !boundary[s.Start] || !boundary[s.End] {
				t.Fatalf("span %+v splits a character", s)
			}
		}
	}
}

func TestSpansInsideText(t *testing.T) {
	texts := []string{
		"",
		"said",
		"\"",
		"“Unclosed quotation, she said.\n\nAnd a second paragraph” he added:",
		"”Stray closing quote,” said nobody. According to",
		"Señor Pérez dijo: «no». 🙂 He denied it \xff\xfe told.",
		strings.Repeat("He said that they said that she said. ", 200),
	}
	m := attribute.Default()
	for _, text := range texts {
		checkSpans(t, text, m.Find(text, segment.Sentences(text)))
		checkSpans(t, text, attribute.Baseline(text, segment.Sentences(text)))
	}
	if got := m.Find("He said it.", nil); got != nil {
		t.Errorf("no sentences gave %v", got)
	}
}

func TestSaveLoad(t *testing.T) {
	var a, b bytes.Buffer
	if err := attribute.Default().Save(&a); err != nil {
		t.Fatal(err)
	}
	m, err := attribute.Load(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Save(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("save, load and save again differ")
	}
	for _, bad := range [][]byte{nil, []byte("dossier-ner-model/1\n"), a.Bytes()[:len(a.Bytes())/2]} {
		if _, err := attribute.Load(bytes.NewReader(bad)); !errors.Is(err, attribute.ErrModel) {
			t.Errorf("Load of %d bytes: %v, want ErrModel", len(bad), err)
		}
	}
}

func ExampleModel_Find() {
	text := `A former bodyguard told investigators that Cabello heads the cartel. ` +
		`"We deny everything," the minister said.`
	for _, a := range attribute.Default().Find(text, segment.Sentences(text)) {
		fmt.Printf("source %q, cue %q, content %q\n", a.Source.Text(text), a.Cue.Text(text), a.Content.Text(text))
	}
	// Output:
	// source "A former bodyguard", cue "told", content "that Cabello heads the cartel"
	// source "the minister", cue "said", content "\"We deny everything,\""
}

func ExampleBaseline() {
	text := "The general ran the drug route, according to two officials."
	for _, a := range attribute.Baseline(text, segment.Sentences(text)) {
		fmt.Printf("source %q, cue %q, content %q\n", a.Source.Text(text), a.Cue.Text(text), a.Content.Text(text))
	}
	// Output:
	// source "two officials", cue "according to", content "The general ran the drug route"
}
