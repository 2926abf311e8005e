package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"dossier"
	"dossier/download"
	"dossier/lists"
	"dossier/sqlite"
)

func (m *Main) listsCommand() *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "lists",
		Short: "Sanctions and PEP lists: show loaded versions; load, diff, update",
		Long: `Without a subcommand, show the loaded list versions and their counts.

Formats are detected from content: OFAC SDN and consolidated (non-SDN) CSV
(a directory holding sdn.csv, add.csv, alt.csv, sdn_comments.csv, or the
cons_*.csv set), OFAC sdn.xml and SDN_ADVANCED.XML, the UN Security Council
consolidated XML, EU financial sanctions XML and CSV, the UK sanctions list
CSV and XML, and FollowTheMoney JSON lines (OpenSanctions entities.ftm.json).`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			return m.runListsShow(c.Context(), asJSON)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.AddCommand(m.listsLoadCommand(), m.listsDiffCommand(), m.listsUpdateCommand())
	return c
}

func (m *Main) runListsShow(ctx context.Context, asJSON bool) error {
	db, err := m.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
	versions, err := sqlite.NewListService(db).FindListVersions(ctx, "")
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(m.Stdout, map[string]any{"versions": nonNilSlice(versions)})
	}
	if len(versions) == 0 {
		fmt.Fprintln(m.Stderr, "no lists loaded; try: dossier lists load PATH")
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DATASET\tVERSION\tPUBLISHED\tLOADED\tTARGETS\tENTITIES\tTITLE")
	seen := map[string]bool{}
	for _, v := range versions {
		mark := ""
		if !seen[v.Dataset] {
			mark = " *" // the newest version of a dataset is the current one
			seen[v.Dataset] = true
		}
		fmt.Fprintf(tw, "%s%s\t%s\t%s\t%s\t%d\t%d\t%s\n", v.Dataset, mark, v.Version[:min(12, len(v.Version))],
			formatTime(v.Published), v.Loaded.Format("2006-01-02 15:04"), v.Targets, v.Entities, v.Title)
	}
	tw.Flush()
	fmt.Fprintln(m.Stdout, "(* current version)")
	return nil
}

func (m *Main) listsLoadCommand() *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "load FILE|DIR...",
		Short: "Load list files; each argument is one list, loaded whole or not at all",
		Long: `Load sanctions or PEP lists into the database. Each argument is one list: a
file, or a directory holding one list's files (OFAC's CSV set). A list is
loaded in one transaction, as a new version that becomes current; a file
that is malformed changes nothing and its error names the line or element.
Loading a version that is already stored changes nothing.`,
		Args: minArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return m.runListsLoad(c.Context(), args, asJSON)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print a JSON summary")
	return c
}

type listLoadResult struct {
	Path    string               `json:"path"`
	Version *dossier.ListVersion `json:"version,omitempty"`
	Created bool                 `json:"created"`
	Error   string               `json:"error,omitempty"`
}

func (m *Main) runListsLoad(ctx context.Context, paths []string, asJSON bool) error {
	db, err := m.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
	svc := sqlite.NewListService(db)
	var results []listLoadResult
	failed := false
	for _, p := range paths {
		res := listLoadResult{Path: p}
		v, created, err := loadList(ctx, svc, p)
		if err != nil {
			failed = true
			res.Error = err.Error()
			fmt.Fprintln(m.Stderr, "dossier:", err)
		} else {
			res.Version, res.Created = v, created
			if !asJSON {
				state := "loaded"
				if !created {
					state = "already loaded"
				}
				fmt.Fprintf(m.Stdout, "%s: %s %s version %s: %d targets, %d entities\n",
					p, state, v.Dataset, v.Version[:12], v.Targets, v.Entities)
			}
		}
		results = append(results, res)
	}
	if asJSON {
		if err := writeJSON(m.Stdout, map[string]any{"lists": results}); err != nil {
			return err
		}
	}
	if failed {
		return errSilent
	}
	return nil
}

// loadList reads one list and stores it as a new version.
func loadList(ctx context.Context, svc *sqlite.ListService, path string) (*dossier.ListVersion, bool, error) {
	l, err := lists.Load(ctx, path)
	if err != nil {
		return nil, false, err
	}
	v := l.Version
	created, err := svc.CreateListVersion(ctx, &v, l.Entities)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", path, err)
	}
	return &v, created, nil
}

func (m *Main) listsDiffCommand() *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "diff DATASET [FROM [TO]]",
		Short: "Show entities added, removed and changed between two versions of a list",
		Long: `Compare two versions of a dataset (see "dossier lists" for names and
versions; a version may be shortened to a unique prefix). Without versions,
compare the two newest.`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) < 1 || len(args) > 3 {
				return usageError{fmt.Errorf("%s: takes DATASET [FROM [TO]]", c.CommandPath())}
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			args = append(args, "", "")
			db, err := m.openDB()
			if err != nil {
				return err
			}
			defer db.Close()
			d, err := sqlite.NewListService(db).DiffListVersions(c.Context(), args[0], args[1], args[2])
			if err != nil {
				return err
			}
			if asJSON {
				type change struct {
					ID      string   `json:"id"`
					Caption string   `json:"caption"`
					Fields  []string `json:"fields"`
				}
				changes := []change{}
				for _, ch := range d.Changed {
					changes = append(changes, change{ch.New.ID, ch.New.Caption, ch.Fields})
				}
				return writeJSON(m.Stdout, map[string]any{"dataset": d.Dataset, "from": d.From, "to": d.To,
					"added": d.Added, "removed": d.Removed, "changed": changes})
			}
			fmt.Fprintf(m.Stdout, "%s: %s → %s: %d added, %d removed, %d changed\n",
				d.Dataset, short(d.From), short(d.To), len(d.Added), len(d.Removed), len(d.Changed))
			for _, e := range d.Added {
				fmt.Fprintf(m.Stdout, "+ %s  %s  %s\n", e.ID, e.Schema, e.Caption)
			}
			for _, e := range d.Removed {
				fmt.Fprintf(m.Stdout, "- %s  %s  %s\n", e.ID, e.Schema, e.Caption)
			}
			for _, ch := range d.Changed {
				fmt.Fprintf(m.Stdout, "~ %s  %s  %s  (%s)\n", ch.New.ID, ch.New.Schema, ch.New.Caption,
					strings.Join(ch.Fields, ", "))
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func short(v string) string { return v[:min(12, len(v))] }

// defaultSources are the official download locations of the lists
// dossier can update by itself. Each dataset's files are downloaded into
// one directory, which is then loaded as one list.
var defaultSources = map[string][]string{
	"us_ofac_sdn": {
		"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV",
		"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADD.CSV",
		"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ALT.CSV",
		"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_COMMENTS.CSV",
	},
	"us_ofac_cons": {
		"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_PRIM.CSV",
		"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_ADD.CSV",
		"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_ALT.CSV",
		"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_COMMENTS.CSV",
	},
	"un_sc_sanctions": {"https://scsanctions.un.org/resources/xml/en/consolidated.xml"},
}

func (m *Main) listsUpdateCommand() *cobra.Command {
	var (
		sources  []string
		cacheDir string
		asJSON   bool
	)
	c := &cobra.Command{
		Use:   "update [DATASET...]",
		Short: "Download lists from their official URLs (only when changed) and load new versions",
		Long: `Download each dataset's files from its official URLs into a cache
directory, with conditional requests (ETag, If-Modified-Since) so that an
unchanged list is not downloaded again, then load any list that changed.

Built-in sources: ` + strings.Join(sortedKeys(defaultSources), ", ") + `.
--source DATASET=URL[,URL...] adds or replaces a dataset's URLs (repeatable);
the URLs' file names are kept (lower-cased), so OFAC's CSV set loads as a
directory. Without DATASET arguments, every configured dataset is updated.`,
		RunE: func(c *cobra.Command, args []string) error {
			srcs := map[string][]string{}
			for k, v := range defaultSources {
				srcs[k] = v
			}
			for _, s := range sources {
				name, urls, ok := strings.Cut(s, "=")
				if !ok || name == "" || urls == "" {
					return usageError{fmt.Errorf("--source %q: want DATASET=URL[,URL...]", s)}
				}
				srcs[name] = strings.Split(urls, ",")
			}
			if len(args) == 0 {
				args = sortedKeys(srcs)
			}
			if cacheDir == "" {
				dbDir, err := m.dbDir()
				if err != nil {
					return err
				}
				cacheDir = filepath.Join(dbDir, "lists")
			}
			return m.runListsUpdate(c.Context(), args, srcs, cacheDir, asJSON)
		},
	}
	c.Flags().StringArrayVar(&sources, "source", nil, "DATASET=URL[,URL...] to download (repeatable)")
	c.Flags().StringVar(&cacheDir, "cache", "", "download directory (default: lists/ beside the database)")
	c.Flags().BoolVar(&asJSON, "json", false, "print a JSON summary")
	return c
}

func (m *Main) runListsUpdate(ctx context.Context, datasets []string, srcs map[string][]string, cacheDir string, asJSON bool) error {
	db, err := m.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
	svc := sqlite.NewListService(db)
	type result struct {
		Dataset    string               `json:"dataset"`
		Downloaded int                  `json:"downloaded"`
		Unchanged  int                  `json:"unchanged"`
		Version    *dossier.ListVersion `json:"version,omitempty"`
		Created    bool                 `json:"created"`
		Error      string               `json:"error,omitempty"`
	}
	var results []result
	failed := false
	for _, ds := range datasets {
		urls, ok := srcs[ds]
		if !ok {
			return usageError{fmt.Errorf("no source for dataset %q (known: %s)", ds, strings.Join(sortedKeys(srcs), ", "))}
		}
		res := result{Dataset: ds}
		dir := filepath.Join(cacheDir, ds)
		client := download.NewClient(dir)
		var ferr error
		for _, u := range urls {
			name := strings.ToLower(filepath.Base(strings.SplitN(u, "?", 2)[0]))
			r, err := client.Fetch(ctx, u, name)
			if err != nil {
				ferr = err
				break
			}
			if r.Changed {
				res.Downloaded++
			} else {
				res.Unchanged++
			}
		}
		if ferr == nil {
			res.Version, res.Created, ferr = loadList(ctx, svc, dir)
		}
		if ferr != nil {
			failed = true
			res.Error = ferr.Error()
			fmt.Fprintf(m.Stderr, "dossier: %s: %v\n", ds, ferr)
		} else if !asJSON {
			state := "no change"
			if res.Created {
				state = "new version " + short(res.Version.Version)
			}
			fmt.Fprintf(m.Stdout, "%s: %d files downloaded, %d unchanged; %s (%d targets)\n",
				ds, res.Downloaded, res.Unchanged, state, res.Version.Targets)
		}
		results = append(results, res)
	}
	if asJSON {
		if err := writeJSON(m.Stdout, map[string]any{"updates": results}); err != nil {
			return err
		}
	}
	if failed {
		return errSilent
	}
	return nil
}

// dbDir is the directory of the database file.
func (m *Main) dbDir() (string, error) {
	path, err := m.resolveDBPath()
	if err != nil {
		return "", err
	}
	return filepath.Dir(path), nil
}
