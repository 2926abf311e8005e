package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"dossier/corpus"
	"dossier/internal/atomicfile"
)

// corpusFlags are the inputs every corpus subcommand reads.
type corpusFlags struct {
	csv string // the training CSV
	dir string // the annotation files
}

const defaultCorpusCSV = "../shared/data/adverse/training.csv"

func (m *Main) corpusCommand() *cobra.Command {
	var cf corpusFlags
	c := &cobra.Command{
		Use:   "corpus",
		Short: "The annotated news corpus: list, show, anchor drafts, check, agreement",
		Long: `Work on dossier's annotated news corpus (docs/annotation-guide.md,
docs/annotation-workflow.md): stand-off annotations in corpus/annotations/
of the articles of the adverse-media training CSV, by byte offsets into
each article as encoding/csv reads it.

The CSV is --csv, else $DOSSIER_CORPUS_CSV, else ` + defaultCorpusCSV + `
(relative to the repository root); the annotations are the *.jsonl files
of --dir.`,
	}
	c.PersistentFlags().StringVar(&cf.csv, "csv", "", "training CSV (default $DOSSIER_CORPUS_CSV, else "+defaultCorpusCSV+")")
	c.PersistentFlags().StringVar(&cf.dir, "dir", "corpus/annotations", "directory of annotation files (*.jsonl)")
	c.AddCommand(m.corpusListCommand(&cf), m.corpusShowCommand(&cf), m.corpusAnchorCommand(&cf),
		m.corpusCheckCommand(&cf), m.corpusAgreeCommand(&cf))
	return c
}

func (m *Main) corpusRows(cf *corpusFlags) ([]corpus.Row, map[string]*corpus.Row, error) {
	path := cf.csv
	if path == "" {
		path = m.Getenv("DOSSIER_CORPUS_CSV")
	}
	if path == "" {
		path = defaultCorpusCSV
	}
	rows, err := corpus.LoadRows(path)
	if err != nil {
		return nil, nil, err
	}
	return rows, corpus.Index(rows), nil
}

// findRow returns the row whose key is key or starts with it.
func findRow(rows []corpus.Row, key string) (*corpus.Row, error) {
	var found *corpus.Row
	for i := range rows {
		if strings.HasPrefix(rows[i].Key, key) {
			if found != nil {
				return nil, fmt.Errorf("corpus: key prefix %q names more than one row (%s, %s)", key, found.Key, rows[i].Key)
			}
			found = &rows[i]
		}
	}
	if found == nil || key == "" {
		return nil, fmt.Errorf("corpus: no row has key %q", key)
	}
	return found, nil
}

func (m *Main) corpusListCommand(cf *corpusFlags) *cobra.Command {
	var (
		split    string
		todo     bool
		maxBytes int
		limit    int
		all      bool
		asJSON   bool
	)
	c := &cobra.Command{
		Use:   "list [--split train|dev|test] [--todo] [--max-bytes N] [-n N]",
		Short: "List the usable rows in key order, with split, size and annotation passes",
		Long: `List the usable rows of the CSV in key order: key, split, article bytes,
the passes annotated (1, 2, adj; - for none), the review mark and the
subject the row was collected for. --todo keeps rows without a first
pass; --all lists unusable rows too, with their status.`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			rows, idx, err := m.corpusRows(cf)
			if err != nil {
				return err
			}
			switch split {
			case "", corpus.Train, corpus.Dev, corpus.Test:
			default:
				return usageError{fmt.Errorf("corpus list: --split %q, want train, dev or test", split)}
			}
			cp, err := corpus.LoadDir(cf.dir, idx)
			if err != nil {
				fmt.Fprintln(m.Stderr, "warning: the annotations have errors (dossier corpus check):", firstLine(err))
			}
			passes := map[string][]string{}
			if cp != nil {
				for _, r := range cp.Records {
					passes[r.Key] = append(passes[r.Key], r.Pass)
				}
			}
			sorted := slices.Clone(rows)
			slices.SortFunc(sorted, func(a, b corpus.Row) int { return strings.Compare(a.Key, b.Key) })
			w := bufio.NewWriter(m.Stdout)
			defer w.Flush()
			listed := []corpusListRow{}
			n := 0
			for _, r := range sorted {
				if r.Status != corpus.StatusUsable && !all {
					continue
				}
				s := corpus.Split(r.Key)
				if split != "" && s != split || maxBytes > 0 && len(r.Article) > maxBytes || todo && slices.Contains(passes[r.Key], corpus.PassFirst) {
					continue
				}
				if limit > 0 && n == limit {
					break
				}
				n++
				if asJSON {
					listed = append(listed, corpusListRow{Key: r.Key, Split: s, Bytes: len(r.Article), Passes: nonNilSlice(passes[r.Key]),
						Review: r.Review, Subject: r.EntityName, Status: r.Status.String()})
					continue
				}
				p := strings.Join(passes[r.Key], ",")
				if p == "" {
					p = "-"
				}
				status := ""
				if r.Status != corpus.StatusUsable {
					status = " [" + r.Status.String() + "]"
				}
				fmt.Fprintf(w, "%s\t%s\t%d\t%s\t%s\t%s%s\n", r.Key, s, len(r.Article), p, orDash(r.Review), oneLine(r.EntityName), status)
			}
			if asJSON {
				return writeJSON(w, listed)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of the rows")
	c.Flags().StringVar(&split, "split", "", "only this split")
	c.Flags().BoolVar(&todo, "todo", false, "only rows without a first pass")
	c.Flags().IntVar(&maxBytes, "max-bytes", 0, "only articles of at most N bytes")
	c.Flags().IntVarP(&limit, "n", "n", 0, "at most N rows")
	c.Flags().BoolVar(&all, "all", false, "unusable, empty and duplicate rows too")
	return c
}

// corpusListRow is a row as "corpus list --json" prints it.
type corpusListRow struct {
	Key     string   `json:"key"`
	Split   string   `json:"split"`
	Bytes   int      `json:"bytes"`
	Passes  []string `json:"passes"`
	Review  string   `json:"review"`
	Subject string   `json:"subject"`
	Status  string   `json:"status"`
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

func (m *Main) corpusShowCommand(cf *corpusFlags) *cobra.Command {
	var (
		offsets bool
		pass    string
		draft   string
		asJSON  bool
	)
	c := &cobra.Command{
		Use:   "show KEY [--offsets] [--pass 1|2|adj | --draft FILE]",
		Short: "Print an article as numbered sentences, or with a pass's annotations",
		Long: `Print the article of a row (KEY or a unique prefix of it) to the terminal
as numbered sentences: the numbers drafts use. Line breaks inside a
sentence print as spaces; drafts match any run of white space with any
other. --offsets adds each sentence's byte range.

With --pass, the annotations of that pass are drawn in: each mention as
[text|TYPE cluster], and each claim under its evidence sentence. With
--draft, the same for a draft before it is stored. Nothing is written.`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			rows, idx, err := m.corpusRows(cf)
			if err != nil {
				return err
			}
			row, err := findRow(rows, args[0])
			if err != nil {
				return err
			}
			var rec *corpus.Record
			switch {
			case pass != "" && draft != "":
				return usageError{errors.New("corpus show: --pass and --draft together")}
			case pass != "":
				cp, err := corpus.LoadDir(cf.dir, idx)
				if err != nil {
					return err
				}
				if rec = cp.Find(row.Key, pass); rec == nil {
					return fmt.Errorf("corpus: no pass %s of %s in %s", pass, row.Key, cf.dir)
				}
			case draft != "":
				d, err := readDraftFile(draft)
				if err != nil {
					return err
				}
				if d.Key != row.Key {
					return fmt.Errorf("%s: the draft is for key %q, not %s", draft, d.Key, row.Key)
				}
				if rec, err = d.Resolve(row.Article); err != nil {
					return prefixErrors(draft, err)
				}
			}
			if asJSON {
				return writeJSON(m.Stdout, corpusShowJSON(row, rec))
			}
			w := bufio.NewWriter(m.Stdout)
			defer w.Flush()
			showRow(w, row, rec, offsets)
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the row, its sentences with their byte offsets and the record as JSON")
	c.Flags().BoolVar(&offsets, "offsets", false, "print each sentence's byte offsets")
	c.Flags().StringVar(&pass, "pass", "", "draw in the annotations of this pass")
	c.Flags().StringVar(&draft, "draft", "", "draw in the annotations of this draft")
	return c
}

// corpusShown is a row as "corpus show --json" prints it: the sentence
// numbers and byte offsets are those drafts and records use.
type corpusShown struct {
	Key         string           `json:"key"`
	Split       string           `json:"split"`
	Line        int              `json:"line"`
	Bytes       int              `json:"bytes"`
	Subject     string           `json:"subject"`
	SubjectType string           `json:"subject_type"`
	CollectedAs string           `json:"collected_as"`
	Review      string           `json:"review"`
	URL         string           `json:"url"`
	Status      string           `json:"status"`
	DuplicateOf string           `json:"duplicate_of,omitempty"`
	Sentences   []corpusSentence `json:"sentences"`
	Record      *corpus.Record   `json:"record,omitempty"` // the --pass or --draft shown
}

type corpusSentence struct {
	N     int    `json:"n"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

func corpusShowJSON(row *corpus.Row, rec *corpus.Record) corpusShown {
	out := corpusShown{Key: row.Key, Split: corpus.Split(row.Key), Line: row.Line, Bytes: len(row.Article),
		Subject: row.EntityName, SubjectType: row.EntityType, CollectedAs: row.CollectedAs, Review: row.Review,
		URL: row.URL, Status: row.Status.String(), DuplicateOf: row.DuplicateOf, Sentences: []corpusSentence{}, Record: rec}
	for i, sp := range corpus.Sentences(row.Article) {
		out.Sentences = append(out.Sentences, corpusSentence{N: i + 1, Start: sp.Start, End: sp.End, Text: row.Article[sp.Start:sp.End]})
	}
	return out
}

// showRow prints a row's header and its numbered sentences, with a
// record's mentions and claims when rec is not nil.
func showRow(w io.Writer, row *corpus.Row, rec *corpus.Record, offsets bool) {
	text := row.Article
	sents := corpus.Sentences(text)
	fmt.Fprintf(w, "key %s · split %s · CSV line %d · %d bytes · %d sentences\n", row.Key, corpus.Split(row.Key), row.Line, len(text), len(sents))
	fmt.Fprintf(w, "collected for %s (%s) as %s, review %s\n", oneLine(row.EntityName), orDash(row.EntityType), orDash(row.CollectedAs), orDash(row.Review))
	fmt.Fprintf(w, "url %s\n", row.URL)
	if row.Status != corpus.StatusUsable {
		fmt.Fprintf(w, "NOT ANNOTATED: row is %s", row.Status)
		if row.DuplicateOf != "" {
			fmt.Fprintf(w, " (of %s)", row.DuplicateOf)
		}
		fmt.Fprintln(w)
	}
	if rec != nil {
		fmt.Fprintf(w, "pass %s by %s, guide %d, %s %s\n", rec.Pass, rec.Annotator, rec.Guide, rec.Status, rec.Reason)
	}
	fmt.Fprintln(w)
	for i, s := range sents {
		if offsets {
			fmt.Fprintf(w, "[%d] %d:%d ", i+1, s.Start, s.End)
		} else {
			fmt.Fprintf(w, "[%d] ", i+1)
		}
		fmt.Fprintln(w, marked(text, s, rec))
		if rec == nil {
			continue
		}
		for _, c := range rec.Claims {
			if c.Evidence.Start >= s.Start && c.Evidence.Start < s.End {
				fmt.Fprintf(w, "      %s\n", describeClaim(text, rec, c))
			}
		}
	}
}

// marked returns a sentence on one line with rec's mentions bracketed.
func marked(text string, s corpus.Span, rec *corpus.Record) string {
	var b strings.Builder
	at := s.Start
	if rec != nil {
		for _, e := range rec.Entities {
			if e.Start < s.Start || e.End > s.End {
				continue
			}
			b.WriteString(text[at:e.Start])
			tag := e.Type
			if e.Cluster != "" {
				tag += " " + e.Cluster
			}
			fmt.Fprintf(&b, "[%s|%s]", text[e.Start:e.End], tag)
			at = e.End
		}
	}
	b.WriteString(text[at:s.End])
	return oneLine(b.String())
}

// describeClaim renders a claim on one line.
func describeClaim(text string, rec *corpus.Record, c corpus.Claim) string {
	agent := func(a corpus.Agent) string {
		if a.Cluster != "" {
			return a.Cluster + " " + clusterName(text, rec, a.Cluster)
		}
		s := "«" + oneLine(text[a.Span.Start:a.Span.End]) + "»"
		if a.Anonymous {
			s += " (anonymous)"
		}
		return s
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s: %s %s «%s»", c.ID, c.Subject, clusterName(text, rec, c.Subject), c.Stance, c.Topic, oneLine(text[c.Trigger.Start:c.Trigger.End]))
	if c.Speaker != nil {
		b.WriteString(" by " + agent(*c.Speaker))
	}
	for _, v := range c.Via {
		b.WriteString(" via " + agent(v))
	}
	if c.Optional != "" {
		b.WriteString(" [" + c.Optional + "]")
	}
	return b.String()
}

// clusterName is the longest mention of a cluster.
func clusterName(text string, rec *corpus.Record, k string) string {
	best := ""
	for _, e := range rec.Entities {
		if e.Cluster == k && e.End-e.Start > len(best) {
			best = text[e.Start:e.End]
		}
	}
	return "(" + oneLine(best) + ")"
}

func readDraftFile(path string) (*corpus.Draft, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return corpus.ReadDraft(f, path)
}

// prefixErrors names the draft file in each error of a Resolve.
func prefixErrors(file string, err error) error {
	var es corpus.Errors
	if errors.As(err, &es) {
		for _, e := range es {
			if e.File == "" {
				e.File = file
			}
		}
		return es
	}
	return fmt.Errorf("%s: %w", file, err)
}

func (m *Main) corpusAnchorCommand(cf *corpusFlags) *cobra.Command {
	var out string
	c := &cobra.Command{
		Use:   "anchor DRAFT.json... [--out FILE.jsonl]",
		Short: "Resolve annotation drafts to stand-off records",
		Long: `Read drafts (docs/annotation-workflow.md), in which every span is its
text with context, find each span in the article, and write the records:
to standard output as JSON lines, or with --out into an annotation file,
replacing the record of the same key and pass and keeping the file sorted.
Any span not found, or found more than once without context to choose,
fails the command and writes nothing. Warnings (a name left unannotated
at some occurrences, a short name in a cluster of its own) go to the
standard error.`,
		Args: minArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			rows, _, err := m.corpusRows(cf)
			if err != nil {
				return err
			}
			var recs []*corpus.Record
			var errs corpus.Errors
			for _, path := range args {
				d, err := readDraftFile(path)
				if err != nil {
					return err
				}
				row, err := findRow(rows, d.Key)
				if err != nil || row.Key != d.Key {
					return fmt.Errorf("%s: key %q is not a row of the CSV", path, d.Key)
				}
				if row.Status != corpus.StatusUsable {
					return fmt.Errorf("%s: row %s is %s, not annotated", path, row.Key, row.Status)
				}
				rec, err := d.Resolve(row.Article)
				if err != nil {
					var es corpus.Errors
					if errors.As(prefixErrors(path, err), &es) {
						errs = append(errs, es...)
						continue
					}
					return err
				}
				for _, w := range corpus.Lint(rec, row.Article) {
					fmt.Fprintf(m.Stderr, "%s: warning: %s\n", path, w)
				}
				fmt.Fprintf(m.Stderr, "%s: %s\n", path, summary(rec))
				recs = append(recs, rec)
			}
			if len(errs) > 0 {
				for _, e := range errs {
					fmt.Fprintln(m.Stderr, e)
				}
				return fmt.Errorf("corpus anchor: %d problem(s); nothing written", len(errs))
			}
			if out == "" {
				for _, r := range recs {
					b, err := r.Marshal()
					if err != nil {
						return err
					}
					fmt.Fprintf(m.Stdout, "%s\n", b)
				}
				return nil
			}
			return upsertRecords(out, recs)
		},
	}
	c.Flags().StringVar(&out, "out", "", "annotation file to update (default: print to standard output)")
	return c
}

// summary describes a record in one line.
func summary(r *corpus.Record) string {
	if r.Status == corpus.StatusSkipped {
		return fmt.Sprintf("%s pass %s: skipped (%s)", r.Key, r.Pass, r.Reason)
	}
	st := corpus.NewStats()
	st.Add(r, "")
	var types []string
	for _, t := range []string{corpus.PER, corpus.ORG, corpus.LOC, corpus.MISC} {
		types = append(types, fmt.Sprintf("%s %d", t, st.Entities[t]))
	}
	return fmt.Sprintf("%s pass %s: %d mentions (%s), %d clusters, %d claims + %d optional",
		r.Key, r.Pass, len(r.Entities), strings.Join(types, ", "), st.Clusters[corpus.PER]+st.Clusters[corpus.ORG],
		st.Claims, st.Optional[corpus.Redundant]+st.Optional[corpus.Borderline])
}

// upsertRecords writes recs into the annotation file path, replacing
// lines with the same key and pass, sorted by key and pass; the file is
// replaced atomically.
func upsertRecords(path string, recs []*corpus.Record) error {
	type line struct {
		key, pass string
		data      []byte
	}
	var lines []line
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	for i, l := range bytes.Split(old, []byte("\n")) {
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		var id struct {
			Key  string `json:"key"`
			Pass string `json:"pass"`
		}
		if err := json.Unmarshal(l, &id); err != nil {
			return fmt.Errorf("%s:%d: %w (fix or remove the line first)", path, i+1, err)
		}
		lines = append(lines, line{id.Key, id.Pass, l})
	}
	for _, r := range recs {
		b, err := r.Marshal()
		if err != nil {
			return err
		}
		nl := line{r.Key, r.Pass, b}
		k := slices.IndexFunc(lines, func(l line) bool { return l.key == r.Key && l.pass == r.Pass })
		if k >= 0 {
			lines[k] = nl
		} else {
			lines = append(lines, nl)
		}
	}
	slices.SortStableFunc(lines, func(a, b line) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return strings.Compare(a.pass, b.pass)
	})
	var buf bytes.Buffer
	for _, l := range lines {
		buf.Write(l.data)
		buf.WriteByte('\n')
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return atomicfile.WriteBytes(path, buf.Bytes())
}

func (m *Main) corpusCheckCommand(cf *corpusFlags) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "check",
		Short: "Validate every annotation file and print corpus statistics per split",
		Long: `Load every annotation file of --dir, check every record against its
article (offsets, boundaries, ids, enums, the one-claim rule), print every
problem with its file, line and field, and print statistics of the gold
records (the adjudicated pass where there is one, else the first) per
split. The exit status is 1 when any record is invalid.`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			rows, idx, err := m.corpusRows(cf)
			if err != nil {
				return err
			}
			cp, lerr := corpus.LoadDir(cf.dir, idx)
			var es corpus.Errors
			if errors.As(lerr, &es) {
				for _, e := range es {
					fmt.Fprintln(m.Stderr, e)
				}
			} else if lerr != nil {
				return lerr
			}
			problems := func() error {
				if len(es) > 0 {
					return fmt.Errorf("corpus check: %d problem(s) in %s", len(es), cf.dir)
				}
				return nil
			}
			w := bufio.NewWriter(m.Stdout)
			defer w.Flush()
			usable := 0
			perSplit := map[string]int{}
			for _, r := range rows {
				if r.Status == corpus.StatusUsable {
					usable++
					perSplit[corpus.Split(r.Key)]++
				}
			}
			passes := map[string]int{}
			for _, r := range cp.Records {
				passes[r.Pass]++
			}
			stats := map[string]*corpus.Stats{"all": corpus.NewStats()}
			for _, s := range []string{corpus.Train, corpus.Dev, corpus.Test} {
				stats[s] = corpus.NewStats()
			}
			for _, r := range cp.Gold() {
				text := idx[r.Key].Article
				stats[corpus.Split(r.Key)].Add(r, text)
				stats["all"].Add(r, text)
			}
			if asJSON {
				for _, split := range []string{corpus.Train, corpus.Dev, corpus.Test} {
					perSplit[split] += 0 // every split, empty or not
				}
				report := corpusCheckReport{Rows: len(rows), Usable: usable, UsablePerSplit: perSplit, Records: len(cp.Records),
					Passes: passes, DoubleAnnotated: len(cp.Pairs()), Gold: map[string]corpusStatsJSON{}, Problems: []string{}}
				for split, st := range stats {
					report.Gold[split] = corpusStatsJSON(*st)
				}
				for _, e := range es {
					report.Problems = append(report.Problems, e.Error())
				}
				if err := writeJSON(m.Stdout, report); err != nil {
					return err
				}
				return problems()
			}
			fmt.Fprintf(w, "CSV: %d rows, %d usable (train %d, dev %d, test %d)\n", len(rows), usable, perSplit[corpus.Train], perSplit[corpus.Dev], perSplit[corpus.Test])
			fmt.Fprintf(w, "records: %d valid (pass 1: %d, pass 2: %d, adjudicated: %d), %d double-annotated documents\n",
				len(cp.Records), passes[corpus.PassFirst], passes[corpus.PassSecond], passes[corpus.PassAdjudicated], len(cp.Pairs()))
			printStats(w, stats)
			return problems()
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the counts, the statistics and the problems as JSON")
	return c
}

// corpusCheckReport is what "corpus check --json" prints.
type corpusCheckReport struct {
	Rows            int                        `json:"rows"`
	Usable          int                        `json:"usable"`
	UsablePerSplit  map[string]int             `json:"usable_per_split"`
	Records         int                        `json:"records"` // valid records
	Passes          map[string]int             `json:"passes"`  // valid records per pass
	DoubleAnnotated int                        `json:"double_annotated"`
	Gold            map[string]corpusStatsJSON `json:"gold"` // per split, and "all"
	Problems        []string                   `json:"problems"`
}

// corpusStatsJSON is corpus.Stats with JSON names.
type corpusStatsJSON struct {
	Documents  int            `json:"documents"`
	Skipped    int            `json:"skipped"`
	Bytes      int            `json:"article_bytes"`
	Entities   map[string]int `json:"mentions"`
	Clusters   map[string]int `json:"clusters"`
	Claims     int            `json:"claims"`
	Optional   map[string]int `json:"optional_claims"`
	Stances    map[string]int `json:"stances"`
	Topics     map[string]int `json:"topics"`
	Speakers   map[string]int `json:"speakers"`
	WithVia    int            `json:"claims_with_relays"`
	ClaimedDoc int            `json:"documents_with_claims"`
}

// printStats prints the statistics as a table, one column per split.
func printStats(w io.Writer, stats map[string]*corpus.Stats) {
	cols := []string{corpus.Train, corpus.Dev, corpus.Test, "all"}
	row := func(name string, f func(*corpus.Stats) int) {
		fmt.Fprintf(w, "  %-28s", name)
		for _, c := range cols {
			fmt.Fprintf(w, " %7d", f(stats[c]))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "gold records %-17s", "")
	for _, c := range cols {
		fmt.Fprintf(w, " %7s", c)
	}
	fmt.Fprintln(w)
	row("documents", func(s *corpus.Stats) int { return s.Documents })
	row("  skipped", func(s *corpus.Stats) int { return s.Skipped })
	row("  with a claim", func(s *corpus.Stats) int { return s.ClaimedDoc })
	row("article bytes", func(s *corpus.Stats) int { return s.Bytes })
	for _, t := range []string{corpus.PER, corpus.ORG, corpus.LOC, corpus.MISC} {
		row("mentions "+t, func(s *corpus.Stats) int { return s.Entities[t] })
	}
	for _, t := range []string{corpus.PER, corpus.ORG} {
		row("clusters "+t, func(s *corpus.Stats) int { return s.Clusters[t] })
	}
	row("claims (required)", func(s *corpus.Stats) int { return s.Claims })
	for _, st := range corpus.Stances {
		row("  "+st, func(s *corpus.Stats) int { return s.Stances[st] })
	}
	topics := map[string]bool{}
	for _, s := range stats {
		for t := range s.Topics {
			topics[t] = true
		}
	}
	for _, t := range sortedKeys(topics) {
		row("  "+t, func(s *corpus.Stats) int { return s.Topics[t] })
	}
	for _, k := range []string{"cluster", "descriptor", "anonymous", "none"} {
		row("  speaker "+k, func(s *corpus.Stats) int { return s.Speakers[k] })
	}
	row("  with relays", func(s *corpus.Stats) int { return s.WithVia })
	row("claims redundant", func(s *corpus.Stats) int { return s.Optional[corpus.Redundant] })
	row("claims borderline", func(s *corpus.Stats) int { return s.Optional[corpus.Borderline] })
}

func (m *Main) corpusAgreeCommand(cf *corpusFlags) *cobra.Command {
	var diff, asJSON bool
	c := &cobra.Command{
		Use:   "agree [--diff]",
		Short: "Entity and claim agreement between the two independent passes",
		Long: `Compare pass 1 and pass 2 of every document annotated twice: entity F1
(same span and type; per type; span only), claim F1 (claims match one to
one when stance and topic family are equal and the subjects' clusters
share an overlapping mention; an unmatched optional claim is forgiven),
the same with the exact topic and with overlapping evidence, B-cubed
cluster agreement over the mentions both passes have, and the stance and
topic confusions. --diff prints, per document, the mentions and required
claims only one pass has, for adjudication (article text: terminal only).`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			_, idx, err := m.corpusRows(cf)
			if err != nil {
				return err
			}
			cp, err := corpus.LoadDir(cf.dir, idx)
			if err != nil {
				return err
			}
			pairs := cp.Pairs()
			if len(pairs) == 0 {
				return fmt.Errorf("corpus agree: no document in %s has both pass 1 and pass 2", cf.dir)
			}
			ag, diffs := corpus.Agree(pairs)
			if asJSON {
				if diff {
					return usageError{errors.New("corpus agree: --diff prints article text for a terminal; it has no --json form")}
				}
				return writeJSON(m.Stdout, agreementJSON(ag))
			}
			w := bufio.NewWriter(m.Stdout)
			defer w.Flush()
			if diff {
				for _, d := range diffs {
					printDiff(w, idx[d.Key].Article, cp, d)
				}
			}
			fmt.Fprintf(w, "%d documents annotated twice (%d skipped by one pass only)\n", ag.Documents, ag.Status)
			prf := func(name string, c corpus.Counts) {
				fmt.Fprintf(w, "  %-26s P %.4f  R %.4f  F1 %.4f  (both %d, only 1: %d, only 2: %d)\n", name, c.Precision(), c.Recall(), c.F1(), c.TP, c.FN, c.FP)
			}
			prf("entities", ag.Entities)
			for _, t := range []string{corpus.PER, corpus.ORG, corpus.LOC, corpus.MISC} {
				prf("  "+t, ag.ByType[t])
			}
			prf("entity spans (any type)", ag.Spans)
			fmt.Fprintf(w, "  %-26s P %.4f  R %.4f  F1 %.4f  (%d mentions in both)\n", "clusters (B-cubed)", ag.ClusterP, ag.ClusterR, ag.ClusterF1(), ag.Mentions)
			prf("claims", ag.Claims)
			prf("claims, exact topic", ag.ClaimsTopic)
			prf("claims, same evidence", ag.ClaimsLocated)
			if len(ag.Confusions) > 0 {
				fmt.Fprintln(w, "  confusions (pass 1 > pass 2):")
				for _, k := range sortedKeys(ag.Confusions) {
					fmt.Fprintf(w, "    %-36s %d\n", k, ag.Confusions[k])
				}
			}
			fmt.Fprintf(w, "entity_f1=%.4f claim_f1=%.4f\n", ag.Entities.F1(), ag.Claims.F1())
			return nil
		},
	}
	c.Flags().BoolVar(&diff, "diff", false, "print what each document's passes disagree on")
	c.Flags().BoolVar(&asJSON, "json", false, "print the agreement figures as JSON")
	return c
}

// prfJSON is a count of matches with its precision, recall and F1.
type prfJSON struct {
	Precision  float64 `json:"precision"`
	Recall     float64 `json:"recall"`
	F1         float64 `json:"f1"`
	Both       int     `json:"both"`
	OnlyFirst  int     `json:"only_first"`
	OnlySecond int     `json:"only_second"`
}

func prf(c corpus.Counts) prfJSON {
	return prfJSON{Precision: c.Precision(), Recall: c.Recall(), F1: c.F1(), Both: c.TP, OnlyFirst: c.FN, OnlySecond: c.FP}
}

// agreementReport is what "corpus agree --json" prints.
type agreementReport struct {
	Documents     int                `json:"documents"`
	StatusDiffers int                `json:"status_differs"` // skipped by one pass only
	Entities      prfJSON            `json:"entities"`
	ByType        map[string]prfJSON `json:"entities_by_type"`
	Spans         prfJSON            `json:"entity_spans"`
	Clusters      struct {
		Precision float64 `json:"precision"`
		Recall    float64 `json:"recall"`
		F1        float64 `json:"f1"`
		Mentions  int     `json:"mentions"`
	} `json:"clusters_bcubed"`
	Claims        prfJSON        `json:"claims"`
	ClaimsTopic   prfJSON        `json:"claims_exact_topic"`
	ClaimsLocated prfJSON        `json:"claims_same_evidence"`
	Confusions    map[string]int `json:"confusions"`
}

func agreementJSON(ag *corpus.Agreement) agreementReport {
	r := agreementReport{Documents: ag.Documents, StatusDiffers: ag.Status, Entities: prf(ag.Entities), ByType: map[string]prfJSON{},
		Spans: prf(ag.Spans), Claims: prf(ag.Claims), ClaimsTopic: prf(ag.ClaimsTopic), ClaimsLocated: prf(ag.ClaimsLocated),
		Confusions: ag.Confusions}
	for t, c := range ag.ByType {
		r.ByType[t] = prf(c)
	}
	r.Clusters.Precision, r.Clusters.Recall, r.Clusters.F1, r.Clusters.Mentions = ag.ClusterP, ag.ClusterR, ag.ClusterF1(), ag.Mentions
	if r.Confusions == nil {
		r.Confusions = map[string]int{}
	}
	return r
}

func printDiff(w io.Writer, text string, cp *corpus.Corpus, d corpus.DocDiff) {
	if len(d.EntitiesA)+len(d.EntitiesB)+len(d.ClaimsA)+len(d.ClaimsB) == 0 {
		return
	}
	a, b := cp.Find(d.Key, corpus.PassFirst), cp.Find(d.Key, corpus.PassSecond)
	sents := corpus.Sentences(text)
	at := func(i int) int {
		for k, s := range sents {
			if i < s.End {
				return k + 1
			}
		}
		return len(sents)
	}
	fmt.Fprintf(w, "== %s (pass 1 by %s, pass 2 by %s)\n", d.Key, a.Annotator, b.Annotator)
	for _, e := range d.EntitiesA {
		fmt.Fprintf(w, "  only 1: [%d] %q %s %d:%d\n", at(e.Start), text[e.Start:e.End], e.Type, e.Start, e.End)
	}
	for _, e := range d.EntitiesB {
		fmt.Fprintf(w, "  only 2: [%d] %q %s %d:%d\n", at(e.Start), text[e.Start:e.End], e.Type, e.Start, e.End)
	}
	for _, c := range d.ClaimsA {
		fmt.Fprintf(w, "  only 1: [%d] %s\n", at(c.Evidence.Start), describeClaim(text, a, c))
	}
	for _, c := range d.ClaimsB {
		fmt.Fprintf(w, "  only 2: [%d] %s\n", at(c.Evidence.Start), describeClaim(text, b, c))
	}
}
