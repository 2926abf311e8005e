package coref

import (
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
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

// TestNameGender checks that a person's name takes the usual gender of
// its first name from the given-names list when the training documents
// gave that name none, and that the list reads only names.
func TestNameGender(t *testing.T) {
	m := Default()
	// the shipped model is trained without the list (model card, "The
	// shipped model"); this checks the lexicon a model trained with it has
	f, err := os.Open("given-genders.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lx := &lexicon{class: m.lex.class, sem: m.lex.sem, gender: m.lex.gender, given: m.lex.given, firstGender: map[string]uint8{}}
	if err := lx.addGivenGenders(f, "given-genders.csv"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		Text       string
		Start, End int // tokens
		Gender     uint8
	}{
		{"Tobias Wendt spoke.", 0, 2, gMale},
		{"Ingrid Solberg spoke.", 0, 2, gFemale},
		{"Astrid spoke.", 0, 1, gFemale},
		{"Judge Magnus Berg spoke.", 0, 3, gMale},
		{"Wendt spoke.", 0, 1, gNone},
	}
	for _, tt := range tests {
		t.Run(tt.Text, func(t *testing.T) {
			tx := rawText(m, tt.Text)
			s := Span{tt.Start, tt.End}
			x := describe(tx, lx, s, findHead(tx.toks, s), tPER)
			if x.kind != kName || x.gender != tt.Gender {
				t.Errorf("%s of gender %d, want a name of gender %d", kindNames[x.kind], x.gender, tt.Gender)
			}
		})
	}
	// a description headed by a word that is also a given name ("the
	// bill") does not take its gender
	tx := rawText(m, "The bill passed.")
	s := Span{0, 2}
	if x := describe(tx, lx, s, findHead(tx.toks, s), tNone); x.kind != kNominal || x.gender == gMale {
		t.Errorf("the bill: %s of gender %d", kindNames[x.kind], x.gender)
	}
}

func TestAddGivenGenders(t *testing.T) {
	tests := []struct {
		Name  string
		Input string
		Want  map[string]uint8
		Error string
	}{
		{Name: "names", Input: "name,gender\nRobert,male\nastrid,female\nal,male\n",
			Want: map[string]uint8{"robert": gMale, "astrid": gFemale}},
		{Name: "empty", Input: "", Error: "coref: g.csv: empty file"},
		{Name: "header", Input: "first,sex\nrobert,male\n", Error: `coref: g.csv:1: header "first,sex", want "name,gender"`},
		{Name: "gender", Input: "name,gender\nrobert,male\nsam,unisex\n", Error: `coref: g.csv:3: gender "unisex", want male or female`},
		{Name: "fields", Input: "name,gender\nrobert\n", Error: "coref: g.csv: record on line 2: wrong number of fields"},
		{Name: "empty name", Input: "name,gender\n ,male\n", Error: "coref: g.csv:2: empty name"},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			lx := &lexicon{firstGender: map[string]uint8{}}
			err := lx.addGivenGenders(strings.NewReader(tt.Input), "g.csv")
			if tt.Error != "" {
				if err == nil || err.Error() != tt.Error {
					t.Fatalf("error %v, want %q", err, tt.Error)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(lx.firstGender, tt.Want) {
				t.Errorf("got %v, want %v", lx.firstGender, tt.Want)
			}
		})
	}
}

// TestGivenGendersFile reads the list the model is trained with.
func TestGivenGendersFile(t *testing.T) {
	f, err := os.Open("given-genders.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lx := &lexicon{firstGender: map[string]uint8{}}
	if err := lx.addGivenGenders(f, "given-genders.csv"); err != nil {
		t.Fatal(err)
	}
	if n := len(lx.firstGender); n < 30000 || lx.firstGender["robert"] != gMale || lx.firstGender["maria"] != gFemale {
		t.Errorf("%d names, robert %d, maria %d", n, lx.firstGender["robert"], lx.firstGender["maria"])
	}
}
