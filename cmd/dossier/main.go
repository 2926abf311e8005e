// Command dossier turns news into sourced, screenable intelligence about
// people and organizations. See README.md for usage.
//
// This package only wires the stages together: each subcommand lives in
// a file of its own, and the work happens in the packages it calls.
package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"dossier"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := NewMain()
	err := m.Run(ctx, os.Args[1:])
	stop()
	os.Exit(m.ExitCode(err))
}

// Main holds the process's streams and environment so that tests can run
// the command in-process.
type Main struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string

	// IsTerminal reports whether a stream is a terminal (nil: the real
	// check), so that tests can see what a terminal gets.
	IsTerminal func(io.Writer) bool

	dbPath string
	keyDir string // --key-dir of decision and serve

	// eval --json: the text report goes to evalBuf, and the command sets
	// evalReport to its report.
	evalJSON   bool
	evalBuf    bytes.Buffer
	evalReport any

	// train --json: the text result is left out, and the command sets
	// trainReport to its result.
	trainJSON   bool
	trainReport map[string]any
}

// NewMain returns a Main bound to the real process.
func NewMain() *Main {
	return &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

// errSilent is returned when the command has already reported its
// failure (e.g. some files failed to ingest); it only sets the exit code.
var errSilent = errors.New("failed")

// usageError marks a wrong invocation (exit status 2).
type usageError struct{ error }

// ExitCode maps Run's error to the process exit status and prints it.
func (m *Main) ExitCode(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errSilent):
		return 1
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(m.Stderr, "dossier: interrupted")
		return 130
	}
	fmt.Fprintln(m.Stderr, "dossier:", err)
	var u usageError
	if errors.As(err, &u) {
		return 2
	}
	return 1
}

// Run parses args and runs the chosen subcommand.
func (m *Main) Run(ctx context.Context, args []string) error {
	root := &cobra.Command{
		Use:   "dossier",
		Short: "Sourced, screenable intelligence from news: ingest, repair, search",
		Long: `dossier turns news articles into sourced, screenable intelligence about
people and organizations, for adverse-media screening and investigations.

Documents are stored in an embedded SQLite database: --db, else $DOSSIER_DB,
else ` + defaultDBDescription + `.
A postgres:// URL there stores them in PostgreSQL instead.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(m.Stdin)
	root.SetOut(m.Stdout)
	root.SetErr(m.Stderr)
	root.SetArgs(args)
	root.PersistentFlags().StringVar(&m.dbPath, "db", "", "database file, or postgres:// URL (default $DOSSIER_DB, else "+defaultDBDescription+")")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{fmt.Errorf("%w (see '%s --help')", err, c.CommandPath())}
	})
	root.AddCommand(
		m.versionCommand(),
		m.demoCommand(),
		m.ingestCommand(),
		m.repairCommand(),
		m.searchCommand(),
		m.showCommand(),
		m.listsCommand(),
		m.screenCommand(),
		m.extractCommand(),
		m.trainCommand(), m.evalCommand(),
		m.serveCommand(),
		m.watchCommand(), m.decisionCommand(), m.linkCommand(),
		m.exportCommand(),
		m.corpusCommand(),
		m.workerCommand(), m.jobsCommand(),
	)
	usageArgs(root)
	return root.ExecuteContext(ctx)
}

// usageArgs makes every wrong invocation under c a usage error (exit
// status 2), as cobra's convention has it: an unknown subcommand, also of
// a command group such as "eval", and arguments a command refuses.
func usageArgs(c *cobra.Command) {
	for _, sub := range c.Commands() {
		usageArgs(sub)
	}
	if c.HasSubCommands() && !c.Runnable() {
		// A group without a subcommand shows its help (cobra would, with
		// any arguments at all).
		c.RunE = func(c *cobra.Command, args []string) error { return c.Help() }
	}
	c.SuggestionsMinimumDistance = 2
	valid := c.Args
	c.Args = func(c *cobra.Command, args []string) error {
		if c.HasSubCommands() && len(args) > 0 && (valid == nil || valid(c, args) != nil) {
			msg := fmt.Sprintf("unknown command %q for %q", args[0], c.CommandPath())
			if s := c.SuggestionsFor(args[0]); len(s) > 0 {
				msg += fmt.Sprintf(" (did you mean %s?)", strings.Join(s, ", "))
			}
			return usageError{fmt.Errorf("%s; see '%s --help'", msg, c.CommandPath())}
		}
		if valid == nil {
			return nil
		}
		err := valid(c, args)
		var u usageError
		if err != nil && !errors.As(err, &u) {
			return usageError{fmt.Errorf("%s: %w", c.CommandPath(), err)}
		}
		return err
	}
}

// exactArgs is cobra.ExactArgs returning a usage error.
func exactArgs(n int) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if err := cobra.ExactArgs(n)(c, args); err != nil {
			return usageError{fmt.Errorf("%s: %w", c.CommandPath(), err)}
		}
		return nil
	}
}

func minArgs(n int) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if err := cobra.MinimumNArgs(n)(c, args); err != nil {
			return usageError{fmt.Errorf("%s: %w", c.CommandPath(), err)}
		}
		return nil
	}
}

// resolveDBPath returns the database chosen by --db, $DOSSIER_DB or the
// default.
func (m *Main) resolveDBPath() (string, error) {
	if m.dbPath != "" {
		return m.dbPath, nil
	}
	if p := m.Getenv("DOSSIER_DB"); p != "" {
		return p, nil
	}
	return defaultDBPath(m.Getenv)
}

const defaultDBDescription = "dossier/dossier.db in the user's data directory ($XDG_DATA_HOME or ~/.local/share on Linux, ~/Library/Application Support on macOS, %LocalAppData% on Windows)"

// defaultDBPath returns the database file in the user's data directory.
func defaultDBPath(getenv func(string) string) (string, error) {
	var dir string
	switch runtime.GOOS {
	case "windows":
		dir = getenv("LocalAppData")
	case "darwin":
		if home := getenv("HOME"); home != "" {
			dir = filepath.Join(home, "Library", "Application Support")
		}
	default:
		dir = getenv("XDG_DATA_HOME")
		if dir == "" || !filepath.IsAbs(dir) {
			dir = ""
			if home := getenv("HOME"); home != "" {
				dir = filepath.Join(home, ".local", "share")
			}
		}
	}
	if dir == "" {
		return "", errors.New("no data directory: set --db or DOSSIER_DB")
	}
	return filepath.Join(dir, "dossier", "dossier.db"), nil
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// terminal reports whether w is a terminal (for notes meant for a person).
func (m *Main) terminal(w io.Writer) bool {
	if m.IsTerminal != nil {
		return m.IsTerminal(w)
	}
	return isTerminal(w)
}

// styled reports whether w gets colour and progress bars: it is a
// terminal, and neither NO_COLOR (https://no-color.org: set and not
// empty) nor TERM=dumb asks for plain text.
func (m *Main) styled(w io.Writer) bool {
	if m.Getenv("NO_COLOR") != "" || m.Getenv("TERM") == "dumb" {
		return false
	}
	return m.terminal(w)
}

func (m *Main) versionCommand() *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			if asJSON {
				return writeJSON(m.Stdout, map[string]string{"version": dossier.Version, "go": runtime.Version(),
					"os": runtime.GOOS, "arch": runtime.GOARCH})
			}
			fmt.Fprintf(m.Stdout, "dossier %s (%s, %s/%s)\n", dossier.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}
