package synth

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"

	"dossier/names"
)

var update = flag.Bool("update", false, "rewrite testdata/people-seed1.tsv")

func TestEmbeddedTables(t *testing.T) {
	tabs, err := tables()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cultures {
		var given, family int
		for _, o := range c.origins {
			tb, ok := tabs[o.table]
			if !ok {
				t.Fatalf("%s: no table %s", c.name, o.table)
			}
			given += len(tb.given.rows)
			family += len(tb.family.rows)
			if c.style == styleSlavic && !tb.hasPatrony {
				t.Errorf("%s: no patronymics of both genders", o.table)
			}
		}
		if given < 40 || given > 400 || family < 40 || family > 400 {
			t.Errorf("%s: %d given and %d family names, want 40 to 400 of each", c.name, given, family)
		}
	}
}

// formatPeople writes people one per line, tab-separated.
func formatPeople(people []Person) []byte {
	var b bytes.Buffer
	for _, p := range people {
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%s\n", p.Culture, p.Origin, p.Script, p.BirthDate, p.Gender, p.Name)
	}
	return b.Bytes()
}

// TestPeopleGolden pins the first 2,000 people of seed 1: the same on
// every run and platform. Changing a table or the generator changes
// them; then rerun with -update and check the diff.
func TestPeopleGolden(t *testing.T) {
	got := formatPeople(People(2000, 1))
	path := filepath.Join("testdata", "people-seed1.tsv")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("line %d: got %q, want %q (rerun with -update if the tables changed on purpose)", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("got %d lines, want %d", len(gl), len(wl))
	}
}

func TestPeopleDeterministic(t *testing.T) {
	a, b := People(500, 7), People(500, 7)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave different people")
	}
	if !reflect.DeepEqual(People(100, 7), a[:100]) {
		t.Error("People(100) is not a prefix of People(500)")
	}
	c := People(500, 8)
	same := 0
	for i := range a {
		if a[i] == c[i] {
			same++
		}
	}
	if same > 25 {
		t.Errorf("seeds 7 and 8 agree on %d of 500 people", same)
	}
	if len(People(0, 1)) != 0 || len(People(-3, 1)) != 0 {
		t.Error("People(n <= 0) is not empty")
	}
}

// inScript reports whether every letter of name is of the script
// (marks, spaces, dots, hyphens, apostrophes and ZWNJ aside).
func inScript(name, script string) bool {
	tables := map[string]*unicode.RangeTable{"Latin": unicode.Latin, "Arabic": unicode.Arabic, "Han": unicode.Han,
		"Hangul": unicode.Hangul, "Cyrillic": unicode.Cyrillic}
	for _, r := range name {
		if unicode.IsLetter(r) && !unicode.Is(tables[script], r) {
			return false
		}
	}
	return true
}

func TestPeopleShares(t *testing.T) {
	const perCulture = 400
	people := People(perCulture*len(cultures), 1)
	type counts struct{ n, female, twoFamily, patronym, spaces int }
	by := map[Culture]*counts{}
	decades := map[string]int{}
	persianLetters := 0
	for _, p := range people {
		c := by[p.Culture]
		if c == nil {
			c = &counts{}
			by[p.Culture] = c
		}
		c.n++
		if p.Gender == "female" {
			c.female++
		} else if p.Gender != "male" {
			t.Errorf("%q: gender %q", p.Name, p.Gender)
		}
		d, err := time.Parse(time.DateOnly, p.BirthDate)
		if err != nil || d.Before(firstDay) || d.After(lastDay) {
			t.Errorf("%q: birth date %q out of 1940–2005", p.Name, p.BirthDate)
		}
		decades[p.BirthDate[:3]]++
		if !inScript(p.Name, p.Script) {
			t.Errorf("%q is not all %s", p.Name, p.Script)
		}
		if names.Normalize(p.Name) == "" {
			t.Errorf("%q normalizes to nothing", p.Name)
		}
		words := strings.Fields(p.Name)
		if strings.Join(words, " ") != p.Name {
			t.Errorf("%q: stray spaces", p.Name)
		}
		c.spaces += len(words) - 1
		switch p.Culture {
		case Hispanic:
			if len(names.Parse(p.Name, "Person").Parts) >= 3 {
				c.twoFamily++
			}
		case RussianUkrainian:
			for _, w := range words {
				if strings.HasSuffix(w, "вич") || strings.HasSuffix(w, "вна") || strings.HasSuffix(w, "ич") || strings.HasSuffix(w, "ична") {
					c.patronym++
					break
				}
			}
		case Persian:
			if strings.ContainsAny(p.Name, "پچژگ") {
				persianLetters++
			}
		}
	}
	for _, cu := range Cultures() {
		c := by[cu]
		if c == nil || c.n != perCulture {
			t.Fatalf("%s: %v people, want %d", cu, c, perCulture)
		}
		if c.female < perCulture*40/100 || c.female > perCulture*60/100 {
			t.Errorf("%s: %d women of %d", cu, c.female, c.n)
		}
		if (cu == Chinese || cu == Korean) && c.spaces != 0 {
			t.Errorf("%s: %d spaces; family and given name are written together", cu, c.spaces)
		}
	}
	if h := by[Hispanic].twoFamily; h < perCulture*45/100 || h > perCulture*85/100 {
		t.Errorf("hispanic: %d of %d with three or more words", h, perCulture)
	}
	if p := by[RussianUkrainian].patronym; p < perCulture*30/100 || p > perCulture*60/100 {
		t.Errorf("russian-ukrainian: %d of %d with a patronymic", p, perCulture)
	}
	if persianLetters < 20 {
		t.Errorf("only %d Persian names with پ چ ژ گ", persianLetters)
	}
	for d := 194; d <= 200; d++ {
		want := len(people) / 10 // a decade is 10/66 of the span
		if d == 200 {
			want = len(people) / 20 // 2000–2005: 6/66
		}
		if n := decades[fmt.Sprint(d)]; n < want {
			t.Errorf("decade %d0s: %d people of %d", d, n, len(people))
		}
	}
}

// TestCommonNamesCommoner checks that the weights are used: the most
// frequent family name of a table comes up far more often than its
// rarest.
func TestCommonNamesCommoner(t *testing.T) {
	n := map[string]int{}
	for _, p := range People(7*1500, 3) {
		if p.Culture == Korean {
			n[string([]rune(p.Name)[0])]++
		}
	}
	if n["김"] < 250 || n["김"] < 10*n["왕"] {
		t.Errorf("Kim %d times, Wang %d times among 1,500 Koreans", n["김"], n["왕"])
	}
}

func TestFeminine(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Иванов", "Иванова"}, {"Соловьёв", "Соловьёва"}, {"Ильин", "Ильина"}, {"Медведев", "Медведева"},
		{"Вишневский", "Вишневская"}, {"Ковальський", "Ковальська"}, {"Трубецкой", "Трубецкая"}, {"Толстой", "Толстая"},
		{"Шевченко", "Шевченко"}, {"Мельник", "Мельник"}, {"Ткачук", "Ткачук"}, {"Мороз", "Мороз"}, {"Коваль", "Коваль"},
	} {
		if got := feminine(tt.in); got != tt.want {
			t.Errorf("feminine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSlavicFemaleForms(t *testing.T) {
	for _, p := range People(7*600, 5) {
		if p.Culture != RussianUkrainian || p.Gender != "female" {
			continue
		}
		for _, w := range strings.Fields(p.Name) {
			if strings.HasSuffix(w, "ов") || strings.HasSuffix(w, "ский") || strings.HasSuffix(w, "вич") {
				t.Errorf("woman %q has a masculine form %q", p.Name, w)
			}
		}
	}
}
