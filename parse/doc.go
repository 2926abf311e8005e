// Package parse tags words with Universal Dependencies part-of-speech
// tags (UPOS) and parses sentences into labelled dependency trees, as
// English-EWT annotates them. It is the pipeline's "parse" stage.
//
// The tagger is greedy, left to right, over hashed features of the word,
// its affixes and shape, its neighbours, word clusters and the tags
// already given. The parser is transition-based: arc-hybrid with the
// root at the end of the buffer, trained with a dynamic oracle and
// exploration, scoring each transition's kind from the configuration's
// features (Zhang and Nivre 2011's, with clusters) and its label from
// the features of the arc it makes. Both are averaged perceptrons
// (dossier/internal/perceptron); the trained model is embedded:
//
//	for _, w := range parse.Default().Parse([]string{"The", "bank", "froze", "his", "accounts", "."}) {
//		fmt.Println(w.Form, w.UPOS, w.Head, w.Deprel)
//	}
//
// Read and Write handle CoNLL-U; Train and Evaluate rebuild and score the
// model. The model card is docs/model-card-parse.md.
package parse
