package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"dossier"
	"dossier/ingest"
	"dossier/pipeline"
)

func (m *Main) ingestCommand() *cobra.Command {
	var asJSON, noExtract bool
	var qf queueFlags
	c := &cobra.Command{
		Use:   "ingest PATH... | -",
		Short: "Read, repair and store articles (text, HTML, RSS/Atom, JSON lines, WARC, directories, stdin)",
		Long: `Read articles from files, directories (recursively) or standard input ("-"),
repair their text and store each as one document. A document's identity is
the hash of its repaired text, so ingesting the same article twice stores it
once.

Formats are detected from content: plain text, HTML pages, RSS 2.0 and Atom
feeds, JSON lines (one object per line with "text" or "html", and optional
"url", "title", "published", "source"), and WARC (.warc, .warc.gz).

A file that fails is reported with its line or byte offset, and the rest go
on; the exit status is 1 if any file failed. A truncated file (a WARC record,
gzip member, last JSON line or feed cut short) is such a failure: the whole
records before the cut are stored, nothing of the cut one.

With --queue nats://…, documents are published to the NATS JetStream work
queue instead, with their ID as message ID, for "dossier worker" to store
and extract; nothing is written to the database. A NATS server that does
not answer is an error before anything is read.`,
		Args: minArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if qf.url != "" {
				return m.runIngestQueue(c.Context(), args, asJSON, &qf)
			}
			return m.runIngest(c.Context(), args, asJSON, !noExtract)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print a JSON summary on standard output")
	c.Flags().BoolVar(&noExtract, "no-extract", false, "store documents without extracting their entities")
	qf.add(c, "queue", "publish to the NATS JetStream work queue at this URL (nats://host:port) instead of storing")
	return c
}

// ingestSummary is the --json output of ingest.
type ingestSummary struct {
	Database    string        `json:"database"`
	Files       int64         `json:"files"`
	FilesFailed int64         `json:"files_failed"`
	Documents   int64         `json:"documents"`
	New         int64         `json:"new"`
	Known       int64         `json:"known"`
	Extracted   int64         `json:"extracted"`
	Entities    int64         `json:"entities"`
	Total       int           `json:"total_documents"`
	Bytes       int64         `json:"bytes"`
	ElapsedMS   int64         `json:"elapsed_ms"`
	Errors      []errorReport `json:"errors"`
	Warnings    []errorReport `json:"warnings"`
}

// errorReport is an input problem as JSON.
type errorReport struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
	Offset *int64 `json:"offset,omitempty"`
	Record string `json:"record,omitempty"`
	Error  string `json:"error"`
}

func newErrorReport(err error) errorReport {
	var ie *dossier.InputError
	if !errors.As(err, &ie) {
		return errorReport{Error: err.Error()}
	}
	r := errorReport{File: ie.File, Line: ie.Line, Record: ie.Record, Error: ie.Err.Error()}
	if ie.Offset >= 0 {
		off := ie.Offset
		r.Offset = &off
	}
	return r
}

// runIngestQueue publishes the documents read to the work queue.
func (m *Main) runIngestQueue(ctx context.Context, paths []string, asJSON bool, qf *queueFlags) error {
	q, err := qf.open(ctx)
	if err != nil {
		return err
	}
	defer q.Close()
	in := ingest.NewIngester(q)
	summary := queueSummary{Queue: qf.url, Stream: q.Config().Stream, Errors: []errorReport{}, Warnings: []errorReport{}}
	in.Report = func(err error) {
		var w *ingest.Warning
		if errors.As(err, &w) {
			summary.Warnings = append(summary.Warnings, newErrorReport(w.Err))
		} else {
			summary.Errors = append(summary.Errors, newErrorReport(err))
		}
		fmt.Fprintln(m.Stderr, "dossier:", err)
	}
	stats, err := in.Run(ctx, paths, m.Stdin)
	if err != nil {
		return err
	}
	summary.Files, summary.FilesFailed = stats.Files, stats.FilesFailed
	summary.Documents, summary.Published, summary.Duplicates = stats.Documents, stats.New, stats.Known
	summary.Bytes, summary.ElapsedMS = stats.Bytes, stats.Elapsed.Milliseconds()
	if asJSON {
		if err := writeJSON(m.Stdout, summary); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(m.Stderr, "%d files, %d documents: %d published to %s on %s, %d dropped as published already\n",
			stats.Files, stats.Documents, stats.New, summary.Stream, qf.url, stats.Known)
	}
	if stats.FilesFailed > 0 {
		return errSilent
	}
	return nil
}

// queueSummary is the --json output of ingest --queue.
type queueSummary struct {
	Queue       string        `json:"queue"`
	Stream      string        `json:"stream"`
	Files       int64         `json:"files"`
	FilesFailed int64         `json:"files_failed"`
	Documents   int64         `json:"documents"`
	Published   int64         `json:"published"`
	Duplicates  int64         `json:"duplicates"` // dropped by the server: published already
	Bytes       int64         `json:"bytes"`
	ElapsedMS   int64         `json:"elapsed_ms"`
	Errors      []errorReport `json:"errors"`
	Warnings    []errorReport `json:"warnings"`
}

func (m *Main) runIngest(ctx context.Context, paths []string, asJSON, extract bool) error {
	st, err := m.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	docs := st.Documents
	in := ingest.NewIngester(docs)
	if extract {
		in.Extractor, in.Extractions = pipeline.Default(), st.Extractions
	}

	var (
		mu      sync.Mutex
		summary = ingestSummary{Database: st.Name, Errors: []errorReport{}, Warnings: []errorReport{}}
		bar     *progressbar.ProgressBar
	)
	in.Report = func(err error) {
		mu.Lock()
		defer mu.Unlock()
		var w *ingest.Warning
		if errors.As(err, &w) {
			summary.Warnings = append(summary.Warnings, newErrorReport(w.Err))
		} else {
			summary.Errors = append(summary.Errors, newErrorReport(err))
		}
		if bar != nil {
			bar.Clear()
		}
		fmt.Fprintln(m.Stderr, "dossier:", err)
	}

	// On a terminal, a progress bar over bytes, with files and documents/s.
	done := make(chan struct{})
	var wg sync.WaitGroup
	if !asJSON && m.styled(m.Stderr) {
		bar = progressbar.NewOptions64(-1,
			progressbar.OptionSetWriter(m.Stderr),
			progressbar.OptionShowBytes(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := time.NewTicker(200 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-done:
					return
				case <-t.C:
				}
				s := in.Snapshot()
				rate := 0.0
				if s.Elapsed > 0 {
					rate = float64(s.Documents) / s.Elapsed.Seconds()
				}
				mu.Lock()
				if s.BytesTotal > 0 {
					bar.ChangeMax64(s.BytesTotal)
				}
				bar.Describe(fmt.Sprintf("files %d/%d · %d docs · %.0f docs/s", s.Files, s.FilesTotal, s.Documents, rate))
				bar.Set64(s.Bytes)
				mu.Unlock()
			}
		}()
	}
	stats, runErr := in.Run(ctx, paths, m.Stdin)
	close(done)
	wg.Wait()
	if bar != nil {
		bar.Finish()
	}
	if runErr != nil {
		return runErr
	}
	total, err := docs.CountDocuments(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		summary.Files, summary.FilesFailed = stats.Files, stats.FilesFailed
		summary.Documents, summary.New, summary.Known = stats.Documents, stats.New, stats.Known
		summary.Extracted, summary.Entities = stats.Extracted, stats.Entities
		summary.Total, summary.Bytes, summary.ElapsedMS = total, stats.Bytes, stats.Elapsed.Milliseconds()
		if err := writeJSON(m.Stdout, summary); err != nil {
			return err
		}
	} else if m.terminal(m.Stderr) || stats.Errors > 0 {
		fmt.Fprintf(m.Stderr, "%s; %d documents in %s\n", stats.Summary(), total, st.Name)
	}
	if stats.FilesFailed > 0 {
		return errSilent
	}
	return nil
}
