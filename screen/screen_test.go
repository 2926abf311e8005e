package screen_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sync"
	"testing"

	"dossier/lists"
	"dossier/screen"
)

// sharedData returns ../shared/data beside the module root, or skips.
func sharedData(tb testing.TB) string {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "shared", "data")
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("shared data not found at %s: the real-list screening tests need it", dir)
	}
	return dir
}

var (
	realOnce  sync.Once
	realIndex *screen.Index
	realErr   error
)

// realListIndex indexes OFAC SDN 2021, OFAC non-SDN and the UN list.
func realListIndex(tb testing.TB) *screen.Index {
	tb.Helper()
	data := sharedData(tb)
	realOnce.Do(func() {
		b := screen.NewBuilder()
		for _, p := range []string{"ofac/sdn-2021-07", "ofac/cons", "un/consolidated-2026-02-27.xml"} {
			l, err := lists.Load(context.Background(), filepath.Join(data, p))
			if err != nil {
				realErr = err
				return
			}
			for _, e := range l.Entities {
				b.Add(e)
			}
		}
		realIndex = b.Index()
	})
	if realErr != nil {
		tb.Fatal(realErr)
	}
	return realIndex
}

func TestScreenRealCases(t *testing.T) {
	ix := realListIndex(t)
	tests := []struct {
		name  string
		query screen.Query
		first string // expected first hit; "" means no hit at the threshold
	}{
		// Names as news writes them, against the list form.
		{"news form", screen.Query{Name: "Diosdado Cabello"}, "ofac-24424"},
		{"accents", screen.Query{Name: "Nicolás Maduro"}, "ofac-22790"},
		{"full list form", screen.Query{Name: "Nicolas Maduro Moros"}, "ofac-22790"},
		{"birth year", screen.Query{Name: "Hugo Carvajal", BirthDates: []string{"1960"}}, "ofac-11186"},
		{"nickname in quotes dropped", screen.Query{Name: `Hugo "El Pollo" Carvajal`}, "ofac-11186"},
		{"title", screen.Query{Name: "Gen. Hugo Carvajal"}, "ofac-11186"},
		{"compound surname", screen.Query{Name: "Tareck El Aissami"}, "ofac-20250"},
		{"second surname", screen.Query{Name: "Samark López Bello"}, "ofac-20251"},
		{"retired general", screen.Query{Name: "Cliver Alcalá"}, "ofac-12883"},
		{"minister", screen.Query{Name: "Vladimir Padrino López", Schema: "Person"}, "ofac-25080"},
		{"two surnames", screen.Query{Name: "Alex Saab"}, "ofac-26995"},
		// Reversed order and list punctuation.
		{"reversed", screen.Query{Name: "Cabello Rondon Diosdado"}, "ofac-24424"},
		{"comma form", screen.Query{Name: "MADURO MOROS, Nicolas"}, "ofac-22790"},
		{"family name first", screen.Query{Name: "Kim Jong Un"}, "ofac-20157"},
		// Slavic surnames in -vich/-vych are family names, not patronymics.
		{"-vych surname", screen.Query{Name: "Viktor Yanukovych"}, "ofac-16641"},
		{"-vych surname first", screen.Query{Name: "Yanukovych Viktor"}, "ofac-16641"},
		{"-vych surname in Ukrainian Cyrillic", screen.Query{Name: "Віктор Янукович"}, "ofac-16641"},
		{"-vych surname, person", screen.Query{Name: "Viktor Yanukovych", Schema: "Person"}, "ofac-16641"},
		{"with patronymic", screen.Query{Name: "Viktor Fedorovych Yanukovych"}, "ofac-16641"},
		{"-vich surname", screen.Query{Name: "Alexander Malkevich"}, "ofac-26235"},
		{"-vich surname 2", screen.Query{Name: "Vladimir Rusakevich"}, "ofac-10140"},
		{"-vich surname 3", screen.Query{Name: "Petr Miklashevich"}, "ofac-10136"},
		{"-vich surname 4", screen.Query{Name: "Boris Gaykovich"}, "ofac-29888"},
		{"-vich surname, Russian order", screen.Query{Name: "Gaykovich Boris Aleksandrovich"}, "ofac-29888"},
		{"drug lord", screen.Query{Name: "Joaquín Guzmán Loera"}, "ofac-6861"},
		// Other scripts against Latin list names.
		{"Cyrillic", screen.Query{Name: "Олег Дерипаска"}, "ofac-24283"},
		{"Cyrillic full", screen.Query{Name: "Виктор Феликсович Вексельберг"}, "ofac-24306"},
		{"Cyrillic Sechin", screen.Query{Name: "Игорь Сечин"}, "ofac-16692"},
		{"Arabic", screen.Query{Name: "حسن نصر الله"}, "ofac-2686"},
		{"Arabic original script on the UN list", screen.Query{Name: "سراج الدين حقانى"}, "un-2785696"},
		{"Hangul", screen.Query{Name: "김정은"}, "ofac-20157"},
		{"Belarusian transliteration", screen.Query{Name: "Alexander Lukashenko"}, "ofac-9760"},
		{"Soleimani spelling", screen.Query{Name: "Qassem Soleimani"}, "ofac-10481"},
		// Nicknames.
		{"Bob for Robert", screen.Query{Name: "Bob Mugabe"}, "ofac-7480"},
		{"Bill for William", screen.Query{Name: "Bill Herrera Buitrago"}, "ofac-4529"},
		// Qualifiers.
		{"wrong schema", screen.Query{Name: "Diosdado Cabello", Schema: "Company"}, ""},
		// Names that must not match.
		{"George Bush is not George Habbash", screen.Query{Name: "George Bush"}, ""},
		{"Angela Merkel", screen.Query{Name: "Angela Merkel"}, ""},
		{"a common name", screen.Query{Name: "John Smith"}, ""},
		{"a bank that is not listed", screen.Query{Name: "Deutsche Bank AG"}, ""},
		{"a head of state not listed", screen.Query{Name: "Emmanuel Macron"}, ""},
		{"a different Cabello", screen.Query{Name: "Andrés Cabello"}, ""},
		{"a different Maduro", screen.Query{Name: "Maria Maduro"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits := ix.Screen(tt.query)
			if tt.first == "" {
				if len(hits) > 0 {
					t.Errorf("%q: want no hit, got %s %q %.3f (%v)", tt.query.Name, hits[0].EntityID, hits[0].Caption, hits[0].Score, hits[0].Explanations)
				}
				return
			}
			if len(hits) == 0 {
				best := ix.ScreenAll(tt.query)
				if len(best) > 0 {
					t.Fatalf("%q: no hit; best %s %q %.3f %v", tt.query.Name, best[0].EntityID, best[0].Caption, best[0].Score, best[0].Explanations)
				}
				t.Fatalf("%q: no hit and no candidate", tt.query.Name)
			}
			if hits[0].EntityID != tt.first {
				t.Errorf("%q: first hit %s %q %.3f, want %s", tt.query.Name, hits[0].EntityID, hits[0].Caption, hits[0].Score, tt.first)
			}
			if len(hits[0].Explanations) == 0 {
				t.Errorf("%q: hit without explanations", tt.query.Name)
			}
		})
	}
}

// TestScreenConcurrent screens from several goroutines at once, as a
// server does, and checks that each gets what screening alone gives (run
// with -race, it also checks the index is safe for concurrent use).
func TestScreenConcurrent(t *testing.T) {
	ix := realListIndex(t)
	queries := []screen.Query{
		{Name: "Diosdado Cabello"}, {Name: "Kim Jong Un", Schema: "Person"}, {Name: "Acme Trading Ltd"},
		{Name: "Олег Дерипаска"}, {Name: "Hugo Carvajal", BirthDates: []string{"1960"}}, {Name: "Ahmed Hassan"},
		{Name: "Banco Central de Venezuela", Schema: "Organization"}, {Name: "Li Wei"},
	}
	want := make([][]screen.Hit, len(queries))
	for i, q := range queries {
		want[i] = ix.ScreenAll(q)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4*len(queries))
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := 0; r < 3; r++ {
				for i, q := range queries {
					if got := ix.ScreenAll(q); !reflect.DeepEqual(got, want[i]) {
						errs <- q.Name
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for name := range errs {
		t.Errorf("%q: concurrent screening differs from screening alone", name)
	}
}
