// Package relate turns the posts and ties that the roles stage gave each
// person into typed relations between the document's entities, with
// FollowTheMoney edge schemata: Employment (a bodyguard for, a reporter
// at), Directorship (chief executive, founder, director of a company),
// Ownership (owner of), Membership (head, leader or member of an
// organization that is not a public body), Occupancy (a public post in a
// public body: "head of the Venezuelan National Assembly"), Family
// ("Saab's wife"), Associate ("front man", "business partner", "aide"),
// and Representation (a lawyer for a client). A role that names no
// entity of the document ("a retired army officer") makes no relation.
package relate

import (
	"sort"

	"dossier"
)

// schemaOf maps a normalized post title to its edge schema.
var schemaOf = map[string]string{}

func init() {
	add := func(schema string, titles ...string) {
		for _, t := range titles {
			schemaOf[t] = schema
		}
	}
	add("Employment", "bodyguard", "security chief", "aide", "adviser", "agent", "spokesman", "spokesperson", "spokeswoman",
		"reporter", "correspondent", "columnist", "editor", "journalist", "economist", "chief economist", "analyst", "manager",
		"employee", "accountant", "consultant", "coach", "player", "pitcher", "shortstop", "first baseman", "officer", "official", "senior official")
	add("Directorship", "chief executive", "chief financial officer", "chief operating officer", "director", "managing director",
		"board member", "founder", "chairman", "chairwoman", "chair", "executive", "director general")
	add("Ownership", "owner")
	add("Membership", "member", "leader", "head", "chief", "president", "vice president", "general secretary", "commander")
	add("Family", "wife", "husband", "son", "daughter", "brother", "sister", "father", "mother", "nephew", "niece", "cousin", "stepson", "stepdaughter")
	add("Associate", "associate", "front man", "business partner", "partner")
	add("Representation", "lawyer", "attorney", "solicitor general")
}

// Relations returns the relations the roles of ents imply, in the order
// of their evidence in text.
func Relations(text string, ents []dossier.DocEntity) []dossier.Relation {
	byID := make(map[string]*dossier.DocEntity, len(ents))
	for i := range ents {
		byID[ents[i].ID] = &ents[i]
	}
	var out []dossier.Relation
	seen := map[string]bool{}
	for _, e := range ents {
		for _, r := range e.Roles {
			if r.OfEntity == "" || r.OfEntity == e.ID {
				continue
			}
			of := byID[r.OfEntity]
			if of == nil {
				continue
			}
			schema := schemaFor(r, of)
			if schema == "" {
				continue
			}
			key := schema + "|" + e.ID + "|" + of.ID + "|" + r.Title
			if seen[key] {
				continue
			}
			seen[key] = true
			ev := dossier.Evidence{Start: r.Start, End: r.End}
			if r.Start >= 0 && r.End <= len(text) && r.Start <= r.End {
				ev.Text = text[r.Start:r.End]
			}
			out = append(out, dossier.Relation{Schema: schema, Subject: e.ID, Object: of.ID, Role: r.Title, Evidence: ev})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Evidence.Start < out[j].Evidence.Start })
	if out == nil {
		out = []dossier.Relation{}
	}
	return out
}

// schemaFor types one role: a public post in a public body is an
// Occupancy; a company post a Directorship; a lead post of another
// organization a Membership; ties to people as the table says.
func schemaFor(r dossier.Role, of *dossier.DocEntity) string {
	s := schemaOf[r.Title]
	switch of.Type {
	case "PER":
		switch s {
		case "Family", "Associate", "Representation":
			return s
		case "Employment":
			return "Employment" // "a bodyguard for the late Hugo Chávez"
		}
		return "Associate"
	case "ORG":
		if pep(r) && s != "Employment" {
			return "Occupancy"
		}
		switch s {
		case "Family", "Associate":
			return "UnknownLink"
		case "":
			return "Membership"
		}
		return s
	}
	return ""
}

func pep(r dossier.Role) bool {
	for _, t := range r.Topics {
		if t == "role.pep" {
			return true
		}
	}
	return false
}
