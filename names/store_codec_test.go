package names

import (
	"bytes"
	"reflect"
	"testing"

	"dossier/internal/modelfile"
)

// codecStore builds and freezes a store of the test names, with the
// weights it was frozen with.
func codecStore(tb testing.TB, max int) (*Store, *Matcher) {
	tb.Helper()
	names, schemas := storeNames(tb)
	if max > 0 && len(names) > max {
		names, schemas = names[:max], schemas[:max]
	}
	w := &Weights{}
	s := NewStore()
	for i, x := range names {
		sub := Subject{Schema: schemas[i], Names: []string{x}}
		if i%5 == 0 && i+1 < len(names) {
			sub.WeakNames = []string{names[i+1]}
		}
		if i%3 == 0 {
			sub.BirthDates, sub.Countries, sub.Gender = []string{"1960-04-01"}, []string{"ve"}, "male"
		}
		s.Add(Prepare(sub))
		w.Count(x)
	}
	w.Freeze()
	m := NewMatcher()
	m.Weights = w
	s.Freeze(m)
	return s, m
}

func encodeStore(tb testing.TB, s *Store, m *Matcher) (store, weights []byte) {
	tb.Helper()
	var e, ew modelfile.Encoder
	if err := s.EncodeBinary(&e); err != nil {
		tb.Fatal(err)
	}
	if err := m.Weights.EncodeBinary(&ew); err != nil {
		tb.Fatal(err)
	}
	return e.Bytes(), ew.Bytes()
}

// TestStoreCodecRoundTrip checks that a decoded store equals the store
// written, field by field (so that a field added to the store and not to
// the codec fails here), and compares every query with every subject as
// the store written does.
func TestStoreCodecRoundTrip(t *testing.T) {
	s, m := codecStore(t, 0)
	data, wdata := encodeStore(t, s, m)
	w, err := DecodeWeights(modelfile.NewDecoder("weights", wdata))
	if err != nil {
		t.Fatal(err)
	}
	if w.n != m.Weights.n || !reflect.DeepEqual(w.rarity, m.Weights.rarity) || w.gen == 0 || w.gen == m.Weights.gen {
		t.Fatalf("weights: n %d/%d, %d/%d words, gen %d/%d", w.n, m.Weights.n, len(w.rarity), len(m.Weights.rarity), w.gen, m.Weights.gen)
	}
	m2 := NewMatcher()
	m2.Weights = w
	d := modelfile.NewDecoder("store", data)
	got, err := DecodeStore(d, m2)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Finish(); err != nil {
		t.Fatal(err)
	}
	// The cached weights differ only by their generation.
	for i := range got.parts {
		if got.parts[i].rw != s.parts[i].rw || got.parts[i].rwGen != w.gen {
			t.Fatalf("part %d: weight %v gen %d, want %v gen %d", i, got.parts[i].rw, got.parts[i].rwGen, s.parts[i].rw, w.gen)
		}
		fresh := got.parts[i]
		fresh.rwGen = 0
		if rw := m2.weight(&fresh); rw != got.parts[i].rw {
			t.Fatalf("part %d: stored weight %v, the decoded weights give %v", i, got.parts[i].rw, rw)
		}
		got.parts[i].rwGen = s.parts[i].rwGen
	}
	if !reflect.DeepEqual(got, s) {
		t.Fatal("the decoded store differs from the store encoded")
	}
	again, _ := encodeStore(t, got, m2)
	if !bytes.Equal(again, data) {
		t.Fatal("the decoded store encodes to other bytes")
	}
	queries := []Subject{
		{Names: []string{"Diosdado Cabello"}}, {Schema: "Person", Names: []string{"Kim Jong Un"}, BirthDates: []string{"1960"}},
		{Schema: "Company", Names: []string{"Acme Trading"}, Countries: []string{"Venezuela"}},
		{Schema: "Organization", Names: []string{"Muhammad Salman"}}, {Schema: "Vessel", Names: []string{"Pacific"}},
	}
	for _, q := range queries {
		qa, qb := Prepare(q), Prepare(q)
		qa.UseWeights(m)
		qb.UseWeights(m2)
		pa, pb := s.Probe(m, qa), got.Probe(m2, qb)
		for id := uint32(0); int(id) < s.Len(); id++ {
			if ra, rb := pa.Compare(id), pb.Compare(id); !reflect.DeepEqual(ra, rb) {
				t.Fatalf("%v against subject %d: %+v, decoded %+v", q.Names, id, ra, rb)
			}
		}
		pa.Release()
		pb.Release()
	}
}

// FuzzDecodeStore feeds DecodeStore bytes that passed no checksum: it must
// return an error or a store whose every subject compares with a query
// without a panic, and that encodes to the bytes it was read from.
func FuzzDecodeStore(f *testing.F) {
	s, m := codecStore(f, 12)
	data, _ := encodeStore(f, s, m)
	f.Add(data)
	f.Add(data[:len(data)/2])
	f.Add([]byte{})
	w := m.Weights
	f.Fuzz(func(t *testing.T, data []byte) {
		m := NewMatcher()
		m.Weights = w
		d := modelfile.NewDecoder("store", data)
		got, err := DecodeStore(d, m)
		if err == nil {
			err = d.Finish()
		}
		if err != nil {
			if !modelfile.IsFormat(err) {
				t.Fatalf("not a format error: %v", err)
			}
			return
		}
		var e modelfile.Encoder
		if err := got.EncodeBinary(&e); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(e.Bytes(), data) {
			t.Fatal("decode-encode changes the bytes")
		}
		for _, q := range []Subject{{Names: []string{"Kim Jong Un"}}, {Schema: "Company", Names: []string{"Acme Trading LLC"}}} {
			qp := Prepare(q)
			qp.UseWeights(m)
			p := got.Probe(m, qp)
			for id := uint32(0); int(id) < got.Len(); id++ {
				p.Reaches(id, 0.7)
				p.Compare(id)
			}
			p.Release()
		}
	})
}
