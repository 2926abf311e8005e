package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"dossier"
	"dossier/download"
	"dossier/lists"
)

func (m *Main) listsCommand() *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "lists",
		Short: "Sanctions and PEP lists: show versions and history; load, diff, update, roll back",
		Long: `Without a subcommand, show every dataset's history: all its stored
versions (newest first) with their load time and counts, the current one
(the version screening and linking use) marked with *, and the events
that changed the current version (loads and rollbacks). Versions are
never deleted; "dossier lists rollback" makes an older one current again.

A load that would lose more than half the entities of the dataset's
current version is refused unless --allow-shrink is given (see
"dossier lists load --help").

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
	c.AddCommand(m.listsLoadCommand(), m.listsDiffCommand(), m.listsUpdateCommand(), m.listsRollbackCommand())
	return c
}

func (m *Main) runListsShow(ctx context.Context, asJSON bool) error {
	st, err := m.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	svc := st.Lists
	versions, err := svc.FindListVersions(ctx, "")
	if err != nil {
		return err
	}
	events, err := svc.FindListEvents(ctx, "")
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(m.Stdout, map[string]any{"versions": nonNilSlice(versions), "events": nonNilSlice(events)})
	}
	if len(versions) == 0 {
		fmt.Fprintln(m.Stderr, "no lists loaded; try: dossier lists load PATH")
		return nil
	}
	// Group by dataset, keeping each dataset's versions newest first.
	slices.SortStableFunc(versions, func(a, b *dossier.ListVersion) int { return strings.Compare(a.Dataset, b.Dataset) })
	tw := tabwriter.NewWriter(m.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DATASET\tVERSION\tPUBLISHED\tLOADED\tTARGETS\tENTITIES\tTITLE")
	for _, v := range versions {
		mark := ""
		if v.Current {
			mark = " *"
		}
		fmt.Fprintf(tw, "%s%s\t%s\t%s\t%s\t%d\t%d\t%s\n", v.Dataset, mark, short(v.Version),
			formatTime(v.Published), v.Loaded.Format("2006-01-02 15:04"), v.Targets, v.Entities, v.Title)
	}
	tw.Flush()
	fmt.Fprintln(m.Stdout, "(* current version)")
	if len(events) > 0 {
		fmt.Fprintln(m.Stdout, "\nHistory (newest first):")
		tw = tabwriter.NewWriter(m.Stdout, 2, 4, 2, ' ', 0)
		for _, e := range events {
			from := short(e.Previous)
			if from == "" {
				from = "(none)"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s → %s\n", e.At.Format("2006-01-02 15:04:05"), e.Dataset, e.Action,
				from, short(e.Version))
		}
		tw.Flush()
	}
	return nil
}

func (m *Main) listsLoadCommand() *cobra.Command {
	var (
		asJSON, allowShrink bool
		dataset, maxSize    string
	)
	c := &cobra.Command{
		Use:   "load FILE|DIR...",
		Short: "Load list files; each argument is one list, loaded whole or not at all",
		Long: `Load sanctions or PEP lists into the database. Each argument is one list: a
file, or a directory holding one list's files (OFAC's CSV set). A list is
loaded in one transaction, as a new version that becomes current; a file
that is malformed changes nothing and its error names the line or element.
Loading a version that is already stored changes nothing (even if another
version is current after a rollback).

Each load prints what it replaces: the dataset, the current version and
its counts, and the new version and its counts. A new version with fewer
than half the entities of the current one is refused (exit status 1,
nothing stored) unless --allow-shrink is given: a truncated download or a
file taken for the wrong dataset would otherwise silently remove most of
a list from screening.

A list's dataset, the name its versions are stored under, comes from the
list, never from the file's name: OFAC's advanced XML from the list its
entries are on, OFAC's CSV files from their published names (sdn.csv, ...
or cons_prim.csv, ...), sdn.xml or consolidated.xml likewise; the UN, EU
and UK lists are always un_sc_sanctions, eu_fsf and gb_hmt_sanctions; a
FollowTheMoney file takes the one dataset all its entities name. Where the
list cannot tell (an OpenSanctions collection mixes datasets; renamed OFAC
files), --dataset names it; where it can, --dataset may only repeat it.

Files are streamed, not read whole, and the entities go into the database
as they are read. A file larger than --max-size (default
$DOSSIER_LIST_MAX_SIZE, else 1GiB; suffixes KiB, MiB, GiB) is refused, and
so is a path that is not a regular file or directory (a FIFO, /dev/zero).`,
		Args: minArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			lopts, err := m.loadOptions(dataset, maxSize)
			if err != nil {
				return err
			}
			return m.runListsLoad(c.Context(), args, dossier.ListLoadOptions{AllowShrink: allowShrink}, lopts, asJSON)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print a JSON summary")
	c.Flags().StringVar(&dataset, "dataset", "", "dataset to store the list as, where the list cannot tell")
	c.Flags().StringVar(&maxSize, "max-size", "", "largest list file read (default $DOSSIER_LIST_MAX_SIZE, else 1GiB)")
	c.Flags().BoolVar(&allowShrink, "allow-shrink", false, "load a version even if it loses more than half the current version's entities")
	return c
}

type listLoadResult struct {
	Path     string               `json:"path"`
	Version  *dossier.ListVersion `json:"version,omitempty"`
	Previous *dossier.ListVersion `json:"previous,omitempty"` // current before the load; the current one if not created
	Created  bool                 `json:"created"`
	Error    string               `json:"error,omitempty"`
}

// listOptions are the loaders' options, under a name that files whose
// variables shadow the lists package can spell.
type listOptions = lists.Options

// loadOptions builds the loaders' options from --dataset and
// --max-size (else $DOSSIER_LIST_MAX_SIZE).
func (m *Main) loadOptions(dataset, maxSize string) (lists.Options, error) {
	size, err := m.listMaxSize(maxSize, "--max-size")
	if err != nil {
		return lists.Options{}, err
	}
	return lists.Options{Dataset: strings.TrimSpace(dataset), MaxSize: size}, nil
}

// listMaxSize is the list file size limit: flag, else
// $DOSSIER_LIST_MAX_SIZE, else lists.DefaultMaxSize.
func (m *Main) listMaxSize(flag, flagName string) (int64, error) {
	what := flagName
	if flag == "" {
		flag, what = m.Getenv("DOSSIER_LIST_MAX_SIZE"), "$DOSSIER_LIST_MAX_SIZE"
	}
	if flag == "" {
		return lists.DefaultMaxSize, nil
	}
	n, err := parseSize(flag)
	if err != nil {
		return 0, usageError{fmt.Errorf("%s %q: %w", what, flag, err)}
	}
	return n, nil
}

func (m *Main) runListsLoad(ctx context.Context, paths []string, opts dossier.ListLoadOptions, lopts lists.Options, asJSON bool) error {
	st, err := m.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	var results []listLoadResult
	failed := false
	for _, p := range paths {
		res := listLoadResult{Path: p}
		v, load, err := loadList(ctx, st, p, opts, lopts)
		if err != nil {
			failed = true
			res.Error = err.Error()
			fmt.Fprintln(m.Stderr, "dossier:", err)
		} else {
			res.Version, res.Created, res.Previous = v, load.Created, load.Previous
			if !asJSON {
				fmt.Fprintf(m.Stdout, "%s: %s\n", p, describeLoad(v, load))
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

// describeLoad says what a load did: "loaded DATASET: OLD (counts) →
// NEW (counts)", or that the version was stored already.
func describeLoad(v *dossier.ListVersion, load *dossier.ListLoad) string {
	counts := func(v *dossier.ListVersion) string {
		return fmt.Sprintf("%s (%d entities, %d targets)", short(v.Version), v.Entities, v.Targets)
	}
	if !load.Created {
		s := fmt.Sprintf("already loaded %s version %s", v.Dataset, counts(v))
		if load.Previous != nil && load.Previous.Version != v.Version {
			s += fmt.Sprintf("; current is %s (see dossier lists rollback)", counts(load.Previous))
		}
		return s
	}
	old := "new dataset"
	if load.Previous != nil {
		old = counts(load.Previous)
	}
	return fmt.Sprintf("loaded %s: %s → %s", v.Dataset, old, counts(v))
}

// loadList reads one list and stores it as a new version, streaming
// its entities into the database as they are read (see lists.Options
// Sink), so that a large list is never held whole in memory.
func loadList(ctx context.Context, st *store, path string, opts dossier.ListLoadOptions, lopts lists.Options) (*dossier.ListVersion, *dossier.ListLoad, error) {
	w := st.NewListWriter(ctx, opts)
	defer w.Close()
	sink := &versionSink{w: w}
	lopts.Sink = sink
	_, err := lists.LoadOptions(ctx, lopts, path)
	if errors.Is(err, dossier.ErrListVersionStored) {
		return sink.v, w.Load(), nil
	}
	var ie *dossier.InputError
	if errors.As(err, &ie) {
		return nil, nil, err
	}
	var load *dossier.ListLoad
	if err == nil {
		load, err = w.Commit()
	}
	var shrink *dossier.ShrinkError
	if errors.As(err, &shrink) {
		return nil, nil, fmt.Errorf("%s: refused: dataset %s would go from %d entities (version %s) to %d (version %s), "+
			"losing more than half; give --allow-shrink to load it anyway", path, shrink.Dataset,
			shrink.Old.Entities, short(shrink.Old.Version), shrink.New.Entities, short(shrink.New.Version))
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return sink.v, load, nil
}

// versionSink stores a list's entities with a ListVersionWriter.
type versionSink struct {
	w listWriter
	v *dossier.ListVersion
}

func (s *versionSink) Begin(v *dossier.ListVersion) error {
	s.v = v
	return s.w.Begin(v)
}

func (s *versionSink) Add(e *dossier.Entity) error { return s.w.Add(e) }

func (m *Main) listsRollbackCommand() *cobra.Command {
	var (
		to     string
		asJSON bool
	)
	c := &cobra.Command{
		Use:   "rollback DATASET [--to VERSION]",
		Short: "Make an earlier stored version of a list current again",
		Long: `Make a stored version of DATASET its current version again: the one
given with --to (a version, or a unique prefix of at least four
characters, as "dossier lists" shows them), or else the newest version
loaded before the current one. No version is deleted; the rollback is
recorded in the dataset's history, and screening, linking and a running
server (at its next poll) use the restored version's entities. Loading
the rolled-back version's file again changes nothing; roll forward with
--to.`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			st, err := m.openStore()
			if err != nil {
				return err
			}
			defer st.Close()
			svc := st.Lists
			ev, err := svc.RollbackListVersion(c.Context(), args[0], to)
			if err != nil {
				return err
			}
			vs, err := svc.FindListVersions(c.Context(), args[0])
			if err != nil {
				return err
			}
			var from, cur *dossier.ListVersion
			for _, v := range vs {
				switch v.Version {
				case ev.Previous:
					from = v
				case ev.Version:
					cur = v
				}
			}
			if asJSON {
				return writeJSON(m.Stdout, map[string]any{"event": ev, "from": from, "to": cur})
			}
			fmt.Fprintf(m.Stdout, "%s: rolled back: %s (%d entities, %d targets) → %s (%d entities, %d targets)\n",
				ev.Dataset, short(from.Version), from.Entities, from.Targets, short(cur.Version), cur.Entities, cur.Targets)
			return nil
		},
	}
	c.Flags().StringVar(&to, "to", "", "version to make current (default: the one loaded before the current one)")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
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
			st, err := m.openStore()
			if err != nil {
				return err
			}
			defer st.Close()
			d, err := st.Lists.DiffListVersions(c.Context(), args[0], args[1], args[2])
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
		sources       []string
		cacheDir      string
		asJSON        bool
		allowShrink   bool
		maxSize       string
		redirectHosts []string
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
directory. Without DATASET arguments, every configured dataset is updated.

Each dataset's files go into CACHE/DATASET. A dataset name is one plain
path element (letters, digits, '_', '-', '.'; not starting with '.' or
'-'), so names such as ../../x, a/b or ones holding NUL are refused, and
nothing is written outside the cache directory. A redirect is followed
only to HTTPS on the same host and port as the URL requested (an http URL
may be upgraded to https on the same host); --allow-redirect HOST[:PORT]
allows other hosts ("*" any host, still HTTPS only). A refused redirect is
an error naming both URLs. As with "lists load", a new version that loses
more than half the entities of the current one is refused unless
--allow-shrink is given. Each list is stored as its DATASET, which must
agree with what the list itself names (see "dossier lists load");
--max-size bounds each file read.`,
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
				if err := download.CheckName(name); err != nil {
					return usageError{fmt.Errorf("--source %q: dataset name %w", s, err)}
				}
				srcs[name] = strings.Split(urls, ",")
			}
			if len(args) == 0 {
				args = sortedKeys(srcs)
			}
			for _, ds := range args {
				if err := download.CheckName(ds); err != nil {
					return usageError{fmt.Errorf("dataset name %w", err)}
				}
			}
			size, err := m.listMaxSize(maxSize, "--max-size")
			if err != nil {
				return err
			}
			opts := updateOptions{load: dossier.ListLoadOptions{AllowShrink: allowShrink}, redirectHosts: redirectHosts, maxSize: size}
			if cacheDir == "" {
				dbDir, err := m.dbDir()
				if err != nil {
					return err
				}
				cacheDir = filepath.Join(dbDir, "lists")
			}
			return m.runListsUpdate(c.Context(), args, srcs, cacheDir, opts, asJSON)
		},
	}
	c.Flags().StringArrayVar(&sources, "source", nil, "DATASET=URL[,URL...] to download (repeatable)")
	c.Flags().StringVar(&cacheDir, "cache", "", "download directory (default: lists/ beside the database)")
	c.Flags().BoolVar(&asJSON, "json", false, "print a JSON summary")
	c.Flags().BoolVar(&allowShrink, "allow-shrink", false, "load a version even if it loses more than half the current version's entities")
	c.Flags().StringVar(&maxSize, "max-size", "", "largest list file read (default $DOSSIER_LIST_MAX_SIZE, else 1GiB)")
	c.Flags().StringArrayVar(&redirectHosts, "allow-redirect", nil, `HOST or HOST:PORT a download may be redirected to besides its own host ("*": any; repeatable)`)
	return c
}

// updateOptions are the choices of lists update beyond the sources.
type updateOptions struct {
	load          dossier.ListLoadOptions
	redirectHosts []string
	maxSize       int64 // of each file loaded
}

func (m *Main) runListsUpdate(ctx context.Context, datasets []string, srcs map[string][]string, cacheDir string, opts updateOptions, asJSON bool) error {
	st, err := m.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	type result struct {
		Dataset    string               `json:"dataset"`
		Downloaded int                  `json:"downloaded"`
		Unchanged  int                  `json:"unchanged"`
		Version    *dossier.ListVersion `json:"version,omitempty"`
		Previous   *dossier.ListVersion `json:"previous,omitempty"`
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
		client.RedirectHosts = opts.redirectHosts
		var ferr error
		for _, u := range urls {
			name := strings.ToLower(filepath.Base(strings.SplitN(u, "?", 2)[0]))
			r, err := client.Fetch(ctx, u, name)
			if err != nil {
				var re *download.RedirectError
				if errors.As(err, &re) {
					err = fmt.Errorf("%w (give --allow-redirect HOST to allow another host)", err)
				}
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
			var load *dossier.ListLoad
			res.Version, load, ferr = loadList(ctx, st, dir, opts.load, lists.Options{Dataset: ds, MaxSize: opts.maxSize})
			if ferr == nil {
				res.Created, res.Previous = load.Created, load.Previous
			}
		}
		if ferr != nil {
			failed = true
			res.Error = ferr.Error()
			fmt.Fprintf(m.Stderr, "dossier: %s: %v\n", ds, ferr)
		} else if !asJSON {
			state := "no change"
			if res.Created {
				state = "new version " + short(res.Version.Version)
				if res.Previous != nil {
					state += fmt.Sprintf(" replaces %s (%d targets)", short(res.Previous.Version), res.Previous.Targets)
				}
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
