// Package decisionlog is the part of the decision audit log that does
// not depend on the database holding it: sealing a new decision (its
// SHA-256 hash and its HMAC, chained from the decision before), and
// verifying a log, read row by row from any store, against its keys and
// its file of signed checkpoints (package internal/checkpoint).
//
// A store keeps the rows, appends one at a time under a lock that
// serializes writers, and calls Log.Seal inside its transaction and
// Log.Signed after the commit:
//
//	keys, err := log.Keys()
//	… begin; lock; read the last row's id, hash and mac …
//	decisionlog.Seal(keys, d, lastID, lastHash, lastMAC)
//	… insert d; commit …
//	err = log.Signed(ctx, keys, d)
//
// Verify and Checkpoint take the rows through a Rows function, in ID
// order, with each row's stored time and target as stored, so that a
// row whose columns were changed without the key is found.
package decisionlog

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"dossier"
	"dossier/internal/checkpoint"
)

// Log is where a decision log keeps what makes it tamper-evident outside
// its database.
type Log struct {
	// KeyDir holds the HMAC key and the ed25519 key pair, created with
	// mode 0600 by the first decision.
	KeyDir string
	// CheckpointPath is the append-only file of signed checkpoints.
	CheckpointPath string
	// OnCheckpoint, when set, is called with each checkpoint appended,
	// for example to post it to a webhook as an outside witness.
	OnCheckpoint func(ctx context.Context, c dossier.Checkpoint)
	// Now returns the time checkpoints are signed at.
	Now func() time.Time
}

// Keys opens the log's keys, creating them on first use. It fails when no
// checkpoint file is set: a decision must never be logged unsigned.
func (l *Log) Keys() (*checkpoint.Keys, error) {
	if l.CheckpointPath == "" {
		return nil, errors.New("no checkpoint file set (DecisionService.CheckpointPath)")
	}
	return checkpoint.OpenKeys(l.KeyDir)
}

// Link is what the next decision's MAC chains from: the MAC of the one
// before, or its hash if it has none.
func Link(hash, mac string) string {
	if mac != "" {
		return mac
	}
	return hash
}

// Seal makes d the decision after the one with lastID, lastHash and
// lastMAC (0, "", "" for the first): it sets ID and PrevHash, Created in
// UTC, then Hash and MAC. Created must be set.
func Seal(keys *checkpoint.Keys, d *dossier.Decision, lastID int64, lastHash, lastMAC string) {
	d.Created = d.Created.UTC()
	d.ID, d.PrevHash = lastID+1, lastHash
	d.Hash = dossier.ChainHash(d.PrevHash, d)
	d.MAC = keys.MAC(Link(lastHash, lastMAC), dossier.DecisionContent(d))
}

// CreatedText is the stored form of a decision's time: RFC 3339 with
// nanoseconds, UTC, exactly as hashed.
func CreatedText(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// Signed appends the signed checkpoint of the log as it is once d, just
// committed, is its last decision. It is called after the commit: a
// checkpoint never signs a decision that is not in the log. One lost to a
// crash here leaves the decision outside the checkpoints until the next
// decision's checkpoint covers it.
func (l *Log) Signed(ctx context.Context, keys *checkpoint.Keys, d *dossier.Decision) error {
	if err := l.appendCheckpoint(ctx, keys, keys.Sign(d.ID, d.MAC, l.now())); err != nil {
		return fmt.Errorf("decision %d is logged, but its checkpoint is not: %w", d.ID, err)
	}
	return nil
}

func (l *Log) now() time.Time {
	if l.Now == nil {
		return time.Now()
	}
	return l.Now()
}

// appendCheckpoint appends c to the checkpoint file, records it as the
// latest in the key directory, and passes it to OnCheckpoint.
func (l *Log) appendCheckpoint(ctx context.Context, keys *checkpoint.Keys, c dossier.Checkpoint) error {
	if err := checkpoint.Record(l.CheckpointPath, keys.Dir, c); err != nil {
		return err
	}
	if l.OnCheckpoint != nil {
		l.OnCheckpoint(ctx, c)
	}
	return nil
}

// Row is a stored decision as read back: the decision, with its time as
// parsed, and the time and target as their columns hold them.
type Row struct {
	Decision    dossier.Decision
	CreatedText string // the created column
	Target      string // the target column
}

// Rows calls fn with every decision of the log in ID order, stopping at
// the first error fn returns.
type Rows func(ctx context.Context, fn func(r *Row) error) error

// Verification is what Verify checked.
type Verification struct {
	Decisions int // decisions in the log, whose hashes and MACs verified
	// Legacy is how many of them predate the HMAC chain (no MAC).
	Legacy int
	// Checkpoints is how many signed checkpoints verified; Latest is
	// the one with the highest count.
	Checkpoints int
	Latest      dossier.Checkpoint
	KeyID       string // the checkpoint key's ID
}

// Unsigned is how many decisions are newer than the latest checkpoint
// (normally none: one left by a crash between a decision and its
// checkpoint, covered by the next decision's).
func (v Verification) Unsigned() int { return v.Decisions - int(v.Latest.Count) }

// Verify recomputes the log's SHA-256 chain and HMAC chain, then checks
// every checkpoint's signature and that the log has each checkpoint's
// decision with the head it signed. It returns a *dossier.ChainError
// naming the first problem: a row changed, rewritten with a recomputed
// hash (its MAC no longer matches), missing from the middle or from the
// end, a database older than its checkpoints (restored from a copy), or a
// checkpoint file missing, malformed or not signed by the log's key.
// Checking needs the keys in KeyDir.
func (l *Log) Verify(ctx context.Context, rows Rows) (Verification, error) {
	// The checkpoint file is read first: the log is only ever appended
	// to, so one written meanwhile signs a prefix of what is read next.
	cps, cpErr := l.readCheckpoints()
	rv, heads, err := l.verifyRows(ctx, rows, cps)
	if err != nil {
		return rv.Verification, err
	}
	err = l.checkCheckpoints(&rv, cps, cpErr, heads)
	return rv.Verification, err
}

// Checkpoint verifies the log and appends a checkpoint of its current
// head, which it returns. It is how a log kept before signed checkpoints
// gets its first one; on a log whose checkpoints verify it only signs the
// head again. A log that does not verify is not signed.
func (l *Log) Checkpoint(ctx context.Context, rows Rows) (dossier.Checkpoint, error) {
	cps, cpErr := l.readCheckpoints()
	v, heads, err := l.verifyRows(ctx, rows, cps)
	if err != nil {
		return dossier.Checkpoint{}, err
	}
	unsignedLegacy := errors.Is(cpErr, fs.ErrNotExist) && v.Decisions == v.Legacy
	if err := l.checkCheckpoints(&v, cps, cpErr, heads); err != nil && !unsignedLegacy {
		return dossier.Checkpoint{}, err
	}
	if v.Decisions == 0 {
		return dossier.Checkpoint{}, errors.New("checkpoint: the log has no decisions to sign")
	}
	keys, err := checkpoint.OpenKeys(l.KeyDir)
	if err != nil {
		return dossier.Checkpoint{}, err
	}
	c := keys.Sign(int64(v.Decisions), v.head, l.now())
	return c, l.appendCheckpoint(ctx, keys, c)
}

// readCheckpoints reads the checkpoint file and the copy of the latest
// checkpoint in the key directory, which it adds at the end. A missing
// checkpoint file gives an error wrapping fs.ErrNotExist.
func (l *Log) readCheckpoints() ([]dossier.Checkpoint, error) {
	if l.CheckpointPath == "" {
		return nil, errors.New("no checkpoint file set")
	}
	cps, latest, latestErr, err := checkpoint.ReadLog(l.CheckpointPath, l.KeyDir)
	if err != nil {
		return nil, err
	}
	if latestErr != nil {
		return nil, &dossier.ChainError{Reason: fmt.Sprintf("the key directory's copy of the latest checkpoint cannot be read: %v", latestErr)}
	}
	return append(cps, latest), nil
}

// rowsVerified is what verifyRows found besides the Verification: the
// head of the log at its end.
type rowsVerified struct {
	Verification
	head string
}

// verifyRows recomputes the hash and MAC chains, and returns the heads
// of the log at each checkpoint's count.
func (l *Log) verifyRows(ctx context.Context, rows Rows, cps []dossier.Checkpoint) (rowsVerified, map[int64]string, error) {
	var v rowsVerified
	heads := map[int64]string{} // count → head, at each checkpoint
	for _, c := range cps {
		heads[c.Count] = ""
	}
	keys, keyErr := checkpoint.LoadKeys(l.KeyDir)
	var prevHash, prevMAC string
	err := rows(ctx, func(r *Row) error {
		d := &r.Decision
		n := v.Decisions + 1
		fail := func(reason string) error { return &dossier.ChainError{ID: d.ID, Reason: reason} }
		switch {
		case d.ID != int64(n):
			return fail(fmt.Sprintf("expected decision %d here: rows missing", n))
		case d.PrevHash != prevHash:
			return fail("previous hash does not match the decision before it")
		case CreatedText(d.Created) != r.CreatedText:
			return fail("created time is not in the hashed form")
		case r.Target != d.Target():
			return fail("target does not match the decision's hit")
		case dossier.ChainHash(prevHash, d) != d.Hash:
			return fail("content does not match its hash")
		case d.MAC == "" && prevMAC != "":
			return fail("has no MAC though the decisions before it do: the row was rewritten or inserted without the key")
		case d.MAC == "":
			v.Legacy++
		case keyErr != nil:
			return fail(fmt.Sprintf("its MAC cannot be checked: %v", keyErr))
		case !keys.CheckMAC(d.MAC, Link(prevHash, prevMAC), dossier.DecisionContent(d)):
			return fail("MAC does not match: the row was rewritten, or the rows before it (a recomputed SHA-256 hash does not make a MAC without the key)")
		}
		if _, ok := heads[d.ID]; ok {
			heads[d.ID] = Link(d.Hash, d.MAC)
		}
		prevHash, prevMAC = d.Hash, d.MAC
		v.Decisions = n
		return nil
	})
	if err != nil {
		var ce *dossier.ChainError
		if errors.As(err, &ce) {
			return v, nil, err
		}
		return v, nil, fmt.Errorf("verify decisions: %w", err)
	}
	v.head = Link(prevHash, prevMAC)
	return v, heads, nil
}

// checkCheckpoints checks the checkpoints against the log verifyRows read.
func (l *Log) checkCheckpoints(rv *rowsVerified, cps []dossier.Checkpoint, cpErr error, heads map[int64]string) error {
	v := &rv.Verification
	fail := func(id int64, format string, args ...any) error {
		return &dossier.ChainError{ID: id, Reason: fmt.Sprintf(format, args...)}
	}
	_, keysErr := os.Stat(l.KeyDir)
	switch {
	case errors.Is(cpErr, fs.ErrNotExist) && v.Decisions == 0 && errors.Is(keysErr, fs.ErrNotExist):
		return nil // a new log: nothing decided, nothing signed
	case errors.Is(cpErr, fs.ErrNotExist) && v.Decisions == v.Legacy && v.Decisions > 0:
		return fail(0, "checkpoint file %s does not exist: the %d decisions, all logged before signed checkpoints, are unsigned "+
			"(after checking them, sign them with 'dossier decision checkpoint')", l.CheckpointPath, v.Decisions)
	case errors.Is(cpErr, fs.ErrNotExist):
		return fail(0, "checkpoint file %s does not exist (deleted?): the log's length and head cannot be checked", l.CheckpointPath)
	case errors.As(cpErr, new(*dossier.ChainError)):
		return cpErr
	case cpErr != nil:
		return fail(0, "%v", cpErr)
	case len(cps) == 1:
		return fail(0, "checkpoint file %s has no checkpoints (emptied?): the log's length and head cannot be checked", l.CheckpointPath)
	}
	pub, err := checkpoint.LoadPublicKey(l.KeyDir)
	if err != nil {
		return fail(0, "checkpoint signatures cannot be checked: %v", err)
	}
	v.KeyID = checkpoint.KeyID(pub)
	// The copy of the latest checkpoint in the key directory, last in
	// cps: the checkpoint file must reach at least as far.
	latest := cps[len(cps)-1]
	cps = cps[:len(cps)-1]
	if err := checkpoint.Verify(pub, latest); err != nil {
		return fail(0, "the key directory's copy of the latest checkpoint (%d decisions) is not signed by the log's key: %v",
			latest.Count, err)
	}
	for i, c := range cps {
		if err := checkpoint.Verify(pub, c); err != nil {
			return fail(0, "checkpoint %s:%d (%d decisions, %s) is not signed by the log's key: %v",
				l.CheckpointPath, i+1, c.Count, c.Time.Format(time.RFC3339), err)
		}
		if c.Count > v.Latest.Count {
			v.Latest = c
		}
	}
	if latest.Count > v.Latest.Count {
		if latest.Count > int64(v.Decisions) {
			v.Latest = latest // report the rollback below
		} else {
			return fail(0, "checkpoint file %s ends at %d decisions, but the key directory's copy of the latest checkpoint signed %d "+
				"(at %s): the checkpoint file was cut short", l.CheckpointPath, v.Latest.Count, latest.Count, latest.Time.Format(time.RFC3339))
		}
	}
	cps = append(cps, latest)
	if lt := v.Latest; lt.Count > int64(v.Decisions) {
		return fail(int64(v.Decisions)+1, "the log has %d decisions but checkpoint of %s signed %d: decisions %d to %d were deleted "+
			"from the end, or the database was restored from an older copy", v.Decisions, lt.Time.Format(time.RFC3339), lt.Count,
			v.Decisions+1, lt.Count)
	}
	for i, c := range cps {
		where := fmt.Sprintf("checkpoint %s:%d", l.CheckpointPath, i+1)
		if i == len(cps)-1 {
			where = "the key directory's copy of the latest checkpoint"
		}
		if heads[c.Count] != c.Head {
			return fail(c.Count, "does not match %s of %s, which signed a different head for it: "+
				"it or decisions before it were rewritten", where, c.Time.Format(time.RFC3339))
		}
	}
	v.Checkpoints = len(cps) - 1
	return nil
}

// ByTarget keys a subject's effective decisions (the latest on each
// target, as a store reads them) by their target.
func ByTarget(ds []*dossier.Decision) map[string]*dossier.Decision {
	out := make(map[string]*dossier.Decision, len(ds))
	for _, d := range ds {
		out[d.Target()] = d
	}
	return out
}

// Suppressed returns the targets whose effective decision is
// false_positive: the hits screening leaves out.
func Suppressed(eff map[string]*dossier.Decision) map[string]bool {
	out := map[string]bool{}
	for t, d := range eff {
		if d.Verdict == dossier.VerdictFalsePositive {
			out[t] = true
		}
	}
	return out
}
