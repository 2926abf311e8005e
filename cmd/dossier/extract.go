package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"dossier"
	"dossier/ingest"
	"dossier/pipeline"
	"dossier/read"
)

func (m *Main) extractCommand() *cobra.Command {
	var (
		asJSON     bool
		components string
	)
	c := &cobra.Command{
		Use:   "extract [--json] FILE | -",
		Short: "Print the people, organizations, places, amounts and dates of an article, resolved, with roles",
		Long: `Read FILE (any format ingest reads; "-" for standard input), repair its
text and run the extraction pipeline over each document in it: sentences,
named entities, in-document resolution (every surface form of an entity
grouped under one canonical name), and roles with PEP marks.

--json prints one JSON object per document (see docs/extract-json.md for
the schema); a file with several documents gives JSON lines.`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			p, err := pipeline.FromNames(strings.Split(components, ","))
			if err != nil {
				return usageError{err}
			}
			return m.runExtract(c.Context(), args[0], p, asJSON)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().StringVar(&components, "pipeline", strings.Join(pipeline.DefaultNames, ","), "components to run, in order")
	return c
}

func (m *Main) runExtract(ctx context.Context, path string, p *pipeline.Pipeline, asJSON bool) error {
	r := read.NewReader()
	n := 0
	var docs []*dossier.Extraction
	fn := func(it read.Item) error {
		d, problems := ingest.Document(path, it)
		for _, e := range problems {
			fmt.Fprintln(m.Stderr, "dossier:", e)
		}
		if d == nil {
			return nil
		}
		x, err := p.Extract(ctx, d.ID, d.Text)
		if err != nil {
			return err
		}
		n++
		docs = append(docs, x)
		return nil
	}
	var err error
	if path == "-" {
		err = r.Stream(ctx, "-", m.Stdin, fn)
	} else {
		err = r.File(ctx, path, fn)
	}
	for _, x := range docs {
		if asJSON {
			enc := json.NewEncoder(m.Stdout)
			if len(docs) == 1 {
				enc.SetIndent("", "  ")
			}
			if err := enc.Encode(x); err != nil {
				return err
			}
			continue
		}
		m.printExtraction(x)
	}
	if err != nil {
		return err
	}
	return nil
}

func (m *Main) printExtraction(x *dossier.Extraction) {
	w := m.Stdout
	fmt.Fprintf(w, "document %s (%s)\n", x.DocumentID[:12], strings.Join(x.Pipeline, " → "))
	for _, e := range x.Entities {
		if e.Type == "MONEY" || e.Type == "DATE" || e.Type == "PERCENT" {
			continue
		}
		line := fmt.Sprintf("  %-4s %-5s %s", e.ID, e.Type, e.Name)
		if len(e.Aliases) > 0 {
			line += "  (" + strings.Join(e.Aliases, "; ") + ")"
		}
		if len(e.Topics) > 0 {
			line += "  [" + strings.Join(e.Topics, " ") + "]"
		}
		if e.Deceased {
			line += "  †"
		}
		named := 0
		for _, x := range e.Mentions {
			if x.Kind == "" || x.Kind == "name" {
				named++
			}
		}
		if other := len(e.Mentions) - named; other > 0 {
			line += fmt.Sprintf("  ×%d, +%d pronouns and descriptions", named, other)
		} else {
			line += fmt.Sprintf("  ×%d", named)
		}
		fmt.Fprintln(w, line)
		for _, r := range e.Roles {
			former := ""
			if r.Former {
				former = "former "
			}
			fmt.Fprintf(w, "         role: %s%s — %q\n", former, r.Title, r.Text)
		}
	}
	var amounts []string
	for _, e := range x.Entities {
		if e.Type == "MONEY" || e.Type == "DATE" || e.Type == "PERCENT" {
			amounts = append(amounts, e.Type+" "+e.Name)
		}
	}
	if len(amounts) > 0 {
		fmt.Fprintf(w, "  %s\n", strings.Join(amounts, " · "))
	}
}
