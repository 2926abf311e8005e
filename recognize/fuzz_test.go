package recognize_test

import (
	"bytes"
	"testing"

	"dossier/recognize"
)

// FuzzLoad checks that Load never panics, and that a model it accepts
// saves and loads again to the same bytes.
func FuzzLoad(f *testing.F) {
	f.Add(mustModelFile(f)[:200])
	f.Add([]byte("dossier model\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := recognize.Load(bytes.NewReader(data))
		if err != nil {
			return
		}
		var a, b bytes.Buffer
		if err := m.Save(&a); err != nil {
			t.Fatal(err)
		}
		m2, err := recognize.Load(bytes.NewReader(a.Bytes()))
		if err != nil {
			t.Fatalf("reload: %v", err)
		}
		m2.Save(&b)
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatal("save-load-save differs")
		}
		m.Recognize("Leamsy Salazar met officials in Caracas.")
	})
}

// FuzzRecognize checks that mentions are sorted, disjoint, non-empty
// spans inside the text whose Text is the text they cover.
func FuzzRecognize(f *testing.F) {
	for _, s := range []string{
		"Diosdado Cabello, the head of the Venezuelan National Assembly, denied the report.",
		"It cost US$2.5 billion and €300,000 on Jan. 27, 2015, or 15% of $10 million.",
		"WASHINGTON (Reuters) — “These officers enriched themselves,” Deputy Secretary Ana Whitfield said on Tuesday.",
		"\xff\xfe May 5 2019 $ % per cent the 1990s",
		"",
	} {
		f.Add(s)
	}
	m := recognize.Default()
	f.Fuzz(func(t *testing.T, text string) {
		checkMentions(t, text, m.Recognize(text))
	})
}
