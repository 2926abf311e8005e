package names

import (
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

// storeNames is a corpus of names for the store tests: the fuzz seeds,
// names that exercise the rules with most branches, and the names of
// the shared labelled pairs when they are present.
func storeNames(tb testing.TB) (names, schemas []string) {
	tb.Helper()
	for _, s := range fuzzSeeds {
		names, schemas = append(names, s), append(schemas, "")
	}
	for _, s := range []string{
		"ACME S.A.", "Acme Trading Co", "J.P. Morgan", "S.A.R.L. Bowne", "Bowne Global Solutions II, Inc.",
		"Muhammad bin Salman Al Saud", "abd al aziz", "Abdulaziz", "Kim Jong Un", "김정은",
		"Joint Stock Company Tactical Missiles", "TACTICAL MISSILES CORPORATION JOINT STOCK COMPANY",
		"Sergey Sergey Shoigu", "van der Bilt Corp", "vanderbilt corp", "N.N.", "Fund VIII LP",
		"Hugo El Pollo Carvajal", "GEN. Hugo CARVAJAL", "Li Wei", "Wei Li", "Pacific Shipping Company",
	} {
		for _, schema := range []string{"", "Person", "Company", "LegalEntity", "Vessel"} {
			names, schemas = append(names, s), append(schemas, schema)
		}
	}
	f, err := os.Open(filepath.Join("..", "..", "shared", "data", "namepairs", "nomenklatura_cases.csv"))
	if err != nil {
		return names, schemas
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) < 2 {
		tb.Fatalf("reading the shared pairs: %v", err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, r := range rows[1:] {
		for _, k := range []string{"name1", "name2"} {
			names, schemas = append(names, r[col[k]]), append(schemas, r[col["schema"]])
		}
	}
	return names, schemas
}

// TestSameParse checks what sameParse relies on: a name of unknown
// schema parses as it does with the schema of the class Parse took.
func TestSameParse(t *testing.T) {
	names, _ := storeNames(t)
	for _, x := range names {
		checkSameParse(t, x)
	}
}

func checkSameParse(t *testing.T, x string) {
	t.Helper()
	u := Parse(x, "")
	schema := map[nameClass]string{classPerson: "Person", classOrg: "Organization"}[u.class]
	if schema == "" {
		t.Fatalf("Parse(%q, \"\") took class %d", x, u.class)
	}
	n := Parse(x, schema)
	u.Schema = n.Schema
	if !reflect.DeepEqual(u, n) {
		t.Fatalf("Parse(%q, \"\") and Parse(%q, %q) differ:\n%+v\n%+v", x, x, schema, u, n)
	}
}

func FuzzSameParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, x string) { checkSameParse(t, x) })
}

// TestStoreMatchesPrepared checks that comparing through a Store and a
// Probe gives exactly what ComparePrepared gives on the same subjects,
// and that Reaches agrees with NameScore.
func TestStoreMatchesPrepared(t *testing.T) {
	names, schemas := storeNames(t)
	var subjects []Subject
	for i := 0; i < len(names); i += 2 {
		s := Subject{Schema: schemas[i], Names: []string{names[i]}}
		if i+1 < len(names) && i%6 == 0 {
			s.WeakNames = []string{names[i+1]}
		}
		if i%4 == 0 {
			s.BirthDates = []string{"1960-04-01"}
			s.Countries = []string{"ve"}
		}
		subjects = append(subjects, s)
	}
	queries := []Subject{
		{Names: []string{"Diosdado Cabello"}}, {Schema: "Person", Names: []string{"Kim Jong Un"}},
		{Names: []string{"Acme Trading"}, Countries: []string{"Venezuela"}}, {Schema: "Company", Names: []string{"Alphabet Inc."}},
		{Names: []string{"Muhammad Salman"}, WeakNames: []string{"MBS"}, BirthDates: []string{"1960"}},
		{Schema: "LegalEntity", Names: []string{"vanderbilt"}}, {Schema: "Vessel", Names: []string{"Pacific"}},
	}
	for i := 0; i < len(names); i += 7 {
		queries = append(queries, Subject{Schema: schemas[i], Names: []string{names[i]}})
	}
	checkStore(t, subjects, queries)
}

func checkStore(t *testing.T, subjects, queries []Subject) {
	t.Helper()
	var all []string
	for _, s := range subjects {
		all = append(all, s.Names...)
		all = append(all, s.WeakNames...)
	}
	m := NewMatcher()
	m.Weights = NewWeights(all)
	st := NewStore()
	var preps []*Prepared
	for _, s := range subjects {
		p := Prepare(s)
		p.UseWeights(m)
		st.Add(p)
		preps = append(preps, p)
	}
	st.Freeze(m)
	for _, qs := range queries {
		q := Prepare(qs)
		q.UseWeights(m)
		pr := st.Probe(m, q)
		for id, c := range preps {
			want := m.ComparePrepared(q, c)
			wantScore := m.NameScore(q, c)
			if got := pr.NameScore(uint32(id)); got != wantScore {
				t.Errorf("NameScore(%v, %v) = %v through the store, %v directly", qs, subjects[id], got, wantScore)
			}
			for _, th := range []float64{0.05, 0.5, 0.7, 0.8, 0.9, 1} {
				if got, want := pr.Reaches(uint32(id), th), wantScore+MaxQualifierBonus >= th; got != want {
					t.Errorf("Reaches(%v, %v, %v) = %v, NameScore %v", qs, subjects[id], th, got, wantScore)
				}
			}
			if got := pr.Compare(uint32(id)); !reflect.DeepEqual(got, want) {
				t.Errorf("Compare(%v, %v) through the store:\n%v\ndirectly:\n%v", qs, subjects[id], got, want)
			}
		}
		pr.Release()
	}
}

// FuzzStore is TestStoreMatchesPrepared on fuzzed names.
func FuzzStore(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, fuzzSeeds[(i+1)%len(fuzzSeeds)], fuzzSeeds[(i+3)%len(fuzzSeeds)], uint8(i))
	}
	f.Add("Diosdado CABELLO RONDON", "Cabello Rondon, Diosdado", "Diosdado Cabello", uint8(1))
	f.Add("van der bilt corp", "vanderbilt corp", "Vanderbilt", uint8(2))
	schemas := []string{"", "Person", "Company", "LegalEntity", "Vessel"}
	f.Fuzz(func(t *testing.T, a, b, q string, k uint8) {
		sa, sb := schemas[int(k)%len(schemas)], schemas[int(k/5)%len(schemas)]
		subjects := []Subject{
			{Schema: sa, Names: []string{a}, WeakNames: []string{b}},
			{Schema: sb, Names: []string{b, a + " " + q}},
			{Schema: sa, Names: []string{q}},
		}
		queries := []Subject{
			{Schema: schemas[int(k/25)%len(schemas)], Names: []string{q}},
			{Names: []string{a}, WeakNames: []string{q}},
		}
		checkStore(t, subjects, queries)
	})
}

// TestPrints checks the tests that rule comparisons out without reading
// the parts: whenever partZero, spanZero, maySim or countsApart rule a
// pair out, the full comparison agrees.
func TestPrints(t *testing.T) {
	names, schemas := storeNames(t)
	var parts []Part
	var spans []span
	for i, x := range names {
		n := Parse(x, schemas[i])
		parts = append(parts, n.Parts...)
		spans = append(spans, n.spans...)
		if len(parts) > 600 {
			break
		}
	}
	checkPrints(t, parts, spans)
}

func checkPrints(t *testing.T, parts []Part, spans []span) {
	t.Helper()
	st := NewStore()
	stored := make([]storedSpan, len(spans))
	for k := range spans {
		stored[k] = st.storeSpan(&spans[k])
	}
	for i := range parts {
		b := &parts[i]
		fp, aux := printOf(b)
		for j := range parts {
			a := &parts[j]
			qa := partQueryPrint(a)
			if s, _ := partSim(a, b); fp.partZero(a, &qa, &aux) && s != 0 {
				t.Fatalf("partZero(%q, %q) but partSim = %v", a.Text, b.Text, s)
			}
			ca, cb := countLetters(a.canon), countLetters(b.canon)
			if !fuzzyMay(len(a.canon), a.mask, &ca, len(b.canon), b.mask, &cb) && fuzzySimMasked(a.canon, b.canon, a.mask, b.mask) != 0 {
				t.Fatalf("fuzzyMay(%q, %q) false but fuzzySim = %v", a.canon, b.canon, fuzzySimMasked(a.canon, b.canon, a.mask, b.mask))
			}
			if n := max(len(a.canon), len(b.canon)); n > 0 {
				k := maxEdits(n)
				if countsApart(a.canon, b.canon, k) && osa(a.canon, b.canon, k) <= k {
					t.Fatalf("countsApart(%q, %q, %d) but osa = %d", a.canon, b.canon, k, osa(a.canon, b.canon, k))
				}
			}
		}
		for k := range spans {
			sp := &spans[k]
			qs := spanQueryPrint(sp)
			if fp.spanZero(sp, &qs) && plausibleSpan(sp, b) {
				if s, _ := spanSim(sp, b); s != 0 {
					t.Fatalf("spanZero(%q, %q) but spanSim = %v", sp.text, b.Text, s)
				}
			}
			qb := partQueryPrint(b)
			if s, _ := spanSim(sp, b); !stored[k].maySim(b, &qb) && s != 0 {
				t.Fatalf("maySim(%q, %q) false but spanSim = %v", sp.text, b.Text, s)
			}
		}
	}
}

func FuzzPrints(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, fuzzSeeds[(i+1)%len(fuzzSeeds)], uint8(i))
	}
	schemas := []string{"", "Person", "Company", "Vessel"}
	f.Fuzz(func(t *testing.T, a, b string, k uint8) {
		na, nb := Parse(a, schemas[int(k)%4]), Parse(b, schemas[int(k/4)%4])
		checkPrints(t, append(na.Parts, nb.Parts...), append(na.spans, nb.spans...))
	})
}

func ExampleStore() {
	m := NewMatcher()
	st := NewStore()
	for _, s := range []Subject{
		{Schema: "Person", Names: []string{"CABELLO RONDON, Diosdado"}, BirthDates: []string{"1963-04-15"}},
		{Schema: "Person", Names: []string{"MADURO MOROS, Nicolas"}},
	} {
		st.Add(Prepare(s))
	}
	st.Freeze(m)
	q := Prepare(Subject{Names: []string{"Diosdado Cabello"}, BirthDates: []string{"1963"}})
	pr := st.Probe(m, q)
	defer pr.Release()
	for id := uint32(0); id < uint32(st.Len()); id++ {
		if pr.Reaches(id, m.Threshold) {
			r := pr.Compare(id)
			fmt.Printf("%d %.2f %s\n", id, r.Score, strings.Join([]string{r.Explanations["name"].Detail, r.Explanations["birth_date"].Detail}, "; "))
		}
	}
	// Output:
	// 0 0.90 "Diosdado Cabello" ~ "CABELLO RONDON, Diosdado"; same year: 1963 vs 1963-04-15
}

// TestOSABits checks the bit-vector distance against the dynamic
// programme on random words over small alphabets, where edits,
// transpositions and repeated letters are frequent.
func TestOSABits(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, alphabet := range []string{"ab", "abc", "abcdefghij", "abcdefghijklmnopqrstuvwxyz"} {
		for n := 0; n < 20000; n++ {
			word := func() string {
				b := make([]byte, r.IntN(14))
				for i := range b {
					b[i] = alphabet[r.IntN(len(alphabet))]
				}
				return string(b)
			}
			a, b := word(), word()
			if len(a) == 0 {
				continue
			}
			want := osa(a, b, 100)
			if got, ok := osaBits(a, b); !ok || got != want {
				t.Fatalf("osaBits(%q, %q) = %d, %v; osa = %d", a, b, got, ok, want)
			}
		}
	}
	long := strings.Repeat("abcdefgh", 8)
	if got, ok := osaBits(long, long[1:]+"x"); !ok || got != osa(long, long[1:]+"x", 100) {
		t.Fatalf("64 letters: %d %v", got, ok)
	}
	for _, p := range [][2]string{{"", "a"}, {long + "a", "a"}, {"café", "cafe"}, {"a1", "a"}, {"a", "é"}} {
		if _, ok := osaBits(p[0], p[1]); ok {
			t.Errorf("osaBits(%q, %q) computed", p[0], p[1])
		}
	}
}

func FuzzOSABits(f *testing.F) {
	f.Add("mohamed", "muhamad")
	f.Add("ab", "ba")
	f.Fuzz(func(t *testing.T, a, b string) {
		if got, ok := osaBits(a, b); ok && got != osa(a, b, len(a)+len(b)) {
			t.Fatalf("osaBits(%q, %q) = %d; osa = %d", a, b, got, osa(a, b, len(a)+len(b)))
		}
	})
}

// TestLetterCounts checks the word-parallel excess against counting.
func TestLetterCounts(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for n := 0; n < 20000; n++ {
		word := func() string {
			b := make([]byte, r.IntN(20))
			for i := range b {
				b[i] = "abcxyzé1 "[r.IntN(9)]
			}
			return string(b)
		}
		x, y := word(), word()
		var cx, cy [256]int
		for i := 0; i < len(x); i++ {
			cx[x[i]]++
		}
		for i := 0; i < len(y); i++ {
			cy[y[i]]++
		}
		want := 0
		for c := 'a'; c <= 'z'; c++ {
			want += max(0, min(cx[c], 7)-min(cy[c], 7))
		}
		lx, ly := countLetters(x), countLetters(y)
		if got := lx.excess(&ly); got != want {
			t.Fatalf("excess(%q, %q) = %d, want %d", x, y, got, want)
		}
	}
}

func TestPrintSize(t *testing.T) {
	if n := unsafe.Sizeof(partPrint{}); n != 64 {
		t.Errorf("partPrint is %d bytes, not one cache line of 64", n)
	}
}
