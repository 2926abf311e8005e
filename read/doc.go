// Package read turns input files into plain-text items, one per article:
// a plain-text file is one item, an HTML page is one item (its main text
// found with readability), and RSS/Atom feeds, JSON Lines files and WARC
// archives hold one item per entry, line or HTML response.
//
// The format is detected from the content, with the file name's
// extension as a hint (see Detect). Every problem is reported as a
// *dossier.InputError naming the file and a line or byte offset; a bad
// record (one JSON line, one feed item, one WARC record) does not stop
// the rest of the file.
//
// Truncated input is an error (ErrTruncated, which also matches
// ErrMalformed), never a partial item: a WARC record cut inside its
// header or block, or missing its end-of-record marker; a gzip member
// that ends early; a WARC response marked WARC-Truncated, shorter than
// its HTTP Content-Length or cut inside a chunk; a last JSON line with
// no newline that is not a whole object; a feed whose XML ends before
// the end tag of its root element. The items of whole records before
// the cut are still given (a feed, being one document, gives none), and
// the error names the cut record's offset (a feed's: where the input
// ends). A whole last JSON line without a newline is accepted.
//
// A Reader holds only its Options and may be used by several goroutines
// at once.
//
// Usage:
//
//	r := read.NewReader()
//	err := read.Walk(paths, func(path string, size int64) error {
//		return r.File(ctx, path, func(it read.Item) error {
//			// repair, segment, store…
//			return nil
//		})
//	})
package read
