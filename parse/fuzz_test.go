package parse

import (
	"bytes"
	"strings"
	"testing"
)

// checkTree checks that heads form one tree over the words with one
// root labelled root.
func checkTree(t *testing.T, words []Word) {
	t.Helper()
	roots := 0
	for i, w := range words {
		if w.Head < 0 || w.Head > len(words) || w.Head == i+1 {
			t.Fatalf("word %d: head %d", i+1, w.Head)
		}
		if (w.Head == 0) != (w.Deprel == "root") {
			t.Fatalf("word %d: head %d with relation %q", i+1, w.Head, w.Deprel)
		}
		if w.Head == 0 {
			roots++
		}
		// walking up must reach the root within len(words) steps
		h, steps := i+1, 0
		for h != 0 && steps <= len(words) {
			h = words[h-1].Head
			steps++
		}
		if h != 0 {
			t.Fatalf("word %d is on a cycle", i+1)
		}
	}
	if len(words) > 0 && roots != 1 {
		t.Fatalf("%d roots", roots)
	}
}

// FuzzParse checks that any words parse into one well-formed tree with
// known tags.
func FuzzParse(f *testing.F) {
	m := testModel(f)
	f.Add("The ministry denied that its officials had taken bribes in 2019 .")
	f.Add("")
	f.Add("\xff \u00e9t\u00e9 ?? @@ 1999")
	f.Fuzz(func(t *testing.T, s string) {
		forms := strings.Fields(s)
		if len(forms) > 200 {
			forms = forms[:200]
		}
		words := m.Parse(forms)
		if len(words) != len(forms) {
			t.Fatalf("%d words for %d forms", len(words), len(forms))
		}
		for _, w := range words {
			if w.UPOS == "" {
				t.Fatal("no tag")
			}
		}
		checkTree(t, words)
	})
}

// FuzzLoad checks that Load never panics and that a model it accepts
// saves to bytes that load again to the same bytes.
func FuzzLoad(f *testing.F) {
	var b bytes.Buffer
	if err := testModel(f).Save(&b); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes()[:100])
	f.Add(b.Bytes()[:len(b.Bytes())-3])
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Load(bytes.NewReader(data))
		if err != nil {
			return
		}
		var x, y bytes.Buffer
		if err := m.Save(&x); err != nil {
			t.Fatal(err)
		}
		m2, err := Load(bytes.NewReader(x.Bytes()))
		if err != nil {
			t.Fatalf("reload: %v", err)
		}
		m2.Save(&y)
		if !bytes.Equal(x.Bytes(), y.Bytes()) {
			t.Fatal("save-load-save differs")
		}
		m.Parse([]string{"It", "works", "."})
	})
}
