package pipeline_test

import (
	"context"
	"strings"
	"testing"

	"dossier/parse"
	"dossier/pipeline"
	"dossier/segment"
)

func TestSplitHyphensViaParse(t *testing.T) {
	// Words we wrote: a hyphenated compound is parsed as UD writes it,
	// and its token takes the arc of the word the others depend on.
	text := "The well-known e-mail was sent by a U.S.-based firm's co-founder."
	s := segment.Sentences(text)[0]
	arcs := pipeline.ParseSentence(parse.Default(), text, s)
	if len(arcs) != len(s.Tokens) {
		t.Fatalf("%d arcs for %d tokens", len(arcs), len(s.Tokens))
	}
	roots := 0
	for i, a := range arcs {
		if a.Head == -1 {
			roots++
		} else if a.Head < 0 || a.Head >= len(arcs) || a.Head == i {
			t.Errorf("token %q: head %d", s.Tokens[i].Text(text), a.Head)
		}
	}
	if roots != 1 {
		t.Errorf("%d roots, want 1: %+v", roots, arcs)
	}
}

// TestParseRealArticles parses real news (the adverse-media articles)
// through the segmenter's tokens and checks the mapping onto the
// parser's words: every token gets an arc, heads stay in the sentence,
// each sentence has a root and no cycle, and the contractions and
// possessives the segmenter splits off come out as UD has them (n't an
// adverbial PART, possessive 's a PART marking its noun).
func TestParseRealArticles(t *testing.T) {
	texts := sharedArticles(t, 60)
	if len(texts) == 0 {
		t.Skip("shared data not found: the real-article parse test needs ../shared/data/adverse/training.csv")
	}
	p, err := pipeline.FromNames([]string{"segment", "parse"})
	if err != nil {
		t.Fatal(err)
	}
	var nt, ntPart, poss, possPart, tokens, hyph int
	for _, text := range texts {
		d := &pipeline.Doc{Text: text}
		if err := p.Run(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		if n := d.Syntax.Parsed(); n != 0 {
			t.Fatalf("%d sentences parsed before any was asked for", n)
		}
		all, err := d.Syntax.All(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != len(d.Sentences) || d.Syntax.Parsed() != len(d.Sentences) {
			t.Fatalf("%d parses (%d parsed) for %d sentences", len(all), d.Syntax.Parsed(), len(d.Sentences))
		}
		for i, s := range d.Sentences {
			arcs := all[i]
			if len(arcs) != len(s.Tokens) {
				t.Fatalf("sentence %d: %d arcs for %d tokens", i, len(arcs), len(s.Tokens))
			}
			roots := 0
			for j, a := range arcs {
				tokens++
				if a.Head == -1 {
					roots++
				} else if a.Head < 0 || a.Head >= len(arcs) || a.Head == j {
					t.Fatalf("sentence %d token %d: head %d of %d", i, j, a.Head, len(arcs))
				}
				if a.UPOS == "" || a.Rel == "" {
					t.Fatalf("sentence %d token %d: empty tag or relation %+v", i, j, a)
				}
				// Every token reaches a root: no cycle.
				k, steps := j, 0
				for arcs[k].Head != -1 && steps <= len(arcs) {
					k, steps = arcs[k].Head, steps+1
				}
				if steps > len(arcs) {
					t.Fatalf("sentence %d: a cycle through token %d", i, j)
				}
				form := strings.ToLower(s.Tokens[j].Text(text))
				switch {
				case form == "n't" || form == "n’t":
					nt++
					if a.UPOS == "PART" {
						ntPart++
					}
				case (form == "'s" || form == "’s") && j > 0 && arcs[j-1].UPOS == "PROPN":
					poss++
					if a.UPOS == "PART" && a.Rel == "case" {
						possPart++
					}
				}
				if strings.Contains(form, "-") && len(form) > 2 {
					hyph++
				}
			}
			if roots < 1 {
				t.Fatalf("sentence %d has no root", i)
			}
		}
	}
	t.Logf("%d articles, %d tokens (%d hyphenated); n't: %d of %d PART; 's after a proper noun: %d of %d PART/case",
		len(texts), tokens, hyph, ntPart, nt, possPart, poss)
	if nt > 0 && float64(ntPart) < 0.95*float64(nt) {
		t.Errorf("n't tagged PART %d of %d times", ntPart, nt)
	}
	if poss > 0 && float64(possPart) < 0.9*float64(poss) {
		t.Errorf("possessive 's after a proper noun is PART/case %d of %d times", possPart, poss)
	}
}
