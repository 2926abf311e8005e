package coref

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"dossier/segment"
)

// FuzzReadGUM checks that any input either reads into documents whose
// tokens and mentions lie inside them, or fails with a ParseError.
func FuzzReadGUM(f *testing.F) {
	small, err := os.ReadFile("testdata/small.conllu")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(small))
	f.Add("1\tA\ta\tDET\tDT\t_\t0\troot\t_\tEntity=(1-person-new-s-cf1-1-coref)2)\n")
	f.Add("# newdoc id = x\n1-2\tAb\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n1\tA\ta\tX\tX\t_\t0\troot\t_\tEntity=(3-place(4-time\n2\tb\tb\tX\tX\t_\t1\tdep\t_\tEntity=4)3)\n\n")
	f.Fuzz(func(t *testing.T, in string) {
		docs, err := ReadGUM(strings.NewReader(in), "fuzz")
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a ParseError", err)
			}
			return
		}
		for _, d := range docs {
			checkDocument(t, d)
		}
	})
}

// FuzzResolve checks that any text resolves into entities whose
// mentions span the text, in order, each in one entity.
func FuzzResolve(f *testing.F) {
	f.Add("Maria Santos met Peter Hall in Lisbon. She told him that the deal was off.")
	f.Add("\"We did nothing wrong,\" the company's chief, Ana Ruiz, said. Its lawyers agreed.")
	f.Add("he he he the the 's 's ( ) , , Mr. Mr. U.S. U.N. \xff")
	f.Add("")
	m := Default()
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 4000 {
			text = text[:4000]
		}
		checkEntities(t, text, resolveText(m, text))
	})
}

// FuzzLoad checks that a damaged model file is an error, never a panic,
// and that a file Load accepts saves to the same bytes.
func FuzzLoad(f *testing.F) {
	f.Add(embedded)
	f.Add(embedded[:100])
	f.Add([]byte("dossier model\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Load(bytes.NewReader(data))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := m.Save(&buf); err != nil {
			t.Fatal(err)
		}
		m2, err := Load(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("a saved model does not load: %v", err)
		}
		var buf2 bytes.Buffer
		if err := m2.Save(&buf2); err != nil || !bytes.Equal(buf.Bytes(), buf2.Bytes()) {
			t.Fatal("save, load, save differs")
		}
	})
}

// FuzzLink checks that Link keeps every mention inside the text and
// reading as its text, in order within its entity, no byte in two
// mentions, and the names it was given.
func FuzzLink(f *testing.F) {
	f.Add("Maria Santos met Peter Hall in Lisbon. She told him that the deal was off.")
	f.Add("By Ana Ruiz\n\nTecnomar has not been charged. In a statement, the company said it had cooperated.")
	f.Add("Venezuela's president and Huawei's founder met the ABC reporter. The bank said its chief left.")
	f.Add("he he he the the 's 's ( ) , , Mr. Mr. U.S. U.N. \xff")
	m := Default()
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 4000 {
			text = text[:4000]
		}
		sents := segment.Sentences(text)
		names, ents := entitiesOf(text, sents)
		before := 0
		for _, e := range ents {
			before += len(e.Mentions)
		}
		m.Link(text, sents, names, ents)
		var spans [][2]int
		kept := 0
		for _, e := range ents {
			for i, x := range e.Mentions {
				if x.Start < 0 || x.End > len(text) || x.Start >= x.End || text[x.Start:x.End] != x.Text {
					t.Fatalf("mention %+v outside the text or misread", x)
				}
				if i > 0 && x.Start < e.Mentions[i-1].Start {
					t.Fatalf("mentions of %s out of order", e.Name)
				}
				if x.Kind == KindName {
					kept++
				}
				spans = append(spans, [2]int{x.Start, x.End})
			}
		}
		if kept != before {
			t.Fatalf("%d names in, %d out", before, kept)
		}
		slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
		for i := 1; i < len(spans); i++ {
			if spans[i][0] < spans[i-1][1] {
				t.Fatalf("mentions %v and %v overlap", spans[i-1], spans[i])
			}
		}
	})
}

// FuzzAddGivenGenders checks that any input either fails with an error
// naming the file or yields lowercased names of three letters or more,
// each male or female, no more than the input has lines.
func FuzzAddGivenGenders(f *testing.F) {
	f.Add("name,gender\nrobert,male\nAstrid,female\n")
	f.Add("name,gender\nsam,unisex\n")
	f.Add("name,gender\n\"a,b\",male\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		lx := &lexicon{firstGender: map[string]uint8{}}
		if err := lx.addGivenGenders(strings.NewReader(in), "g.csv"); err != nil {
			if !strings.HasPrefix(err.Error(), "coref: g.csv") {
				t.Fatalf("error without the file: %v", err)
			}
			return
		}
		if len(lx.firstGender) > strings.Count(in, "\n")+1 {
			t.Fatalf("%d names from %d lines", len(lx.firstGender), strings.Count(in, "\n")+1)
		}
		for w, g := range lx.firstGender {
			if w != strings.ToLower(w) || len(w) <= 2 || g != gMale && g != gFemale {
				t.Fatalf("name %q gender %d", w, g)
			}
		}
	})
}
