// Package storetest is the one suite of store tests that every dossier
// store passes: SQLite (package sqlite) and PostgreSQL (package postgres).
// Each store's tests describe how to open a fresh, empty database of its
// kind as a Store, and call Run:
//
//	func TestStore(t *testing.T) { storetest.Run(t, store) }
//
// The suite drives the stores through the root package's service
// interfaces only, plus a few hooks (Exec, DropGuards) that let the
// decision log's tests tamper with the database the way someone with
// write access to it would.
package storetest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"dossier"
	"dossier/internal/decisionlog"
)

// DecisionLog is a store's decision service with the checks of the
// checkpoint file that both stores have.
type DecisionLog interface {
	dossier.DecisionService
	Verify(ctx context.Context) (decisionlog.Verification, error)
	Checkpoint(ctx context.Context) (dossier.Checkpoint, error)
}

// Documents is a store's document service with its search by IDs.
type Documents interface {
	dossier.DocumentService
	SearchDocumentIDs(ctx context.Context, query string, limit int) ([]string, error)
}

// Lists is a store's list service with its look-up by entity ID.
type Lists interface {
	dossier.ListService
	FindListEntityByID(ctx context.Context, id string) (*dossier.Entity, error)
}

// Links is a store's link service with the list versions its links
// were made against.
type Links interface {
	dossier.LinkService
	FindCurrentListVersions(ctx context.Context) (map[string]string, error)
}

// ListWriter streams one list version into a store.
type ListWriter interface {
	Begin(v *dossier.ListVersion) error
	Add(e *dossier.Entity) error
	Commit() (*dossier.ListLoad, error)
	Close() error
}

// Extractions is a store's extraction service as the commands and the
// server's news index use it.
type Extractions interface {
	SaveExtraction(ctx context.Context, x *dossier.Extraction) error
	FindExtraction(ctx context.Context, documentID string) (*dossier.Extraction, error)
	FindExtractions(ctx context.Context, ids []string, fn func(d *dossier.Document, x *dossier.Extraction) error) error
	HasExtraction(ctx context.Context, documentID string) (bool, error)
	FindDossier(ctx context.Context, name string) (*dossier.EntityDossier, error)
	LastExtractionChange(ctx context.Context) (int64, error)
	FindExtractionChanges(ctx context.Context, after int64) ([]string, int64, error)
	DataVersion(ctx context.Context) (int64, bool, error)
	NameKey(name string) string
	AliasKey(alias string) string
}

// Services are the services of one open database.
type Services struct {
	Documents   Documents
	Watches     dossier.WatchService
	Alerts      dossier.AlertService
	AlertAcks   dossier.AlertAckService
	Decisions   DecisionLog
	Jobs        dossier.JobService
	Links       Links
	Tokens      dossier.TokenService
	Lists       Lists
	Extractions Extractions

	// NewListWriter starts a streamed load of one list version.
	NewListWriter func(ctx context.Context, opts dossier.ListLoadOptions) ListWriter
	// FindEntitiesByName returns the news entities that a name or an
	// alias finds, with their documents.
	FindEntitiesByName func(ctx context.Context, name string) ([]dossier.EntityRef, error)
	// Fold is the store's folding of names into keys.
	Fold func(string) string

	// SetNow replaces the database's clock.
	SetNow func(now func() time.Time)
	// Exec runs SQL on the database as its owner would from a shell,
	// past the services. The suite's statements are plain SQL that both
	// SQLite and PostgreSQL read alike.
	Exec func(ctx context.Context, query string) error
	// DropGuards drops the triggers that refuse UPDATE and DELETE of
	// decisions and inserts that do not extend the chain: what a
	// tamperer with write access must do first.
	DropGuards func(ctx context.Context) error
	// KeyDir and CheckpointPath are where the decision log keeps its
	// keys and its signed checkpoints.
	KeyDir, CheckpointPath string
}

// Store opens databases of one kind.
type Store struct {
	Name string
	// Open returns the services of a new, empty database whose decision
	// log keeps its keys in KeyDir and its checkpoints in
	// CheckpointPath, and a function that opens the same database again
	// as another process would: services that share the database and
	// the log's files, but no connection or state in memory. Every
	// database opened is closed when tb ends.
	Open func(tb testing.TB, keyDir, checkpointPath string) (svc *Services, reopen func(tb testing.TB) *Services)
}

// Run runs every test of the suite against the store, each as a
// subtest named after the test.
func Run(t *testing.T, s Store) {
	for _, tt := range []struct {
		name string
		fn   func(*testing.T, Store)
	}{
		{"WatchesUpsertByReference", testWatchesUpsertByReference},
		{"AlertsDeduplicate", testAlertsDeduplicate},
		{"DeliveriesSetAlertStatus", testDeliveriesSetAlertStatus},
		{"AlertAcks", testAlertAcks},
		{"JobResultsCountOnce", testJobResultsCountOnce},
		{"JobsFilterAndPage", testJobsFilterAndPage},
		{"Tokens", testTokens},
		{"LinksReplaceAndFind", testLinksReplaceAndFind},
		{"DecisionLogChainsAndVerifies", testDecisionLogChainsAndVerifies},
		{"DecisionLogRefusesUpdateAndDelete", testDecisionLogRefusesUpdateAndDelete},
		{"DecisionLogDetectsTampering", testDecisionLogDetectsTampering},
		{"EffectiveDecisionAndSuppression", testEffectiveDecisionAndSuppression},
		{"DecisionValidation", testDecisionValidation},
		{"DecisionLogAttacks", testDecisionLogAttacks},
		{"DecisionLogUpgradesLegacyChain", testDecisionLogUpgradesLegacyChain},
		{"DecisionLogCheckpointRefusesBrokenLog", testDecisionLogCheckpointRefusesBrokenLog},
		{"DecisionLogKeysArePrivate", testDecisionLogKeysArePrivate},
		{"DecisionLogConcurrentWritersVerify", testDecisionLogConcurrentWritersVerify},
		{"DecisionLogLegacyThenDecision", testDecisionLogLegacyThenDecision},
		{"ListVersionsAndDiff", testListVersionsAndDiff},
		{"CurrentEntitiesLastChangeAndList", testCurrentEntitiesLastChangeAndList},
		{"CreateListVersionRefusesShrink", testCreateListVersionRefusesShrink},
		{"RollbackListVersion", testRollbackListVersion},
		{"ListVersionWriter", testListVersionWriter},
		{"ListVersionWriterBatches", testListVersionWriterBatches},
		{"ListLoadsConcurrent", testListLoadsConcurrent},
		{"SaveExtraction", testSaveExtraction},
		{"ExtractionChanges", testExtractionChanges},
		{"ExtractionChangesConcurrentWriters", testExtractionChangesConcurrentWriters},
		{"DataVersion", testDataVersion},
		{"FindDocuments", testFindDocuments},
	} {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, s) })
	}
}

// open opens a new database of the store with its decision log's files
// in a temporary directory.
func open(tb testing.TB, s Store) (*Services, func(testing.TB) *Services) {
	tb.Helper()
	dir := tb.TempDir()
	return s.Open(tb, filepath.Join(dir, "keys"), filepath.Join(dir, "checkpoints"))
}

// mustExec runs each statement with Exec, failing the test at the first
// error.
func mustExec(tb testing.TB, svc *Services, stmts ...string) {
	tb.Helper()
	for _, q := range stmts {
		if err := svc.Exec(context.Background(), q); err != nil {
			tb.Fatalf("%s: %v", q, err)
		}
	}
}
