// Package ingest runs the first stages of the pipeline over input files:
// read each document, repair its text and store it, one transaction per
// document.
//
// A file that fails is reported and the rest go on; a record that fails
// inside a file (one bad JSON line, one broken WARC record) is reported
// and the rest of that file goes on. Nothing half-written is ever stored:
// a document is either stored whole or not at all. A truncated file
// (read.ErrTruncated) stores the whole records before the cut and
// nothing of the cut one, and counts as a failed file.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"time"

	"dossier"
	"dossier/read"
	"dossier/repair"
)

// Stats counts what an ingest run did. It is safe to read while the run
// goes on through Snapshot.
type Stats struct {
	Files       int64 // files finished
	FilesFailed int64 // files with at least one error
	FilesTotal  int64 // files found by the walk
	Bytes       int64 // bytes of finished files
	BytesTotal  int64 // bytes of all files found
	Documents   int64 // documents read
	New         int64 // documents stored for the first time
	Known       int64 // documents already stored
	Errors      int64 // errors reported
	Warnings    int64 // warnings reported (e.g. invalid UTF-8 replaced)
	Extracted   int64 // documents whose entities were extracted
	Entities    int64 // entities extracted
	Elapsed     time.Duration
}

// Summary is the one-line human summary, e.g. "3 new, 1 already known".
func (s Stats) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d new, %d already known", s.New, s.Known)
	fmt.Fprintf(&b, " (%d documents from %d files", s.Documents, s.Files)
	if s.Elapsed > 0 {
		fmt.Fprintf(&b, " in %s", s.Elapsed.Round(time.Millisecond))
	}
	b.WriteString(")")
	if s.Extracted > 0 {
		fmt.Fprintf(&b, "; %d entities extracted from %d documents", s.Entities, s.Extracted)
	}
	if s.Errors > 0 {
		fmt.Fprintf(&b, "; %d errors in %d files", s.Errors, s.FilesFailed)
	}
	if s.Warnings > 0 {
		fmt.Fprintf(&b, "; %d warnings", s.Warnings)
	}
	return b.String()
}

// Warning is a problem that did not stop a document from being stored,
// such as invalid UTF-8 bytes that repair replaced.
type Warning struct{ Err error }

func (w *Warning) Error() string { return "warning: " + w.Err.Error() }
func (w *Warning) Unwrap() error { return w.Err }

// Extractor runs the extraction pipeline over a document's text.
type Extractor interface {
	Extract(ctx context.Context, id, text string) (*dossier.Extraction, error)
}

// ExtractionStore keeps extractions.
type ExtractionStore interface {
	SaveExtraction(ctx context.Context, x *dossier.Extraction) error
	HasExtraction(ctx context.Context, documentID string) (bool, error)
}

// DocumentStore is where an Ingester puts documents: the store, or a
// work queue from which workers store them.
type DocumentStore interface {
	// CreateDocument stores d unless a document with its ID is stored
	// already, and reports whether it was new.
	CreateDocument(ctx context.Context, d *dossier.Document) (created bool, err error)
}

// Ingester reads, repairs and stores documents.
type Ingester struct {
	Reader *read.Reader
	Store  DocumentStore

	// Extractor and Extractions, when both set, extract entities from
	// each document and store them. A document stored without its
	// extraction (a run killed between the two) is extracted when it is
	// next ingested.
	Extractor   Extractor
	Extractions ExtractionStore

	// Report, if set, receives every error and warning as it happens;
	// errors are *dossier.InputError values, warnings *Warning.
	Report func(error)

	stats struct {
		files, filesFailed, filesTotal, bytes, bytesTotal atomic.Int64
		docs, created, known, errs, warns                 atomic.Int64
		extracted, entities                               atomic.Int64
	}
	start time.Time
}

// NewIngester returns an Ingester storing into store with default reader
// limits.
func NewIngester(store DocumentStore) *Ingester {
	return &Ingester{Reader: read.NewReader(), Store: store}
}

// Snapshot returns the counts so far.
func (in *Ingester) Snapshot() Stats {
	s := &in.stats
	st := Stats{
		Files: s.files.Load(), FilesFailed: s.filesFailed.Load(), FilesTotal: s.filesTotal.Load(),
		Bytes: s.bytes.Load(), BytesTotal: s.bytesTotal.Load(),
		Documents: s.docs.Load(), New: s.created.Load(), Known: s.known.Load(),
		Errors: s.errs.Load(), Warnings: s.warns.Load(),
		Extracted: s.extracted.Load(), Entities: s.entities.Load(),
	}
	if !in.start.IsZero() {
		st.Elapsed = time.Since(in.start)
	}
	return st
}

// Run ingests the given paths ("-" is standard input, read from stdin)
// and returns the final counts. It returns an error only for failures
// that stop the whole run (the store failing, ctx cancelled); per-file
// problems are counted and passed to Report.
func (in *Ingester) Run(ctx context.Context, paths []string, stdin io.Reader) (Stats, error) {
	in.start = time.Now()
	type file struct {
		path string
		size int64
	}
	var files []file
	if err := read.Walk(paths, func(path string, size int64) error {
		files = append(files, file{path, size})
		in.stats.filesTotal.Add(1)
		in.stats.bytesTotal.Add(size)
		return nil
	}); err != nil {
		return in.Snapshot(), err
	}
	var fileBytes int64 // bytes of the current file reported by the reader
	in.Reader.Progress = func(n int64) {
		fileBytes += n
		in.stats.bytes.Add(n)
	}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return in.Snapshot(), err
		}
		fileBytes = 0
		errsBefore := in.stats.errs.Load()
		var err error
		if f.path == "-" {
			err = in.Reader.Stream(ctx, "-", stdin, func(it read.Item) error { return in.store(ctx, "-", it) })
		} else {
			err = in.Reader.File(ctx, f.path, func(it read.Item) error { return in.store(ctx, f.path, it) })
		}
		in.stats.files.Add(1)
		if rest := f.size - fileBytes; rest > 0 {
			in.stats.bytes.Add(rest) // what the reader skipped or never read
		}
		if err != nil {
			var fatal *storeError
			if errors.As(err, &fatal) || ctx.Err() != nil {
				return in.Snapshot(), err
			}
			in.report(err)
		}
		if in.stats.errs.Load() > errsBefore {
			in.stats.filesFailed.Add(1)
		}
	}
	return in.Snapshot(), nil
}

// storeError marks a failure of the store, which stops the run.
type storeError struct{ err error }

func (e *storeError) Error() string { return e.err.Error() }
func (e *storeError) Unwrap() error { return e.err }

// Document turns a reader item into a repaired document ready to store.
// It returns a nil document and an error when nothing is left to store.
func Document(path string, it read.Item) (*dossier.Document, []error) {
	text, rep := repair.String(it.Text)
	title, _ := repair.String(it.Title)
	byline, _ := repair.String(it.Byline)
	source, _ := repair.String(it.Source)
	var problems []error
	if rep.Invalid > 0 {
		problems = append(problems, &Warning{&dossier.InputError{
			File: path, Offset: rep.FirstInvalid, Record: it.Record,
			Err: fmt.Errorf("invalid UTF-8: %d bytes replaced with U+FFFD", rep.Invalid)}})
	}
	if rep.Legacy != "" {
		problems = append(problems, &Warning{&dossier.InputError{
			File: path, Offset: rep.FirstInvalid, Record: it.Record,
			Err: fmt.Errorf("not UTF-8: decoded as %s", rep.Legacy)}})
	}
	if strings.TrimSpace(text) == "" {
		problems = append(problems, &dossier.InputError{File: path, Offset: -1, Record: it.Record,
			Err: errors.New("no text")})
		return nil, problems
	}
	origin := path
	if it.Record != "" {
		origin += "#" + it.Record
	}
	return &dossier.Document{
		ID:   dossier.DocumentID(text),
		Text: text, Title: strings.TrimSpace(title), Byline: strings.TrimSpace(byline),
		URL: it.URL, Source: strings.TrimSpace(source), Published: it.Published,
		Format: it.Format, Origin: origin, Repairs: rep.Changes(),
	}, problems
}

func (in *Ingester) store(ctx context.Context, path string, it read.Item) error {
	in.stats.docs.Add(1)
	d, problems := Document(path, it)
	for _, p := range problems {
		in.report(p)
	}
	if d == nil {
		return nil
	}
	created, err := in.Store.CreateDocument(ctx, d)
	if err != nil {
		return &storeError{err}
	}
	if created {
		in.stats.created.Add(1)
	} else {
		in.stats.known.Add(1)
	}
	if in.Extractor == nil || in.Extractions == nil {
		return nil
	}
	if !created {
		if has, err := in.Extractions.HasExtraction(ctx, d.ID); err != nil {
			return &storeError{err}
		} else if has {
			return nil
		}
	}
	x, err := in.Extractor.Extract(ctx, d.ID, d.Text)
	if err != nil && ctx.Err() != nil {
		// the run is being stopped: the document stays stored without
		// its extraction, which the next run makes; the record is not
		// to blame
		return ctx.Err()
	}
	if err != nil {
		in.report(&dossier.InputError{File: path, Offset: -1, Record: it.Record, Err: fmt.Errorf("extract: %w", err)})
		return nil
	}
	if err := in.Extractions.SaveExtraction(ctx, x); err != nil {
		return &storeError{err}
	}
	in.stats.extracted.Add(1)
	in.stats.entities.Add(int64(len(x.Entities)))
	return nil
}

// report counts err (split into its joined parts) and passes it on.
func (in *Ingester) report(err error) {
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	for _, e := range errs {
		var w *Warning
		if errors.As(e, &w) {
			in.stats.warns.Add(1)
		} else {
			in.stats.errs.Add(1)
		}
		if in.Report != nil {
			in.Report(e)
		}
	}
}
