package main

import (
	"context"
	"dossier/adverse"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"dossier"
	"dossier/link"
	"dossier/monitor"
	"dossier/pipeline"
	"dossier/server"
)

type serveFlags struct {
	addr, webhook, logLevel string
	maxList                 string
	noAuth                  bool
	maxBody, maxDocument    int64
	maxExtract              int
	poll, extractTimeout    time.Duration
}

func (m *Main) serveCommand() *cobra.Command {
	var f serveFlags
	c := &cobra.Command{
		Use:   "serve [--addr HOST:PORT]",
		Short: "Serve the HTTP API: yente-compatible matching, screening with adverse media, documents, monitoring",
		Long: `Serve dossier's HTTP JSON API on --addr (default 127.0.0.1:8080) over the
database (--db): yente-compatible matching (POST /match/{dataset},
GET /search/{dataset}, GET /entities/{id}, GET /catalog), screening that
joins list hits with the news (POST /screen), document ingest
(POST /documents), dossiers (GET /entities/{id}/dossier), watches, alerts,
decisions and batch jobs. GET /openapi.json describes every route; /metrics
is for Prometheus; /healthz and /readyz for probes.

Requests need an API token ("Authorization: Bearer TOKEN"); create one with
"dossier serve token create NAME --scope read|write". --no-auth serves
without tokens and is refused unless --addr is a loopback address.

The list index is built in the background at start (/readyz is 503 until
then) and again whenever a list version is loaded. Logs are JSON lines on
standard error. SIGINT or SIGTERM stops taking connections and drains the
requests in flight for up to 30 s, then cancels those still running (an
extraction stops within a sentence or so). POST /documents refuses a
text over --max-extract bytes (413) and stops an extraction that runs
over --extract-timeout (422); it also stops when the client goes away.
Alerts are posted to --webhook if given, signed with
$DOSSIER_WEBHOOK_SECRET when set, and so is each decision log checkpoint
(see "dossier decision --help"); the webhook's redirects are never
followed. The decision log's keys are in --key-dir.`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			return m.runServe(c.Context(), f)
		},
	}
	c.Flags().StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on")
	c.Flags().BoolVar(&f.noAuth, "no-auth", false, "serve without API tokens (loopback addresses only)")
	c.Flags().Int64Var(&f.maxBody, "max-body", 1<<20, "request body limit in bytes")
	c.Flags().Int64Var(&f.maxDocument, "max-document", 20<<20, "body limit of POST /documents, /watches/import and /jobs in bytes")
	c.Flags().StringVar(&f.maxList, "max-list-size", "", "body limit of POST /lists, and its files' size limit (default $DOSSIER_LIST_MAX_SIZE, else 1GiB)")
	c.Flags().IntVar(&f.maxExtract, "max-extract", 4<<20, "longest document text POST /documents extracts, in bytes; longer is refused with 413 (0: no limit)")
	c.Flags().DurationVar(&f.extractTimeout, "extract-timeout", time.Minute, "time budget of one document's extraction; past it POST /documents fails with 422 (0: none)")
	c.Flags().DurationVar(&f.poll, "poll", 30*time.Second, "how often to look for list versions loaded by other processes (0: never)")
	c.Flags().StringVar(&f.webhook, "webhook", "", "URL that receives alerts (POST, JSON)")
	c.Flags().StringVar(&f.logLevel, "log-level", "info", "debug, info, warn or error")
	c.Flags().StringVar(&m.keyDir, "key-dir", "", "directory of the decision log's keys (default: the database path with \".keys\" added; for PostgreSQL, postgres-HOST-PORT-DB.keys in the data directory)")
	c.AddCommand(m.serveTokenCommand())
	return c
}

// loopback reports whether a listen address is on a loopback interface.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (m *Main) runServe(ctx context.Context, f serveFlags) error {
	if f.noAuth && !loopback(f.addr) {
		return usageError{fmt.Errorf("serve: --no-auth is only allowed on a loopback address (127.0.0.1, ::1, localhost), not %q", f.addr)}
	}
	if f.maxBody <= 0 || f.maxDocument <= 0 {
		return usageError{errors.New("serve: --max-body and --max-document must be positive")}
	}
	if f.maxExtract < 0 || f.extractTimeout < 0 {
		return usageError{errors.New("serve: --max-extract and --extract-timeout must not be negative")}
	}
	maxList, err := m.listMaxSize(f.maxList, "--max-list-size")
	if err != nil {
		return err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(f.logLevel)); err != nil {
		return usageError{fmt.Errorf("serve: --log-level %q: want debug, info, warn or error", f.logLevel)}
	}
	st, err := m.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	logger := slog.New(slog.NewJSONHandler(m.Stderr, &slog.HandlerOptions{Level: level}))

	srv := newServer(st)
	if err := m.serveMonitoring(ctx, srv, st, f, logger); err != nil {
		return err
	}
	srv.Logger = logger
	srv.NoAuth = f.noAuth
	srv.MaxBody, srv.MaxDocumentBody, srv.MaxListBody = f.maxBody, f.maxDocument, maxList
	srv.MaxExtractBytes, srv.ExtractTimeout = f.maxExtract, f.extractTimeout
	srv.PollInterval = f.poll

	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintf(m.Stdout, "dossier %s serving %s on http://%s (API description: /openapi.json)\n", dossier.Version, st.Name, ln.Addr())
	logger.Info("serving", "addr", ln.Addr().String(), "database", st.Name, "auth", !f.noAuth, "version", dossier.Version)
	return srv.Run(ctx, ln)
}

// newServer returns a server over st's documents, extractions and
// lists, with the default extraction pipeline and subject judge.
func newServer(st *store) *server.Server {
	srv := server.NewServer()
	srv.Documents, srv.Extractions, srv.Mentions, srv.Lists = st.Documents, st.Extractions, st.Mentions, st.Lists
	srv.Extractor = pipeline.Default()
	srv.Subjects = adverse.Judge{}
	srv.ListNotifier = st.ListNotifier
	return srv
}

// serveMonitoring sets the API tokens and the monitoring services of
// srv from st.
func (m *Main) serveMonitoring(ctx context.Context, srv *server.Server, st *store, f serveFlags, logger *slog.Logger) error {
	tokens := st.Tokens
	if !f.noAuth {
		all, err := tokens.FindTokens(ctx)
		if err != nil {
			return err
		}
		valid := 0
		for _, t := range all {
			if t.Revoked.IsZero() {
				valid++
			}
		}
		if valid == 0 {
			return errors.New("serve: no API tokens: create one with 'dossier serve token create NAME --scope read' (or use --no-auth on a loopback address)")
		}
	}

	links, alerts := st.Links, st.Alerts
	var wh *monitor.Webhook
	var onCheckpoint func(context.Context, dossier.Checkpoint)
	if f.webhook != "" {
		wh = monitor.NewWebhook(f.webhook, alerts)
		wh.Secret = m.Getenv("DOSSIER_WEBHOOK_SECRET")
		// Each decision's checkpoint goes to the webhook too, once, in
		// the background: the decision is logged whatever the receiver
		// answers.
		onCheckpoint = func(ctx context.Context, c dossier.Checkpoint) {
			go func() {
				if err := wh.PostCheckpoint(context.WithoutCancel(ctx), c); err != nil {
					logger.Warn("checkpoint not posted", "count", c.Count, "error", err.Error())
				}
			}()
		}
	}
	decisions := st.NewDecisions(m.keyDir, onCheckpoint)
	mon := monitor.New(st.Watches, alerts, decisions, links)
	mon.Webhook = wh
	srv.Tokens = tokens
	srv.Links, srv.Linker, srv.Monitor, srv.Decisions = links, link.NewLinker(links), mon, decisions
	jobs := monitor.NewJobs(st.Jobs, decisions, srv.CurrentIndex)
	jobs.Logger = logger
	srv.Jobs = jobs
	srv.AlertAcks = st.AlertAcks
	return nil
}

func (m *Main) serveTokenCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "token",
		Short: "API tokens of the server: create, list, revoke",
		Long: `API tokens authorize clients of "dossier serve". A read token may query
(match, search, screen, read documents and alerts); a write token may also
ingest documents, load lists, and create watches, decisions and jobs. Only a
token's SHA-256 is stored: the token itself is printed once, when created.`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error { return c.Help() },
	}
	var scope string
	var asJSON bool
	create := &cobra.Command{
		Use:   "create NAME --scope read|write",
		Short: "Create a token and print it (once)",
		Args:  exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if !dossier.ValidScope(scope) {
				return usageError{fmt.Errorf("token create: --scope %q: want read or write", scope)}
			}
			return m.withTokens(func(svc dossier.TokenService) error {
				t, secret, err := svc.CreateToken(c.Context(), args[0], scope)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(m.Stdout, map[string]any{"token": t, "secret": secret})
				}
				fmt.Fprintln(m.Stdout, secret)
				fmt.Fprintf(m.Stderr, "created token %d %q (%s); it is shown only this once: send it as 'Authorization: Bearer TOKEN'\n", t.ID, t.Name, t.Scope)
				return nil
			})
		},
	}
	create.Flags().StringVar(&scope, "scope", dossier.ScopeRead, "read or write")
	create.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	var listJSON bool
	list := &cobra.Command{
		Use:   "list",
		Short: "List tokens (never their secrets)",
		Args:  exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			return m.withTokens(func(svc dossier.TokenService) error {
				all, err := svc.FindTokens(c.Context())
				if err != nil {
					return err
				}
				if listJSON {
					return writeJSON(m.Stdout, map[string]any{"tokens": nonNilSlice(all)})
				}
				tw := tabwriter.NewWriter(m.Stdout, 2, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tNAME\tSCOPE\tHINT\tCREATED\tREVOKED")
				for _, t := range all {
					revoked := "-"
					if !t.Revoked.IsZero() {
						revoked = t.Revoked.Format(time.RFC3339)
					}
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s…\t%s\t%s\n", t.ID, t.Name, t.Scope, t.Hint, t.Created.Format(time.RFC3339), revoked)
				}
				return tw.Flush()
			})
		},
	}
	list.Flags().BoolVar(&listJSON, "json", false, "print JSON")
	var revokeJSON bool
	revoke := &cobra.Command{
		Use:   "revoke NAME|ID",
		Short: "Revoke a token (a running server stops accepting it within seconds)",
		Args:  exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return m.withTokens(func(svc dossier.TokenService) error {
				t, err := svc.RevokeToken(c.Context(), args[0])
				if err != nil {
					return err
				}
				if revokeJSON {
					return writeJSON(m.Stdout, t)
				}
				fmt.Fprintf(m.Stdout, "revoked token %d %q\n", t.ID, t.Name)
				return nil
			})
		},
	}
	revoke.Flags().BoolVar(&revokeJSON, "json", false, "print the revoked token as JSON (never its secret)")
	c.AddCommand(create, list, revoke)
	return c
}

func (m *Main) withTokens(fn func(dossier.TokenService) error) error {
	st, err := m.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(st.Tokens)
}
