package main

import (
	"context"
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"dossier"
	"dossier/monitor"
	"dossier/sqlite"
)

func (m *Main) decisionCommand() *cobra.Command {
	var (
		asJSON  bool
		subject string
		watch   int64
		dob     string
	)
	c := &cobra.Command{
		Use:   "decision",
		Short: "Decisions on hits (the audit log): list, add, verify",
		Long: `Without a subcommand, list the decisions in the audit log, oldest first
(--watch ID or --subject NAME [--dob D] for one subject's).

A decision is an analyst's verdict on a hit (match, false_positive or
needs_review), by whom, with a note. The log is append-only: the database
refuses to change or delete a decision, and each one carries the SHA-256
of the one before it and its own content, so "dossier decision verify"
finds any row changed behind its back. The latest decision on a subject
and hit is the effective one; a false positive is left out of later
screens and alerts for that subject.`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			db, err := m.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			var f dossier.DecisionFilter
			if watch > 0 || subject != "" {
				key := monitor.SubjectKey(watch, subject, dob)
				f.SubjectKey = &key
			}
			ds, _, err := sqlite.NewDecisionService(db).FindDecisions(c.Context(), f)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(m.Stdout, map[string]any{"decisions": nonNilSlice(ds)})
			}
			if len(ds) == 0 {
				fmt.Fprintln(m.Stderr, "no decisions")
				return nil
			}
			tw := tabwriter.NewWriter(m.Stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tCREATED\tSUBJECT\tHIT\tVERDICT\tBY\tNOTE")
			for _, d := range ds {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", d.ID, d.Created.Format("2006-01-02 15:04:05"),
					d.SubjectKey, d.Target(), d.Verdict, d.Author, d.Note)
			}
			return tw.Flush()
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().StringVar(&subject, "subject", "", "only the decisions on this ad-hoc subject's name")
	c.Flags().Int64Var(&watch, "watch", 0, "only the decisions on this watch")
	c.Flags().StringVar(&dob, "dob", "", "the ad-hoc subject's birth date, as screened")
	c.AddCommand(m.decisionAddCommand(), m.decisionVerifyCommand())
	return c
}

func (m *Main) decisionAddCommand() *cobra.Command {
	var (
		d       dossier.Decision
		dob     string
		asJSON  bool
		entity  string
		docEnt  string
		subject string
	)
	c := &cobra.Command{
		Use:   "add (--watch ID | --subject NAME [--dob D]) (--entity LIST-ID | --document DOC-ID --doc-entity E) --verdict V --by WHO [--note TEXT]",
		Short: "Append a decision on a hit to the audit log",
		Args:  exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			ctx := c.Context()
			if (d.WatchID > 0) == (subject != "") {
				return usageError{errors.New("decision add: give --watch ID or --subject NAME")}
			}
			d.ListEntityID, d.DocEntityID = entity, docEnt
			db, err := m.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			if err := fillSubject(ctx, db, &d, subject, dob); err != nil {
				return err
			}
			if err := d.Validate(); err != nil {
				return usageError{err}
			}
			if err := sqlite.NewDecisionService(db).CreateDecision(ctx, &d); err != nil {
				return err
			}
			if asJSON {
				return writeJSON(m.Stdout, &d)
			}
			fmt.Fprintf(m.Stdout, "decision %d: %s on %s for %s, by %s (hash %s)\n", d.ID, d.Verdict, d.Target(),
				d.SubjectKey, d.Author, d.Hash[:16])
			return nil
		},
	}
	c.Flags().Int64Var(&d.WatchID, "watch", 0, "the watched subject")
	c.Flags().StringVar(&subject, "subject", "", "an ad-hoc subject's name, as screened")
	c.Flags().StringVar(&dob, "dob", "", "the ad-hoc subject's birth date, as screened")
	c.Flags().StringVar(&entity, "entity", "", "the list entity of the hit")
	c.Flags().StringVar(&d.DocumentID, "document", "", "the document of a news hit")
	c.Flags().StringVar(&docEnt, "doc-entity", "", "the document entity of a news hit (e1, e2, …)")
	c.Flags().StringVar(&d.Verdict, "verdict", "", "match, false_positive or needs_review")
	c.Flags().StringVar(&d.Author, "by", "", "who decides")
	c.Flags().StringVar(&d.Note, "note", "", "why")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

// fillSubject sets the decision's subject key and name from a watch or
// an ad-hoc name.
func fillSubject(ctx context.Context, db *sqlite.DB, d *dossier.Decision, subject, dob string) error {
	if d.WatchID > 0 {
		w, err := sqlite.NewWatchService(db).FindWatchByID(ctx, d.WatchID)
		if err != nil {
			return err
		}
		d.SubjectKey, d.SubjectName = monitor.WatchKey(w), w.Name
		return nil
	}
	d.SubjectKey, d.SubjectName = monitor.SubjectKey(0, subject, dob), subject
	return nil
}

func (m *Main) decisionVerifyCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "verify",
		Short: "Check the audit log's hash chain",
		Args:  exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			db, err := m.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			n, err := sqlite.NewDecisionService(db).VerifyDecisions(c.Context())
			if err != nil {
				return fmt.Errorf("%w (%d decisions verified before it)", err, n)
			}
			fmt.Fprintf(m.Stdout, "audit log ok: %d decisions, hash chain intact\n", n)
			return nil
		},
	}
}
