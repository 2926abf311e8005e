package server

import (
	"context"
	"testing"
	"time"

	"dossier"
	"dossier/lists"
	"dossier/postgres"
	"dossier/postgres/pgtest"
)

// Two servers over one PostgreSQL database, neither polling: a list
// version loaded by another process (as "dossier lists load" would), and
// then a rollback, reach both servers' indexes through LISTEN/NOTIFY.
func TestTwoServersRebuildOnListNotify(t *testing.T) {
	dsn := pgtest.MustDatabase(t)
	var servers []*Server
	for range 2 {
		db := postgres.NewDB(dsn)
		if err := db.Open(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		srv := NewServer()
		srv.Documents = postgres.NewDocumentService(db)
		srv.Extractions = postgres.NewExtractionService(db)
		srv.Lists = postgres.NewListService(db)
		srv.NoAuth = true
		srv.PollInterval = 0 // announcements only
		srv.ListNotifier = db
		ctx, cancel := context.WithCancel(context.Background())
		t.Cleanup(func() { cancel(); srv.bg.Wait() })
		srv.Start(ctx)
		if err := srv.WaitReady(ctx); err != nil {
			t.Fatal(err)
		}
		servers = append(servers, srv)
	}
	// Another process: its own connection pool, no server.
	loader := postgres.NewDB(dsn)
	if err := loader.Open(); err != nil {
		t.Fatal(err)
	}
	defer loader.Close()
	ls := postgres.NewListService(loader)
	ctx := context.Background()
	l, err := lists.LoadOptions(ctx, lists.Options{Dataset: fixtureDataset}, fixtureList)
	if err != nil {
		t.Fatal(err)
	}
	load := func(version string, entities []*dossier.Entity) {
		v := l.Version
		v.Version = version
		if _, err := ls.CreateListVersion(ctx, &v, entities); err != nil {
			t.Fatal(err)
		}
	}
	indexed := func(version string, entities int) {
		t.Helper()
		for i, srv := range servers {
			deadline := time.Now().Add(30 * time.Second)
			for {
				snap := srv.index.current()
				if snap != nil && len(snap.versions) == 1 && snap.versions[0].Version == version && len(snap.entities) == entities {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("server %d: the index does not hold version %s (%d entities): %+v", i+1, version, entities, snap.versions)
				}
				time.Sleep(10 * time.Millisecond)
			}
		}
	}
	load("v1", l.Entities)
	indexed("v1", len(l.Entities))
	// A second version with an entity fewer, then a rollback to the first.
	load("v2", l.Entities[:len(l.Entities)-1])
	indexed("v2", len(l.Entities)-1)
	if _, err := ls.RollbackListVersion(ctx, fixtureDataset, "v1"); err != nil {
		t.Fatal(err)
	}
	indexed("v1", len(l.Entities))
}
