package main

import (
	"context"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"dossier"
	"dossier/ingest"
	"dossier/pipeline"
	"dossier/screen"
)

func (m *Main) demoCommand() *cobra.Command {
	var noServe bool
	var addr string
	c := &cobra.Command{
		Use:   "demo [--no-serve] [--addr HOST:PORT]",
		Short: "Ingest the bundled sample articles and list excerpt, screen, then serve the API",
		Long: `Run the main job on the data bundled in the binary: read the sample
articles (text, HTML, RSS, JSON lines), repair their mojibake, extract
their entities, roles and claims, and store them in a new database (--db,
else a temporary one); ingest them a second time to show that nothing is
stored twice; search them; load the bundled OFAC SDN excerpt; screen a
name against it and print what the news says about that name. Then start
the HTTP API and the web UI (/ui/) on a loopback address (no token
needed there) and print the UI's URL and what to curl, until
interrupted; --no-serve stops before that.`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			if err := m.runDemo(c.Context()); err != nil {
				return err
			}
			if noServe {
				return nil
			}
			return m.serveDemo(c.Context(), addr)
		},
	}
	c.Flags().BoolVar(&noServe, "no-serve", false, "stop after the printout; do not start the server")
	c.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "loopback address to serve on (another free port if taken)")
	return c
}

// serveDemo serves the demo database without tokens on a loopback
// address until ctx ends.
func (m *Main) serveDemo(ctx context.Context, addr string) error {
	if !loopback(addr) {
		return usageError{fmt.Errorf("demo: --addr must be a loopback address, not %q", addr)}
	}
	if ln, err := net.Listen("tcp", addr); err == nil {
		ln.Close()
	} else if ln, err = net.Listen("tcp", "127.0.0.1:0"); err == nil {
		addr = ln.Addr().String()
		ln.Close()
	} else {
		return fmt.Errorf("demo: no free loopback port: %w", err)
	}
	u := "http://" + addr
	w := m.Stdout
	fmt.Fprintf(w, "\nOpen %s/ui/ in a browser for the web UI.\n", u)
	fmt.Fprintf(w, "Serving the demo database on %s (Ctrl-C to stop). Try:\n", u)
	fmt.Fprintf(w, "  curl -s %s/match/default -d '{\"queries\":{\"q1\":{\"schema\":\"Person\",\"properties\":{\"name\":[\"Diosdado Cabello\"]}}}}'\n", u)
	fmt.Fprintf(w, "  curl -s %s/screen -d '{\"name\":\"Hugo Carvajal\",\"birthDate\":[\"1960\"]}'\n", u)
	fmt.Fprintf(w, "  curl -s '%s/search/default?q=Maduro'\n", u)
	fmt.Fprintf(w, "  curl -s %s/catalog\n  curl -s %s/openapi.json\n\n", u, u)
	return m.runServe(ctx, serveFlags{addr: addr, noAuth: true, maxBody: 1 << 20, maxDocument: 20 << 20, logLevel: "warn"})
}

func (m *Main) runDemo(ctx context.Context) error {
	dir, err := os.MkdirTemp("", "dossier-demo-")
	if err != nil {
		return err
	}
	articles := filepath.Join(dir, "articles")
	if err := writeSamples(articles); err != nil {
		return err
	}
	if m.dbPath == "" {
		m.dbPath = filepath.Join(dir, "dossier.db")
	}
	db, err := m.openStore()
	if err != nil {
		return err
	}
	defer db.Close()
	docs := db.Documents
	w := m.Stdout

	fmt.Fprintf(w, "Sample articles: %s\nDatabase:        %s\n\n", articles, db.Name)
	for round := 1; round <= 2; round++ {
		in := ingest.NewIngester(docs)
		in.Extractor, in.Extractions = pipeline.Default(), db.Extractions
		in.Report = func(err error) { fmt.Fprintln(m.Stderr, "dossier:", err) }
		st, err := in.Run(ctx, []string{articles}, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "ingest #%d: %s\n", round, st.Summary())
	}

	for _, q := range []string{"cartel", "Maduro", `"money laundering"`} {
		hits, err := docs.SearchDocuments(ctx, q, 3)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\n$ dossier search %s\n", q)
		for _, h := range hits {
			fmt.Fprintf(w, "%s  %s\n    %s\n", h.Document.ID[:12], h.Document.Title,
				oneLine(highlight(h.Snippet, "[", "]")))
		}
		if len(hits) == 0 {
			fmt.Fprintln(w, "(no hits)")
		}
	}

	// Show what repair did to the sample with the most fixes.
	if hits, err := docs.SearchDocuments(ctx, "Maduro OR Chávez OR Cabello", 50); err == nil {
		var best *dossier.Document
		for _, h := range hits {
			if best == nil || len(h.Document.Repairs) > len(best.Repairs) {
				best = h.Document
			}
		}
		if best != nil && len(best.Repairs) > 0 {
			fmt.Fprintf(w, "\nRepaired on the way in (%s, %s): %s\n", best.ID[:12], filepath.Base(best.Origin),
				strings.Join(best.Repairs, "; "))
		}
	}
	// A list to screen against, and what the news says about a hit.
	lists := filepath.Join(dir, "lists")
	if err := copyFS(dossier.SampleList, "testdata/lists", lists); err != nil {
		return err
	}
	for _, l := range []string{filepath.Join(lists, "ofac-sdn-excerpt")} {
		v, _, err := loadList(ctx, db, l, dossier.ListLoadOptions{}, listOptions{})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\n$ dossier lists load %s\n%s version %.12s: %d targets, %d entities\n", l, v.Dataset, v.Version, v.Targets, v.Entities)
	}
	ix, err := screen.Build(ctx, db.Lists)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n$ dossier screen 'Diosdado Cabello'\n")
	for i, h := range ix.Screen(screen.Query{Name: "Diosdado Cabello"}) {
		if i == 3 {
			break
		}
		fmt.Fprintf(w, "%.2f  %s  %s  %s\n", h.Score, h.EntityID, h.Schema, h.Caption)
	}
	if x, err := db.Extractions.FindDossier(ctx, "Diosdado Cabello"); err == nil {
		n, byStance := 0, map[string]int{}
		for _, e := range x.Entries {
			for _, c := range e.Claims {
				byStance[c.Stance]++
				n++
			}
		}
		var parts []string
		for _, k := range sortedKeys(byStance) {
			parts = append(parts, fmt.Sprintf("%s %d", k, byStance[k]))
		}
		fmt.Fprintf(w, "\n$ dossier show 'Diosdado Cabello'\n%d documents, %d claims (%s) — run it for roles, speakers and source chains\n",
			len(x.Entries), n, strings.Join(parts, ", "))
	}
	dbArg := db.Name
	if db.SQLite == nil {
		dbArg = "'postgres://…'" // the URL may hold a password: not repeated
	}
	fmt.Fprintf(w, "\nTry:\n  dossier --db %s search 'drug warrant'\n  dossier --db %s show 'Hugo Carvajal'\n  dossier --db %s screen 'Nicolas Maduro'\n", dbArg, dbArg, dbArg)
	return nil
}

// copyFS copies the files under root of fsys into dir.
func copyFS(fsys fs.FS, root, dir string) error {
	return fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, strings.TrimPrefix(p, root+"/"))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
}

// writeSamples copies the embedded sample articles into dir.
func writeSamples(dir string) error {
	return fs.WalkDir(dossier.SampleArticles, "testdata/articles", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := fs.ReadFile(dossier.SampleArticles, p)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, strings.TrimPrefix(p, "testdata/articles/"))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
}
