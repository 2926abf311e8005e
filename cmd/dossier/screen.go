package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"dossier"
	"dossier/monitor"
	"dossier/screen"
)

type screenFlags struct {
	dob, country, gender, typ, batch string
	threshold                        float64
	limit                            int
	asJSON, all                      bool
	queue                            queueFlags
}

func (m *Main) screenCommand() *cobra.Command {
	var f screenFlags
	c := &cobra.Command{
		Use:   "screen NAME | --batch FILE.csv",
		Short: "Screen a name (or a CSV of names) against the loaded sanctions and PEP lists",
		Long: `Screen a name against the current versions of the loaded lists (see
"dossier lists load") and print the entities that match, best first, with
the score and an explanation of each feature that made it. A hit that a
decision marked false positive for this subject (the name, and --dob, as
screened; see "dossier decision add --subject") is left out, as the
server's /screen leaves it out, and listed after the hits with the
decision; --all shows it among them, marked.

The index of the lists is kept in a file beside the database
(DATABASE.screen-index) and built again only when a list version changes
(a load or a rollback), when the dossier binary changes, or when the
file is damaged, so that a screen takes tens of milliseconds.

A subject with a birth date (--dob) or a gender (--gender) is a person,
unless --type says otherwise: it matches persons (and list entries whose
kind the list does not give, LegalEntity), never organizations, companies
or vessels. --type any screens it against every type.

A value that would hide hits is an error, reported before the lists are
read: a country that is neither an ISO 3166-1 code nor a country name or
demonym (--country Narnia, --country UK: Britain is GB), a birth date
other than YYYY, YYYY-MM or YYYY-MM-DD or no calendar date (1960-13,
1960-02-30), a --threshold outside 0 to 1.

--batch FILE.csv screens every row of a CSV file whose header has full_name
or name (or first_name and last_name), and optionally date_of_birth,
nationality, type (person, org, company, vessel, any) and id; --dob,
--country, --gender and --type apply to the rows that leave them empty. It
writes one JSON object per row, in input order, on standard output, using
all cores; hits decided false positive for the row's subject are left
out into its "suppressed" (--all keeps them, marked). A row that cannot be read or screened (no name, an unknown
type or country, a bad date) gets an "error" naming the file, line and
column in its JSON line and on standard error, the rest go on, and the
exit status is then 1.

--batch FILE.csv --queue nats://… makes the file a job instead: a job row
in the database (its progress in "dossier jobs" and GET /jobs/{id}) and one
message per row on the NATS JetStream work queue, which "dossier worker"
processes answer. The file is read whole first: a wrong header is an error
before anything is written, and an unreadable row is published with its
error as its answer. It prints the job's ID (--json: the job).`,
		RunE: func(c *cobra.Command, args []string) error {
			if f.batch != "" {
				if len(args) > 0 {
					return usageError{errors.New("screen: give a NAME or --batch, not both")}
				}
				if f.queue.url != "" {
					return m.runScreenQueue(c.Context(), f)
				}
				return m.runScreenBatch(c.Context(), f)
			}
			if f.queue.url != "" {
				return usageError{errors.New("screen: --queue needs --batch FILE.csv")}
			}
			if len(args) == 0 {
				return usageError{errors.New("screen: a NAME to screen is required (or --batch FILE.csv)")}
			}
			return m.runScreen(c.Context(), strings.Join(args, " "), f)
		},
	}
	c.Flags().StringVar(&f.dob, "dob", "", "birth date or year of the subject, YYYY, YYYY-MM or YYYY-MM-DD (1960, 1960-04, 1960-04-01); makes it a person")
	c.Flags().StringVar(&f.country, "country", "", "nationality or country: ISO 3166-1 code (VE) or name (Venezuela)")
	c.Flags().StringVar(&f.gender, "gender", "", "male or female; makes the subject a person")
	c.Flags().StringVar(&f.typ, "type", "", "person, org, company, vessel, or any (default: a person with --dob or --gender, else any)")
	c.Flags().Float64Var(&f.threshold, "threshold", 0, "score from 0 to 1 at or above which an entity is a hit (default: the name engine's)")
	c.Flags().IntVarP(&f.limit, "limit", "n", 10, "maximum number of hits")
	c.Flags().BoolVar(&f.asJSON, "json", false, "print JSON")
	c.Flags().BoolVar(&f.all, "all", false, "also show the hits decided false positive for this subject, marked")
	c.Flags().StringVar(&f.batch, "batch", "", "screen every row of a CSV file, writing JSON lines")
	f.queue.add(c, "queue", "with --batch: publish the rows as a job to the NATS JetStream work queue at this URL")
	return c
}

func schemaFor(typ string) (string, error) {
	s, err := monitor.SchemaFor(typ)
	if err != nil {
		return "", usageError{fmt.Errorf("screen: --type %q: want person, org, company, vessel or any", typ)}
	}
	return s, nil
}

// screenFlagOf names the flag that sets a field of screen.Query.
var screenFlagOf = map[string]string{"birth_date": "--dob", "country": "--country", "gender": "--gender",
	"schema": "--type", "threshold": "--threshold", "limit": "--limit", "name": "NAME"}

// errHeaderOK stops the header check at the first row.
var errHeaderOK = errors.New("header read")

// query is the query of the flags for name, validated; with name "" (a
// batch, whose rows give the names) only the flags are.
func (f screenFlags) query(name string) (screen.Query, error) {
	schema, err := schemaFor(f.typ)
	if err != nil {
		return screen.Query{}, err
	}
	q := monitor.Subject{Name: name, Schema: schema, BirthDate: f.dob, Country: f.country}.Query(f.threshold, f.limit)
	q.Gender = f.gender
	if err := q.Validate(); err != nil {
		var fe *screen.FieldError
		if !errors.As(err, &fe) {
			return screen.Query{}, err
		}
		if name != "" || fe.Field != "name" {
			flag := *fe
			flag.Field = screenFlagOf[fe.Field]
			return screen.Query{}, usageError{fmt.Errorf("screen: %w", &flag)}
		}
	}
	return q, nil
}

// rowQuery is the query of a batch row: its own values, and the flags'
// where it has none.
func rowQuery(flags screen.Query, sub monitor.Subject) screen.Query {
	q := sub.Query(flags.Threshold, flags.Limit)
	if q.Schema == "" {
		q.Schema = flags.Schema
	}
	if len(q.BirthDates) == 0 {
		q.BirthDates = flags.BirthDates
	}
	if len(q.Countries) == 0 {
		q.Countries = flags.Countries
	}
	q.Gender = flags.Gender
	return q
}

// screenHit is a hit as "dossier screen" prints it: with the decision
// that suppresses it, if any.
type screenHit struct {
	screen.Hit
	Suppressed *dossier.Decision `json:"suppressed_by,omitempty"`
}

func (m *Main) runScreen(ctx context.Context, name string, f screenFlags) error {
	defer oneShot()()
	q, err := f.query(name)
	if err != nil {
		return err
	}
	st, err := m.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	ix, err := m.storeIndex(ctx, st)
	if err != nil {
		return err
	}
	key := monitor.SubjectKey(0, name, f.dob)
	hits, left, err := screenDecided(ctx, st.NewDecisions(m.keyDir, nil), ix, key, q, f.all)
	if err != nil {
		return err
	}
	if f.asJSON {
		return writeJSON(m.Stdout, map[string]any{"query": name, "subject_key": key, "results": nonNilSlice(hits),
			"suppressed": nonNilSlice(left)})
	}
	if len(hits) == 0 {
		fmt.Fprintf(m.Stdout, "no hits for %q among %d list entities\n", name, ix.Len())
	}
	for i, h := range hits {
		fmt.Fprintf(m.Stdout, "%2d. %.3f  %-14s %-12s %s  [%s]\n", i+1, h.Score, h.EntityID, h.Schema, h.Caption,
			strings.Join(h.Datasets, ", "))
		if h.Suppressed != nil {
			fmt.Fprintf(m.Stdout, "      %s\n", suppressedBecause(h.Suppressed))
		}
		keys := sortedKeys(h.Explanations)
		sort.SliceStable(keys, func(a, b int) bool { return keys[a] == "name" }) // name first
		for _, k := range keys {
			e := h.Explanations[k]
			fmt.Fprintf(m.Stdout, "      %-10s %.3f  %s\n", k, e.Score, e.Detail)
		}
	}
	if len(left) > 0 {
		fmt.Fprintf(m.Stdout, "%d hits left out (--all shows them):\n", len(left))
		for _, h := range left {
			fmt.Fprintf(m.Stdout, "    %.3f  %-14s %s: %s\n", h.Score, h.EntityID, h.Caption, suppressedBecause(h.Suppressed))
		}
	}
	return nil
}

// screenDecided screens q and applies the decisions on the subject of
// key as the server does: a hit whose effective decision is
// false_positive goes to left, or stays among the hits, marked, when
// all; the limit holds for the hits after suppression.
func screenDecided(ctx context.Context, decisions dossier.DecisionService, ix *screen.Index, key string, q screen.Query,
	all bool) (hits, left []screenHit, err error) {
	decided, err := decisions.FindEffectiveDecisions(ctx, key)
	if err != nil {
		return nil, nil, fmt.Errorf("screen: decisions on %s: %w", key, err)
	}
	suppressed := map[string]*dossier.Decision{}
	for target, d := range decided {
		if d.Verdict == dossier.VerdictFalsePositive {
			suppressed[target] = d
		}
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 10
	}
	q.Limit = limit + len(suppressed)
	for _, h := range ix.Screen(q) {
		sh := screenHit{Hit: h, Suppressed: suppressed[h.EntityID]}
		switch {
		case sh.Suppressed != nil && !all:
			left = append(left, sh)
		case len(hits) < limit:
			hits = append(hits, sh)
		}
	}
	return hits, left, nil
}

// suppressedBecause says which decision suppresses a hit.
func suppressedBecause(d *dossier.Decision) string {
	s := fmt.Sprintf("suppressed: decided false positive by %s on %s (decision %d)", d.Author, d.Created.Format("2006-01-02"), d.ID)
	if d.Note != "" {
		s += ": " + d.Note
	}
	return s
}

// batchResult is one JSON line of --batch output.
type batchResult struct {
	Row        int         `json:"row"`
	ID         string      `json:"id,omitempty"`
	Query      string      `json:"query"`
	Error      string      `json:"error,omitempty"`
	Results    []screenHit `json:"results"`
	Suppressed []screenHit `json:"suppressed,omitempty"` // decided false positives, left out
}

func (m *Main) runScreenBatch(ctx context.Context, f screenFlags) error {
	flags, err := f.query("")
	if err != nil {
		return err
	}
	file, err := os.Open(f.batch)
	if err != nil {
		return err
	}
	defer file.Close()
	// Check the header before building the index: a wrong file fails at once.
	if err := monitor.ReadSubjects(file, f.batch, func(monitor.Subject) error { return errHeaderOK }); err != nil && !errors.Is(err, errHeaderOK) {
		return err
	}
	if _, err := file.Seek(0, io.SeekStart); err != nil {
		return err
	}
	st, err := m.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	ix, err := m.storeIndex(ctx, st)
	if err != nil {
		return err
	}
	decisions := st.NewDecisions(m.keyDir, nil)
	type job struct {
		row     int
		q       screen.Query
		id, key string
		err     error
	}
	jobs := make(chan job, 256)
	results := make(chan batchResult, 256)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				r := batchResult{Row: j.row, ID: j.id, Query: j.q.Name, Results: []screenHit{}}
				if j.err != nil {
					r.Error = j.err.Error()
				} else if hits, left, err := screenDecided(ctx, decisions, ix, j.key, j.q, f.all); err != nil {
					r.Error = err.Error()
				} else {
					r.Results, r.Suppressed = nonNilSlice(hits), left
				}
				results <- r
			}
		}()
	}

	// Read rows and feed the workers.
	readErr := make(chan error, 1)
	go func() {
		defer close(jobs)
		err := monitor.ReadSubjects(file, f.batch, func(sub monitor.Subject) error {
			j := job{row: sub.Row, id: sub.Reference, err: sub.Err, q: screen.Query{Name: sub.Name},
				key: monitor.SubjectKey(0, sub.Name, cmp.Or(sub.BirthDate, f.dob))}
			if sub.Err == nil {
				j.q = rowQuery(flags, sub)
			}
			select {
			case jobs <- j:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
		readErr <- err
	}()
	go func() { wg.Wait(); close(results) }()

	// Write results in input order.
	var bar *progressbar.ProgressBar
	if m.styled(m.Stderr) {
		bar = progressbar.NewOptions64(-1, progressbar.OptionSetWriter(m.Stderr),
			progressbar.OptionSetDescription("screening"), progressbar.OptionShowCount(),
			progressbar.OptionShowIts(), progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
	}
	enc := json.NewEncoder(m.Stdout)
	pending := map[int]batchResult{}
	next, failed := 1, 0
	for r := range results {
		pending[r.Row] = r
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			if p.Error != "" {
				failed++
				fmt.Fprintln(m.Stderr, "dossier:", p.Error)
			}
			if err := enc.Encode(p); err != nil {
				return err
			}
			next++
			if bar != nil {
				bar.Add(1)
			}
		}
	}
	if bar != nil {
		bar.Finish()
	}
	if err := <-readErr; err != nil {
		return err
	}
	if failed > 0 {
		return errSilent
	}
	return nil
}
