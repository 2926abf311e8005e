package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"dossier"
	"dossier/internal/storetest"
	"dossier/sqlite"
)

// store opens SQLite databases, each a file in a temporary directory,
// for the store suite.
var store = storetest.Store{Name: "sqlite", Open: func(tb testing.TB, keyDir, checkpointPath string) (*storetest.Services, func(testing.TB) *storetest.Services) {
	path := filepath.Join(tb.TempDir(), "test.db")
	open := func(tb testing.TB) *storetest.Services {
		tb.Helper()
		db := sqlite.NewDB(path)
		if err := db.Open(); err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { db.Close() })
		return storeServices(db, keyDir, checkpointPath)
	}
	return open(tb), open
}}

func storeServices(db *sqlite.DB, keyDir, checkpointPath string) *storetest.Services {
	decisions := sqlite.NewDecisionService(db)
	decisions.KeyDir, decisions.CheckpointPath = keyDir, checkpointPath
	xs := sqlite.NewExtractionService(db)
	return &storetest.Services{
		Documents:   sqlite.NewDocumentService(db),
		Watches:     sqlite.NewWatchService(db),
		Alerts:      sqlite.NewAlertService(db),
		AlertAcks:   sqlite.NewAlertAckService(db),
		Decisions:   decisions,
		Jobs:        sqlite.NewJobService(db),
		Links:       sqlite.NewLinkService(db),
		Tokens:      sqlite.NewTokenService(db),
		Lists:       sqlite.NewListService(db),
		Extractions: xs,
		NewListWriter: func(ctx context.Context, opts dossier.ListLoadOptions) storetest.ListWriter {
			return sqlite.NewListService(db).NewListVersionWriter(ctx, opts)
		},
		FindEntitiesByName: xs.FindEntitiesByName,
		Fold:               sqlite.Fold,
		SetNow:             func(now func() time.Time) { db.Now = now },
		Exec: func(ctx context.Context, q string) error {
			_, err := db.SQL().ExecContext(ctx, q)
			return err
		},
		DropGuards: func(ctx context.Context) error {
			for _, name := range []string{"decisions_no_update", "decisions_no_delete", "decisions_chain"} {
				if _, err := db.SQL().ExecContext(ctx, `DROP TRIGGER IF EXISTS `+name); err != nil {
					return err
				}
			}
			return nil
		},
		KeyDir: keyDir, CheckpointPath: checkpointPath,
	}
}

// TestStore runs the store suite, which the PostgreSQL store passes too.
func TestStore(t *testing.T) { storetest.Run(t, store) }
