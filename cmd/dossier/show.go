package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"dossier"
)

func (m *Main) showCommand() *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "show DOC-ID | ENTITY",
		Short: "Print a stored document, or an entity's dossier across the stored news",
		Long: `Print a stored document (DOC-ID may be shortened to any unique prefix of
4 or more characters), or, when the argument is not a document ID, the
dossier of the entity of that name (canonical name or any alias, case and
accents ignored) across all ingested documents: its roles, the claims
against it by stance over time with speakers and source chains, the
denials and acquittals that answer them, and the sources cited.`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			st, err := m.openStore()
			if err != nil {
				return err
			}
			defer st.Close()
			d, err := st.Documents.FindDocumentByID(c.Context(), args[0])
			if errors.Is(err, dossier.ErrNotFound) || errors.Is(err, dossier.ErrInvalid) {
				x, derr := st.Extractions.FindDossier(c.Context(), args[0])
				if derr != nil {
					return fmt.Errorf("%q is neither a stored document nor an entity of one: %w", args[0], derr)
				}
				if asJSON {
					return writeJSON(m.Stdout, dossierJSON(x))
				}
				printDossier(m.Stdout, x)
				return nil
			}
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(m.Stdout, documentJSON(d))
			}
			field := func(k, v string) {
				if v != "" {
					fmt.Fprintf(m.Stdout, "%-10s %s\n", k+":", v)
				}
			}
			field("id", d.ID)
			field("title", d.Title)
			field("byline", d.Byline)
			field("source", d.Source)
			field("url", d.URL)
			field("published", formatTimeFull(d.Published))
			field("format", d.Format)
			field("origin", d.Origin)
			field("ingested", formatTimeFull(d.Ingested))
			for _, r := range d.Repairs {
				field("repaired", r)
			}
			fmt.Fprintf(m.Stdout, "\n%s\n", d.Text)
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func formatTimeFull(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// documentJSON is a document as dossier prints it in JSON.
func documentJSON(d *dossier.Document) map[string]any {
	return map[string]any{
		"id": d.ID, "title": d.Title, "byline": d.Byline, "source": d.Source, "url": d.URL,
		"published": formatTimeFull(d.Published), "format": d.Format, "origin": d.Origin,
		"ingested": formatTimeFull(d.Ingested), "repairs": nonNilSlice(d.Repairs), "text": d.Text,
	}
}
