package coref

import (
	"reflect"
	"slices"
	"testing"

	"dossier/recognize"
	"dossier/segment"
)

// rawText describes a text as Resolve does, with the embedded model's
// lexicon and the recognizer's names.
func rawText(m *Model, src string) *text {
	sents := segment.Sentences(src)
	var spans [][2]int
	var sentOf []int
	for si, s := range sents {
		for _, tk := range s.Tokens {
			spans = append(spans, [2]int{tk.Start, tk.End})
			sentOf = append(sentOf, si)
		}
	}
	var names []nameSpan
	for _, n := range recognize.Default().RecognizeSentences(src, sents) {
		names = append(names, nameSpan{n.Start, n.End, n.Label})
	}
	return newText(src, spans, sentOf, names, m.lex)
}

func TestDetect(t *testing.T) {
	tests := []struct {
		Name string
		Text string
		Want []string // mentions and their heads
	}{
		{"title and possessive", "Critics of U.S. President Donald Trump's policies met on Monday.",
			[]string{"U.S. President Donald Trump's/Trump", "U.S./U.S."}},
		{"descriptions", "The newspaper's reporter met the veteran officer and the defector.",
			[]string{"The newspaper's reporter/reporter", "The newspaper's/newspaper", "the veteran officer/officer", "the defector/defector"}},
		{"pronouns and apposition", "His lawyer, a former judge, said he would appeal.",
			[]string{"His lawyer/lawyer", "His/His", "a former judge/judge", "he/he"}},
		{"a date ends a noun phrase", "She spoke to the central bank yesterday.",
			[]string{"She/She", "the central bank/bank"}},
	}
	m := Default()
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			tx := rawText(m, tt.Text)
			var got []string
			for _, h := range detect(tx, m.typer()) {
				got = append(got, tt.Text[tx.toks[h.Start].start:tx.toks[h.End-1].end]+"/"+tx.toks[h.head].form)
			}
			if !reflect.DeepEqual(got, tt.Want) {
				t.Errorf("detected %q, want %q", got, tt.Want)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		Text        string
		Start, End  int // tokens
		Kind        uint8
		First, Last string
		Words       []string
		Head        string
		Acro, Self  string
	}{
		{"Mr Key spoke.", 0, 2, kName, "", "key", []string{"key"}, "Key", "", ""},
		{"President John Key spoke.", 0, 3, kName, "john", "key", []string{"john", "key"}, "Key", "JK", ""},
		{"The United Nations met.", 0, 3, kName, "united", "nations", []string{"united", "nations"}, "Nations", "UN", ""},
		{"The U.N. met.", 0, 2, kName, "", "u.n.", []string{"u.n."}, "U.N.", "", "UN"},
		{"The bank of the river flooded.", 0, 5, kNominal, "", "", []string{"bank", "of", "the", "river"}, "bank", "", ""},
		{"Her pseudonym Jenna Marbles stuck.", 0, 4, kName, "jenna", "marbles", []string{"jenna", "marbles"}, "Marbles", "JM", ""},
		{"They left.", 0, 1, kPron, "", "", []string{"they"}, "They", "", ""},
	}
	m := Default()
	for _, tt := range tests {
		t.Run(tt.Text, func(t *testing.T) {
			tx := rawText(m, tt.Text)
			s := Span{tt.Start, tt.End}
			head := findHead(tx.toks, s)
			x := describe(tx, m.lex, s, head, tPER)
			if x.kind != tt.Kind || x.first != tt.First || x.last != tt.Last || !slices.Equal(x.words, tt.Words) ||
				tx.toks[x.head].form != tt.Head || x.acro != tt.Acro || x.self != tt.Self {
				t.Errorf("kind %s, first %q, last %q, words %q, head %q, acronym %q/%q; want %s, %q, %q, %q, %q, %q/%q",
					kindNames[x.kind], x.first, x.last, x.words, tx.toks[x.head].form, x.acro, x.self,
					kindNames[tt.Kind], tt.First, tt.Last, tt.Words, tt.Head, tt.Acro, tt.Self)
			}
		})
	}
}

func TestScoreDocumentNamed(t *testing.T) {
	// key: a named chain {0,1,2} and another chain {3,4}; the response
	// splits the named chain and lends mention 2 to the other chain
	key := [][]int{{0, 1, 2}, {3, 4}}
	named := []bool{true, false}
	resp := [][]int{{0, 1}, {2, 3, 4}}
	var all, aligned, strict Score
	if err := scoreDocument(&all, &aligned, &strict, key, named, resp); err != nil {
		t.Fatal(err)
	}
	// aligned: {2,3,4} belongs to the other chain and is left out, so
	// the named chain is recalled 2 of 3; strict keeps it
	if !near(aligned.B3.Recall(), (4.0/3)/3) || !near(aligned.B3.Precision(), 1) {
		t.Errorf("aligned B³ R %.4f P %.4f", aligned.B3.Recall(), aligned.B3.Precision())
	}
	if !near(strict.B3.Precision(), (2+1.0/3)/5) {
		t.Errorf("strict B³ P %.4f", strict.B3.Precision())
	}
	if all.Docs != 1 || !near(all.MUC.Recall(), 2.0/3) {
		t.Errorf("all MUC R %.4f over %d docs", all.MUC.Recall(), all.Docs)
	}
}
