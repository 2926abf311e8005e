package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"dossier/link"
)

func (m *Main) linkCommand() *cobra.Command {
	var (
		asJSON    bool
		threshold float64
	)
	c := &cobra.Command{
		Use:   "link [DOC-ID...]",
		Short: "Link the people and organizations of documents to list entries",
		Long: `Screen each person and organization extracted from the given documents
(all documents with an extraction when none is given) against the current
lists, and store the list entries they match with score and explanation
(Cabello in an article ↔ SDN "CABELLO RONDON, Diosdado"). Only links that
changed are rewritten; the counts say what changed.`,
		RunE: func(c *cobra.Command, args []string) error {
			ctx := c.Context()
			st, err := m.openStore()
			if err != nil {
				return err
			}
			defer st.Close()
			ix, err := m.storeIndex(ctx, st)
			if err != nil {
				return err
			}
			l := link.NewLinker(st.Links)
			if threshold > 0 {
				l.Threshold = threshold
			}
			var stats link.Stats
			if len(args) == 0 {
				if stats, err = l.Relink(ctx, ix); err != nil {
					return err
				}
			} else {
				for _, id := range args {
					d, err := st.Documents.FindDocumentByID(ctx, id)
					if err != nil {
						return err
					}
					cnt, err := l.LinkDocument(ctx, ix, d.ID)
					if err != nil {
						return err
					}
					stats.Documents++
					stats.Add(cnt)
				}
			}
			if asJSON {
				return writeJSON(m.Stdout, stats)
			}
			fmt.Fprintf(m.Stdout, "%d documents linked: %d links added, %d changed, %d removed, %d unchanged\n",
				stats.Documents, stats.Added, stats.Changed, stats.Removed, stats.Unchanged)
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().Float64Var(&threshold, "threshold", 0, fmt.Sprintf("score a link needs (default %.2f)", link.DefaultThreshold))
	return c
}
