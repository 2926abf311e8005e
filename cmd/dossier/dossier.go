package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"dossier"
)

// printDossier writes an entity's dossier for a reader: who the news
// says it is, what it is accused of, by whom and through whom, and what
// answered the accusations.
func printDossier(w io.Writer, x *dossier.EntityDossier) {
	names := map[string]int{}
	var roles, topics []string
	seenRole := map[string]bool{}
	for _, e := range x.Entries {
		names[e.Entity.Name]++
		for _, r := range e.Entity.Roles {
			k := strings.ToLower(r.Text)
			if !seenRole[k] {
				seenRole[k] = true
				roles = append(roles, r.Text)
			}
		}
		topics = append(topics, e.Entity.Topics...)
	}
	fmt.Fprintf(w, "%s: %d documents", x.Name, len(x.Entries))
	if len(names) > 1 {
		fmt.Fprintf(w, " (different entities may share the name: %s)", strings.Join(sortedKeys(names), "; "))
	}
	fmt.Fprintln(w)
	if len(roles) > 0 {
		fmt.Fprintf(w, "\nRoles:\n")
		for _, r := range roles {
			fmt.Fprintf(w, "  %s\n", r)
		}
	}
	if t := uniq(topics); len(t) > 0 {
		pep := ""
		for _, k := range t {
			if k == "role.pep" {
				pep = " (politically exposed person)"
			}
		}
		fmt.Fprintf(w, "Topics: %s%s\n", strings.Join(t, ", "), pep)
	}
	var claims, answers []string
	sources := map[string]int{}
	for _, e := range x.Entries {
		d := e.Document
		date := d.Published.Format("2006-01-02")
		if d.Published.IsZero() {
			date = "undated   "
		}
		where := d.Source
		if where == "" {
			where = d.Title
		}
		for _, c := range e.Claims {
			by := ""
			if c.Speaker != nil {
				by = " by " + c.Speaker.Name
			}
			var chain []string
			for _, s := range c.Sources {
				n := s.Name
				if s.Anonymous {
					n += " (anonymous)"
				}
				chain = append(chain, n)
				sources[n]++
			}
			line := fmt.Sprintf("  %s  %-10s %-20s%s\n      via: %s\n      doc %s %s\n      %q\n", date, c.Stance, c.Topic, by,
				orNone(strings.Join(chain, " → ")), shortID(d.ID), where, clip(c.Evidence.Text, 240))
			if c.Stance == dossier.StanceDenied || c.Stance == dossier.StanceCleared {
				answers = append(answers, line)
			} else {
				claims = append(claims, line)
			}
		}
	}
	fmt.Fprintf(w, "\nClaims (%d):\n", len(claims))
	for _, l := range claims {
		fmt.Fprint(w, l)
	}
	fmt.Fprintf(w, "\nDenials and acquittals (%d):\n", len(answers))
	for _, l := range answers {
		fmt.Fprint(w, l)
	}
	if len(sources) > 0 {
		fmt.Fprintf(w, "\nSources cited:\n")
		keys := sortedKeys(sources)
		sort.SliceStable(keys, func(i, j int) bool { return sources[keys[i]] > sources[keys[j]] })
		for _, k := range keys {
			fmt.Fprintf(w, "  %3d  %s\n", sources[k], k)
		}
	}
	fmt.Fprintf(w, "\nDocuments:\n")
	for _, e := range x.Entries {
		d := e.Document
		adv := ""
		if e.Adverse != nil {
			adv = fmt.Sprintf("  adverse %.2f", e.Adverse.Score)
		}
		fmt.Fprintf(w, "  %s  %s  %s%s\n", shortID(d.ID), d.Published.Format("2006-01-02"), clip(d.Title, 90), adv)
	}
}

func dossierJSON(x *dossier.EntityDossier) map[string]any {
	entries := make([]map[string]any, len(x.Entries))
	for i, e := range x.Entries {
		doc := documentJSON(e.Document)
		delete(doc, "text")
		entries[i] = map[string]any{"document": doc, "entity": e.Entity, "claims": e.Claims, "relations": e.Relations, "adverse": e.Adverse}
	}
	return map[string]any{"name": x.Name, "entries": entries}
}

func uniq(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	sort.Strings(out)
	return out
}

func orNone(s string) string {
	if s == "" {
		return "(no source named)"
	}
	return s
}

func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
