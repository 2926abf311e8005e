package postgres_test

import (
	"context"
	"testing"
	"time"

	"dossier"
	"dossier/internal/storetest"
	"dossier/postgres"
	"dossier/postgres/pgtest"
)

// store opens PostgreSQL databases, each a new database on the test
// server (package pgtest), for the store suite.
var store = storetest.Store{Name: "postgres", Open: func(tb testing.TB, keyDir, checkpointPath string) (*storetest.Services, func(testing.TB) *storetest.Services) {
	dsn := pgtest.MustDatabase(tb)
	open := func(tb testing.TB) *storetest.Services {
		tb.Helper()
		db := postgres.NewDB(dsn)
		if err := db.Open(); err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { db.Close() })
		return storeServices(db, keyDir, checkpointPath)
	}
	return open(tb), open
}}

func storeServices(db *postgres.DB, keyDir, checkpointPath string) *storetest.Services {
	decisions := postgres.NewDecisionService(db)
	decisions.KeyDir, decisions.CheckpointPath = keyDir, checkpointPath
	xs := postgres.NewExtractionService(db)
	return &storetest.Services{
		Documents:   postgres.NewDocumentService(db),
		Watches:     postgres.NewWatchService(db),
		Alerts:      postgres.NewAlertService(db),
		AlertAcks:   postgres.NewAlertAckService(db),
		Decisions:   decisions,
		Jobs:        postgres.NewJobService(db),
		Links:       postgres.NewLinkService(db),
		Tokens:      postgres.NewTokenService(db),
		Lists:       postgres.NewListService(db),
		Extractions: xs,
		NewListWriter: func(ctx context.Context, opts dossier.ListLoadOptions) storetest.ListWriter {
			return postgres.NewListService(db).NewListVersionWriter(ctx, opts)
		},
		FindEntitiesByName: xs.FindEntitiesByName,
		Fold:               postgres.Fold,
		SetNow:             func(now func() time.Time) { db.Now = now },
		Exec: func(ctx context.Context, q string) error {
			_, err := db.Pool().Exec(ctx, q)
			return err
		},
		DropGuards: func(ctx context.Context) error {
			for _, name := range []string{"decisions_no_update", "decisions_no_delete", "decisions_no_truncate", "decisions_chain"} {
				if _, err := db.Pool().Exec(ctx, `DROP TRIGGER IF EXISTS `+name+` ON decisions`); err != nil {
					return err
				}
			}
			return nil
		},
		KeyDir: keyDir, CheckpointPath: checkpointPath,
	}
}

// TestStore runs the store suite, which the SQLite store passes too.
func TestStore(t *testing.T) { storetest.Run(t, store) }
