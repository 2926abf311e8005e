// Package dossier holds the domain types shared by every stage of the
// pipeline (read → repair → segment → recognize → resolve → relate →
// attribute → store → link → screen → serve) and the service interfaces
// the adapters implement. It imports only the standard library.
//
// Stage packages exchange these types and never import each other
// sideways: read produces Items, repair cleans their text, segment splits
// it, and the sqlite package stores the resulting Documents.
package dossier

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// Version is the release of the binary; cmd/dossier may override it at
// link time with -ldflags "-X dossier.Version=…".
var Version = "0.1.0-dev"

// Document is one article after repair: the unit that is stored,
// searched and later extracted from. Its identity is the hash of its
// repaired text, so the same article ingested twice is stored once.
type Document struct {
	ID        string    // DocumentID(Text)
	Text      string    // repaired text
	Title     string    // headline, if the source gave one
	Byline    string    // author(s), if known
	URL       string    // canonical URL, if known
	Source    string    // publisher or feed title, if known
	Published time.Time // zero when unknown
	Format    string    // reader that produced it: text, html, rss, atom, jsonl, warc
	Origin    string    // where it was read: file path plus record locator
	Repairs   []string  // what repair changed, e.g. "mojibake: 3 sequences"
	Ingested  time.Time // set by the store on first insert
}

// DocumentID returns the identity of a document with the given repaired
// text: the first 16 bytes of its SHA-256, in hex.
func DocumentID(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:16])
}

// SearchHit is one result of a full-text search.
type SearchHit struct {
	Document *Document
	Snippet  string  // text around the match, with the match marked
	Rank     float64 // lower is better (SQLite FTS5 bm25)
}

// DocumentService stores and finds documents.
type DocumentService interface {
	// CreateDocument stores d unless a document with the same ID exists.
	// It reports whether d was new. The write is one transaction.
	CreateDocument(ctx context.Context, d *Document) (created bool, err error)
	// FindDocumentByID returns ErrNotFound when no document has that ID
	// (or that unique ID prefix).
	FindDocumentByID(ctx context.Context, id string) (*Document, error)
	// SearchDocuments runs a full-text query.
	SearchDocuments(ctx context.Context, query string, limit int) ([]SearchHit, error)
	// CountDocuments returns how many documents are stored.
	CountDocuments(ctx context.Context) (int, error)
	// FindDocuments returns stored documents, the most recently
	// ingested first (then by ID), past the first offset, at most limit
	// (20 when limit ≤ 0).
	FindDocuments(ctx context.Context, offset, limit int) ([]*Document, error)
}

// Sentinel errors that callers branch on with errors.Is.
var (
	ErrNotFound  = errors.New("not found")
	ErrAmbiguous = errors.New("ambiguous identifier")
	ErrInvalid   = errors.New("invalid input")
)

// InputError reports a problem with one input at a position. Readers and
// loaders return it so a user can find the bad bytes: the file, and a
// line (1-based) or a byte offset when the line is not meaningful.
type InputError struct {
	File   string // path, "-" for standard input
	Line   int    // 1-based line, 0 if unknown
	Offset int64  // byte offset, -1 if unknown
	Record string // record locator inside the file, e.g. "item 3", "record 12"
	Err    error
}

func (e *InputError) Error() string {
	s := e.File
	if s == "" {
		s = "<input>"
	}
	if e.Line > 0 {
		s += fmt.Sprintf(":%d", e.Line)
	} else if e.Offset >= 0 {
		s += fmt.Sprintf(": offset %d", e.Offset)
	}
	if e.Record != "" {
		s += ": " + e.Record
	}
	return s + ": " + e.Err.Error()
}

func (e *InputError) Unwrap() error { return e.Err }

// ListDiff is what changed in a list between two versions.
type ListDiff struct {
	Dataset  string    `json:"dataset"`
	From, To string    `json:"-"`
	Added    []*Entity `json:"added"`
	Removed  []*Entity `json:"removed"`
	Changed  []Change  `json:"changed"`
}

// Change is one entity that differs between two list versions.
type Change struct {
	Old, New *Entity
	Fields   []string // properties whose values differ, sorted
}

// ListService stores versions of sanctions and PEP lists.
type ListService interface {
	// CreateListVersion is LoadListVersion with the default options: a
	// version that shrinks its dataset by more than half is refused.
	CreateListVersion(ctx context.Context, v *ListVersion, entities []*Entity) (created bool, err error)
	// LoadListVersion stores a list version and its entities in one
	// transaction, makes it the dataset's current version and records a
	// ListLoaded event. It reports Created false, with no change, when
	// that exact version is stored already, and refuses with a
	// *ShrinkError, with no change, a version that has fewer than half
	// the entities of the current one unless opts.AllowShrink.
	LoadListVersion(ctx context.Context, v *ListVersion, entities []*Entity, opts ListLoadOptions) (*ListLoad, error)
	// RollbackListVersion makes a stored version of a dataset current
	// again and records a ListRolledBack event; no version is deleted.
	// An empty version means the newest one loaded before the current
	// one. ErrNotFound when there is no such version.
	RollbackListVersion(ctx context.Context, dataset, version string) (*ListEvent, error)
	// FindListVersions returns stored versions, newest first; dataset ""
	// means all datasets.
	FindListVersions(ctx context.Context, dataset string) ([]*ListVersion, error)
	// FindListEvents returns the history of a dataset ("" for all),
	// newest first.
	FindListEvents(ctx context.Context, dataset string) ([]*ListEvent, error)
	// CurrentEntities calls fn for every entity of every dataset's
	// current version, with its List set to that dataset and its
	// LastChange to the time of the first version since which it is
	// unchanged.
	CurrentEntities(ctx context.Context, fn func(*Entity) error) error
	// DiffListVersions compares two versions of a dataset; empty version
	// strings mean the two newest.
	DiffListVersions(ctx context.Context, dataset, from, to string) (*ListDiff, error)
}
