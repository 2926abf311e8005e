// Package claimml is dossier's learned claim model: it reads, from a
// document whose entities are resolved, who is said to have done what,
// as package claims does by rules, but with classifiers trained on the
// annotated corpus (package corpus, docs/annotation-guide.md), which
// take the rules' output as features beside lexical and syntactic ones.
//
// Extraction runs in five steps over each sentence:
//
//  1. Candidates. A trigger is a word whose stem the training split
//     annotated as a claim trigger often enough, or a word of the rules'
//     stance lexicon; a subject is a mention of an entity of the
//     document, or a pronoun ("he", "its") or description ("the
//     company", "the former president") read as the person or
//     organization last named, or the one named most so far.
//  2. Gate. The stance classifier without the parse scores the pairs;
//     only a sentence with a promising pair is parsed (package parse),
//     which keeps the model's cost down.
//  3. Stance. A multi-class averaged perceptron (dossier/internal/
//     perceptron) decides for each (trigger, subject) pair none or one
//     of the six stances, from the trigger's stem and neighbours, the
//     dependency path between trigger and subject, voice, negation and
//     modality, distance, the entity's type, salience and posts, and
//     what the rules read for that subject in that sentence. A sentence
//     gives a subject at most one claim per stance and topic.
//  4. Topic. For each claim every key of the taxonomy (claims.Topics) is
//     described by where the document names it: in the sentence (near
//     the trigger, first), in the subject's earlier claims, in earlier or
//     later sentences that name the subject, in the article, in the
//     rules' claim; and by the sentence's words. A ranker picks the
//     claim's key; a binary classifier adds keys of other families the
//     sentence names, each a claim of its own.
//  5. Speaker. A ranking perceptron picks the speaker among "none",
//     the mentions and nouns of the sentence, the rules' speakers and the
//     attribution model's sources, from their path to the trigger, their
//     words and roles (the subject of "said", the agent of a passive).
//
// Two rules of the guide follow: a clearing presupposes the step it
// ends, and a formal step absorbs the accusation behind it (5.3).
//
// Train builds the model from the corpus's train split, choosing each
// classifier's epoch on dev; the model is one dossier/internal/modelfile
// file, embedded (Default). The model card is docs/model-card-claims.md.
package claimml
