package main

import (
	"context"
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"dossier"
	"dossier/monitor"
)

func (m *Main) decisionCommand() *cobra.Command {
	var f decisionListFlags
	c := &cobra.Command{
		Use:   "decision",
		Short: "Decisions on hits (the audit log): list, add, verify",
		Long: `Without a subcommand, or with "list", list the decisions in the audit log,
oldest first (--watch ID or --subject NAME [--dob D] for one subject's).

A decision is an analyst's verdict on a hit (match, false_positive or
needs_review), by whom, with a note. The latest decision on a subject and
hit is the effective one; a false positive is left out of later screens
and alerts for that subject.

The log is append-only, and tamper-evident even to someone who can write
the database file. The database refuses to change or delete a decision;
each decision carries the SHA-256 of the one before it and its content,
and an HMAC of the same under a key kept outside the database; and after
each decision a checkpoint (the number of decisions and the head MAC,
signed with ed25519) is appended to a file beside the database. The keys
are created on first use in --key-dir (default: the database path with
".keys" added; keep it private and back it up apart from the database);
the checkpoints go to the database path with ".checkpoints" added.
"dossier decision verify" recomputes both chains and checks them against
every checkpoint: a row rewritten (even with its hashes recomputed), rows
deleted from the end, a database restored from an older copy, or a
missing, forged or unsigned checkpoint file all fail it.`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error { return m.runDecisionList(c.Context(), f) },
	}
	f.register(c)
	c.PersistentFlags().StringVar(&m.keyDir, "key-dir", "", "directory of the decision log's keys (default: the database path with \".keys\" added; for PostgreSQL, postgres-HOST-PORT-DB.keys in the data directory)")
	c.AddCommand(m.decisionListCommand(), m.decisionAddCommand(), m.decisionVerifyCommand(), m.decisionCheckpointCommand())
	return c
}

// decisionListFlags are the flags of "decision" and "decision list".
type decisionListFlags struct {
	asJSON  bool
	subject string
	watch   int64
	dob     string
}

func (f *decisionListFlags) register(c *cobra.Command) {
	c.Flags().BoolVar(&f.asJSON, "json", false, "print JSON")
	c.Flags().StringVar(&f.subject, "subject", "", "only the decisions on this ad-hoc subject's name")
	c.Flags().Int64Var(&f.watch, "watch", 0, "only the decisions on this watch")
	c.Flags().StringVar(&f.dob, "dob", "", "the ad-hoc subject's birth date, as screened")
}

func (m *Main) decisionListCommand() *cobra.Command {
	var f decisionListFlags
	c := &cobra.Command{
		Use:   "list [--watch ID | --subject NAME [--dob D]] [--json]",
		Short: "List the decisions in the audit log, oldest first",
		Args:  exactArgs(0),
		RunE:  func(c *cobra.Command, args []string) error { return m.runDecisionList(c.Context(), f) },
	}
	f.register(c)
	return c
}

func (m *Main) runDecisionList(ctx context.Context, fl decisionListFlags) error {
	asJSON, subject, watch, dob := fl.asJSON, fl.subject, fl.watch, fl.dob
	st, err := m.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	var f dossier.DecisionFilter
	if watch > 0 || subject != "" {
		key := monitor.SubjectKey(watch, subject, dob)
		f.SubjectKey = &key
	}
	ds, _, err := st.NewDecisions(m.keyDir, nil).FindDecisions(ctx, f)
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
			st, err := m.openStore()
			if err != nil {
				return err
			}
			defer st.Close()
			if err := fillSubject(ctx, st.Watches, &d, subject, dob); err != nil {
				return err
			}
			if err := d.Validate(); err != nil {
				return usageError{err}
			}
			if err := st.NewDecisions(m.keyDir, nil).CreateDecision(ctx, &d); err != nil {
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
func fillSubject(ctx context.Context, watches dossier.WatchService, d *dossier.Decision, subject, dob string) error {
	if d.WatchID > 0 {
		w, err := watches.FindWatchByID(ctx, d.WatchID)
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
	var asJSON bool
	c := &cobra.Command{
		Use:   "verify",
		Short: "Check the audit log: its hash and HMAC chains, and its signed checkpoints",
		Long: `Recompute the audit log's SHA-256 and HMAC chains and check them against
every signed checkpoint. Exit status 1, naming the first problem, when a
decision was changed or rewritten (a recomputed hash does not make a MAC
without the key), decisions are missing from the middle or the end, the
database is older than its checkpoints (restored from a copy), or the
checkpoint file is missing, malformed or not signed by the log's key.`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			st, err := m.openStore()
			if err != nil {
				return err
			}
			defer st.Close()
			v, err := st.NewDecisions(m.keyDir, nil).Verify(c.Context())
			if err != nil {
				return fmt.Errorf("%w (%d decisions verified before it)", err, v.Decisions)
			}
			if asJSON {
				return writeJSON(m.Stdout, map[string]any{"ok": true, "decisions": v.Decisions, "legacy": v.Legacy,
					"checkpoints": v.Checkpoints, "latest": v.Latest, "key_id": v.KeyID})
			}
			if v.Decisions == 0 {
				fmt.Fprintln(m.Stdout, "audit log ok: no decisions yet")
				return nil
			}
			fmt.Fprintf(m.Stdout, "audit log ok: %d decisions, hash and HMAC chains intact", v.Decisions)
			if v.Legacy > 0 {
				fmt.Fprintf(m.Stdout, " (the first %d logged before MACs, by their SHA-256 chain)", v.Legacy)
			}
			fmt.Fprintf(m.Stdout, "\nlatest checkpoint: %d decisions at %s, signed by key %s (%d checkpoints verified)\n",
				v.Latest.Count, v.Latest.Time.Format(time.RFC3339), v.KeyID, v.Checkpoints)
			if n := v.Unsigned(); n > 0 {
				fmt.Fprintf(m.Stdout, "note: the last %d decisions are newer than the latest checkpoint (a checkpoint lost to a crash; the next decision's covers them)\n", n)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func (m *Main) decisionCheckpointCommand() *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "checkpoint",
		Short: "Verify the audit log and sign its current head (once, for a log kept before checkpoints)",
		Long: `Verify the audit log and append a signed checkpoint of its current length
and head. Each decision added appends one already; this is for a database
whose decisions were all logged before signed checkpoints existed, which
"decision verify" reports as unsigned: check it, then sign it here. A log
that does not verify is not signed.`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			st, err := m.openStore()
			if err != nil {
				return err
			}
			defer st.Close()
			s := st.NewDecisions(m.keyDir, nil)
			cp, err := s.Checkpoint(c.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(m.Stdout, map[string]any{"checkpoint": cp, "file": s.CheckpointPath})
			}
			fmt.Fprintf(m.Stdout, "checkpoint: %d decisions, head %s, signed by key %s, appended to %s\n",
				cp.Count, cp.Head[:16], cp.KeyID, s.CheckpointPath)
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the checkpoint as JSON")
	return c
}
