package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"dossier"
	"dossier/internal/atomicfile"
	"dossier/lists"
	"dossier/names"
	"dossier/recognize"
)

func (m *Main) trainNamesCommand() *cobra.Command {
	var (
		out, checkpoint string
		passes, per     int
		background      []string
	)
	c := &cobra.Command{
		Use:   "names [--out names/params.json] [--checkpoint PATH] LIST...",
		Short: "Fit the name scorer's constants on pairs drawn from sanctions lists",
		Long: `Fit the name scorer's constants (part weights by kind, the similarity of
each kind of part match, the cost of words left over) on weakly labelled
pairs drawn from the given lists themselves: an entry's primary name
against its aliases and against "First Last" as a customer file writes it
(matches), and against the entries of its list most alike to it
(non-matches). With --background, the names of people in news corpora
(the PER entities of CoNLL-2003 or GUM files) stand for customers who are
not listed: each against the listed persons most alike (non-matches).
80% of the entries (by a hash of their id) are fitted on, the rest only
checked. The labelled pairs of ../shared/data/namepairs are not used: they
are for 'dossier eval names' only. The same lists give the same constants.
With --checkpoint, the constants are saved after every pass and a rerun
of the same command resumes.

The constants that ship in the binary are made by (from the repository root):

  dossier train names --checkpoint /tmp/names-fit.json --out names/params.json \
      --background ../shared/data/ner/conll2003/train.txt \
      ../shared/data/ofac/sdn-2021-07 ../shared/data/ofac/cons ../shared/data/un/consolidated-2026-02-27.xml`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			var ents []*dossier.Entity
			for _, p := range args {
				l, err := lists.Load(c.Context(), p)
				if err != nil {
					return err
				}
				ents = append(ents, l.Entities...)
			}
			w := &names.Weights{}
			for _, e := range ents {
				if !dossier.IsThing(e.Schema) {
					continue
				}
				strong, weak := e.Names()
				for _, n := range append(strong, weak...) {
					w.Count(n)
				}
			}
			w.Freeze()
			pairs := names.ListPairs(ents, per)
			if len(background) > 0 {
				people, err := corpusPeople(background)
				if err != nil {
					return err
				}
				bg := names.BackgroundPairs(people, ents, per)
				fmt.Fprintf(m.Stderr, "%d background names: %d pairs\n", len(people), len(bg))
				pairs = append(pairs, bg...)
			}
			pos := 0
			for _, p := range pairs {
				if p.Match {
					pos++
				}
			}
			fmt.Fprintf(m.Stderr, "%d entities: %d pairs (%d matches, %d non-matches)\n", len(ents), len(pairs), pos, len(pairs)-pos)
			var start []byte
			startPass := 0
			if checkpoint != "" {
				b, err := os.ReadFile(checkpoint)
				switch {
				case err == nil:
					if startPass, start, err = names.UnmarshalFitCheckpoint(b); err != nil {
						return fmt.Errorf("%s: %w", checkpoint, err)
					}
					fmt.Fprintf(m.Stderr, "resuming after pass %d from %s\n", startPass, checkpoint)
				case !errors.Is(err, fs.ErrNotExist):
					return err
				}
			}
			save := func(pass int, params []byte) error {
				if checkpoint == "" {
					return nil
				}
				b, err := names.MarshalFitCheckpoint(pass, params)
				if err != nil {
					return err
				}
				return atomicfile.WriteBytes(checkpoint, b)
			}
			rep, err := names.Fit(pairs, w, passes, start, startPass, save, func(s string) { fmt.Fprintln(m.Stderr, s) })
			if err != nil {
				return err
			}
			if err := atomicfile.WriteBytes(out, rep.Params); err != nil {
				return err
			}
			m.trainReport = map[string]any{"params": out, "passes": rep.Passes, "fitted": map[string]any{"before": rep.Before, "after": rep.After},
				"checked": map[string]any{"before": rep.CheckBefore, "after": rep.CheckAfter}}
			fmt.Fprintf(m.trainOut(), "fitted pairs:  before %s\n               after  %s\n", rep.Before, rep.After)
			fmt.Fprintf(m.trainOut(), "checked pairs: before %s\n               after  %s\n", rep.CheckBefore, rep.CheckAfter)
			fmt.Fprintf(m.trainOut(), "wrote %s after %d passes\n", out, rep.Passes)
			return nil
		},
	}
	c.Flags().StringVar(&out, "out", filepath.Join("names", "params.json"), "where to write the constants")
	c.Flags().StringVar(&checkpoint, "checkpoint", "", "save the constants after every pass here, and resume from it")
	c.Flags().IntVar(&passes, "passes", 4, "most passes over the constants")
	c.Flags().IntVar(&per, "negatives", 3, "non-matching entries drawn per entry or background name")
	c.Flags().StringSliceVar(&background, "background", nil, "CoNLL-2003 or GUM (.conllu) files whose PER entities are unlisted people")
	return c
}

// corpusPeople reads the PER entities of CoNLL-2003 files (GUM files
// when they end in .conllu), as written.
func corpusPeople(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		read := recognize.ReadCoNLLFile
		if strings.HasSuffix(p, ".conllu") {
			read = recognize.ReadGUMFile
		}
		docs, err := read(p)
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			for _, s := range d {
				for _, c := range recognize.Chunks(s.Labels) {
					if c.Label == "PER" {
						out = append(out, strings.Join(s.Tokens[c.Start:c.End], " "))
					}
				}
			}
		}
	}
	return out, nil
}
