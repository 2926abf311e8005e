// Package resolve groups the mentions a recognizer found in one document
// into entities: every surface form that names one person, organization,
// place or value ("Hugo Carvajal", `"El Pollo"`, "Gen. Carvajal",
// "Carvajal") under one canonical name, with aliases, titles and stable
// IDs e1, e2, … in order of first mention. It is the pipeline stage
// between recognize and roles:
//
//	sents := segment.Sentences(text)
//	ents := resolve.Resolve(text, sents, mentions)
//	roles.Assign(text, sents, ents)
//
// The recognizer is statistical, so Resolve expects its errors and works
// in passes, each cheap and local (maps keyed by folded words; no pass
// compares all mentions with all mentions):
//
//  1. Repair spans. Two mentions split around "of" are joined when the
//     first ends in a word that heads an organization or a place
//     ("Cartel" + "of the" + "Suns"); an organization missing its head
//     ("Office of" + "Foreign Assets Control") or a person missing a
//     given name ("José" + "Gregorio Ugueto") is widened to the left.
//     Each span is then trimmed to the name: punctuation, a possessive
//     's, a line break, and for persons leading titles and descriptors
//     ("Gen.", "retired Gen.", "U.S. District Judge", "the late"), which
//     become Titles, a quoted nickname, which becomes an alias, and
//     trailing lower-case words; for other names a leading article and a
//     possessor ("Spain's National Court" is "National Court", country
//     ES). A title written just before a person's span is recorded too.
//  2. Settle types. Country names are LOC and demonyms ("Venezuelan",
//     "American") MISC, with Country set to the ISO code from a table
//     derived from world-countries.json; a surface form that continues a
//     person's full name in the document ("Cabello" after "Diosdado
//     Cabello") is PER whatever it was labelled; a company form ("S.A.S.")
//     is ORG; other forms take their majority label.
//  3. Tie aliases written after a name: an acronym in parentheses ("Drug
//     Enforcement Administration (DEA)"), a name in quotes after a dash or
//     "known as" (`the Cartel of the Suns — the "Cartel de los Soles"`),
//     and names written around a quoted nickname (`Hugo "El Pollo"
//     Carvajal`, in one span or three). An alias the recognizer left out
//     is kept as an alias without a mention.
//  4. Persons, in text order. A full name (two or more words) joins the
//     person whose names it agrees with: one is a contiguous run of the
//     other's words not standing for a given name alone, initials and
//     Jr. ignored ("Tareck El Aissami" and "El Aissami" agree, "Hugo
//     Carvajal" and "Hugo Chávez" do not). A single word joins the
//     compatible full name with the highest salience, which fades by
//     Decay per sentence, so "Cabello" goes to the Cabello mentioned most
//     and last ("Andrés Cabello" the shortstop, not "Diosdado Cabello"
//     named once in passing). A surname seen before any full name stays
//     its own entity until a full name that fits it arrives, which then
//     takes it over.
//  5. Organizations, in any order: the same name; a name that differs
//     only by a legal form ("Tecnomar", "Tecnomar Corp."); an acronym of
//     a name's initials ("OFAC"); a blend of its words' beginnings
//     ("Enorsa" for "Energía Orinoco S.A."); a shorter name that is the
//     longer one without a national modifier ("the National Assembly")
//     or a trailing "Department" ("the U.S. Treasury"), or whose words, one of them distinctive, all belong to exactly one
//     longer name ("the Suns", "the Soles cartel"). The nearest earlier
//     candidate wins a tie.
//  6. Places group by country code or name, demonyms by country, values
//     by normalized text ("US$15 million" is "$15 million", "15 percent"
//     is "15%").
//
// The canonical name is a person's longest full name without titles, an
// organization's longest name that was not given as an alias, else the
// first form. Every valid input mention ends up in exactly one entity;
// mentions in the output carry the entity's type as Label.
package resolve
