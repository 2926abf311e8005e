package adverse_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"testing"

	"dossier"
	"dossier/adverse"
	"dossier/internal/modelfile"
)

func TestDefaultSubject(t *testing.T) {
	m := adverse.DefaultSubject()
	if m.Threshold <= 0 || m.Threshold >= 1 || m.Info.Rows < 900 || m.Info.Entities < 1000 {
		t.Errorf("embedded subject model: threshold %v, info %+v", m.Threshold, m.Info)
	}
	raw, err := os.ReadFile("subject.bin")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := m.Save(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), raw) {
		t.Error("saving the embedded subject model does not give subject.bin")
	}
	if len(m.Weights()) != len(adverse.SubjectFeatureNames()) {
		t.Errorf("%d weights for %d features", len(m.Weights()), len(adverse.SubjectFeatureNames()))
	}
}

func TestLoadSubjectErrors(t *testing.T) {
	var good bytes.Buffer
	if err := adverse.DefaultSubject().Save(&good); err != nil {
		t.Fatal(err)
	}
	other := &modelfile.File{Kind: "adverse-subject", Version: 1, Meta: []byte(`{"features":["x"]}`)}
	var wrong bytes.Buffer
	if err := other.Encode(&wrong); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		Name  string
		Input []byte
		Want  error
	}{
		{"empty", nil, modelfile.ErrMagic},
		{"not a model", []byte("article,label\n"), modelfile.ErrMagic},
		{"truncated", good.Bytes()[:good.Len()-3], modelfile.ErrTruncated},
		{"other features", wrong.Bytes(), adverse.ErrModel},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			_, err := adverse.LoadSubject(bytes.NewReader(tt.Input))
			if !errors.Is(err, tt.Want) {
				t.Errorf("LoadSubject: %v, want %v", err, tt.Want)
			}
		})
	}
}

// FuzzLoadSubject: any input is a model or an error, and a model saves
// to bytes that load to the same model.
func FuzzLoadSubject(f *testing.F) {
	var good bytes.Buffer
	if err := adverse.DefaultSubject().Save(&good); err != nil {
		f.Fatal(err)
	}
	f.Add(good.Bytes())
	f.Add([]byte("dossier model\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := adverse.LoadSubject(bytes.NewReader(data))
		if err != nil {
			return
		}
		var b bytes.Buffer
		if err := m.Save(&b); err != nil {
			t.Fatal(err)
		}
		m2, err := adverse.LoadSubject(&b)
		if err != nil || m2.Threshold != m.Threshold {
			t.Fatalf("reload: %v", err)
		}
	})
}

// extraction is a small hand-made extraction: a bank's director charged
// with fraud, a prosecutor who speaks, and a reporter named in passing.
func extraction() *dossier.Extraction {
	text := "Prosecutors charged Harlow Freight director Anna Berg with fraud on Monday. " +
		"Berg laundered money for a smuggling ring, prosecutor Tom Reed told the court. " +
		"Berg denied the charges. The case was first reported by Mia Lund of the Daily Post."
	at := func(s string) dossier.Mention {
		i := bytes.Index([]byte(text), []byte(s))
		return dossier.Mention{Start: i, End: i + len(s), Text: s}
	}
	berg := dossier.DocEntity{ID: "e1", Type: "PER", Name: "Anna Berg", Mentions: []dossier.Mention{at("Anna Berg"), at("Berg laundered")}}
	berg.Mentions[1].End = berg.Mentions[1].Start + len("Berg")
	reed := dossier.DocEntity{ID: "e2", Type: "PER", Name: "Tom Reed", Mentions: []dossier.Mention{at("Tom Reed")}}
	lund := dossier.DocEntity{ID: "e3", Type: "PER", Name: "Mia Lund", Mentions: []dossier.Mention{at("Mia Lund")}}
	firm := dossier.DocEntity{ID: "e4", Type: "MISC", Name: "Harlow Freight", Mentions: []dossier.Mention{at("Harlow Freight")}}
	return &dossier.Extraction{Text: text, Entities: []dossier.DocEntity{berg, reed, lund, firm},
		Claims: []dossier.Claim{
			{ID: "c1", Subject: "e1", Stance: dossier.StanceCharged, Topic: "crime.fraud"},
			{ID: "c2", Subject: "e1", Stance: dossier.StanceAlleged, Topic: "crime.fin.launder", Speaker: &dossier.Source{Entity: "e2", Name: "Tom Reed"}},
			{ID: "c3", Subject: "e1", Stance: dossier.StanceDenied, Topic: "crime.fraud", Speaker: &dossier.Source{Entity: "e1", Name: "Anna Berg"}},
		}}
}

func TestMatchSubject(t *testing.T) {
	x := extraction()
	tests := []struct {
		Name  string
		Query adverse.Query
		Want  []int
	}{
		{"full name", adverse.Query{Names: []string{"Anna Berg"}, Schema: "Person"}, []int{0}},
		{"list order", adverse.Query{Names: []string{"BERG, Anna"}}, []int{0}},
		{"other person", adverse.Query{Names: []string{"Tom Reed"}}, []int{1}},
		{"typed MISC by the recognizer", adverse.Query{Names: []string{"Harlow Freight"}, Schema: "Organization"}, []int{3}},
		{"absent", adverse.Query{Names: []string{"Boris Johnson"}}, nil},
		{"no names", adverse.Query{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			got, _ := adverse.MatchSubject(x, tt.Query)
			if !slices.Equal(got, tt.Want) {
				t.Errorf("MatchSubject = %v, want %v", got, tt.Want)
			}
		})
	}
}

func TestSubjectFeatures(t *testing.T) {
	x := extraction()
	w := adverse.Default().Weigh(x.Text)
	names := adverse.SubjectFeatureNames()
	feat := func(f []float64, name string) float64 { return f[slices.Index(names, name)] }
	berg, men := adverse.SubjectFeatures(x, w, adverse.Query{Names: []string{"Anna Berg"}})
	if men.Mentions != 2 || men.Claims != 3 || men.Speaker != 1 || !slices.Equal(men.Entities, []string{"e1"}) {
		t.Errorf("Berg: %+v", men)
	}
	if feat(berg, "found") != 1 || feat(berg, "claimed") != 1 || feat(berg, "top") != 1 || feat(berg, "lead") != 1 {
		t.Errorf("Berg features: found %v claimed %v top %v lead %v", feat(berg, "found"), feat(berg, "claimed"), feat(berg, "top"), feat(berg, "lead"))
	}
	lund, men := adverse.SubjectFeatures(x, w, adverse.Query{Names: []string{"Mia Lund"}})
	if men.Mentions != 1 || men.Claims != 0 || feat(lund, "claimed") != 0 || feat(lund, "lead") != 0 || feat(lund, "claims_other") == 0 {
		t.Errorf("Lund: %+v, claimed %v lead %v", men, feat(lund, "claimed"), feat(lund, "lead"))
	}
	reed, men := adverse.SubjectFeatures(x, w, adverse.Query{Names: []string{"Tom Reed"}})
	if men.Speaker != 1 || feat(reed, "speaker_only") != 1 {
		t.Errorf("Reed: %+v, speaker_only %v", men, feat(reed, "speaker_only"))
	}
	_, men = adverse.SubjectFeatures(x, w, adverse.Query{Names: []string{"Carl Lund"}})
	if len(men.Entities) != 0 || men.Mentions != 1 {
		t.Errorf("Carl Lund: %+v, want no entity and one occurrence of Lund", men)
	}
	for i, v := range berg {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("feature %s = %v", names[i], v)
		}
	}
	// with no text, nothing breaks
	empty, _ := adverse.SubjectFeatures(&dossier.Extraction{}, adverse.Default().Weigh(""), adverse.Query{Names: []string{"Anna Berg"}})
	if feat(empty, "not_found") != 1 {
		t.Errorf("empty extraction: not_found %v", feat(empty, "not_found"))
	}
}

// TestJudge: the accused director scores well above the reporter named
// in passing, in the same article with the same article-level score.
// (In three sentences one mention in five is a large share, so the
// reporter is not far below the threshold here: the tests on real
// articles in package subjects and server carry the behaviour.)
func TestJudge(t *testing.T) {
	x := extraction()
	j := adverse.Judge{}
	berg := j.JudgeSubject(x, []string{"Anna Berg"}, "Person")
	lund := j.JudgeSubject(x, []string{"Mia Lund"}, "Person")
	if berg.Article != lund.Article {
		t.Errorf("article scores %v and %v differ", berg.Article, lund.Article)
	}
	if !(berg.Score > lund.Score+0.3) || !berg.Adverse || berg.Claims != 3 || lund.Claims != 0 {
		t.Errorf("Berg %+v, Lund %+v: want Berg adverse and well above Lund", berg, lund)
	}
}

func TestSubjectConfigErrors(t *testing.T) {
	ex := []adverse.SubjectExample{{Features: make([]float64, len(adverse.SubjectFeatureNames())), Adverse: true, Group: "a"}}
	bad := adverse.DefaultSubjectConfig()
	bad.Folds = 1
	if _, err := adverse.CrossValidateSubject(ex, bad); !errors.Is(err, adverse.ErrSubjectConfig) {
		t.Errorf("one fold: %v", err)
	}
	bad = adverse.DefaultSubjectConfig()
	bad.Only = []string{"no such feature"}
	if _, err := adverse.CrossValidateSubject(ex, bad); !errors.Is(err, adverse.ErrSubjectConfig) {
		t.Errorf("unknown feature: %v", err)
	}
	if _, err := adverse.CrossValidateSubject(ex, adverse.DefaultSubjectConfig()); !errors.Is(err, adverse.ErrTooFew) {
		t.Errorf("one class: %v", err)
	}
}

// BenchmarkJudge is the cost of judging one stored extraction for one
// subject: the article model's sentence weights, the name matching and
// the features.
func BenchmarkJudge(b *testing.B) {
	x := extraction()
	j := adverse.Judge{}
	b.ReportAllocs()
	for b.Loop() {
		j.JudgeSubject(x, []string{"Mia Lund"}, "Person")
	}
}

// ExampleJudge judges one stored extraction for two of the people it
// names: the director the claims are about, and a reporter named once.
func ExampleJudge() {
	x := extraction()
	j := adverse.Judge{}
	berg := j.JudgeSubject(x, []string{"BERG, Anna"}, "Person")
	lund := j.JudgeSubject(x, []string{"Mia Lund"}, "Person")
	fmt.Printf("Anna Berg: adverse %v, %d mentions, %d claims\n", berg.Adverse, berg.Mentions, berg.Claims)
	fmt.Printf("Mia Lund: %d mention, %d claims\n", lund.Mentions, lund.Claims)
	fmt.Println("same article score:", berg.Article == lund.Article, "; Berg higher:", berg.Score > lund.Score)
	// Output:
	// Anna Berg: adverse true, 2 mentions, 3 claims
	// Mia Lund: 1 mention, 0 claims
	// same article score: true ; Berg higher: true
}
