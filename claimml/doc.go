// Package claimml is dossier's learned claim model: it reads, from a
// document whose entities are resolved, who is said to have done what,
// as package claims does by rules, but with classifiers trained on the
// annotated corpus (package corpus, docs/annotation-guide.md), which
// take the rules' output as features beside lexical and syntactic ones.
//
// Extraction runs in four steps over each sentence:
//
//  1. Candidates. A trigger is a word whose stem the training split
//     annotated as a claim trigger, or a word of the rules' stance
//     lexicon; a subject is a mention of a person or organization of the
//     document, or a pronoun ("he", "its") or definite description ("the
//     company") read as the person or organization last named, or the
//     one named most so far. Only sentences with both are parsed
//     (package parse), so the model costs little on the rest.
//  2. Stance. A multi-class averaged perceptron (dossier/internal/
//     perceptron) decides for each (trigger, subject) pair none or one
//     of the six stances, from the trigger's stem and neighbours, the
//     dependency path between trigger and subject, voice, negation and
//     modality, distance, the entity's type, and what the rules read for
//     that subject in that sentence. A sentence gives a subject at most
//     one claim per stance and topic.
//  3. Topic. A binary perceptron scores every key of the taxonomy
//     (claims.Topics) for each claim, from where the key is named: in
//     the sentence (near the trigger, first), in the subject's earlier
//     claims, in earlier or later sentences that name the subject, in
//     the article, in the rules' claim; and from the sentence's words.
//     Every key scored above zero gives a claim, else the best one.
//  4. Speaker. A ranking perceptron picks the speaker among "none",
//     the mentions and nouns of the sentence, from their path to the
//     trigger, their words and roles (the subject of "said", the agent
//     of a passive), the rules' speaker and the attribution model's
//     sources.
//
// Two rules of the guide follow: a clearing presupposes the step it
// ends, and a formal step absorbs the accusation behind it (5.3).
//
// Train builds the model from the corpus's train split, choosing each
// classifier's epoch on dev; the model is one dossier/internal/modelfile
// file, embedded (Default). The model card is docs/model-card-claims.md.
package claimml
