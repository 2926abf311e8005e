package server

import (
	"context"
	"dossier/internal/benchload"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"dossier"
	"dossier/sqlite"
)

// The load test: POST /match over loopback HTTP with OFAC SDN, OFAC
// non-SDN and the UN list loaded, auth and JSON logging on, from 16
// concurrent clients. It runs only when DOSSIER_LOAD=1:
//
//	DOSSIER_LOAD=1 go test -run '^$' -bench BenchmarkMatchLoopback -benchtime 30s ./server
//
// It reports requests per second, latency percentiles and errors (any
// transport error or non-200 answer). Client and server share the
// machine's cores.

var (
	loadOnce    sync.Once
	loadServer  *httptest.Server
	loadToken   string
	loadBodies  [][]byte
	loadEntries int
	loadErr     error
)

func setupLoad(b *testing.B) {
	if os.Getenv("DOSSIER_LOAD") == "" {
		b.Skip("load test: set DOSSIER_LOAD=1 to run it")
	}
	data := sharedData(b)
	loadOnce.Do(func() {
		dir, err := os.MkdirTemp("", "dossier-load-")
		if err != nil {
			loadErr = err
			return
		}
		db := sqlite.NewDB(filepath.Join(dir, "load.db"))
		if loadErr = db.Open(); loadErr != nil {
			return
		}
		ls := sqlite.NewListService(db)
		var names []string
		for _, p := range []string{"ofac/sdn-2021-07", "ofac/cons", "un/consolidated-2026-02-27.xml"} {
			MustLoadList(b, ls, filepath.Join(data, p))
		}
		ls.CurrentEntities(context.Background(), func(e *dossier.Entity) error {
			if dossier.IsThing(e.Schema) && e.Caption != "" {
				names = append(names, e.Caption)
			}
			return nil
		})
		tokens := sqlite.NewTokenService(db)
		if _, loadToken, loadErr = tokens.CreateToken(context.Background(), "load", dossier.ScopeRead); loadErr != nil {
			return
		}
		srv := NewServer()
		srv.Lists, srv.Tokens, srv.Documents = ls, tokens, sqlite.NewDocumentService(db)
		srv.Extractions = sqlite.NewExtractionService(db)
		srv.Logger = slog.New(slog.NewJSONHandler(io.Discard, nil)) // logs are written, and dropped
		srv.Start(context.Background())
		if loadErr = srv.WaitReady(context.Background()); loadErr != nil {
			return
		}
		loadEntries = srv.CurrentIndex().Len()
		loadServer = httptest.NewServer(srv.Handler())
		loadBodies = benchload.MatchBodies(names, 4096)
	})
	if loadErr != nil {
		b.Fatal(loadErr)
	}
}

func BenchmarkMatchLoopback(b *testing.B) {
	setupLoad(b)
	loopbackLoad(b, loadServer.URL+"/match/default", loadToken, loadBodies, fmt.Sprintf("%d list entities", loadEntries))
}
