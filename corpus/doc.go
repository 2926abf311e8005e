// Package corpus is dossier's annotated news corpus: who is alleged,
// charged, convicted, sanctioned, denied or cleared of what, by whom, in
// the real articles of the adverse-media training file
// (../shared/data/adverse/training.csv). The guide annotators follow is
// docs/annotation-guide.md; the step-by-step work is
// docs/annotation-workflow.md.
//
// The annotations are stand-off: each record names a row of the CSV by a
// stable key (Key: a hash of its url and entity_name) and gives byte
// offsets into the row's article exactly as encoding/csv returns it, with
// labels. No article text is stored with the annotations.
//
//	rows, err := corpus.LoadRows("../shared/data/adverse/training.csv")
//	c, err := corpus.LoadDir("corpus/annotations", corpus.Index(rows))
//	for _, r := range c.Gold() {
//		text := rows[…].Article
//		for _, e := range r.Entities {
//			fmt.Println(e.Type, text[e.Start:e.End])
//		}
//	}
//
// ReadRows reads the CSV and marks which rows are usable; Split assigns a
// key to train, dev or test forever; Load and LoadDir read and validate
// annotation files (every offset against its article); Resolve turns an
// annotator's draft, which gives spans as text with context rather than
// offsets, into a record; Agree measures two independent passes against
// each other.
package corpus
