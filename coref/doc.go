// Package coref finds which mentions of a document refer to the same
// person, organization or other entity: names, surnames, pronouns,
// definite descriptions ("the veteran officer", "the newspaper's
// reporter", "the bank"), appositions and titles become one entity, each
// mention with its offsets and kind.
//
// Mentions are detected without a parse: the recognizer's names with
// their titles, pronouns, and noun phrases that a learnt typer calls a
// person, organization or place. A mention-ranking model then takes them
// in text order and joins each to the entity of its best antecedent, or
// starts an entity (best-first clustering), scoring pairs and the
// entities built so far with an averaged perceptron
// (dossier/internal/perceptron). Both models are trained on GUM's
// coreference layer and embedded:
//
//	sents := segment.Sentences(text)
//	names := … // recognize.Default().RecognizeSentences(text, sents) as dossier.Mention
//	for _, e := range coref.Default().Resolve(text, sents, names) {
//		for _, m := range e.Mentions {
//			fmt.Println(e.Type, m.Kind, m.Text, m.Start, m.End)
//		}
//	}
//
// ReadGUM reads GUM's CoNLL-U with its Entity= annotations; Score
// computes MUC, B³, CEAFe and the CoNLL F1; Train and Evaluate rebuild
// and score the model on a fixed split of the GUM documents (Part). The
// model card is docs/model-card-coref.md.
package coref
