package resolve

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"dossier"
	"dossier/segment"
)

// want describes one entity: "TYPE Name", its aliases, titles, country
// and the texts of its mentions, in order.
type want struct {
	Ent      string // "PER Diosdado Cabello"
	Aliases  []string
	Titles   []string
	Country  string
	Mentions []string
}

func TestResolve(t *testing.T) {
	tests := []struct {
		Name  string
		Input string // markup: [surface|LABEL]
		Want  []want // every entity, in order of first mention
	}{
		{
			Name:  "surname and possessive join the full name",
			Input: "[Diosdado Cabello|PER] spoke to lawmakers on Monday. [Cabello|PER] left early, and [Cabello's|PER] aides declined to comment.",
			Want: []want{{Ent: "PER Diosdado Cabello", Aliases: []string{"Cabello"},
				Mentions: []string{"Diosdado Cabello", "Cabello", "Cabello"}}},
		},
		{
			Name:  "possessive outside the span",
			Input: "[Diosdado Cabello|PER] denied it. [Cabello|PER]’s lawyers filed suit.",
			Want:  []want{{Ent: "PER Diosdado Cabello", Aliases: []string{"Cabello"}, Mentions: []string{"Diosdado Cabello", "Cabello"}}},
		},
		{
			Name:  "nickname inside the span, straight quotes",
			Input: `[Hugo "El Pollo" Carvajal|PER] landed in Caracas. [Carvajal|PER] said nothing.`,
			Want: []want{{Ent: "PER Hugo Carvajal", Aliases: []string{"El Pollo", "Carvajal"},
				Mentions: []string{`Hugo "El Pollo" Carvajal`, "Carvajal"}}},
		},
		{
			Name:  "nickname as its own mention, curly quotes",
			Input: "[Hugo|PER] “[El Pollo|MISC]” [Carvajal|PER] was detained on Wednesday.",
			Want: []want{{Ent: "PER Hugo Carvajal", Aliases: []string{"El Pollo"},
				Mentions: []string{"Hugo", "El Pollo", "Carvajal"}}},
		},
		{
			Name:  "nickname left unlabelled",
			Input: `Prosecutors said [Hugo|PER] "El Pollo" [Carvajal|PER] ran the unit.`,
			Want:  []want{{Ent: "PER Hugo Carvajal", Aliases: []string{"El Pollo"}, Mentions: []string{"Hugo", "Carvajal"}}},
		},
		{
			Name:  "nickname split off, given name mislabelled",
			Input: "Police said the late [Pedro|LOC] “[El Tigre|PER]” [Salcedo|PER] ran the ring. [Salcedo|PER] died in 2019.",
			Want: []want{{Ent: "PER Pedro Salcedo", Aliases: []string{"El Tigre", "Salcedo"},
				Mentions: []string{"Pedro", "El Tigre", "Salcedo", "Salcedo"}}},
		},
		{
			Name:  "given name left out before a nickname",
			Input: `Police said Pedro "El Tigre" [Salcedo|PER] ran the ring. [Salcedo|PER] died in 2019.`,
			Want: []want{{Ent: "PER Pedro Salcedo", Aliases: []string{"El Tigre", "Salcedo"},
				Mentions: []string{"Salcedo", "Salcedo"}}},
		},
		{
			Name:  "nickname of three words inside the name",
			Input: `Jurors heard [Salvatore|PER] "[Sammy the Bull|PER]" [Gravano|PER] for days. [Gravano|PER] admitted 19 murders.`,
			Want: []want{{Ent: "PER Salvatore Gravano", Aliases: []string{"Sammy the Bull", "Gravano"},
				Mentions: []string{"Salvatore", "Sammy the Bull", "Gravano", "Gravano"}}},
		},
		{
			Name:  "surname after the nickname not recognized",
			Input: "He promised drug lord [Joaquin|PER] “[El Chapo|PER]” Guzman protection. [Guzman|PER] is serving a life sentence.",
			Want: []want{{Ent: "PER Joaquin Guzman", Aliases: []string{"El Chapo", "Guzman"},
				Mentions: []string{"Joaquin", "El Chapo", "Guzman"}}},
		},
		{
			Name:  "nickname before a surname, no given name",
			Input: `He let the cartel of "[El Chapo|PER]" [Guzman|PER] operate, taking bribes from 'El Chapo' [Guzman|PER]'s men.`,
			Want: []want{{Ent: "PER Guzman", Aliases: []string{"El Chapo"},
				Mentions: []string{"El Chapo", "Guzman", "Guzman"}}},
		},
		{
			Name:  "nickname alone before the full name",
			Input: `'[El Chapo|PER]' is hoping for an appeal. Prosecutors say [Joaquin|PER] "[El Chapo|PER]" [Guzman|PER] paid bribes.`,
			Want: []want{{Ent: "PER Joaquin Guzman", Aliases: []string{"El Chapo"},
				Mentions: []string{"El Chapo", "Joaquin", "El Chapo", "Guzman"}}},
		},
		{
			Name:  "a name and its quoted nickname as one mention, as the annotation guide spans it",
			Input: `He let the cartel of [“El Chapo” Guzman|PER] operate, taking bribes from [Joaquin 'El Chapo' Guzman|PER]'s men and from ['Rey' Zambada|PER].`,
			Want: []want{{Ent: "PER Joaquin Guzman", Aliases: []string{"Guzman", "El Chapo"},
				Mentions: []string{"“El Chapo” Guzman", "Joaquin 'El Chapo' Guzman"}},
				{Ent: "PER Zambada", Aliases: []string{"Rey"}, Mentions: []string{"'Rey' Zambada"}}},
		},
		{
			Name:  "a quotation before a surname is no nickname",
			Input: `"Never again," [Guzman|PER] said. "Not Guilty" [Guzman|PER] wrote.`,
			Want:  []want{{Ent: "PER Guzman", Mentions: []string{"Guzman", "Guzman"}}},
		},
		{
			Name:  "title in the span and before it",
			Input: "[Gen. Hugo Carvajal|PER] arrived on Sunday. Gen. [Carvajal|PER] spoke briefly; [Carvajal|PER] then left.",
			Want: []want{{Ent: "PER Hugo Carvajal", Aliases: []string{"Carvajal"}, Titles: []string{"Gen."},
				Mentions: []string{"Hugo Carvajal", "Carvajal", "Carvajal"}}},
		},
		{
			Name:  "retired general",
			Input: "Prosecutors also charged retired Gen. [Clíver Alcalá|PER].",
			Want:  []want{{Ent: "PER Clíver Alcalá", Titles: []string{"retired Gen."}, Mentions: []string{"Clíver Alcalá"}}},
		},
		{
			Name:  "pre-posed descriptor, then Mr. and the surname",
			Input: "[Venezuela's|LOC] president, [Nicolás Maduro|PER], spoke for two hours. [Mr. Maduro|PER] then left. [Maduro|PER] did not return.",
			Want: []want{
				{Ent: "LOC Venezuela", Country: "VE", Mentions: []string{"Venezuela"}},
				{Ent: "PER Nicolás Maduro", Aliases: []string{"Maduro"}, Titles: []string{"Mr."},
					Mentions: []string{"Nicolás Maduro", "Maduro", "Maduro"}},
			},
		},
		{
			Name:  "organization introduced in full then shortened",
			Input: "Members of the [Venezuelan National Assembly|ORG] met on Tuesday. The [National Assembly|ORG] is controlled by the ruling party.",
			Want: []want{{Ent: "ORG Venezuelan National Assembly", Aliases: []string{"National Assembly"},
				Mentions: []string{"Venezuelan National Assembly", "National Assembly"}}},
		},
		{
			Name:  "Spanish name in quotes, and a short form",
			Input: "He named the [Cartel of the Suns|ORG] — the “[Cartel de los Soles|MISC]” in Spanish — as the buyer. Experts doubt the [Suns|ORG] exist.",
			Want: []want{{Ent: "ORG Cartel of the Suns", Aliases: []string{"Cartel de los Soles", "Suns"},
				Mentions: []string{"Cartel of the Suns", "Cartel de los Soles", "Suns"}}},
		},
		{
			Name:  "Spanish name left unlabelled",
			Input: `Officers of the [Cartel of the Suns|ORG], or "Cartel de los Soles," were named.`,
			Want:  []want{{Ent: "ORG Cartel of the Suns", Aliases: []string{"Cartel de los Soles"}, Mentions: []string{"Cartel of the Suns"}}},
		},
		{
			Name:  "the same words in another order",
			Input: "The [Cartel de los Soles|ORG] moved cocaine, officials said. The [Soles cartel|ORG] denies it exists, and the [Soles|ORG] have no chart.",
			Want: []want{{Ent: "ORG Cartel de los Soles", Aliases: []string{"Soles cartel", "Soles"},
				Mentions: []string{"Cartel de los Soles", "Soles cartel", "Soles"}}},
		},
		{
			Name:  "acronym in parentheses",
			Input: "The [Drug Enforcement Administration|ORG] ([DEA|ORG]) has pursued him. The [DEA|ORG] did not comment.",
			Want: []want{{Ent: "ORG Drug Enforcement Administration", Aliases: []string{"DEA"},
				Mentions: []string{"Drug Enforcement Administration", "DEA", "DEA"}}},
		},
		{
			Name:  "acronym in parentheses left unlabelled",
			Input: "The U.S. [Drug Enforcement Administration|ORG] (DEA) has pursued him. The [DEA|ORG] did not comment.",
			Want: []want{{Ent: "ORG Drug Enforcement Administration", Aliases: []string{"DEA"},
				Mentions: []string{"Drug Enforcement Administration", "DEA"}}},
		},
		{
			Name:  "acronym by initials, either order",
			Input: "[OFAC|ORG] froze the assets. The [Office of Foreign Assets Control|ORG] acts for the Treasury, and [OFAC|ORG] rarely explains itself.",
			Want: []want{{Ent: "ORG Office of Foreign Assets Control", Aliases: []string{"OFAC"},
				Mentions: []string{"OFAC", "Office of Foreign Assets Control", "OFAC"}}},
		},
		{
			Name:  "a body with and without its department",
			Input: "The [U.S. Treasury Department|ORG] acted on Monday. The [Treasury|ORG] gave no evidence, and the [U.S. Treasury|ORG] rarely does.",
			Want: []want{{Ent: "ORG U.S. Treasury Department", Aliases: []string{"Treasury", "U.S. Treasury"},
				Mentions: []string{"U.S. Treasury Department", "Treasury", "U.S. Treasury"}}},
		},
		{
			Name:  "blend of word beginnings",
			Input: "He ran [Energía Orinoco S.A.|ORG] for three years. A contractor paid [Enorsa|ORG] officials.",
			Want:  []want{{Ent: "ORG Energía Orinoco S.A.", Aliases: []string{"Enorsa"}, Mentions: []string{"Energía Orinoco S.A.", "Enorsa"}}},
		},
		{
			Name:  "legal form and a type conflict",
			Input: "[Gulfstar Drilling Services Inc.|ORG] won the contract. The owner of [Gulfstar|LOC] testified.",
			Want:  []want{{Ent: "ORG Gulfstar Drilling Services Inc.", Aliases: []string{"Gulfstar"}, Mentions: []string{"Gulfstar Drilling Services Inc.", "Gulfstar"}}},
		},
		{
			Name:  "demonyms are not persons",
			Input: "[Venezuelan|MISC] and [Colombian|PER] officials met [American|MISC] diplomats in [Colombia|LOC]; other [Venezuelan|MISC] delegates stayed home.",
			Want: []want{
				{Ent: "MISC Venezuelan", Country: "VE", Mentions: []string{"Venezuelan", "Venezuelan"}},
				{Ent: "MISC Colombian", Country: "CO", Mentions: []string{"Colombian"}},
				{Ent: "MISC American", Country: "US", Mentions: []string{"American"}},
				{Ent: "LOC Colombia", Country: "CO", Mentions: []string{"Colombia"}},
			},
		},
		{
			Name:  "countries by any name",
			Input: "He fled to the [United States|LOC]. [U.S.|LOC] officials confirmed it, and [Spain's|LOC] police did not.",
			Want: []want{
				{Ent: "LOC United States", Aliases: []string{"U.S."}, Country: "US", Mentions: []string{"United States", "U.S."}},
				{Ent: "LOC Spain", Country: "ES", Mentions: []string{"Spain"}},
			},
		},
		{
			Name: "two people named Cabello",
			Input: "[Andrés Cabello|PER] hit for the cycle on Sunday. [Cabello|PER], who is no relation to [Diosdado Cabello|PER], smiled. " +
				"Fans chanted [Cabello|PER]'s name. “I tried not to laugh,” [Cabello|PER] said.",
			Want: []want{
				{Ent: "PER Andrés Cabello", Aliases: []string{"Cabello"}, Mentions: []string{"Andrés Cabello", "Cabello", "Cabello", "Cabello"}},
				{Ent: "PER Diosdado Cabello", Mentions: []string{"Diosdado Cabello"}},
			},
		},
		{
			Name:  "a surname joins the most recent full name",
			Input: "[Andrés Cabello|PER] is a shortstop.\n\nThe politician [Diosdado Cabello|PER] was in the stands. [Cabello|PER] waved to the crowd.",
			Want: []want{
				{Ent: "PER Andrés Cabello", Mentions: []string{"Andrés Cabello"}},
				{Ent: "PER Diosdado Cabello", Aliases: []string{"Cabello"}, Mentions: []string{"Diosdado Cabello", "Cabello"}},
			},
		},
		{
			Name:  "a place named Cabello",
			Input: "[Diosdado Cabello|PER] toured [Puerto Cabello|LOC] on Friday. [Cabello|PER] praised the port.",
			Want: []want{
				{Ent: "PER Diosdado Cabello", Aliases: []string{"Cabello"}, Mentions: []string{"Diosdado Cabello", "Cabello"}},
				{Ent: "LOC Puerto Cabello", Mentions: []string{"Puerto Cabello"}},
			},
		},
		{
			Name:  "brothers stay apart",
			Input: "[Hugo Chávez|PER] named his brother [Adán Chávez|PER] governor. [Adán Chávez|PER] accepted.",
			Want: []want{
				{Ent: "PER Hugo Chávez", Mentions: []string{"Hugo Chávez"}},
				{Ent: "PER Adán Chávez", Mentions: []string{"Adán Chávez", "Adán Chávez"}},
			},
		},
		{
			Name:  "surname first, full name later",
			Input: "[Cabello|PER] denies report\n\n[Diosdado Cabello|PER], the head of the assembly, denied the report on Monday.",
			Want:  []want{{Ent: "PER Diosdado Cabello", Aliases: []string{"Cabello"}, Mentions: []string{"Cabello", "Diosdado Cabello"}}},
		},
		{
			Name:  "surname alone stays its own person",
			Input: "[Salazar|PER] told investigators everything. [Maduro|PER] said nothing.",
			Want: []want{
				{Ent: "PER Salazar", Mentions: []string{"Salazar"}},
				{Ent: "PER Maduro", Mentions: []string{"Maduro"}},
			},
		},
		{
			Name:  "surname labelled ORG joins the person",
			Input: "[Diosdado Cabello|PER] was named. [Cabello|ORG] denied the accusations.",
			Want:  []want{{Ent: "PER Diosdado Cabello", Aliases: []string{"Cabello"}, Mentions: []string{"Diosdado Cabello", "Cabello"}}},
		},
		{
			Name:  "surname labelled LOC joins the person",
			Input: "[Diosdado Cabello|PER] was named. [Cabello|LOC] denied it, and [Cabello|PER] left.",
			Want: []want{{Ent: "PER Diosdado Cabello", Aliases: []string{"Cabello"},
				Mentions: []string{"Diosdado Cabello", "Cabello", "Cabello"}}},
		},
		{
			Name:  "first surname labelled ORG joins the person",
			Input: "The governor, [María Inés Valdés Ortúzar|PER], spoke. [Valdés|ORG] said rates would hold.",
			Want: []want{{Ent: "PER María Inés Valdés Ortúzar", Aliases: []string{"Valdés"},
				Mentions: []string{"María Inés Valdés Ortúzar", "Valdés"}}},
		},
		{
			Name:  "title word swallowed into the span",
			Input: "[President Nicolás Maduro|PER] spoke. [U.S. District Judge Ellen M. Hartley|PER] ruled.",
			Want: []want{
				{Ent: "PER Nicolás Maduro", Titles: []string{"President"}, Mentions: []string{"Nicolás Maduro"}},
				{Ent: "PER Ellen M. Hartley", Titles: []string{"U.S. District Judge"}, Mentions: []string{"Ellen M. Hartley"}},
			},
		},
		{
			Name:  "a capitalized word before a person's name stays outside it",
			Input: "Bureau Director [Mara Velk|PER] spoke. Understanding [Tomas Orrin|PER] is hard. [Velk|PER] left.",
			Want: []want{{Ent: "PER Mara Velk", Aliases: []string{"Velk"}, Mentions: []string{"Mara Velk", "Velk"}},
				{Ent: "PER Tomas Orrin", Mentions: []string{"Tomas Orrin"}}},
		},
		{
			Name:  "a given name alone is the one person with that given name",
			Input: "[Rebekah Vorn|PER] and [Hugo Salt|PER] met [Hugo Ferrant|PER]. [Rebekah|PER] spoke first; [Hugo|PER] did not.",
			Want: []want{{Ent: "PER Rebekah Vorn", Aliases: []string{"Rebekah"}, Mentions: []string{"Rebekah Vorn", "Rebekah"}},
				{Ent: "PER Hugo Salt", Mentions: []string{"Hugo Salt"}},
				{Ent: "PER Hugo Ferrant", Mentions: []string{"Hugo Ferrant"}},
				{Ent: "PER Hugo", Mentions: []string{"Hugo"}}},
		},
		{
			Name:  "a surname with a joined particle alone",
			Input: "[Nadir al-Qasimi|PER] was charged. [Qasimi|PER] denied it.",
			Want:  []want{{Ent: "PER Nadir al-Qasimi", Aliases: []string{"Qasimi"}, Mentions: []string{"Nadir al-Qasimi", "Qasimi"}}},
		},
		{
			Name:  "a capitalized article and a possessive inside an organization's name",
			Input: "He told [The Vellport Courier|ORG] that [People's Bank of Arvel|ORG] and [Arvelian's Bank|ORG] knew.",
			Want: []want{{Ent: "ORG The Vellport Courier", Mentions: []string{"The Vellport Courier"}},
				{Ent: "ORG People's Bank of Arvel", Mentions: []string{"People's Bank of Arvel"}},
				{Ent: "ORG Arvelian's Bank", Mentions: []string{"Arvelian's Bank"}}},
		},
		{
			Name:  "a law with an organization's word in its name stays MISC",
			Input: "The [Bank Reporting Act|MISC] and [Senate Bill 41|MISC] bind the [Arvel National Assembly|MISC].",
			Want: []want{{Ent: "MISC Bank Reporting Act", Mentions: []string{"Bank Reporting Act"}},
				{Ent: "MISC Senate Bill 41", Mentions: []string{"Senate Bill 41"}},
				{Ent: "ORG Arvel National Assembly", Mentions: []string{"Arvel National Assembly"}}},
		},
		{
			Name:  "a hyphenated particle and a generational suffix stay in the name",
			Input: "[Karim al-Tahan|PER] met [Rolf Dunmore, Jr.|PER] twice.",
			Want: []want{{Ent: "PER Karim al-Tahan", Mentions: []string{"Karim al-Tahan"}},
				{Ent: "PER Rolf Dunmore, Jr.", Mentions: []string{"Rolf Dunmore, Jr."}}},
		},
		{
			Name:  "organization split around of",
			Input: "He led the [Cartel|PER] of the [Suns|MISC], prosecutors say. The Office of [Foreign Assets Control|ORG] agreed.",
			Want: []want{
				{Ent: "ORG Cartel of the Suns", Mentions: []string{"Cartel of the Suns"}},
				{Ent: "ORG Office of Foreign Assets Control", Mentions: []string{"Office of Foreign Assets Control"}},
			},
		},
		{
			Name:  "Spanish name cut short, and its acronym",
			Input: "The [PDVSA|ORG] board met. Petróleos de [Venezuela S.A.|ORG] said it would stay.",
			Want: []want{{Ent: "ORG Petróleos de Venezuela S.A.", Aliases: []string{"PDVSA"},
				Mentions: []string{"PDVSA", "Petróleos de Venezuela S.A."}}},
		},
		{
			Name:  "country possessor of an organization",
			Input: "[Spain's National Court|ORG] ruled on Thursday. The [National Court|ORG] rejected the appeal.",
			Want:  []want{{Ent: "ORG National Court", Country: "ES", Mentions: []string{"National Court", "National Court"}}},
		},
		{
			Name:  "values",
			Input: "A reward of [$15 million|MONEY], or [US$15 million|MONEY], and [$10 million|MONEY] each; [15%|PERCENT] or [15 percent|PERCENT] on [Jan. 27, 2015|DATE].",
			Want: []want{
				{Ent: "MONEY $15 million", Aliases: []string{"US$15 million"}, Mentions: []string{"$15 million", "US$15 million"}},
				{Ent: "MONEY $10 million", Mentions: []string{"$10 million"}},
				{Ent: "PERCENT 15%", Aliases: []string{"15 percent"}, Mentions: []string{"15%", "15 percent"}},
				{Ent: "DATE Jan. 27, 2015", Mentions: []string{"Jan. 27, 2015"}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			text, ms := markup(tt.Input)
			ents := Resolve(text, segment.Sentences(text), ms)
			got := describe(ents)
			var exp []string
			for _, w := range tt.Want {
				exp = append(exp, w.String())
			}
			if !slices.Equal(got, exp) {
				t.Errorf("entities:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(exp, "\n     "))
			}
			for i, e := range ents {
				if want := fmt.Sprintf("e%d", i+1); e.ID != want {
					t.Errorf("entity %d has ID %s, want %s", i, e.ID, want)
				}
			}
		})
	}
}

func (w want) String() string {
	return fmt.Sprintf("%s aliases=%q titles=%q country=%s mentions=%q", w.Ent, w.Aliases, w.Titles, w.Country, w.Mentions)
}

func describe(ents []dossier.DocEntity) []string {
	var out []string
	for _, e := range ents {
		w := want{Ent: e.Type + " " + e.Name, Aliases: e.Aliases, Titles: e.Titles, Country: e.Country}
		if len(w.Aliases) == 0 {
			w.Aliases = nil
		}
		for _, m := range e.Mentions {
			w.Mentions = append(w.Mentions, m.Text)
		}
		out = append(out, w.String())
	}
	return out
}

func TestFold(t *testing.T) {
	tests := []struct{ In, Out string }{
		{"Nicolás Maduro", "nicolas maduro"},
		{"U.S.  Treasury", "us treasury"},
		{"Cabello’s", "cabello's"},
		{"ÁÉÍÓÚ Ññ Çç Øø", "aeiou nn cc oo"},
		{"Łódź", "lodz"},
	}
	for _, tt := range tests {
		if got := Fold(tt.In); got != tt.Out {
			t.Errorf("Fold(%q) = %q, want %q", tt.In, got, tt.Out)
		}
		if got := Fold(Fold(tt.In)); got != Fold(tt.In) {
			t.Errorf("Fold is not idempotent on %q", tt.In)
		}
	}
}
