package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"dossier/sqlite"
)

func (m *Main) searchCommand() *cobra.Command {
	var (
		asJSON bool
		limit  int
	)
	c := &cobra.Command{
		Use:   "search QUERY",
		Short: "Full-text search over stored documents, with highlighted snippets",
		Long: `Search stored documents' titles and texts. QUERY uses SQLite FTS5 syntax
(words, "exact phrases", OR, NOT, prefix*); text that is not valid syntax is
searched as plain words. Accents are ignored.`,
		Args: minArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			st, err := m.openStore()
			if err != nil {
				return err
			}
			defer st.Close()
			query := strings.Join(args, " ")
			hits, err := st.Documents.SearchDocuments(c.Context(), query, limit)
			if err != nil {
				return err
			}
			if asJSON {
				type hit struct {
					ID        string  `json:"id"`
					Title     string  `json:"title"`
					URL       string  `json:"url,omitempty"`
					Source    string  `json:"source,omitempty"`
					Published string  `json:"published,omitempty"`
					Snippet   string  `json:"snippet"`
					Rank      float64 `json:"rank"`
				}
				out := []hit{}
				for _, h := range hits {
					d := h.Document
					out = append(out, hit{ID: d.ID, Title: d.Title, URL: d.URL, Source: d.Source,
						Published: formatTime(d.Published), Rank: h.Rank,
						Snippet: highlight(h.Snippet, "<mark>", "</mark>")})
				}
				return writeJSON(m.Stdout, map[string]any{"query": query, "hits": out})
			}
			on, off := "[", "]"
			if m.styled(m.Stdout) {
				on, off = "\x1b[1;33m", "\x1b[0m"
			}
			if len(hits) == 0 {
				fmt.Fprintf(m.Stderr, "no documents match %q\n", query)
				return nil
			}
			for _, h := range hits {
				d := h.Document
				title := d.Title
				if title == "" {
					title = "(untitled)"
				}
				fmt.Fprintf(m.Stdout, "%s  %-10s  %s\n", d.ID[:12], formatTime(d.Published), title)
				fmt.Fprintf(m.Stdout, "    %s\n", oneLine(highlight(h.Snippet, on, off)))
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().IntVarP(&limit, "limit", "n", 20, "maximum number of hits")
	return c
}

func highlight(s, on, off string) string {
	return strings.NewReplacer(sqlite.MarkStart, on, sqlite.MarkEnd, off).Replace(s)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}
