package claimeval

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"dossier/corpus"
)

// Summary is the last line of WriteText: the figures the acceptance of
// a model is judged on.
func (r *Result) Summary() string {
	return fmt.Sprintf("claims_f1=%.4f persons_f1=%.4f orgs_f1=%.4f speaker_acc=%.4f persons_resolved=%.4f",
		r.Claims.F1(), r.Entities[corpus.PER].F1(), r.Entities[corpus.ORG].F1(), r.SpeakerAccuracy(), r.Persons.Rate())
}

// WriteText writes the report: entities per type (resolved, and the
// recognizer's before resolution), claims per stance and per topic
// family, speakers, person resolution, the errors, the throughput and,
// last, Summary.
func (r *Result) WriteText(w io.Writer) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "%d documents scored", r.Documents)
	if r.Skipped > 0 {
		fmt.Fprintf(b, " (%d skipped by the annotators, not scored)", r.Skipped)
	}
	fmt.Fprintf(b, "; %d changed by repair, offsets mapped back\n", r.Repaired)
	fmt.Fprintf(b, "gold: %d mentions, %d claims (%d optional); predicted: %d claims (%d \"reported\", scored as alleged)\n\n",
		EntityTotal(r.Entities).TP+EntityTotal(r.Entities).FN, r.GoldClaims, r.GoldOptional, r.PredClaims, r.Reported)

	fmt.Fprintln(b, "entities (exact span and type)   resolved                          recognizer, before resolution")
	fmt.Fprintf(b, "%-6s %6s   %6s %6s %6s %6s   %6s %6s %6s %6s\n", "type", "gold", "found", "P", "R", "F1", "found", "P", "R", "F1")
	row := func(name string, c, k corpus.Counts) {
		fmt.Fprintf(b, "%-6s %6d   %6d %6.3f %6.3f %6.3f   %6d %6.3f %6.3f %6.3f\n", name, c.TP+c.FN,
			c.TP+c.FP, c.Precision(), c.Recall(), c.F1(), k.TP+k.FP, k.Precision(), k.Recall(), k.F1())
	}
	for _, t := range Types {
		row(t, r.Entities[t], r.Recognized[t])
	}
	row("all", EntityTotal(r.Entities), EntityTotal(r.Recognized))

	fmt.Fprintln(b, "\nclaims (subject, stance and topic family, one to one; gold counts required claims and matched optional ones)")
	table := func(head string, m map[string]corpus.Counts, order []string) {
		fmt.Fprintf(b, "%-18s %5s %5s %5s %6s %6s %6s\n", head, "gold", "pred", "TP", "P", "R", "F1")
		for _, k := range order {
			c := m[k]
			fmt.Fprintf(b, "%-18s %5d %5d %5d %6.3f %6.3f %6.3f\n", orNone(k), c.TP+c.FN, c.TP+c.FP, c.TP, c.Precision(), c.Recall(), c.F1())
		}
	}
	stances := slices.Clone(corpus.Stances)
	for k := range r.ByStance {
		if !slices.Contains(stances, k) {
			stances = append(stances, k)
		}
	}
	table("stance", r.ByStance, stances)
	c := r.Claims
	fmt.Fprintf(b, "%-18s %5d %5d %5d %6.3f %6.3f %6.3f\n", "all", c.TP+c.FN, c.TP+c.FP, c.TP, c.Precision(), c.Recall(), c.F1())
	fmt.Fprintln(b)
	table("topic family", r.ByFamily, sortedKeys(r.ByFamily))
	fmt.Fprintf(b, "matched: %d, of which %d optional gold claims\n", c.TP, r.OptionalMatched)

	fmt.Fprintf(b, "\nspeakers on the matched claims: %d of %d right (%.3f)%s\n", r.SpeakerRight, r.SpeakerMatched, r.SpeakerAccuracy(),
		inParens(r.SpeakerErrors, "gold>predicted: "))
	p := r.Persons
	fmt.Fprintf(b, "persons: %d gold clusters; in exactly one entity of their own %d (%.3f; all mentions covered %d), missed %d, split %d, merged with another %d\n",
		p.Gold, p.Resolved, p.Rate(), p.Complete, p.Missed, p.Split, p.Merged)

	fmt.Fprintln(b, "\nerrors")
	errorLines(b, "claims", r.ClaimErrors)
	errorLines(b, "speakers", r.SpeakerErrors)
	errorLines(b, "entities", r.EntityErrors)

	fmt.Fprintf(b, "\nthroughput: %d documents, %d bytes, %d tokens in %.1f s: %.1f documents/s, %.0f tokens/s\n",
		r.Documents, r.Bytes, r.Tokens, r.Seconds, perSecond(r.Documents, r.Seconds), perSecond(r.Tokens, r.Seconds))
	fmt.Fprintln(b, r.Summary())
	return b.Flush()
}

func perSecond(n int, s float64) float64 {
	if s <= 0 {
		return 0
	}
	return float64(n) / s
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// byCount returns the keys of m, most frequent first.
func byCount(m map[string]int) []string {
	keys := sortedKeys(m)
	slices.SortStableFunc(keys, func(a, b string) int { return m[b] - m[a] })
	return keys
}

func inParens(m map[string]int, prefix string) string {
	if len(m) == 0 {
		return ""
	}
	var parts []string
	for _, k := range byCount(m) {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return " (" + prefix + strings.Join(parts, ", ") + ")"
}

// errorLines writes the counts of m, most frequent first, wrapped.
func errorLines(w io.Writer, name string, m map[string]int) {
	if len(m) == 0 {
		fmt.Fprintf(w, "  %s: none\n", name)
		return
	}
	line := "  " + name + ":"
	for i, k := range byCount(m) {
		item := fmt.Sprintf(" %s %d", k, m[k])
		if i > 0 {
			item = ";" + item
		}
		if len(line)+len(item) > 100 {
			fmt.Fprintln(w, line+";")
			line = "   " + item[1:]
			continue
		}
		line += item
	}
	fmt.Fprintln(w, line)
}
