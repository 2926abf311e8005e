package recognize_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"dossier/recognize"
)

// newsDoc makes a labelled document of sentences written as
// "word/LABEL word …" (O when a word has no label).
func newsDoc(sents ...string) recognize.Document {
	var d recognize.Document
	for _, s := range sents {
		var x recognize.Sentence
		for _, w := range strings.Fields(s) {
			tok, label, ok := strings.Cut(w, "/")
			if !ok {
				label = "O"
			}
			x.Tokens = append(x.Tokens, tok)
			x.Labels = append(x.Labels, label)
		}
		d = append(d, x)
	}
	return d
}

// TestTrainNews trains on news documents alone, chosen by news dev
// documents: the same data gives the same file, repeating the documents
// changes it, a run resumed from its checkpoint gives the same file, the
// model says how it was trained, and malformed documents are refused.
func TestTrainNews(t *testing.T) {
	train := []recognize.Document{
		newsDoc("Prosecutors/O charged/O Jane/B-PER Roe/I-PER of/O Acme/B-ORG Shipping/I-ORG Ltd/I-ORG ./O",
			"Roe/B-PER denied/O it/O ./O"),
		newsDoc("Vell/B-ORG Holdings/I-ORG was/O fined/O in/O Lisbon/B-LOC ./O"),
		newsDoc("The/O Spanish/B-MISC police/O arrested/O Tom/B-PER Vell/I-PER ./O"),
	}
	dev := []recognize.Document{newsDoc("Acme/B-ORG said/O Roe/B-PER left/O Lisbon/B-LOC ./O")}
	cfg := recognize.TrainConfig{News: train, NewsDev: dev, Epochs: 3, Seed: 3, Bits: 12, Stacked: true, Folds: 2}
	run := func(cfg recognize.TrainConfig) ([]byte, *recognize.Model) {
		var log bytes.Buffer
		m, err := recognize.Train(context.Background(), cfg, &log)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(log.String(), "news PER ") {
			t.Errorf("log without news figures:\n%s", log.String())
		}
		var buf bytes.Buffer
		if err := m.Save(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes(), m
	}
	a, m := run(cfg)
	if b, _ := run(cfg); !bytes.Equal(a, b) {
		t.Error("two runs differ")
	}
	if info := m.Info(); info.NewsDocuments != 3 || info.NewsRepeat != 1 || info.SelectedBy == "" || !info.Stacked {
		t.Errorf("info %+v", info)
	}
	cfg.NewsRepeat = 3
	if c, _ := run(cfg); bytes.Equal(a, c) {
		t.Error("repeating the news documents changes nothing")
	}
	c, _ := run(cfg)
	cfg.Checkpoint = t.TempDir()
	cfg.Epochs = 2
	run(cfg)
	cfg.Epochs = 3
	if r, _ := run(cfg); !bytes.Equal(c, r) {
		t.Error("resuming after epoch 2 differs from an uninterrupted run")
	}
	cfg.News = train[:2]
	if _, err := recognize.Train(context.Background(), cfg, io.Discard); err == nil || !strings.Contains(err.Error(), "another configuration") {
		t.Errorf("other news documents resumed another run's checkpoint: %v", err)
	}
	cfg.Checkpoint = ""
	cfg.News = []recognize.Document{{{Tokens: []string{"Roe", "left"}, Labels: []string{"B-PER"}}}}
	if _, err := recognize.Train(context.Background(), cfg, io.Discard); err == nil || !strings.Contains(err.Error(), "2 tokens, 1 labels") {
		t.Errorf("short labels: %v", err)
	}
	for _, l := range []string{"PER", "B-DATE"} {
		cfg.News = []recognize.Document{{{Tokens: []string{"Roe"}, Labels: []string{l}}}}
		if _, err := recognize.Train(context.Background(), cfg, io.Discard); err == nil || !strings.Contains(err.Error(), `bad label "`+l+`"`) {
			t.Errorf("bad label %s: %v", l, err)
		}
	}
}
