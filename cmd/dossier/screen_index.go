package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"dossier"
	"dossier/screen"
)

// The screening index of the command line is kept in a file beside the
// database, DB.screen-index, so that "dossier screen NAME" reads it
// instead of parsing every list entity's names again. The file records
// the key it was built for: the current version of every dataset and the
// dossier binary that built it (its release, size and modification time,
// so that a rebuilt binary, whose name parsing may have changed, does
// not trust it). When the key differs (a list was loaded or rolled
// back), or the file is corrupt, truncated or of another format, the
// index is built from the database again and the file replaced,
// atomically; a file that cannot be written only costs the next call
// the same build.

// indexFileSuffix is appended to the database path.
const indexFileSuffix = ".screen-index"

// indexKey describes what an index built now would be built from.
func indexKey(versions []*dossier.ListVersion) string {
	var cur []string
	for _, v := range versions {
		if v.Current {
			cur = append(cur, v.Dataset+"="+v.Version)
		}
	}
	sort.Strings(cur)
	return fmt.Sprintf("dossier %s %s; lists %s", dossier.Version, binaryStamp(), strings.Join(cur, ","))
}

// binaryStamp identifies the running executable by its size and
// modification time.
func binaryStamp() string {
	exe, err := os.Executable()
	if err != nil {
		return "exe ?"
	}
	st, err := os.Stat(exe)
	if err != nil {
		return "exe ?"
	}
	return fmt.Sprintf("exe %d@%d", st.Size(), st.ModTime().UnixNano())
}

// indexPath is the index file of the database at dbPath, or "" for a
// database that is not a file.
func indexPath(dbPath string) string {
	if dbPath == "" || dbPath == ":memory:" || strings.HasPrefix(dbPath, "file:") || isPostgresURL(dbPath) {
		return ""
	}
	return dbPath + indexFileSuffix
}

// loadIndex returns the screening index of the current list versions:
// from the index file when it is up to date, else built from the
// database and saved.
func (m *Main) loadIndex(ctx context.Context) (*screen.Index, error) {
	st, err := m.openStore()
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return m.storeIndex(ctx, st)
}

// storeIndex is loadIndex over an open store.
func (m *Main) storeIndex(ctx context.Context, st *store) (*screen.Index, error) {
	dbPath, err := m.resolveDBPath()
	if err != nil {
		return nil, err
	}
	lists := st.Lists
	versions, err := lists.FindListVersions(ctx, "")
	if err != nil {
		return nil, err
	}
	key, path := indexKey(versions), indexPath(dbPath)
	if path != "" {
		// The index is the working set of a screening command: collecting
		// garbage while it is read would free nothing.
		gc := debug.SetGCPercent(-1)
		ix, err := screen.LoadIndexFile(path, key)
		debug.SetGCPercent(gc)
		switch {
		case err == nil:
			return checkLoaded(ix)
		case errors.Is(err, fs.ErrNotExist):
		case errors.Is(err, screen.ErrStaleIndex):
			m.progressf("lists changed since the screening index was built: building it again")
		default:
			fmt.Fprintf(m.Stderr, "dossier: screening index %s is unreadable (%v): building it again\n", path, err)
		}
	}
	ix, err := screen.Build(ctx, lists)
	if err != nil {
		return nil, err
	}
	// Save it only if no list changed while it was built: under the key
	// read before, an index of newer lists would be trusted after a
	// rollback to those versions.
	if path != "" && ix.Len() > 0 && sameKey(ctx, lists, key) {
		if err := ix.SaveIndexFile(path, key); err != nil {
			fmt.Fprintf(m.Stderr, "dossier: warning: screening index not saved: %v\n", err)
		}
	}
	return checkLoaded(ix)
}

// oneShot sets the collector for a command that runs once and exits
// (dossier screen NAME): it does not collect while the command runs,
// since the index it reads is its working set and the process's memory
// goes back to the system at exit, unless the heap reaches a GiB. The
// returned function restores the settings when the last command running
// returns, for the tests that run commands in-process.
func oneShot() (restore func()) {
	oneShotGC.Lock()
	defer oneShotGC.Unlock()
	if oneShotGC.running == 0 {
		oneShotGC.percent = debug.SetGCPercent(-1)
		oneShotGC.limit = debug.SetMemoryLimit(-1)
		debug.SetMemoryLimit(min(oneShotGC.limit, 1<<30))
	}
	oneShotGC.running++
	return func() {
		oneShotGC.Lock()
		defer oneShotGC.Unlock()
		if oneShotGC.running--; oneShotGC.running == 0 {
			debug.SetGCPercent(oneShotGC.percent)
			debug.SetMemoryLimit(oneShotGC.limit)
		}
	}
}

// oneShotGC is the collector's settings before the one-shot commands
// that are running.
var oneShotGC struct {
	sync.Mutex
	running int
	percent int
	limit   int64
}

// sameKey reports whether the current list versions still give key.
func sameKey(ctx context.Context, lists dossier.ListService, key string) bool {
	versions, err := lists.FindListVersions(ctx, "")
	return err == nil && indexKey(versions) == key
}

func checkLoaded(ix *screen.Index) (*screen.Index, error) {
	if ix.Len() == 0 {
		return nil, errors.New("no lists loaded: load some with 'dossier lists load PATH' or 'dossier lists update'")
	}
	return ix, nil
}

// progressf prints a note on standard error when it is a terminal.
func (m *Main) progressf(format string, args ...any) {
	if m.terminal(m.Stderr) {
		fmt.Fprintf(m.Stderr, "dossier: "+format+"\n", args...)
	}
}
