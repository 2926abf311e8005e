// Package attribute finds attributions in English news: who says what.
// An attribution has a cue (the reporting words: "said", "told",
// "according to", "denied"), a source (who says it, as written: "he",
// "a former bodyguard"), and content (what is said, which may run
// across sentences inside a quotation):
//
//	for _, a := range attribute.Default().Find(text, segment.Sentences(text)) {
//		fmt.Println(a.Source.Text(text), "|", a.Cue.Text(text), "|", a.Content.Text(text))
//	}
//
// The model tags each token of a paragraph as source, cue, content or
// none (BILOU tags) with a linear model over hashed features (the word,
// its neighbours, suffixes and shape, membership of a lexicon of
// reporting words, whether it is inside a quotation and whether a cue
// stands next to that quotation, how far the nearest cue word is, which
// it is and what lies between, the position in the sentence, how the
// paragraph before ended), decoded by Viterbi and trained with the
// averaged structured perceptron on PolNeAR, a corpus of US political
// news annotated for attribution (Train; "dossier train attribution").
// The tagged spans are then grouped: each content with the nearest cue,
// each source with the nearest cue of its sentence (see Model.Find).
// Baseline is a rule-based finder on a cue lexicon, for comparison. The
// model card is docs/model-card-attribution.md.
//
// PolNeAR's attributions are broad: beliefs, wishes and stances ("wants",
// "supports", "is expected") as well as speech, and the model follows it.
//
// # Evaluation
//
// Evaluate and EvaluateDir score a finder against brat annotations (see
// ParseAnn and ReadDir) separately for sources, cues and contents. In a
// document, the spans of one kind, gold and predicted, are each taken
// once (two attributions sharing a cue count it once), and each is
// reduced to the tokens (segment.Tokens) it overlaps. Then:
//
//   - exact: a predicted span matches a gold span of the same kind that
//     covers the very same tokens;
//   - overlap: a predicted span matches a gold span of the same kind
//     when they share at least one token; each gold and each predicted
//     span is used in at most one match, larger overlaps paired first;
//   - tokens: each token of a span counts, matched when it is in both a
//     gold and a predicted span of the kind.
//
// Precision is matched predicted over predicted, recall matched gold
// over gold, F1 their harmonic mean, all summed over the documents.
// Gold spans annotated in pieces count piece by piece, except that
// pieces with only white space between them are one span (annotators
// often mark a long quotation sentence by sentence).
package attribute
