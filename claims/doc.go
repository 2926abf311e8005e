// Package claims reads, from a document whose entities are resolved,
// who is said to have done what: each claim has a subject entity, a risk
// topic (topics.go), a stance (alleged, charged, convicted, sanctioned,
// denied, cleared, reported), the speaker who asserts it, the chain of
// sources through which it reached the publisher, and the sentence that
// carries it. A denial or an acquittal points to the claim it answers.
//
// The reading is by rules over the sentence's tokens, in three steps:
//
//  1. Triggers. A stance lexicon (lexicon.go) finds the predicates:
//     "was indicted", "froze the assets of", "pleaded guilty", "denied",
//     "told investigators that", "according to". Each says where its
//     subject is: after it for active verbs ("OFAC designated X"), before
//     it for passives and intransitives ("X was charged", "X denied"),
//     or in the clause it introduces ("told investigators that X …").
//     A negation just before a trigger ("has not been charged", "no
//     charges") cancels it.
//  2. Subjects and speakers. A subject is a person or organization of
//     the document (a pronoun is read as the person last named); a
//     speaker is the subject of an active trigger, the agent of a
//     passive one, or the source of an attribution, and may stay a
//     descriptor ("anonymous sources within the U.S. investigation").
//  3. Topics. The topic lexicon finds the risks the sentence (or the
//     reported clause) names. A trigger without a risk topic makes no
//     claim, except sanctions (their topic is sanction) and denials or
//     acquittals, which take the topic of the claim they answer. So a
//     sentence that names a crime without accusing anyone ("drug
//     seizures rose 20 percent") yields no claim, and neither does a
//     denial of something that is not an accusation ("dismissed the
//     speculation").
//
// Source chains (chain.go) run from the origin to the publisher:
// "according to A, citing B, which cited C, D told E that …" gives
// D → C → B → A; a descriptor such as "those sources" continues the
// chain of the earlier sentence that named them.
package claims
