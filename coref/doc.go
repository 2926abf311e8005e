// Package coref finds which mentions of a document refer to the same
// person, organization or other entity: names, surnames, pronouns,
// definite descriptions ("the veteran officer", "the bank"),
// appositions and titles become one entity, each mention with its
// offsets.
package coref
