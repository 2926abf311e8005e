package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"dossier"
	"dossier/internal/decisionlog"
)

var _ dossier.DecisionService = (*DecisionService)(nil)

// DecisionService keeps the decisions audit log. It only ever inserts,
// and the schema's triggers refuse any UPDATE, DELETE or TRUNCATE of
// decisions, and any insert that does not extend the hash chain.
//
// Triggers only stop honest mistakes: whoever owns the database can drop
// them. So, as in the SQLite store (package internal/decisionlog does the
// work for both), each decision also carries a MAC chained from the one
// before under a key kept outside the database (KeyDir), and after each
// decision a signed checkpoint of the log's length and head is appended
// to CheckpointPath. VerifyDecisions recomputes both chains and checks
// them against every checkpoint, so a row rewritten (even with its
// SHA-256 recomputed), deleted from the end, or a database restored from
// an older dump is reported.
//
// Several processes may log decisions into one database; they must share
// the key directory and the checkpoint file (one host, or a shared
// volume), or each would sign a log it cannot verify.
type DecisionService struct {
	db *DB

	// KeyDir holds the HMAC key and the ed25519 key pair, created with
	// mode 0700/0600 by the first decision. Unlike a SQLite file, a
	// database on a server has no place beside it: set KeyDir and
	// CheckpointPath before logging decisions.
	KeyDir string
	// CheckpointPath is the append-only file of signed checkpoints.
	CheckpointPath string
	// OnCheckpoint, when set, is called with each checkpoint appended,
	// for example to post it to a webhook as an outside witness.
	OnCheckpoint func(ctx context.Context, c dossier.Checkpoint)
}

// NewDecisionService returns a DecisionService backed by db; set KeyDir
// and CheckpointPath before use.
func NewDecisionService(db *DB) *DecisionService { return &DecisionService{db: db} }

// log is the store-independent half of the audit log, set from s.
func (s *DecisionService) log() *decisionlog.Log {
	return &decisionlog.Log{KeyDir: s.KeyDir, CheckpointPath: s.CheckpointPath, OnCheckpoint: s.OnCheckpoint, Now: s.db.Now}
}

// CreateDecision appends d to the log and then a signed checkpoint to
// the checkpoint file. The keys are created on first use. Writers take
// turns on a table lock that readers do not wait for, so each reads the
// head the one before it committed.
func (s *DecisionService) CreateDecision(ctx context.Context, d *dossier.Decision) error {
	if err := d.Validate(); err != nil {
		return err
	}
	log := s.log()
	keys, err := log.Keys()
	if err != nil {
		return fmt.Errorf("create decision: %w", err)
	}
	tx, err := s.db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("create decision: %w", err)
	}
	defer tx.Rollback(ctx)
	// SHARE ROW EXCLUSIVE conflicts with itself and with writes, not
	// with SELECT.
	if _, err := tx.Exec(ctx, `LOCK TABLE decisions IN SHARE ROW EXCLUSIVE MODE`); err != nil {
		return fmt.Errorf("create decision: %w", err)
	}
	var lastID int64
	var lastHash, lastMAC string
	err = tx.QueryRow(ctx, `SELECT id, hash, mac FROM decisions ORDER BY id DESC LIMIT 1`).Scan(&lastID, &lastHash, &lastMAC)
	if err != nil && !isNoRows(err) {
		return fmt.Errorf("create decision: %w", err)
	}
	if d.Created.IsZero() {
		d.Created = s.db.Now()
	}
	decisionlog.Seal(keys, d, lastID, lastHash, lastMAC)
	if _, err := tx.Exec(ctx, `INSERT INTO decisions (id, subject_key, watch_id, subject_name, list_entity_id,
			document_id, doc_entity_id, target, verdict, author, note, created, prev_hash, hash, mac)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		d.ID, d.SubjectKey, d.WatchID, d.SubjectName, d.ListEntityID, d.DocumentID, d.DocEntityID, d.Target(),
		d.Verdict, d.Author, d.Note, decisionlog.CreatedText(d.Created), d.PrevHash, d.Hash, d.MAC); err != nil {
		return fmt.Errorf("create decision: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("create decision: %w", err)
	}
	return log.Signed(ctx, keys, d)
}

const decisionColumns = `id, subject_key, watch_id, subject_name, list_entity_id, document_id, doc_entity_id,
	verdict, author, note, created, prev_hash, hash, mac`

func scanDecision(row pgx.Row) (*dossier.Decision, error) {
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
	d, err := scanDecision(s.db.pool.QueryRow(ctx, `SELECT `+decisionColumns+` FROM decisions WHERE id = $1`, id))
	if isNoRows(err) {
		return nil, fmt.Errorf("decision %d: %w", id, dossier.ErrNotFound)
	} else if err != nil {
		return nil, fmt.Errorf("find decision %d: %w", id, err)
	}
	return d, nil
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
	if err := s.db.pool.QueryRow(ctx, `SELECT count(*) FROM decisions`+w.sql(), w.args...).Scan(&n); err != nil {
		return nil, 0, fmt.Errorf("find decisions: %w", err)
	}
	out, err := s.query(ctx, `SELECT `+decisionColumns+` FROM decisions`+w.sql()+` ORDER BY id`+
		monPage(f.Offset, f.Limit), w.args...)
	return out, n, err
}

func (s *DecisionService) query(ctx context.Context, q string, args ...any) ([]*dossier.Decision, error) {
	rows, err := s.db.pool.Query(ctx, q, args...)
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
	ds, err := s.query(ctx, `SELECT DISTINCT ON (target) `+decisionColumns+` FROM decisions WHERE subject_key = $1
		ORDER BY target, id DESC`, subjectKey)
	if err != nil {
		return nil, err
	}
	return decisionlog.ByTarget(ds), nil
}

// FindSuppressed returns the targets whose effective decision for the
// subject is false_positive.
func (s *DecisionService) FindSuppressed(ctx context.Context, subjectKey string) (map[string]bool, error) {
	eff, err := s.FindEffectiveDecisions(ctx, subjectKey)
	if err != nil {
		return nil, err
	}
	return decisionlog.Suppressed(eff), nil
}

// VerifyDecisions checks the whole log (see Verify) and returns how many
// decisions it checked, or a *dossier.ChainError at the first problem.
func (s *DecisionService) VerifyDecisions(ctx context.Context) (int, error) {
	r, err := s.Verify(ctx)
	return r.Decisions, err
}

// Verification is what Verify checked.
type Verification = decisionlog.Verification

// Verify recomputes the log's SHA-256 chain and HMAC chain and checks
// them against every signed checkpoint (see decisionlog.Log.Verify). It
// returns a *dossier.ChainError naming the first problem. Checking needs
// the keys in KeyDir.
func (s *DecisionService) Verify(ctx context.Context) (Verification, error) {
	return s.log().Verify(ctx, s.rows)
}

// Checkpoint verifies the log and appends a checkpoint of its current
// head. It is how a log kept before signed checkpoints gets its first
// one; on a log whose checkpoints verify it only signs the head again.
// A log that does not verify is not signed.
func (s *DecisionService) Checkpoint(ctx context.Context) (dossier.Checkpoint, error) {
	return s.log().Checkpoint(ctx, s.rows)
}

// rows reads the whole log in ID order, with each row's time and target
// as stored, in one snapshot.
func (s *DecisionService) rows(ctx context.Context, fn func(r *decisionlog.Row) error) error {
	rows, err := s.db.pool.Query(ctx, `SELECT `+decisionColumns+`, target FROM decisions ORDER BY id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r decisionlog.Row
		d := &r.Decision
		if err := rows.Scan(&d.ID, &d.SubjectKey, &d.WatchID, &d.SubjectName, &d.ListEntityID, &d.DocumentID,
			&d.DocEntityID, &d.Verdict, &d.Author, &d.Note, &r.CreatedText, &d.PrevHash, &d.Hash, &d.MAC, &r.Target); err != nil {
			return err
		}
		d.Created = monParseTime(r.CreatedText)
		if err := fn(&r); err != nil {
			return err
		}
	}
	return rows.Err()
}
