package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"dossier"
	"dossier/monitor"
)

func (m *Main) watchCommand() *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "watch",
		Short: "Watched subjects: list them; load a customer file; screen them; show alerts",
		Long: `Without a subcommand, list the watched subjects.

Watched subjects are screened again whenever a list version or a document
arrives ("dossier serve" does it as they come; "dossier watch screen" does
it now against the current lists); a hit not seen before, or whose match
changed, becomes an alert. Hits decided false positive ("dossier decision
add") are left out.`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			return m.runWatchList(c.Context(), asJSON)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.AddCommand(m.watchLoadCommand(), m.watchScreenCommand(), m.watchAlertsCommand())
	return c
}

// newMonitor returns a Monitor over the store.
func newMonitor(st *store) *monitor.Monitor {
	return monitor.New(st.Watches, st.Alerts, st.NewDecisions("", nil), st.Links)
}

func (m *Main) runWatchList(ctx context.Context, asJSON bool) error {
	st, err := m.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	ws, _, err := st.Watches.FindWatches(ctx, dossier.WatchFilter{})
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(m.Stdout, map[string]any{"watches": nonNilSlice(ws)})
	}
	if len(ws) == 0 {
		fmt.Fprintln(m.Stderr, "no watched subjects; try: dossier watch load FILE.csv")
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tREFERENCE\tNAME\tSCHEMA\tBIRTH DATE\tCOUNTRY")
	for _, w := range ws {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", w.ID, w.Reference, w.Name, w.Schema, w.BirthDate, w.Country)
	}
	return tw.Flush()
}

func (m *Main) watchLoadCommand() *cobra.Command {
	var noScreen, asJSON bool
	c := &cobra.Command{
		Use:   "load FILE.csv",
		Short: "Watch the subjects of a customer file (all or nothing), then screen them",
		Long: `Store the rows of a CSV file as watched subjects, in one transaction: a
file with a row that cannot be read stores nothing, and the error names
the file and line. The header follows "dossier screen --batch": full_name
or name (or first_name and last_name), and optionally id (the customer's
reference: a row whose id is watched already updates that watch),
date_of_birth, nationality and type (person, organization, company,
vessel, any; a row with a date_of_birth and no type is a person). A row
with an unknown country or a date that is no date is an error, as in
"dossier screen --batch". The watches are then screened against the
current lists.`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			ctx := c.Context()
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			st, err := m.openStore()
			if err != nil {
				return err
			}
			defer st.Close()
			mon := newMonitor(st)
			created, updated, err := mon.ImportWatches(ctx, f, args[0])
			if err != nil {
				return err
			}
			var stats *monitor.Stats
			if !noScreen {
				if stats, err = m.screenWatches(ctx, st, mon); err != nil {
					return err
				}
			}
			if asJSON {
				return writeJSON(m.Stdout, map[string]any{"created": created, "updated": updated, "screened": stats})
			}
			fmt.Fprintf(m.Stdout, "%d watches created, %d updated\n", created, updated)
			if stats != nil {
				printWatchStats(m.Stdout, stats)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&noScreen, "no-screen", false, "only store the watches")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func (m *Main) watchScreenCommand() *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "screen",
		Short: "Screen every watched subject against the current lists now",
		Args:  exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			st, err := m.openStore()
			if err != nil {
				return err
			}
			defer st.Close()
			stats, err := m.screenWatches(c.Context(), st, newMonitor(st))
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(m.Stdout, stats)
			}
			printWatchStats(m.Stdout, stats)
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func (m *Main) screenWatches(ctx context.Context, st *store, mon *monitor.Monitor) (*monitor.Stats, error) {
	ix, err := m.storeIndex(ctx, st)
	if err != nil {
		return nil, err
	}
	stats, err := mon.ScreenWatches(ctx, ix)
	if err != nil {
		return nil, err
	}
	return &stats, nil
}

func printWatchStats(w io.Writer, st *monitor.Stats) {
	fmt.Fprintf(w, "%d watches screened: %d hits, %d new alerts, %d changed, %d suppressed as false positives\n",
		st.Watches, st.Hits, st.New, st.Changed, st.Suppressed)
}

func (m *Main) watchAlertsCommand() *cobra.Command {
	var (
		asJSON bool
		watch  int64
		limit  int
	)
	c := &cobra.Command{
		Use:   "alerts",
		Short: "Alerts raised on watched subjects, newest first",
		Args:  exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			st, err := m.openStore()
			if err != nil {
				return err
			}
			defer st.Close()
			f := dossier.AlertFilter{Limit: limit}
			if watch > 0 {
				f.WatchID = &watch
			}
			as, n, err := st.Alerts.FindAlerts(c.Context(), f)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(m.Stdout, map[string]any{"total": n, "alerts": nonNilSlice(as)})
			}
			if len(as) == 0 {
				fmt.Fprintln(m.Stderr, "no alerts")
				return nil
			}
			tw := tabwriter.NewWriter(m.Stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tCREATED\tWATCH\tKIND\tCHANGE\tSCORE\tHIT\tDELIVERY")
			for _, a := range as {
				hit := a.ListEntityID + " " + a.Caption
				if a.Kind == dossier.AlertNewsHit {
					hit = fmt.Sprintf("%s %s (document %s)", a.DocEntityID, a.Caption, a.DocumentID)
				}
				fmt.Fprintf(tw, "%d\t%s\t%d %s\t%s\t%s\t%.3f\t%s\t%s\n", a.ID, a.Created.Format("2006-01-02 15:04"),
					a.WatchID, a.WatchName, a.Kind, a.Change, a.Score, strings.TrimSpace(hit), a.Delivery)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			if n > len(as) {
				fmt.Fprintf(m.Stderr, "%d of %d alerts shown\n", len(as), n)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().Int64Var(&watch, "watch", 0, "only the alerts of this watch ID")
	c.Flags().IntVarP(&limit, "limit", "n", 50, "most alerts shown (0: all)")
	return c
}
