package sqlite

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

var _ dossier.DecisionService = (*DecisionService)(nil)

// DecisionService keeps the decisions audit log. It only ever inserts:
// there is no UPDATE or DELETE of decisions in this code, and the
// schema's triggers refuse both, and any insert that does not extend
// the hash chain.
//
// Triggers only stop honest mistakes: whoever can write the file can
// drop them. So each decision also carries a MAC chained from the one
// before under a key kept outside the database (KeyDir), and after each
// decision a signed checkpoint of the log's length and head is appended
// to CheckpointPath. VerifyDecisions recomputes both chains and checks
// them against every checkpoint, so a row rewritten (even with its
// SHA-256 recomputed), deleted from the end, or a database restored from
// an older copy is reported.
type DecisionService struct {
	db *DB

	// KeyDir holds the HMAC key and the ed25519 key pair (see package
	// internal/checkpoint), created with mode 0600 by the first
	// decision. Default: the database path followed by ".keys".
	KeyDir string
	// CheckpointPath is the append-only file of signed checkpoints.
	// Default: the database path followed by ".checkpoints".
	CheckpointPath string
	// OnCheckpoint, when set, is called with each checkpoint appended,
	// for example to post it to a webhook as an outside witness.
	OnCheckpoint func(ctx context.Context, c dossier.Checkpoint)
}

// NewDecisionService returns a DecisionService backed by db, with its
// keys and checkpoints beside the database file. An in-memory database
// has no such place: set KeyDir and CheckpointPath before adding
// decisions to one.
func NewDecisionService(db *DB) *DecisionService {
	s := &DecisionService{db: db}
	if db.Path != ":memory:" {
		s.KeyDir, s.CheckpointPath = db.Path+".keys", db.Path+".checkpoints"
	}
	return s
}

// link is what the next decision's MAC chains from: the MAC of the one
// before, or its hash if it has none.
func link(hash, mac string) string {
	if mac != "" {
		return mac
	}
	return hash
}

// CreateDecision appends d to the log and then a signed checkpoint to
// the checkpoint file. The keys are created on first use.
func (s *DecisionService) CreateDecision(ctx context.Context, d *dossier.Decision) error {
	if err := d.Validate(); err != nil {
		return err
	}
	if s.CheckpointPath == "" {
		return errors.New("create decision: no checkpoint file set (DecisionService.CheckpointPath)")
	}
	keys, err := checkpoint.OpenKeys(s.KeyDir)
	if err != nil {
		return fmt.Errorf("create decision: %w", err)
	}
	tx, err := s.db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var lastID int64
	var lastHash, lastMAC string
	err = tx.QueryRowContext(ctx, `SELECT id, hash, mac FROM decisions ORDER BY id DESC LIMIT 1`).Scan(&lastID, &lastHash, &lastMAC)
	if err != nil && !errNoRows(err) {
		return fmt.Errorf("create decision: %w", err)
	}
	if d.Created.IsZero() {
		d.Created = s.db.Now()
	}
	d.Created = d.Created.UTC()
	d.ID, d.PrevHash = lastID+1, lastHash
	d.Hash = dossier.ChainHash(d.PrevHash, d)
	d.MAC = keys.MAC(link(lastHash, lastMAC), dossier.DecisionContent(d))
	if _, err := tx.ExecContext(ctx, `INSERT INTO decisions (id, subject_key, watch_id, subject_name, list_entity_id,
			document_id, doc_entity_id, target, verdict, author, note, created, prev_hash, hash, mac)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ID, d.SubjectKey, d.WatchID, d.SubjectName, d.ListEntityID, d.DocumentID, d.DocEntityID, d.Target(),
		d.Verdict, d.Author, d.Note, monTime(d.Created), d.PrevHash, d.Hash, d.MAC); err != nil {
		return fmt.Errorf("create decision: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("create decision: %w", err)
	}
	// After the commit: a checkpoint never signs a decision that is not
	// in the log. One lost to a crash here leaves the decision outside
	// the checkpoints until the next decision's checkpoint covers it.
	if err := s.appendCheckpoint(ctx, keys, keys.Sign(d.ID, d.MAC, s.db.Now())); err != nil {
		return fmt.Errorf("decision %d is logged, but its checkpoint is not: %w", d.ID, err)
	}
	return nil
}

// appendCheckpoint appends c to the checkpoint file, records it as the
// latest in the key directory, and passes it to OnCheckpoint.
func (s *DecisionService) appendCheckpoint(ctx context.Context, keys *checkpoint.Keys, c dossier.Checkpoint) error {
	if err := checkpoint.Record(s.CheckpointPath, keys.Dir, c); err != nil {
		return err
	}
	if s.OnCheckpoint != nil {
		s.OnCheckpoint(ctx, c)
	}
	return nil
}

const decisionColumns = `id, subject_key, watch_id, subject_name, list_entity_id, document_id, doc_entity_id,
	verdict, author, note, created, prev_hash, hash, mac`

func scanDecision(row interface{ Scan(...any) error }) (*dossier.Decision, error) {
	var d dossier.Decision
	var created string
	if err := row.Scan(&d.ID, &d.SubjectKey, &d.WatchID, &d.SubjectName, &d.ListEntityID, &d.DocumentID,
		&d.DocEntityID, &d.Verdict, &d.Author, &d.Note, &created, &d.PrevHash, &d.Hash, &d.MAC); err != nil {
		return nil, err
	}
	d.Created = monParseTime(created)
	return &d, nil
}

// FindDecisionByID returns a decision.
func (s *DecisionService) FindDecisionByID(ctx context.Context, id int64) (*dossier.Decision, error) {
	d, err := scanDecision(s.db.db.QueryRowContext(ctx, `SELECT `+decisionColumns+` FROM decisions WHERE id = ?`, id))
	if errNoRows(err) {
		return nil, fmt.Errorf("decision %d: %w", id, dossier.ErrNotFound)
	}
	return d, err
}

// FindDecisions returns decisions in log order.
func (s *DecisionService) FindDecisions(ctx context.Context, f dossier.DecisionFilter) ([]*dossier.Decision, int, error) {
	var w monWhere
	if f.SubjectKey != nil {
		w.add("subject_key = ?", *f.SubjectKey)
	}
	if f.WatchID != nil {
		w.add("watch_id = ?", *f.WatchID)
	}
	if f.ListEntityID != nil {
		w.add("list_entity_id = ?", *f.ListEntityID)
	}
	if f.DocumentID != nil {
		w.add("document_id = ?", *f.DocumentID)
	}
	if f.Verdict != nil {
		w.add("verdict = ?", *f.Verdict)
	}
	var n int
	if err := s.db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM decisions`+w.sql(), w.args...).Scan(&n); err != nil {
		return nil, 0, fmt.Errorf("find decisions: %w", err)
	}
	out, err := s.query(ctx, `SELECT `+decisionColumns+` FROM decisions`+w.sql()+` ORDER BY id`+
		monPage(f.Offset, f.Limit), w.args...)
	return out, n, err
}

func (s *DecisionService) query(ctx context.Context, q string, args ...any) ([]*dossier.Decision, error) {
	rows, err := s.db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find decisions: %w", err)
	}
	defer rows.Close()
	var out []*dossier.Decision
	for rows.Next() {
		d, err := scanDecision(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// FindEffectiveDecisions returns the latest decision on each target of
// a subject.
func (s *DecisionService) FindEffectiveDecisions(ctx context.Context, subjectKey string) (map[string]*dossier.Decision, error) {
	ds, err := s.query(ctx, `SELECT `+decisionColumns+` FROM decisions d WHERE subject_key = ?
		AND id = (SELECT MAX(id) FROM decisions e WHERE e.subject_key = d.subject_key AND e.target = d.target)
		ORDER BY id`, subjectKey)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*dossier.Decision, len(ds))
	for _, d := range ds {
		out[d.Target()] = d
	}
	return out, nil
}

// FindSuppressed returns the targets whose effective decision for the
// subject is false_positive.
func (s *DecisionService) FindSuppressed(ctx context.Context, subjectKey string) (map[string]bool, error) {
	eff, err := s.FindEffectiveDecisions(ctx, subjectKey)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for t, d := range eff {
		if d.Verdict == dossier.VerdictFalsePositive {
			out[t] = true
		}
	}
	return out, nil
}

// VerifyDecisions checks the whole log (see Verify) and returns how many
// decisions it checked, or a *dossier.ChainError at the first problem.
func (s *DecisionService) VerifyDecisions(ctx context.Context) (int, error) {
	r, err := s.Verify(ctx)
	return r.Decisions, err
}

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
func (s *DecisionService) Verify(ctx context.Context) (Verification, error) {
	// The checkpoint file is read first: the log is only ever appended
	// to, so one written meanwhile signs a prefix of what is read next.
	cps, cpErr := s.readCheckpoints()
	v, heads, err := s.verifyRows(ctx, cps)
	if err != nil {
		return v, err
	}
	return v, s.checkCheckpoints(&v, cps, cpErr, heads)
}

// readCheckpoints reads the checkpoint file and the copy of the latest
// checkpoint in the key directory, which it adds at the end. A missing
// checkpoint file gives an error wrapping fs.ErrNotExist.
func (s *DecisionService) readCheckpoints() ([]dossier.Checkpoint, error) {
	if s.CheckpointPath == "" {
		return nil, errors.New("no checkpoint file set")
	}
	cps, latest, latestErr, err := checkpoint.ReadLog(s.CheckpointPath, s.KeyDir)
	if err != nil {
		return nil, err
	}
	if latestErr != nil {
		return nil, &dossier.ChainError{Reason: fmt.Sprintf("the key directory's copy of the latest checkpoint cannot be read: %v", latestErr)}
	}
	return append(cps, latest), nil
}

// verifyRows recomputes the hash and MAC chains, and returns the heads
// of the log at each checkpoint's count.
func (s *DecisionService) verifyRows(ctx context.Context, cps []dossier.Checkpoint) (Verification, map[int64]string, error) {
	var v Verification
	heads := map[int64]string{} // count → head, at each checkpoint
	for _, c := range cps {
		heads[c.Count] = ""
	}
	keys, keyErr := checkpoint.LoadKeys(s.KeyDir)

	rows, err := s.db.db.QueryContext(ctx, `SELECT `+decisionColumns+`, target FROM decisions ORDER BY id`)
	if err != nil {
		return v, nil, fmt.Errorf("verify decisions: %w", err)
	}
	defer rows.Close()
	var prevHash, prevMAC string
	for rows.Next() {
		var d dossier.Decision
		var created, target string
		if err := rows.Scan(&d.ID, &d.SubjectKey, &d.WatchID, &d.SubjectName, &d.ListEntityID, &d.DocumentID,
			&d.DocEntityID, &d.Verdict, &d.Author, &d.Note, &created, &d.PrevHash, &d.Hash, &d.MAC, &target); err != nil {
			return v, nil, err
		}
		d.Created = monParseTime(created)
		n := v.Decisions + 1
		fail := func(reason string) (Verification, map[int64]string, error) {
			return v, nil, &dossier.ChainError{ID: d.ID, Reason: reason}
		}
		switch {
		case d.ID != int64(n):
			return fail(fmt.Sprintf("expected decision %d here: rows missing", n))
		case d.PrevHash != prevHash:
			return fail("previous hash does not match the decision before it")
		case monTime(d.Created) != created:
			return fail("created time is not in the hashed form")
		case target != d.Target():
			return fail("target does not match the decision's hit")
		case dossier.ChainHash(prevHash, &d) != d.Hash:
			return fail("content does not match its hash")
		case d.MAC == "" && prevMAC != "":
			return fail("has no MAC though the decisions before it do: the row was rewritten or inserted without the key")
		case d.MAC == "":
			v.Legacy++
		case keyErr != nil:
			return fail(fmt.Sprintf("its MAC cannot be checked: %v", keyErr))
		case !keys.CheckMAC(d.MAC, link(prevHash, prevMAC), dossier.DecisionContent(&d)):
			return fail("MAC does not match: the row was rewritten, or the rows before it (a recomputed SHA-256 hash does not make a MAC without the key)")
		}
		if _, ok := heads[d.ID]; ok {
			heads[d.ID] = link(d.Hash, d.MAC)
		}
		prevHash, prevMAC = d.Hash, d.MAC
		v.Decisions = n
	}
	if err := rows.Err(); err != nil {
		return v, nil, fmt.Errorf("verify decisions: %w", err)
	}
	return v, heads, nil
}

// checkCheckpoints checks the checkpoints against the log Verify read.
func (s *DecisionService) checkCheckpoints(v *Verification, cps []dossier.Checkpoint, cpErr error, heads map[int64]string) error {
	fail := func(id int64, format string, args ...any) error {
		return &dossier.ChainError{ID: id, Reason: fmt.Sprintf(format, args...)}
	}
	_, keysErr := os.Stat(s.KeyDir)
	switch {
	case errors.Is(cpErr, fs.ErrNotExist) && v.Decisions == 0 && errors.Is(keysErr, fs.ErrNotExist):
		return nil // a new log: nothing decided, nothing signed
	case errors.Is(cpErr, fs.ErrNotExist) && v.Decisions == v.Legacy && v.Decisions > 0:
		return fail(0, "checkpoint file %s does not exist: the %d decisions, all logged before signed checkpoints, are unsigned "+
			"(after checking them, sign them with 'dossier decision checkpoint')", s.CheckpointPath, v.Decisions)
	case errors.Is(cpErr, fs.ErrNotExist):
		return fail(0, "checkpoint file %s does not exist (deleted?): the log's length and head cannot be checked", s.CheckpointPath)
	case errors.As(cpErr, new(*dossier.ChainError)):
		return cpErr
	case cpErr != nil:
		return fail(0, "%v", cpErr)
	case len(cps) == 1:
		return fail(0, "checkpoint file %s has no checkpoints (emptied?): the log's length and head cannot be checked", s.CheckpointPath)
	}
	pub, err := checkpoint.LoadPublicKey(s.KeyDir)
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
				s.CheckpointPath, i+1, c.Count, c.Time.Format(time.RFC3339), err)
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
				"(at %s): the checkpoint file was cut short", s.CheckpointPath, v.Latest.Count, latest.Count, latest.Time.Format(time.RFC3339))
		}
	}
	cps = append(cps, latest)
	if l := v.Latest; l.Count > int64(v.Decisions) {
		return fail(int64(v.Decisions)+1, "the log has %d decisions but checkpoint of %s signed %d: decisions %d to %d were deleted "+
			"from the end, or the database was restored from an older copy", v.Decisions, l.Time.Format(time.RFC3339), l.Count,
			v.Decisions+1, l.Count)
	}
	for i, c := range cps {
		where := fmt.Sprintf("checkpoint %s:%d", s.CheckpointPath, i+1)
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

// Checkpoint verifies the log and appends a checkpoint of its current
// head. It is how a log kept before signed checkpoints gets its first
// one; on a log whose checkpoints verify it only signs the head again.
// A log that does not verify is not signed.
func (s *DecisionService) Checkpoint(ctx context.Context) (dossier.Checkpoint, error) {
	cps, cpErr := s.readCheckpoints()
	v, heads, err := s.verifyRows(ctx, cps)
	if err != nil {
		return dossier.Checkpoint{}, err
	}
	unsignedLegacy := errors.Is(cpErr, fs.ErrNotExist) && v.Decisions == v.Legacy
	if err := s.checkCheckpoints(&v, cps, cpErr, heads); err != nil && !unsignedLegacy {
		return dossier.Checkpoint{}, err
	}
	if v.Decisions == 0 {
		return dossier.Checkpoint{}, errors.New("checkpoint: the log has no decisions to sign")
	}
	keys, err := checkpoint.OpenKeys(s.KeyDir)
	if err != nil {
		return dossier.Checkpoint{}, err
	}
	var hash, mac string
	if err := s.db.db.QueryRowContext(ctx, `SELECT hash, mac FROM decisions WHERE id = ?`, v.Decisions).Scan(&hash, &mac); err != nil {
		return dossier.Checkpoint{}, fmt.Errorf("checkpoint: %w", err)
	}
	c := keys.Sign(int64(v.Decisions), link(hash, mac), s.db.Now())
	return c, s.appendCheckpoint(ctx, keys, c)
}
