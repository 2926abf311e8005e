package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"dossier"
	"dossier/internal/decisionlog"
	"dossier/link"
	"dossier/postgres"
	"dossier/server"
	"dossier/sqlite"
)

// store is the set of services over the database that --db (else
// $DOSSIER_DB, else the default file) names: a SQLite file, or a
// PostgreSQL server for a postgres:// or postgresql:// URL. Commands
// that take their services from it work on either.
type store struct {
	// Name says which database, for messages: the SQLite file's path,
	// or the PostgreSQL server's address and database (never the
	// password).
	Name string

	Documents   documentStore
	Extractions extractionStore
	Mentions    server.MentionFinder
	Lists       listStore
	// NewListWriter returns a writer that streams one list version
	// into Lists.
	NewListWriter func(ctx context.Context, opts dossier.ListLoadOptions) listWriter

	Tokens  dossier.TokenService
	Watches dossier.WatchService
	Alerts  dossier.AlertService
	// AlertAcks records who acknowledged an alert (the web UI's alerts
	// page).
	AlertAcks dossier.AlertAckService
	Links     link.Store
	Jobs      dossier.JobService
	// NewDecisions returns the decision log, its keys in keyDir (when
	// not empty) and its checkpoints passed to onCheckpoint (when set).
	NewDecisions func(keyDir string, onCheckpoint func(context.Context, dossier.Checkpoint)) *decisions
	// ListNotifier announces list version changes that other processes
	// commit (PostgreSQL's LISTEN/NOTIFY); nil for SQLite, which the
	// server polls.
	ListNotifier server.ListNotifier

	// Ping checks that the database answers.
	Ping func(ctx context.Context) error

	// SQLite is the SQLite database, nil for PostgreSQL.
	SQLite *sqlite.DB

	close func() error
}

// documentStore is what commands use of a store's documents.
type documentStore interface {
	dossier.DocumentService
	SearchDocumentIDs(ctx context.Context, query string, limit int) ([]string, error)
}

// extractionStore is what commands use of a store's extractions.
type extractionStore interface {
	server.ExtractionService
	server.NewsIndexSource
	server.DataVersioner
	FindDossier(ctx context.Context, name string) (*dossier.EntityDossier, error)
}

// listStore is what commands use of a store's lists.
type listStore interface {
	dossier.ListService
	FindListEntityByID(ctx context.Context, id string) (*dossier.Entity, error)
}

// listWriter streams one list version into a store (sqlite's and
// postgres's ListVersionWriter).
type listWriter interface {
	Begin(v *dossier.ListVersion) error
	Add(e *dossier.Entity) error
	Commit() (*dossier.ListLoad, error)
	Close() error
	Load() *dossier.ListLoad
}

// decisionLog is what commands use of a store's decision log.
type decisionLog interface {
	dossier.DecisionService
	Verify(ctx context.Context) (decisionlog.Verification, error)
	Checkpoint(ctx context.Context) (dossier.Checkpoint, error)
}

// decisions is a store's decision log and where it keeps its keys and
// checkpoints.
type decisions struct {
	decisionLog
	KeyDir, CheckpointPath string
}

// Close closes the store's database.
func (s *store) Close() error { return s.close() }

// isPostgresURL reports whether a --db value names a PostgreSQL server.
func isPostgresURL(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// openStore opens the database chosen by --db, $DOSSIER_DB or the
// default, and returns its services.
func (m *Main) openStore() (*store, error) {
	path, err := m.resolveDBPath()
	if err != nil {
		return nil, err
	}
	if isPostgresURL(path) {
		db := postgres.NewDB(path)
		if err := db.Open(); err != nil {
			return nil, err
		}
		xs, ls := postgres.NewExtractionService(db), postgres.NewListService(db)
		return &store{
			Name:        "postgres " + db.Address(),
			Documents:   postgres.NewDocumentService(db),
			Extractions: xs,
			Mentions:    mentions(xs.FindEntitiesByName, func(r postgres.EntityRef) server.DocEntityRef { return server.DocEntityRef(r) }),
			Lists:       ls,
			NewListWriter: func(ctx context.Context, opts dossier.ListLoadOptions) listWriter {
				return ls.NewListVersionWriter(ctx, opts)
			},
			Tokens:    postgres.NewTokenService(db),
			Watches:   postgres.NewWatchService(db),
			Alerts:    postgres.NewAlertService(db),
			AlertAcks: postgres.NewAlertAckService(db),
			Links:     postgres.NewLinkService(db),
			Jobs:      postgres.NewJobService(db),
			NewDecisions: func(keyDir string, onCheckpoint func(context.Context, dossier.Checkpoint)) *decisions {
				s := postgres.NewDecisionService(db)
				s.KeyDir, s.CheckpointPath = m.postgresDecisionFiles(db.Address(), keyDir)
				s.OnCheckpoint = onCheckpoint
				return &decisions{s, s.KeyDir, s.CheckpointPath}
			},
			ListNotifier: db,
			Ping:         db.Pool().Ping,
			close:        db.Close,
		}, nil
	}
	db := sqlite.NewDB(path)
	if err := db.Open(); err != nil {
		return nil, err
	}
	xs, ls := sqlite.NewExtractionService(db), sqlite.NewListService(db)
	return &store{
		Name:        db.Path,
		Documents:   sqlite.NewDocumentService(db),
		Extractions: xs,
		Mentions:    mentions(xs.FindEntitiesByName, func(r sqlite.EntityRef) server.DocEntityRef { return server.DocEntityRef(r) }),
		Lists:       ls,
		NewListWriter: func(ctx context.Context, opts dossier.ListLoadOptions) listWriter {
			return ls.NewListVersionWriter(ctx, opts)
		},
		Tokens:    sqlite.NewTokenService(db),
		Watches:   sqlite.NewWatchService(db),
		Alerts:    sqlite.NewAlertService(db),
		AlertAcks: sqlite.NewAlertAckService(db),
		Links:     sqlite.NewLinkService(db),
		Jobs:      sqlite.NewJobService(db),
		NewDecisions: func(keyDir string, onCheckpoint func(context.Context, dossier.Checkpoint)) *decisions {
			s := sqlite.NewDecisionService(db)
			if keyDir != "" {
				s.KeyDir = keyDir
			}
			s.OnCheckpoint = onCheckpoint
			return &decisions{s, s.KeyDir, s.CheckpointPath}
		},
		Ping:   db.SQL().PingContext,
		SQLite: db,
		close:  db.Close,
	}, nil
}

// postgresDecisionFiles returns where the decision log of the PostgreSQL
// database at address keeps its keys and its checkpoints: keyDir and
// keyDir.checkpoints beside it when --key-dir is given, else in the
// user's data directory (where the SQLite file would be), named after
// the server and database. Servers and workers on other hosts must be
// given the same directory (--key-dir on a shared volume). Without a data
// directory both are empty, and logging a decision says so.
func (m *Main) postgresDecisionFiles(address, keyDir string) (string, string) {
	if keyDir != "" {
		return keyDir, filepath.Clean(keyDir) + ".checkpoints"
	}
	p, err := defaultDBPath(m.Getenv)
	if err != nil {
		return "", ""
	}
	base := filepath.Join(filepath.Dir(p), "postgres-"+strings.NewReplacer("/", "-", ":", "-", " ", "-", "\\", "-").Replace(address))
	return base + ".keys", base + ".checkpoints"
}

// mentionFinder adapts a store's name look-up to the server's interface.
type mentionFinder func(ctx context.Context, name string) ([]server.DocEntityRef, error)

func (f mentionFinder) FindEntitiesByName(ctx context.Context, name string) ([]server.DocEntityRef, error) {
	return f(ctx, name)
}

// mentions makes a mentionFinder of a store's FindEntitiesByName and
// its conversion of one result.
func mentions[R any](find func(context.Context, string) ([]R, error), conv func(R) server.DocEntityRef) mentionFinder {
	return func(ctx context.Context, name string) ([]server.DocEntityRef, error) {
		refs, err := find(ctx, name)
		if err != nil {
			return nil, fmt.Errorf("find entities named %q: %w", name, err)
		}
		out := make([]server.DocEntityRef, len(refs))
		for i, r := range refs {
			out[i] = conv(r)
		}
		return out, nil
	}
}
