package claimeval

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"dossier/corpus"
	"dossier/recognize"
)

// mustCorpus loads the shared CSV and the repository's annotations, or
// skips the test.
func mustCorpus(t *testing.T) (map[string]*corpus.Row, []*corpus.Record) {
	t.Helper()
	data := sharedData(t)
	rows, err := corpus.LoadRows(filepath.Join(data, "adverse", "training.csv"))
	if err != nil {
		t.Fatal(err)
	}
	idx := corpus.Index(rows)
	c, err := corpus.LoadDir("../corpus/annotations", idx)
	if err != nil {
		t.Fatal(err)
	}
	return idx, c.Gold()
}

// TestNERDocumentsCorpus reads the train split of the real corpus as
// recognizer documents and checks that every labelled mention comes
// back from the labels with its type and its words, that the count of
// each reason adds up, and that few mentions are left out.
func TestNERDocumentsCorpus(t *testing.T) {
	idx, all := mustCorpus(t)
	gold, err := Select(all, corpus.Train)
	if err != nil {
		t.Fatal(err)
	}
	if testing.Short() && len(gold) > 40 {
		gold = gold[:40]
	}
	docs, st, err := NERDocuments(idx, gold, NEROptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d documents, %d sentences, %d tokens; %d mentions, %d labelled; inside a token %d, cutting a token %d, across sentences %d, overlapping %d",
		st.Documents, st.Sentences, st.Tokens, st.Mentions, st.Labelled, st.InsideToken, st.Cut, st.Crossing, st.Overlapping)
	for _, e := range st.Examples {
		t.Log(e)
	}
	if st.Documents != len(docs) || st.Documents == 0 {
		t.Fatalf("%d documents, stats say %d", len(docs), st.Documents)
	}
	if st.Labelled+st.Unlabelled() != st.Mentions {
		t.Errorf("labelled %d + unlabelled %d != %d mentions", st.Labelled, st.Unlabelled(), st.Mentions)
	}
	if float64(st.Unlabelled()) > 0.03*float64(st.Mentions) {
		t.Errorf("%d of %d mentions left out", st.Unlabelled(), st.Mentions)
	}
	// each chunk of the labels is a gold mention's type and words (its
	// text without spaces; quotes, dashes and periods may be written
	// otherwise in the tokens)
	texts := map[string]bool{}
	k := 0
	for _, g := range gold {
		if g.Status == corpus.StatusSkipped {
			continue
		}
		art := idx[g.Key].Article
		for _, e := range g.Entities {
			texts[g.Key+"\x00"+e.Type+"\x00"+strings.Join(strings.Fields(art[e.Start:e.End]), "")] = true
		}
		for _, s := range docs[k] {
			if len(s.Tokens) != len(s.Labels) {
				t.Fatalf("%s: %d tokens, %d labels", g.Key, len(s.Tokens), len(s.Labels))
			}
			for _, c := range recognize.Chunks(s.Labels) {
				w := strings.Join(s.Tokens[c.Start:c.End], "")
				if !texts[g.Key+"\x00"+c.Label+"\x00"+w] && !strings.ContainsAny(w, "\"'-.") {
					t.Errorf("%s: %s %q is no gold mention's text", g.Key, c.Label, w)
				}
			}
		}
		k++
	}
	labelled := 0
	for _, d := range docs {
		for _, s := range d {
			labelled += len(recognize.Chunks(s.Labels))
		}
	}
	if labelled != st.Labelled {
		t.Errorf("%d chunks in the labels, %d mentions labelled", labelled, st.Labelled)
	}
}

// TestEvaluateNERMatchesPipeline checks that the recognizer scored alone
// gives the recognized-mention counts of the whole pipeline's Evaluate.
func TestEvaluateNERMatchesPipeline(t *testing.T) {
	idx, all := mustCorpus(t)
	dev, err := Select(all, corpus.Dev)
	if err != nil {
		t.Fatal(err)
	}
	if len(dev) > 12 {
		dev = dev[:12]
	}
	r, err := Evaluate(context.Background(), idx, dev, Options{})
	if err != nil {
		t.Fatal(err)
	}
	n, err := EvaluateNER(recognize.Default(), idx, dev, NEROptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range Types {
		if r.Recognized[typ] != n.Counts[typ] {
			t.Errorf("%s: pipeline %+v, recognizer alone %+v", typ, r.Recognized[typ], n.Counts[typ])
		}
	}
	if n.Documents != r.Documents || n.Total().TP == 0 {
		t.Errorf("%d documents (pipeline %d), %+v", n.Documents, r.Documents, n.Total())
	}
}

// TestNERDocumentsWritten reads the invented worked example with and
// without repair.
func TestNERDocumentsWritten(t *testing.T) {
	idx, rec := mustVell(t)
	for _, opt := range []NEROptions{{}, {NoRepair: true}} {
		docs, st, err := NERDocuments(idx, []*corpus.Record{rec}, opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) != 1 || st.Mentions == 0 || st.Labelled != st.Mentions {
			t.Errorf("%+v: %d documents, stats %+v", opt, len(docs), st)
		}
	}
	stale := *rec
	stale.ArticleHash = "0123456789abcdef"
	if _, _, err := NERDocuments(idx, []*corpus.Record{&stale}, NEROptions{}); err == nil || !strings.Contains(err.Error(), "has hash") {
		t.Errorf("stale hash: %v", err)
	}
}

// FuzzNERDocuments labels arbitrary text with arbitrary mentions: every
// mention is labelled or counted once, the labels hold as many chunks as
// mentions labelled, and every sentence as many labels as tokens.
func FuzzNERDocuments(f *testing.F) {
	f.Add("Prosecutors charged Jane Roe of London-based Acme Ltd. on Monday.", 20, 28, 32, 38, 8)
	f.Add("\u200bRoe\u00a0said &amp; it\r\nwas “fine”.", 3, 6, 0, 4, 0)
	f.Fuzz(func(t *testing.T, text string, s1, e1, s2, e2, shift int) {
		key := "0123456789abcdef"
		rows := map[string]*corpus.Row{key: {Key: key, Article: text}}
		rec := &corpus.Record{Key: key, ArticleHash: corpus.ArticleHash(text), Status: corpus.StatusDone,
			Entities: []corpus.Entity{{Start: s1, End: e1, Type: corpus.PER}, {Start: s2, End: e2, Type: corpus.ORG},
				{Start: s1 + shift, End: e2 + shift, Type: corpus.MISC}}}
		for _, opt := range []NEROptions{{}, {NoRepair: true}} {
			docs, st, err := NERDocuments(rows, []*corpus.Record{rec}, opt)
			if err != nil {
				t.Fatal(err)
			}
			if st.Mentions != 3 || st.Labelled+st.Unlabelled() != st.Mentions {
				t.Fatalf("%+v", st)
			}
			n := 0
			for _, s := range docs[0] {
				if len(s.Labels) != len(s.Tokens) {
					t.Fatalf("%d tokens, %d labels", len(s.Tokens), len(s.Labels))
				}
				n += len(recognize.Chunks(s.Labels))
			}
			if n != st.Labelled {
				t.Fatalf("%d chunks, %d labelled", n, st.Labelled)
			}
		}
	})
}
