// Package synth generates synthetic people — names, birth dates,
// genders — for measuring how often screening flags someone who is not
// on any list.
//
// The names are drawn from name-part tables written for dossier
// (data/*.tsv: each given name, family name or patronymic of an origin
// with its gender and a rough relative frequency), so that common names
// come up as often as they do among real customers, and rare ones
// rarely. Seven cultures take equal shares, each in its own script:
//
//   - western: English, German, French and Italian names, in Latin
//     letters, sometimes with a middle name or a middle initial;
//   - hispanic: Spanish and Latin American names, in Latin letters, one
//     or two family names;
//   - arabic: Arabic script, the father's name between the given and the
//     family name half of the time;
//   - persian: Arabic script with the Persian letters (پ چ ژ گ ی ک);
//   - chinese: Han characters, family name first, one or two characters
//     of given name, no space;
//   - korean: Hangul, family name first, no space;
//   - russian-ukrainian: Cyrillic, Russian or Ukrainian spelling, the
//     family name in the gender's form, often with a patronymic and then
//     sometimes in the official family-name-first order.
//
// Half the people are women and half men, each with a given name of
// their gender (or a unisex one); birth dates are uniform over
// 1940-01-01 to 2005-12-31. Generation is deterministic: the same seed
// gives the same people on every run and platform (math/rand/v2's PCG,
// integer arithmetic only).
//
// Listed and Unlisted keep only people whose name is not, word for word
// in any order, the name of a person on the loaded lists, so that every
// hit on them is a false positive or a namesake.
//
//	l := synth.NewListed()
//	for _, e := range entities { l.Add(e) }
//	people := synth.Unlisted(synth.People(2000, 1), l)
package synth

import (
	"bytes"
	"embed"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"
)

// Culture is a naming tradition with its script.
type Culture string

// The cultures generated, in the order People cycles through them.
const (
	Western          Culture = "western"
	Hispanic         Culture = "hispanic"
	Arabic           Culture = "arabic"
	Persian          Culture = "persian"
	Chinese          Culture = "chinese"
	Korean           Culture = "korean"
	RussianUkrainian Culture = "russian-ukrainian"
)

// Person is one synthetic person.
type Person struct {
	Name      string
	Culture   Culture
	Origin    string // the table the name parts came from: english, german, …, ukrainian
	Script    string // Latin, Arabic, Han, Hangul or Cyrillic
	BirthDate string // YYYY-MM-DD
	Gender    string // male or female; the given name is of that gender or unisex
}

// style is how a culture puts name parts together.
type style uint8

const (
	styleWestern  style = iota // given [middle | initial] family
	styleHispanic              // given family [family]
	styleArabic                // given [father's given] family
	stylePersian               // given family
	styleEastAsia              // family given, no space
	styleSlavic                // given [patronymic] family, or family given patronymic
)

type origin struct {
	table  string
	weight int
}

type culture struct {
	name    Culture
	script  string
	style   style
	origins []origin
}

var cultures = []culture{
	{Western, "Latin", styleWestern, []origin{{"english", 50}, {"german", 20}, {"french", 15}, {"italian", 15}}},
	{Hispanic, "Latin", styleHispanic, []origin{{"hispanic", 1}}},
	{Arabic, "Arabic", styleArabic, []origin{{"arabic", 1}}},
	{Persian, "Arabic", stylePersian, []origin{{"persian", 1}}},
	{Chinese, "Han", styleEastAsia, []origin{{"chinese", 1}}},
	{Korean, "Hangul", styleEastAsia, []origin{{"korean", 1}}},
	{RussianUkrainian, "Cyrillic", styleSlavic, []origin{{"russian", 65}, {"ukrainian", 35}}},
}

// Cultures returns the cultures generated, in the order People cycles
// through them.
func Cultures() []Culture {
	out := make([]Culture, len(cultures))
	for i, c := range cultures {
		out[i] = c.name
	}
	return out
}

//go:embed data/*.tsv
var dataFS embed.FS

// tables parses the embedded tables once. They are tested
// (TestEmbeddedTables), so an error here means a broken build.
var tables = sync.OnceValues(func() (map[string]*table, error) {
	out := map[string]*table{}
	for _, c := range cultures {
		for _, o := range c.origins {
			path := "data/" + o.table + ".tsv"
			b, err := dataFS.ReadFile(path)
			if err != nil {
				return nil, fmt.Errorf("synth: %w", err)
			}
			t, err := parseTable(bytes.NewReader(b), path)
			if err != nil {
				return nil, err
			}
			out[o.table] = t
		}
	}
	return out, nil
})

// Generator draws synthetic people one after another.
type Generator struct {
	r      *rand.Rand
	n      int
	tables map[string]*table
}

// pcgStream is the second word of the PCG state: fixed, so that the seed
// alone decides the people.
const pcgStream = 0x73796e74682d7631 // "synth-v1"

// NewGenerator returns a generator whose people depend on seed only.
func NewGenerator(seed uint64) *Generator {
	t, err := tables()
	if err != nil {
		panic(err) // the embedded tables are checked by the tests
	}
	return &Generator{r: rand.New(rand.NewPCG(seed, pcgStream)), tables: t}
}

// People returns the first n people of the generator seeded with seed.
func People(n int, seed uint64) []Person {
	g := NewGenerator(seed)
	out := make([]Person, 0, max(n, 0))
	for range n {
		out = append(out, g.Next())
	}
	return out
}

var (
	firstDay = time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC)
	lastDay  = time.Date(2005, 12, 31, 0, 0, 0, 0, time.UTC)
	nDays    = int(lastDay.Sub(firstDay).Hours()/24) + 1
)

// Next returns the next person: the cultures take turns.
func (g *Generator) Next() Person {
	c := &cultures[g.n%len(cultures)]
	g.n++
	o := c.origins[0]
	if len(c.origins) > 1 {
		total := 0
		for _, x := range c.origins {
			total += x.weight
		}
		at := g.r.IntN(total)
		for _, x := range c.origins {
			if at < x.weight {
				o = x
				break
			}
			at -= x.weight
		}
	}
	t := g.tables[o.table]
	p := Person{Culture: c.name, Origin: o.table, Script: c.script, Gender: "male"}
	var given row
	if g.chance(50) {
		given = g.pick(t.givenF)
		p.Gender = "female"
	} else {
		given = g.pick(t.givenM)
	}
	if given.gender == 'u' {
		given.gender = p.Gender[0] // the person's, for the family name's and patronymic's form
	}
	p.Name = g.name(c.style, t, given)
	p.BirthDate = firstDay.AddDate(0, 0, g.r.IntN(nDays)).Format(time.DateOnly)
	return p
}

// pick draws a row in proportion to its weight.
func (g *Generator) pick(c choice) row {
	x := g.r.IntN(c.total())
	lo, hi := 0, len(c.cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if c.cum[mid] > x {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return c.rows[lo]
}

// pickOther draws a row whose part differs from the given ones (a
// middle name that is not the first name); after a few tries it takes
// what it drew.
func (g *Generator) pickOther(c choice, not ...string) row {
	var r row
	for range 8 {
		r = g.pick(c)
		if !contains(not, r.part) {
			break
		}
	}
	return r
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// chance reports true with probability pct/100.
func (g *Generator) chance(pct int) bool { return g.r.IntN(100) < pct }

// sameGender returns the given names of the given name's gender (either
// gender's for a unisex one).
func sameGender(t *table, given row) choice {
	switch given.gender {
	case 'm':
		return t.givenM
	case 'f':
		return t.givenF
	}
	return t.given
}

func (g *Generator) name(s style, t *table, given row) string {
	family := g.pick(t.family).part
	switch s {
	case styleWestern:
		switch x := g.r.IntN(100); {
		case x < 12:
			middle := g.pickOther(sameGender(t, given), given.part).part
			return given.part + " " + middle + " " + family
		case x < 18:
			middle := g.pickOther(sameGender(t, given), given.part).part
			initial, _ := firstRune(middle)
			return given.part + " " + initial + ". " + family
		}
		return given.part + " " + family
	case styleHispanic:
		if g.chance(60) {
			second := g.pickOther(t.family, family).part
			return given.part + " " + family + " " + second
		}
		return given.part + " " + family
	case styleArabic:
		if g.chance(50) {
			father := g.pickOther(t.givenM, given.part, family).part
			return given.part + " " + father + " " + family
		}
		return given.part + " " + family
	case styleEastAsia:
		return family + given.part
	case styleSlavic:
		if given.gender == 'f' {
			family = feminine(family)
		}
		if t.hasPatrony && g.chance(45) {
			pat := t.patronymM
			if given.gender == 'f' {
				pat = t.patronymF
			}
			patronym := g.pick(pat).part
			if g.chance(30) {
				return family + " " + given.part + " " + patronym
			}
			return given.part + " " + patronym + " " + family
		}
		return given.part + " " + family
	}
	return given.part + " " + family // stylePersian
}

func firstRune(s string) (string, bool) {
	for _, r := range s {
		return string(r), true
	}
	return "", false
}

// feminine returns the feminine form of a Russian or Ukrainian family
// name given in its masculine form: Иванов → Иванова, Ильин → Ильина,
// Вишневский → Вишневская, Ковальський → Ковальська, Толстой →
// Толстая; names in -енко, -ук, -ник and the like do not change.
func feminine(family string) string {
	for _, s := range [...]struct{ from, to string }{
		{"ський", "ська"}, {"цький", "цька"}, {"ский", "ская"}, {"цкий", "цкая"}, {"ой", "ая"},
	} {
		if stem, ok := strings.CutSuffix(family, s.from); ok {
			return stem + s.to
		}
	}
	for _, suf := range [...]string{"ов", "ев", "ёв", "ин", "ын"} {
		if strings.HasSuffix(family, suf) {
			return family + "а"
		}
	}
	return family
}
