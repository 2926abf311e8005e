package sqlite

import (
	"context"
	"fmt"

	"dossier"
)

var _ dossier.DecisionService = (*DecisionService)(nil)

// DecisionService keeps the decisions audit log. It only ever inserts:
// there is no UPDATE or DELETE of decisions in this code, and the
// schema's triggers refuse both, and any insert that does not extend
// the hash chain.
type DecisionService struct {
	db *DB
}

// NewDecisionService returns a DecisionService backed by db.
func NewDecisionService(db *DB) *DecisionService { return &DecisionService{db: db} }

// CreateDecision appends d to the log.
func (s *DecisionService) CreateDecision(ctx context.Context, d *dossier.Decision) error {
	if err := d.Validate(); err != nil {
		return err
	}
	tx, err := s.db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var lastID int64
	var lastHash string
	err = tx.QueryRowContext(ctx, `SELECT id, hash FROM decisions ORDER BY id DESC LIMIT 1`).Scan(&lastID, &lastHash)
	if err != nil && !errNoRows(err) {
		return fmt.Errorf("create decision: %w", err)
	}
	if d.Created.IsZero() {
		d.Created = s.db.Now()
	}
	d.Created = d.Created.UTC()
	d.ID, d.PrevHash = lastID+1, lastHash
	d.Hash = dossier.ChainHash(d.PrevHash, d)
	if _, err := tx.ExecContext(ctx, `INSERT INTO decisions (id, subject_key, watch_id, subject_name, list_entity_id,
			document_id, doc_entity_id, target, verdict, author, note, created, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ID, d.SubjectKey, d.WatchID, d.SubjectName, d.ListEntityID, d.DocumentID, d.DocEntityID, d.Target(),
		d.Verdict, d.Author, d.Note, monTime(d.Created), d.PrevHash, d.Hash); err != nil {
		return fmt.Errorf("create decision: %w", err)
	}
	return tx.Commit()
}

const decisionColumns = `id, subject_key, watch_id, subject_name, list_entity_id, document_id, doc_entity_id,
	verdict, author, note, created, prev_hash, hash`

func scanDecision(row interface{ Scan(...any) error }) (*dossier.Decision, error) {
	var d dossier.Decision
	var created string
	if err := row.Scan(&d.ID, &d.SubjectKey, &d.WatchID, &d.SubjectName, &d.ListEntityID, &d.DocumentID,
		&d.DocEntityID, &d.Verdict, &d.Author, &d.Note, &created, &d.PrevHash, &d.Hash); err != nil {
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

// VerifyDecisions recomputes the hash chain.
func (s *DecisionService) VerifyDecisions(ctx context.Context) (int, error) {
	rows, err := s.db.db.QueryContext(ctx, `SELECT `+decisionColumns+`, target FROM decisions ORDER BY id`)
	if err != nil {
		return 0, fmt.Errorf("verify decisions: %w", err)
	}
	defer rows.Close()
	var (
		n    int
		prev string
	)
	for rows.Next() {
		var d dossier.Decision
		var created, target string
		if err := rows.Scan(&d.ID, &d.SubjectKey, &d.WatchID, &d.SubjectName, &d.ListEntityID, &d.DocumentID,
			&d.DocEntityID, &d.Verdict, &d.Author, &d.Note, &created, &d.PrevHash, &d.Hash, &target); err != nil {
			return n, err
		}
		d.Created = monParseTime(created)
		n++
		switch {
		case d.ID != int64(n):
			return n - 1, &dossier.ChainError{ID: d.ID, Reason: fmt.Sprintf("expected decision %d here: rows missing", n)}
		case d.PrevHash != prev:
			return n - 1, &dossier.ChainError{ID: d.ID, Reason: "previous hash does not match the decision before it"}
		case monTime(d.Created) != created:
			return n - 1, &dossier.ChainError{ID: d.ID, Reason: "created time is not in the hashed form"}
		case target != d.Target():
			return n - 1, &dossier.ChainError{ID: d.ID, Reason: "target does not match the decision's hit"}
		case dossier.ChainHash(prev, &d) != d.Hash:
			return n - 1, &dossier.ChainError{ID: d.ID, Reason: "content does not match its hash"}
		}
		prev = d.Hash
	}
	return n, rows.Err()
}
