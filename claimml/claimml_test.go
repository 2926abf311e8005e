package claimml_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"dossier/claimml"
	"dossier/corpus"
	"dossier/internal/modelfile"
	"dossier/pipeline"
)

// Invented sentences, one construction each, and the claim the model
// must read in them (subject, stance, topic family).
func TestExtractConstructions(t *testing.T) {
	tests := []struct {
		Name, Text              string
		Subject, Stance, Family string
	}{
		{"active charge", "Federal prosecutors on Monday charged John Mercer with wire fraud.", "John Mercer", "charged", "crime.fraud"},
		{"passive charge", "Anna Kowalski was indicted in Chicago on money laundering charges.", "Anna Kowalski", "charged", "crime.fin"},
		{"conviction", "A federal jury convicted Peter Lang of bribery on Friday.", "Peter Lang", "convicted", "crime.corrupt"},
		{"guilty plea", "Maria Santos pleaded guilty to smuggling cocaine into Miami.", "Maria Santos", "convicted", "crime.traffick"},
		{"arrest", "Police arrested Daniel Kern on charges of child sexual abuse.", "Daniel Kern", "charged", "crime.sex"},
		{"allegedly", "Carlos Mendez allegedly paid bribes to customs officers in Guayaquil.", "Carlos Mendez", "alleged", "crime.corrupt"},
		{"sentenced", "Omar Haddad was sentenced to ten years in prison for money laundering.", "Omar Haddad", "convicted", "crime.fin"},
	}
	p := pipeline.Default()
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			x, err := p.Extract(context.Background(), "", tt.Text)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range x.Claims {
				if c.SubjectName == tt.Subject && c.Stance == tt.Stance && corpus.Family(c.Topic) == tt.Family {
					return
				}
				got = append(got, c.SubjectName+" "+c.Stance+" "+c.Topic)
			}
			t.Errorf("want %s %s %s, got %v", tt.Subject, tt.Stance, tt.Family, got)
		})
	}
}

// What a sentence says of one of coordinated names it says of each.
func TestExtractCoordinated(t *testing.T) {
	tests := []struct {
		Name, Text     string
		Subjects       []string
		Stance, Family string
	}{
		{"charged", "Federal prosecutors on Monday charged John Mercer, Anna Kowalski and Peter Lang with wire fraud.",
			[]string{"John Mercer", "Anna Kowalski", "Peter Lang"}, "charged", "crime.fraud"},
		{"a company last in the list", "The indictment names Omar Haddad, Laura Chen, Peter Lang and Northwind Trading as defendants in the bribery scheme.",
			[]string{"Omar Haddad", "Laura Chen", "Peter Lang", "Northwind Trading"}, "charged", "crime.corrupt"},
		{"convicted", "Maria Santos and Daniel Kern were convicted of bribery on Friday.",
			[]string{"Maria Santos", "Daniel Kern"}, "convicted", "crime.corrupt"},
	}
	p := pipeline.Default()
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			x, err := p.Extract(context.Background(), "", tt.Text)
			if err != nil {
				t.Fatal(err)
			}
			for _, subj := range tt.Subjects {
				found := false
				for _, c := range x.Claims {
					found = found || c.SubjectName == subj && c.Stance == tt.Stance && corpus.Family(c.Topic) == tt.Family
				}
				if !found {
					var got []string
					for _, c := range x.Claims {
						got = append(got, c.SubjectName+" "+c.Stance+" "+c.Topic)
					}
					t.Errorf("want %s %s %s, got %v", subj, tt.Stance, tt.Family, got)
				}
			}
		})
	}
}

// Sentences without an accusation give no claim.
func TestExtractNone(t *testing.T) {
	tests := []struct{ Name, Text string }{
		{"crime without accused", "Cocaine seizures at the port rose 20 percent last year, customs officials said."},
		{"no risk", "Laura Chen opened a bakery in Lima in 2019."},
	}
	p := pipeline.Default()
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			x, err := p.Extract(context.Background(), "", tt.Text)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range x.Claims {
				t.Errorf("want no claim, got %s %s %s", c.SubjectName, c.Stance, c.Topic)
			}
		})
	}
}

// The embedded model saves to the bytes it was loaded from.
func TestSaveLoadRoundTrip(t *testing.T) {
	m := claimml.Default()
	var a bytes.Buffer
	if err := m.Save(&a); err != nil {
		t.Fatal(err)
	}
	m2, err := claimml.Load(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := m2.Save(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("saving a loaded model changes its bytes")
	}
	if info := m.Info(); info.Vocab == 0 || info.TrainDocs == 0 {
		t.Errorf("info %+v", info)
	}
}

func TestLoadErrors(t *testing.T) {
	var good bytes.Buffer
	if err := claimml.Default().Save(&good); err != nil {
		t.Fatal(err)
	}
	other := &modelfile.File{Kind: "parse", Version: 1}
	var wrongKind bytes.Buffer
	if err := other.Encode(&wrongKind); err != nil {
		t.Fatal(err)
	}
	noSections := &modelfile.File{Kind: "claims", Version: 1, Meta: []byte(`{"stance_bits":18,"topic_bits":18,"speaker_bits":16}`)}
	var missing bytes.Buffer
	if err := noSections.Encode(&missing); err != nil {
		t.Fatal(err)
	}
	badBits := &modelfile.File{Kind: "claims", Version: 1, Meta: []byte(`{"stance_bits":40}`)}
	var bits bytes.Buffer
	if err := badBits.Encode(&bits); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		Name  string
		Input []byte
		Model bool // an ErrModel, else a format error
	}{
		{"empty", nil, false},
		{"truncated", good.Bytes()[:good.Len()/2], false},
		{"flipped byte", flip(good.Bytes(), good.Len()/3), false},
		{"wrong kind", wrongKind.Bytes(), false},
		{"missing sections", missing.Bytes(), false},
		{"table bits out of range", bits.Bytes(), true},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			_, err := claimml.Load(bytes.NewReader(tt.Input))
			if err == nil {
				t.Fatal("no error")
			}
			if tt.Model != errors.Is(err, claimml.ErrModel) {
				t.Errorf("error %v: ErrModel %v, want %v", err, !tt.Model, tt.Model)
			}
			if !strings.HasPrefix(err.Error(), "claimml: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

func flip(b []byte, i int) []byte {
	out := append([]byte(nil), b...)
	out[i] ^= 0x55
	return out
}

// FuzzExtract runs the pipeline with the model over arbitrary text: no
// panic, and every claim's evidence and cue lie in the text, its subject
// is an entity of the document and its stance one of the model's.
func FuzzExtract(f *testing.F) {
	f.Add("Prosecutors accused John Smith of fraud. He denied it.")
	f.Add("The company was fined. Its chief executive, Ana Ruiz, was arrested and later convicted of bribery.")
	f.Add("\"We deny everything,\" said Z. (Wire) — charged, denied, acquitted")
	p := pipeline.Default()
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) || len(text) > 4000 {
			return
		}
		x, err := p.Extract(context.Background(), "", text)
		if err != nil {
			t.Fatal(err)
		}
		ents := map[string]bool{}
		for _, e := range x.Entities {
			ents[e.ID] = true
		}
		for _, c := range x.Claims {
			if c.Evidence.Start < 0 || c.Evidence.End > len(text) || c.Evidence.Start > c.Evidence.End || text[c.Evidence.Start:c.Evidence.End] != c.Evidence.Text {
				t.Fatalf("claim %s: evidence [%d,%d) outside the text or not its bytes", c.ID, c.Evidence.Start, c.Evidence.End)
			}
			if !strings.Contains(c.Evidence.Text, c.Cue) {
				t.Fatalf("claim %s: cue %q not in its evidence", c.ID, c.Cue)
			}
			if !ents[c.Subject] {
				t.Fatalf("claim %s: subject %q is no entity", c.ID, c.Subject)
			}
			if !validStance(c.Stance) {
				t.Fatalf("claim %s: stance %q", c.ID, c.Stance)
			}
			if c.Speaker != nil && c.Speaker.End > c.Speaker.Start && (c.Speaker.Start < 0 || c.Speaker.End > len(text)) {
				t.Fatalf("claim %s: speaker span outside the text", c.ID)
			}
		}
	})
}

func validStance(s string) bool {
	for _, x := range claimml.Stances {
		if s == x {
			return true
		}
	}
	return false
}

// FuzzLoad feeds Load arbitrary bytes: an error, never a panic.
func FuzzLoad(f *testing.F) {
	var good bytes.Buffer
	if err := claimml.Default().Save(&good); err != nil {
		f.Fatal(err)
	}
	f.Add(good.Bytes()[:256])
	f.Add([]byte("dossier model\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if m, err := claimml.Load(bytes.NewReader(b)); err == nil && m == nil {
			t.Fatal("nil model without an error")
		}
	})
}
