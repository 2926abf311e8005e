// Package roles reads the posts, titles and relations a document gives
// each person resolved by package resolve, and marks politically exposed
// persons (PEPs) with OpenSanctions topic keys.
//
//	ents := resolve.Resolve(text, sents, mentions)
//	roles.Assign(text, sents, ents) // fills Roles, Topics, Deceased in place
//
// Around every mention of a person, within its sentence's tokens, Assign
// tries a few patterns:
//
//   - a title right before the name: "Gen. Hugo Carvajal", "Attorney
//     General William P. Barr", "U.S. District Judge Ellen M. Hartley",
//     "the opposition leader Juan Guaidó";
//   - a pre-posed descriptor and a comma: "Venezuela's president, Nicolás
//     Maduro", "a former security chief for Diosdado Cabello, Leamsy
//     Salazar" (shared by "Name and Name" after it);
//   - an appositive after the name, past an age: "Diosdado Cabello, the
//     head of the Venezuelan National Assembly,", "Rodrigo Peñalver Ríos,
//     57, who served as chief executive of …";
//   - a relative clause: "who served as …", "whom … recognize as …",
//     "who ran military intelligence";
//   - a copula or "as": "Cabello is the president of …", "described
//     Salazar as …", and "named El Aissami vice president". A clause
//     after "that" is reported speech, an allegation, and gives no role.
//
// A descriptor is parsed as [determiner | possessor's | former | then |
// the late | modifier]* POST [and POST] [of|for|at|to|from|in OBJECT].
// POST is the longest match in the post table (table.go), which is data:
// folded words → normalized title, topics and two flags. Lead posts
// (head, chief, president, chief executive …) take their topics from
// what they are of, classified by a second table of phrases: a
// legislature gives gov.legislative, a court gov.judicial, a central bank
// or financial regulator gov.financial, a state enterprise gov.soe (also
// when that organization was described as one: "Energía Orinoco S.A.,
// the Venezuelan state oil company"), the military or intelligence
// gov.security. "President" with no object or of a country is gov.head;
// of a private company it has no topics. Role.Of is the object as
// written (else the possessor or a named modifier: "the ABC reporter"),
// and OfEntity the entity named there; "its president" is of the
// organization named last before it, "the commission's chair" of the
// last organization whose name ends in "Commission".
//
// Relations are posts too: "Saab's wife", "El Aissami's main front man",
// "Montero's former business partner". They carry role.rca (relative or
// close associate) when the person they point to is a PEP.
//
// Topics are OpenSanctions keys only: role.pep for every public office,
// with gov.head (presidents, vice presidents, prime ministers),
// gov.executive (ministers, deputy ministers, governors, mayors),
// gov.legislative, gov.judicial (judges, prosecutors, attorneys
// general), gov.security (generals, admirals, colonels, intelligence
// chiefs; with mil), gov.financial, gov.soe, gov.admin (senior
// officials), role.diplo (ambassadors and envoys are PEPs; diplomats and
// consuls not), pol.party, role.rca; and for private occupations role.journo,
// role.lawyer, role.act, role.acct, mil (junior ranks). A reporter, a
// bodyguard or a lawyer is no PEP. Government level (gov.national and
// the like) is not assigned: news rarely settles it. "Former",
// "retired", "then", "ex-" and a past "served as" set Role.Former; a
// former office keeps role.pep. "The late" marks the entity Deceased.
// An entity's Topics are the sorted union of its roles' topics.
package roles
