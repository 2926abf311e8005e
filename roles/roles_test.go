package roles_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"dossier"
	"dossier/resolve"
	"dossier/roles"
	"dossier/segment"
)

// markup turns "[Diosdado Cabello|PER] said" into its text and mentions.
func markup(s string) (string, []dossier.Mention) {
	var b strings.Builder
	var ms []dossier.Mention
	for {
		i := strings.IndexByte(s, '[')
		if i < 0 {
			b.WriteString(s)
			break
		}
		j := strings.IndexByte(s[i:], ']')
		if j < 0 {
			b.WriteString(s)
			break
		}
		bar := strings.LastIndexByte(s[i:i+j], '|')
		if bar < 0 {
			b.WriteString(s[:i+1])
			s = s[i+1:]
			continue
		}
		b.WriteString(s[:i])
		surface, label := s[i+1:i+bar], s[i+bar+1:i+j]
		start := b.Len()
		b.WriteString(surface)
		ms = append(ms, dossier.Mention{Start: start, End: b.Len(), Text: surface, Label: label})
		s = s[i+j+1:]
	}
	return b.String(), ms
}

// run resolves and assigns roles to a markup text.
func run(input string) (string, []dossier.DocEntity) {
	text, ms := markup(input)
	sents := segment.Sentences(text)
	ents := resolve.Resolve(text, sents, ms)
	roles.Assign(text, sents, ents)
	return text, ents
}

func find(ents []dossier.DocEntity, name string) *dossier.DocEntity {
	for i := range ents {
		if ents[i].Name == name {
			return &ents[i]
		}
	}
	return nil
}

// roleString is "title | of | of-entity name | former | topics".
func roleString(ents []dossier.DocEntity, r dossier.Role) string {
	ofName := ""
	for _, e := range ents {
		if e.ID == r.OfEntity && r.OfEntity != "" {
			ofName = e.Name
		}
	}
	former := ""
	if r.Former {
		former = "former"
	}
	return fmt.Sprintf("%s | %s | %s | %s | %s", r.Title, r.Of, ofName, former, strings.Join(r.Topics, " "))
}

func TestAssign(t *testing.T) {
	tests := []struct {
		Name     string
		Input    string
		Person   string
		Roles    []string // roleString of each role, in order
		PEP      bool
		Deceased []string // names of entities marked deceased
	}{
		{
			Name:   "appositive with an object",
			Input:  "[Diosdado Cabello|PER], the head of the [Venezuelan National Assembly|ORG], rejected the report.",
			Person: "Diosdado Cabello",
			Roles:  []string{"head | the Venezuelan National Assembly | Venezuelan National Assembly |  | role.pep gov.legislative"},
			PEP:    true,
		},
		{
			Name:     "appositive: bodyguard for the late",
			Input:    "[Leamsy Salazar|PER], a former bodyguard for the late [Hugo Chávez|PER], flew to Washington.",
			Person:   "Leamsy Salazar",
			Roles:    []string{"bodyguard | the late Hugo Chávez | Hugo Chávez | former | "},
			Deceased: []string{"Hugo Chávez"},
		},
		{
			Name:   "pre-posed possessive descriptor",
			Input:  "The move angered [Venezuela|LOC]’s president, [Nicolás Maduro|PER], who called it illegal.",
			Person: "Nicolás Maduro",
			Roles:  []string{"president | Venezuela | Venezuela |  | role.pep gov.head"},
			PEP:    true,
		},
		{
			Name:   "pre-posed central bank governor",
			Input:  "“Inflation is falling,” the central bank governor, [María Inés Valdés Ortúzar|PER], told reporters.",
			Person: "María Inés Valdés Ortúzar",
			Roles:  []string{"central bank governor |  |  |  | role.pep gov.financial"},
			PEP:    true,
		},
		{
			Name:   "pre-posed with an object",
			Input:  "Its source was a former security chief for [Diosdado Cabello|PER], [Leamsy Salazar|PER], the paper said.",
			Person: "Leamsy Salazar",
			Roles:  []string{"security chief | Diosdado Cabello | Diosdado Cabello | former | "},
		},
		{
			Name:   "rank in the span",
			Input:  "[Gen. Hugo Carvajal|PER] flew home on Sunday.",
			Person: "Hugo Carvajal",
			Roles:  []string{"general |  |  |  | role.pep gov.security mil"},
			PEP:    true,
		},
		{
			Name:   "retired rank before the span",
			Input:  "Charges were also filed against retired Gen. [Clíver Alcalá|PER].",
			Person: "Clíver Alcalá",
			Roles:  []string{"general |  |  | former | role.pep gov.security mil"},
			PEP:    true,
		},
		{
			Name:   "a junior rank is no PEP",
			Input:  "The defector, Capt. [Leamsy Salazar|PER], is a navy officer.",
			Person: "Leamsy Salazar",
			Roles:  []string{"captain |  |  |  | mil", "defector |  |  |  | ", "officer |  |  |  | mil"},
		},
		{
			Name:   "two-word title",
			Input:  "The charges were announced by Attorney General [William P. Barr|PER] in Washington.",
			Person: "William P. Barr",
			Roles:  []string{"attorney general |  |  |  | role.pep gov.judicial"},
			PEP:    true,
		},
		{
			Name:   "judge with a court",
			Input:  "U.S. District Judge [Ellen M. Hartley|PER] ordered the forfeiture.",
			Person: "Ellen M. Hartley",
			Roles:  []string{"judge |  |  |  | role.pep gov.judicial"},
			PEP:    true,
		},
		{
			Name:   "chief executive of a state company",
			Input:  "[Rodrigo Peñalver Ríos|PER], 57, who served as chief executive of the state oil company [Energía Orinoco S.A.|ORG] from 2011 to 2014, was convicted.",
			Person: "Rodrigo Peñalver Ríos",
			Roles:  []string{"chief executive | the state oil company Energía Orinoco S.A. | Energía Orinoco S.A. | former | role.pep gov.soe"},
			PEP:    true,
		},
		{
			Name:   "chief executive of a private company",
			Input:  "[Gabriel E. Sotomayor|PER], 52, the founder and chief executive of [Orinoco Meridian Capital Inc.|ORG], was arrested.",
			Person: "Gabriel E. Sotomayor",
			Roles: []string{
				"founder | Orinoco Meridian Capital Inc. | Orinoco Meridian Capital Inc. |  | ",
				"chief executive | Orinoco Meridian Capital Inc. | Orinoco Meridian Capital Inc. |  | ",
			},
		},
		{
			Name:   "president of a company is no head of state",
			Input:  "[Ana Lucía Ferro|PER], the president of [Ferro Shipping Corp.|ORG], declined to comment.",
			Person: "Ana Lucía Ferro",
			Roles:  []string{"president | Ferro Shipping Corp. | Ferro Shipping Corp. |  | "},
		},
		{
			Name:   "minister of",
			Input:  "Prosecutors charged [Octavio Núñez Barrios|PER], who served as minister of public works from 2014 to 2018.",
			Person: "Octavio Núñez Barrios",
			Roles:  []string{"minister | public works |  | former | role.pep gov.executive"},
			PEP:    true,
		},
		{
			Name:   "ambassador to",
			Input:  "[Rafael Quintero Lugo|PER], a retired diplomat who once served as [Venezuela|LOC]’s ambassador to [Spain|LOC], lost his pension.",
			Person: "Rafael Quintero Lugo",
			Roles:  []string{"diplomat |  |  | former | role.diplo", "ambassador | Spain | Spain | former | role.pep role.diplo"},
			PEP:    true,
		},
		{
			Name:   "senator from",
			Input:  "The decision was welcomed by [Marco Rubio|PER], a senator from [Florida|LOC] who has pressed for sanctions.",
			Person: "Marco Rubio",
			Roles:  []string{"senator | Florida | Florida |  | role.pep gov.legislative"},
			PEP:    true,
		},
		{
			Name:   "relative clause: reporter",
			Input:  "[Emili J. Blasco|PER], the [ABC|ORG] reporter who broke the story, stood by it.",
			Person: "Emili J. Blasco",
			Roles:  []string{"reporter | ABC | ABC |  | role.journo"},
		},
		{
			Name:   "relative clause: who ran",
			Input:  "[Hugo Carvajal|PER], who ran military intelligence for a decade, was arrested.",
			Person: "Hugo Carvajal",
			Roles:  []string{"head | military intelligence |  | former | role.pep gov.security"},
			PEP:    true,
		},
		{
			Name:   "copular",
			Input:  "[Cabello|PER] is the president of the [National Constituent Assembly|ORG].",
			Person: "Cabello",
			Roles:  []string{"president | the National Constituent Assembly | National Constituent Assembly |  | role.pep gov.legislative"},
			PEP:    true,
		},
		{
			Name:   "reported allegation is not a role",
			Input:  "Salazar told investigators that [Cabello|PER] is the leader of the [Cartel of the Suns|ORG].",
			Person: "Cabello",
		},
		{
			Name:   "who served as vice president",
			Input:  "[Tareck El Aissami|PER], who served as vice president, denied the accusations.",
			Person: "Tareck El Aissami",
			Roles:  []string{"vice president |  |  | former | role.pep gov.head"},
			PEP:    true,
		},
		{
			Name:   "named as",
			Input:  "[Nicolás Maduro|PER] named [Tareck El Aissami|PER] vice president last month.",
			Person: "Tareck El Aissami",
			Roles:  []string{"vice president |  |  |  | role.pep gov.head"},
			PEP:    true,
		},
		{
			Name:   "lawyer",
			Input:  "“He will appeal,” said his lawyer, [Alan T. Brophy|PER].",
			Person: "Alan T. Brophy",
			Roles:  []string{"lawyer |  |  |  | role.lawyer"},
		},
		{
			Name:   "possessor person",
			Input:  "[Julián Restrepo Arango|PER] denied it. [Restrepo|PER]'s lawyer, [Catalina Mejía Duque|PER], said he would appeal.",
			Person: "Catalina Mejía Duque",
			Roles:  []string{"lawyer | Restrepo | Julián Restrepo Arango |  | role.lawyer"},
		},
		{
			Name:   "coordinated names share a descriptor",
			Input:  "The Treasury accused two other senior officials, [Henry Rangel Silva|PER] and [Ramón Rodríguez Chacín|PER], of helping the rebels.",
			Person: "Ramón Rodríguez Chacín",
			Roles:  []string{"senior official |  |  |  | role.pep gov.admin"},
			PEP:    true,
		},
		{
			Name:   "chief justice of a court",
			Input:  "Separately, the chief justice of the [Supreme Court|ORG], [Maikel Moreno|PER], was charged in Miami.",
			Person: "Maikel Moreno",
			Roles:  []string{"chief justice | the Supreme Court | Supreme Court |  | role.pep gov.judicial"},
			PEP:    true,
		},
		{
			Name:   "title swallowed into the span",
			Input:  "The indictment was announced by [Attorney General William P. Barr|PER] on Thursday.",
			Person: "William P. Barr",
			Roles:  []string{"attorney general |  |  |  | role.pep gov.judicial"},
			PEP:    true,
		},
		{
			Name:   "definite description of an organization",
			Input:  "The [Financial Services Commission|ORG] found no breach. “The controls worked,” said the commission’s chair, [Patricia Hinds-Ocampo|PER].",
			Person: "Patricia Hinds-Ocampo",
			Roles:  []string{"chair | the commission | Financial Services Commission |  | role.pep gov.financial"},
			PEP:    true,
		},
		{
			Name:   "a private union's officer",
			Input:  "The [Port & Harbour Workers Union|ORG] said so. “No,” said the union’s general secretary, [Clive Ambrose|PER].",
			Person: "Clive Ambrose",
			Roles:  []string{"general secretary | the union | Port & Harbour Workers Union |  | "},
		},
		{
			Name:   "coordinated posts with a modifier",
			Input:  "[Delcy Rodríguez|PER], [Venezuela|LOC]’s vice president and oil minister, met the envoys.",
			Person: "Delcy Rodríguez",
			Roles:  []string{"vice president | Venezuela | Venezuela |  | role.pep gov.head", "minister | Venezuela | Venezuela |  | role.pep gov.executive"},
			PEP:    true,
		},
		{
			Name:   "a person's vice president",
			Input:  "[Nicolás Maduro|PER] praised her. [Maduro|PER]'s vice president, [Delcy Rodríguez|PER], agreed.",
			Person: "Delcy Rodríguez",
			Roles:  []string{"vice president | Maduro | Nicolás Maduro |  | role.pep gov.head"},
			PEP:    true,
		},
		{
			Name:   "former title with a demonym",
			Input:  "Prosecutors charged former Venezuelan intelligence chief [Hugo Carvajal|PER] in 2011.",
			Person: "Hugo Carvajal",
			Roles:  []string{"intelligence chief |  |  | former | role.pep gov.security"},
			PEP:    true,
		},
		{
			Name:   "who led a country",
			Input:  "Former President [Álvaro Restrepo|PER], who led [Colombia|LOC] from 2002 to 2010, testified.",
			Person: "Álvaro Restrepo",
			Roles:  []string{"president |  |  | former | role.pep gov.head", "head | Colombia | Colombia | former | role.pep gov.head"},
			PEP:    true,
		},
		{
			Name:   "its president",
			Input:  "[Petróleos de Venezuela S.A.|ORG], the state oil company, said its president, [Manuel Quevedo|PER], would stay.",
			Person: "Manuel Quevedo",
			Roles:  []string{"president | Petróleos de Venezuela S.A. | Petróleos de Venezuela S.A. |  | role.pep gov.soe"},
			PEP:    true,
		},
		{
			Name:   "its president, the organization unnamed",
			Input:  "The board said its president, [Manuel Quevedo|PER], would stay.",
			Person: "Manuel Quevedo",
			Roles:  []string{"president |  |  |  | "},
		},
		{
			Name:   "associate of a PEP",
			Input:  "[Venezuela|LOC]’s vice president, [Tareck El Aissami|PER], was named. [Samark López Bello|PER], a businessman it described as [El Aissami|PER]’s main front man, was designated too.",
			Person: "Samark López Bello",
			Roles:  []string{"businessman |  |  |  | ", "front man | El Aissami | Tareck El Aissami |  | role.rca"},
		},
		{
			Name:   "relative of a PEP",
			Input:  "[Alex Saab|PER] was sentenced. Saab's wife, [Camilla Fabri|PER], a former deputy minister, was not charged. [Fabri|PER]'s brother-in-law, the businessman [Amir Saab|PER], declined to comment.",
			Person: "Amir Saab",
			Roles:  []string{"businessman |  |  |  | ", "brother-in-law | Fabri | Camilla Fabri |  | role.rca"},
		},
		{
			Name:   "party office",
			Input:  "[Diosdado Cabello|PER], the vice president of the ruling [Socialist Party|ORG], spoke.",
			Person: "Diosdado Cabello",
			Roles:  []string{"vice president | the ruling Socialist Party | Socialist Party |  | role.pep pol.party"},
			PEP:    true,
		},
		{
			Name:     "the late, possessive",
			Input:    "He ran military intelligence for most of the late [Hugo Chávez|PER]’s presidency.",
			Person:   "Hugo Chávez",
			Deceased: []string{"Hugo Chávez"},
		},
		{
			Name:   "state company named before the title",
			Input:  "[Energía Orinoco S.A.|ORG], the Venezuelan state oil company, denied it. The former [Enorsa|ORG] chief executive [Rodrigo Peñalver Ríos|PER] was sentenced.",
			Person: "Rodrigo Peñalver Ríos",
			Roles:  []string{"chief executive | Enorsa | Energía Orinoco S.A. | former | role.pep gov.soe"},
			PEP:    true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			text, ents := run(tt.Input)
			p := find(ents, tt.Person)
			if p == nil {
				t.Fatalf("no entity %q in %v", tt.Person, ents)
			}
			var got []string
			for _, r := range p.Roles {
				got = append(got, roleString(ents, r))
				if r.Start < 0 || r.End > len(text) || r.Start >= r.End || text[r.Start:r.End] != r.Text {
					t.Errorf("role %q: span [%d,%d) does not hold its text", r.Title, r.Start, r.End)
				}
			}
			if !slices.Equal(got, tt.Roles) {
				t.Errorf("roles:\n got %q\nwant %q", got, tt.Roles)
			}
			if pep := slices.Contains(p.Topics, roles.PEP); pep != tt.PEP {
				t.Errorf("PEP = %v, want %v (topics %q)", pep, tt.PEP, p.Topics)
			}
			var dead []string
			for _, e := range ents {
				if e.Deceased {
					dead = append(dead, e.Name)
				}
			}
			if !slices.Equal(dead, tt.Deceased) {
				t.Errorf("deceased = %q, want %q", dead, tt.Deceased)
			}
		})
	}
}

func TestTopicsAreTheUnionOfRoles(t *testing.T) {
	_, ents := run("[Hugo Carvajal|PER], a retired general who ran military intelligence, and a former consul, was held. Gen. [Carvajal|PER] denied it.")
	p := find(ents, "Hugo Carvajal")
	if p == nil {
		t.Fatal("no Hugo Carvajal")
	}
	var union []string
	for _, r := range p.Roles {
		union = append(union, r.Topics...)
	}
	slices.Sort(union)
	union = slices.Compact(union)
	if !slices.Equal(p.Topics, union) {
		t.Errorf("topics %q, union of roles %q", p.Topics, union)
	}
	if want := []string{"gov.security", "mil", "role.pep"}; !slices.Equal(p.Topics, want) {
		t.Errorf("topics %q, want %q", p.Topics, want)
	}
}
