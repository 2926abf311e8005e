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
