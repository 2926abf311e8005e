// Package claimeval scores dossier's extraction — the names it
// recognizes and resolves, and its claims with their speakers — against
// the annotated news corpus (package corpus, docs/annotation-guide.md).
//
//	rows, _ := corpus.LoadRows("../shared/data/adverse/training.csv")
//	idx := corpus.Index(rows)
//	c, _ := corpus.LoadDir("corpus/annotations", idx)
//	dev, _ := claimeval.Select(c.Gold(), corpus.Dev)
//	res, _ := claimeval.Evaluate(ctx, idx, dev, claimeval.Options{})
//	res.WriteText(os.Stdout)
//
// What is scored, per document, against the gold record (the adjudicated
// pass, else the first):
//
//   - Entities: a resolved mention is right when its start, end and type
//     equal a gold mention's, per type (PER, ORG, LOC, MISC; the
//     recognizer's MISC is CoNLL's, the corpus's is the guide's). The
//     recognizer's mentions before resolution are scored the same way,
//     to show what resolution's span repairs and retyping change.
//   - Claims: one-to-one matching as in corpus.Agree — equal stance,
//     topics of one corpus.Family, and a mention of the predicted
//     subject entity overlapping a mention of the gold subject cluster.
//     The pipeline's stance "reported" (an unattributed deed) is the
//     corpus's "alleged" with no speaker. Optional gold claims count when
//     matched and are forgiven when not (Result.Claims).
//   - Speakers, on the matched claims (Result.SpeakerRight).
//   - Person resolution: the gold PER clusters whose mentions the
//     pipeline puts in exactly one entity of their own (Persons).
//
// Offsets. The corpus's offsets are bytes of the CSV article as
// encoding/csv returns it; the pipeline runs, as ingest does, on the
// repaired text. Evaluate repairs the article, runs the pipeline and
// maps every offset back with Align; a span that touches a stretch
// repair changed is widened to the whole stretch. Options.NoRepair runs
// the pipeline on the unrepaired text instead.
package claimeval
