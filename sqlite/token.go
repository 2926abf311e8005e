package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"dossier"
)

var _ dossier.TokenService = (*TokenService)(nil)

// TokenService stores the HTTP server's API tokens, hashed.
type TokenService struct {
	db *DB
}

// NewTokenService returns a TokenService backed by db.
func NewTokenService(db *DB) *TokenService { return &TokenService{db: db} }

// CreateToken issues a new token and returns it with its secret.
func (s *TokenService) CreateToken(ctx context.Context, name, scope string) (*dossier.Token, string, error) {
	if err := dossier.ValidTokenName(name); err != nil {
		return nil, "", err
	}
	if !dossier.ValidScope(scope) {
		return nil, "", fmt.Errorf("token scope %q: want read or write: %w", scope, dossier.ErrInvalid)
	}
	secret, err := dossier.NewTokenSecret()
	if err != nil {
		return nil, "", fmt.Errorf("create token: %w", err)
	}
	t := &dossier.Token{Name: name, Scope: scope, Hint: secret[:len(dossier.TokenPrefix)+4],
		Created: s.db.Now().UTC().Truncate(time.Second)}
	tx, err := s.db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, "", err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM api_tokens WHERE name = ? AND revoked IS NULL`, name).Scan(&n); err != nil {
		return nil, "", err
	}
	if n > 0 {
		return nil, "", fmt.Errorf("token %q exists already (revoke it first): %w", name, dossier.ErrInvalid)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (name, scope, hash, hint, created) VALUES (?, ?, ?, ?, ?)`,
		name, scope, dossier.HashToken(secret), t.Hint, t.Created.Format(time.RFC3339))
	if err != nil {
		return nil, "", fmt.Errorf("create token %q: %w", name, err)
	}
	if t.ID, err = res.LastInsertId(); err != nil {
		return nil, "", err
	}
	if err := tx.Commit(); err != nil {
		return nil, "", fmt.Errorf("create token %q: %w", name, err)
	}
	return t, secret, nil
}

const tokenColumns = `id, name, scope, hint, created, revoked`

func scanToken(row interface{ Scan(...any) error }) (*dossier.Token, error) {
	var (
		t       dossier.Token
		created string
		revoked sql.NullString
	)
	if err := row.Scan(&t.ID, &t.Name, &t.Scope, &t.Hint, &created, &revoked); err != nil {
		return nil, err
	}
	t.Created, _ = time.Parse(time.RFC3339, created)
	if revoked.Valid {
		t.Revoked, _ = time.Parse(time.RFC3339, revoked.String)
	}
	return &t, nil
}

// FindTokenBySecret returns the token whose secret hashes to the stored
// hash.
func (s *TokenService) FindTokenBySecret(ctx context.Context, secret string) (*dossier.Token, error) {
	t, err := scanToken(s.db.db.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE hash = ?`,
		dossier.HashToken(secret)))
	if errNoRows(err) {
		return nil, fmt.Errorf("token: %w", dossier.ErrNotFound)
	} else if err != nil {
		return nil, fmt.Errorf("find token: %w", err)
	}
	if !t.Revoked.IsZero() {
		return t, fmt.Errorf("token %q: %w", t.Name, dossier.ErrRevoked)
	}
	return t, nil
}

// FindTokens returns every token, oldest first.
func (s *TokenService) FindTokens(ctx context.Context) ([]*dossier.Token, error) {
	rows, err := s.db.db.QueryContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("find tokens: %w", err)
	}
	defer rows.Close()
	var out []*dossier.Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes the valid token with the given name, or with the
// given ID if nameOrID is a number.
func (s *TokenService) RevokeToken(ctx context.Context, nameOrID string) (*dossier.Token, error) {
	where, arg := `name = ?`, any(nameOrID)
	if id, err := strconv.ParseInt(nameOrID, 10, 64); err == nil {
		where, arg = `id = ?`, id
	}
	tx, err := s.db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	t, err := scanToken(tx.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE `+where+` AND revoked IS NULL`, arg))
	if errNoRows(err) {
		return nil, fmt.Errorf("token %q: no valid token by that name or ID: %w", nameOrID, dossier.ErrNotFound)
	} else if err != nil {
		return nil, fmt.Errorf("revoke token %q: %w", nameOrID, err)
	}
	t.Revoked = s.db.Now().UTC().Truncate(time.Second)
	if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked = ? WHERE id = ?`, t.Revoked.Format(time.RFC3339), t.ID); err != nil {
		return nil, fmt.Errorf("revoke token %q: %w", nameOrID, err)
	}
	return t, tx.Commit()
}
