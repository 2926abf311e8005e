// Package recognize finds named entities in English news: people (PER),
// organizations (ORG), places (LOC) and other names (MISC) with a
// statistical tagger trained on CoNLL-2003, and amounts of money
// (MONEY), percentages (PERCENT) and dates (DATE) with rules. It is the
// pipeline's "recognize" stage.
//
// The tagger is a linear model over hashed features of each token and
// its neighbours (word, shape, affixes, word clusters induced from
// unlabelled news, gazetteers of countries and sanctioned names, and
// facts about the same word elsewhere in the document), with BILOU tags
// decoded by Viterbi and weights learnt by the averaged structured
// perceptron. The trained model is embedded in the binary:
//
//	for _, m := range recognize.Default().Recognize(text) {
//		fmt.Println(m.Label, m.Text, m.Start, m.End)
//	}
//
// Train, Evaluate and InduceClusters rebuild and score it; the model
// card is docs/model-card-ner.md.
package recognize
