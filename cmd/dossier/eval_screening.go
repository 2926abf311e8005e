package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"dossier"
	"dossier/lists"
	"dossier/screen"
	"dossier/synth"
)

// screeningEval is what the sections of "eval screening" share: the
// index of the lists and the names of the persons on them.
type screeningEval struct {
	ix        *screen.Index
	listed    *synth.Listed
	self      []screen.SelfQuery // every entity's self-screening queries
	threshold float64            // 0: the engine's default
	synthetic int
	seed      uint64
	show      int
}

// figure is one key=value of the last, machine-readable line.
type figure struct {
	key   string
	value any
}

// screeningSection is one part of the report: it prints its lines and
// returns its figures for the last line.
type screeningSection struct {
	title string
	run   func(ctx context.Context, w io.Writer, ev *screeningEval) ([]figure, error)
}

func (m *Main) evalScreeningCommand() *cobra.Command {
	var (
		paths []string
		ev    screeningEval
	)
	c := &cobra.Command{
		Use:   "screening [--lists PATH...] [--synthetic N] [--seed S] [--show K]",
		Short: "Self-screening recall of the lists, and the hits screening gives on people who are not listed",
		Long: `First screen every entity of the lists by its own names, as a customer
file would write them (screen.SelfQueries: for a person "First Last",
"LAST, First" and the primary name; for anything else its primary name),
and report the share that finds its own entry at the threshold, per form.

Then screen synthetic people who are not on the lists and count the hits they
get: every one is a false positive or a namesake. The people (package synth)
are drawn from name-part statistics of seven cultures in their own scripts
(western and hispanic in Latin letters, Arabic, Persian, Chinese, Korean,
Russian and Ukrainian), with birth dates from 1940 to 2005; a person whose
name is, word for word, that of a listed person is left out.

The lists are the current versions in the database, as for "dossier
screen", or the files given with --lists (or as arguments), each one list
(a file, or a directory of OFAC CSV files), loaded without a database.

Each person is screened as a name and a birth date without a schema (a
customer file without a type column), then with the schema Person, and
for reference as a name alone. The report gives the queries with at least one hit and the hits at
the threshold (every candidate over it, not only the first ten), by culture
and by the schema of the entity hit; --show K prints the first K hits of
the first run with their explanations (and the first K self-screening
misses). The last line is: self_first_last=… self_last_first=…
self_primary=… synthetic_queries=… queries_with_hits=… hits=…
person_queries_with_hits=… hits_person_schema=…
name_only_queries_with_hits=… name_only_hits=…`,
		RunE: func(c *cobra.Command, args []string) error {
			if ev.synthetic <= 0 {
				return usageError{errors.New("eval screening: --synthetic must be at least 1")}
			}
			if ev.show < 0 || ev.threshold < 0 || ev.threshold > 1 {
				return usageError{errors.New("eval screening: --show must be 0 or more and --threshold from 0 to 1")}
			}
			return m.runEvalScreening(c.Context(), append(paths, args...), &ev)
		},
	}
	c.Flags().StringSliceVar(&paths, "lists", nil, "list files or directories to load instead of the database's lists (also as arguments)")
	c.Flags().IntVar(&ev.synthetic, "synthetic", 2000, "synthetic people to screen")
	c.Flags().Uint64Var(&ev.seed, "seed", 1, "seed of the synthetic people")
	c.Flags().IntVar(&ev.show, "show", 0, "print the first K hits with their explanations")
	c.Flags().Float64Var(&ev.threshold, "threshold", 0, "score at or above which an entity is a hit (default: the name engine's)")
	return c
}

// screeningSections are run in order; each adds its figures to the
// last line.
var screeningSections = []screeningSection{
	{"self-screening of the lists", runSelfSection},
	{"synthetic non-listed people", runSyntheticSection},
}

// runSelfSection screens every listed entity by its own names (see
// screen.SelfQueries) and reports the share that finds its entry, per
// form, and with --show the first misses.
func runSelfSection(ctx context.Context, w io.Writer, ev *screeningEval) ([]figure, error) {
	qs := ev.self
	if ev.threshold > 0 {
		qs = make([]screen.SelfQuery, len(ev.self))
		for i, q := range ev.self {
			q.Query.Threshold = ev.threshold
			qs[i] = q
		}
	}
	var figs []figure
	for _, f := range ev.ix.SelfScreen(qs) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		fmt.Fprintf(w, "%-10s %6d queries, %6d find their entry: recall %.4f\n", f.Form, f.Queries, f.Found, f.Recall())
		for i, m := range f.Misses {
			if i == ev.show {
				break
			}
			fmt.Fprintf(w, "  miss %q (%s) → best %.3f %s %q: %s\n", m.Query.Name, m.EntityID, m.Best.Score, m.Best.EntityID,
				m.Best.Caption, m.Best.Explanations["name_parts"].Detail)
		}
		figs = append(figs, figure{"self_" + f.Form, fmt.Sprintf("%.4f", f.Recall())})
	}
	return figs, nil
}

func (m *Main) runEvalScreening(ctx context.Context, paths []string, ev *screeningEval) error {
	b, listed := screen.NewBuilder(), synth.NewListed()
	add := func(e *dossier.Entity) {
		b.Add(e)
		listed.Add(e)
		ev.self = append(ev.self, screen.SelfQueries(e)...)
	}
	if len(paths) > 0 {
		for _, p := range paths {
			l, err := lists.Load(ctx, p)
			if err != nil {
				return err
			}
			before := b.Len()
			for _, e := range l.Entities {
				add(e)
			}
			fmt.Fprintf(m.evalText(), "list %s: %s, %d entities indexed\n", p, l.Version.Dataset, b.Len()-before)
		}
	} else {
		st, err := m.openStore()
		if err != nil {
			return err
		}
		err = st.Lists.CurrentEntities(ctx, func(e *dossier.Entity) error {
			add(e)
			return nil
		})
		st.Close()
		if err != nil {
			return err
		}
	}
	if b.Len() == 0 {
		return errors.New("eval screening: no list entities: give --lists PATH or load lists with 'dossier lists load PATH'")
	}
	ev.ix, ev.listed = b.Index(), listed
	fmt.Fprintf(m.evalText(), "%d list entities indexed, %d person names known\n", ev.ix.Len(), listed.Len())
	var all []figure
	for _, s := range screeningSections {
		fmt.Fprintf(m.evalText(), "\n== %s ==\n", s.title)
		figs, err := s.run(ctx, m.evalText(), ev)
		if err != nil {
			return fmt.Errorf("eval screening: %s: %w", s.title, err)
		}
		all = append(all, figs...)
	}
	figures := map[string]any{}
	for _, f := range all {
		figures[f.key] = f.value
	}
	m.evalReport = figures
	fmt.Fprintln(m.evalText())
	for i, f := range all {
		if i > 0 {
			fmt.Fprint(m.evalText(), " ")
		}
		fmt.Fprintf(m.evalText(), "%s=%v", f.key, f.value)
	}
	fmt.Fprintln(m.evalText())
	return nil
}

// unlistedPeople draws synthetic people until n of them are not listed.
func unlistedPeople(n int, seed uint64, listed *synth.Listed) (people []synth.Person, dropped int, err error) {
	g := synth.NewGenerator(seed)
	for len(people) < n {
		p := g.Next()
		if listed.Has(p.Name) {
			dropped++
			if dropped > 10*n+100 {
				return nil, dropped, fmt.Errorf("%d of %d people drawn are listed: the lists hold nearly every name", dropped, dropped+len(people))
			}
			continue
		}
		people = append(people, p)
	}
	return people, dropped, nil
}

// screenAll screens the queries on all cores; hits[i] answers queries[i].
func screenAll(ctx context.Context, ix *screen.Index, queries []screen.Query) ([][]screen.Hit, error) {
	hits := make([][]screen.Hit, len(queries))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				hits[i] = ix.Screen(queries[i])
			}
		}()
	}
	var err error
feed:
	for i := range queries {
		select {
		case next <- i:
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	return hits, err
}

// hitCounts summarizes one run of queries.
type hitCounts struct {
	queries, withHits, hits int
	byCulture               map[synth.Culture][2]int // queries with hits, hits
	bySchema                map[string]int
}

func countHits(people []synth.Person, hits [][]screen.Hit) hitCounts {
	c := hitCounts{queries: len(people), byCulture: map[synth.Culture][2]int{}, bySchema: map[string]int{}}
	for i, hs := range hits {
		if len(hs) == 0 {
			continue
		}
		c.withHits++
		c.hits += len(hs)
		x := c.byCulture[people[i].Culture]
		x[0]++
		x[1] += len(hs)
		c.byCulture[people[i].Culture] = x
		for _, h := range hs {
			c.bySchema[h.Schema]++
		}
	}
	return c
}

func (c hitCounts) print(w io.Writer, label string, threshold float64, people []synth.Person) {
	fmt.Fprintf(w, "%s: %d queries, %d with hits, %d hits at threshold %.2f\n", label, c.queries, c.withHits, c.hits, threshold)
	perCulture := map[synth.Culture]int{}
	for _, p := range people {
		perCulture[p.Culture]++
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  CULTURE\tQUERIES\tWITH HITS\tHITS")
	for _, cu := range synth.Cultures() {
		x := c.byCulture[cu]
		fmt.Fprintf(tw, "  %s\t%d\t%d\t%d\n", cu, perCulture[cu], x[0], x[1])
	}
	tw.Flush()
	schemas := sortedKeys(c.bySchema)
	sort.SliceStable(schemas, func(a, b int) bool { return c.bySchema[schemas[a]] > c.bySchema[schemas[b]] })
	parts := make([]string, len(schemas))
	for i, s := range schemas {
		parts[i] = fmt.Sprintf("%s %d", s, c.bySchema[s])
	}
	if len(parts) == 0 {
		parts = []string{"none"}
	}
	fmt.Fprintf(w, "  hits by schema: %s\n", strings.Join(parts, ", "))
}

// runSyntheticSection screens synthetic people who are not listed.
func runSyntheticSection(ctx context.Context, w io.Writer, ev *screeningEval) ([]figure, error) {
	people, dropped, err := unlistedPeople(ev.synthetic, ev.seed, ev.listed)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "%d people (seed %d), %d more drawn and left out as listed names\n", len(people), ev.seed, dropped)
	threshold := ev.threshold
	if threshold == 0 {
		threshold = ev.ix.Matcher.Threshold
	}
	// Every hit over the threshold counts, not only the first ten
	// (MaxCandidates bounds them).
	limit := max(ev.ix.MaxCandidates, 48)
	query := func(schema string, dob bool) []screen.Query {
		qs := make([]screen.Query, len(people))
		for i, p := range people {
			qs[i] = screen.Query{Name: p.Name, Schema: schema, Threshold: ev.threshold, Limit: limit}
			if dob {
				qs[i].BirthDates = []string{p.BirthDate}
			}
		}
		return qs
	}
	anyHits, err := screenAll(ctx, ev.ix, query("", true))
	if err != nil {
		return nil, err
	}
	personHits, err := screenAll(ctx, ev.ix, query("Person", true))
	if err != nil {
		return nil, err
	}
	nameHits, err := screenAll(ctx, ev.ix, query("", false))
	if err != nil {
		return nil, err
	}
	a, p, n := countHits(people, anyHits), countHits(people, personHits), countHits(people, nameHits)
	a.print(w, "name and birth date, no schema", threshold, people)
	p.print(w, "name and birth date, schema Person", threshold, people)
	n.print(w, "name only, no schema (for reference)", threshold, people)
	if ev.show > 0 {
		fmt.Fprintf(w, "first %d hits without schema:\n", ev.show)
		shown := 0
	show:
		for i, hs := range anyHits {
			for _, h := range hs {
				if shown == ev.show {
					break show
				}
				shown++
				printSyntheticHit(w, shown, people[i], h)
			}
		}
	}
	return []figure{
		{"synthetic_queries", a.queries}, {"queries_with_hits", a.withHits}, {"hits", a.hits},
		{"person_queries_with_hits", p.withHits}, {"hits_person_schema", p.hits},
		{"name_only_queries_with_hits", n.withHits}, {"name_only_hits", n.hits},
	}, nil
}

func printSyntheticHit(w io.Writer, n int, p synth.Person, h screen.Hit) {
	fmt.Fprintf(w, "%3d. [%s] %q %s → %.3f %s %s %q", n, p.Culture, p.Name, p.BirthDate, h.Score, h.EntityID, h.Schema, h.Caption)
	if h.MatchedName != "" && h.MatchedName != h.Caption {
		fmt.Fprintf(w, " as %q", h.MatchedName)
	}
	fmt.Fprintln(w)
	keys := sortedKeys(h.Explanations)
	sort.SliceStable(keys, func(a, b int) bool { return keys[a] == "name_parts" }) // name_parts first
	for _, k := range keys {
		if k == "name" {
			continue // name_parts says more
		}
		e := h.Explanations[k]
		fmt.Fprintf(w, "       %-10s %.3f  %s\n", k, e.Score, e.Detail)
	}
}
