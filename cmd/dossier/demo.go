package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"dossier"
	"dossier/ingest"
	"dossier/pipeline"
	"dossier/sqlite"
)

func (m *Main) demoCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Ingest the bundled sample articles into a fresh database and search them",
		Long: `Run the main job on the sample articles bundled in the binary: read them
(text, HTML, RSS, JSON lines), repair their mojibake, store them in a new
database (--db, else a temporary one), ingest them a second time to show
that nothing is stored twice, then search them.`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			return m.runDemo(c.Context())
		},
	}
}

func (m *Main) runDemo(ctx context.Context) error {
	dir, err := os.MkdirTemp("", "dossier-demo-")
	if err != nil {
		return err
	}
	articles := filepath.Join(dir, "articles")
	if err := writeSamples(articles); err != nil {
		return err
	}
	if m.dbPath == "" {
		m.dbPath = filepath.Join(dir, "dossier.db")
	}
	db, err := m.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
	docs := sqlite.NewDocumentService(db)
	w := m.Stdout

	fmt.Fprintf(w, "Sample articles: %s\nDatabase:        %s\n\n", articles, db.Path)
	for round := 1; round <= 2; round++ {
		in := ingest.NewIngester(docs)
		in.Extractor, in.Extractions = pipeline.Default(), sqlite.NewExtractionService(db)
		in.Report = func(err error) { fmt.Fprintln(m.Stderr, "dossier:", err) }
		st, err := in.Run(ctx, []string{articles}, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "ingest #%d: %s\n", round, st.Summary())
	}

	for _, q := range []string{"cartel", "Maduro", `"money laundering"`} {
		hits, err := docs.SearchDocuments(ctx, q, 3)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\n$ dossier search %s\n", q)
		for _, h := range hits {
			fmt.Fprintf(w, "%s  %s\n    %s\n", h.Document.ID[:12], h.Document.Title,
				oneLine(highlight(h.Snippet, "[", "]")))
		}
		if len(hits) == 0 {
			fmt.Fprintln(w, "(no hits)")
		}
	}

	// Show what repair did to the sample with the most fixes.
	if hits, err := docs.SearchDocuments(ctx, "Maduro OR Chávez OR Cabello", 50); err == nil {
		var best *dossier.Document
		for _, h := range hits {
			if best == nil || len(h.Document.Repairs) > len(best.Repairs) {
				best = h.Document
			}
		}
		if best != nil && len(best.Repairs) > 0 {
			fmt.Fprintf(w, "\nRepaired on the way in (%s, %s): %s\n", best.ID[:12], filepath.Base(best.Origin),
				strings.Join(best.Repairs, "; "))
		}
	}
	fmt.Fprintf(w, "\nTry:\n  dossier --db %s search 'drug warrant'\n  dossier --db %s show ID\n", db.Path, db.Path)
	return nil
}

// writeSamples copies the embedded sample articles into dir.
func writeSamples(dir string) error {
	return fs.WalkDir(dossier.SampleArticles, "testdata/articles", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := fs.ReadFile(dossier.SampleArticles, p)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, strings.TrimPrefix(p, "testdata/articles/"))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
}
