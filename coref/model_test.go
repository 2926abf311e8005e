package coref

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier"
	"dossier/internal/featurehash"
	"dossier/internal/modelfile"
	"dossier/recognize"
	"dossier/segment"
)

// resolveText runs the steps before coreference as the pipeline does.
func resolveText(m *Model, text string) []Entity {
	sents := segment.Sentences(text)
	var names []dossier.Mention
	for _, n := range recognize.Default().RecognizeSentences(text, sents) {
		names = append(names, dossier.Mention{Start: n.Start, End: n.End, Label: n.Label, Text: n.Text})
	}
	return m.Resolve(text, sents, names)
}

func TestDefaultModelRoundTrip(t *testing.T) {
	m := Default()
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), embedded) {
		t.Fatalf("saving the embedded model gives %d bytes, not its %d", buf.Len(), len(embedded))
	}
	info := m.Info()
	if info.Epoch == 0 || info.DevCoNLL == 0 || len(info.TrainDocs) == 0 {
		t.Errorf("info %+v", info)
	}
	for _, d := range info.TrainDocs {
		if Part(d) != PartTrain {
			t.Errorf("trained on %s, which is %s", d, Part(d))
		}
	}
}

func TestLoadRejects(t *testing.T) {
	other := func(kind string, meta string) []byte {
		f := &modelfile.File{Kind: kind, Version: fileVersion, Meta: []byte(meta)}
		var buf bytes.Buffer
		if err := f.Encode(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	tests := []struct {
		Name  string
		Input []byte
		Err   error
	}{
		{"empty", nil, modelfile.ErrMagic},
		{"truncated", embedded[:len(embedded)/2], modelfile.ErrTruncated},
		{"another model", other("parse", "{}"), modelfile.ErrKind},
		{"bad bits", other(fileKind, `{"bits": 99, "type_bits": 18}`), ErrModel},
		{"no sections", other(fileKind, `{"bits": 20, "type_bits": 18}`), modelfile.ErrMissing},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			if _, err := Load(bytes.NewReader(tt.Input)); !errors.Is(err, tt.Err) {
				t.Fatalf("error %v, want %v", err, tt.Err)
			}
		})
	}
}

// TestResolve checks the embedded model on sentences written for it:
// mentions that must share an entity, and mentions that must not.
func TestResolve(t *testing.T) {
	tests := []struct {
		Name     string
		Text     string
		Same     [][2]string // the first mention with each text
		Apart    [][2]string
		Mentions []string // mentions that must be found
	}{
		{
			Name: "surname and pronouns",
			Text: "Prosecutors charged Daniel Okafor with fraud on Tuesday. Okafor, a former banker, denied the charges. " +
				"He said his lawyers would appeal.",
			Same:     [][2]string{{"Daniel Okafor", "Okafor"}, {"Okafor", "He"}, {"He", "his"}},
			Mentions: []string{"Daniel Okafor", "He", "his"},
		},
		{
			Name:  "two people by gender",
			Text:  "Maria Santos met Peter Hall in Lisbon. She told him that the deal was off.",
			Same:  [][2]string{{"Maria Santos", "She"}, {"Peter Hall", "him"}},
			Apart: [][2]string{{"Maria Santos", "Peter Hall"}, {"She", "him"}},
		},
		{
			Name:     "organization and its description",
			Text:     "Northwind Bank froze the accounts in March. The bank said it had acted on a court order.",
			Same:     [][2]string{{"Northwind Bank", "The bank"}, {"The bank", "it"}},
			Mentions: []string{"Northwind Bank", "The bank"},
		},
	}
	m := Default()
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			ents := resolveText(m, tt.Text)
			entityOf := map[string]int{}
			for i, e := range ents {
				for _, x := range e.Mentions {
					if _, ok := entityOf[x.Text]; !ok {
						entityOf[x.Text] = i
					}
				}
			}
			for _, w := range tt.Mentions {
				if _, ok := entityOf[w]; !ok {
					t.Errorf("mention %q not found in %v", w, ents)
				}
			}
			for _, p := range tt.Same {
				a, okA := entityOf[p[0]]
				b, okB := entityOf[p[1]]
				if !okA || !okB || a != b {
					t.Errorf("%q and %q are not one entity: %v", p[0], p[1], ents)
				}
			}
			for _, p := range tt.Apart {
				a, okA := entityOf[p[0]]
				b, okB := entityOf[p[1]]
				if okA && okB && a == b {
					t.Errorf("%q and %q are one entity: %v", p[0], p[1], ents)
				}
			}
		})
	}
}

// checkEntities checks what Resolve promises of any text.
func checkEntities(t *testing.T, text string, ents []Entity) {
	t.Helper()
	last := -1
	seen := map[[2]int]bool{}
	for _, e := range ents {
		if len(e.Mentions) == 0 {
			t.Fatal("an entity without mentions")
		}
		if e.Mentions[0].Start < last {
			t.Fatalf("entities out of order at %d", e.Mentions[0].Start)
		}
		last = e.Mentions[0].Start
		prev := -1
		for _, x := range e.Mentions {
			if x.Start < 0 || x.End > len(text) || x.Start >= x.End || text[x.Start:x.End] != x.Text {
				t.Fatalf("mention %+v does not span its text", x)
			}
			if x.Start < prev {
				t.Fatalf("mentions out of order: %+v", e.Mentions)
			}
			prev = x.Start
			if seen[[2]int{x.Start, x.End}] {
				t.Fatalf("mention %+v in two entities", x)
			}
			seen[[2]int{x.Start, x.End}] = true
			if x.Kind != "name" && x.Kind != "pronoun" && x.Kind != "nominal" {
				t.Fatalf("kind %q", x.Kind)
			}
		}
		if len(e.Mentions) == 1 && e.Mentions[0].Kind != "name" {
			t.Fatalf("a lone %s is an entity", e.Mentions[0].Kind)
		}
	}
}

func TestResolveSpans(t *testing.T) {
	for _, text := range []string{
		"",
		"he",
		"Mr. Lee's company, Lee Holdings, said it would sue. \"We did nothing wrong,\" Lee said.\n\nThe firm's chief, Ana Ruiz, declined to comment.",
		strings.Repeat("The minister said she would resign. ", 50),
	} {
		checkEntities(t, text, resolveText(Default(), text))
	}
}

func TestSplit(t *testing.T) {
	for name, want := range map[string]string{"fixture_bank": PartDev, "fixture_court": PartTrain, "fixture_ship": PartTrain} {
		if got := Part(name); got != want {
			t.Errorf("Part(%q) = %s, want %s", name, got, want)
		}
	}
	redacted := &Document{Tokens: []Token{{Form: "___"}, {Form: "__"}, {Form: "."}}}
	if !Redacted(redacted) || Redacted(&Document{Tokens: []Token{{Form: "The"}, {Form: "_"}, {Form: "bank"}}}) {
		t.Error("Redacted")
	}
	docs, err := ReadGUMDir(sharedData(t, "ner/gum"))
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, d := range docs {
		if Redacted(d) {
			count["redacted"]++
			continue
		}
		count[Part(d.Name)]++
	}
	// 281 documents, of which the 18 Reddit ones are redacted
	if count["redacted"] != 18 || count[PartTrain] != 186 || count[PartDev] != 29 || count[PartHeldOut] != 48 {
		t.Errorf("split %v", count)
	}
}

// TestTrainDeterministic trains on documents written for the tests
// twice, the second time stopped after the ranker's second epoch and
// resumed, and checks that both give the same model.
func TestTrainDeterministic(t *testing.T) {
	cfg := TrainConfig{Data: "testdata/gum", Epochs: 4, Patience: 4, Bits: 14, TypeBits: 12, TypeEpochs: 3, Folds: 2, Seeds: 2,
		GivenGenders: "given-genders.csv"}
	train := func(checkpoint string, stopAfter string) ([]byte, error) {
		c := cfg
		c.Checkpoint = checkpoint
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		log := &stopWriter{stop: stopAfter, cancel: cancel}
		m, err := Train(ctx, c, log)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := m.Save(&buf); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	a, err := train("", "")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := train(dir, "coref epoch 2:"); !errors.Is(err, context.Canceled) {
		t.Fatalf("stopped run: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "coref.state")); err != nil {
		t.Fatal(err)
	}
	b, err := train(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("a resumed run gives another model")
	}
	m, err := Load(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	if info := m.Info(); len(info.TrainDocs) != 3 || len(info.DevDocs) != 1 || len(info.Epochs) != 2 {
		t.Errorf("trained on %v, dev %v, rankers' epochs %v", info.TrainDocs, info.DevDocs, info.Epochs)
	}
	if m.lex.firstGender["astrid"] != gFemale {
		t.Error("the given names' genders are not in the model")
	}
}

// stopWriter cancels a context once a line with stop is written.
type stopWriter struct {
	stop   string
	cancel func()
}

func (w *stopWriter) Write(p []byte) (int, error) {
	if w.stop != "" && strings.Contains(string(p), w.stop) {
		w.cancel()
	}
	return len(p), nil
}

// TestEvaluateDev scores the embedded model on the dev documents (it
// was tuned on them; the held-out figures are in the model card).
func TestEvaluateDev(t *testing.T) {
	docs, err := ReadGUMDir(sharedData(t, "ner/gum"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Default().Evaluate(SplitDocuments(docs, PartDev))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Docs != 29 || rep.GoldAll.CoNLL() < 0.65 || rep.GoldNamed.CoNLL() < 0.67 || rep.PredHeadNamed.CoNLL() < 0.6 {
		t.Errorf("%d documents: gold mentions CoNLL F1 %.4f, named %.4f; detected, by head, named %.4f",
			rep.Docs, rep.GoldAll.CoNLL(), rep.GoldNamed.CoNLL(), rep.PredHeadNamed.CoNLL())
	}
}

// TestCrossValidation trains on three quarters of the train and dev
// documents and scores the rest, four times (6 epochs each, about a
// minute); the model card's cross-validation figures come from it. It
// runs only with DOSSIER_COREF_CV=1.
func TestCrossValidation(t *testing.T) {
	if os.Getenv("DOSSIER_COREF_CV") == "" {
		t.Skip("set DOSSIER_COREF_CV=1 to cross-validate")
	}
	docs, err := ReadGUMDir(sharedData(t, "ner/gum"))
	if err != nil {
		t.Fatal(err)
	}
	pool := append(SplitDocuments(docs, PartTrain), SplitDocuments(docs, PartDev)...)
	cfg := TrainConfig{Epochs: 6, GivenNames: sharedData(t, "names/nicknames.csv"), GivenGenders: "given-genders.csv"}
	cfg.defaults()
	const k = 4
	var all, named Score
	for f := range k {
		var train, test []*Document
		for _, d := range pool {
			if featurehash.Mix(featurehash.String(d.Name)+7)%k == uint64(f) {
				test = append(test, d)
			} else {
				train = append(train, d)
			}
		}
		m, err := trainOn(context.Background(), cfg, "cv", train, nil, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		var gold []*goldDoc
		for _, d := range test {
			gold = append(gold, prepareGold(d, m.lex, m.typer()))
		}
		a, n, err := m.evaluateGold(gold)
		if err != nil {
			t.Fatal(err)
		}
		all.Merge(a)
		named.Merge(n)
	}
	t.Logf("%d-fold cross-validation over %d documents: CoNLL F1 %.4f, named %.4f", k, len(pool), all.CoNLL(), named.CoNLL())
}
