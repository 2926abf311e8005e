package parse_test

import (
	"bytes"
	"fmt"
	"testing"

	"dossier/parse"
)

// TestDefault checks that the embedded model loads, saves back to the
// same bytes, and still scores on EWT dev what its card says (to within
// a point).
func TestDefault(t *testing.T) {
	m := parse.Default()
	var b bytes.Buffer
	if err := m.Save(&b); err != nil {
		t.Fatal(err)
	}
	again, err := parse.Load(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var b2 bytes.Buffer
	again.Save(&b2)
	if !bytes.Equal(b.Bytes(), b2.Bytes()) {
		t.Fatal("save-load-save differs")
	}
	r, err := parse.EvaluateFile(m, sharedData(t, ewtDev))
	if err != nil {
		t.Fatal(err)
	}
	if r.Words != 25147 || r.UPOS < 0.95 || r.LAS < 0.81 {
		t.Fatalf("EWT dev: %d words, UPOS %.4f, LAS %.4f; want 25147, ≥ 0.95, ≥ 0.81", r.Words, r.UPOS, r.LAS)
	}
	info := m.Info()
	if info.DevLAS != r.LAS || info.DevUPOS != r.UPOS {
		t.Errorf("model says dev UPOS %.4f LAS %.4f, measured %.4f %.4f", info.DevUPOS, info.DevLAS, r.UPOS, r.LAS)
	}
}

// The parse below has one error, of the kind the card lists: "with fraud"
// belongs to "charged" (obl), not to "minister".
func ExampleModel_Parse() {
	words := parse.Default().Parse([]string{"The", "prosecutor", "charged", "the", "former", "minister", "with", "fraud", "on", "Tuesday", "."})
	for i, w := range words {
		fmt.Println(i+1, w.Form, w.UPOS, w.Head, w.Deprel)
	}
	// Output:
	// 1 The DET 2 det
	// 2 prosecutor NOUN 3 nsubj
	// 3 charged VERB 0 root
	// 4 the DET 6 det
	// 5 former ADJ 6 amod
	// 6 minister NOUN 3 obj
	// 7 with ADP 8 case
	// 8 fraud NOUN 6 nmod
	// 9 on ADP 10 case
	// 10 Tuesday PROPN 3 obl
	// 11 . PUNCT 3 punct
}
