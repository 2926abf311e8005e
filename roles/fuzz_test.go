package roles_test

import (
	"testing"

	"dossier"
	"dossier/resolve"
	"dossier/roles"
	"dossier/segment"
)

var fuzzLabels = []string{"PER", "ORG", "LOC", "MISC", "MONEY", "DATE", "PERCENT"}

func fuzzMentions(text string, spec []byte) []dossier.Mention {
	var ms []dossier.Mention
	p := 0
	for i := 0; i+2 < len(spec) && p < len(text); i += 3 {
		s := p + int(spec[i])%16
		e := s + 1 + int(spec[i+1])%24
		if s >= len(text) {
			break
		}
		e = min(e, len(text))
		ms = append(ms, dossier.Mention{Start: s, End: e, Text: text[s:e], Label: fuzzLabels[int(spec[i+2])%len(fuzzLabels)]})
		p = e
	}
	return ms
}

func FuzzAssign(f *testing.F) {
	f.Add("Diosdado Cabello, the head of the Venezuelan National Assembly, and a former bodyguard for the late Hugo Chávez, Leamsy Salazar.", []byte{0, 16, 0, 17, 28, 1, 30, 11, 0, 8, 14, 0}, false)
	f.Add("Venezuela’s president, Nicolás Maduro, named Tareck El Aissami vice president; Attorney General William P. Barr.", []byte{0, 11, 2, 12, 14, 0, 7, 17, 0, 24, 15, 0}, true)
	f.Add("who served as, the of for , , ’s ’s the late", []byte{0, 3, 0, 2, 5, 0, 1, 4, 1}, false)
	f.Fuzz(func(t *testing.T, text string, spec []byte, corrupt bool) {
		ms := fuzzMentions(text, spec)
		sents := segment.Sentences(text)
		ents := resolve.Resolve(text, sents, ms)
		if corrupt && len(spec) > 0 {
			// entities that do not fit the text must not make Assign panic
			for i := range ents {
				for k := range ents[i].Mentions {
					ents[i].Mentions[k].Start += int(spec[k%len(spec)]) - 128
					ents[i].Mentions[k].End += int(spec[(k+1)%len(spec)]) - 128
				}
			}
			sents = nil
		}
		roles.Assign(text, sents, ents)
		ids := map[string]bool{}
		for _, e := range ents {
			ids[e.ID] = true
		}
		for _, e := range ents {
			for _, r := range e.Roles {
				if r.Start < 0 || r.End > len(text) || r.Start >= r.End || text[r.Start:r.End] != r.Text {
					t.Fatalf("%s: role %q span [%d,%d) does not hold %q", e.ID, r.Title, r.Start, r.End, r.Text)
				}
				if r.OfEntity != "" && !ids[r.OfEntity] {
					t.Fatalf("%s: role %q of unknown entity %q", e.ID, r.Title, r.OfEntity)
				}
			}
		}
	})
}
