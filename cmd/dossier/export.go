package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"dossier"
	"dossier/export"
	"dossier/internal/atomicfile"
)

func (m *Main) exportCommand() *cobra.Command {
	var (
		format, dataset, output string
		news, noLists           bool
	)
	c := &cobra.Command{
		Use:   "export --format ftm [--dataset D] [--news] [-o FILE]",
		Short: "Write the lists (and the news) as FollowTheMoney entities in JSON lines",
		Long: `Write the entities of every dataset's current list version (with --dataset,
of one) as FollowTheMoney JSON lines, the format OpenSanctions publishes and
yente, nomenklatura and Aleph read. With --news the stored news follows: each
document as an Article (or Document), its people and organizations with a
Documentation edge to it, their relations as FtM edges (Employment,
Directorship, Ownership, Membership, Family, Associate, Representation,
Occupancy of a Position) and the claims about them in dossier's extension of
the format (docs/ftm-export.md). --no-lists writes the news alone.

The lines go to standard output, or with -o to FILE, which is written whole
or not at all. A summary goes to standard error.`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			switch format {
			case "ftm":
			case "":
				return usageError{fmt.Errorf("export: --format not given; want ftm")}
			default:
				return usageError{fmt.Errorf("export: --format %q, want ftm", format)}
			}
			if noLists && !news {
				return usageError{fmt.Errorf("export: --no-lists without --news leaves nothing to write")}
			}
			if noLists && dataset != "" {
				return usageError{fmt.Errorf("export: --dataset with --no-lists")}
			}
			ctx := c.Context()
			st, err := m.openStore()
			if err != nil {
				return err
			}
			defer st.Close()
			if err := checkDataset(ctx, st.Lists, dataset); err != nil {
				return err
			}
			x := &export.Exporter{Lists: st.Lists, News: st.Extractions, Dataset: dataset, IncludeNews: news, ExcludeLists: noLists}
			var stats *export.Stats
			run := func(w io.Writer) error {
				var err error
				stats, err = x.Export(ctx, w)
				return err
			}
			if output == "" || output == "-" {
				err = run(m.Stdout)
			} else {
				err = atomicfile.Write(output, run)
			}
			if err != nil {
				return err
			}
			fmt.Fprintln(m.Stderr, exportSummary(stats, output))
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&format, "format", "", "output format: ftm (FollowTheMoney JSON lines)")
	f.StringVar(&dataset, "dataset", "", "only the list entities of this dataset (e.g. us_ofac_sdn)")
	f.BoolVar(&news, "news", false, "add the stored news: documents, people, organizations, relations, claims")
	f.BoolVar(&noLists, "no-lists", false, "leave the list entities out (with --news)")
	f.StringVarP(&output, "output", "o", "", "write to FILE (atomically) instead of standard output")
	return c
}

// checkDataset refuses a dataset that has no stored version, so that a
// mistyped name is an error, not an empty export.
func checkDataset(ctx context.Context, ls dossier.ListService, dataset string) error {
	if dataset == "" {
		return nil
	}
	vs, err := ls.FindListVersions(ctx, dataset)
	if err != nil {
		return err
	}
	if len(vs) == 0 {
		return fmt.Errorf("export: no dataset %q is loaded (see dossier lists)", dataset)
	}
	return nil
}

func exportSummary(st *export.Stats, output string) string {
	names := make([]string, 0, len(st.Schemata))
	for s := range st.Schemata {
		names = append(names, s)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, s := range names {
		parts[i] = fmt.Sprintf("%s %d", s, st.Schemata[s])
	}
	to := "standard output"
	if output != "" && output != "-" {
		to = output
	}
	s := fmt.Sprintf("exported %d entities to %s", st.Entities, to)
	if len(parts) > 0 {
		s += " (" + strings.Join(parts, ", ") + ")"
	}
	if st.Documents > 0 {
		s += fmt.Sprintf("; %d documents, %d claims", st.Documents, st.Claims)
		if st.Unattached > 0 {
			s += fmt.Sprintf(" (%d more about places or other names left out)", st.Unattached)
		}
	}
	return s
}
