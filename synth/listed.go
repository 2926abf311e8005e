package synth

import (
	"slices"
	"strings"

	"dossier"
	"dossier/names"
)

// Listed is the set of names of the persons on some lists, compared as
// names.Normalize makes them and in any word order, so that generated
// people who are, by name, on a list can be left out.
//
// A name is listed when its normalized words, sorted, are those of a
// listed name, or when its words written together are those of a listed
// name written together, starting from any of its words: "王伟" (wang
// wei) is listed when "WANG, Wei" is, and "习近平" (xi jin ping) when
// "Xi Jinping" is. Spellings that differ in more than spaces, word
// order and what Normalize folds (accents, case, script) are not the
// same name here: telling them apart is the name engine's job.
type Listed struct {
	sorted map[string]struct{}
	joined map[string]struct{}
	names  int
}

// NewListed returns an empty set.
func NewListed() *Listed {
	return &Listed{sorted: map[string]struct{}{}, joined: map[string]struct{}{}}
}

// Add adds the names of e if it is a Person: its names, aliases,
// previous and weak aliases, and its structured name parts (first,
// second, middle, father's and last name) put together.
func (l *Listed) Add(e *dossier.Entity) {
	if e.Schema != "Person" {
		return
	}
	strong, weak := e.Names()
	for _, n := range strong {
		l.add(n)
	}
	for _, n := range weak {
		l.add(n)
	}
	last := strings.Join(e.Get("lastName"), " ")
	first := strings.Join(e.Get("firstName"), " ")
	if last == "" || first == "" {
		return
	}
	l.add(first + " " + last)
	var all []string
	for _, p := range []string{"firstName", "secondName", "middleName", "fatherName", "lastName"} {
		all = append(all, e.Get(p)...)
	}
	l.add(strings.Join(all, " "))
}

func (l *Listed) add(name string) {
	words := strings.Fields(names.Normalize(name))
	if len(words) == 0 {
		return
	}
	l.names++
	for i := range words {
		rotated := append(slices.Clone(words[i:]), words[:i]...)
		l.joined[strings.Join(rotated, "")] = struct{}{}
	}
	slices.Sort(words)
	l.sorted[strings.Join(words, " ")] = struct{}{}
}

// Len returns how many names were added (with repeats).
func (l *Listed) Len() int { return l.names }

// Has reports whether name is listed.
func (l *Listed) Has(name string) bool {
	words := strings.Fields(names.Normalize(name))
	if len(words) == 0 {
		return false
	}
	if _, ok := l.joined[strings.Join(words, "")]; ok {
		return true
	}
	slices.Sort(words)
	_, ok := l.sorted[strings.Join(words, " ")]
	return ok
}

// Unlisted returns the people whose names l does not hold, in order.
func Unlisted(people []Person, l *Listed) []Person {
	var out []Person
	for _, p := range people {
		if !l.Has(p.Name) {
			out = append(out, p)
		}
	}
	return out
}
