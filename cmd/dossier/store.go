package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"dossier"
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

	// SQLite is the SQLite database, nil for PostgreSQL: what commands
	// use for the services PostgreSQL does not store yet.
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
			close: db.Close,
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
		SQLite: db,
		close:  db.Close,
	}, nil
}

// errNeedsSQLite is openDB's answer for a PostgreSQL --db.
var errNeedsSQLite = errors.New("this command does not work with PostgreSQL yet: give --db a SQLite file")

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
