package screen

import (
	"bytes"
	"testing"

	"dossier"
	"dossier/internal/modelfile"
)

func fuzzIndex(tb testing.TB) []byte {
	tb.Helper()
	b := NewBuilder()
	for _, e := range []*dossier.Entity{
		{ID: "p1", Schema: "Person", Caption: "Hugo Carvajal", Datasets: []string{"a"},
			Properties: map[string][]string{"name": {"Hugo Carvajal", "Hugo Armando Carvajal Barrios"}, "alias": {"El Pollo"},
				"birthDate": {"1960-04-01"}, "nationality": {"ve"}}},
		{ID: "o1", Schema: "Organization", Caption: "Acme Trading LLC", Datasets: []string{"a", "b"},
			Properties: map[string][]string{"name": {"Acme Trading LLC", "ООО Акме"}}},
		{ID: "v1", Schema: "Vessel", Caption: "Pacific Star", Properties: map[string][]string{"name": {"Pacific Star"}}},
		{ID: "l1", Schema: "LegalEntity", Caption: "Kim Jong Un", Properties: map[string][]string{"name": {"Kim Jong Un", "김정은"}}},
	} {
		b.Add(e)
	}
	var buf bytes.Buffer
	if err := b.Index().Encode(&buf, "k"); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// FuzzIndexSections replaces one section of a good index file with fuzzed
// bytes, past the checksum that would reject them: decodeIndex must
// return a format error, or an index that screens without a panic and
// encodes back to the same sections.
func FuzzIndexSections(f *testing.F) {
	good, err := modelfile.DecodeBytes(fuzzIndex(f))
	if err != nil {
		f.Fatal(err)
	}
	for i, s := range good.Sections {
		f.Add(uint8(i), s.Data)
		f.Add(uint8(i), s.Data[:len(s.Data)/2])
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		file := *good
		file.Sections = append([]modelfile.Section(nil), good.Sections...)
		file.Sections[int(which)%len(file.Sections)].Data = data
		ix, err := decodeIndex(&file, "k")
		if err != nil {
			if !modelfile.IsFormat(err) {
				t.Fatalf("not a format error: %v", err)
			}
			return
		}
		for _, q := range []Query{{Name: "Hugo Carvajal", BirthDates: []string{"1960"}}, {Name: "Acme Trading", Schema: "Company"},
			{Name: "Kim Jong Un"}, {Name: "Pacific Star", Schema: "Vessel"}} {
			ix.ScreenAll(q)
		}
		var buf bytes.Buffer
		if err := ix.Encode(&buf, "k"); err != nil {
			t.Fatal(err)
		}
		again, err := modelfile.DecodeBytes(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		for i := range again.Sections {
			if !bytes.Equal(again.Sections[i].Data, file.Sections[i].Data) {
				t.Fatalf("section %s encodes to other bytes", again.Sections[i].Name)
			}
		}
	})
}
